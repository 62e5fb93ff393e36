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
  opened (:meth:`Documents.document_pdf`). Running it again sends nothing twice;
- a run asked to stop (:meth:`RunJobs.cancel`, from any process) stops between two
  letters (an interest run between two customers): the letters recorded so far are
  committed, get their PDFs and are listed; the job ends *cancelled*, N of M done.

The job's file, progress and clean-up are those of every background job
(:mod:`reskontro.services.progress`); a run keeps here only its own fields and result.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Self, TypedDict, cast

from reskontro.errors import NotFound
from reskontro.messages import Message
from reskontro.services.followup.base import RunStage
from reskontro.services.followup.letters import LetterSent
from reskontro.services.progress import (
    Job as BackgroundJob,
)
from reskontro.services.progress import (
    JobFiles,
    JobState,
    common_fields,
    jobs_folder,
    new_job_id,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    from reskontro.clock import Clock
    from reskontro.services.followup.service import FollowUp
    from reskontro.services.progress import Reporter


class RunKind(StrEnum):
    """The runs that go in the background, by their page's name."""

    REMINDERS = "reminders"
    NOTICES = "notices"
    DEMANDS = "demands"
    INTEREST = "interest"


class RunCode(StrEnum):
    """What the pages and the API say about a background run (texts in
    :mod:`reskontro.i18n.followup_runs`)."""

    NO_RUN = "followup_run.no_run"
    INTERRUPTED = "followup_run.interrupted"
    FAILED = "followup_run.failed"
    CANCELLED = "followup_run.cancelled"


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


@dataclass(frozen=True, slots=True, kw_only=True)
class RunJob(BackgroundJob):
    """One background run as its page and the API show it: letters (or interest notes)
    recorded, then PDFs made, ``done`` of ``total``."""

    kind: RunKind
    stage: RunStage = RunStage.RECORD
    combined: bool = False
    until: dt.date | None = None
    #: Letters (interest: customers) recorded of those planned; kept through the PDF
    #: stage, for "cancelled after N of M".
    recorded: int = 0
    planned: int = 0
    result: RunResult | None = None

    @property
    def percent(self) -> int | None:
        if self.state is JobState.DONE:
            return 100
        if not self.total:
            return None
        half = self.done * 50 // self.total
        return min(99, half + (50 if self.stage is RunStage.PDF else 0))

    def own_json(self) -> dict[str, object]:
        body: dict[str, object] = {
            "kind": self.kind.value, "stage": self.stage.value, "combined": self.combined,
            "until": self.until.isoformat() if self.until else None,
            "recorded": self.recorded, "planned": self.planned, "result": None,
        }  # fmt: skip
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
    def from_json(cls, record: Mapping[str, object]) -> Self:
        """The job back from its file (this version's or one written before)."""
        r = cast("_RunRecord", record)
        result, until = r.get("result"), r.get("until")
        return cls(
            **common_fields(record), kind=RunKind(r["kind"]),
            stage=RunStage(r.get("stage") or RunStage.RECORD),
            combined=bool(r.get("combined")),
            until=dt.date.fromisoformat(until) if until else None,
            recorded=r.get("recorded") or 0, planned=r.get("planned") or 0,
            result=_result(result) if result else None,
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
    """A run's own fields in its job file, as :meth:`RunJob.own_json` writes them."""

    kind: str
    stage: str
    combined: bool
    until: str | None
    recorded: int
    planned: int
    result: _ResultRecord | None


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
        self.files = JobFiles(
            folder or jobs_folder(followup.store.root), clock, RunJob,
            lambda _job_id: Message.of(RunCode.NO_RUN, days=self.files.retention.days),
            workers=workers, name="followup-run",
        )  # fmt: skip
        self._lock = threading.Lock()

    @property
    def folder(self) -> Path:
        return self.files.folder

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
                except (NotFound, FileNotFoundError):
                    going = None
                if going is not None and not going.finished:
                    return going
            now = self.clock.now()
            job = RunJob(
                id=new_job_id(), company_id=company_id, kind=kind, state=JobState.QUEUED,
                started_at=now, updated_at=now, combined=combined, until=until,
            )  # fmt: skip
            self.files.create(job)
            current.write_text(job.id, encoding="utf-8")
        self.files.submit(job, lambda reporter: self._do(reporter, actor),
                          f"follow-up run ({kind})")  # fmt: skip
        return job

    def get(self, company_id: int, job_id: str) -> RunJob:
        """A run of the company (``NotFound`` for another company's, or one removed)."""
        return self.files.get(company_id, job_id)

    def wait(self, company_id: int, job_id: str, timeout: float = 60.0) -> RunJob:
        """The run once it has finished, or as it is after ``timeout`` seconds."""
        return self.files.wait(company_id, job_id, timeout)

    def cancel(self, company_id: int, job_id: str) -> RunJob:
        """Ask a run to stop between two letters (see the module docstring); a run
        already over is left as it is."""
        return self.files.cancel(company_id, job_id)

    def shutdown(self) -> None:
        self.files.shutdown()

    # -- in the worker thread -----------------------------------------------------

    def _do(self, reporter: Reporter[RunJob], actor: str) -> RunJob:
        stopped = [False]

        def progress(stage: RunStage, done: int, total: int) -> bool:
            """Reports, and answers whether to go on (``False``: stop before the next
            letter)."""
            job = reporter.job
            force = stage is not job.stage or done == total
            job = replace(job, stage=stage, done=done, total=total)
            if stage is RunStage.RECORD:
                job = replace(job, recorded=done, planned=total)
                if done < total and reporter.stop_asked:
                    stopped[0] = force = True
            reporter.report(job, force=force)
            return not stopped[0]

        result = self._result(reporter.job, actor, progress)
        state = JobState.CANCELLED if stopped[0] else JobState.DONE
        return replace(reporter.job, state=state, result=result)

    def _result(
        self, job: RunJob, actor: str, progress: Callable[[RunStage, int, int], bool]
    ) -> RunResult:
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
