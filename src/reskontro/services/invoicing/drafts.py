"""Draft invoices: written, changed and deleted (an issued invoice never is)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete

from reskontro.domain.currency import NOK, check_invoice_currency
from reskontro.domain.invoice import (
    InvoiceError,
    InvoiceKind,
    InvoiceStatus,
    due_date,
)
from reskontro.domain.vat import VatRounding, compute_totals, line_net
from reskontro.errors import StateError, ValidationError
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.invoicing.base import Base
from reskontro.services.invoicing.codes import InvoicingError, IssueRefusal
from reskontro.services.invoicing.views import invoice_view
from reskontro.storage import repo
from reskontro.storage.models import (
    Customer,
    Invoice,
    InvoiceLine,
    InvoiceVat,
)
from reskontro.storage.repo import customer_by_number

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session

    from reskontro.domain.invoice import (
        LineDraft,
    )
    from reskontro.domain.vat import Totals
    from reskontro.services.invoicing.views import InvoiceView
    from reskontro.storage.models import (
        Company,
    )


def check_lines(company: Company, lines: list[LineDraft]) -> None:
    for line in lines:
        if line.vat_code.carries_vat and not company.vat_registered:
            raise ValidationError(
                Message.of(
                    InvoicingError.NOT_VAT_REGISTERED,
                    company=company.name,
                    vat=line.vat_code.percent,
                ),
                field="vat",
            )
        if line.quantity_milli < 0 or line.unit_price_ore < 0:
            raise ValidationError(Message.of(InvoicingError.NEGATIVE_LINE), field="line")


def add_lines(
    session: Session,
    invoice: Invoice,
    company: Company,
    lines: list[LineDraft],
    credits_lines: list[int | None] | None = None,
    nets: tuple[int, ...] | None = None,
    totals: Totals | None = None,
) -> None:
    pairs = []
    for position, line in enumerate(lines, start=1):
        net = nets[position - 1] if nets else line_net(line.quantity_milli, line.unit_price_ore)
        pairs.append((net, line.vat_code))
        session.add(
            InvoiceLine(
                invoice_id=invoice.id,
                position=position,
                description=line.description.strip(),
                quantity_milli=line.quantity_milli,
                unit_price_ore=line.unit_price_ore,
                vat_code=line.vat_code.value,
                net_ore=net,
                credits_line_id=credits_lines[position - 1] if credits_lines else None,
            )
        )
    if totals is None:
        totals = compute_totals(pairs, VatRounding(company.vat_rounding))
    for vat_line in totals.by_code:
        session.add(
            InvoiceVat(
                invoice_id=invoice.id,
                vat_code=vat_line.code.value,
                net_ore=vat_line.net_ore,
                vat_ore=vat_line.vat_ore,
            )
        )
    invoice.net_ore = totals.net_ore
    invoice.vat_ore = totals.vat_ore
    invoice.total_ore = totals.gross_ore


@dataclass(frozen=True, slots=True)
class DraftFields:
    """What a draft is written from."""

    customer_number: int
    lines: list[LineDraft]
    invoice_date: dt.date | None = None
    due: dt.date | None = None
    terms_days: int | None = None
    your_reference: str | None = None
    our_reference: str | None = None
    delivery_date: dt.date | None = None
    #: ISO 4217 (NOK the default); a foreign-currency invoice that carries VAT needs
    #: ``exchange_rate_micro`` (NOK per unit × 1 000 000).
    currency: str = NOK
    exchange_rate_micro: int | None = None

    def check(self) -> None:
        """The checks that need no database."""
        if not self.lines:
            raise ValidationError(Message.of(IssueRefusal.NO_LINES), field="line")
        check_invoice_currency(
            self.currency, self.exchange_rate_micro,
            carries_vat=any(line.vat_code.carries_vat for line in self.lines),
        )  # fmt: skip
        if self.due is not None and self.terms_days is not None:
            raise ValidationError(Message.of(InvoiceError.DUE_OR_TERMS), field="due")
        if self.due is not None and self.invoice_date is not None:
            due_date(self.invoice_date, due=self.due)


def write_draft(
    session: Session, company_id: int, draft: DraftFields, *, now: dt.datetime, actor: str
) -> tuple[Invoice, Customer]:
    """Write and audit a draft in the caller's transaction (checked: :meth:`DraftFields.check`)."""
    company = repo.company(session, company_id)
    customer = customer_by_number(session, company_id, draft.customer_number)
    if customer.is_placeholder:
        raise ValidationError(
            Message.of(IssueRefusal.PLACEHOLDER, customer=customer.name), field="customer"
        )
    check_lines(company, draft.lines)
    invoice = Invoice(
        company_id=company_id,
        customer_id=customer.id,
        kind=InvoiceKind.INVOICE.value,
        status=InvoiceStatus.DRAFT.value,
        invoice_date=draft.invoice_date,
        due_date=draft.due,
        terms_days=draft.terms_days,
        your_reference=draft.your_reference,
        our_reference=draft.our_reference,
        delivery_date=draft.delivery_date,
        currency=draft.currency,
        exchange_rate_micro=draft.exchange_rate_micro,
        created_at=now,
    )
    session.add(invoice)
    session.flush()
    add_lines(session, invoice, company, draft.lines)
    session.flush()
    session.refresh(invoice)
    audit.record(
        session,
        at=now,
        actor=actor,
        action="invoice.create",
        object_type="invoice",
        object_id=invoice.id,
        company_id=company_id,
        after=invoice_view(invoice, customer),
    )
    return invoice, customer


class Drafts(Base):
    """Write, change and delete draft invoices."""

    def create_invoice(
        self,
        company_id: int,
        *,
        customer_number: int,
        lines: list[LineDraft],
        invoice_date: dt.date | None = None,
        due: dt.date | None = None,
        terms_days: int | None = None,
        your_reference: str | None = None,
        our_reference: str | None = None,
        delivery_date: dt.date | None = None,
        currency: str = NOK,
        exchange_rate_micro: int | None = None,
        actor: str,
    ) -> InvoiceView:
        """Write a draft invoice. Drafts may be changed or deleted; issued ones never.

        ``currency`` is an ISO 4217 code (NOK the default); a foreign-currency invoice
        that carries VAT needs ``exchange_rate_micro`` (NOK per unit × 1 000 000)."""
        draft = DraftFields(
            customer_number, lines, invoice_date, due, terms_days, your_reference,
            our_reference, delivery_date, currency, exchange_rate_micro,
        )  # fmt: skip
        draft.check()
        now = self.clock.now()
        with self.sessions.begin() as session:
            invoice, customer = write_draft(session, company_id, draft, now=now, actor=actor)
            return invoice_view(invoice, customer)

    def update_draft(
        self,
        company_id: int,
        invoice_id: int,
        *,
        customer_number: int,
        lines: list[LineDraft],
        due: dt.date | None = None,
        your_reference: str | None = None,
        currency: str = NOK,
        exchange_rate_micro: int | None = None,
        actor: str,
    ) -> InvoiceView:
        """Change a draft's customer, lines, due date, reference and currency (issued:
        never)."""
        if not lines:
            raise ValidationError(Message.of(IssueRefusal.NO_LINES), field="line")
        check_invoice_currency(
            currency, exchange_rate_micro,
            carries_vat=any(line.vat_code.carries_vat for line in lines),
        )  # fmt: skip
        now = self.clock.now()
        with self.sessions.begin() as session:
            invoice = self._invoice(session, company_id, invoice_id)
            if invoice.number is not None:
                raise StateError(
                    Message.of(InvoicingError.ISSUED_NOT_CHANGED, invoice=invoice.number)
                )
            company = self._company(session, company_id)
            customer = self._customer_by_number(session, company_id, customer_number)
            if customer.is_placeholder:
                raise ValidationError(
                    Message.of(IssueRefusal.PLACEHOLDER, customer=customer.name), field="customer"
                )
            check_lines(company, lines)
            before = invoice_view(invoice, session.get_one(Customer, invoice.customer_id))
            for line in invoice.lines:
                session.delete(line)
            session.execute(delete(InvoiceVat).where(InvoiceVat.invoice_id == invoice.id))
            session.flush()
            invoice.customer_id = customer.id
            invoice.due_date = due
            invoice.your_reference = your_reference
            invoice.currency, invoice.exchange_rate_micro = currency, exchange_rate_micro
            add_lines(session, invoice, company, lines)
            session.flush()
            session.expire(invoice, ["lines"])
            view = invoice_view(invoice, customer)
            audit.record(
                session, at=now, actor=actor, action="invoice.update_draft",
                object_type="invoice", object_id=invoice.id, company_id=company_id,
                before=before, after=view,
            )  # fmt: skip
            return view

    def delete_draft(self, company_id: int, invoice_id: int, *, actor: str) -> None:
        now = self.clock.now()
        with self.sessions.begin() as session:
            invoice = self._invoice(session, company_id, invoice_id)
            if invoice.number is not None:
                raise StateError(
                    Message.of(InvoicingError.ISSUED_NOT_DELETED, invoice=invoice.number)
                )
            for line in invoice.lines:
                session.delete(line)
            session.execute(delete(InvoiceVat).where(InvoiceVat.invoice_id == invoice.id))
            session.delete(invoice)
            audit.record(
                session,
                at=now,
                actor=actor,
                action="invoice.delete_draft",
                object_type="invoice",
                object_id=invoice_id,
                company_id=company_id,
            )
