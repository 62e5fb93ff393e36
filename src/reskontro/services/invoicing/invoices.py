"""Reading invoices: one invoice, the invoice list, a customer's ledger of open items."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from reskontro.domain import kid as kidlib
from reskontro.domain.invoice import (
    InvoiceStatus,
)
from reskontro.errors import ValidationError
from reskontro.services.invoicing.base import Base
from reskontro.services.invoicing.views import customer_view, invoice_view, open_of
from reskontro.storage.models import (
    Customer,
    Invoice,
    Payment,
)


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
                    Invoice.total_ore != Invoice.settled_ore,
                )
                .order_by(Invoice.due_date, Invoice.number)
            ).all()
            items = [
                {
                    "type": inv.kind,
                    "id": inv.id,
                    "number": inv.number,
                    "kid": inv.kid,
                    "date": inv.invoice_date.isoformat() if inv.invoice_date else None,
                    "due_date": inv.due_date.isoformat() if inv.due_date else None,
                    "amount_ore": inv.total_ore,
                    "open_ore": open_of(inv),
                }
                for inv in rows
            ]
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
                }
                for p in payments
            )
            return {
                "customer": customer_view(customer),
                "items": items,
                "balance_ore": sum(i["open_ore"] for i in items),
            }
