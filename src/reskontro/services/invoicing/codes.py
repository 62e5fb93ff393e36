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


class RecurringNotice(enum.StrEnum):
    """What a recurring run or a change of an agreement did (the web's confirmation)."""

    RUN_DONE = "invoicing.recurring.run_done"
    PAUSED = "invoicing.recurring.paused"
    RESUMED = "invoicing.recurring.resumed"
    ENDED = "invoicing.recurring.ended_now"


class InvoicingError(enum.StrEnum):
    """What is wrong with a request to the invoicing use cases (companies, drafts, issue,
    credit, KID settings, the invoice list)."""

    STATUS_UNKNOWN = "invoicing.status_unknown"
    COMPANY_NEEDS_NAME = "invoicing.company_needs_name"
    COMPANY_INVALID = "invoicing.company_invalid"
    SERIES_START = "invoicing.series_start"
    NO_COMPANY_YET = "invoicing.no_company_yet"
    SEVERAL_COMPANIES = "invoicing.several_companies"
    ORG_NUMBER_TAKEN = "invoicing.org_number_taken"
    TERMS_RANGE = "invoicing.terms_range"
    NOT_VAT_REGISTERED = "invoicing.line_not_vat_registered"
    NEGATIVE_LINE = "invoicing.negative_line"
    ISSUED_NOT_CHANGED = "invoicing.issued_not_changed"
    ISSUED_NOT_DELETED = "invoicing.issued_not_deleted"
    ALREADY_ISSUED = "invoicing.already_issued"
    DUE_BEFORE_ISSUE = "invoicing.due_before_issue"
    NUMBER_TAKEN = "invoicing.number_taken"
    CREDIT_OF_CREDIT_NOTE = "invoicing.credit_of_credit_note"
    CREDIT_OF_DRAFT = "invoicing.credit_of_draft"
    CREDIT_MORE_THAN_LEFT = "invoicing.credit_more_than_left"
    KID_DOES_NOT_FIT = "invoicing.kid_does_not_fit"
    KID_NEXT_CUSTOMER = "invoicing.kid_next_customer"
    KID_POSITIONS_OUTSIDE = "invoicing.kid_positions_outside"
    KID_POSITIONS_TOO_NARROW = "invoicing.kid_positions_too_narrow"
    CUSTOMER_NUMBER_TOO_WIDE = "invoicing.customer_number_too_wide"
    CUSTOMER_NUMBER_TAKEN = "invoicing.customer_number_taken"
    NO_SERIES = "invoicing.no_series"
    CHUNK_NUMBER_TAKEN = "invoicing.chunk_number_taken"
    #: A KID template refused by a check that gave no code (its English text).
    KID_TEMPLATE_TEXT = "invoicing.kid_template_text"


__all__ = ["BulkError", "InvoicingError", "IssueRefusal", "RecurringError"]
