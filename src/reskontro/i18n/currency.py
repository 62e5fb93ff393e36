"""Texts of an invoice's currency and exchange rate."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from reskontro.domain.currency import CurrencyError

if TYPE_CHECKING:
    import enum

TEXTS: Final[dict[enum.StrEnum, tuple[str, str]]] = {
    CurrencyError.UNKNOWN: (
        "{currency} is not an ISO 4217 currency code",
        "{currency} er ikke en valutakode etter ISO 4217",
    ),
    CurrencyError.RATE_NEEDED: (
        "An invoice in {currency} with VAT needs an exchange rate (NOK per {currency})"
        " to state the VAT in NOK",
        "En faktura i {currency} med mva. trenger en valutakurs (NOK per {currency})"
        " for å oppgi mva. i NOK",
    ),
    CurrencyError.BAD_RATE: (
        "The exchange rate {rate} is not a positive number of NOK (at most 6 decimals)",
        "Valutakursen {rate} er ikke et positivt antall NOK (høyst 6 desimaler)",
    ),
    CurrencyError.RATE_FOR_NOK: (
        "An invoice in NOK takes no exchange rate",
        "En faktura i NOK har ingen valutakurs",
    ),
}
