"""Where the customer-number series starts: the number the next new customer gets.

It starts at 10 000, as in the systems our users come from; a company whose KID
template has a shorter customer part (``{CustomerNo:4}``) sets it lower first, on an
empty database or above every number already given. Numbers are never given twice:
the start must lie above the largest customer number in use.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from reskontro.errors import NotFound, ValidationError
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.invoicing.codes import InvoicingError
from reskontro.services.invoicing.numbering import CUSTOMER_SERIES
from reskontro.storage.models import Customer, NumberSeries

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock

#: The largest customer number a series may start at (the placeholder customer's
#: number, 999 999 999, stays out of its way).
MAX_START = 99_999_999


class SeriesError(enum.StrEnum):
    START_RANGE = "invoicing.series.start_range"
    START_IN_USE = "invoicing.series.start_in_use"


@dataclass(frozen=True, slots=True)
class CustomerSeries:
    """The next customer number and the largest one in use (0: none yet)."""

    next_number: int
    largest_in_use: int


def _largest(session: Session, company_id: int) -> int:
    return int(
        session.execute(
            select(func.max(Customer.number)).where(
                Customer.company_id == company_id, Customer.is_placeholder.is_(False)
            )
        ).scalar_one()
        or 0
    )


def _row(session: Session, company_id: int) -> NumberSeries:
    row = session.get(NumberSeries, (company_id, CUSTOMER_SERIES))
    if row is None:
        raise NotFound(
            Message.of(InvoicingError.NO_SERIES, company_id=company_id, kind=CUSTOMER_SERIES)
        )
    return row


def customer_series(sessions: sessionmaker[Session], company_id: int) -> CustomerSeries:
    with sessions() as session:
        return CustomerSeries(_row(session, company_id).next_value, _largest(session, company_id))


def set_customer_series_start(
    sessions: sessionmaker[Session], clock: Clock, company_id: int, start: int, *, actor: str
) -> CustomerSeries:
    """Let the next new customer get number ``start`` (audited)."""
    if not 1 <= start <= MAX_START:
        raise ValidationError(
            Message.of(SeriesError.START_RANGE, start=start, maximum=MAX_START), field="start"
        )
    with sessions.begin() as session:
        row = session.execute(
            select(NumberSeries)
            .where(NumberSeries.company_id == company_id, NumberSeries.kind == CUSTOMER_SERIES)
            .with_for_update()
        ).scalar_one_or_none()
        if row is None:
            raise NotFound(
                Message.of(InvoicingError.NO_SERIES, company_id=company_id, kind=CUSTOMER_SERIES)
            )
        largest = _largest(session, company_id)
        if start <= largest:
            raise ValidationError(
                Message.of(SeriesError.START_IN_USE, start=start, largest=largest), field="start"
            )
        before = row.next_value
        row.next_value = start
        audit.record(
            session, at=clock.now(), actor=actor, action="company.customer_series",
            object_type="company", object_id=company_id, company_id=company_id,
            before={"next_customer_number": before}, after={"next_customer_number": start},
        )  # fmt: skip
        return CustomerSeries(start, largest)
