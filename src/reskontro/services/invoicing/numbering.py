"""Gapless number series: the next invoice or customer number, taken under a lock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select, update

from reskontro.errors import NotFound
from reskontro.messages import Message
from reskontro.services.invoicing.codes import InvoicingError
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
        raise NotFound(Message.of(InvoicingError.NO_SERIES, company_id=company_id, kind=kind))
    value = row.next_value
    row.next_value = value + 1
    session.flush()
    return value


def take_numbers(session: Session, company_id: int, kind: str, count: int) -> int:
    """Take ``count`` consecutive numbers of a gapless series in one statement inside
    the caller's transaction (as :func:`take_number`); the first of them."""
    after = session.execute(
        update(NumberSeries)
        .where(NumberSeries.company_id == company_id, NumberSeries.kind == kind)
        .values(next_value=NumberSeries.next_value + count)
        .returning(NumberSeries.next_value)
    ).scalar_one_or_none()
    if after is None:
        raise NotFound(Message.of(InvoicingError.NO_SERIES, company_id=company_id, kind=kind))
    return int(after) - count


def peek_number(session: Session, company_id: int, kind: str) -> int:
    value = session.execute(
        select(NumberSeries.next_value).where(
            NumberSeries.company_id == company_id, NumberSeries.kind == kind
        )
    ).scalar_one_or_none()
    if value is None:
        raise NotFound(Message.of(InvoicingError.NO_SERIES, company_id=company_id, kind=kind))
    return value
