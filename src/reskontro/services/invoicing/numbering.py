"""Gapless number series: the next invoice or customer number, taken under a lock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.errors import NotFound
from reskontro.storage.models import (
    NumberSeries,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


INVOICE_SERIES = "invoice"
CUSTOMER_SERIES = "customer"
#: First customer number, as in the systems our users come from.
FIRST_CUSTOMER_NUMBER = 10000


def take_number(session: Session, company_id: int, kind: str) -> int:
    """Take the next number of a gapless series inside the caller's transaction.

    The counter row is locked (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite every
    write transaction starts with ``BEGIN IMMEDIATE`` and so holds the database's write
    lock). If the transaction rolls back, so does the number: no gap, no duplicate.
    """
    row = session.execute(
        select(NumberSeries)
        .where(NumberSeries.company_id == company_id, NumberSeries.kind == kind)
        .with_for_update()
    ).scalar_one_or_none()
    if row is None:
        raise NotFound(f"company {company_id} has no {kind} number series")
    value = row.next_value
    row.next_value = value + 1
    session.flush()
    return value


def peek_number(session: Session, company_id: int, kind: str) -> int:
    value = session.execute(
        select(NumberSeries.next_value).where(
            NumberSeries.company_id == company_id, NumberSeries.kind == kind
        )
    ).scalar_one_or_none()
    if value is None:
        raise NotFound(f"company {company_id} has no {kind} number series")
    return value
