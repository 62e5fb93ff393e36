"""PDF documents: invoices, credit notes, reminders, inkassovarsel (pure: values in,
bytes out). Built with ReportLab and the DejaVu Sans subset shipped in the package."""

from __future__ import annotations

from reskontro.formats.pdf.invoice import render_invoice
from reskontro.formats.pdf.letters import letter_title, render_letter
from reskontro.formats.pdf.model import (
    Buyer,
    DocLine,
    DocumentKind,
    FeeLine,
    InterestInfo,
    InterestPart,
    InvoiceDocument,
    LetterDocument,
    Seller,
    VatRow,
)

__all__ = [
    "Buyer",
    "DocLine",
    "DocumentKind",
    "FeeLine",
    "InterestInfo",
    "InterestPart",
    "InvoiceDocument",
    "LetterDocument",
    "Seller",
    "VatRow",
    "letter_title",
    "render_invoice",
    "render_letter",
]
