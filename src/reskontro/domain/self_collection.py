"""Betalingsoppfordring (inkassoloven § 10): the last letter of a creditor that collects
its own claims, after the inkassovarsel's deadline and before the hand-off.

The debtor is asked to pay *or object* within at least 14 days (the texts and their
sources: :mod:`reskontro.formats.pdf.statutory`). The fee is three twentieths of the
inkassosats in force on the sending day (inkassoforskriften § 1-2 first paragraph,
third sentence), rounded as the sats row says (2026: 750 × 3/20 = 112,50 → 113 kr),
once per claim, and only after the debtor let a deadline of at least 14 days in a
reminder or inkassovarsel pass (§§ 1-2, 1-3). Pure: no database, no clock.
"""

from __future__ import annotations

import datetime as dt  # noqa: TC003 - the doctests use it
from typing import TYPE_CHECKING

from reskontro.domain.followup import (
    FEE_DIVISOR,
    MIN_DEADLINE_DAYS,
    Decision,
    FeeDecision,
    FeeRounding,
    LetterKind,
    Regime,
    Skip,
    _common_checks,
    _deadline_running,
    _skip,
    deadline_from,
)
from reskontro.domain.followup_codes import Why
from reskontro.messages import Message

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reskontro.domain.followup import (
        ClaimState,
        FollowupPolicy,
        Inkassosats,
        RateTable,
        SentLetter,
    )

#: Twentieths of the inkassosats a betalingsoppfordring may carry.
DEMAND_TWENTIETHS = 3


def demand_fee_of(sats: Inkassosats) -> int:
    """3/20 of the sats, rounded as the row says.

    >>> from reskontro.domain.followup import Inkassosats
    >>> demand_fee_of(Inkassosats(dt.date(2026, 1, 1), 75000))
    11300
    >>> demand_fee_of(Inkassosats(dt.date(2019, 1, 1), 70000))
    10500
    """
    unit = 100 if sats.fee_rounding is FeeRounding.KRONE else 1
    halves = sats.amount_ore * DEMAND_TWENTIETHS * 2 // (FEE_DIVISOR * unit)
    return ((halves + 1) // 2) * unit


def demand_fee(sent_on: dt.date, earlier: Sequence[SentLetter], table: RateTable) -> FeeDecision:
    """The fee a betalingsoppfordring sent on ``sent_on`` may carry, with the reason."""
    if table.regime_on(sent_on) is Regime.INKASSOLOV_2026:
        return FeeDecision(0, Message.of(Why.FEE_NEW_LAW))
    if any(x.kind is LetterKind.DEMAND and x.fee_ore > 0 for x in earlier):
        return FeeDecision(0, Message.of(Why.DEMAND_FEE_CHARGED))
    missed = [
        x for x in earlier
        if x.kind is not LetterKind.DEMAND
        and (x.deadline - x.sent_on).days >= MIN_DEADLINE_DAYS and x.deadline < sent_on
    ]  # fmt: skip
    if not missed:
        return FeeDecision(0, Message.of(Why.FEE_SHORT_DEADLINE, days=MIN_DEADLINE_DAYS))
    sats = table.inkassosats_on(sent_on)
    return FeeDecision(
        demand_fee_of(sats), Message.of(Why.DEMAND_FEE, sats_ore=sats.amount_ore, day=sent_on)
    )


def decide_demand(
    claim: ClaimState, today: dt.date, policy: FollowupPolicy, table: RateTable
) -> Decision:
    """Whether to send the betalingsoppfordring today: only for a company that collects
    its own claims, once, after the inkassovarsel's deadline (plus grace) was missed."""
    if not policy.self_collect:
        return _skip(Skip.NOT_SELF_COLLECTING, Why.NOT_SELF_COLLECTING)
    if table.regime_on(today) is Regime.INKASSOLOV_2026:
        return _skip(Skip.NOT_ALLOWED, Why.NOT_ALLOWED)
    blocked = _common_checks(claim, today, policy)
    if blocked is not None:
        return blocked
    if any(x.kind is LetterKind.DEMAND for x in claim.letters):
        return _skip(Skip.DEMAND_SENT, Why.DEMAND_SENT)
    if not any(x.kind is LetterKind.NOTICE for x in claim.letters):
        return _skip(Skip.NO_NOTICE, Why.NO_NOTICE)
    running = _deadline_running(claim, today, policy)
    if running is not None:
        return running
    fee = (
        demand_fee(today, claim.letters, table)
        if policy.charge_fees
        else FeeDecision(0, Message.of(Why.FEES_OFF))
    )
    return Decision(
        True, Message.of(Why.DEMAND), fee=fee, deadline=deadline_from(today, policy.deadline_days)
    )


__all__ = ["DEMAND_TWENTIETHS", "decide_demand", "demand_fee", "demand_fee_of"]
