"""An invoice's currency: ISO 4217 codes, NOK the default, and the exchange rate
(NOK per unit × 1 000 000) that states the VAT in NOK (§ 5-1-1 of the bookkeeping
regulation) when a foreign-currency invoice carries VAT."""

from __future__ import annotations

import enum
from decimal import Decimal, InvalidOperation
from typing import Final

from reskontro.errors import ValidationError
from reskontro.messages import Message

NOK: Final = "NOK"
#: NOK per unit is stored × this.
RATE_SCALE: Final = 1_000_000

#: The active ISO 4217 currency codes (funds and precious metals left out).
_CODES: Final = """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD
    BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR
    FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD
    JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT
    MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG
    QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS
    TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER
    ZAR ZMW ZWG"""
CURRENCIES: Final = frozenset(_CODES.split())


class CurrencyError(enum.StrEnum):
    """What is wrong with an invoice's currency or exchange rate."""

    UNKNOWN = "currency.unknown"
    RATE_NEEDED = "currency.rate_needed"
    BAD_RATE = "currency.bad_rate"
    RATE_FOR_NOK = "currency.rate_for_nok"


def parse_currency(text: str | None) -> str:
    """``eur`` → ``EUR``; empty → NOK; a code not in ISO 4217 is refused."""
    code = (text or NOK).strip().upper()
    if code not in CURRENCIES:
        raise ValidationError(Message.of(CurrencyError.UNKNOWN, currency=code), field="currency")
    return code


def parse_rate(text: str | None) -> int | None:
    """``11.52`` or ``11,52`` NOK per unit → micro-NOK per unit; empty → ``None``."""
    if text is None or not text.strip():
        return None
    try:
        rate = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        rate = Decimal(0)
    micro = rate * RATE_SCALE
    if not rate.is_finite() or micro <= 0 or micro != micro.to_integral_value():
        raise ValidationError(
            Message.of(CurrencyError.BAD_RATE, rate=text.strip()), field="exchange_rate"
        )
    return int(micro)


def in_nok(ore: int, rate_micro: int) -> int:
    """An amount in a currency's minor units, in øre at ``rate_micro`` NOK per unit
    (× 1 000 000), rounded as VAT is.

    >>> in_nok(2500, 11_752_500)
    29381
    """
    from reskontro.domain.vat import ROUNDING

    exact = Decimal(ore * rate_micro) / RATE_SCALE
    return int(exact.quantize(Decimal(1), rounding=ROUNDING))


def rate_text(micro: int | None) -> str:
    """Micro-NOK per unit as typed: ``11_752_500`` → ``11.7525``; None → empty.

    >>> rate_text(11_752_500), rate_text(10_000_000), rate_text(None)
    ('11.7525', '10', '')
    """
    if micro is None:
        return ""
    text = format(Decimal(micro) / RATE_SCALE, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def check_invoice_currency(currency: str, rate_micro: int | None, *, carries_vat: bool) -> None:
    """A foreign-currency invoice with VAT needs a rate; a NOK invoice takes none."""
    parse_currency(currency)
    if rate_micro is not None and rate_micro <= 0:
        raise ValidationError(
            Message.of(CurrencyError.BAD_RATE, rate=str(rate_micro)), field="exchange_rate"
        )
    if currency == NOK and rate_micro is not None:
        raise ValidationError(Message.of(CurrencyError.RATE_FOR_NOK), field="exchange_rate")
    if currency != NOK and carries_vat and rate_micro is None:
        raise ValidationError(
            Message.of(CurrencyError.RATE_NEEDED, currency=currency), field="exchange_rate"
        )
