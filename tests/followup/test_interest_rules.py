"""Forsinkelsesrente: simple interest from the day after due, split at each half-year."""

from __future__ import annotations

import datetime as dt
import doctest
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reskontro.domain import followup_claims, followup_rates
from reskontro.domain import interest as interest_module
from reskontro.domain.interest import (
    InterestRate,
    MissingRate,
    RateSchedule,
    exact_interest,
    format_rate,
    interest,
    interest_on_balance,
    round_half_up,
)
from reskontro.errors import ValidationError

D = dt.date
SCHEDULE = RateSchedule(
    (
        InterestRate(D(2025, 1, 1), 1250),
        InterestRate(D(2025, 7, 1), 1225),
        InterestRate(D(2026, 1, 1), 1200),
        InterestRate(D(2026, 7, 1), 1225),
        InterestRate(D(2027, 1, 1), 1300),
    )
)


def test_doctests() -> None:
    # The follow-up rules' doctests live beside the rules they show (claims, rates).
    for module in (interest_module, followup_claims, followup_rates):
        failures, tried = doctest.testmod(module)
        assert tried > 0
        assert failures == 0


def test_interest_starts_the_day_after_the_due_date() -> None:
    due = D(2025, 3, 3)
    assert interest(100_000_00, due, due, SCHEDULE).ore == 0
    one_day = interest(100_000_00, due, due + dt.timedelta(days=1), SCHEDULE)
    # 100 000 kr × 12,50 % / 365 = 34,246... kr
    assert one_day.exact == Fraction(100_000_00 * 1250, 10_000 * 365)
    assert one_day.ore == 3425
    assert one_day.first_day == D(2025, 3, 4)


def test_simple_interest_actual_over_365_also_in_a_leap_year() -> None:
    # 2028 is a leap year: 366 days of interest still count /365.
    rates = RateSchedule(
        tuple(InterestRate(D(y, m, 1), 1000) for y in (2027, 2028) for m in (1, 7))
    )
    result = interest(365_00, D(2027, 12, 31), D(2028, 12, 31), rates)
    assert sum(s.days for s in result.segments) == 366
    assert result.exact == Fraction(365_00 * 1000 * 366, 10_000 * 365)
    assert result.ore == 3660


def test_period_across_1_july_is_split_with_each_half_years_rate() -> None:
    result = interest(10_000_00, D(2025, 6, 20), D(2025, 7, 10), SCHEDULE)
    assert [(s.first_day, s.last_day, s.rate_bp) for s in result.segments] == [
        (D(2025, 6, 21), D(2025, 6, 30), 1250),
        (D(2025, 7, 1), D(2025, 7, 10), 1225),
    ]
    expected = exact_interest(10_000_00, 1250, 10) + exact_interest(10_000_00, 1225, 10)
    assert result.exact == expected
    assert result.ore == round_half_up(expected)
    assert sum(s.ore for s in result.segments) == result.ore


def test_the_boundary_days_belong_to_their_half_year() -> None:
    last_h1 = interest(10_000_00, D(2025, 6, 29), D(2025, 6, 30), SCHEDULE)
    first_h2 = interest(10_000_00, D(2025, 6, 30), D(2025, 7, 1), SCHEDULE)
    assert last_h1.segments[0].rate_bp == 1250
    assert first_h2.segments[0].rate_bp == 1225


def test_payments_lower_the_balance_from_the_next_day() -> None:
    due = D(2025, 3, 1)
    paid_half = interest_on_balance(due, D(2025, 3, 21), 20_000_00, [(D(2025, 3, 11), 10_000_00)],
                                    SCHEDULE)  # fmt: skip
    assert [(s.days, s.principal_ore) for s in paid_half.segments] == [
        (10, 20_000_00),
        (10, 10_000_00),
    ]
    # A payment on or before the due date costs no interest at all.
    early = interest_on_balance(due, D(2025, 4, 1), 20_000_00, [(due, 20_000_00)], SCHEDULE)
    assert early.ore == 0
    # Paid in full ten days late: ten days, then nothing, and no rate needed after.
    late = interest_on_balance(due, D(2030, 1, 1), 20_000_00, [(D(2025, 3, 11), 20_000_00)],
                               SCHEDULE)  # fmt: skip
    assert late.exact == exact_interest(20_000_00, 1250, 10)


def test_a_missing_rate_is_an_error() -> None:
    with pytest.raises(MissingRate, match="rates add interest"):
        interest(100_00, D(2024, 12, 1), D(2025, 1, 10), SCHEDULE)


def test_a_rate_is_not_carried_past_its_half_year() -> None:
    assert interest(100_00, D(2027, 6, 1), D(2027, 6, 30), SCHEDULE).ore > 0
    with pytest.raises(MissingRate, match=r"01\.07\.2027"):
        interest(100_00, D(2027, 6, 1), D(2027, 7, 1), SCHEDULE)
    gap = RateSchedule((InterestRate(D(2025, 1, 1), 1250), InterestRate(D(2026, 1, 1), 1200)))
    with pytest.raises(MissingRate, match=r"01\.07\.2025"):
        interest(100_00, D(2025, 6, 1), D(2025, 7, 1), gap)


def test_bad_input() -> None:
    with pytest.raises(ValidationError):
        interest(-1, D(2025, 1, 1), D(2025, 2, 1), SCHEDULE)
    with pytest.raises(ValidationError):
        RateSchedule((InterestRate(D(2025, 1, 1), 100), InterestRate(D(2025, 1, 1), 200)))
    with pytest.raises(ValidationError):
        InterestRate(D(2025, 1, 1), 10_001)


def test_format_rate() -> None:
    assert format_rate(1225) == "12,25 %"
    assert format_rate(800) == "8,00 %"


DAYS = st.integers(min_value=0, max_value=900)
AMOUNTS = st.integers(min_value=0, max_value=10**11)
START = D(2025, 1, 1)


@settings(max_examples=200, deadline=None)
@given(AMOUNTS, DAYS, DAYS, DAYS)
def test_interest_over_a_split_period_is_the_sum_of_its_parts(
    principal: int, a: int, b: int, c: int
) -> None:
    due, middle, until = (START + dt.timedelta(days=x) for x in sorted((a, b, c)))
    whole = interest(principal, due, until, SCHEDULE)
    first = interest(principal, due, middle, SCHEDULE)
    second = interest(principal, middle, until, SCHEDULE)
    assert whole.exact == first.exact + second.exact
    # Rounded to øre, the parts may differ from the whole by at most one øre.
    assert abs(whole.ore - (first.ore + second.ore)) <= 1
    # Printed parts always add up to the printed total.
    assert sum(s.ore for s in whole.segments) == whole.ore
    assert all(s.ore >= 0 for s in whole.segments)


@settings(max_examples=100, deadline=None)
@given(AMOUNTS, DAYS, st.lists(st.tuples(DAYS, st.integers(0, 10**9)), max_size=5))
def test_balance_interest_is_the_sum_over_its_runs(
    opening: int, length: int, payments: list[tuple[int, int]]
) -> None:
    due = START
    until = due + dt.timedelta(days=length)
    reductions = [(due + dt.timedelta(days=d), amount) for d, amount in payments]
    result = interest_on_balance(due, until, opening, reductions, SCHEDULE)
    # Day by day, on the balance owed that day, at that day's rate.
    expected = Fraction(0)
    for n in range(1, length + 1):
        day = due + dt.timedelta(days=n)
        owed = opening - sum(a for d, a in reductions if d < day)
        if owed > 0:
            expected += exact_interest(owed, SCHEDULE.rate_on(day).rate_bp, 1)
    assert result.exact == expected
    assert result.ore == round_half_up(expected)
    assert sum(s.ore for s in result.segments) == result.ore
