"""Audit log actions as codes, so the log reads as sentences in the reader's language
(texts in :mod:`reskontro.i18n.audit`). An action without a code here is shown by the
generic :attr:`AuditCode.OTHER` with the action's name."""

from __future__ import annotations

from enum import StrEnum


class AuditCode(StrEnum):
    OTHER = "audit.other"
    INVOICE_CREATE = "audit.invoice.create"
    INVOICE_UPDATE_DRAFT = "audit.invoice.update_draft"
    INVOICE_DELETE_DRAFT = "audit.invoice.delete_draft"
    INVOICE_ISSUE = "audit.invoice.issue"
    INVOICE_CREDIT = "audit.invoice.credit"
    INVOICE_PDF = "audit.invoice.pdf"
    CUSTOMER_CREATE = "audit.customer.create"
    CUSTOMER_UPDATE = "audit.customer.update"
    CUSTOMER_PEPPOL_CHECK = "audit.customer.peppol_check"
    CUSTOMER_NATIONAL_ID_READ = "audit.customer.national_id_read"
    CUSTOMER_EFAKTURA_LOOKUP = "audit.customer.efaktura_lookup"
    CUSTOMER_EFAKTURA_DATA = "audit.customer.efaktura_data"
    COMPANY_CREATE = "audit.company.create"
    COMPANY_UPDATE = "audit.company.update"
    COMPANY_PAYMENT_POLICY = "audit.company.payment_policy"
    COMPANY_KID_SETTINGS = "audit.company.kid_settings"
    COMPANY_EMAIL = "audit.company.email"
    COMPANY_DELIVERY = "audit.company.delivery"
    COMPANY_ACCOUNT_ADD = "audit.company.account_add"
    COMPANY_ACCOUNT_REMOVE = "audit.company.account_remove"
    PAYMENTS_IMPORT = "audit.payments.import"
    PAYMENTS_REJECT = "audit.payments.reject"
    PAYMENTS_UNDO_IMPORT = "audit.payments.undo_import"
    INBOX_POST = "audit.inbox.post"
    INBOX_MOVE = "audit.inbox.move"
    INBOX_SPLIT = "audit.inbox.split"
    INBOX_IGNORE = "audit.inbox.ignore"
    INBOX_REFUND = "audit.inbox.refund"
    LEDGER_MATCH = "audit.ledger.match"
    FOLLOWUP_RUN_REMINDER = "audit.followup.run.reminder"
    FOLLOWUP_RUN_INKASSOVARSEL = "audit.followup.run.inkassovarsel"
    FOLLOWUP_REMINDER = "audit.followup.reminder"
    FOLLOWUP_INKASSOVARSEL = "audit.followup.inkassovarsel"
    FOLLOWUP_INTEREST_NOTE = "audit.followup.interest_note"
    FOLLOWUP_HANDOFF = "audit.followup.handoff"
    FOLLOWUP_HOLD = "audit.followup.hold"
    FOLLOWUP_HOLD_RELEASE = "audit.followup.hold_release"
    FOLLOWUP_DISPUTE = "audit.followup.dispute"
    FOLLOWUP_DISPUTE_RESOLVED = "audit.followup.dispute_resolved"
    FOLLOWUP_SETTINGS = "audit.followup.settings"
    FOLLOWUP_RATE = "audit.followup.rate"
    NOTIFY_RECIPIENT = "audit.notify.recipient"
    NOTIFY_RECIPIENT_REMOVE = "audit.notify.recipient_remove"
    EMAIL_RETRY = "audit.email.retry"
    USER_CREATE = "audit.user.create"
    USER_GRANT = "audit.user.grant"
    USER_PASSWORD = "audit.user.password"  # noqa: S105 - a code
    TOKEN_CREATE = "audit.token.create"  # noqa: S105 - a code
    TOKEN_REVOKE = "audit.token.revoke"  # noqa: S105 - a code
    SCHEDULE_SET = "audit.schedule.set"
    RECURRING_CREATE = "audit.recurring.create"
    CHANNEL_ADD = "audit.channel.add"
    CHANNEL_ENABLE = "audit.channel.enable"
    CHANNEL_DISABLE = "audit.channel.disable"
    AGREEMENT_REGISTER = "audit.agreement.register"
    AGREEMENT_VERIFY = "audit.agreement.verify"
    AGREEMENT_END = "audit.agreement.end"
    AVTALEGIRO_AGREEMENT = "audit.avtalegiro.agreement"
    AVTALEGIRO_MANDATES = "audit.avtalegiro.mandates"
    AVTALEGIRO_CLAIMS = "audit.avtalegiro.claims"
    AVTALEGIRO_OUTBOUND = "audit.avtalegiro.outbound"
    AVTALEGIRO_SENT = "audit.avtalegiro.sent"
    DELIVERY_QUEUED = "audit.delivery.queued"
    DELIVERY_SENT = "audit.delivery.sent"
    DELIVERY_DELIVERED = "audit.delivery.delivered"
    DELIVERY_FAILED = "audit.delivery.failed"
    DELIVERY_REFUSED = "audit.delivery.refused"


def code_of(action: str) -> AuditCode:
    """The code of ``action`` (``invoice.issue``), else :attr:`AuditCode.OTHER`."""
    try:
        return AuditCode(f"audit.{action}")
    except ValueError:
        return AuditCode.OTHER
