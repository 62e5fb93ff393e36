"""Christmas Eve and New Year's Eve: working days for a deadline, but no bank days
(Norwegian banks and Nets settle nothing on 24 and 31 December)."""

from __future__ import annotations

import datetime as dt

import pytest

from reskontro.domain.calendar import (
    add_bank_days,
    bank_days_back,
    bank_holidays,
    is_bank_day,
    is_working_day,
    previous_bank_day,
    public_holidays,
)
from reskontro.domain.followup import deadline_from
from reskontro.domain.followup_pace import (
    BankFacts,
    PaceCode,
    arrival_day,
    covered_through,
    payments_not_in,
    stale,
)

D = dt.date


@pytest.mark.parametrize("year", [2025, 2026, 2027, 2030])
def test_christmas_eve_and_new_years_eve_are_bank_holidays_only(year: int) -> None:
    for day in (D(year, 12, 24), D(year, 12, 31)):
        assert day in bank_holidays(year)
        assert day not in public_holidays(year)
        assert not is_bank_day(day)
        assert is_working_day(day) == (day.weekday() < 5)
    assert public_holidays(year) <= bank_holidays(year)
    assert is_bank_day(D(year, 12, 23)) == (D(year, 12, 23).weekday() < 5)


def test_a_deadline_may_still_fall_on_christmas_eve() -> None:
    # 10 December 2026 + 14 days: Thursday 24 December, a working day (fristloven § 5).
    assert deadline_from(D(2026, 12, 10)) == D(2026, 12, 24)


def test_bank_days_skip_christmas_eve_and_new_years_eve() -> None:
    # Wednesday 23 December 2026: 24th closed, 25-26 holidays, 27 Sunday.
    assert add_bank_days(D(2026, 12, 23), 1) == D(2026, 12, 28)
    assert add_bank_days(D(2026, 12, 23), 2) == D(2026, 12, 29)
    # Wednesday 30 December: 31st closed, 1 January a holiday, then a weekend.
    assert add_bank_days(D(2026, 12, 30), 1) == D(2027, 1, 4)
    assert previous_bank_day(D(2026, 12, 28)) == D(2026, 12, 23)
    assert previous_bank_day(D(2027, 1, 4)) == D(2026, 12, 30)
    assert bank_days_back(D(2027, 1, 4), 2) == D(2026, 12, 29)


def test_payments_made_on_christmas_eve_wait_for_the_files_after_christmas() -> None:
    # A deadline on Christmas Eve: a payment made that day is settled on the 28th and
    # 29th (2 transit bank days); the file of the 30th covers the 29th.
    assert arrival_day(D(2026, 12, 24), 2) == D(2026, 12, 29)
    assert covered_through(D(2026, 12, 29)) == D(2026, 12, 28)
    waiting = payments_not_in(D(2026, 12, 24), covered_through(D(2026, 12, 29)), 2)
    assert waiting is not None
    assert waiting.code == PaceCode.PAYMENTS_NOT_IN
    assert payments_not_in(D(2026, 12, 24), covered_through(D(2026, 12, 30)), 2) is None


def test_the_file_of_the_23rd_is_fresh_after_christmas() -> None:
    # No file comes on Christmas Eve: on Monday 28th the 23rd's is one bank day old.
    facts = BankFacts(uses_bank_files=True, last_file_day=D(2026, 12, 23))
    assert stale(facts, D(2026, 12, 28), 1) is None
    assert stale(facts, D(2026, 12, 24), 1) is None
    old = stale(facts, D(2026, 12, 29), 1)
    assert old is not None
    assert old.code == PaceCode.BANK_FILE_OLD
