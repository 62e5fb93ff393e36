"""Periods of a recurring agreement: month ends, leap years, start and end, catch-up."""

from __future__ import annotations

import datetime as dt

from reskontro.domain.recurring import (
    Interval,
    Period,
    Schedule,
    Timing,
    add_months,
    invoice_date,
    period_text,
    periods,
)

D = dt.date


def test_start_on_31_january_gives_end_of_february_in_leap_and_common_years() -> None:
    assert [p.start for p in periods(Interval.MONTH, D(2028, 1, 31), None, D(2028, 3, 31))] == [
        D(2028, 1, 31), D(2028, 2, 29), D(2028, 3, 31),
    ]  # fmt: skip
    common = periods(Interval.MONTH, D(2027, 1, 31), None, D(2027, 3, 31))
    assert [p.start for p in common] == [D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 31)]
    assert common[0].end == D(2027, 2, 27)


def test_intervals_and_leap_day_start() -> None:
    assert add_months(D(2028, 2, 29), 12) == D(2029, 2, 28)
    yearly = periods(Interval.YEAR, D(2028, 2, 29), None, D(2032, 3, 1))
    assert [p.start for p in yearly] == [D(2028, 2, 29), D(2029, 2, 28), D(2030, 2, 28),
                                         D(2031, 2, 28), D(2032, 2, 29)]  # fmt: skip
    quarter = periods(Interval.QUARTER, D(2026, 1, 1), None, D(2026, 12, 31))
    assert [(p.start, p.end) for p in quarter][1] == (D(2026, 4, 1), D(2026, 6, 30))
    half = periods(Interval.HALF_YEAR, D(2026, 8, 31), None, D(2027, 3, 1))
    assert [p.start for p in half] == [D(2026, 8, 31), D(2027, 2, 28)]


def test_invoice_day_31_is_the_months_last_day_and_arrears_invoice_after() -> None:
    feb = Period(D(2027, 2, 1), D(2027, 2, 28))
    assert invoice_date(feb, Timing.ADVANCE, 31) == D(2027, 2, 28)
    assert invoice_date(feb, Timing.ARREARS) == D(2027, 3, 1)
    assert invoice_date(feb, Timing.ARREARS, 31) == D(2027, 3, 31)


def test_never_before_start_or_after_end() -> None:
    schedule = Schedule(Interval.MONTH, D(2026, 3, 15), D(2026, 5, 20))
    assert schedule.due(D(2026, 3, 14)) == []
    due = schedule.due(D(2030, 1, 1))
    assert [(p.start, p.end) for p in due] == [
        (D(2026, 3, 15), D(2026, 4, 14)),
        (D(2026, 4, 15), D(2026, 5, 14)),
        (D(2026, 5, 15), D(2026, 5, 20)),
    ]
    assert schedule.next_after(D(2026, 5, 15)) is None
    # the end on a period's first day still gives that (one-day) period; a day less, not
    ends = Schedule(Interval.MONTH, D(2026, 1, 1), D(2026, 2, 1)).due(D(2026, 12, 1))
    assert ends[-1] == Period(D(2026, 2, 1), D(2026, 2, 1))
    assert len(Schedule(Interval.MONTH, D(2026, 1, 1), D(2026, 1, 31)).due(D(2026, 12, 1))) == 1


def test_catch_up_lists_every_missed_period_after_the_last_invoiced() -> None:
    schedule = Schedule(Interval.MONTH, D(2026, 1, 1))
    assert [p.start.month for p in schedule.due(D(2026, 4, 1), D(2026, 1, 1))] == [2, 3, 4]
    assert schedule.next_after(D(2026, 4, 1)) == (
        Period(D(2026, 5, 1), D(2026, 5, 31)),
        D(2026, 5, 1),
    )


def test_period_text() -> None:
    assert period_text(Period(D(2026, 12, 1), D(2026, 12, 31))) == "Periode 01.12.2026–31.12.2026"
