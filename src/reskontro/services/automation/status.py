"""What ``reskontro status`` (and the operations page) shows: each channel's last
fetch and problems, each job's last and next run, the agreement, the outbox."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from reskontro.clock import OSLO
from reskontro.messages import Messages
from reskontro.services.automation.channels import ChannelConfig
from reskontro.services.automation.codes import FileStatus, MailStatus, RunStatus
from reskontro.services.automation.reasons import CODED, english, loaded
from reskontro.services.automation.scheduler import utc
from reskontro.storage import repo
from reskontro.storage.models_automation import EmailOutbox, FetchedFile, FetchRun, JobRun

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from reskontro.channels.mailer import SmtpSettings
    from reskontro.messages import Message
    from reskontro.services.automation.agreements import AgreementView
    from reskontro.services.automation.jobs import Job
    from reskontro.services.automation.scheduler import Scheduler


@dataclass(frozen=True, slots=True)
class FetchRunView:
    started_at: dt.datetime
    finished_at: dt.datetime | None
    status: str
    files_seen: int
    files_new: int
    files_imported: int
    files_rejected: int
    files_failed: int
    #: Why the run failed (the page renders it in the reader's language), in English.
    reason: Message | None = field(default=None, metadata=CODED)
    error: str | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "error", english(self.reason))


@dataclass(frozen=True, slots=True)
class FetchProblem:
    name: str
    status: str
    reason: Message | None = field(metadata=CODED)
    at: dt.datetime
    attempts: int
    error: str | None = field(init=False, default=None)  # the reason in English

    def __post_init__(self) -> None:
        object.__setattr__(self, "error", english(self.reason))


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelStatus(ChannelConfig):
    """A channel's settings, its last run, totals and latest problems."""

    last_run: FetchRunView | None = None
    last_ok_at: dt.datetime | None = None
    #: Files fetched, by status.
    files: dict[str, int] = field(default_factory=dict)
    files_fetched: int = 0
    problems: tuple[FetchProblem, ...] = ()


@dataclass(frozen=True, slots=True)
class JobRunView:
    id: int
    period: str
    trigger: str
    status: str
    attempts: int
    worker: str | None
    started_at: dt.datetime
    finished_at: dt.datetime | None
    next_attempt_at: dt.datetime | None
    #: Why the run failed (the page renders them in the reader's language), and in
    #: English, joined by "; " (the CLI's).
    reasons: Messages = field(default_factory=Messages, metadata=CODED)
    error: str | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "error", english(self.reasons))


@dataclass(frozen=True, slots=True)
class JobStatus:
    job: str
    title: str
    time: str
    enabled: bool
    set_up: bool
    last_run: JobRunView | None
    next_run: dt.datetime | None


@dataclass(frozen=True, slots=True)
class CompanyBrief:
    id: int
    name: str
    kid_enabled: bool
    owner_email: str | None


@dataclass(frozen=True, slots=True)
class SmtpView:
    """The SMTP settings without the password."""

    host: str
    port: int
    security: str
    sender: str
    username: str | None
    password: str | None


@dataclass(frozen=True, slots=True)
class EmailStatus:
    smtp: SmtpView | None
    pending: int
    sent: int
    failed: int
    #: Why the latest failed e-mail failed (the page renders it in the reader's
    #: language; ``last_error`` is it in English, the CLI's).
    last_reason: Message | None = field(metadata=CODED)
    #: Follow-up letters (reminders, inkassovarsel, interest notes) recorded by a run
    #: and not yet handed to the outbox: the next delivery round sends them.
    letters_waiting: int = 0
    last_error: str | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "last_error", english(self.last_reason))


@dataclass(frozen=True, slots=True)
class AutomationStatus:
    company: CompanyBrief
    now: dt.datetime
    agreement: AgreementView | None
    channels: tuple[ChannelStatus, ...]
    jobs: tuple[JobStatus, ...]
    email: EmailStatus
    #: Dated rates that run out within 30 days, or have run out
    #: (:func:`reskontro.domain.rate_watch.rate_warnings`).
    rate_warnings: tuple[Message, ...] = ()


def channel_status(session: Session, config: ChannelConfig, limit: int = 5) -> ChannelStatus:
    """Last run, totals and the latest problems of one channel."""
    last = session.scalars(
        select(FetchRun)
        .where(FetchRun.channel_id == config.id)
        .order_by(FetchRun.started_at.desc(), FetchRun.id.desc())
        .limit(1)
    ).first()
    last_ok = session.execute(
        select(func.max(FetchRun.finished_at)).where(
            FetchRun.channel_id == config.id, FetchRun.status == RunStatus.OK
        )
    ).scalar_one_or_none()
    counts: dict[str, int] = {
        str(status): int(n)
        for status, n in session.execute(
            select(FetchedFile.status, func.count())
            .where(FetchedFile.channel_id == config.id)
            .group_by(FetchedFile.status)
        )
    }
    problems = session.scalars(
        select(FetchedFile)
        .where(
            FetchedFile.channel_id == config.id,
            FetchedFile.status.in_([FileStatus.REJECTED, FileStatus.FAILED]),
        )
        .order_by(FetchedFile.claimed_at.desc(), FetchedFile.id.desc())
        .limit(limit)
    ).all()
    run = None if last is None else FetchRunView(
        last.started_at, last.finished_at, last.status, last.files_seen, last.files_new,
        last.files_imported, last.files_rejected, last.files_failed, loaded(last.reason),
    )  # fmt: skip
    return ChannelStatus(
        **config.fields(),  # type: ignore[arg-type]
        last_run=run,
        last_ok_at=last_ok,
        files=counts,
        files_fetched=sum(counts.values()),
        problems=tuple(
            FetchProblem(p.remote_name, p.status, loaded(p.reason), p.claimed_at, p.attempts)
            for p in problems
        ),
    )


def _run_view(row: JobRun | None) -> JobRunView | None:
    if row is None:
        return None
    return JobRunView(
        row.id, row.period, row.trigger, row.status, row.attempts, row.worker,
        utc(row.started_at), utc(row.finished_at) if row.finished_at else None,
        utc(row.next_attempt_at) if row.next_attempt_at else None, Messages.loads(row.reasons),
    )  # fmt: skip


def _job_status(
    scheduler: Scheduler, session: Session, company_id: int, local: dt.datetime
) -> list[JobStatus]:
    jobs = []
    scope = f"company:{company_id}"
    for name, (at, enabled) in scheduler.schedule(session, company_id).items():
        job = scheduler.registry[name]
        last = session.scalars(
            select(JobRun)
            .where(JobRun.job == name, JobRun.scope == scope)
            .order_by(JobRun.started_at.desc(), JobRun.id.desc())
            .limit(1)
        ).first()
        today_run = session.execute(
            select(JobRun).where(
                JobRun.job == name, JobRun.scope == scope, JobRun.period == local.date().isoformat()
            )
        ).scalar_one_or_none()
        applies = job.applies(session, company_id)
        if not applies and not job.always_listed:
            continue
        next_run = _next_run(local, at, today_run, job) if enabled and applies else None
        jobs.append(
            JobStatus(
                name, job.title, at.strftime("%H:%M"), enabled, applies, _run_view(last), next_run
            )
        )
    return jobs


def _rate_warnings(session: Session, today: dt.date) -> tuple[Message, ...]:
    from reskontro.domain.rate_watch import rate_warnings
    from reskontro.services.followup.rates import rate_table

    return rate_warnings(rate_table(session), today)


def letters_waiting(session: Session, company_id: int) -> int:
    from reskontro.storage.models_followup import FollowupMessage

    return int(
        session.execute(
            select(func.count())
            .select_from(FollowupMessage)
            .where(
                FollowupMessage.company_id == company_id,
                FollowupMessage.status == MailStatus.PENDING,
            )
        ).scalar_one()
    )


def _email_status(session: Session, company_id: int, smtp: SmtpSettings | None) -> EmailStatus:
    counts: dict[str, int] = {
        str(status): int(n)
        for status, n in session.execute(
            select(EmailOutbox.status, func.count())
            .where(EmailOutbox.company_id == company_id)
            .group_by(EmailOutbox.status)
        )
    }
    last_reason = session.execute(
        select(EmailOutbox.last_reason)
        .where(EmailOutbox.company_id == company_id, EmailOutbox.last_reason.is_not(None))
        .order_by(EmailOutbox.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    view = None
    if smtp is not None:
        view = SmtpView(
            smtp.host, smtp.port, smtp.security.value, smtp.sender, smtp.username,
            "set" if smtp.password else None,
        )  # fmt: skip
    return EmailStatus(
        view,
        counts.get(MailStatus.PENDING, 0) + counts.get(MailStatus.SENDING, 0),
        counts.get(MailStatus.SENT, 0),
        counts.get(MailStatus.FAILED, 0),
        loaded(last_reason),
        letters_waiting(session, company_id),
    )


def automation_status(
    scheduler: Scheduler, company_id: int, smtp: SmtpSettings | None
) -> AutomationStatus:
    """Everything ``reskontro status`` shows for a company."""
    auto = scheduler.auto
    now = auto.clock.now()
    agreement = auto.agreements.show(company_id)
    channels = auto.channels.configs(company_id)
    with auto.sessions() as session:
        company = repo.company(session, company_id)
        return AutomationStatus(
            CompanyBrief(company.id, company.name, company.kid_enabled, company.email),
            now,
            agreement,
            tuple(channel_status(session, c) for c in channels),
            tuple(_job_status(scheduler, session, company_id, now.astimezone(OSLO))),
            _email_status(session, company_id, smtp),
            _rate_warnings(session, now.astimezone(OSLO).date()),
        )


@dataclass(frozen=True, slots=True)
class OperationsBrief:
    """What the dashboard says about operations: a few counts, read in three small
    queries (the status page's :func:`automation_status` reads everything)."""

    channels: int
    #: Channels whose latest fetch failed.
    channel_errors: int
    #: E-mails waiting in the outbox (pending or being sent), and given up on.
    email_pending: int
    email_failed: int
    letters_waiting: int
    #: Rates that run out soon or have run out (given ``today``).
    rate_warnings: tuple[Message, ...] = ()


def operations_brief(
    session: Session, company_id: int, today: dt.date | None = None
) -> OperationsBrief:
    """The dashboard's :class:`OperationsBrief` for a company (with the rate warnings
    as of ``today``, when given: one small read of the rate table)."""
    from reskontro.storage.models_automation import BankChannel

    channel_ids = list(
        session.scalars(select(BankChannel.id).where(BankChannel.company_id == company_id))
    )
    failed = 0
    if channel_ids:
        latest = (
            select(func.max(FetchRun.id))
            .where(FetchRun.channel_id.in_(channel_ids))
            .group_by(FetchRun.channel_id)
        )
        failed = int(
            session.scalar(
                select(func.count()).where(
                    FetchRun.id.in_(latest), FetchRun.status == RunStatus.FAILED
                )
            ) or 0
        )  # fmt: skip
    waiting = (MailStatus.PENDING, MailStatus.SENDING, MailStatus.FAILED)
    counts: dict[str, int] = {
        str(status): int(n)
        for status, n in session.execute(
            select(EmailOutbox.status, func.count())
            .where(EmailOutbox.company_id == company_id, EmailOutbox.status.in_(waiting))
            .group_by(EmailOutbox.status)
        )
    }
    return OperationsBrief(
        channels=len(channel_ids),
        channel_errors=failed,
        email_pending=counts.get(MailStatus.PENDING, 0) + counts.get(MailStatus.SENDING, 0),
        email_failed=counts.get(MailStatus.FAILED, 0),
        letters_waiting=letters_waiting(session, company_id),
        rate_warnings=() if today is None else _rate_warnings(session, today),
    )


def _next_run(local: dt.datetime, at: dt.time, today_run: JobRun | None, job: Job) -> dt.datetime:
    today = local.date()
    slot_today = dt.datetime.combine(today, at, tzinfo=OSLO)
    tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), at, tzinfo=OSLO)
    if today_run is None:
        return max(local, slot_today)
    if (
        today_run.status == RunStatus.FAILED
        and today_run.attempts < job.max_attempts
        and today_run.next_attempt_at is not None
    ):
        return utc(today_run.next_attempt_at).astimezone(OSLO)
    return tomorrow


__all__ = [
    "AutomationStatus",
    "ChannelStatus",
    "EmailStatus",
    "JobStatus",
    "OperationsBrief",
    "automation_status",
    "channel_status",
    "operations_brief",
]
