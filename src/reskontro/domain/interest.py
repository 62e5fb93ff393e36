"""Late-payment interest (forsinkelsesrente), forsinkelsesrenteloven (LOV-1976-12-17-100).

The rules as implemented (``docs/followup.md`` gives the sources):

* **Simple interest**, never compounded, on the principal only (§§ 2-3). Fees and
  earlier interest are not part of the principal.
* **First interest day is the day after the due date.** Day ``d`` accrues interest when
  ``due < d <= until``; interest "until" a payment date includes that day, so a claim
  paid ``n`` days late carries ``n`` days of interest.
* **Day count: actual days / 365** (the Finance Ministry's calculator:
  ``amount × rate × days / 365``), also in leap years.
* **The rate of each day is the rate in force that day.** Rates are set per half-year
  (1 January, 1 July) as Norges Bank's policy rate + 8 percentage points, and a new rate
  applies to running claims too: a period is split at every rate change (and at every
  change of the balance) and each part uses its own rate. Rates are dated data
  (:class:`RateSchedule`), never constants.
* **Exact, then rounded once.** Each part's interest is an exact :class:`Fraction` of
  øre; the total is rounded half up to whole øre, and the parts' øre are allocated by
  largest remainder so that the printed parts add up to the printed total.

>>> table = RateSchedule((InterestRate(dt.date(2025, 1, 1), 1250),))
>>> interest(100_000_00, dt.date(2025, 3, 1), dt.date(2025, 3, 31), table).ore
102740
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from reskontro.domain.followup_codes import FollowupError
from reskontro.errors import ReskontroError, ValidationError
from reskontro.messages import Message

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

#: Days in the year of the day count (actual/365).
DAYS_PER_YEAR = 365
#: Rates are kept in hundredths of a percent per annum (basis points): 1225 = 12.25 %.
BP_PER_UNIT = 10_000
#: Forsinkelsesrenteloven § 3: the rate is the policy rate + at least 8 percentage points.
MARKUP_BP = 800


class MissingRate(ReskontroError):
    """No dated rate covers a day that needs one: the table must be extended."""

    default_message = "no rate is known for that date"


@dataclass(frozen=True, slots=True)
class InterestRate:
    """One forsinkelsesrente, in force from ``valid_from`` until the next one."""

    valid_from: dt.date
    #: Per annum, in hundredths of a percent: 1225 is 12.25 %.
    rate_bp: int
    #: Norges Bank's policy rate the rate was set from, when known.
    policy_rate_bp: int | None = None
    #: Where the value comes from (regulation, page).
    source: str = ""
    #: True when the value is only known from a secondary source (the spec's VERIFY).
    verify: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.rate_bp <= 100 * 100:
            raise ValidationError(
                Message.of(FollowupError.RATE_RANGE, rate_bp=self.rate_bp), field="rate"
            )


def format_rate(rate_bp: int) -> str:
    """``12,25 %`` as printed on Norwegian documents.

    >>> format_rate(1200)
    '12,00 %'
    """
    whole, rest = divmod(rate_bp, 100)
    return f"{whole},{rest:02d} %"


def half_year_end(day: dt.date) -> dt.date:
    """The first day of the next half-year (1 January or 1 July) after ``day``.

    >>> half_year_end(dt.date(2026, 1, 1))
    datetime.date(2026, 7, 1)
    """
    return dt.date(day.year, 7, 1) if day.month < 7 else dt.date(day.year + 1, 1, 1)


class RateSchedule:
    """Interest rates by the date they come into force."""

    __slots__ = ("rates",)

    def __init__(self, rates: Sequence[InterestRate]) -> None:
        ordered = tuple(sorted(rates, key=lambda r: r.valid_from))
        for before, after in itertools.pairwise(ordered):
            if before.valid_from == after.valid_from:
                raise ValidationError(
                    Message.of(FollowupError.RATES_TWICE, valid_from=after.valid_from)
                )
        self.rates = ordered

    def rate_on(self, day: dt.date) -> InterestRate:
        """The rate in force on ``day``. A rate holds until the next one, and never past
        the end of its half-year: the law sets a new rate for each half-year, so an
        old rate is not carried into a half-year the table does not know."""
        found = None
        for rate in self.rates:
            if rate.valid_from > day:
                break
            found = rate
        if found is None or day >= half_year_end(found.valid_from):
            raise MissingRate(Message.of(FollowupError.NO_INTEREST_RATE, day=day))
        return found

    def pieces(self, first: dt.date, last: dt.date) -> Iterator[tuple[dt.date, dt.date, int]]:
        """``(first_day, last_day, rate_bp)`` runs covering ``first..last`` (inclusive)."""
        day = first
        while day <= last:
            rate = self.rate_on(day)
            later = [r.valid_from for r in self.rates if r.valid_from > day]
            limit = half_year_end(rate.valid_from)
            if later:
                limit = min(limit, later[0])
            end = min(last, limit - dt.timedelta(days=1))
            yield day, end, rate.rate_bp
            day = end + dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Segment:
    """Interest for a run of days with one balance and one rate."""

    first_day: dt.date
    last_day: dt.date
    principal_ore: int
    rate_bp: int
    #: The exact interest in øre.
    exact: Fraction
    #: This part's share of the rounded total (parts add up to the total).
    ore: int

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


@dataclass(frozen=True, slots=True)
class InterestResult:
    segments: tuple[Segment, ...]
    exact: Fraction
    ore: int

    @property
    def first_day(self) -> dt.date | None:
        return self.segments[0].first_day if self.segments else None

    @property
    def last_day(self) -> dt.date | None:
        return self.segments[-1].last_day if self.segments else None

    @property
    def rates_bp(self) -> tuple[int, ...]:
        """The distinct rates used, in order."""
        seen: list[int] = []
        for s in self.segments:
            if s.rate_bp not in seen:
                seen.append(s.rate_bp)
        return tuple(seen)


def exact_interest(principal_ore: int, rate_bp: int, days: int) -> Fraction:
    """``principal × rate × days / 365``, exactly, in øre."""
    return Fraction(principal_ore * rate_bp * days, BP_PER_UNIT * DAYS_PER_YEAR)


def round_half_up(value: Fraction) -> int:
    """Round to a whole number, halves away from zero."""
    magnitude = abs(value)
    rounded = int(magnitude + Fraction(1, 2))
    return rounded if value >= 0 else -rounded


def _allocate(total: int, exacts: list[Fraction]) -> list[int]:
    floors = [int(e) for e in exacts]  # all non-negative: int() is floor
    left = total - sum(floors)
    order = sorted(range(len(exacts)), key=lambda i: (-(exacts[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def interest_on_balance(
    due: dt.date,
    until: dt.date,
    opening_ore: int,
    reductions: Sequence[tuple[dt.date, int]],
    schedule: RateSchedule,
) -> InterestResult:
    """Interest on a balance that payments reduce over time.

    ``opening_ore`` is the principal on the due date; each ``(day, amount)`` in
    ``reductions`` lowers it from the day after ``day`` (a payment's own day still
    accrues; a negative amount, a reversal, raises it). The balance never counts below
    zero.
    """
    if opening_ore < 0:
        raise ValidationError(Message.of(FollowupError.PRINCIPAL_NEGATIVE))
    if until <= due:
        return InterestResult((), Fraction(0), 0)
    changes: dict[dt.date, int] = {}
    for day, amount in reductions:
        effective = max(day + dt.timedelta(days=1), due + dt.timedelta(days=1))
        changes[effective] = changes.get(effective, 0) + amount
    runs: list[tuple[dt.date, dt.date, int]] = []
    balance = opening_ore
    day = due + dt.timedelta(days=1)
    for change_day in sorted(d for d in changes if d <= until):
        if change_day > day:
            runs.append((day, change_day - dt.timedelta(days=1), balance))
            day = change_day
        balance -= changes[change_day]
    if day <= until:
        runs.append((day, until, balance))
    # Only days with something owed need a rate: a claim paid in full needs none after.
    kept = [
        (a, b, principal, r, exact_interest(principal, r, (b - a).days + 1))
        for first, last, principal in runs
        if principal > 0
        for a, b, r in schedule.pieces(first, last)
    ]
    total_exact = sum((k[4] for k in kept), Fraction(0))
    total = round_half_up(total_exact)
    shares = _allocate(total, [k[4] for k in kept])
    segments = tuple(
        Segment(a, b, p, r, e, o) for (a, b, p, r, e), o in zip(kept, shares, strict=True)
    )
    return InterestResult(segments, total_exact, total)


def interest(
    principal_ore: int, due: dt.date, until: dt.date, schedule: RateSchedule
) -> InterestResult:
    """Interest on a constant principal for the days after ``due`` up to ``until``."""
    return interest_on_balance(due, until, principal_ore, (), schedule)


__all__ = [
    "DAYS_PER_YEAR",
    "MARKUP_BP",
    "InterestRate",
    "InterestResult",
    "MissingRate",
    "RateSchedule",
    "Segment",
    "exact_interest",
    "format_rate",
    "half_year_end",
    "interest",
    "interest_on_balance",
    "round_half_up",
]
