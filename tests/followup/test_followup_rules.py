"""The follow-up rules of Norwegian law, each with dates on both sides of its limit."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from reskontro.domain.followup import (
    Bucket,
    ClaimState,
    FeeRounding,
    FollowupPolicy,
    Inkassosats,
    LetterKind,
    RateTable,
    Regime,
    RegimeChange,
    SentLetter,
    Skip,
    bucket_of,
    deadline_from,
    decide_handoff,
    decide_notice,
    decide_reminder,
    easter_sunday,
    fee_for,
    is_overdue,
    is_working_day,
    parse_rates,
    percent_to_bp,
)
from reskontro.domain.interest import MissingRate
from reskontro.errors import ValidationError
from reskontro.services.followup import shipped_rates

if TYPE_CHECKING:
    from reskontro.domain.followup import (
        Decision,
    )

D = dt.date
DUE = D(2025, 3, 3)  # a Monday
TABLE = RateTable(
    inkassosats=(
        Inkassosats(D(2019, 1, 1), 70000, FeeRounding.ORE),
        Inkassosats(D(2026, 1, 1), 75000, FeeRounding.KRONE, verify=True),
    )
)
POLICY = FollowupPolicy(min_open_ore=0)


def fee_of(decision: Decision) -> int:
    assert decision.fee is not None
    return decision.fee.fee_ore


def days(n: int, start: dt.date = DUE) -> dt.date:
    return start + dt.timedelta(days=n)


# -- aging ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("past_due", "bucket"),
    [(-5, Bucket.NOT_DUE), (0, Bucket.NOT_DUE), (1, Bucket.DAYS_0_30), (30, Bucket.DAYS_0_30),
     (31, Bucket.DAYS_31_60), (60, Bucket.DAYS_31_60), (61, Bucket.DAYS_61_90),
     (90, Bucket.DAYS_61_90), (91, Bucket.OVER_90), (400, Bucket.OVER_90)],
)  # fmt: skip
def test_aging_buckets_at_each_limit(past_due: int, bucket: Bucket) -> None:
    assert bucket_of(DUE, days(past_due)) is bucket


def test_the_due_date_itself_is_in_time() -> None:
    assert not is_overdue(DUE, 100, DUE)
    assert is_overdue(DUE, 100, days(1))
    assert not is_overdue(DUE, 0, days(10))


# -- fee: 1/20 of the inkassosats on the sending day, sent >= 14 days after due ------------


def test_fee_only_from_fourteen_days_after_due() -> None:
    before = fee_for(LetterKind.REMINDER, DUE, days(13), (), TABLE)
    on = fee_for(LetterKind.REMINDER, DUE, days(14), (), TABLE)
    assert before.fee_ore == 0
    assert "14 days" in before.reason
    assert on.fee_ore == 3500


def test_inkassovarsel_fee_has_the_same_limit() -> None:
    assert fee_for(LetterKind.NOTICE, DUE, days(13), (), TABLE).fee_ore == 0
    assert fee_for(LetterKind.NOTICE, DUE, days(14), (), TABLE).fee_ore == 3500


def test_fee_uses_the_sats_in_force_on_the_sending_day() -> None:
    due = D(2025, 12, 1)
    assert fee_for(LetterKind.REMINDER, due, D(2025, 12, 31), (), TABLE).fee_ore == 3500
    assert fee_for(LetterKind.REMINDER, due, D(2026, 1, 1), (), TABLE).fee_ore == 3800


def test_fee_rounding() -> None:
    assert Inkassosats(D(2026, 1, 1), 75000, FeeRounding.KRONE).fee_ore == 3800  # 37,50 → 38
    assert Inkassosats(D(2026, 1, 1), 75000, FeeRounding.ORE).fee_ore == 3750
    assert Inkassosats(D(2019, 1, 1), 70000, FeeRounding.KRONE).fee_ore == 3500
    assert Inkassosats(D(2019, 1, 1), 74900, FeeRounding.KRONE).fee_ore == 3700  # 37,45 → 37
    with pytest.raises(ValidationError):
        Inkassosats(D(2019, 1, 1), 0)


def test_missing_sats_is_an_error_not_a_zero() -> None:
    with pytest.raises(MissingRate, match="inkassosats"):
        fee_for(LetterKind.REMINDER, D(2018, 1, 1), D(2018, 2, 1), (), TABLE)


def first_letter(kind: LetterKind = LetterKind.REMINDER, sent: int = 14, span: int = 14,
                 fee: int = 3500) -> SentLetter:  # fmt: skip
    return SentLetter(kind, days(sent), days(sent + span), fee)


def test_second_fee_only_after_the_first_deadline_was_missed() -> None:
    first = first_letter()
    on_deadline = fee_for(LetterKind.REMINDER, DUE, first.deadline, (first,), TABLE)
    after = fee_for(LetterKind.REMINDER, DUE, days(1, first.deadline), (first,), TABLE)
    assert on_deadline.fee_ore == 0
    assert "has not passed" in on_deadline.reason
    assert after.fee_ore == 3500


def test_second_fee_needs_a_fourteen_day_deadline_in_the_first_letter() -> None:
    short = first_letter(span=13)
    full = first_letter(span=14)
    assert fee_for(LetterKind.REMINDER, DUE, days(60), (short,), TABLE).fee_ore == 0
    assert fee_for(LetterKind.REMINDER, DUE, days(60), (full,), TABLE).fee_ore == 3500


def test_never_more_than_two_fees() -> None:
    first = first_letter()
    second = SentLetter(LetterKind.REMINDER, days(40), days(54), 3500)
    third = fee_for(LetterKind.NOTICE, DUE, days(80), (first, second), TABLE)
    assert third.fee_ore == 0
    assert "2 fees" in third.reason
    # One fee so far: the notice may carry the second.
    assert fee_for(LetterKind.NOTICE, DUE, days(40), (first,), TABLE).fee_ore == 3500


def test_fee_free_letters_do_not_count() -> None:
    free = SentLetter(LetterKind.REMINDER, days(3), days(17), 0)
    assert fee_for(LetterKind.REMINDER, DUE, days(18), (free,), TABLE).fee_ore == 3500


def test_no_reminder_fee_after_an_inkassovarsel_fee() -> None:
    notice = first_letter(LetterKind.NOTICE)
    assert fee_for(LetterKind.REMINDER, DUE, days(60), (notice,), TABLE).fee_ore == 0
    assert fee_for(LetterKind.NOTICE, DUE, days(60), (notice,), TABLE).fee_ore == 0


def test_new_inkassolov_regime_switches_fees_off_on_its_date() -> None:
    table = TABLE.merged(regimes=(RegimeChange(D(2027, 1, 1), Regime.INKASSOLOV_2026),))
    due = D(2026, 11, 1)
    assert fee_for(LetterKind.REMINDER, due, D(2026, 12, 31), (), table).fee_ore == 3800
    assert fee_for(LetterKind.REMINDER, due, D(2027, 1, 1), (), table).fee_ore == 0
    claim = ClaimState(due, 10000)
    assert decide_notice(claim, D(2026, 12, 31), POLICY, table, require_reminder=False).send
    late = decide_notice(claim, D(2027, 1, 1), POLICY, table, require_reminder=False)
    assert late.skip is Skip.NOT_ALLOWED


# -- deadline: at least 14 days, ends on a working day ------------------------------------


def test_deadline_is_at_least_fourteen_days() -> None:
    with pytest.raises(ValidationError, match="at least 14"):
        deadline_from(DUE, 13)
    assert deadline_from(DUE, 14) == days(14)  # Monday → Monday, the same weekday
    assert deadline_from(DUE, 21) == days(21)


def test_deadline_moves_off_weekends_and_holidays() -> None:
    saturday = D(2025, 11, 1)
    assert deadline_from(D(2025, 10, 18)) == D(2025, 11, 3)  # Saturday → Monday
    assert saturday.weekday() == 5
    # 17 May 2027 is a Monday and a holiday: the deadline ends on Tuesday.
    assert deadline_from(D(2027, 5, 3)) == D(2027, 5, 18)
    # Easter 2026: Maundy Thursday 2 April, Good Friday 3, Easter Monday 6.
    assert easter_sunday(2026) == D(2026, 4, 5)
    assert deadline_from(D(2026, 3, 19)) == D(2026, 4, 7)
    assert not is_working_day(D(2026, 5, 14))  # Ascension Day
    assert is_working_day(D(2026, 5, 13))


@pytest.mark.parametrize("year", range(2020, 2035))
def test_easter_falls_on_a_sunday_in_spring(year: int) -> None:
    day = easter_sunday(year)
    assert day.weekday() == 6
    assert D(year, 3, 22) <= day <= D(year, 4, 25)


# -- the reminder run's decision -----------------------------------------------------------


def test_first_reminder_after_the_policy_days() -> None:
    claim = ClaimState(DUE, 10000)
    assert decide_reminder(claim, days(13), POLICY, TABLE).skip is Skip.TOO_EARLY
    sent = decide_reminder(claim, days(14), POLICY, TABLE)
    assert sent.send
    assert fee_of(sent) == 3500
    assert sent.deadline == days(28)
    assert sent.level == 1


def test_early_reminder_goes_without_fee() -> None:
    policy = FollowupPolicy(first_reminder_days=1, min_open_ore=0)
    claim = ClaimState(DUE, 10000)
    assert decide_reminder(claim, DUE, policy, TABLE).skip is Skip.NOT_OVERDUE
    early = decide_reminder(claim, days(1), policy, TABLE)
    assert early.send
    assert fee_of(early) == 0


def test_second_reminder_waits_for_deadline_and_grace() -> None:
    policy = FollowupPolicy(max_reminders=2, grace_days=3, min_open_ore=0)
    first = first_letter()
    claim = ClaimState(DUE, 10000, (first,))
    assert decide_reminder(claim, days(3, first.deadline), policy, TABLE).skip is (
        Skip.DEADLINE_RUNNING
    )
    second = decide_reminder(claim, days(4, first.deadline), policy, TABLE)
    assert second.send
    assert second.level == 2
    assert fee_of(second) == 3500


def test_max_reminders_then_the_notice() -> None:
    claim = ClaimState(DUE, 10000, (first_letter(),))
    assert decide_reminder(claim, days(60), POLICY, TABLE).skip is Skip.MAX_REMINDERS
    notice = decide_notice(claim, days(60), POLICY, TABLE)
    assert notice.send
    assert fee_of(notice) == 3500  # purring + inkassovarsel


@pytest.mark.parametrize(
    ("claim", "skip"),
    [
        (ClaimState(DUE, 10000, disputed=True), Skip.DISPUTED),
        (ClaimState(DUE, 10000, hold="customer: bankruptcy"), Skip.ON_HOLD),
        (ClaimState(DUE, 10000, handed_over=True), Skip.HANDED_OVER),
        (ClaimState(DUE, 10000, customer_credit_ore=500), Skip.CREDIT),
        (ClaimState(DUE, 0), Skip.PAID),
        (ClaimState(DUE, 99), Skip.SMALL),
    ],
)
def test_claims_that_get_no_letter(claim: ClaimState, skip: Skip) -> None:
    policy = FollowupPolicy(min_open_ore=100)
    assert decide_reminder(claim, days(30), policy, TABLE).skip is skip
    assert decide_notice(claim, days(30), policy, TABLE, require_reminder=False).skip is skip


def test_small_amount_limit_is_inclusive() -> None:
    policy = FollowupPolicy(min_open_ore=100)
    assert decide_reminder(ClaimState(DUE, 100), days(30), policy, TABLE).send


# -- inkassovarsel ------------------------------------------------------------------------


def test_notice_only_after_the_due_date() -> None:
    claim = ClaimState(DUE, 10000)
    assert decide_notice(claim, DUE, POLICY, TABLE, require_reminder=False).skip is (
        Skip.NOT_OVERDUE
    )
    day_after = decide_notice(claim, days(1), POLICY, TABLE, require_reminder=False)
    assert day_after.send
    assert fee_of(day_after) == 0  # too early for a fee
    assert day_after.deadline == deadline_from(days(1))
    assert day_after.deadline is not None
    assert (day_after.deadline - days(1)).days >= 14


def test_notice_needs_a_reminder_unless_combined() -> None:
    claim = ClaimState(DUE, 10000)
    assert decide_notice(claim, days(20), POLICY, TABLE).skip is Skip.NO_REMINDER
    combined = decide_notice(claim, days(20), POLICY, TABLE, require_reminder=False)
    assert fee_of(combined) == 3500  # one fee, not two


def test_notice_is_sent_once_and_not_while_a_deadline_runs() -> None:
    reminder = first_letter()
    claim = ClaimState(DUE, 10000, (reminder,))
    assert decide_notice(claim, reminder.deadline, POLICY, TABLE).skip is Skip.DEADLINE_RUNNING
    notice = SentLetter(LetterKind.NOTICE, days(40), days(54), 3500)
    twice = ClaimState(DUE, 10000, (reminder, notice))
    assert decide_notice(twice, days(80), POLICY, TABLE).skip is Skip.NOTICE_SENT
    assert decide_reminder(twice, days(80), POLICY, TABLE).skip is Skip.NOTICE_SENT


def test_handoff_after_the_notice_deadline_and_grace() -> None:
    policy = FollowupPolicy(grace_days=3)
    notice = SentLetter(LetterKind.NOTICE, days(20), days(34), 3500)
    claim = ClaimState(DUE, 10000, (notice,))
    assert decide_handoff(claim, days(3, notice.deadline), policy).skip is Skip.DEADLINE_RUNNING
    assert decide_handoff(claim, days(4, notice.deadline), policy).send
    assert decide_handoff(ClaimState(DUE, 10000), days(90), policy).skip is Skip.NO_NOTICE
    disputed = ClaimState(DUE, 10000, (notice,), disputed=True)
    assert decide_handoff(disputed, days(90), policy).skip is Skip.DISPUTED


def test_policy_cannot_break_the_law() -> None:
    with pytest.raises(ValidationError, match="at least 14"):
        FollowupPolicy(deadline_days=10)
    with pytest.raises(ValidationError):
        FollowupPolicy(max_reminders=3)
    with pytest.raises(ValidationError):
        FollowupPolicy(first_reminder_days=0)


# -- the dated data -----------------------------------------------------------------------


def test_shipped_rates_hold_the_specs_values_with_verify_marks() -> None:
    table = shipped_rates()
    assert table.inkassosats_on(D(2025, 6, 1)).fee_ore == 3500
    sats_2026 = table.inkassosats_on(D(2026, 6, 1))
    assert sats_2026.amount_ore == 75000
    assert sats_2026.fee_ore == 3800
    assert sats_2026.verify
    assert table.interest.rate_on(D(2025, 3, 1)).rate_bp == 1250
    assert not table.interest.rate_on(D(2025, 3, 1)).verify
    assert table.interest.rate_on(D(2025, 7, 1)).rate_bp == 1225
    assert table.interest.rate_on(D(2026, 1, 1)).rate_bp == 1200
    assert table.interest.rate_on(D(2026, 6, 30)).rate_bp == 1200
    assert table.interest.rate_on(D(2026, 7, 1)).rate_bp == 1225
    assert table.interest.rate_on(D(2026, 7, 1)).verify
    assert all(
        r.rate_bp == r.policy_rate_bp + 800
        for r in table.interest.rates
        if r.policy_rate_bp is not None
    )
    assert table.regime_on(D(2026, 1, 1)) is Regime.FORSKRIFT_2020


def test_rates_parse_errors_say_where() -> None:
    with pytest.raises(ValidationError, match="inkassosats #1"):
        parse_rates('[[inkassosats]]\nvalid_from = "soon"\namount = "700"\n')
    with pytest.raises(ValidationError, match="two decimals"):
        parse_rates('[[interest]]\nvalid_from = 2025-01-01\nrate = "12.125"\n')
    with pytest.raises(ValidationError, match="regime #1"):
        parse_rates('[[regime]]\nvalid_from = 2025-01-01\nname = "nope"\n')
    with pytest.raises(ValidationError, match=r"rates\.toml"):
        parse_rates("[[interest]\n")


def test_a_later_row_for_the_same_date_replaces_the_shipped_one() -> None:
    table = shipped_rates().merged(inkassosats=(Inkassosats(D(2026, 1, 1), 76000),))
    assert table.inkassosats_on(D(2026, 2, 1)).amount_ore == 76000
    assert len([s for s in table.inkassosats if s.valid_from == D(2026, 1, 1)]) == 1


def test_percent_to_bp() -> None:
    assert percent_to_bp("12.25", "x") == 1225
    assert percent_to_bp("12,5 %", "x") == 1250
    with pytest.raises(ValidationError):
        percent_to_bp("twelve", "x")
