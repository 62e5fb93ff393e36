"""The customers behind each ageing bar of the dashboard: per bucket, the few customers
with the most overdue, read from the invoices themselves (the kept figures have no
customer).

Kept cheap for the dashboard: the buckets' sizes come from the kept figures (one
query, a row per due date), and a bucket is named only while it holds at most
:data:`MAX_ROWS` open invoices; a bigger bucket is left unnamed (its bar links to the
overdue list, where the ageing per customer is), so a big company pays one small query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import case, func, select, true

from reskontro.domain.followup import Bucket
from reskontro.storage.figures import InvoiceFigure
from reskontro.storage.models import Customer, Invoice

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: A bucket with more open invoices than this is not named.
MAX_ROWS = 500
#: Customers named per bucket.
TOP = 3
NOK = "NOK"
_OPEN = ("open", "partially_paid")


@dataclass(frozen=True, slots=True)
class BucketCustomer:
    """A customer and what they owe in one bucket (principal, fees and interest)."""

    number: int
    name: str
    overdue_ore: int


def _ranges(today: dt.date) -> dict[Bucket, tuple[dt.date | None, dt.date]]:
    """Each bucket's due dates, first and last (both included)."""
    day = dt.timedelta(days=1)
    return {
        Bucket.DAYS_0_30: (today - 30 * day, today - day),
        Bucket.DAYS_31_60: (today - 60 * day, today - 31 * day),
        Bucket.DAYS_61_90: (today - 90 * day, today - 61 * day),
        Bucket.OVER_90: (None, today - 91 * day),
    }


def biggest_customers(
    session: Session,
    company_id: int,
    today: dt.date,
    *,
    top: int = TOP,
    max_rows: int | None = None,
) -> dict[Bucket, tuple[BucketCustomer, ...]]:
    """Per overdue bucket, the ``top`` customers owing most in it (NOK invoices); an
    empty tuple for a bucket with nothing in it or more than ``max_rows`` invoices
    (:data:`MAX_ROWS`)."""
    max_rows = MAX_ROWS if max_rows is None else max_rows
    owed = (Invoice.total_ore - Invoice.settled_ore + Invoice.charges_ore
            - Invoice.charges_settled_ore)  # fmt: skip
    out: dict[Bucket, tuple[BucketCustomer, ...]] = dict.fromkeys(_ranges(today), ())
    sizes = _sizes(session, company_id, today)
    for bucket, (first, last) in _ranges(today).items():
        if not 0 < sizes[bucket] <= max_rows:
            continue
        where = [Invoice.company_id == company_id, Invoice.status.in_(_OPEN),
                 Invoice.due_date <= last, Invoice.kind == "invoice",
                 Invoice.currency == NOK]  # fmt: skip
        if first is not None:
            where.append(Invoice.due_date >= first)
        rows = session.execute(
            select(Customer.number, Customer.name, func.sum(owed).label("owed"))
            .join(Customer, Customer.id == Invoice.customer_id)
            .where(*where)
            .group_by(Customer.id, Customer.number, Customer.name)
            .order_by(func.sum(owed).desc(), Customer.number)
            .limit(top)
        ).all()
        out[bucket] = tuple(BucketCustomer(n, name, int(o)) for n, name, o in rows if o > 0)
    return out


def _sizes(session: Session, company_id: int, today: dt.date) -> dict[Bucket, int]:
    """How many open NOK invoices each bucket holds: one row from the kept figures
    (summed by bucket in the database), so that a big bucket costs nothing more."""
    f = InvoiceFigure
    ranges = _ranges(today)
    since = [f.due_date >= first if first is not None else true() for first, _ in ranges.values()]
    sums = [func.sum(case((cond, f.count), else_=0)) for cond in since]
    # Each bucket's count is "due on or after its first day": take the newer ones off.
    row = session.execute(
        select(*sums).where(
            f.company_id == company_id, f.kind == "invoice", f.currency == NOK,
            f.status.in_(_OPEN), f.due_date < today,
        )
    ).one()  # fmt: skip
    cumulative = [int(v or 0) for v in row]
    return {
        bucket: cumulative[i] - (cumulative[i - 1] if i else 0) for i, bucket in enumerate(ranges)
    }
