"""Why a document or an e-mail cannot be made from what it was given: codes with
parameters. The texts are in the catalogue, :mod:`reskontro.i18n.fileformats`.

>>> str(PdfProblem.NO_LETTERS)
'pdf.no_letters'
"""

from __future__ import annotations

import enum


class PdfProblem(enum.StrEnum):
    NO_LETTERS = "pdf.no_letters"
    NO_INTEREST_NOTES = "pdf.no_interest_notes"


__all__ = ["PdfProblem"]
