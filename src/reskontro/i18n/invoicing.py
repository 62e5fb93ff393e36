"""Texts of the invoice forms."""

from __future__ import annotations

import enum
from typing import Final


class FormError(enum.StrEnum):
    """What is wrong with an invoice form."""

    LINE_WITHOUT_DESCRIPTION = "invoice.line_without_description"


TEXTS: Final[dict[enum.StrEnum, tuple[str, str]]] = {
    FormError.LINE_WITHOUT_DESCRIPTION: (
        "Line {line} has a price but no description",
        "Linje {line} har pris, men ingen beskrivelse",
    ),
}
