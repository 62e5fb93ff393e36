"""Texts of the money codes (:class:`reskontro.domain.money.MoneyCode`)."""

from __future__ import annotations

from reskontro.domain.money import MoneyCode

TEXTS: dict[MoneyCode, tuple[str, str]] = {
    MoneyCode.TOO_LARGE: (
        "amount too large: {amount} øre (at most {limit_ore:kr})",
        "beløpet er for stort: {amount} øre (høyst {limit_ore:kr})",
    ),
}
