"""Scheduled jobs: the registry, and the two built in.

A :class:`Job` is registered once (:func:`register`) and runs once a day per company
at a time of day in Europe/Oslo (its default, or what the company set with
``reskontro schedule set``). Two are built in — ``fetch`` (fetch and book bank files)
and ``overdue_digest`` — and later features add theirs the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.errors import ValidationError
from reskontro.messages import Message, Messages
from reskontro.services.automation.codes import FileStatus, JobCode
from reskontro.services.automation.notifications import OVERDUE_DIGEST
from reskontro.storage.models import Company
from reskontro.storage.models_automation import BankChannel, NotificationRecipient

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session

    from reskontro.services.automation.scheduler import Automation

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True, slots=True)
class RunRef:
    """The run a job is doing."""

    id: int
    job: str
    company_id: int
    period: str
    trigger: str


@dataclass(frozen=True, slots=True)
class NoDetail:
    """A run that did not get as far as a result."""


@dataclass(frozen=True, slots=True)
class JobOutcome:
    ok: bool
    #: The job's own result (a frozen dataclass), stored with the run as JSON.
    detail: object = field(default_factory=NoDetail)
    #: Why the run failed, in order (stored with the run, rendered by each interface).
    reasons: Messages = field(default_factory=Messages)


@dataclass(frozen=True)
class Job:
    name: str
    title: str
    #: ``HH:MM`` in Europe/Oslo, unless the company set another time.
    default_time: str
    run: Callable[[Automation, RunRef], JobOutcome]
    #: Whether the job has anything to do for the company (set up at all).
    applies: Callable[[Session, int], bool]
    #: Scheduled attempts before a failed run waits for the next day.
    max_attempts: int = 4
    #: Shown in the status even where it has nothing to do (else only where it applies).
    always_listed: bool = True


REGISTRY: dict[str, Job] = {}


def register(job: Job) -> Job:
    """Add a job (later features call this at import time)."""
    parse_time(job.default_time)
    REGISTRY[job.name] = job
    return job


def parse_time(text: str) -> dt.time:
    """``HH:MM`` (24 hours).

    >>> parse_time("06:30")
    datetime.time(6, 30)
    """
    match = _TIME.match(text.strip())
    if match is None:
        raise ValidationError(Message.of(JobCode.TIME_FORM, value=repr(text)), field="at")
    return dt.time(int(match[1]), int(match[2]))


def _fetch_job(auto: Automation, ref: RunRef) -> JobOutcome:
    report = auto.fetcher.fetch(ref.company_id, job_run_id=ref.id, actor=f"worker:{auto.worker_id}")
    # A channel not reached is told by the fetcher (an e-mail); the run fails.
    problems = [
        Message.of(JobCode.CHANNEL_FAILED, channel=channel.channel, reason=_dumps(channel.reason))
        for channel in report.failed_channels
    ]
    for channel in report.channels:
        problems.extend(
            Message.of(
                JobCode.FILE_FAILED, channel=channel.channel, file=f.name, reason=_dumps(f.reason)
            )
            for f in channel.files
            if f.status == FileStatus.FAILED
        )
    # AvtaleGiro: the claims file out goes through the same channel, the same morning.
    from reskontro.services.avtalegiro.daily import claims_after_fetch

    claims_error = claims_after_fetch(
        auto.sessions, auto.clock, ref.company_id, environ=auto.fetcher.environ,
        actor=f"worker:{auto.worker_id}",
    )  # fmt: skip
    if claims_error:
        problems.append(Message.of(JobCode.AVTALEGIRO_FAILED, reason=claims_error.dumps()))
    # A rejected file is reported (e-mail, status) and not fetched again: it does not
    # make the run fail. A channel not reached, or a download that failed, does.
    return JobOutcome(not problems, report, Messages(tuple(problems)))


def _dumps(reason: Message | None) -> str | None:
    return None if reason is None else reason.dumps()


def _fetch_applies(session: Session, company_id: int) -> bool:
    found = session.execute(
        select(BankChannel.id)
        .where(BankChannel.company_id == company_id, BankChannel.enabled.is_(True))
        .limit(1)
    ).first()
    return found is not None


def _digest_job(auto: Automation, ref: RunRef) -> JobOutcome:
    return JobOutcome(True, auto.notifier.queue_overdue_digest(ref.company_id, ref.period))


def _digest_applies(session: Session, company_id: int) -> bool:
    company = session.get(Company, company_id)
    if company is not None and company.email:
        return True
    found = session.execute(
        select(NotificationRecipient.id)
        .where(
            NotificationRecipient.company_id == company_id,
            NotificationRecipient.overdue_digest.is_(True),
        )
        .limit(1)
    ).first()
    return found is not None


register(Job("fetch", "Fetch and book bank files", "06:00", _fetch_job, _fetch_applies))
register(Job(OVERDUE_DIGEST, "E-mail the overdue digest", "07:00", _digest_job, _digest_applies))


__all__ = ["REGISTRY", "Job", "JobOutcome", "NoDetail", "RunRef", "parse_time", "register"]

# Jobs of other flows register themselves when imported (after the registry exists).
import reskontro.services.automation.followup_job  # noqa: E402
import reskontro.services.delivery.efaktura_job  # noqa: E402
import reskontro.services.invoicing.recurring_job  # noqa: E402, F401
