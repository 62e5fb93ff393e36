"""Money as integer øre.

Every amount in the domain and the database is an ``int`` of øre (1/100 NOK).
``Decimal`` appears only where text is parsed or printed, ``float`` never. A value that
is not a whole number of øre is an error, not a rounding.

>>> parse_nok("1 250,50")
125050
>>> format_nok(-123450)
'-1 234,50'
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Final

from reskontro.errors import InvalidAmount
from reskontro.messages import Message

ORE_PER_KRONE = 100
#: No amount in the books exceeds this many øre (ten thousand billion kroner): far
#: beyond any invoice, and far enough below the 2⁶³ of a database ``BIGINT`` that sums
#: of many such amounts still fit.
MAX_ORE: Final = 10**15


class MoneyCode(StrEnum):
    """Why an amount is refused (texts in :mod:`reskontro.i18n.money`)."""

    TOO_LARGE = "money.amount_too_large"
    NOT_TEXT = "money.not_text"
    NOT_NOK = "money.not_nok"
    NOT_DECIMAL = "money.not_decimal"
    NOT_FINITE = "money.not_finite"
    NOT_WHOLE_ORE = "money.not_whole_ore"
    NOT_A_DECIMAL_AMOUNT = "money.not_a_decimal_amount"


def check_ore(ore: int, *, field: str | None = None) -> int:
    """``ore`` if the books can hold it, else a coded :class:`InvalidAmount`.

    >>> check_ore(-125050)
    -125050
    >>> check_ore(-(10**15) - 1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    reskontro.errors.InvalidAmount: amount too large: -1000000000000001 øre (at most NOK 10,...)
    """
    if abs(ore) > MAX_ORE:
        raise InvalidAmount(
            Message.of(MoneyCode.TOO_LARGE, amount=str(ore), limit_ore=MAX_ORE), field=field
        )
    return ore


# Digits with optional thousands groups separated by a (non-breaking) space, then an
# optional decimal part of one or two digits after "." or ",". Written out so that a
# thousands separator can never be mistaken for a decimal sign ("1.250" is 1.25 NOK
# only if that is what the user wrote: we accept one or two decimals, never three).
_NOK_PATTERN = re.compile(
    r"""
    ^(?P<sign>[-+]?)
    (?P<whole>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)
    (?:[.,](?P<frac>\d{1,2}))?$
    """,
    re.VERBOSE,
)


def parse_nok(text: str) -> int:
    """Parse an amount in NOK written by a person and return øre.

    Accepts ``1250``, ``1250.50``, ``1250,50``, ``1 250,50`` and a leading sign.
    Rejects floats (a Python ``float`` object), sub-øre amounts (``1.005``) and
    anything else with :class:`InvalidAmount`, never rounding.

    >>> parse_nok("1250")
    125000
    >>> parse_nok("0,5")
    50
    """
    if not isinstance(text, str):
        raise InvalidAmount(Message.of(MoneyCode.NOT_TEXT, type=type(text).__name__))
    cleaned = text.strip()
    match = _NOK_PATTERN.match(cleaned)
    if match is None:
        raise InvalidAmount(Message.of(MoneyCode.NOT_NOK, text=repr(text)))
    whole = int(re.sub(r"\D", "", match["whole"]))
    frac = (match["frac"] or "").ljust(2, "0")
    ore = whole * ORE_PER_KRONE + int(frac)
    return check_ore(-ore if match["sign"] == "-" else ore)


def ore_from_decimal(value: Decimal) -> int:
    """Convert an exact decimal amount in NOK to øre; sub-øre values are an error.

    >>> ore_from_decimal(Decimal("12.30"))
    1230
    """
    if not isinstance(value, Decimal):
        raise InvalidAmount(Message.of(MoneyCode.NOT_DECIMAL, type=type(value).__name__))
    if not value.is_finite():
        raise InvalidAmount(Message.of(MoneyCode.NOT_FINITE, value=str(value)))
    scaled = value * ORE_PER_KRONE
    if scaled != scaled.to_integral_value():
        raise InvalidAmount(Message.of(MoneyCode.NOT_WHOLE_ORE, value=str(value)))
    return check_ore(int(scaled))


def ore_from_text_decimal(text: str) -> int:
    """Convert a machine-written decimal (``"1250.50"``, as in XML) to øre, exactly."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise InvalidAmount(Message.of(MoneyCode.NOT_A_DECIMAL_AMOUNT, text=repr(text))) from None
    return ore_from_decimal(value)


def decimal_from_ore(ore: int) -> Decimal:
    """Return the amount as a NOK ``Decimal`` with two decimals.

    >>> decimal_from_ore(125050)
    Decimal('1250.50')
    """
    return (Decimal(ore) / ORE_PER_KRONE).quantize(Decimal("0.01"))


def format_nok(ore: int, *, thousands: str = " ", decimal: str = ",") -> str:
    """Format øre the Norwegian way: ``1 234,50``.

    >>> format_nok(5)
    '0,05'
    """
    sign = "-" if ore < 0 else ""
    kroner, rest = divmod(abs(ore), ORE_PER_KRONE)
    grouped = f"{kroner:,}".replace(",", thousands)
    return f"{sign}{grouped}{decimal}{rest:02d}"
