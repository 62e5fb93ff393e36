"""Interest up to the last day a published rate covers (:mod:`reskontro.domain.rate_watch`):
past the end of the rate table the interest is "not yet published" and left for later,
rather than failing the run."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from reskontro.domain.rate_watch import interest_known_until
from reskontro.services.followup.claims import accrued, due_of

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reskontro.domain.followup import RateTable
    from reskontro.domain.interest import InterestResult
    from reskontro.storage.models import Invoice


def accrued_published(
    invoice: Invoice,
    paid: Sequence[tuple[dt.date, int]],
    interest_to: dt.date | None,
    until: dt.date,
    table: RateTable,
) -> tuple[InterestResult, dt.date | None]:
    """Interest not yet invoiced through ``until``, or through the day before the first
    day past the end of the rate table; and that first day (None when all is known). A
    gap inside the table (a rate someone left out) still raises
    :class:`~reskontro.domain.interest.MissingRate`."""
    through = interest_through(invoice, interest_to, until, table)
    result = accrued(invoice, paid, interest_to, through, table)
    return result, (None if through >= until else through + dt.timedelta(days=1))


def interest_through(
    invoice: Invoice, interest_to: dt.date | None, until: dt.date, table: RateTable
) -> dt.date:
    """``until``, or the last day before the end of the rate table when that comes
    first (the day interest is counted, and invoiced, through)."""
    start = max(due_of(invoice), interest_to) if interest_to else due_of(invoice)
    known = interest_known_until(table.interest, start, until)
    rates = table.interest.rates
    if known >= until or not rates or known < rates[-1].valid_from:
        return until
    return known


__all__ = ["accrued_published", "interest_through"]
