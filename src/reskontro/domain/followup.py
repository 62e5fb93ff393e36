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
"""

from __future__ import annotations

import datetime as dt
import enum
import tomllib
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from reskontro.domain.calendar import easter_sunday, is_working_day, public_holidays
from reskontro.domain.followup_codes import FollowupError, Why
from reskontro.domain.followup_pace import (
    DEFAULT_FRESH_BANK_DAYS,
    DEFAULT_TRANSIT_BANK_DAYS,
    PaceCode,
    payments_not_in,
)
from reskontro.domain.interest import InterestRate, MissingRate, RateSchedule
from reskontro.domain.money import ore_from_text_decimal
from reskontro.errors import ValidationError
from reskontro.messages import Message

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

#: Inkassoforskriften § 1-2: a fee only for letters sent at least this long after due.
FEE_AFTER_DAYS = 14
#: Inkassoloven § 9 (and § 1-3 for the second fee): deadlines of at least 14 days.
MIN_DEADLINE_DAYS = 14
#: Inkassoforskriften § 1-3: fees per claim, in all.
MAX_FEES = 2
#: Inkassoforskriften § 1-2: the fee is one twentieth of the inkassosats.
FEE_DIVISOR = 20


class LetterKind(enum.StrEnum):
    REMINDER = "reminder"
    NOTICE = "inkassovarsel"
    #: Betalingsoppfordring (inkassoloven § 10): :mod:`reskontro.domain.self_collection`.
    DEMAND = "betalingsoppfordring"


class FeeRounding(enum.StrEnum):
    """How 1/20 of the inkassosats is rounded."""

    ORE = "ore"  #: to whole øre (half up)
    KRONE = "krone"  #: to whole kroner (half up): 750 / 20 = 37,50 → 38


class Regime(enum.StrEnum):
    """The reminder regime in force, switched on a date (data, like the rates)."""

    #: Inkassoforskriften kap. 1 as amended 2020: the creditor's own reminders and
    #: inkassovarsel carry 1/20 of the inkassosats.
    FORSKRIFT_2020 = "inkassoforskriften-2020"
    #: The new inkassolov (LOV-2026-05-22-19, VERIFY, in force when the King decides):
    #: only inkassoforetak send the statutory inkassovarsel, and the creditor's fee
    #: letters await a forskrift, so reminders carry no fee.
    INKASSOLOV_2026 = "inkassolov-2026"


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


# -- dated rates ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Inkassosats:
    valid_from: dt.date
    amount_ore: int
    fee_rounding: FeeRounding = FeeRounding.KRONE
    source: str = ""
    verify: bool = False

    def __post_init__(self) -> None:
        if self.amount_ore <= 0:
            raise ValidationError(Message.of(FollowupError.INKASSOSATS_POSITIVE), field="amount")

    @property
    def fee_ore(self) -> int:
        """1/20 of the sats, rounded as the row says.

        >>> Inkassosats(dt.date(2026, 1, 1), 75000).fee_ore
        3800
        """
        unit = 100 if self.fee_rounding is FeeRounding.KRONE else 1
        twentieth_units = self.amount_ore * 2 // (FEE_DIVISOR * unit)  # in half units
        return ((twentieth_units + 1) // 2) * unit


@dataclass(frozen=True, slots=True)
class RegimeChange:
    valid_from: dt.date
    regime: Regime
    source: str = ""
    verify: bool = False


@dataclass(frozen=True, slots=True)
class RateTable:
    """Every dated value follow-up needs: inkassosats, interest rates, regime."""

    inkassosats: tuple[Inkassosats, ...] = ()
    interest: RateSchedule = field(default_factory=lambda: RateSchedule(()))
    regimes: tuple[RegimeChange, ...] = ()

    def inkassosats_on(self, day: dt.date) -> Inkassosats:
        found = _latest(self.inkassosats, day)
        if found is None:
            raise MissingRate(Message.of(FollowupError.NO_INKASSOSATS, day=day))
        return found

    def regime_on(self, day: dt.date) -> Regime:
        found = _latest(self.regimes, day)
        return Regime.FORSKRIFT_2020 if found is None else found.regime

    def merged(
        self,
        inkassosats: Sequence[Inkassosats] = (),
        interest: Sequence[InterestRate] = (),
        regimes: Sequence[RegimeChange] = (),
    ) -> RateTable:
        """This table with ``...`` added; a row for a date already here replaces it."""

        return RateTable(
            _merge(self.inkassosats, inkassosats),
            RateSchedule(_merge(self.interest.rates, interest)),
            _merge(self.regimes, regimes),
        )


class _Dated(Protocol):
    @property
    def valid_from(self) -> dt.date: ...


_D = TypeVar("_D", bound=_Dated)


def _merge(old: Sequence[_D], new: Sequence[_D]) -> tuple[_D, ...]:
    by_date = {r.valid_from: r for r in old}
    by_date.update({r.valid_from: r for r in new})
    return tuple(by_date[d] for d in sorted(by_date))


def _latest(rows: Sequence[_D], day: dt.date) -> _D | None:
    found = None
    for row in sorted(rows, key=lambda r: r.valid_from):
        if row.valid_from > day:
            break
        found = row
    return found


def percent_to_bp(text: str, what: str) -> int:
    """``"12.25"`` or ``"12,25"`` (percent) → 1225; more than two decimals is an error."""
    try:
        value = Decimal(str(text).strip().removesuffix("%").strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(
            Message.of(FollowupError.NOT_A_PERCENTAGE, where=what, text=str(text))
        ) from None
    scaled = value * 100
    if not value.is_finite() or scaled != scaled.to_integral_value():
        raise ValidationError(
            Message.of(FollowupError.TOO_MANY_DECIMALS, where=what, text=str(text))
        )
    return int(scaled)


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValidationError(Message.of(FollowupError.VALID_FROM, where=where, value=str(value)))


def rates_from_mapping(data: Mapping[str, Any], origin: str = "rates") -> RateTable:
    """Read the ``[[inkassosats]]``, ``[[interest]]`` and ``[[regime]]`` tables."""
    sats = []
    for i, row in enumerate(data.get("inkassosats", []), start=1):
        where = f"{origin}: inkassosats #{i}"
        sats.append(
            Inkassosats(
                valid_from=_date(row.get("valid_from"), where),
                amount_ore=ore_from_text_decimal(str(row["amount"])),
                fee_rounding=FeeRounding(row.get("fee_rounding", "krone")),
                source=str(row.get("source", "")),
                verify=bool(row.get("verify", False)),
            )
        )
    rates = []
    for i, row in enumerate(data.get("interest", []), start=1):
        where = f"{origin}: interest #{i}"
        policy = row.get("policy_rate")
        rates.append(
            InterestRate(
                valid_from=_date(row.get("valid_from"), where),
                rate_bp=percent_to_bp(str(row["rate"]), where),
                policy_rate_bp=None if policy is None else percent_to_bp(str(policy), where),
                source=str(row.get("source", "")),
                verify=bool(row.get("verify", False)),
            )
        )
    regimes = []
    for i, row in enumerate(data.get("regime", []), start=1):
        where = f"{origin}: regime #{i}"
        try:
            regime = Regime(row["name"])
        except (KeyError, ValueError):
            allowed = ", ".join(r.value for r in Regime)
            raise ValidationError(
                Message.of(FollowupError.REGIME_NAME, where=where, allowed=allowed)
            ) from None
        regimes.append(
            RegimeChange(
                _date(row.get("valid_from"), where),
                regime,
                str(row.get("source", "")),
                bool(row.get("verify", False)),
            )
        )
    return RateTable().merged(sats, rates, regimes)


def parse_rates(text: str, origin: str = "rates.toml") -> RateTable:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(
            Message.of(FollowupError.RATES_FILE, where=origin, detail=str(exc))
        ) from None
    return rates_from_mapping(data, origin)


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


def _fee(ore: int, code: Why, **params: dt.date | int) -> FeeDecision:
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
        return _fee(0, Why.FEE_NEW_LAW)
    earliest = due + dt.timedelta(days=FEE_AFTER_DAYS)
    if sent_on < earliest:
        return _fee(0, Why.FEE_TOO_EARLY, days=FEE_AFTER_DAYS, earliest=earliest)
    fees = sorted((letter for letter in earlier if letter.fee_ore > 0), key=lambda x: x.sent_on)
    if len(fees) >= MAX_FEES:
        return _fee(0, Why.FEE_MAX, max_fees=MAX_FEES)
    if fees:
        first = fees[0]
        if first.kind is LetterKind.NOTICE:
            return _fee(0, Why.FEE_NOTICE_HAD_FEE)
        if (first.deadline - first.sent_on).days < MIN_DEADLINE_DAYS:
            return _fee(0, Why.FEE_SHORT_DEADLINE, days=MIN_DEADLINE_DAYS)
        if sent_on <= first.deadline:
            return _fee(0, Why.FEE_DEADLINE_RUNNING, deadline=first.deadline)
    sats = table.inkassosats_on(sent_on)
    what = Why.REMINDER_FEE if kind is LetterKind.REMINDER else Why.NOTICE_FEE
    return _fee(sats.fee_ore, what, sats_ore=sats.amount_ore, day=sent_on)


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
        else _fee(0, Why.FEES_OFF)
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
        else _fee(0, Why.FEES_OFF)
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
