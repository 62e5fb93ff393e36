"""Text <-> value for the simple types of camt.054: amounts, dates, counts.

Spec: ``shared/specs/camt054.md`` §4 ("Parse with Decimal, never float") and the XSD
simple types ``ActiveOrHistoricCurrencyAndAmount_SimpleType`` (decimal, ≥ 0, at most
18 digits of which 5 fractional), ``DecimalNumber``, ``ISODate``, ``ISODateTime`` and
``Max15NumericText``. Amounts become integer minor units (øre): an amount that is not
a whole number of øre (``10.005``) is an error, never a rounding.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from reskontro.formats.camt054.codes import CamtProblem as P
from reskontro.formats.camt054.codes import invalid, problem

_DECIMAL = re.compile(r"(?P<int>[0-9]*)(?:\.(?P<frac>[0-9]*))?\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:Z|[+-][0-9]{2}:[0-9]{2})?\Z")
_DATETIME = re.compile(
    r"(?P<base>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})"
    r"(?:\.(?P<fraction>[0-9]{1,12}))?(?P<offset>Z|[+-][0-9]{2}:[0-9]{2})?\Z"
)
_COUNT = re.compile(r"[0-9]{1,15}\Z")
_TOTAL_DIGITS = 18
_ORE_PER_UNIT = Decimal(100)


def parse_amount(
    text: str | None, *, path: str, line: int | None = None, max_fraction_digits: int = 5
) -> int:
    """An unsigned decimal amount as integer øre.

    >>> parse_amount("1250.00", path="Amt"), parse_amount("6256.7", path="Amt")
    (125000, 625670)
    >>> parse_amount("10.005", path="Amt")
    Traceback (most recent call last):
    ...
    reskontro.errors.FileFormatError: Amt: amount '10.005' is not a whole number of øre
    """
    raw = (text or "").strip()
    match = _DECIMAL.match(raw)
    if match is None or not (match.group("int") or match.group("frac")):
        raise problem(P.NOT_DECIMAL, line=line, path=path, raw=raw)
    digits = match.group("int").lstrip("0")
    fraction = (match.group("frac") or "").rstrip("0")
    if len(digits) + len(fraction) > _TOTAL_DIGITS or len(fraction) > max_fraction_digits:
        raise problem(P.TOO_MANY_DIGITS, line=line, path=path, raw=raw)
    ore = Decimal(raw) * _ORE_PER_UNIT
    if ore != ore.to_integral_value():
        raise problem(P.NOT_WHOLE_ORE, line=line, path=path, raw=raw)
    return int(ore)


def format_amount(ore: int) -> str:
    """Integer øre as an XSD decimal with two decimals.

    >>> format_amount(125000), format_amount(5)
    ('1250.00', '0.05')
    """
    if ore < 0:
        raise invalid(P.NEGATIVE_AMOUNT, amount=ore)
    return f"{Decimal(ore).scaleb(-2):f}"


def parse_date(text: str | None, *, path: str, line: int | None = None) -> dt.date:
    """An ``ISODate``; a time-zone suffix, which the type allows, is ignored."""
    raw = (text or "").strip()
    if _DATE.match(raw) is None:
        raise problem(P.NOT_A_DATE, line=line, path=path, raw=raw)
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        raise problem(P.BAD_DATE, line=line, path=path, raw=raw) from None


def parse_datetime(text: str | None, *, path: str, line: int | None = None) -> dt.datetime:
    """An ``ISODateTime``, naive when the file gives no offset, else aware.

    >>> parse_datetime("2007-10-18T12:30:00+01:00", path="CreDtTm").isoformat()
    '2007-10-18T12:30:00+01:00'
    """
    raw = (text or "").strip()
    match = _DATETIME.match(raw)
    if match is None:
        raise problem(P.NOT_A_DATETIME, line=line, path=path, raw=raw)
    # Python keeps microseconds: further fractional digits of a timestamp are cut off.
    fraction = match.group("fraction")
    offset = match.group("offset")
    text = match.group("base")
    text += f".{fraction[:6].ljust(6, '0')}" if fraction else ""
    text += "+00:00" if offset == "Z" else offset or ""
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise problem(P.BAD_DATETIME, line=line, path=path, raw=raw) from None


def format_datetime(value: dt.datetime) -> str:
    """ISO 8601 as the XSD ``dateTime`` type wants it."""
    return value.isoformat()


def parse_count(text: str | None, *, path: str, line: int | None = None) -> int:
    """A ``Max15NumericText`` such as ``NbOfTxs``."""
    raw = (text or "").strip()
    if _COUNT.match(raw) is None:
        raise problem(P.NOT_A_COUNT, line=line, path=path, raw=raw)
    return int(raw)
