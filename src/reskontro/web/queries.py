"""Read queries the pages need that the services do not offer: a fast invoice list
with keyset pagination over a million rows, and dashboard totals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from reskontro.errors import ValidationError
from reskontro.services.books import invoice_view
from reskontro.storage.models import AuditEntry, Customer, Invoice, Payment, PaymentAllocation

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

PAGE = 50
OPEN_STATUSES = ("open", "partially_paid")
STATUSES = ("draft", "open", "partially_paid", "paid", "credited")


@dataclass(frozen=True, slots=True)
class InvoiceFilter:
    status: str | None = None
    overdue: bool = False
    customer_number: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str | None = None
    #: Keyset cursor: show invoices with ``id`` below this.
    before: int | None = None


def list_invoices(
    session: Session, company_id: int, f: InvoiceFilter, today: dt.date, limit: int = PAGE
) -> tuple[list[dict[str, Any]], int | None]:
    """One page, newest first, and the cursor of the next page (``None`` at the end)."""
    query = (
        select(Invoice, Customer)
        .join(Customer, Customer.id == Invoice.customer_id)
        .where(Invoice.company_id == company_id)
    )
    if f.status:
        if f.status not in STATUSES:
            raise ValidationError(f"ukjent status {f.status!r}")
        query = query.where(Invoice.status == f.status)
    if f.overdue:
        query = query.where(Invoice.status.in_(OPEN_STATUSES), Invoice.due_date < today)
    if f.customer_number is not None:
        query = query.where(Customer.number == f.customer_number)
    if f.date_from:
        query = query.where(Invoice.invoice_date >= f.date_from)
    if f.date_to:
        query = query.where(Invoice.invoice_date <= f.date_to)
    q = (f.q or "").strip()
    if q:
        if q.isdigit():
            # A KID or an invoice number: both are unique per company (indexed).
            by_kid = select(Invoice.id).where(Invoice.company_id == company_id, Invoice.kid == q)
            by_number = select(Invoice.id).where(
                Invoice.company_id == company_id, Invoice.number == int(q[:18])
            )
            query = query.where(Invoice.id.in_(by_kid.union(by_number)))
        else:
            customers = select(Customer.id).where(
                Customer.company_id == company_id,
                func.lower(Customer.name).contains(q.lower(), autoescape=True),
            )
            query = query.where(Invoice.customer_id.in_(customers))
    if f.before is not None:
        query = query.where(Invoice.id < f.before)
    rows = session.execute(query.order_by(Invoice.id.desc()).limit(limit + 1)).all()
    views = [invoice_view(inv, cust, lines=False) for inv, cust in rows[:limit]]
    for view in views:
        view["overdue"] = (
            view["status"] in OPEN_STATUSES
            and view["due_date"] is not None
            and view["due_date"] < today.isoformat()
        )
    cursor = views[-1]["id"] if len(rows) > limit else None
    return views, cursor


def status_totals(session: Session, company_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Invoice.status, func.count(Invoice.id), func.sum(Invoice.total_ore))
        .where(Invoice.company_id == company_id, Invoice.kind == "invoice")
        .group_by(Invoice.status)
    ).all()
    found = {s: (int(n), int(t or 0)) for s, n, t in rows}
    return [
        {"status": s, "count": found.get(s, (0, 0))[0], "total_ore": found.get(s, (0, 0))[1]}
        for s in STATUSES
    ]


def inbox_count(session: Session, company_id: int) -> int:
    return int(
        session.scalar(
            select(func.count(Payment.id)).where(
                Payment.company_id == company_id, Payment.state == "inbox"
            )
        )
        or 0
    )


def payments_of_invoice(session: Session, company_id: int, invoice_id: int) -> list[dict[str, Any]]:
    """Payments booked against the invoice: by KID on arrival, and by hand later."""
    found = [
        {"id": p.id, "date": p.date, "kid": p.kid, "amount_ore": p.invoice_amount_ore,
         "how": "KID", "payer": p.payer_name}
        for p in session.scalars(
            select(Payment)
            .where(Payment.company_id == company_id, Payment.invoice_id == invoice_id)
            .order_by(Payment.id)
        )
    ]  # fmt: skip
    manual = session.execute(
        select(Payment, PaymentAllocation.amount_ore)
        .join(PaymentAllocation, PaymentAllocation.payment_id == Payment.id)
        .where(PaymentAllocation.company_id == company_id, PaymentAllocation.invoice_id == invoice_id)
        .order_by(PaymentAllocation.id)
    ).all()
    found.extend(
        {"id": p.id, "date": p.date, "kid": p.kid, "amount_ore": amount, "how": "manuelt",
         "payer": p.payer_name}
        for p, amount in manual
    )  # fmt: skip
    return found


def audit_entries(
    session: Session,
    company_id: int,
    *,
    object_type: str | None = None,
    object_id: int | None = None,
    limit: int = 200,
) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.company_id == company_id)
    if object_type is not None:
        query = query.where(AuditEntry.object_type == object_type)
    if object_id is not None:
        query = query.where(AuditEntry.object_id == object_id)
    return list(session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit)))
