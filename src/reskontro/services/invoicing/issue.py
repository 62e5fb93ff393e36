"""Create and issue one invoice in the caller's transaction, and ask for its delivery.

Bulk and recurring runs use this so that the invoice, its number, its claim (the bulk
item or the recurring period) and its delivery request commit together or not at all:
a crash anywhere leaves no draft behind and no number used.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from reskontro.domain.delivery import DeliveryMethod, PostalAddress, SendFacts, refusal
from reskontro.domain.invoice import InvoiceKind, InvoiceStatus, due_date
from reskontro.errors import Conflict, StateError, ValidationError
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.invoicing.base import Base
from reskontro.services.invoicing.codes import InvoicingError, IssueRefusal
from reskontro.services.invoicing.drafts import add_lines, write_draft
from reskontro.services.invoicing.numbering import INVOICE_SERIES, take_number
from reskontro.services.invoicing.views import invoice_view, refresh_status
from reskontro.storage.models import Customer, Invoice, NumberSeries
from reskontro.storage.repo import template_of

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session

    from reskontro.clock import Clock
    from reskontro.domain.invoice import LineDraft
    from reskontro.services.invoicing.drafts import DraftFields
    from reskontro.services.invoicing.views import InvoiceView
    from reskontro.storage.models import Company


@dataclass(frozen=True, slots=True)
class Issued:
    """One invoice issued, and the method its delivery was queued by (if any)."""

    invoice_id: int
    number: int
    total_ore: int
    delivery: DeliveryMethod | None
    #: A delivery was asked for and refused (no address, a rule): the invoice is
    #: issued, its delivery page says why.
    delivery_refused: bool = False


def issue_refusal(company: Company, customer: Customer, lines: list[LineDraft]) -> Message | None:
    """The first rule that forbids invoicing ``customer`` these lines, or None."""
    if not lines:
        return Message.of(IssueRefusal.NO_LINES)
    if customer.is_placeholder:
        return Message.of(IssueRefusal.PLACEHOLDER, customer=customer.number)
    for line in lines:
        if line.vat_code.carries_vat and not company.vat_registered:
            return Message.of(IssueRefusal.NOT_VAT_REGISTERED, vat=str(line.vat_code.percent))
    return None


def send_refusal(customer: Customer, method: DeliveryMethod, today: dt.date) -> Message | None:
    """Whether the customer's method could send an invoice issued today (the delivery
    rules, as the delivery flow checks them on issue)."""
    facts = SendFacts(
        method=method,
        issued=True,
        email=customer.invoice_email or customer.email,
        peppol_id=customer.peppol_id,
        peppol_can_receive=customer.peppol_can_receive,
        address=PostalAddress(customer.street, customer.postcode, customer.city, customer.country),
        currency="NOK",
        due_date=None,
        send_date=today,
    )
    refused = refusal(facts)
    if refused is None:
        return None
    return Message.of(refused.code, **dict(refused.params))


def lock_numbers(session: Session, company_id: int) -> None:
    """Take the invoice number series' lock first: from here on this transaction is the
    only one issuing for the company, so its claims never wait on another's (no
    deadlock between two runs on PostgreSQL; SQLite holds the write lock already)."""
    session.execute(
        select(NumberSeries.next_value)
        .where(NumberSeries.company_id == company_id, NumberSeries.kind == INVOICE_SERIES)
        .with_for_update()
    )


def _request_delivery() -> Any:
    """The delivery flow's ``request`` (``services.delivery.send``), or None while that
    flow is not on this branch: the invoice is then issued and waits for a manual send."""
    try:
        module = importlib.import_module("reskontro.services.delivery.send")
    except ModuleNotFoundError:
        return None
    return getattr(module, "request", None)


def create_and_issue(
    session: Session,
    company: Company,
    customer: Customer,
    lines: list[LineDraft],
    *,
    issue_date: dt.date,
    terms_days: int | None,
    send: bool,
    clock: Clock,
    actor: str,
) -> Issued:
    """A draft written, numbered and issued at once; delivery queued when ``send``."""
    now = clock.now()
    invoice = Invoice(
        company_id=company.id,
        customer_id=customer.id,
        kind=InvoiceKind.INVOICE.value,
        status=InvoiceStatus.DRAFT.value,
        terms_days=terms_days,
        due_date=None,
        created_at=now,
    )
    session.add(invoice)
    session.flush()
    add_lines(session, invoice, company, lines)
    issue_audited(
        session, company, customer, invoice, issue_date, now=now, actor=actor, lines=False
    )
    method: DeliveryMethod | None = None
    refused = False
    request = _request_delivery() if send else None
    if request is not None:
        delivery = request(
            session, invoice, customer, None, today=clock.today(), now=now, actor=actor
        )
        refused = delivery.state == "refused"
        if not refused:
            method = DeliveryMethod(delivery.method)
    assert invoice.number is not None
    return Issued(invoice.id, invoice.number, invoice.total_ore, method, refused)


def deliver_on_issue(
    session: Session,
    company: Company,
    invoice: Invoice,
    clock: Clock,
    actor: str,
    send_by: DeliveryMethod | None = None,
    save_on_card: bool = False,
) -> None:
    """Queue the issued document's delivery (the delivery flow decides whether)."""
    from reskontro.services.delivery import send

    send.on_issue(
        session, company, invoice, clock=clock, actor=actor, method=send_by, save=save_on_card
    )


def issue_draft(
    session: Session,
    company: Company,
    customer: Customer,
    invoice: Invoice,
    issue_date: dt.date,
    now: dt.datetime,
) -> None:
    """Number, date and KID a draft in the caller's transaction: frozen from here on."""
    if invoice.due_date is not None and invoice.due_date < issue_date:
        raise ValidationError(
            Message.of(InvoicingError.DUE_BEFORE_ISSUE, due=invoice.due_date, issue=issue_date),
            field="date",
        )
    terms = invoice.terms_days if invoice.terms_days is not None else company.payment_terms_days
    invoice.invoice_date = issue_date
    if invoice.kind == InvoiceKind.CREDIT_NOTE.value:
        invoice.due_date = issue_date
    elif invoice.due_date is None:
        invoice.due_date = due_date(issue_date, terms_days=terms)
    # Lock the counter row first: from here on this transaction is the only one
    # numbering invoices for the company until it commits or rolls back.
    number = take_number(session, company.id, INVOICE_SERIES)
    invoice.number = number
    invoice.issued_at = now
    if company.kid_enabled and invoice.kind == InvoiceKind.INVOICE.value:
        template = template_of(company)
        invoice.kid = template.make(customer.number, number)
        invoice.kid_template = template.text
        invoice.kid_modulus = int(template.modulus)
    refresh_status(invoice)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(
            Message.of(InvoicingError.NUMBER_TAKEN, number=number, kid=invoice.kid)
        ) from None


def issue_audited(
    session: Session,
    company: Company,
    customer: Customer,
    invoice: Invoice,
    issue_date: dt.date,
    *,
    now: dt.datetime,
    actor: str,
    lines: bool = True,
) -> InvoiceView:
    """:func:`issue_draft`, and the issued invoice's view (with its ``lines`` or not)
    recorded in the audit log."""
    issue_draft(session, company, customer, invoice, issue_date, now)
    view = invoice_view(invoice, customer, lines=lines)
    audit.record(
        session,
        at=now,
        actor=actor,
        action="invoice.issue",
        object_type="invoice",
        object_id=invoice.id,
        company_id=company.id,
        after=view,
    )
    return view


class Issuing(Base):
    """Issue a draft."""

    def issue_invoice(
        self,
        company_id: int,
        invoice_id: int,
        *,
        issue_date: dt.date | None = None,
        actor: str,
        send_by: DeliveryMethod | None = None,
        save_on_card: bool = False,
    ) -> InvoiceView:
        """Issue a draft: next number of the gapless series, a KID, and frozen for good.
        ``send_by`` sends this invoice by another method than the card's ("kan motta
        eFaktura" at invoicing); ``save_on_card`` puts an eFaktura the register says
        yes to on the customer card. Sent on issue as eFaktura, an invoice that breaks
        one of MPS' rules is not issued (:class:`ValidationError` naming the rule)."""
        now = self.clock.now()
        with self.sessions.begin() as session:
            invoice = self._invoice(session, company_id, invoice_id)
            if invoice.number is not None:
                raise StateError(
                    Message.of(
                        InvoicingError.ALREADY_ISSUED, invoice_id=invoice_id, number=invoice.number
                    )
                )
            company = self._company(session, company_id)
            customer = session.get_one(Customer, invoice.customer_id)
            return self._issue_in(
                session, company, customer, invoice, issue_date, now, actor, send_by, save_on_card
            )

    def create_and_issue_invoice(
        self,
        company_id: int,
        draft: DraftFields,
        *,
        issue_date: dt.date | None = None,
        actor: str,
        send_by: DeliveryMethod | None = None,
        save_on_card: bool = False,
    ) -> InvoiceView:
        """Write a draft and issue it in one transaction: if the issue fails (a due date
        before the issue date, a KID that does not fit, one of MPS' rules when
        ``send_by`` is eFaktura), no draft is left behind. ``send_by``/``save_on_card``
        as for :meth:`issue_invoice` ("Send som eFaktura", "Lagre på kundekortet")."""
        draft.check()
        now = self.clock.now()
        with self.sessions.begin() as session:
            invoice, customer = write_draft(session, company_id, draft, now=now, actor=actor)
            company = self._company(session, company_id)
            return self._issue_in(
                session, company, customer, invoice, issue_date, now, actor, send_by, save_on_card
            )

    def _issue_in(
        self,
        session: Session,
        company: Company,
        customer: Customer,
        invoice: Invoice,
        issue_date: dt.date | None,
        now: dt.datetime,
        actor: str,
        send_by: DeliveryMethod | None = None,
        save_on_card: bool = False,
    ) -> InvoiceView:
        # The date given at issue, else the draft's own (``invoice create --date``),
        # else today.
        day = issue_date or invoice.invoice_date or self.clock.today()
        view = issue_audited(session, company, customer, invoice, day, now=now, actor=actor)
        if send_by is DeliveryMethod.EFAKTURA and company.send_on_issue:
            from reskontro.services.invoicing.efaktura_choice import check_chosen

            check_chosen(company, invoice, self.clock.today())  # raises: all rolls back
        deliver_on_issue(session, company, invoice, self.clock, actor, send_by, save_on_card)
        return view


__all__ = [
    "Issued",
    "Issuing",
    "create_and_issue",
    "deliver_on_issue",
    "issue_draft",
    "issue_refusal",
    "lock_numbers",
    "send_refusal",
]
