"""The daily automation: the OCR agreement with Nets, bank channels and fetching,
the scheduled jobs, and the e-mail notifications with their outbox.

- :mod:`.terms` and :mod:`.agreements`: the agreement and the KID rule under it;
- :mod:`.channels` and :mod:`.fetch`: where bank files come from, and booking them;
- :mod:`.jobs`, :mod:`.scheduler` and :mod:`.status`: what runs when, the lock, and
  what ``reskontro status`` shows;
- :mod:`.notifications`, :mod:`.recipients`, :mod:`.outbox` and :mod:`.letters`:
  who is told what, and sending it.

States and codes are in :mod:`.codes`, their texts in :mod:`reskontro.i18n.automation`.
"""

from __future__ import annotations

from reskontro.services.automation.agreements import (
    NO_AGREEMENT,
    AgreementEnded,
    AgreementRecord,
    Agreements,
    AgreementView,
    check_kid_change,
    has_verified,
    in_force,
    require_verified,
)
from reskontro.services.automation.channels import (
    BankChannels,
    ChannelConfig,
    Probe,
    open_mailbox,
    probe_channel,
)
from reskontro.services.automation.fetch import ChannelResult, Fetcher, FetchReport, FileResult
from reskontro.services.automation.jobs import REGISTRY, Job, JobOutcome, RunRef, register
from reskontro.services.automation.notifications import (
    IMPORT_SUMMARY,
    OVERDUE_DIGEST,
    Recipient,
    import_context,
    overdue_context,
    recipients_for,
    render,
)
from reskontro.services.automation.outbox import (
    BACKOFF,
    MAX_ATTEMPTS,
    Delivery,
    DeliveryWaiting,
    DigestResult,
    Notifier,
    OutboxView,
)
from reskontro.services.automation.recipients import OwnerEmail, Recipients, RecipientView
from reskontro.services.automation.scheduler import (
    LEASE,
    RETRY_AFTER,
    Automation,
    RunResult,
    Scheduler,
    build_automation,
    parse_time,
)
from reskontro.services.automation.status import AutomationStatus, automation_status, channel_status
from reskontro.services.automation.terms import AgreementTerms, fit_problems, parse_terms

__all__ = [
    "BACKOFF",
    "IMPORT_SUMMARY",
    "LEASE",
    "MAX_ATTEMPTS",
    "NO_AGREEMENT",
    "OVERDUE_DIGEST",
    "REGISTRY",
    "RETRY_AFTER",
    "AgreementEnded",
    "AgreementRecord",
    "AgreementTerms",
    "AgreementView",
    "Agreements",
    "Automation",
    "AutomationStatus",
    "BankChannels",
    "ChannelConfig",
    "ChannelResult",
    "Delivery",
    "DeliveryWaiting",
    "DigestResult",
    "FetchReport",
    "Fetcher",
    "FileResult",
    "Job",
    "JobOutcome",
    "Notifier",
    "OutboxView",
    "OwnerEmail",
    "Probe",
    "Recipient",
    "RecipientView",
    "Recipients",
    "RunRef",
    "RunResult",
    "Scheduler",
    "automation_status",
    "build_automation",
    "channel_status",
    "check_kid_change",
    "fit_problems",
    "has_verified",
    "import_context",
    "in_force",
    "open_mailbox",
    "overdue_context",
    "parse_terms",
    "parse_time",
    "probe_channel",
    "recipients_for",
    "register",
    "render",
    "require_verified",
]
