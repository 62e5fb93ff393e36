"""The invoice list: one query for the CLI's ``invoice list``, the web's list and the
API, with keyset pagination over a million rows; the dashboard's totals per status.

Issued invoices are listed by number (the ``UNIQUE (company_id, number)`` index gives
that order without sorting, at any size); drafts, which have no number yet, only with
``status=draft`` (or in :func:`drafts`), newest first.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import func, or_, select, true

from reskontro.errors import ValidationError
from reskontro.messages import Message
from reskontro.services.invoicing.base import Base
from reskontro.services.invoicing.codes import InvoicingError
from reskontro.services.invoicing.views import InvoiceRow, invoice_as, invoice_view
from reskontro.storage.figures import InvoiceFigure
from reskontro.storage.models import Customer, Invoice

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy import ColumnElement
    from sqlalchemy.orm import Session

    from reskontro.services.invoicing.views import InvoiceView

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

    @property
    def empty(self) -> bool:
        """No filter and the first page."""
        return not any(
            (self.status, self.overdue, self.customer_number, self.date_from, self.date_to,
             self.q, self.before)
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class InvoicePage:
    """One page of the list and the cursor of the next (``None``: the last page)."""

    rows: tuple[InvoiceRow, ...]
    cursor: int | None


@dataclass(frozen=True, slots=True)
class StatusTotal:
    """How many invoices have a status, and their total (the dashboard)."""

    status: str
    count: int
    total_ore: int


def check_status(status: str) -> None:
    if status not in STATUSES:
        raise ValidationError(
            Message.of(InvoicingError.STATUS_UNKNOWN, allowed=", ".join(STATUSES)),
            field="status",
        )


def list_invoices(
    session: Session, company_id: int, f: InvoiceFilter, today: dt.date, limit: int = PAGE
) -> InvoicePage:
    """One page, highest invoice number first, and the next page's cursor."""
    drafts_only = f.status == "draft"
    order_col = Invoice.id if drafts_only else Invoice.number
    conditions: list[ColumnElement[bool]] = [Invoice.company_id == company_id]
    probe: list[ColumnElement[bool]] = []
    if f.status:
        check_status(f.status)
        probe.append(Invoice.status == f.status)
    if not drafts_only:
        conditions.append(Invoice.number.is_not(None))
    if f.overdue:
        probe.extend([Invoice.status.in_(OPEN_STATUSES), Invoice.due_date < today])
    if f.customer_number is not None:
        conditions.append(_of_customer(company_id, f.customer_number))
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
    views = tuple(_row(inv, cust, today) for inv, cust in rows)
    cursor = None
    if len(ids) > limit and views:
        cursor = views[-1].id if drafts_only else views[-1].number
    return InvoicePage(views, cursor)


def _of_customer(company_id: int, number: int) -> ColumnElement[bool]:
    return (
        Invoice.customer_id
        == select(Customer.id)
        .where(Customer.company_id == company_id, Customer.number == number)
        .scalar_subquery()
    )


def _row(invoice: Invoice, customer: Customer, today: dt.date) -> InvoiceRow:
    row = invoice_as(InvoiceRow, invoice, customer, lines=False)
    due = row.due_date
    if row.status in OPEN_STATUSES and due is not None and due < today:
        return replace(row, overdue=True)
    return row


def drafts(
    session: Session, company_id: int, limit: int = 20, customer_number: int | None = None
) -> list[InvoiceView]:
    """The newest drafts (few: they are issued or deleted)."""
    query = (
        select(Invoice, Customer)
        .join(Customer, Customer.id == Invoice.customer_id)
        .where(Invoice.company_id == company_id, Invoice.status == "draft")
    )
    if customer_number is not None:
        query = query.where(_of_customer(company_id, customer_number))
    rows = session.execute(query.order_by(Invoice.id.desc()).limit(limit)).all()
    return [invoice_view(inv, cust, lines=False) for inv, cust in rows]


def status_totals(session: Session, company_id: int) -> tuple[StatusTotal, ...]:
    """Count and total of the company's invoices per status, from the kept figures
    (:mod:`reskontro.storage.figures`) in one ``GROUP BY kind, status``: no scan of the
    invoices per page view. "Kreditert" counts the issued credit notes too."""
    f = InvoiceFigure
    rows = session.execute(
        select(f.kind, f.status, func.sum(f.count), func.sum(f.total_ore))
        .where(f.company_id == company_id)
        .group_by(f.kind, f.status)
    ).all()
    found = {s: [0, 0] for s in STATUSES}
    for kind, status, count, total in rows:
        if kind == "invoice" and status in found:
            found[status][0] += int(count or 0)
            found[status][1] += int(total or 0)
        elif kind == "credit_note" and status != "draft":
            found["credited"][0] += int(count or 0)
    return tuple(StatusTotal(s, n, t) for s, (n, t) in found.items())


class InvoiceListing(Base):
    """The invoice list and the dashboard's totals, as use cases."""

    def invoice_page(self, company_id: int, f: InvoiceFilter, *, limit: int = PAGE) -> InvoicePage:
        """One page of the list (issued invoices; drafts with ``status=draft``)."""
        with self.sessions() as session:
            return list_invoices(session, company_id, f, self.clock.today(), limit)

    def invoices(
        self,
        company_id: int,
        *,
        status: str | None = None,
        customer_number: int | None = None,
        limit: int = 100,
    ) -> list[InvoiceView]:
        """Drafts first (newest first) unless a status is asked for, then the issued
        invoices by number, highest first: at most ``limit`` in all (the CLI's list)."""
        f = InvoiceFilter(status=status, customer_number=customer_number)
        with self.sessions() as session:
            found: list[InvoiceView] = []
            if status is None:
                found.extend(drafts(session, company_id, limit, customer_number))
            if len(found) < limit:
                page = list_invoices(session, company_id, f, self.clock.today(), limit - len(found))
                found.extend(page.rows)
            return found

    def recent_drafts(self, company_id: int, limit: int = 20) -> list[InvoiceView]:
        with self.sessions() as session:
            return drafts(session, company_id, limit)

    def status_totals(self, company_id: int) -> tuple[StatusTotal, ...]:
        with self.sessions() as session:
            return status_totals(session, company_id)


__all__ = [
    "PAGE",
    "STATUSES",
    "InvoiceFilter",
    "InvoiceListing",
    "InvoicePage",
    "StatusTotal",
    "drafts",
    "list_invoices",
    "status_totals",
]
