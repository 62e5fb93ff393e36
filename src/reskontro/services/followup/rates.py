"""Dated rates: the inkassosats (reminder fees), forsinkelsesrente and the reminder
regime, shipped with reskontro (``reskontro/data/rates.toml``) and added by users."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Literal, TypeAlias

from sqlalchemy import select

from reskontro.domain.followup import (
    FeeRounding,
    Inkassosats,
    Regime,
    RegimeChange,
    parse_rates,
)
from reskontro.domain.followup_codes import FollowupError
from reskontro.domain.interest import MARKUP_BP, InterestRate
from reskontro.errors import ValidationError
from reskontro.jsonable import to_jsonable
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.followup.base import Service
from reskontro.storage.models_followup import FollowupRate

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session

    from reskontro.domain.followup import RateTable

Origin: TypeAlias = Literal["shipped", "database"]


@dataclass(frozen=True, slots=True)
class InkassosatsRow:
    kind: Literal["inkassosats"]
    valid_from: dt.date
    amount_ore: int
    fee_ore: int
    fee_rounding: FeeRounding
    verify: bool
    source: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class InterestRow:
    kind: Literal["interest"]
    valid_from: dt.date
    rate_bp: int
    policy_rate_bp: int | None
    verify: bool
    source: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class RegimeRow:
    kind: Literal["regime"]
    valid_from: dt.date
    name: Regime
    verify: bool
    source: str
    origin: Origin


#: One dated rate as :meth:`Rates.rates` lists it.
RateRow: TypeAlias = InkassosatsRow | InterestRow | RegimeRow


@dataclass(frozen=True, slots=True)
class StoredRate:
    """A rate row added in the database."""

    id: int
    kind: str
    valid_from: dt.date
    amount_ore: int | None
    fee_rounding: str | None
    rate_bp: int | None
    policy_rate_bp: int | None
    regime: str | None
    source: str
    verify: bool

    @classmethod
    def of(cls, row: FollowupRate) -> StoredRate:
        return cls(
            row.id, row.kind, row.valid_from, row.amount_ore, row.fee_rounding, row.rate_bp,
            row.policy_rate_bp, row.regime, row.source, row.verify,
        )  # fmt: skip


def shipped_rates() -> RateTable:
    """The dated rates shipped in ``reskontro/data/rates.toml``."""
    text = resources.files("reskontro").joinpath("data", "rates.toml").read_text("utf-8")
    return parse_rates(text, "reskontro/data/rates.toml")


def rate_table(session: Session) -> RateTable:
    """The shipped rates with the database's added (a row of the same date wins)."""
    sats, rates, regimes = [], [], []
    for row in session.scalars(select(FollowupRate)):
        if row.kind == "inkassosats" and row.amount_ore is not None:
            sats.append(
                Inkassosats(row.valid_from, row.amount_ore,
                            FeeRounding(row.fee_rounding or "krone"), row.source, row.verify)
            )  # fmt: skip
        elif row.kind == "interest" and row.rate_bp is not None:
            rates.append(
                InterestRate(row.valid_from, row.rate_bp, row.policy_rate_bp, row.source,
                             row.verify)
            )  # fmt: skip
        elif row.kind == "regime" and row.regime is not None:
            regimes.append(RegimeChange(row.valid_from, Regime(row.regime), row.source, row.verify))
    return shipped_rates().merged(sats, rates, regimes)


def _row(
    kind: str,
    valid_from: dt.date,
    *,
    amount_ore: int | None,
    fee_rounding: str,
    rate_bp: int | None,
    policy_rate_bp: int | None,
    regime: str | None,
) -> FollowupRate:
    """The new row's value columns, checked (source, actor and times are set after)."""
    row = FollowupRate(kind=kind, valid_from=valid_from)
    if kind == "inkassosats":
        if amount_ore is None or amount_ore <= 0:
            raise ValidationError(Message.of(FollowupError.RATE_AMOUNT), field="amount")
        row.amount_ore = amount_ore
        row.fee_rounding = FeeRounding(fee_rounding).value
    elif kind == "interest":
        if valid_from.day != 1 or valid_from.month not in (1, 7):
            raise ValidationError(Message.of(FollowupError.RATE_HALF_YEAR), field="valid_from")
        if rate_bp is None and policy_rate_bp is not None:
            rate_bp = policy_rate_bp + MARKUP_BP
        if rate_bp is None:
            raise ValidationError(Message.of(FollowupError.RATE_NEEDED), field="rate")
        InterestRate(valid_from, rate_bp)  # validates the range
        row.rate_bp = rate_bp
        row.policy_rate_bp = policy_rate_bp
    elif kind == "regime":
        try:
            row.regime = Regime(regime or "").value
        except ValueError:
            allowed = ", ".join(r.value for r in Regime)
            raise ValidationError(
                Message.of(FollowupError.REGIME_UNKNOWN, allowed=allowed), field="regime"
            ) from None
    else:
        raise ValidationError(Message.of(FollowupError.RATE_KIND))
    return row


class Rates(Service):
    def rates(self) -> list[RateRow]:
        """Every dated rate in force or past, shipped or added, with where it comes from."""
        with self.sessions() as session:
            table = rate_table(session)
            added = {
                (r.kind, r.valid_from)
                for r in session.execute(select(FollowupRate.kind, FollowupRate.valid_from))
            }

        def origin(kind: str, day: dt.date) -> Origin:
            return "database" if (kind, day) in added else "shipped"

        out: list[RateRow] = [
            InkassosatsRow("inkassosats", s.valid_from, s.amount_ore, s.fee_ore, s.fee_rounding,
                           s.verify, s.source, origin("inkassosats", s.valid_from))
            for s in table.inkassosats
        ]  # fmt: skip
        out.extend(
            InterestRow("interest", r.valid_from, r.rate_bp, r.policy_rate_bp, r.verify,
                        r.source, origin("interest", r.valid_from))
            for r in table.interest.rates
        )  # fmt: skip
        out.extend(
            RegimeRow("regime", g.valid_from, g.regime, g.verify, g.source,
                      origin("regime", g.valid_from))
            for g in table.regimes
        )  # fmt: skip
        return out

    def add_rate(
        self,
        kind: str,
        valid_from: dt.date,
        *,
        amount_ore: int | None = None,
        fee_rounding: str = "krone",
        rate_bp: int | None = None,
        policy_rate_bp: int | None = None,
        regime: str | None = None,
        source: str = "",
        verify: bool = False,
        actor: str,
    ) -> StoredRate:
        """Add a dated rate, or replace the one of that kind and date."""
        row = _row(kind, valid_from, amount_ore=amount_ore, fee_rounding=fee_rounding,
                   rate_bp=rate_bp, policy_rate_bp=policy_rate_bp, regime=regime)  # fmt: skip
        row.source, row.verify, row.actor = source, verify, actor
        row.created_at = self.clock.now()
        with self.sessions.begin() as session:
            old = session.execute(
                select(FollowupRate).where(
                    FollowupRate.kind == kind, FollowupRate.valid_from == valid_from
                )
            ).scalar_one_or_none()
            before = to_jsonable(StoredRate.of(old)) if old else None
            if old is not None:
                session.delete(old)
                session.flush()
            session.add(row)
            session.flush()
            view = StoredRate.of(row)
            audit.record(
                session, at=row.created_at, actor=actor, action="followup.rate",
                object_type="followup_rate", object_id=row.id, company_id=None,
                before=before, after=to_jsonable(view),
            )  # fmt: skip
            return view


__all__ = [
    "InkassosatsRow",
    "InterestRow",
    "RateRow",
    "Rates",
    "RegimeRow",
    "StoredRate",
    "rate_table",
    "shipped_rates",
]
