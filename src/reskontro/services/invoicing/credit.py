"""Credit notes: the whole invoice or some of its lines taken back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain.invoice import (
    CreditableLine,
    InvoiceKind,
    InvoiceStatus,
    LineDraft,
    credit_amounts,
    plan_credit,
)
from reskontro.domain.vat import VatCode, VatLine, VatRounding
from reskontro.errors import StateError, ValidationError
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.invoicing.base import Base
from reskontro.services.invoicing.codes import InvoicingError
from reskontro.services.invoicing.drafts import add_lines
from reskontro.services.invoicing.issue import deliver_on_issue, issue_draft
from reskontro.services.invoicing.views import invoice_view, open_of, refresh_status
from reskontro.storage.models import (
    CreditAllocation,
    Customer,
    Invoice,
    InvoiceLine,
    InvoiceVat,
)

if TYPE_CHECKING:
    import datetime as dt

    from reskontro.services.invoicing.views import InvoiceView


class Credits(Base):
    """Credit notes."""

    def credit_invoice(
        self,
        company_id: int,
        invoice_id: int,
        *,
        lines: tuple[tuple[int, int], ...] | None = None,
        issue_date: dt.date | None = None,
        reason: str | None = None,
        actor: str,
    ) -> InvoiceView:
        """Issue a credit note for the whole invoice or for ``(line, quantity)`` pairs.

        The credit note references the original, never credits more than was invoiced,
        and closes what it can of the original's open amount at once; what is left
        (e.g. the invoice was already paid) stays on the ledger as the customer's credit.
        """
        now = self.clock.now()
        with self.sessions.begin() as session:
            original = self._invoice(session, company_id, invoice_id, for_update=True)
            if original.kind != InvoiceKind.INVOICE.value:
                raise StateError(Message.of(InvoicingError.CREDIT_OF_CREDIT_NOTE))
            if original.number is None:
                raise StateError(Message.of(InvoicingError.CREDIT_OF_DRAFT))
            company = self._company(session, company_id)
            customer = session.get_one(Customer, original.customer_id)
            prior_lines = session.execute(
                select(InvoiceLine.credits_line_id, InvoiceLine.quantity_milli, InvoiceLine.net_ore)
                .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
                .where(Invoice.credits_invoice_id == original.id)
            ).all()
            credited_qty: dict[int, int] = {}
            credited_net: dict[int, int] = {}
            for line_id, quantity, net in prior_lines:
                credited_qty[line_id] = credited_qty.get(line_id, 0) - quantity
                credited_net[line_id] = credited_net.get(line_id, 0) - net
            credited_vat: dict[VatCode, int] = {}
            for code, vat in session.execute(
                select(InvoiceVat.vat_code, InvoiceVat.vat_ore)
                .join(Invoice, Invoice.id == InvoiceVat.invoice_id)
                .where(Invoice.credits_invoice_id == original.id)
            ):
                credited_vat[VatCode(code)] = credited_vat.get(VatCode(code), 0) - vat
            invoice_vat = tuple(
                VatLine(VatCode(v.vat_code), v.net_ore, v.vat_ore)
                for v in session.scalars(
                    select(InvoiceVat).where(InvoiceVat.invoice_id == original.id)
                )
            )
            creditable = tuple(
                CreditableLine(
                    line_id=line.id,
                    position=line.position,
                    description=line.description,
                    quantity_milli=line.quantity_milli,
                    unit_price_ore=line.unit_price_ore,
                    vat_code=VatCode(line.vat_code),
                    credited_quantity_milli=credited_qty.get(line.id, 0),
                    net_ore=line.net_ore,
                    credited_net_ore=credited_net.get(line.id, 0),
                )
                for line in original.lines
            )
            plan = plan_credit(creditable, lines)
            note = Invoice(
                company_id=company_id,
                customer_id=customer.id,
                kind=InvoiceKind.CREDIT_NOTE.value,
                status=InvoiceStatus.DRAFT.value,
                credits_invoice_id=original.id,
                our_reference=reason,
                your_reference=original.your_reference,
                currency=original.currency,
                exchange_rate_micro=original.exchange_rate_micro,
                created_at=now,
            )
            session.add(note)
            session.flush()
            drafts = [
                LineDraft(
                    description=line.description,
                    quantity_milli=-quantity,
                    unit_price_ore=line.unit_price_ore,
                    vat_code=line.vat_code,
                )
                for line, quantity in plan
            ]
            nets, totals = credit_amounts(
                creditable, plan, invoice_vat, credited_vat, VatRounding(company.vat_rounding)
            )
            add_lines(
                session, note, company, drafts, [line.line_id for line, _ in plan], nets, totals
            )
            remaining = original.total_ore - original.credited_ore
            if -note.total_ore > remaining:
                raise ValidationError(
                    Message.of(
                        InvoicingError.CREDIT_MORE_THAN_LEFT,
                        amount_ore=-note.total_ore,
                        remaining_ore=remaining,
                        invoice=original.number,
                    )
                )
            issue_draft(session, company, customer, note, issue_date or self.clock.today(), now)
            amount = min(open_of(original), -note.total_ore)
            if amount > 0:
                session.add(
                    CreditAllocation(
                        company_id=company_id,
                        invoice_id=original.id,
                        credit_note_id=note.id,
                        amount_ore=amount,
                        created_at=now,
                        actor=actor,
                    )
                )
                note.settled_ore -= amount
                original.settled_ore += amount
            # credited_ore counts what credit notes took back, whether or not it closed
            # an open amount (if the invoice was paid, the credit is the customer's).
            original.credited_ore += -note.total_ore
            refresh_status(original)
            refresh_status(note)
            session.flush()
            view = invoice_view(note, customer)
            audit.record(
                session,
                at=now,
                actor=actor,
                action="invoice.credit",
                object_type="invoice",
                object_id=original.id,
                company_id=company_id,
                after={
                    "credit_note_id": note.id,
                    "number": note.number,
                    "total_ore": note.total_ore,
                },
            )
            deliver_on_issue(session, company, note, self.clock, actor)
            return view
