"""Follow-up of unpaid invoices: aging, reminders (purring), inkassovarsel, hand-off.

Pure rules over dates and amounts; the service feeds them what the books say. The law
(``docs/followup.md`` quotes it with sources):

* **Fee** (inkassoforskriften § 1-2): a written reminder or an inkassovarsel sent **at
  least 14 days after the due date** may carry **1/20 of the inkassosats in force on
  the day it is sent**. The sats is dated data (:class:`RateTable`), never a constant.
* **At most two fees per claim** (§ 1-3): two reminders, or one reminder and one
  inkassovarsel; the second only after the debtor let a deadline of at least 14 days,
  set in the first fee letter, pass unpaid. Never two inkassovarsel fees, and no
  reminder fee after an inkassovarsel fee.
* **Deadline** of a reminder and of an inkassovarsel: **at least 14 days from the day
  it is sent** (inkassoloven § 9); a deadline falling on a Saturday, Sunday or public
  holiday moves to the next working day (fristloven § 5), which only lengthens it.
* **Inkassovarsel only after the due date** (§ 9 first paragraph a); it may go the day
  after, then without a fee.
* **A disputed claim** gets no reminders, notices or hand-off (inkassoloven § 17).
* A deadline counts as missed only some **grace days** after it ends, because a payment
  is in time when the payer's bank received the order by the deadline.

The decisions are here (:func:`decide_reminder`, :func:`decide_notice`,
:func:`decide_handoff`); the values they read and return, aging, deadlines and fees are
in :mod:`reskontro.domain.followup_claims`, the dated inkassosats and regime in
:mod:`reskontro.domain.followup_rates`. Every name stays importable from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from reskontro.domain.calendar import easter_sunday, is_working_day, public_holidays
from reskontro.domain.followup_claims import (
    FEE_AFTER_DAYS,
    MAX_FEES,
    MIN_DEADLINE_DAYS,
    Bucket,
    ClaimState,
    Decision,
    FeeDecision,
    FollowupPolicy,
    LetterKind,
    SentLetter,
    Skip,
    bucket_of,
    days_past_due,
    deadline_from,
    fee_decision,
    fee_for,
    is_overdue,
)
from reskontro.domain.followup_codes import Why
from reskontro.domain.followup_pace import (
    payments_not_in,
)
from reskontro.domain.followup_rates import (
    FEE_DIVISOR,
    FeeRounding,
    Inkassosats,
    RateTable,
    Regime,
    RegimeChange,
    parse_rates,
    percent_to_bp,
    rates_from_mapping,
)
from reskontro.messages import Message


def _skip(kind: Skip, code: Why, **params: dt.date | int | str | None) -> Decision:
    return Decision(send=False, why=Message.of(code, **params), skip=kind)


_HOLD_WHY = {
    (False, False): Why.ON_HOLD,
    (False, True): Why.ON_HOLD_UNTIL,
    (True, False): Why.CUSTOMER_ON_HOLD,
    (True, True): Why.CUSTOMER_ON_HOLD_UNTIL,
}


def _common_checks(claim: ClaimState, today: dt.date, policy: FollowupPolicy) -> Decision | None:
    if claim.open_ore <= 0:
        return _skip(Skip.PAID, Why.PAID)
    if not is_overdue(claim.due, claim.open_ore, today):
        return _skip(Skip.NOT_OVERDUE, Why.NOT_OVERDUE, due=claim.due)
    if claim.handed_over:
        return _skip(Skip.HANDED_OVER, Why.HANDED_OVER)
    if claim.disputed:
        return _skip(Skip.DISPUTED, Why.DISPUTED)
    if claim.hold is not None:
        code = _HOLD_WHY[claim.hold_on_customer, claim.hold_until is not None]
        return _skip(Skip.ON_HOLD, code, hold=claim.hold, until=claim.hold_until)
    if claim.open_ore < policy.min_open_ore:
        return _skip(Skip.SMALL, Why.BELOW_MINIMUM, minimum_ore=policy.min_open_ore)
    if claim.customer_credit_ore > 0:
        return _skip(Skip.CREDIT, Why.CUSTOMER_CREDIT, credit_ore=claim.customer_credit_ore)
    return None


def _deadline_running(claim: ClaimState, today: dt.date, policy: FollowupPolicy) -> Decision | None:
    if not claim.letters:
        return None
    last = max(claim.letters, key=lambda x: (x.sent_on, x.deadline))
    missed_from = last.deadline + dt.timedelta(days=policy.grace_days + 1)
    if today < missed_from:
        return _skip(
            Skip.DEADLINE_RUNNING, Why.DEADLINE_RUNNING, deadline=last.deadline,
            sent_on=last.sent_on, missed_from=missed_from,
        )  # fmt: skip
    return _payments_not_in(claim, last.deadline, policy)


def _payments_not_in(
    claim: ClaimState, deadline: dt.date, policy: FollowupPolicy
) -> Decision | None:
    """The bank files must cover a payment made on ``deadline`` (bank days)."""
    waiting = payments_not_in(deadline, claim.payments_through, policy.transit_bank_days)
    if waiting is None:
        return None
    return Decision(send=False, why=waiting, skip=Skip.PAYMENTS_NOT_IN)


def decide_reminder(
    claim: ClaimState, today: dt.date, policy: FollowupPolicy, table: RateTable
) -> Decision:
    """Whether a reminder run sends ``claim`` a reminder today, with fee and deadline."""
    blocked = _common_checks(claim, today, policy)
    if blocked is not None:
        return blocked
    if any(letter.kind is LetterKind.NOTICE for letter in claim.letters):
        return _skip(Skip.NOTICE_SENT, Why.NOTICE_SENT_NEXT)
    reminders = [x for x in claim.letters if x.kind is LetterKind.REMINDER]
    if len(reminders) >= policy.max_reminders:
        return _skip(Skip.MAX_REMINDERS, Why.MAX_REMINDERS, reminders=len(reminders))
    days = days_past_due(claim.due, today)
    if not reminders and days < policy.first_reminder_days:
        return _skip(
            Skip.TOO_EARLY, Why.TOO_EARLY_ONE_DAY if days == 1 else Why.TOO_EARLY, days=days,
            first_reminder_days=policy.first_reminder_days,
        )  # fmt: skip
    running = _deadline_running(claim, today, policy)
    if running is not None:
        return running
    fee = (
        fee_for(LetterKind.REMINDER, claim.due, today, claim.letters, table)
        if policy.charge_fees
        else fee_decision(0, Why.FEES_OFF)
    )
    deadline = deadline_from(today, policy.deadline_days)
    level = len(reminders) + 1
    why = Message.of(Why.REMINDER, level=level)
    return Decision(True, why, fee=fee, deadline=deadline, level=level)


def decide_notice(
    claim: ClaimState,
    today: dt.date,
    policy: FollowupPolicy,
    table: RateTable,
    *,
    require_reminder: bool = True,
) -> Decision:
    """Whether to send the inkassovarsel (inkassoloven § 9) today.

    Only after the due date; never twice; not while an earlier letter's deadline runs.
    Without a reminder before it (``require_reminder=False``) it is the combined
    "purring og inkassovarsel", which carries at most the one 1/20 fee.
    """
    if table.regime_on(today) is Regime.INKASSOLOV_2026:
        return _skip(Skip.NOT_ALLOWED, Why.NOT_ALLOWED)
    blocked = _common_checks(claim, today, policy)
    if blocked is not None:
        return blocked
    if any(letter.kind is LetterKind.NOTICE for letter in claim.letters):
        return _skip(Skip.NOTICE_SENT, Why.NOTICE_SENT)
    reminders = [x for x in claim.letters if x.kind is LetterKind.REMINDER]
    if require_reminder and not reminders:
        return _skip(Skip.NO_REMINDER, Why.NO_REMINDER)
    running = _deadline_running(claim, today, policy)
    if running is not None:
        return running
    fee = (
        fee_for(LetterKind.NOTICE, claim.due, today, claim.letters, table)
        if policy.charge_fees
        else fee_decision(0, Why.FEES_OFF)
    )
    deadline = deadline_from(today, policy.deadline_days)
    return Decision(True, Message.of(Why.NOTICE), fee=fee, deadline=deadline)


def decide_handoff(claim: ClaimState, today: dt.date, policy: FollowupPolicy) -> Decision:
    """Whether the claim is ripe for debt collection: the notice's deadline was missed."""
    blocked = _common_checks(claim, today, replace(policy, min_open_ore=0))
    if blocked is not None:
        return blocked
    notices = [x for x in claim.letters if x.kind is LetterKind.NOTICE]
    if not notices:
        return _skip(Skip.NO_NOTICE, Why.NO_NOTICE)
    if policy.self_collect:
        # The betalingsoppfordring is the last step before the hand-off.
        demands = [x for x in claim.letters if x.kind is LetterKind.DEMAND]
        if not demands:
            return _skip(Skip.NO_DEMAND, Why.NO_DEMAND)
        missed_from = demands[-1].deadline + dt.timedelta(days=policy.grace_days + 1)
        if today < missed_from:
            return _skip(
                Skip.DEADLINE_RUNNING, Why.DEMAND_DEADLINE_RUNNING,
                deadline=demands[-1].deadline, missed_from=missed_from,
            )  # fmt: skip
        waiting = _payments_not_in(claim, demands[-1].deadline, policy)
        if waiting is not None:
            return waiting
        return Decision(True, Message.of(Why.DEMAND_DEADLINE_MISSED))
    missed_from = notices[-1].deadline + dt.timedelta(days=policy.grace_days + 1)
    if today < missed_from:
        return _skip(
            Skip.DEADLINE_RUNNING, Why.NOTICE_DEADLINE_RUNNING, deadline=notices[-1].deadline,
            missed_from=missed_from,
        )  # fmt: skip
    waiting = _payments_not_in(claim, notices[-1].deadline, policy)
    if waiting is not None:
        return waiting
    return Decision(True, Message.of(Why.NOTICE_DEADLINE_MISSED))


__all__ = [
    "FEE_AFTER_DAYS",
    "FEE_DIVISOR",
    "MAX_FEES",
    "MIN_DEADLINE_DAYS",
    "Bucket",
    "ClaimState",
    "Decision",
    "FeeDecision",
    "FeeRounding",
    "FollowupPolicy",
    "Inkassosats",
    "LetterKind",
    "RateTable",
    "Regime",
    "RegimeChange",
    "SentLetter",
    "Skip",
    "bucket_of",
    "days_past_due",
    "deadline_from",
    "decide_handoff",
    "decide_notice",
    "decide_reminder",
    "easter_sunday",
    "fee_for",
    "is_overdue",
    "is_working_day",
    "parse_rates",
    "percent_to_bp",
    "public_holidays",
    "rates_from_mapping",
]
