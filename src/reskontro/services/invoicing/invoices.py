"""Reading invoices: one invoice, the invoice list, a customer's ledger of open items."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from reskontro.domain import kid as kidlib
from reskontro.domain.currency import NOK
from reskontro.domain.invoice import (
    InvoiceStatus,
)
from reskontro.errors import ValidationError
from reskontro.jsonable import to_jsonable
from reskontro.services.invoicing.base import Base
from reskontro.services.invoicing.views import customer_view, invoice_view, open_of
from reskontro.storage.models import (
    Customer,
    Invoice,
    Payment,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session


class Invoices(Base):
    """One invoice, the invoice list and a customer's open items."""

    def invoice(self, company_id: int, invoice_id: int) -> dict[str, Any]:
        with self.sessions() as session:
            invoice = self._invoice(session, company_id, invoice_id)
            customer = session.get_one(Customer, invoice.customer_id)
            view = invoice_view(invoice, customer)
            notes = session.scalars(
                select(Invoice).where(Invoice.credits_invoice_id == invoice.id).order_by(Invoice.id)
            )
            view["credit_notes"] = [
                {"id": n.id, "number": n.number, "total_ore": n.total_ore} for n in notes
            ]
            view["charges"] = _charges_view(session, invoice)
            if invoice.kid and invoice.kid_template and invoice.kid_modulus:
                decoded = kidlib.KidTemplate.parse(
                    invoice.kid_template, invoice.kid_modulus
                ).decode(invoice.kid)
                view["kid_template"] = invoice.kid_template
                view["kid_decoded"] = {
                    "customer_number": decoded.customer_number,
                    "invoice_number": decoded.invoice_number,
                }
            return view

    def invoices(
        self,
        company_id: int,
        *,
        status: str | None = None,
        customer_number: int | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        with self.sessions() as session:
            query = (
                select(Invoice, Customer)
                .join(Customer, Customer.id == Invoice.customer_id)
                .where(Invoice.company_id == company_id)
            )
            if status is not None:
                try:
                    wanted = InvoiceStatus(status)
                except ValueError:
                    allowed = ", ".join(s.value for s in InvoiceStatus)
                    raise ValidationError(f"--status must be one of {allowed}") from None
                query = query.where(Invoice.status == wanted.value)
            if customer_number is not None:
                query = query.where(Customer.number == customer_number)
            query = query.order_by(Invoice.number.desc().nulls_first(), Invoice.id.desc())
            rows = session.execute(query.limit(limit).offset(offset)).all()
            return [invoice_view(inv, cust, lines=False) for inv, cust in rows]

    def ledger(self, company_id: int, customer_number: int) -> dict[str, Any]:
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
                {
                    "type": "payment",
                    "id": p.id,
                    "number": None,
                    "kid": p.kid,
                    "date": p.date.isoformat(),
                    "due_date": None,
                    "amount_ore": -p.amount_ore,
                    "open_ore": -(p.amount_ore - p.allocated_ore),
                    "message": p.message,
                    "currency": p.currency,
                }
                for p in payments
            )
            # Amounts in different currencies are never added up: the balance is in
            # NOK, and ``balances`` has one per currency the customer has items in.
            balances: dict[str, int] = {NOK: 0}
            for i in items:
                code = str(i["currency"])
                balances[code] = balances.get(code, 0) + int(i["open_ore"] or 0)
            return {
                "customer": customer_view(customer),
                "items": items,
                "balance_ore": balances[NOK],
                "balances": balances,
            }


def _charges_view(session: Session, invoice: Invoice) -> list[dict[str, Any]]:
    """The fees and interest charged on an invoice, as ``invoice show`` lists them."""
    from reskontro.services.payments.charges import ChargeView, charges_of

    if not invoice.charges_ore:
        return []
    return [to_jsonable(ChargeView.of(c)) for c in charges_of(session, [invoice.id])[invoice.id]]


def _ledger_items(session: Session, rows: Sequence[Invoice]) -> list[dict[str, Any]]:
    """A customer's open invoices and credit notes, each invoice followed by the fees
    and interest charged on it that are still open (same KID, same claim)."""
    from reskontro.services.payments.charges import charges_of

    charged = charges_of(session, [inv.id for inv in rows if inv.charges_ore])
    items: list[dict[str, Any]] = []
    for inv in rows:
        if inv.total_ore != inv.settled_ore:
            items.append(
                {
                    "type": inv.kind,
                    "id": inv.id,
                    "number": inv.number,
                    "kid": inv.kid,
                    "date": inv.invoice_date.isoformat() if inv.invoice_date else None,
                    "due_date": inv.due_date.isoformat() if inv.due_date else None,
                    "amount_ore": inv.total_ore,
                    "open_ore": open_of(inv),
                    "currency": inv.currency,
                }
            )
        items.extend(
            {
                "type": c.kind,
                "id": c.id,
                "number": inv.number,
                "kid": inv.kid,
                "date": c.charged_on.isoformat(),
                "due_date": inv.due_date.isoformat() if inv.due_date else None,
                "amount_ore": c.amount_ore,
                "open_ore": c.amount_ore - c.settled_ore,
                "currency": inv.currency,
                "invoice_id": inv.id,
            }
            for c in charged.get(inv.id, [])
            if c.amount_ore != c.settled_ore
        )
    return items
