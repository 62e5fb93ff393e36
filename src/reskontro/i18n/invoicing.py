"""Texts of the invoice forms."""

from __future__ import annotations

import enum
from typing import Final

from reskontro.domain.lines_csv import CsvError


class FormError(enum.StrEnum):
    """What is wrong with an invoice form."""

    LINE_WITHOUT_DESCRIPTION = "invoice.line_without_description"


TEXTS: Final[dict[enum.StrEnum, tuple[str, str]]] = {
    CsvError.INVALID: (
        "the file of lines per customer has {problems} problem(s); nothing was issued",
        "filen med linjer per kunde har {problems} feil; ingenting ble utstedt",
    ),
    CsvError.EMPTY: ("the file of lines per customer has no lines", "filen har ingen linjer"),
    CsvError.NO_CUSTOMER_COLUMN: (
        "the header has no customer column (kunde or customer)",
        "overskriftslinjen har ingen kundekolonne (kunde eller customer)",
    ),
    CsvError.UNKNOWN_COLUMN: (
        "unknown column '{column}' (use kunde, tekst, antall, pris, mva, produkt)",
        "ukjent kolonne «{column}» (bruk kunde, tekst, antall, pris, mva, produkt)",
    ),
    CsvError.CUSTOMER: ("'{value}' is not a customer number", "«{value}» er ikke et kundenummer"),
    CsvError.NO_TEXT: (
        "the line has neither a text nor a product",
        "linjen har verken tekst eller produkt",
    ),
    CsvError.VALUE: ("{column}: '{value}' cannot be read", "{column}: «{value}» kan ikke leses"),
    CsvError.COLUMNS: (
        "{found} columns, but the header has {expected}",
        "{found} kolonner, men overskriftslinjen har {expected}",
    ),
    FormError.LINE_WITHOUT_DESCRIPTION: (
        "Line {line} has a price but no description",
        "Linje {line} har pris, men ingen beskrivelse",
    ),
}
