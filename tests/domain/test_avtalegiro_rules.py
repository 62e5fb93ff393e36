"""AvtaleGiro rules: lead time on both sides of each limit, weekends, Easter, 12 months."""

from __future__ import annotations

import datetime as dt

import pytest

from reskontro.domain import followup
from reskontro.domain.avtalegiro import (
    NOTICE_LINES,
    NOTICE_WIDTH,
    CancelDecision,
    ClaimDecision,
    ClaimState,
    NoticeLine,
    claim_window,
    customer_number_in,
    decide_cancellation,
    decide_claim,
    notice_text,
    short_name,
)
from reskontro.domain.calendar import easter_sunday, is_working_day, public_holidays

D = dt.date


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def test_calendar_still_importable_from_followup() -> None:
    assert followup.easter_sunday is easter_sunday
    assert followup.public_holidays is public_holidays
    assert followup.is_working_day is is_working_day


@pytest.mark.parametrize(
    ("now", "earliest"),
    [
        # Wednesday 25 November 2026: 4 days before 14:00, 5 from 14:00.
        (at(D(2026, 11, 25), 13, 59), D(2026, 11, 29)),
        (at(D(2026, 11, 25), 14, 0), D(2026, 11, 30)),
        # Friday: before 14:00 counted from Friday; after, the file is processed Monday.
        (at(D(2026, 11, 27), 13, 59), D(2026, 12, 1)),
        (at(D(2026, 11, 27), 14, 0), D(2026, 12, 4)),
        # Saturday and Sunday: processed Monday, at any hour.
        (at(D(2026, 11, 28), 9), D(2026, 12, 4)),
        (at(D(2026, 11, 29), 23, 59), D(2026, 12, 4)),
        # Easter 2026 (Sunday 5 April): Maundy Thursday 2.4 .. Easter Monday 6.4.
        # Tuesday 31.3: Wed 1.4, [Thu, Fri], Sat 4.4, [Sun, Mon], Tue 7.4, Wed 8.4.
        (at(D(2026, 3, 31), 10), D(2026, 4, 8)),
        # Wednesday 1.4 after 14:00: processed Tuesday 7.4 (the next working day).
        (at(D(2026, 4, 1), 15), D(2026, 4, 11)),
        # Maundy Thursday morning: a holiday, processed Tuesday 7.4 too.
        (at(D(2026, 4, 2), 8), D(2026, 4, 11)),
        # Before Easter's holidays begin, a window ending before them is unaffected.
        (at(D(2026, 3, 27), 9), D(2026, 3, 31)),
    ],
)
def test_earliest_due_date(now: dt.datetime, earliest: dt.date) -> None:
    window = claim_window(now)
    assert window.earliest == earliest
    assert decide_claim(earliest, window) is ClaimDecision.CLAIM
    assert decide_claim(earliest - dt.timedelta(days=1), window) is ClaimDecision.TOO_SOON


def test_twelve_months_ahead_at_most() -> None:
    window = claim_window(at(D(2026, 11, 25), 9))
    assert window.latest == D(2027, 11, 25)
    assert decide_claim(D(2027, 11, 25), window) is ClaimDecision.CLAIM
    assert decide_claim(D(2027, 11, 26), window) is ClaimDecision.TOO_FAR
    assert D(2027, 11, 25) in window
    assert D(2027, 11, 26) not in window
    assert "2027-11-25" not in window


def test_twelve_months_from_a_leap_day() -> None:
    assert claim_window(at(D(2028, 2, 29), 9)).latest == D(2029, 2, 28)


def test_window_across_new_year() -> None:
    # Thursday 31.12.2026 after 14:00: 1.1 is a holiday, processed Monday 4.1.2027.
    window = claim_window(at(D(2026, 12, 31), 15))
    assert window.processed_on == D(2027, 1, 4)
    assert window.earliest == D(2027, 1, 8)


@pytest.mark.parametrize(
    ("state", "open_ore", "today", "decision"),
    [
        (ClaimState.SENT, 1000, D(2026, 12, 1), CancelDecision.KEEP),
        (ClaimState.SENT, 400, D(2026, 12, 1), CancelDecision.CANCEL),
        (ClaimState.SENT, 0, D(2026, 12, 8), CancelDecision.CANCEL),
        (ClaimState.SENT, 0, D(2026, 12, 9), CancelDecision.TOO_LATE),
        (ClaimState.SETTLED, 0, D(2026, 12, 1), CancelDecision.KEEP),
        (ClaimState.CANCELLED, 0, D(2026, 12, 1), CancelDecision.KEEP),
    ],
)
def test_cancellation(
    state: ClaimState, open_ore: int, today: dt.date, decision: CancelDecision
) -> None:
    assert (
        decide_cancellation(
            state=state, claimed_ore=1000, open_ore=open_ore, due=D(2026, 12, 9), today=today
        )
        is decision
    )


def test_customer_number_from_kid_positions() -> None:
    assert customer_number_in("0030010000123458", 3, 8) == 300100
    assert customer_number_in("0000000000123458", 3, 8) is None
    assert customer_number_in("00300", 3, 8) is None
    assert customer_number_in("00AB0010000123458", 3, 8) is None


def test_short_name() -> None:
    assert short_name("Ærlige  Åse Øvrebø AS") == "Ærlige Åse"
    assert short_name("Łukasz") == "?ukasz"


def test_notice_text_fits_42_lines_of_80() -> None:
    lines = [NoticeLine(f"Linje {n} " + "x" * 100, 100 * n) for n in range(1, 61)]
    text = notice_text(
        invoice_number=7,
        invoice_date=D(2026, 11, 25),
        due=D(2026, 12, 9),
        lines=lines,
        total_ore=sum(x.amount_ore for x in lines),
    )
    rows = text.splitlines()
    assert len(rows) == NOTICE_LINES
    assert all(len(row) <= NOTICE_WIDTH for row in rows)
    assert rows[-2].startswith("21 linjer til")  # lines 40-60 summed in one row
    assert rows[-2].endswith(" 1 050,00")
    assert rows[-1].startswith("Å betale")
