"""Dated rates that warn ahead instead of running out (pure).

The late-interest rate is set for each half-year (forsinkelsesrenteloven § 3) and the
inkassosats for each year; both are dated rows that a person adds when they are
published. Rather than fail on the first day nobody added one, reskontro:

- warns ``AHEAD_DAYS`` (30) days before a half-year with no interest rate or a year
  with no inkassosats of its own (``status``, the dashboard, the overdue digest);
- in a period with no interest rate computes interest up to the last day it knows and
  marks the rest "not yet published" (:func:`interest_known_until`);
- never carries an inkassosats into a new year silently: a run that charges last
  year's sats says so (:func:`carried_inkassosats`).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from reskontro.domain.interest import MissingRate, half_year_end
from reskontro.messages import Message

if TYPE_CHECKING:
    from reskontro.domain.followup import RateTable
    from reskontro.domain.interest import RateSchedule

#: How long before a period without a rate the warnings start.
AHEAD_DAYS = 30


class RateWatch(enum.StrEnum):
    """Warnings about dated rates (texts: :mod:`reskontro.i18n.rate_watch`)."""

    INTEREST_AHEAD = "rates.interest_ahead"
    INTEREST_MISSING = "rates.interest_missing"
    INKASSOSATS_AHEAD = "rates.inkassosats_ahead"
    INKASSOSATS_CARRIED = "rates.inkassosats_carried"
    INTEREST_NOT_PUBLISHED = "rates.interest_not_published"


def _known(schedule: RateSchedule, day: dt.date) -> bool:
    try:
        schedule.rate_on(day)
    except MissingRate:
        return False
    return True


def first_interest_gap(schedule: RateSchedule, first: dt.date, last: dt.date) -> dt.date | None:
    """The first day in ``first..last`` with no interest rate, or None. A rate holds to
    the next row or the end of its half-year, so a gap starts on ``first`` or on a
    1 January or 1 July."""
    day = first
    while day <= last:
        if not _known(schedule, day):
            return day
        day = half_year_end(day)
    return None


def interest_known_until(schedule: RateSchedule, start: dt.date, until: dt.date) -> dt.date:
    """The last day up to ``until`` from which on, after ``start``, interest can be
    computed without a gap (``start`` when the first day already has none)."""
    gap = first_interest_gap(schedule, start + dt.timedelta(days=1), until)
    return until if gap is None else gap - dt.timedelta(days=1)


def _latest_sats_year(table: RateTable) -> int | None:
    return max((r.valid_from.year for r in table.inkassosats), default=None)


def carried_inkassosats(table: RateTable, day: dt.date) -> Message | None:
    """The warning when the inkassosats used on ``day`` is an earlier year's, carried
    into a year for which no sats was added."""
    latest = _latest_sats_year(table)
    if latest is None or day.year <= latest:
        return None
    sats = table.inkassosats_on(day)
    return Message.of(
        RateWatch.INKASSOSATS_CARRIED, year=day.year, amount_ore=sats.amount_ore,
        from_year=sats.valid_from.year,
    )  # fmt: skip


def rate_warnings(table: RateTable, today: dt.date, days: int = AHEAD_DAYS) -> tuple[Message, ...]:
    """What to warn about today: a period within ``days`` (or now) with no interest
    rate, and a new year within ``days`` (or now) with no inkassosats of its own."""
    out: list[Message] = []
    horizon = today + dt.timedelta(days=days)
    gap = first_interest_gap(table.interest, today, horizon)
    if gap is not None and gap <= today:
        out.append(Message.of(RateWatch.INTEREST_MISSING, day=gap))
    elif gap is not None:
        out.append(Message.of(RateWatch.INTEREST_AHEAD, day=gap, days=(gap - today).days))
    carried = carried_inkassosats(table, today)
    if carried is not None:
        out.append(carried)
    else:
        latest = _latest_sats_year(table)
        new_year = dt.date(today.year + 1, 1, 1)
        if latest is not None and latest < new_year.year and new_year <= horizon:
            left = (new_year - today).days
            out.append(Message.of(RateWatch.INKASSOSATS_AHEAD, year=new_year.year, days=left))
    return tuple(out)


__all__ = [
    "AHEAD_DAYS",
    "RateWatch",
    "carried_inkassosats",
    "first_interest_gap",
    "interest_known_until",
    "rate_warnings",
]
