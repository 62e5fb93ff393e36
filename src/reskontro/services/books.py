"""Moved to :mod:`reskontro.services.invoicing` (issue 10); this re-export goes once
every caller imports from there."""

from __future__ import annotations

from reskontro.services.invoicing.books import Books
from reskontro.services.invoicing.kid_settings import KidSettings
from reskontro.services.invoicing.numbering import (
    CUSTOMER_SERIES,
    FIRST_CUSTOMER_NUMBER,
    INVOICE_SERIES,
    peek_number,
    take_number,
)
from reskontro.services.invoicing.views import (
    company_view,
    customer_view,
    derive_status,
    invoice_view,
    open_of,
    refresh_status,
)
from reskontro.services.payments.settings import PLACEHOLDER_CUSTOMER_NAME
from reskontro.storage.repo import customer_by_number, invoice_id_by_number, template_of

__all__ = [
    "CUSTOMER_SERIES",
    "FIRST_CUSTOMER_NUMBER",
    "INVOICE_SERIES",
    "PLACEHOLDER_CUSTOMER_NAME",
    "Books",
    "KidSettings",
    "company_view",
    "customer_by_number",
    "customer_view",
    "derive_status",
    "invoice_id_by_number",
    "invoice_view",
    "open_of",
    "peek_number",
    "refresh_status",
    "take_number",
    "template_of",
]
