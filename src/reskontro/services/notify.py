"""Moved to :mod:`reskontro.services.automation` (this path stays for this session)."""

from __future__ import annotations

from reskontro.services.automation.notifications import (
    IMPORT_SUMMARY,
    OVERDUE_DIGEST,
    Recipient,
    import_context,
    overdue_context,
    recipients_for,
    render,
)
from reskontro.services.automation.outbox import BACKOFF, MAX_ATTEMPTS, Notifier

__all__ = [
    "BACKOFF",
    "IMPORT_SUMMARY",
    "MAX_ATTEMPTS",
    "OVERDUE_DIGEST",
    "Notifier",
    "Recipient",
    "import_context",
    "overdue_context",
    "recipients_for",
    "render",
]
