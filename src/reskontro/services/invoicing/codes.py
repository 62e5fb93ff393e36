"""The codes of bulk and recurring invoicing (texts in :mod:`reskontro.i18n.invoicing`)."""

from __future__ import annotations

import enum


class IssueRefusal(enum.StrEnum):
    """Why an invoice of a bulk or recurring run is not issued."""

    PLACEHOLDER = "invoicing.placeholder_customer"
    NOT_VAT_REGISTERED = "invoicing.not_vat_registered"
    NO_LINES = "invoicing.no_lines"


class BulkError(enum.StrEnum):
    NO_SELECTION = "invoicing.bulk.no_selection"
    NO_GROUP = "invoicing.bulk.no_group"
    NO_CUSTOMER = "invoicing.bulk.no_customer"
    NO_RUN = "invoicing.bulk.no_run"


class RecurringError(enum.StrEnum):
    NO_AGREEMENT = "invoicing.recurring.no_agreement"
    NO_LINES = "invoicing.recurring.no_lines"
    END_BEFORE_START = "invoicing.recurring.end_before_start"
    INVOICE_DAY = "invoicing.recurring.invoice_day"
    NO_PRODUCT = "invoicing.recurring.no_product"
    NO_PRICE = "invoicing.recurring.no_price"
    CUSTOMER_OR_GROUP = "invoicing.recurring.customer_or_group"
    ENDED = "invoicing.recurring.ended"


__all__ = ["BulkError", "IssueRefusal", "RecurringError"]
