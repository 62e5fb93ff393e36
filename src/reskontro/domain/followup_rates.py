"""Dated follow-up data: the inkassosats, the reminder regime, and their file.

The fee a reminder or inkassovarsel may carry is 1/20 of the inkassosats in force on
the day it is sent (inkassoforskriften § 1-2), and which regime applies is switched on
a date too: both are data (:class:`RateTable`, read from ``rates.toml`` by
:func:`parse_rates`), never constants. The rules that use them are
:mod:`reskontro.domain.followup`.
"""

from __future__ import annotations

import datetime as dt
import enum
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from reskontro.domain.followup_codes import FollowupError
from reskontro.domain.interest import InterestRate, MissingRate, RateSchedule
from reskontro.domain.money import ore_from_text_decimal
from reskontro.errors import ValidationError
from reskontro.messages import Message

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = [
    "FEE_DIVISOR",
    "FeeRounding",
    "Inkassosats",
    "RateTable",
    "Regime",
    "RegimeChange",
    "parse_rates",
    "percent_to_bp",
    "rates_from_mapping",
]

#: Inkassoforskriften § 1-2: the fee is one twentieth of the inkassosats.
FEE_DIVISOR = 20


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
