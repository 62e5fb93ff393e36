"""What follow-up decides about: aging, deadlines, letters and their fees, the policy.

The values the rules of :mod:`reskontro.domain.followup` read and return
(:class:`ClaimState`, :class:`FollowupPolicy`, :class:`Decision`), the aging buckets,
the deadline of a letter, and :func:`fee_for`, the fee a letter may carry (the law is
quoted in :mod:`reskontro.domain.followup`).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.domain.calendar import is_working_day
from reskontro.domain.followup_codes import FollowupError, Why
from reskontro.domain.followup_pace import (
    DEFAULT_FRESH_BANK_DAYS,
    DEFAULT_TRANSIT_BANK_DAYS,
    PaceCode,
)
from reskontro.errors import ValidationError
from reskontro.messages import Message

if TYPE_CHECKING:
    from collections.abc import Sequence
from reskontro.domain.followup_rates import Regime

if TYPE_CHECKING:
    from reskontro.domain.followup_rates import RateTable

__all__ = [
    "FEE_AFTER_DAYS",
    "MAX_FEES",
    "MIN_DEADLINE_DAYS",
    "Bucket",
    "ClaimState",
    "Decision",
    "FeeDecision",
    "FollowupPolicy",
    "LetterKind",
    "SentLetter",
    "Skip",
    "bucket_of",
    "days_past_due",
    "deadline_from",
    "fee_decision",
    "fee_for",
    "is_overdue",
]

#: Inkassoforskriften § 1-2: a fee only for letters sent at least this long after due.
FEE_AFTER_DAYS = 14
#: Inkassoloven § 9 (and § 1-3 for the second fee): deadlines of at least 14 days.
MIN_DEADLINE_DAYS = 14
#: Inkassoforskriften § 1-3: fees per claim, in all.
MAX_FEES = 2


class LetterKind(enum.StrEnum):
    REMINDER = "reminder"
    NOTICE = "inkassovarsel"
    #: Betalingsoppfordring (inkassoloven § 10): :mod:`reskontro.domain.self_collection`.
    DEMAND = "betalingsoppfordring"


class Bucket(enum.StrEnum):
    """Aging buckets by whole days past the due date (the due date itself is day 0)."""

    NOT_DUE = "not_due"  #: due today or later
    DAYS_0_30 = "0-30"  #: 1-30 days past due
    DAYS_31_60 = "31-60"
    DAYS_61_90 = "61-90"
    OVER_90 = "90+"


def days_past_due(due: dt.date, today: dt.date) -> int:
    return (today - due).days


def bucket_of(due: dt.date, today: dt.date) -> Bucket:
    """The aging bucket of an item due on ``due``, seen on ``today``.

    >>> bucket_of(dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    <Bucket.DAYS_0_30: '0-30'>
    >>> bucket_of(dt.date(2026, 1, 1), dt.date(2026, 2, 1))
    <Bucket.DAYS_31_60: '31-60'>
    """
    days = days_past_due(due, today)
    if days <= 0:
        return Bucket.NOT_DUE
    if days <= 30:
        return Bucket.DAYS_0_30
    if days <= 60:
        return Bucket.DAYS_31_60
    if days <= 90:
        return Bucket.DAYS_61_90
    return Bucket.OVER_90


def is_overdue(due: dt.date, open_ore: int, today: dt.date) -> bool:
    """Overdue: something is open and the due date has passed (the due date is in time)."""
    return open_ore > 0 and today > due


# -- calendar ---------------------------------------------------------------------------


def deadline_from(sent_on: dt.date, days: int = MIN_DEADLINE_DAYS) -> dt.date:
    """The payment deadline of a letter sent on ``sent_on``: at least 14 days later.

    The last day is the same weekday as the sending day (Ot.prp. nr. 2 (1997-98)); a
    deadline that would end on a weekend or public holiday ends on the next working day.

    >>> deadline_from(dt.date(2026, 11, 25))
    datetime.date(2026, 12, 9)
    """
    if days < MIN_DEADLINE_DAYS:
        raise ValidationError(
            Message.of(FollowupError.DEADLINE_TOO_SHORT, days=days, minimum=MIN_DEADLINE_DAYS),
            field="deadline_days",
        )
    day = sent_on + dt.timedelta(days=days)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


# -- fees -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SentLetter:
    """A reminder or inkassovarsel already sent for the claim."""

    kind: LetterKind
    sent_on: dt.date
    deadline: dt.date
    fee_ore: int = 0


@dataclass(frozen=True, slots=True)
class FeeDecision:
    fee_ore: int
    #: Why (no) fee: a :class:`~reskontro.domain.followup_codes.Why` code.
    why: Message

    @property
    def reason(self) -> str:
        """Why, in English (logs and the audit trail; interfaces render :attr:`why`)."""
        return _english(self.why)


def _english(message: Message) -> str:
    from reskontro.i18n import render

    return render(message, "en")


def fee_decision(ore: int, code: Why, **params: dt.date | int) -> FeeDecision:
    """A fee decision: ``ore`` (0 for none) and why, as a code with parameters."""
    return FeeDecision(ore, Message.of(code, **params))


def fee_for(
    kind: LetterKind,
    due: dt.date,
    sent_on: dt.date,
    earlier: Sequence[SentLetter],
    table: RateTable,
) -> FeeDecision:
    """The fee a letter of ``kind`` sent on ``sent_on`` may carry, with the reason."""
    if table.regime_on(sent_on) is Regime.INKASSOLOV_2026:
        return fee_decision(0, Why.FEE_NEW_LAW)
    earliest = due + dt.timedelta(days=FEE_AFTER_DAYS)
    if sent_on < earliest:
        return fee_decision(0, Why.FEE_TOO_EARLY, days=FEE_AFTER_DAYS, earliest=earliest)
    fees = sorted((letter for letter in earlier if letter.fee_ore > 0), key=lambda x: x.sent_on)
    if len(fees) >= MAX_FEES:
        return fee_decision(0, Why.FEE_MAX, max_fees=MAX_FEES)
    if fees:
        first = fees[0]
        if first.kind is LetterKind.NOTICE:
            return fee_decision(0, Why.FEE_NOTICE_HAD_FEE)
        if (first.deadline - first.sent_on).days < MIN_DEADLINE_DAYS:
            return fee_decision(0, Why.FEE_SHORT_DEADLINE, days=MIN_DEADLINE_DAYS)
        if sent_on <= first.deadline:
            return fee_decision(0, Why.FEE_DEADLINE_RUNNING, deadline=first.deadline)
    sats = table.inkassosats_on(sent_on)
    what = Why.REMINDER_FEE if kind is LetterKind.REMINDER else Why.NOTICE_FEE
    return fee_decision(sats.fee_ore, what, sats_ore=sats.amount_ore, day=sent_on)


# -- what to do with a claim ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FollowupPolicy:
    """A company's follow-up settings (the law sets the limits, these the pace)."""

    #: Days after the due date before the first reminder (14 lets it carry a fee).
    first_reminder_days: int = 14
    #: Deadline in reminders and notices; at least 14.
    deadline_days: int = MIN_DEADLINE_DAYS
    #: Reminders before the inkassovarsel (0-2).
    max_reminders: int = 1
    #: Days after a deadline before it counts as missed (bank processing).
    grace_days: int = 3
    #: Charge the statutory fee where the law allows it.
    charge_fees: bool = True
    #: No letters for smaller open amounts.
    min_open_ore: int = 100
    #: The company collects its own claims: a betalingsoppfordring (inkassoloven § 10)
    #: after the inkassovarsel, and the hand-off only after its deadline.
    self_collect: bool = False
    #: Bank days a payment needs to reach the bank's file (:mod:`.followup_pace`).
    transit_bank_days: int = DEFAULT_TRANSIT_BANK_DAYS
    #: How old (bank days) the last bank file may be for a run to send.
    fresh_bank_days: int = DEFAULT_FRESH_BANK_DAYS

    def __post_init__(self) -> None:
        if self.deadline_days < MIN_DEADLINE_DAYS:
            raise ValidationError(
                Message.of(
                    FollowupError.POLICY_DEADLINE,
                    minimum=MIN_DEADLINE_DAYS,
                    days=self.deadline_days,
                ),
                field="deadline_days",
            )
        if not 0 <= self.max_reminders <= 2:
            raise ValidationError(
                Message.of(FollowupError.POLICY_MAX_REMINDERS), field="max_reminders"
            )
        if self.first_reminder_days < 1:
            raise ValidationError(
                Message.of(FollowupError.POLICY_FIRST_REMINDER), field="first_reminder_days"
            )
        if not 0 <= self.grace_days <= 30:
            raise ValidationError(Message.of(FollowupError.POLICY_GRACE), field="grace_days")
        if self.min_open_ore < 0:
            raise ValidationError(Message.of(FollowupError.POLICY_MINIMUM))
        if not 0 <= self.transit_bank_days <= 10:
            raise ValidationError(Message.of(PaceCode.POLICY_TRANSIT), field="transit_bank_days")
        if not 0 <= self.fresh_bank_days <= 10:
            raise ValidationError(Message.of(PaceCode.POLICY_FRESH), field="fresh_bank_days")


@dataclass(frozen=True, slots=True)
class ClaimState:
    """One invoice as follow-up sees it."""

    due: dt.date
    open_ore: int
    letters: tuple[SentLetter, ...] = ()
    disputed: bool = False
    #: The reason of an active hold on the invoice or its customer, if any.
    hold: str | None = None
    #: The last day of that hold, when it has one.
    hold_until: dt.date | None = None
    #: The hold is on the customer (every invoice of it), not on this invoice.
    hold_on_customer: bool = False
    handed_over: bool = False
    #: Money of the customer's not yet matched to invoices (payments, credit notes).
    customer_credit_ore: int = 0
    #: The last day the imported bank files cover (None: the company has none).
    payments_through: dt.date | None = None


class Skip(enum.StrEnum):
    PAID = "paid"
    NOT_OVERDUE = "not_overdue"
    HANDED_OVER = "handed_over"
    DISPUTED = "disputed"
    ON_HOLD = "on_hold"
    SMALL = "below_minimum"
    CREDIT = "customer_credit"
    NOTICE_SENT = "notice_sent"
    MAX_REMINDERS = "max_reminders"
    TOO_EARLY = "too_early"
    DEADLINE_RUNNING = "deadline_running"
    NO_REMINDER = "no_reminder"
    NOT_ALLOWED = "not_allowed"
    NO_NOTICE = "no_notice"
    DEMAND_SENT = "demand_sent"
    NO_DEMAND = "no_demand"
    NOT_SELF_COLLECTING = "not_self_collecting"
    #: The invoice is not in NOK: reminders, notices and their fees are NOK-only.
    NOT_NOK = "not_nok"
    PAYMENTS_NOT_IN = "payments_not_in"
    NO_ADDRESS = "no_address"


@dataclass(frozen=True, slots=True)
class Decision:
    """Send (with fee and deadline) or skip (with why)."""

    send: bool
    #: Why: a :class:`~reskontro.domain.followup_codes.Why` code.
    why: Message
    skip: Skip | None = None
    fee: FeeDecision | None = None
    deadline: dt.date | None = None
    #: Reminder number (1, 2) or 0 for an inkassovarsel.
    level: int = 0

    @property
    def reason(self) -> str:
        """Why, in English (logs and tests; interfaces render :attr:`why`)."""
        return _english(self.why)
