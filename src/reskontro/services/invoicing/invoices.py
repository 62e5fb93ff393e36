"""Reading invoices: one invoice, a customer's ledger of open items (the list:
:mod:`.invoice_list`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain import kid as kidlib
from reskontro.domain.currency import NOK
from reskontro.services.invoicing.base import Base
from reskontro.services.invoicing.views import (
    CreditNoteRef,
    DecodedKid,
    InvoiceDetail,
    customer_view,
    invoice_as,
    open_of,
)
from reskontro.storage.models import (
    Customer,
    Invoice,
    Payment,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from reskontro.services.invoicing.views import (
        CustomerRef,
    )
    from reskontro.services.payments.charges import ChargeView


@dataclass(frozen=True, slots=True)
class LedgerItem:
    """An open item: an invoice or credit note (``type`` is its kind), or a payment."""

    type: str
    id: int
    number: int | None
    kid: str | None
    date: dt.date | None
    due_date: dt.date | None
    #: Signed: what the customer owes is positive, a credit negative.
    amount_ore: int
    open_ore: int
    currency: str


@dataclass(frozen=True, slots=True)
class LedgerPayment(LedgerItem):
    """A payment not (wholly) allocated: the customer's credit, with its message."""

    message: str | None


@dataclass(frozen=True, slots=True)
class LedgerCharge(LedgerItem):
    """A fee or interest charged on an invoice, still open (same KID, same claim)."""

    invoice_id: int


@dataclass(frozen=True, slots=True)
class LedgerView:
    """A customer's open items and balance (what they owe less their credit).

    Amounts in different currencies are never added up: ``balance_ore`` is in NOK, and
    ``balances`` has one per currency the customer has items in."""

    customer: CustomerRef
    items: tuple[LedgerItem, ...]
    balance_ore: int
    balances: dict[str, int]


class Invoices(Base):
    """One invoice, the invoice list and a customer's open items."""

    def invoice(self, company_id: int, invoice_id: int) -> InvoiceDetail:
        with self.sessions() as session:
            invoice = self._invoice(session, company_id, invoice_id)
            customer = session.get_one(Customer, invoice.customer_id)
            notes = session.scalars(
                select(Invoice).where(Invoice.credits_invoice_id == invoice.id).order_by(Invoice.id)
            )
            credit_notes = tuple(CreditNoteRef(n.id, n.number, n.total_ore) for n in notes)
            template = decoded = None
            if invoice.kid and invoice.kid_template and invoice.kid_modulus:
                read = kidlib.KidTemplate.parse(invoice.kid_template, invoice.kid_modulus).decode(
                    invoice.kid
                )
                template = invoice.kid_template
                decoded = DecodedKid(read.customer_number, read.invoice_number)
            return invoice_as(
                InvoiceDetail,
                invoice,
                customer,
                lines=True,
                credit_notes=credit_notes,
                charges=_charges_view(session, invoice),
                kid_template=template,
                kid_decoded=decoded,
            )

    def ledger(self, company_id: int, customer_number: int) -> LedgerView:
        """A customer's open items: issued invoices and credit notes not yet closed."""
        with self.sessions() as session:
            customer = self._customer_by_number(session, company_id, customer_number)
            rows = session.scalars(
                select(Invoice)
                .where(
                    Invoice.customer_id == customer.id,
                    Invoice.number.is_not(None),
                    (Invoice.total_ore != Invoice.settled_ore)
                    | (Invoice.charges_ore != Invoice.charges_settled_ore),
                )
                .order_by(Invoice.due_date, Invoice.number)
            ).all()
            items = _ledger_items(session, rows)
            payments = session.scalars(
                select(Payment)
                .where(
                    Payment.company_id == customer.company_id,
                    Payment.customer_id == customer.id,
                    Payment.state == "posted",
                    Payment.amount_ore != Payment.allocated_ore,
                )
                .order_by(Payment.date, Payment.id)
            ).all()
            # A payment not (wholly) allocated is the customer's credit: it counts
            # against what is open, with the sign of a credit.
            items.extend(
                LedgerPayment(
                    type="payment",
                    id=p.id,
                    number=None,
                    kid=p.kid,
                    date=p.date,
                    due_date=None,
                    amount_ore=-p.amount_ore,
                    open_ore=-(p.amount_ore - p.allocated_ore),
                    currency=p.currency,
                    message=p.message,
                )
                for p in payments
            )
            balances: dict[str, int] = {NOK: 0}
            for i in items:
                balances[i.currency] = balances.get(i.currency, 0) + i.open_ore
            return LedgerView(
                customer=customer_view(customer),
                items=tuple(items),
                balance_ore=balances[NOK],
                balances=balances,
            )


def _charges_view(session: Session, invoice: Invoice) -> tuple[ChargeView, ...]:
    """The fees and interest charged on an invoice, as ``invoice show`` lists them."""
    from reskontro.services.payments.charges import ChargeView, charges_of

    if not invoice.charges_ore:
        return ()
    return tuple(ChargeView.of(c) for c in charges_of(session, [invoice.id])[invoice.id])


def _ledger_items(session: Session, rows: Sequence[Invoice]) -> list[LedgerItem]:
    """A customer's open invoices and credit notes, each invoice followed by the fees
    and interest charged on it that are still open (same KID, same claim)."""
    from reskontro.services.payments.charges import charges_of

    charged = charges_of(session, [inv.id for inv in rows if inv.charges_ore])
    items: list[LedgerItem] = []
    for inv in rows:
        if inv.total_ore != inv.settled_ore:
            items.append(
                LedgerItem(
                    type=inv.kind,
                    id=inv.id,
                    number=inv.number,
                    kid=inv.kid,
                    date=inv.invoice_date,
                    due_date=inv.due_date,
                    amount_ore=inv.total_ore,
                    open_ore=open_of(inv),
                    currency=inv.currency,
                )
            )
        items.extend(
            LedgerCharge(
                type=c.kind,
                id=c.id,
                number=inv.number,
                kid=inv.kid,
                date=c.charged_on,
                due_date=inv.due_date,
                amount_ore=c.amount_ore,
                open_ore=c.amount_ore - c.settled_ore,
                currency=inv.currency,
                invoice_id=inv.id,
            )
            for c in charged.get(inv.id, [])
            if c.amount_ore != c.settled_ore
        )
    return items
