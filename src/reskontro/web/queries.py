"""Read queries the pages need that the services do not offer: a fast invoice list
with keyset pagination over a million rows, and dashboard totals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, func, or_, select, true

from reskontro.errors import ValidationError
from reskontro.services.invoicing.views import (
    InvoiceFields,
    InvoiceRow,
    InvoiceView,
    invoice_fields,
    invoice_view,
)
from reskontro.storage.figures import InvoiceFigure
from reskontro.storage.models import (
    AuditEntry,
    Customer,
    Invoice,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

PAGE = 50
OPEN_STATUSES = ("open", "partially_paid")
STATUSES = ("draft", "open", "partially_paid", "paid", "credited")


#: Below this many candidate rows a filter's own index is used and its rows sorted;
#: above it, the list walks the invoice-number index and filters as it goes.
SELECTIVE = 5000


@dataclass(frozen=True, slots=True)
class InvoiceFilter:
    status: str | None = None
    overdue: bool = False
    customer_number: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str | None = None
    #: Keyset cursor: show invoices numbered below this (drafts: ``id`` below this).
    before: int | None = None


def list_invoices(
    session: Session, company_id: int, f: InvoiceFilter, today: dt.date, limit: int = PAGE
) -> tuple[list[InvoiceRow], int | None]:
    """One page, highest invoice number first, and the next page's cursor (or ``None``).

    Issued invoices are listed by number (the ``UNIQUE (company_id, number)`` index
    gives that order without sorting, at any size); drafts, which have no number yet,
    only with ``status=draft`` (or in :func:`drafts`), newest first.
    """
    drafts_only = f.status == "draft"
    order_col = Invoice.id if drafts_only else Invoice.number
    conditions: list[ColumnElement[bool]] = [Invoice.company_id == company_id]
    probe: list[ColumnElement[bool]] = []
    if f.status:
        if f.status not in STATUSES:
            raise ValidationError(f"ukjent status {f.status!r}")
        probe.append(Invoice.status == f.status)
    if not drafts_only:
        conditions.append(Invoice.number.is_not(None))
    if f.overdue:
        probe.extend([Invoice.status.in_(OPEN_STATUSES), Invoice.due_date < today])
    if f.customer_number is not None:
        conditions.append(
            Invoice.customer_id
            == select(Customer.id)
            .where(Customer.company_id == company_id, Customer.number == f.customer_number)
            .scalar_subquery()
        )
    if f.date_from:
        conditions.append(Invoice.invoice_date >= f.date_from)
    if f.date_to:
        conditions.append(Invoice.invoice_date <= f.date_to)
    q = (f.q or "").strip()
    if q:
        if q.isdigit():
            # A KID or an invoice number: both are unique per company (indexed).
            # Looked up first, so that the page query only checks these few ids.
            found = session.scalars(
                select(Invoice.id).where(
                    Invoice.company_id == company_id,
                    or_(Invoice.kid == q, Invoice.number == int(q[:18])),
                )
            ).all()
            conditions.append(Invoice.id.in_(list(found)))
        else:
            customers = select(Customer.id).where(
                Customer.company_id == company_id,
                func.lower(Customer.name).contains(q.lower(), autoescape=True),
            )
            conditions.append(Invoice.customer_id.in_(customers))
    if probe and not drafts_only and not q and f.customer_number is None:
        candidates = session.scalar(
            select(func.count()).select_from(
                select(Invoice.id)
                .where(Invoice.company_id == company_id, *probe)
                .limit(SELECTIVE)
                .subquery()
            )
        )
        if (candidates or 0) >= SELECTIVE:
            # Many rows match: walk the number index instead of sorting them all
            # (``status || ''`` keeps the planner off the status index).
            probe = [
                (Invoice.status.concat("") == f.status) if f.status else true(),
                *(
                    [Invoice.status.concat("").in_(OPEN_STATUSES), Invoice.due_date < today]
                    if f.overdue
                    else []
                ),
            ]
    if f.before is not None:
        conditions.append(order_col < f.before)
    ids = list(
        session.scalars(
            select(Invoice.id)
            .where(*conditions, *probe)
            .order_by(order_col.desc())
            .limit(limit + 1)
        )
    )
    rows = session.execute(
        select(Invoice, Customer)
        .join(Customer, Customer.id == Invoice.customer_id)
        .where(Invoice.id.in_(ids[:limit]))
        .order_by(order_col.desc())
    ).all()
    views = [_row(invoice_fields(inv, cust, lines=False), today) for inv, cust in rows]
    cursor = None
    if len(ids) > limit and views:
        cursor = views[-1].id if drafts_only else views[-1].number
    return views, cursor


def _row(fields: InvoiceFields, today: dt.date) -> InvoiceRow:
    due = fields["due_date"]
    overdue = fields["status"] in OPEN_STATUSES and due is not None and due < today
    return InvoiceRow(**fields, overdue=overdue)


def drafts(session: Session, company_id: int, limit: int = 20) -> list[InvoiceView]:
    """The newest drafts (few: they are issued or deleted)."""
    rows = session.execute(
        select(Invoice, Customer)
        .join(Customer, Customer.id == Invoice.customer_id)
        .where(Invoice.company_id == company_id, Invoice.status == "draft")
        .order_by(Invoice.id.desc())
        .limit(limit)
    ).all()
    return [invoice_view(inv, cust, lines=False) for inv, cust in rows]


def status_totals(session: Session, company_id: int) -> list[dict[str, Any]]:
    """Count and total of the company's invoices per status, from the kept figures
    (:mod:`reskontro.storage.figures`): no scan of the invoices per page view."""
    f = InvoiceFigure
    rows = session.execute(
        select(f.status, func.sum(f.count), func.sum(f.total_ore))
        .where(f.company_id == company_id, f.kind == "invoice")
        .group_by(f.status)
    ).all()
    found = {s: (int(n or 0), int(t or 0)) for s, n, t in rows}
    # "Kreditert" counts the credit notes too (issued ones: drafts are counted as drafts).
    notes = session.execute(
        select(func.sum(f.count)).where(
            f.company_id == company_id, f.kind == "credit_note", f.status != "draft"
        )
    ).scalar_one()
    count, total = found.get("credited", (0, 0))
    found["credited"] = (count + int(notes or 0), total)
    return [
        {"status": s, "count": found.get(s, (0, 0))[0], "total_ore": found.get(s, (0, 0))[1]}
        for s in STATUSES
    ]


def audit_entries(
    session: Session,
    company_id: int,
    *,
    object_type: str | None = None,
    object_id: int | None = None,
    actor: str | None = None,
    action: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    before: int | None = None,
    limit: int = 200,
) -> list[AuditEntry]:
    """The company's audit entries, newest first, filtered; ``before`` is the keyset
    cursor (entries with a lower id)."""
    query = select(AuditEntry).where(AuditEntry.company_id == company_id)
    if object_type is not None:
        query = query.where(AuditEntry.object_type == object_type)
    if object_id is not None:
        query = query.where(AuditEntry.object_id == object_id)
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if action:
        query = query.where(AuditEntry.action == action)
    if date_from is not None:
        start = dt.datetime.combine(date_from, dt.time(), tzinfo=dt.UTC)
        query = query.where(AuditEntry.at >= start)
    if date_to is not None:
        end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
        query = query.where(AuditEntry.at < end)
    if before is not None:
        query = query.where(AuditEntry.id < before)
    return list(session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit)))


def audit_choices(session: Session, company_id: int) -> tuple[list[str], list[str], list[str]]:
    """Who, which actions and which kinds of objects the company's log holds."""

    def distinct(column: Any) -> list[str]:
        rows = session.scalars(
            select(column).where(AuditEntry.company_id == company_id).distinct().order_by(column)
        )
        return [str(r) for r in rows if r]

    return (distinct(AuditEntry.actor), distinct(AuditEntry.action),
            distinct(AuditEntry.object_type))  # fmt: skip
