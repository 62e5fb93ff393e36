"""Scheduled jobs: a registry, per-company times, and a lock in the database.

A :class:`Job` is registered once (:func:`register`) and runs once a day per company
at a time of day in Europe/Oslo (its default, or what the company set with
``reskontro schedule set``). Two are built in — ``fetch`` (fetch and book bank files)
and ``overdue_digest`` — and later features add theirs the same way.

**The lock.** A run is claimed by *inserting* its ``job_run`` row, unique on
``(job, scope, period)`` where the period is the Oslo date: whichever worker inserts
first runs the job, every other one gets a unique-constraint error and moves on. The
same statement works on SQLite and PostgreSQL, and survives a crash: a run left
``running`` longer than the lease is taken over, and a ``failed`` run is tried again
with backoff (an SFTP server down at 06:00 is tried again at 06:15, 07:00, ...).
``reskontro run-daily`` claims the same rows, so a cron entry and a worker never
both run a day's jobs.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import socket
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, or_, select, true, update
from sqlalchemy.exc import IntegrityError

from reskontro.clock import OSLO
from reskontro.errors import NotFound, ValidationError
from reskontro.services import audit
from reskontro.services.agreements import Agreements
from reskontro.services.fetch import BankChannels, Fetcher, channel_status
from reskontro.services.notify import OVERDUE_DIGEST, Notifier
from reskontro.storage.models import Company
from reskontro.storage.models_automation import (
    BankChannel,
    EmailOutbox,
    JobRun,
    JobSchedule,
    NotificationRecipient,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.channels.mailer import SmtpSettings
    from reskontro.clock import Clock
    from reskontro.storage.filestore import FileStore

log = logging.getLogger(__name__)

#: A run ``running`` longer than this is taken as abandoned (its worker died).
LEASE = dt.timedelta(hours=2)
#: Wait after the n-th failed attempt of a scheduled run.
RETRY_AFTER = (
    dt.timedelta(minutes=15),
    dt.timedelta(hours=1),
    dt.timedelta(hours=3),
)
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class Automation:
    """The services the jobs use, built once per process."""

    sessions: sessionmaker[Session]
    clock: Clock
    notifier: Notifier
    fetcher: Fetcher
    worker_id: str

    @property
    def channels(self) -> BankChannels:
        return BankChannels(self.sessions, self.clock)

    @property
    def agreements(self) -> Agreements:
        return Agreements(self.sessions, self.clock)


def build_automation(
    sessions: sessionmaker[Session],
    clock: Clock,
    *,
    store: FileStore | None = None,
    smtp: SmtpSettings | None = None,
    environ: Mapping[str, str] | None = None,
    worker_id: str | None = None,
) -> Automation:
    from reskontro.services.payments import PaymentImporter
    from reskontro.storage.filestore import FileStore

    wid = worker_id or default_worker_id()
    notifier = Notifier(sessions, clock, smtp, worker_id=wid)
    importer = PaymentImporter(sessions, clock, store or FileStore())
    fetcher = Fetcher(sessions, clock, importer, notifier=notifier, environ=environ, worker_id=wid)
    return Automation(sessions, clock, notifier, fetcher, wid)


# -- the registry -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RunRef:
    """The run a job is doing."""

    id: int
    job: str
    company_id: int
    period: str
    trigger: str


@dataclass(frozen=True, slots=True)
class JobOutcome:
    ok: bool
    detail: dict[str, Any]
    error: str | None = None


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


REGISTRY: dict[str, Job] = {}


def register(job: Job) -> Job:
    """Add a job (later features call this at import time)."""
    parse_time(job.default_time)
    REGISTRY[job.name] = job
    return job


def parse_time(text: str) -> dt.time:
    match = _TIME.match(text.strip())
    if match is None:
        raise ValidationError(f"a time of day is HH:MM (24 hours, Oslo time), not {text!r}")
    return dt.time(int(match[1]), int(match[2]))


def _fetch_job(auto: Automation, ref: RunRef) -> JobOutcome:
    report = auto.fetcher.fetch(ref.company_id, job_run_id=ref.id, actor=f"worker:{auto.worker_id}")
    problems = []
    for channel in report.failed_channels:
        problems.append(f"{channel.channel}: {channel.error}")
        auto.notifier.queue_fetch_failed(
            ref.company_id, channel.channel, channel.error or "", auto.clock.today().isoformat()
        )
    for channel in report.channels:
        problems.extend(
            f"{channel.channel}/{f.name}: {f.error}" for f in channel.files if f.status == "failed"
        )
    # A rejected file is reported (e-mail, status) and not fetched again: it does not
    # make the run fail. A channel not reached, or a download that failed, does.
    return JobOutcome(not problems, report.to_json(), "; ".join(problems) or None)


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


# -- the scheduler ------------------------------------------------------------------


@dataclass
class RunResult:
    job: str
    company_id: int
    period: str
    status: str
    run_id: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "job": self.job,
            "company_id": self.company_id,
            "period": self.period,
            "status": self.status,
            "run_id": self.run_id,
            "detail": self.detail,
            "error": self.error,
        }


def _utc(value: dt.datetime) -> dt.datetime:
    """Timestamps come back naive from SQLite; they are UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


class Scheduler:
    """Finds due jobs, claims them (the lock) and runs them."""

    def __init__(self, automation: Automation, registry: Mapping[str, Job] | None = None) -> None:
        self.auto = automation
        self.registry = REGISTRY if registry is None else registry

    @property
    def sessions(self) -> sessionmaker[Session]:
        return self.auto.sessions

    # -- schedule settings --------------------------------------------------------

    def job(self, name: str) -> Job:
        try:
            return self.registry[name]
        except KeyError:
            raise NotFound(
                f"no job named {name}; the jobs are {', '.join(sorted(self.registry))}"
            ) from None

    def schedule(self, session: Session, company_id: int) -> dict[str, tuple[dt.time, bool]]:
        rows = session.scalars(select(JobSchedule).where(JobSchedule.company_id == company_id))
        custom = {r.job: (parse_time(r.time_of_day), r.enabled) for r in rows}
        return {
            name: custom.get(name, (parse_time(job.default_time), True))
            for name, job in self.registry.items()
        }

    def set_schedule(
        self, company_id: int, job: str, *, at: str | None, enabled: bool | None, actor: str
    ) -> dict[str, Any]:
        found = self.job(job)
        when = parse_time(at) if at is not None else None
        now = self.auto.clock.now()
        with self.sessions.begin() as session:
            if session.get(Company, company_id) is None:
                raise NotFound(f"no company with id {company_id}")
            row = session.get(JobSchedule, (company_id, found.name))
            if row is None:
                row = JobSchedule(
                    company_id=company_id, job=found.name, time_of_day=found.default_time,
                    enabled=True,
                )  # fmt: skip
                session.add(row)
            if when is not None:
                row.time_of_day = when.strftime("%H:%M")
            if enabled is not None:
                row.enabled = enabled
            view = {"job": found.name, "time": row.time_of_day, "enabled": row.enabled}
            audit.record(
                session, at=now, actor=actor, action="schedule.set", object_type="job_schedule",
                object_id=None, company_id=company_id, after=view,
            )  # fmt: skip
            return view

    # -- running ------------------------------------------------------------------

    def _slot(self, day: dt.date, at: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, at, tzinfo=OSLO).astimezone(dt.UTC)

    def due(self) -> list[tuple[Job, int, str, dt.datetime]]:
        """Today's runs whose time has come (claimed or not: the claim decides)."""
        now = self.auto.clock.now()
        local = now.astimezone(OSLO)
        today = local.date()
        out = []
        with self.sessions() as session:
            companies = list(session.scalars(select(Company.id).order_by(Company.id)))
            for company_id in companies:
                for name, (at, enabled) in self.schedule(session, company_id).items():
                    job = self.registry[name]
                    if not enabled or local.time() < at or not job.applies(session, company_id):
                        continue
                    out.append((job, company_id, today.isoformat(), self._slot(today, at)))
        return out

    def run_due(self) -> list[RunResult]:
        """One worker tick: run every due job this worker can claim."""
        results = []
        for job, company_id, period, slot in self.due():
            run_id, _ = self._claim(job, company_id, period, slot, "schedule")
            if run_id is not None:
                results.append(self._execute(job, company_id, period, run_id, "schedule"))
        return results

    def run_now(
        self,
        company_id: int | None = None,
        *,
        jobs: list[str] | None = None,
        force: bool = False,
    ) -> list[RunResult]:
        """``reskontro run-daily``: today's runs, now, whatever the time of day.

        A run already done today is skipped (and said so) unless ``force``, which
        runs it again as a separate manual run.
        """
        now = self.auto.clock.now()
        today = now.astimezone(OSLO).date()
        wanted = [self.job(j) for j in jobs] if jobs else list(self.registry.values())
        with self.sessions() as session:
            if company_id is not None:
                if session.get(Company, company_id) is None:
                    raise NotFound(f"no company with id {company_id}")
                companies = [company_id]
            else:
                companies = list(session.scalars(select(Company.id).order_by(Company.id)))
            plan: list[tuple[Job, int, str | None, dt.datetime]] = []
            for cid in companies:
                schedule = self.schedule(session, cid)
                for job in wanted:
                    at, _enabled = schedule[job.name]
                    if not job.applies(session, cid):
                        plan.append((job, cid, None, self._slot(today, at)))
                        continue
                    key = f"manual:{now.isoformat()}" if force else today.isoformat()
                    plan.append((job, cid, key, self._slot(today, at)))
        results = []
        for job, cid, planned, slot in plan:
            if planned is None:
                results.append(
                    RunResult(job.name, cid, today.isoformat(), "skipped", error="not set up")
                )
                continue
            period = planned
            run_id, why = self._claim(job, cid, period, slot, "manual")
            if run_id is None:
                results.append(RunResult(job.name, cid, period, "skipped", error=why))
                continue
            results.append(self._execute(job, cid, period, run_id, "manual"))
        return results

    def _claim(
        self, job: Job, company_id: int, period: str, slot: dt.datetime, trigger: str
    ) -> tuple[int | None, str]:
        """Insert the run's row (the lock); else take over a failed or abandoned run.
        Returns the run id, or None and why not."""
        scope = f"company:{company_id}"
        now = self.auto.clock.now()
        try:
            with self.sessions.begin() as session:
                row = JobRun(
                    job=job.name, scope=scope, company_id=company_id, period=period,
                    scheduled_for=slot, trigger=trigger, status="running", attempts=1,
                    worker=self.auto.worker_id, started_at=now,
                )  # fmt: skip
                session.add(row)
                session.flush()
                return row.id, "claimed"
        except IntegrityError:
            pass
        with self.sessions.begin() as session:
            existing = session.execute(
                select(JobRun).where(
                    JobRun.job == job.name, JobRun.scope == scope, JobRun.period == period
                )
            ).scalar_one_or_none()
            if existing is None:  # pragma: no cover - rows are never deleted
                return None, "claimed by another worker"
            retry = (
                and_(JobRun.attempts < job.max_attempts, JobRun.next_attempt_at <= now)
                if trigger == "schedule"
                else true()
            )
            taken = session.execute(
                update(JobRun)
                .execution_options(synchronize_session=False)
                .where(
                    JobRun.id == existing.id,
                    or_(
                        and_(JobRun.status == "failed", retry),
                        and_(JobRun.status == "running", JobRun.started_at < now - LEASE),
                    ),
                )
                .values(
                    status="running",
                    attempts=JobRun.attempts + 1,
                    worker=self.auto.worker_id,
                    started_at=now,
                    finished_at=None,
                    trigger=trigger,
                )
            )
            if getattr(taken, "rowcount", 0) == 1:
                return existing.id, "claimed"
            if existing.status == "running":
                return None, f"running since {_utc(existing.started_at):%H:%M} on {existing.worker}"
            if existing.status == "ok":
                return None, f"done for {period} at {_utc(existing.started_at):%H:%M} UTC"
            return None, f"failed for {period}; next attempt later ({existing.error})"

    def _execute(
        self, job: Job, company_id: int, period: str, run_id: int, trigger: str
    ) -> RunResult:
        ref = RunRef(run_id, job.name, company_id, period, trigger)
        log.info("running %s for company %d (%s)", job.name, company_id, period)
        try:
            outcome = job.run(self.auto, ref)
        except Exception as exc:
            log.exception("job %s for company %d failed", job.name, company_id)
            outcome = JobOutcome(False, {}, f"{exc.__class__.__name__}: {exc}")
        now = self.auto.clock.now()
        with self.sessions.begin() as session:
            row = session.get_one(JobRun, run_id)
            row.status = "ok" if outcome.ok else "failed"
            row.finished_at = now
            row.detail = json.dumps(outcome.detail, ensure_ascii=False, default=str)
            row.error = outcome.error
            row.next_attempt_at = (
                None if outcome.ok else now + RETRY_AFTER[min(row.attempts, len(RETRY_AFTER)) - 1]
            )
        return RunResult(
            job.name, company_id, period, "ok" if outcome.ok else "failed", run_id,
            outcome.detail, outcome.error,
        )  # fmt: skip


# -- status -------------------------------------------------------------------------


def _run_view(row: JobRun | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "id": row.id,
        "period": row.period,
        "trigger": row.trigger,
        "status": row.status,
        "attempts": row.attempts,
        "worker": row.worker,
        "started_at": _utc(row.started_at).isoformat(),
        "finished_at": _utc(row.finished_at).isoformat() if row.finished_at else None,
        "next_attempt_at": _utc(row.next_attempt_at).isoformat() if row.next_attempt_at else None,
        "error": row.error,
    }


def automation_status(
    scheduler: Scheduler, company_id: int, smtp: SmtpSettings | None
) -> dict[str, Any]:
    """Everything ``reskontro status`` shows for a company."""
    auto = scheduler.auto
    now = auto.clock.now()
    local = now.astimezone(OSLO)
    agreement = auto.agreements.show(company_id)
    channels = auto.channels.configs(company_id)
    with auto.sessions() as session:
        company = session.get(Company, company_id)
        if company is None:
            raise NotFound(f"no company with id {company_id}")
        jobs = []
        for name, (at, enabled) in scheduler.schedule(session, company_id).items():
            job = scheduler.registry[name]
            scope = f"company:{company_id}"
            last = session.scalars(
                select(JobRun)
                .where(JobRun.job == name, JobRun.scope == scope)
                .order_by(JobRun.started_at.desc(), JobRun.id.desc())
                .limit(1)
            ).first()
            today_run = session.execute(
                select(JobRun).where(
                    JobRun.job == name,
                    JobRun.scope == scope,
                    JobRun.period == local.date().isoformat(),
                )
            ).scalar_one_or_none()
            applies = job.applies(session, company_id)
            jobs.append(
                {
                    "job": name,
                    "title": job.title,
                    "time": at.strftime("%H:%M"),
                    "enabled": enabled,
                    "set_up": applies,
                    "last_run": _run_view(last),
                    "next_run": _next_run(local, at, today_run, job)
                    if enabled and applies
                    else None,
                }
            )
        counts: dict[str, int] = {
            str(status): int(n)
            for status, n in session.execute(
                select(EmailOutbox.status, func.count())
                .where(EmailOutbox.company_id == company_id)
                .group_by(EmailOutbox.status)
            )
        }
        last_error = session.execute(
            select(EmailOutbox.last_error)
            .where(EmailOutbox.company_id == company_id, EmailOutbox.last_error.is_not(None))
            .order_by(EmailOutbox.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        channel_views = [channel_status(session, c) for c in channels]
        return {
            "company": {
                "id": company.id,
                "name": company.name,
                "kid_enabled": company.kid_enabled,
                "owner_email": company.email,
            },
            "now": now.isoformat(),
            "agreement": agreement,
            "channels": channel_views,
            "jobs": jobs,
            "email": {
                "smtp": smtp.describe() if smtp else None,
                "pending": int(counts.get("pending", 0)) + int(counts.get("sending", 0)),
                "sent": int(counts.get("sent", 0)),
                "failed": int(counts.get("failed", 0)),
                "last_error": last_error,
            },
        }


def _next_run(local: dt.datetime, at: dt.time, today_run: JobRun | None, job: Job) -> str:
    today = local.date()
    slot_today = dt.datetime.combine(today, at, tzinfo=OSLO)
    tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), at, tzinfo=OSLO)
    if today_run is None:
        return (max(local, slot_today)).isoformat()
    if (
        today_run.status == "failed"
        and today_run.attempts < job.max_attempts
        and today_run.next_attempt_at is not None
    ):
        return _utc(today_run.next_attempt_at).astimezone(OSLO).isoformat()
    return tomorrow.isoformat()


__all__ = [
    "REGISTRY",
    "Automation",
    "Job",
    "JobOutcome",
    "RunRef",
    "RunResult",
    "Scheduler",
    "automation_status",
    "build_automation",
    "parse_time",
    "register",
]
