"""Recurring invoicing: an agreement's periods and the day each is invoiced (pure).

Periods are anchored on the agreement's start: period *k* starts *k* intervals after
it, on the start's day of the month, or the month's last day when it has no such day
(a start on 31 January gives 28 or 29 February, then 31 March). A period ends the day
before the next one starts; the last one ends on the agreement's end date.

The invoice date of a period: in advance, its first day; in arrears, the day after its
end. An *invoice day* (1–31) moves it to that day of the same month (31 is the month's
last day). A period whose invoice date has passed and that was never invoiced is
*due*: the run catches it up on its own date and names its period on the invoice.

>>> start = dt.date(2026, 1, 31)
>>> [p.start.isoformat() for p in periods(Interval.MONTH, start, None, dt.date(2026, 4, 30))]
['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']
>>> period_text(Period(dt.date(2026, 12, 1), dt.date(2026, 12, 31)))
'Periode 01.12.2026–31.12.2026'
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


class Interval(enum.StrEnum):
    """How long one period of an agreement is."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half-year"
    YEAR = "year"

    @property
    def months(self) -> int:
        return _MONTHS[self]


_MONTHS = {Interval.MONTH: 1, Interval.QUARTER: 3, Interval.HALF_YEAR: 6, Interval.YEAR: 12}


class Timing(enum.StrEnum):
    """Whether a period is invoiced when it begins or after it has ended."""

    ADVANCE = "advance"
    ARREARS = "arrears"


class AgreementState(enum.StrEnum):
    """An agreement invoices while active; paused and ended ones do not."""

    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"


@dataclass(frozen=True, slots=True)
class Period:
    """The days one invoice covers, both included."""

    start: dt.date
    end: dt.date


def day_in_month(year: int, month: int, day: int) -> dt.date:
    """``day`` of the month, or its last day when the month is shorter.

    >>> day_in_month(2028, 2, 31), day_in_month(2027, 2, 29)
    (datetime.date(2028, 2, 29), datetime.date(2027, 2, 28))
    """
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def add_months(anchor: dt.date, months: int) -> dt.date:
    """``anchor`` moved ``months`` months on, keeping its day where the month has it."""
    index = anchor.year * 12 + anchor.month - 1 + months
    return day_in_month(index // 12, index % 12 + 1, anchor.day)


def period_at(interval: Interval, start: dt.date, end: dt.date | None, k: int) -> Period | None:
    """The ``k``-th period (from 0), or None when it would begin after ``end``."""
    first = add_months(start, k * interval.months)
    if end is not None and first > end:
        return None
    last = add_months(start, (k + 1) * interval.months) - dt.timedelta(days=1)
    if end is not None and last > end:
        last = end
    return Period(first, last)


def invoice_date(period: Period, timing: Timing, invoice_day: int | None = None) -> dt.date:
    """The day ``period`` is invoiced.

    >>> p = Period(dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    >>> invoice_date(p, Timing.ADVANCE), invoice_date(p, Timing.ARREARS)
    (datetime.date(2026, 2, 1), datetime.date(2026, 3, 1))
    >>> invoice_date(p, Timing.ADVANCE, 31)
    datetime.date(2026, 2, 28)
    """
    base = period.start if timing is Timing.ADVANCE else period.end + dt.timedelta(days=1)
    if invoice_day is None:
        return base
    return day_in_month(base.year, base.month, invoice_day)


def iter_periods(interval: Interval, start: dt.date, end: dt.date | None) -> Iterator[Period]:
    k = 0
    while (period := period_at(interval, start, end, k)) is not None:
        yield period
        k += 1


def periods(
    interval: Interval, start: dt.date, end: dt.date | None, until: dt.date
) -> list[Period]:
    """The periods that begin on or before ``until`` (and not after ``end``)."""
    out = []
    for period in iter_periods(interval, start, end):
        if period.start > until:
            break
        out.append(period)
    return out


@dataclass(frozen=True, slots=True)
class Schedule:
    """What decides an agreement's periods and their invoice dates."""

    interval: Interval
    start: dt.date
    end: dt.date | None = None
    timing: Timing = Timing.ADVANCE
    invoice_day: int | None = None

    def due(self, today: dt.date, after: dt.date | None = None) -> list[Period]:
        """Periods whose invoice date has come by ``today``, beginning after ``after``
        (the start of the last period invoiced), oldest first."""
        out = []
        for period in iter_periods(self.interval, self.start, self.end):
            if invoice_date(period, self.timing, self.invoice_day) > today:
                break
            if after is None or period.start > after:
                out.append(period)
        return out

    def next_after(self, after: dt.date | None) -> tuple[Period, dt.date] | None:
        """The first period beginning after ``after`` and its invoice date, or None
        when the agreement has no more."""
        for period in iter_periods(self.interval, self.start, self.end):
            if after is None or period.start > after:
                return period, invoice_date(period, self.timing, self.invoice_day)
        return None


def period_text(period: Period) -> str:
    """How a period is printed on its invoice (in Norwegian, as the invoice is)."""
    return f"Periode {period.start:%d.%m.%Y}–{period.end:%d.%m.%Y}"


def check_invoice_day(day: int | None) -> bool:
    return day is None or 1 <= day <= 31


__all__ = [
    "AgreementState",
    "Interval",
    "Period",
    "Schedule",
    "Timing",
    "add_months",
    "check_invoice_day",
    "day_in_month",
    "invoice_date",
    "iter_periods",
    "period_at",
    "period_text",
    "periods",
]
