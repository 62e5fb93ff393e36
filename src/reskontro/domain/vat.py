"""VAT (merverdiavgift) codes, line amounts and the named rounding rules.

Norwegian rates: 25 % (general), 15 % (food), 12 % (passenger transport, cinema,
accommodation...), 0 % (zero-rated supplies inside the VAT system, e.g. export) and
exempt (outside the VAT system, e.g. health services). Zero-rated and exempt both carry
no VAT but are reported differently, so they are different codes.

Rounding, named and pinned by exact-øre tests:

* a line's net amount is ``quantity × unit price`` rounded to whole øre, half away from
  zero (:data:`ROUNDING`), so that a credit note mirrors its invoice exactly;
* VAT is computed per rate on the **summed** net line amounts and rounded the same way
  (:attr:`VatRounding.PER_RATE`, the default, as on Norwegian invoices where the VAT
  per rate is stated). :attr:`VatRounding.PER_LINE` rounds each line's VAT and sums.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from reskontro.errors import ValidationError
from reskontro.messages import Message

#: Rounding mode for net line amounts and VAT: half away from zero.
ROUNDING = ROUND_HALF_UP

#: Quantities are stored as integer thousandths of a unit (three decimals).
QUANTITY_SCALE = 1000


class VatError(enum.StrEnum):
    """What is wrong with a VAT rate or a quantity (texts: :mod:`reskontro.i18n.invoicing`)."""

    UNKNOWN_RATE = "vat.unknown_rate"
    NOT_A_QUANTITY = "vat.not_a_quantity"
    QUANTITY_ZERO = "vat.quantity_zero"


class VatCode(enum.StrEnum):
    """A VAT treatment of an invoice line; the value is what users type."""

    STANDARD = "25"
    FOOD = "15"
    LOW = "12"
    ZERO = "0"
    EXEMPT = "exempt"

    @property
    def percent(self) -> int:
        """The rate in percent; 0 for zero-rated and exempt."""
        return 0 if self is VatCode.EXEMPT else int(self.value)

    @property
    def carries_vat(self) -> bool:
        return self.percent > 0

    @classmethod
    def parse(cls, text: str) -> VatCode:
        """Parse ``25``, ``25%``, ``0``, ``exempt`` / ``fritatt``."""
        cleaned = text.strip().lower().removesuffix("%").strip().replace(",", ".")
        if cleaned in {"exempt", "fritatt", "fri", "unntatt"}:
            return cls.EXEMPT
        if re.fullmatch(r"\d+(\.0+)?", cleaned):
            cleaned = str(int(Decimal(cleaned)))
        try:
            return cls(cleaned)
        except ValueError:
            allowed = ", ".join(c.value for c in cls)
            raise ValidationError(
                Message.of(VatError.UNKNOWN_RATE, rate=text, allowed=allowed), field="vat"
            ) from None


class VatRounding(enum.StrEnum):
    """Where VAT is rounded to whole øre."""

    #: VAT per rate on the summed net line amounts (the default).
    PER_RATE = "per_rate"
    #: VAT per line, rounded per line, then summed.
    PER_LINE = "per_line"


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUNDING))


def parse_quantity(text: str) -> int:
    """Parse a quantity (``2``, ``1.5``, ``0,25``) into thousandths of a unit."""
    cleaned = text.strip().replace(",", ".").replace(" ", "")
    if not re.fullmatch(r"-?\d+(\.\d{1,3})?", cleaned):
        raise ValidationError(Message.of(VatError.NOT_A_QUANTITY, text=text), field="quantity")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern above rules it out
        raise ValidationError(
            Message.of(VatError.NOT_A_QUANTITY, text=text), field="quantity"
        ) from None
    if value == 0:
        raise ValidationError(Message.of(VatError.QUANTITY_ZERO), field="quantity")
    return int(value * QUANTITY_SCALE)


def format_quantity(quantity_milli: int) -> str:
    """``1500`` → ``1.5``; ``2000`` → ``2``."""
    value = Decimal(quantity_milli) / QUANTITY_SCALE
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def line_net(quantity_milli: int, unit_price_ore: int) -> int:
    """Net amount of a line in øre: quantity × unit price, rounded half away from zero.

    >>> line_net(1500, 333)   # 1.5 × 3,33 = 4,995 → 5,00
    500
    """
    return _round(Decimal(quantity_milli * unit_price_ore) / QUANTITY_SCALE)


def vat_of(net_ore: int, code: VatCode) -> int:
    """VAT in øre on a net amount at one rate, rounded half away from zero.

    >>> vat_of(1003, VatCode.STANDARD)   # 250,75 øre → 251
    251
    """
    return _round(Decimal(net_ore * code.percent) / 100)


@dataclass(frozen=True, slots=True)
class VatLine:
    """The VAT summary for one code on an invoice: basis and VAT."""

    code: VatCode
    net_ore: int
    vat_ore: int


@dataclass(frozen=True, slots=True)
class Totals:
    """Totals of an invoice: per VAT code, and overall."""

    by_code: tuple[VatLine, ...]
    net_ore: int
    vat_ore: int

    @property
    def gross_ore(self) -> int:
        return self.net_ore + self.vat_ore


def compute_totals(
    lines: tuple[tuple[int, VatCode], ...] | list[tuple[int, VatCode]],
    rounding: VatRounding = VatRounding.PER_RATE,
) -> Totals:
    """Totals from ``(net_ore, code)`` pairs under the named rounding rule.

    >>> t = compute_totals([(333, VatCode.STANDARD), (333, VatCode.STANDARD)])
    >>> (t.net_ore, t.vat_ore)   # per rate: 666 × 25 % = 166,5 → 167
    (666, 167)
    >>> compute_totals([(333, VatCode.STANDARD)] * 2, VatRounding.PER_LINE).vat_ore
    166
    """
    order = list(VatCode)
    by_code: dict[VatCode, list[int]] = {}
    for net, code in lines:
        acc = by_code.setdefault(code, [0, 0])
        acc[0] += net
        if rounding is VatRounding.PER_LINE:
            acc[1] += vat_of(net, code)
    summary = []
    for code in sorted(by_code, key=order.index):
        net, per_line_vat = by_code[code]
        vat = per_line_vat if rounding is VatRounding.PER_LINE else vat_of(net, code)
        summary.append(VatLine(code=code, net_ore=net, vat_ore=vat))
    return Totals(
        by_code=tuple(summary),
        net_ore=sum(v.net_ore for v in summary),
        vat_ore=sum(v.vat_ore for v in summary),
    )
