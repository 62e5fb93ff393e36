"""Reminder, inkassovarsel, betalingsoppfordring and interest runs as background jobs:
the web and the API start a run and answer at once; the run goes on in a worker
thread of the process that took it, and its progress (letters recorded, then PDFs
made) and then its result can be read from any process, as a JSON file beside the
stored files (:mod:`reskontro.services.progress`).

A run stays exact:

- it is one database transaction that locks the company (PostgreSQL) or takes the
  write lock (SQLite), and each letter is decided from the letters already recorded,
  so two runs started at once send each letter and charge each fee once (the second
  finds them sent and skips them);
- starting a run of a kind while one of that kind is going on for the company gives
  back the one going on (a reload or a second click follows it, it starts nothing);
- a run whose process died shows as *interrupted*: before it committed nothing is
  recorded; after, its letters are recorded and the PDFs still missing are made when
  opened (:meth:`Documents.document_pdf`). Running it again sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, TypedDict, cast

from reskontro.errors import NotFound, ReskontroError
from reskontro.messages import Message
from reskontro.services.followup.base import RunStage
from reskontro.services.followup.letters import LetterSent
from reskontro.services.progress import (
    FINISHED,
    PROGRESS_EVERY,
    JobState,
    is_stale,
    job_path,
    new_job_id,
    read_json,
    write_json,
)

if TYPE_CHECKING:
    from pathlib import Path

    from reskontro.clock import Clock
    from reskontro.services.followup.base import Progress
    from reskontro.services.followup.service import FollowUp


log = logging.getLogger(__name__)


class RunKind(StrEnum):
    """The runs that go in the background, by their page's name."""

    REMINDERS = "reminders"
    NOTICES = "notices"
    DEMANDS = "demands"
    INTEREST = "interest"


class RunCode(StrEnum):
    """What the pages and the API say about a background run (texts in
    :mod:`reskontro.i18n.followup`)."""

    NO_RUN = "followup_run.no_run"
    INTERRUPTED = "followup_run.interrupted"
    FAILED = "followup_run.failed"


@dataclass(frozen=True, slots=True)
class RunLetter:
    """A letter the run recorded, as its result page lists it."""

    invoice_id: int
    invoice_number: int
    customer_number: int | None
    customer_name: str
    level: int
    principal_ore: int
    interest_ore: int
    fee_ore: int
    amount_due_ore: int
    deadline: dt.date
    delivery: str
    document_id: int


@dataclass(frozen=True, slots=True)
class RunSkipped:
    """A claim the run left alone, and why."""

    invoice_id: int
    number: int | None
    customer_number: int
    customer_name: str
    open_ore: int
    reason: Message


@dataclass(frozen=True, slots=True)
class RunResult:
    """What a finished run did."""

    letters: tuple[RunLetter, ...] = ()
    skipped: tuple[RunSkipped, ...] = ()
    warnings: tuple[Message, ...] = ()
    inbox_waiting: int = 0
    #: An interest run: the interest notes issued and the interest they charged.
    notes: int = 0
    interest_ore: int = 0


@dataclass(frozen=True, slots=True)
class RunJob:
    """One background run as its page and the API show it."""

    id: str
    company_id: int
    kind: RunKind
    state: JobState
    #: Letters (or interest notes) recorded, then PDFs made: ``done`` of ``total``.
    stage: RunStage
    done: int
    total: int
    started_at: dt.datetime
    updated_at: dt.datetime
    combined: bool = False
    until: dt.date | None = None
    result: RunResult | None = None
    error: Message | None = None
    error_text: str | None = None

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    @property
    def percent(self) -> int | None:
        if self.state is JobState.DONE:
            return 100
        if not self.total:
            return None
        half = self.done * 50 // self.total
        return min(99, half + (50 if self.stage is RunStage.PDF else 0))

    def to_json(self) -> dict[str, object]:
        """The job as JSON (the file, the progress poll and the API)."""
        body: dict[str, object] = asdict(self)
        body["until"] = self.until.isoformat() if self.until else None
        body["started_at"] = self.started_at.isoformat()
        body["updated_at"] = self.updated_at.isoformat()
        body["error"] = self.error.to_json() if self.error else None
        body["percent"] = self.percent
        if self.result is not None:
            r = self.result
            body["result"] = {
                **asdict(r),
                "letters": [{**asdict(x), "deadline": x.deadline.isoformat()} for x in r.letters],
                "skipped": [{**asdict(x), "reason": x.reason.to_json()} for x in r.skipped],
                "warnings": [w.to_json() for w in r.warnings],
            }
        return body

    @classmethod
    def from_json(cls, record: dict[str, object]) -> RunJob:
        """The job back from :meth:`to_json`'s JSON (its file)."""
        r = cast("_RunRecord", record)
        result, error, until = r.get("result"), r.get("error"), r.get("until")
        return cls(
            id=r["id"], company_id=r["company_id"], kind=RunKind(r["kind"]),
            state=JobState(r["state"]), stage=RunStage(r["stage"]), done=r["done"],
            total=r["total"],
            started_at=dt.datetime.fromisoformat(r["started_at"]),
            updated_at=dt.datetime.fromisoformat(r["updated_at"]),
            combined=bool(r.get("combined")),
            until=dt.date.fromisoformat(until) if until else None,
            result=_result(result) if result else None,
            error=Message.from_json(error) if error else None,
            error_text=r.get("error_text"),
        )  # fmt: skip


class _LetterRecord(TypedDict):
    invoice_id: int
    invoice_number: int
    customer_number: int | None
    customer_name: str
    level: int
    principal_ore: int
    interest_ore: int
    fee_ore: int
    amount_due_ore: int
    deadline: str
    delivery: str
    document_id: int


class _SkippedRecord(TypedDict):
    invoice_id: int
    number: int | None
    customer_number: int
    customer_name: str
    open_ore: int
    reason: dict[str, object]


class _ResultRecord(TypedDict):
    letters: list[_LetterRecord]
    skipped: list[_SkippedRecord]
    warnings: list[dict[str, object]]
    inbox_waiting: int
    notes: int
    interest_ore: int


class _RunRecord(TypedDict, total=False):
    """A run's job file, as :meth:`RunJob.to_json` writes it."""

    id: str
    company_id: int
    kind: str
    state: str
    stage: str
    done: int
    total: int
    started_at: str
    updated_at: str
    combined: bool
    until: str | None
    result: _ResultRecord | None
    error: dict[str, object] | None
    error_text: str | None


def _result(r: _ResultRecord) -> RunResult:
    return RunResult(
        letters=tuple(
            RunLetter(
                x["invoice_id"], x["invoice_number"], x["customer_number"], x["customer_name"],
                x["level"], x["principal_ore"], x["interest_ore"], x["fee_ore"],
                x["amount_due_ore"], dt.date.fromisoformat(x["deadline"]), x["delivery"],
                x["document_id"],
            )
            for x in r["letters"]
        ),
        skipped=tuple(
            RunSkipped(
                x["invoice_id"], x["number"], x["customer_number"], x["customer_name"],
                x["open_ore"], Message.from_json(x["reason"]),
            )
            for x in r["skipped"]
        ),
        warnings=tuple(Message.from_json(w) for w in r["warnings"]),
        inbox_waiting=r["inbox_waiting"], notes=r["notes"], interest_ore=r["interest_ore"],
    )  # fmt: skip


class RunJobs:
    """Starts follow-up runs in the background and tells how they are going."""

    def __init__(
        self, followup: FollowUp, clock: Clock, folder: Path | None = None, *, workers: int = 2
    ) -> None:
        self.followup = followup
        self.clock = clock
        self.folder = folder or followup.store.root / "jobs"
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="followup-run")
        self._lock = threading.Lock()

    def _path(self, job_id: str) -> Path:
        path = job_path(self.folder, job_id)
        if path is None:
            raise NotFound(Message.of(RunCode.NO_RUN))
        return path

    def _current(self, company_id: int, kind: RunKind) -> Path:
        return self.folder / f"followup-{company_id}-{kind.value}.current"

    def start(
        self, company_id: int, kind: RunKind, *, actor: str, combined: bool = False,
        until: dt.date | None = None,
    ) -> RunJob:  # fmt: skip
        """Queue a run and answer at once; while a run of the kind is going on for the
        company, that run (nothing new is started)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._lock:
            current = self._current(company_id, kind)
            if current.exists():
                try:
                    going = self.get(company_id, current.read_text(encoding="utf-8").strip())
                except NotFound:
                    going = None
                if going is not None and not going.finished:
                    return going
            now = self.clock.now()
            job = RunJob(
                id=new_job_id(), company_id=company_id, kind=kind, state=JobState.QUEUED,
                stage=RunStage.RECORD, done=0, total=0, started_at=now, updated_at=now,
                combined=combined, until=until,
            )  # fmt: skip
            write_json(self._path(job.id), job.to_json())
            current.write_text(job.id, encoding="utf-8")
        self._pool.submit(self._run, job, actor)
        return job

    def get(self, company_id: int, job_id: str) -> RunJob:
        """A run of the company (``NotFound`` for another company's)."""
        try:
            job = RunJob.from_json(read_json(self._path(job_id)))
        except (FileNotFoundError, ValueError, KeyError, TypeError):
            raise NotFound(Message.of(RunCode.NO_RUN)) from None
        if job.company_id != company_id:
            raise NotFound(Message.of(RunCode.NO_RUN))
        if is_stale(job.state, job.updated_at, self.clock.now()):
            return replace(job, state=JobState.INTERRUPTED)
        return job

    def wait(self, company_id: int, job_id: str, timeout: float = 60.0) -> RunJob:
        """The run once it has finished, or as it is after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            job = self.get(company_id, job_id)
            if job.finished or time.monotonic() > deadline:
                return job
            time.sleep(0.05)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)

    # -- in the worker thread -----------------------------------------------------

    def _save(self, job: RunJob) -> RunJob:
        job = replace(job, updated_at=self.clock.now())
        with self._lock:
            write_json(self._path(job.id), job.to_json())
        return job

    def _run(self, job: RunJob, actor: str) -> None:
        current = [self._save(replace(job, state=JobState.RUNNING))]
        last = [0.0]

        def progress(stage: RunStage, done: int, total: int) -> None:
            now = time.monotonic()
            if stage is not current[0].stage or done == total or now - last[0] >= PROGRESS_EVERY:
                last[0] = now
                current[0] = self._save(replace(current[0], stage=stage, done=done, total=total))

        try:
            result = self._do(job, actor, progress)
        except ReskontroError as exc:
            self._save(replace(current[0], state=JobState.FAILED, error=exc.msg,
                               error_text=exc.message))  # fmt: skip
            return
        except Exception as exc:  # the page must say it failed, whatever it was
            log.exception("follow-up run %s (%s) failed", job.id, job.kind)
            self._save(replace(current[0], state=JobState.FAILED,
                               error_text=f"{type(exc).__name__}: {exc}"))  # fmt: skip
            return
        self._save(replace(current[0], state=JobState.DONE, result=result))

    def _do(self, job: RunJob, actor: str, progress: Progress) -> RunResult:
        fu, cid = self.followup, job.company_id
        if job.kind is RunKind.INTEREST:
            report = fu.interest(cid, until=job.until, invoice=True, actor=actor,
                                 progress=progress)  # fmt: skip
            return RunResult(notes=len(report.notes), interest_ore=report.interest_ore)
        if job.kind is RunKind.REMINDERS:
            run = fu.remind(cid, actor=actor, progress=progress)
        elif job.kind is RunKind.DEMANDS:
            run = fu.demand(cid, actor=actor, progress=progress)
        else:
            run = fu.collect(cid, combined=job.combined, actor=actor, progress=progress)
        letters = tuple(
            RunLetter(
                invoice_id=x.invoice_id, invoice_number=x.invoice_number,
                customer_number=x.customer_number, customer_name=x.customer_name,
                level=x.level, principal_ore=x.principal_ore, interest_ore=x.interest_ore,
                fee_ore=x.fee_ore, amount_due_ore=x.amount_due_ore, deadline=x.deadline,
                delivery=x.delivery, document_id=x.document_id,
            )
            for x in run.letters
            if isinstance(x, LetterSent)
        )  # fmt: skip
        skipped = tuple(
            RunSkipped(
                s.invoice_id, s.number, s.customer_number, s.customer_name, s.open_ore, s.reason
            )
            for s in run.skipped
        )
        return RunResult(letters, skipped, run.warnings, run.inbox_waiting)


__all__ = ["RunCode", "RunJob", "RunJobs", "RunKind", "RunLetter", "RunResult", "RunSkipped"]
