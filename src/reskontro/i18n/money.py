"""Texts of the money codes (:class:`reskontro.domain.money.MoneyCode`)."""

from __future__ import annotations

from reskontro.domain.money import MoneyCode

TEXTS: dict[MoneyCode, tuple[str, str]] = {
    MoneyCode.TOO_LARGE: (
        "amount too large: {amount} øre (at most {limit_ore:kr})",
        "beløpet er for stort: {amount} øre (høyst {limit_ore:kr})",
    ),
    MoneyCode.NOT_TEXT: ("amount must be text, not {type}", "beløpet må være tekst, ikke {type}"),
    MoneyCode.NOT_NOK: (
        "not an amount in NOK: {text} (write e.g. 1250, 1250.50 or 1 250,50)",
        "ikke et beløp i kroner: {text} (skriv f.eks. 1250, 1250,50 eller 1 250,50)",
    ),
    MoneyCode.NOT_DECIMAL: (
        "amount must be a Decimal, not {type}",
        "beløpet må være et desimaltall, ikke {type}",
    ),
    MoneyCode.NOT_FINITE: (
        "amount is not a finite number: {value}",
        "beløpet er ikke et endelig tall: {value}",
    ),
    MoneyCode.NOT_WHOLE_ORE: (
        "amount {value} is not a whole number of øre",
        "beløpet {value} er ikke et helt antall øre",
    ),
    MoneyCode.NOT_A_DECIMAL_AMOUNT: (
        "not a decimal amount: {text}",
        "ikke et desimalbeløp: {text}",
    ),
}
