"""The scheduler: per-company times, and a lock in the database.

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
import socket
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import and_, or_, select, true, update
from sqlalchemy.exc import IntegrityError

from reskontro.clock import OSLO
from reskontro.errors import NotFound
from reskontro.jsonable import to_jsonable
from reskontro.messages import Message, Messages
from reskontro.services import audit
from reskontro.services.automation.agreements import Agreements
from reskontro.services.automation.channels import BankChannels
from reskontro.services.automation.codes import JobCode, RunResultStatus, RunStatus, RunTrigger
from reskontro.services.automation.fetch import Fetcher
from reskontro.services.automation.jobs import REGISTRY, JobOutcome, NoDetail, RunRef, parse_time
from reskontro.services.automation.outbox import Notifier
from reskontro.services.automation.reasons import CODED, english
from reskontro.storage import repo
from reskontro.storage.models import Company
from reskontro.storage.models_automation import JobRun, JobSchedule

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.channels.mailer import SmtpSettings
    from reskontro.clock import Clock
    from reskontro.services.automation.jobs import Job
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
    importer = PaymentImporter(sessions, clock, store or FileStore.of(sessions))
    fetcher = Fetcher(sessions, clock, importer, notifier=notifier, environ=environ, worker_id=wid)
    return Automation(sessions, clock, notifier, fetcher, wid)


@dataclass(frozen=True, slots=True)
class RunResult:
    job: str
    company_id: int
    period: str
    status: RunResultStatus
    run_id: int | None = None
    #: The job's own result (see :class:`~reskontro.services.automation.jobs.JobOutcome`).
    detail: object = field(default_factory=NoDetail)
    #: Why the run failed, or was skipped (rendered by each interface), and in English,
    #: joined by "; " (the CLI's).
    reasons: Messages = field(default_factory=Messages, metadata=CODED)
    error: str | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "error", english(self.reasons))

    def to_json(self) -> dict[str, object]:
        json_: dict[str, object] = to_jsonable(self)
        return json_


@dataclass(frozen=True, slots=True)
class ScheduleEntry:
    job: str
    time: str
    enabled: bool


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    job: str
    title: str
    time: str
    enabled: bool


def utc(value: dt.datetime) -> dt.datetime:
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
            jobs = ", ".join(sorted(self.registry))
            raise NotFound(Message.of(JobCode.NO_SUCH_JOB, name=name, jobs=jobs)) from None

    def schedule(self, session: Session, company_id: int) -> dict[str, tuple[dt.time, bool]]:
        rows = session.scalars(select(JobSchedule).where(JobSchedule.company_id == company_id))
        custom = {r.job: (parse_time(r.time_of_day), r.enabled) for r in rows}
        return {
            name: custom.get(name, (parse_time(job.default_time), True))
            for name, job in self.registry.items()
        }

    def schedule_rows(self, company_id: int) -> list[ScheduleRow]:
        """The jobs and when they run for the company."""
        with self.sessions() as session:
            return [
                ScheduleRow(name, self.registry[name].title, at.strftime("%H:%M"), enabled)
                for name, (at, enabled) in self.schedule(session, company_id).items()
                if self.registry[name].always_listed
                or self.registry[name].applies(session, company_id)
            ]

    def set_schedule(
        self, company_id: int, job: str, *, at: str | None, enabled: bool | None, actor: str
    ) -> ScheduleEntry:
        found = self.job(job)
        when = parse_time(at) if at is not None else None
        now = self.auto.clock.now()
        with self.sessions.begin() as session:
            repo.company(session, company_id)
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
            view = ScheduleEntry(found.name, row.time_of_day, row.enabled)
            audit.record(
                session, at=now, actor=actor, action="schedule.set", object_type="job_schedule",
                object_id=None, company_id=company_id, after=to_jsonable(view),
            )  # fmt: skip
            return view

    # -- running ------------------------------------------------------------------

    def slot(self, day: dt.date, at: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, at, tzinfo=OSLO).astimezone(dt.UTC)

    def due(self) -> list[tuple[Job, int, str, dt.datetime]]:
        """Today's runs whose time has come (claimed or not: the claim decides)."""
        local = self.auto.clock.now().astimezone(OSLO)
        today = local.date()
        out = []
        with self.sessions() as session:
            companies = list(session.scalars(select(Company.id).order_by(Company.id)))
            for company_id in companies:
                for name, (at, enabled) in self.schedule(session, company_id).items():
                    job = self.registry[name]
                    if not enabled or local.time() < at or not job.applies(session, company_id):
                        continue
                    out.append((job, company_id, today.isoformat(), self.slot(today, at)))
        return out

    def run_due(self) -> list[RunResult]:
        """One worker tick: run every due job this worker can claim."""
        results = []
        for job, company_id, period, slot in self.due():
            run_id, _ = self._claim(job, company_id, period, slot, RunTrigger.SCHEDULE)
            if run_id is not None:
                results.append(self._execute(job, company_id, period, run_id, RunTrigger.SCHEDULE))
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
                companies = [repo.company(session, company_id).id]
            else:
                companies = list(session.scalars(select(Company.id).order_by(Company.id)))
            plan: list[tuple[Job, int, str | None, dt.datetime]] = []
            for cid in companies:
                schedule = self.schedule(session, cid)
                for job in wanted:
                    at, _enabled = schedule[job.name]
                    key = f"manual:{now.isoformat()}" if force else today.isoformat()
                    planned = key if job.applies(session, cid) else None
                    if planned is None and not job.always_listed:
                        continue
                    plan.append((job, cid, planned, self.slot(today, at)))
        results = []
        for job, cid, period, slot in plan:
            if period is None:
                unset = Messages((Message.of(JobCode.NOT_SET_UP),))
                day = today.isoformat()
                results.append(
                    RunResult(job.name, cid, day, RunResultStatus.SKIPPED, reasons=unset)
                )
                continue
            run_id, why = self._claim(job, cid, period, slot, RunTrigger.MANUAL)
            if run_id is None:
                skipped = RunResult(
                    job.name, cid, period, RunResultStatus.SKIPPED, reasons=Messages((why,))
                )
                results.append(skipped)
                continue
            results.append(self._execute(job, cid, period, run_id, RunTrigger.MANUAL))
        return results

    def _claim(
        self, job: Job, company_id: int, period: str, slot: dt.datetime, trigger: str
    ) -> tuple[int | None, Message]:
        """Insert the run's row (the lock); else take over a failed or abandoned run.
        Returns the run id, or None and why not."""
        scope = f"company:{company_id}"
        now = self.auto.clock.now()
        try:
            with self.sessions.begin() as session:
                row = JobRun(
                    job=job.name, scope=scope, company_id=company_id, period=period,
                    scheduled_for=slot, trigger=trigger, status=RunStatus.RUNNING, attempts=1,
                    worker=self.auto.worker_id, started_at=now,
                )  # fmt: skip
                session.add(row)
                session.flush()
                return row.id, _CLAIMED
        except IntegrityError:
            pass
        with self.sessions.begin() as session:
            existing = session.execute(
                select(JobRun).where(
                    JobRun.job == job.name, JobRun.scope == scope, JobRun.period == period
                )
            ).scalar_one_or_none()
            if existing is None:  # pragma: no cover - rows are never deleted
                return None, Message.of(JobCode.TAKEN)
            retry = (
                and_(JobRun.attempts < job.max_attempts, JobRun.next_attempt_at <= now)
                if trigger == RunTrigger.SCHEDULE
                else true()
            )
            taken = session.execute(
                update(JobRun)
                .execution_options(synchronize_session=False)
                .where(
                    JobRun.id == existing.id,
                    or_(
                        and_(JobRun.status == RunStatus.FAILED, retry),
                        and_(JobRun.status == RunStatus.RUNNING, JobRun.started_at < now - LEASE),
                    ),
                )
                .values(
                    status=RunStatus.RUNNING,
                    attempts=JobRun.attempts + 1,
                    worker=self.auto.worker_id,
                    started_at=now,
                    finished_at=None,
                    trigger=trigger,
                )
            )
            if getattr(taken, "rowcount", 0) == 1:
                return existing.id, _CLAIMED
            return None, _why_not(existing, period)

    def _execute(
        self, job: Job, company_id: int, period: str, run_id: int, trigger: str
    ) -> RunResult:
        ref = RunRef(run_id, job.name, company_id, period, trigger)
        log.info("running %s for company %d (%s)", job.name, company_id, period)
        try:
            outcome = job.run(self.auto, ref)
        except Exception as exc:
            log.exception("job %s for company %d failed", job.name, company_id)
            crashed = Message.of(JobCode.CRASHED, error=f"{exc.__class__.__name__}: {exc}")
            outcome = JobOutcome(False, NoDetail(), Messages((crashed,)))
        now = self.auto.clock.now()
        status = RunResultStatus.OK if outcome.ok else RunResultStatus.FAILED
        with self.sessions.begin() as session:
            row = session.get_one(JobRun, run_id)
            row.status = RunStatus.OK if outcome.ok else RunStatus.FAILED
            row.finished_at = now
            detail = to_jsonable(outcome.detail)
            row.detail = json.dumps(detail, ensure_ascii=False, default=str)
            row.reasons = outcome.reasons.dumps() if outcome.reasons else None
            row.next_attempt_at = (
                None if outcome.ok else now + RETRY_AFTER[min(row.attempts, len(RETRY_AFTER)) - 1]
            )
        return RunResult(
            job.name, company_id, period, status, run_id, outcome.detail, outcome.reasons
        )


_CLAIMED = Message.of(JobCode.TAKEN)  # what _claim says when it took the run: never shown


def _why_not(existing: JobRun, period: str) -> Message:
    started = f"{utc(existing.started_at).astimezone(OSLO):%H:%M}"
    if existing.status == RunStatus.RUNNING:
        return Message.of(JobCode.RUNNING, time=started, worker=existing.worker)
    if existing.status == RunStatus.OK:
        return Message.of(JobCode.DONE, period=period, time=started)
    last = Messages.loads(existing.reasons) or Messages((Message.of(JobCode.AS_WRITTEN, text=""),))
    return Message.of(JobCode.FAILED_WAITING, period=period, reason=last.items[0].dumps())


__all__ = [
    "LEASE",
    "RETRY_AFTER",
    "Automation",
    "RunResult",
    "ScheduleEntry",
    "ScheduleRow",
    "Scheduler",
    "build_automation",
    "default_worker_id",
    "parse_time",
    "utc",
]
