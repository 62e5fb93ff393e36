"""Follow-up's reasons and errors as codes (their texts: :mod:`reskontro.i18n.followup`).

:class:`Why` says why a claim gets a letter, a fee or none, or is left alone;
:class:`FollowupError` what is wrong with a follow-up request. A service or the domain
returns or raises a :class:`~reskontro.messages.Message` of one of these with its
parameters; the CLI renders it in English, the web app in the reader's language.
"""

from __future__ import annotations

import enum


class Why(enum.StrEnum):
    """Why a run sends a claim a letter (with which fee) or leaves it alone."""

    PAID = "followup.why.paid"
    NOT_OVERDUE = "followup.why.not_overdue"
    HANDED_OVER = "followup.why.handed_over"
    DISPUTED = "followup.why.disputed"
    ON_HOLD = "followup.why.on_hold"
    ON_HOLD_UNTIL = "followup.why.on_hold_until"
    CUSTOMER_ON_HOLD = "followup.why.customer_on_hold"
    CUSTOMER_ON_HOLD_UNTIL = "followup.why.customer_on_hold_until"
    BELOW_MINIMUM = "followup.why.below_minimum"
    CUSTOMER_CREDIT = "followup.why.customer_credit"
    DEADLINE_RUNNING = "followup.why.deadline_running"
    NOTICE_SENT_NEXT = "followup.why.notice_sent_next"
    MAX_REMINDERS = "followup.why.max_reminders"
    TOO_EARLY = "followup.why.too_early"
    TOO_EARLY_ONE_DAY = "followup.why.too_early_one_day"
    REMINDER = "followup.why.reminder"
    NOT_ALLOWED = "followup.why.not_allowed"
    NOTICE_SENT = "followup.why.notice_sent"
    NO_REMINDER = "followup.why.no_reminder"
    NOTICE = "followup.why.notice"
    NO_NOTICE = "followup.why.no_notice"
    NOTICE_DEADLINE_RUNNING = "followup.why.notice_deadline_running"
    NOTICE_DEADLINE_MISSED = "followup.why.notice_deadline_missed"
    # betalingsoppfordring (inkassoloven § 10)
    DEMAND = "followup.why.demand"
    DEMAND_SENT = "followup.why.demand_sent"
    NOT_SELF_COLLECTING = "followup.why.not_self_collecting"
    NO_DEMAND = "followup.why.no_demand"
    DEMAND_DEADLINE_RUNNING = "followup.why.demand_deadline_running"
    DEMAND_DEADLINE_MISSED = "followup.why.demand_deadline_missed"
    DEMAND_FEE = "followup.why.demand_fee"
    DEMAND_FEE_CHARGED = "followup.why.demand_fee_charged"
    # fees
    FEE_NEW_LAW = "followup.why.fee_new_law"
    FEE_TOO_EARLY = "followup.why.fee_too_early"
    FEE_MAX = "followup.why.fee_max"
    FEE_NOTICE_HAD_FEE = "followup.why.fee_notice_had_fee"
    FEE_SHORT_DEADLINE = "followup.why.fee_short_deadline"
    FEE_DEADLINE_RUNNING = "followup.why.fee_deadline_running"
    REMINDER_FEE = "followup.why.reminder_fee"
    NOTICE_FEE = "followup.why.notice_fee"
    FEES_OFF = "followup.why.fees_off"
    # runs
    LETTERS_WITHOUT_INTEREST = "followup.why.letters_without_interest"
    NOT_INVOICED_BLOCKED = "followup.why.not_invoiced_blocked"
    NOT_INVOICED_SMALL = "followup.why.not_invoiced_small"
    # NOK only
    NOT_NOK = "followup.why.not_nok"
    HANDOFF_NOT_NOK = "followup.why.handoff_not_nok"
    AGING_NOK_ONLY = "followup.why.aging_nok_only"


class FollowupError(enum.StrEnum):
    """What is wrong with a follow-up request, a setting or a rate."""

    NO_COMPANY = "followup.error.no_company"
    NO_INVOICE = "followup.error.no_invoice"
    INVOICE_DRAFT = "followup.error.invoice_draft"
    NO_DUE_DATE = "followup.error.no_due_date"
    DRAFT_NOT_PRINTED = "followup.error.draft_not_printed"
    NO_PDF_OF_ITS_OWN = "followup.error.no_pdf_of_its_own"
    PDF_DIFFERS = "followup.error.pdf_differs"
    LETTER_WITHOUT_FEE = "followup.error.letter_without_fee"
    NO_DOCUMENT = "followup.error.no_document"
    NO_MESSAGE = "followup.error.no_message"
    NO_HOLD = "followup.error.no_hold"
    HOLD_RELEASED = "followup.error.hold_released"
    HOLD_TARGET = "followup.error.hold_target"
    HOLD_REASON = "followup.error.hold_reason"
    DISPUTE_REASON = "followup.error.dispute_reason"
    RATE_AMOUNT = "followup.error.rate_amount"
    RATE_HALF_YEAR = "followup.error.rate_half_year"
    RATE_NEEDED = "followup.error.rate_needed"
    RATE_RANGE = "followup.error.rate_range"
    RATES_TWICE = "followup.error.rates_twice"
    REGIME_UNKNOWN = "followup.error.regime_unknown"
    RATE_KIND = "followup.error.rate_kind"
    NO_INKASSOSATS = "followup.error.no_inkassosats"
    NO_INTEREST_RATE = "followup.error.no_interest_rate"
    INKASSOSATS_POSITIVE = "followup.error.inkassosats_positive"
    INTEREST_FUTURE = "followup.error.interest_future"
    PRINCIPAL_NEGATIVE = "followup.error.principal_negative"
    NOT_OVERDUE_INVOICES = "followup.error.not_overdue_invoices"
    MESSAGE_STATUS = "followup.error.message_status"
    DEADLINE_TOO_SHORT = "followup.error.deadline_too_short"
    POLICY_DEADLINE = "followup.error.policy_deadline"
    POLICY_MAX_REMINDERS = "followup.error.policy_max_reminders"
    POLICY_FIRST_REMINDER = "followup.error.policy_first_reminder"
    POLICY_GRACE = "followup.error.policy_grace"
    POLICY_MINIMUM = "followup.error.policy_minimum"
    NOT_A_PERCENTAGE = "followup.error.not_a_percentage"
    TOO_MANY_DECIMALS = "followup.error.too_many_decimals"
    VALID_FROM = "followup.error.valid_from"
    REGIME_NAME = "followup.error.regime_name"
    RATES_FILE = "followup.error.rates_file"
    NO_HANDOFF = "followup.error.no_handoff"
    NO_HANDOFF_FILE = "followup.error.no_handoff_file"


__all__ = ["FollowupError", "Why"]
