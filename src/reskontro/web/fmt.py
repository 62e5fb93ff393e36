"""How a Norwegian user reads numbers and dates: ``1 234,50 kr``, ``25.11.2026``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from reskontro.clock import OSLO
from reskontro.domain.money import MoneyCode, format_nok, ore_from_decimal
from reskontro.errors import InvalidAmount, ValidationError
from reskontro.messages import Message
from reskontro.web.codes import WebCode

NBSP = "\u00a0"


def nok(ore: int | None, *, unit: bool = True) -> str:
    """``123450`` → ``1 234,50 kr`` (grouped with no-break spaces, a true minus sign)."""
    if ore is None:
        return ""
    text = ("−" if ore < 0 else "") + format_nok(abs(ore), thousands=NBSP)
    return f"{text}{NBSP}kr" if unit else text


def date_nb(value: dt.date | str | None) -> str:
    """``2026-11-25`` → ``25.11.2026``."""
    if value is None or value == "":
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d.%m.%Y")


def datetime_nb(value: dt.datetime | str | None) -> str:
    if value is None:
        return ""
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:  # SQLite hands back UTC without a zone
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(OSLO).strftime("%d.%m.%Y %H:%M")


def quantity_nb(milli: int) -> str:
    """``1500`` → ``1,5``; ``2000`` → ``2``; ``-1500`` → ``-1,5`` (credit notes)."""
    sign = "-" if milli < 0 else ""
    whole, rest = divmod(abs(milli), 1000)
    return sign + (f"{whole}" if rest == 0 else f"{whole},{rest:03d}".rstrip("0"))


def parse_ore(text: str, field: str = "beløp") -> int:
    """``1 234,50`` or ``1234.50`` → ``123450``; more than two decimals is an error."""
    cleaned = text.replace(NBSP, "").replace(" ", "").replace("kr", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise InvalidAmount(Message.of(WebCode.NOT_AN_AMOUNT, label=field, value=text)) from None
    if not value.is_finite():
        raise InvalidAmount(Message.of(WebCode.NOT_AN_AMOUNT, label=field, value=text))
    try:
        return ore_from_decimal(value)
    except InvalidAmount as exc:
        if exc.msg is not None and exc.msg.code == MoneyCode.TOO_LARGE:
            raise
        raise InvalidAmount(Message.of(WebCode.NOT_WHOLE_ORE, label=field, value=text)) from None


def parse_quantity(text: str) -> int:
    """A quantity in thousandths: ``1,5`` → ``1500``."""
    cleaned = text.replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned) * 1000
    except InvalidOperation:
        raise ValidationError(
            Message.of(WebCode.NOT_A_NUMBER, label="antall", value=text)
        ) from None
    if not value.is_finite():
        raise ValidationError(Message.of(WebCode.NOT_A_NUMBER, label="antall", value=text))
    if value != value.to_integral_value():
        raise ValidationError(Message.of(WebCode.TOO_MANY_DECIMALS, label="antall", value=text))
    return int(value)


def parse_date(text: str | None) -> dt.date | None:
    """``25.11.2026`` or ``2026-11-25`` → a date; empty → ``None``."""
    if not text:
        return None
    try:
        if "." in text:
            day, month, year = text.split(".")
            return dt.date(int(year), int(month), int(day))
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(Message.of(WebCode.NOT_A_DATE, value=text)) from None
