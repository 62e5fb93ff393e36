"""Background jobs, one JSON file per job, readable from any server process: uploads'
imports (:mod:`.payments.jobs`) and follow-up runs (:mod:`.followup.run_jobs`). What is
the same for both is here once: the common fields and their JSON (:class:`Job`), the
file written whole (renamed into place), progress at most every :data:`PROGRESS_EVERY`,
*done*/*failed* at the end, a request to stop, and the removal of finished jobs
:data:`RETENTION` after they last moved (:func:`remove_finished`). A file, not a row:
on SQLite the work holds the one write lock until it commits. A job not finished whose
file has not moved for :data:`STALE` lost its process: it shows as *interrupted*.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import secrets
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Self, TypedDict, TypeVar

from reskontro.errors import NotFound, ReskontroError, ValidationError
from reskontro.messages import Message

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from reskontro.clock import Clock

log = logging.getLogger(__name__)

#: A running job whose progress has not moved for this long lost its process.
STALE = dt.timedelta(minutes=5)
#: Progress is written at most this often (seconds).
PROGRESS_EVERY = 0.25
#: A finished job's file is kept this long after it last moved (then the job's page is
#: gone: the work it did is on the pages of what it made).
RETENTION = dt.timedelta(days=7)
RETENTION_ENV = "RESKONTRO_JOB_RETENTION_DAYS"
#: Clean-up when a job starts runs at most this often per process (seconds).
_CLEAN_EVERY = 600.0
#: A job id: URL-safe, not guessable (the state is also checked against the company).
_ID_BYTES = 12


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    #: Running when its process stopped.
    INTERRUPTED = "interrupted"
    #: Stopped when asked to; what it did before it stopped stays done.
    CANCELLED = "cancelled"


#: The states a job ends in.
FINISHED = frozenset({JobState.DONE, JobState.FAILED, JobState.INTERRUPTED, JobState.CANCELLED})


class JobCode(StrEnum):
    BAD_RETENTION = "job.bad_retention"


def retention(environ: Mapping[str, str] | None = None) -> dt.timedelta:
    """How long finished jobs are kept: ``RESKONTRO_JOB_RETENTION_DAYS`` (whole days, at
    least 1), else :data:`RETENTION`."""
    text = (os.environ if environ is None else environ).get(RETENTION_ENV, "").strip()
    if not text:
        return RETENTION
    if not text.isdigit() or int(text) < 1:
        raise ValidationError(Message.of(JobCode.BAD_RETENTION, name=RETENTION_ENV, value=text))
    return dt.timedelta(days=int(text))


def jobs_folder(store_root: Path) -> Path:
    """Where the job files are: ``jobs/`` in the file store (one folder for every flow)."""
    return store_root / "jobs"


def new_job_id() -> str:
    return secrets.token_urlsafe(_ID_BYTES)


def job_path(folder: Path, job_id: str) -> Path | None:
    """The job's file in ``folder``, or ``None`` for an id no job can have (a path
    component, a dot, too long)."""
    if not job_id.replace("-", "").replace("_", "").isalnum() or len(job_id) > 64:
        return None
    return folder / f"{job_id}.json"


def write_json(path: Path, record: object) -> None:
    """Write ``record`` as the file's whole new content (renamed into place)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".job-")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(record, out)
    Path(tmp).replace(path)


def read_json(path: Path) -> dict[str, object]:
    """The file's record (``FileNotFoundError``, ``ValueError`` or ``TypeError`` when
    there is none)."""
    record = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(record, dict):
        raise TypeError(f"{path.name} holds no job")
    return record


def is_stale(state: JobState, updated_at: dt.datetime, now: dt.datetime) -> bool:
    """Whether a job not finished has lost its process."""
    return state not in FINISHED and now - updated_at > STALE


class CommonFields(TypedDict):
    """The fields every job file has, read back (:func:`common_fields`)."""

    id: str
    company_id: int
    state: JobState
    done: int
    total: int
    started_at: dt.datetime
    updated_at: dt.datetime
    error: Message | None
    error_text: str | None


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


def common_fields(record: Mapping[str, object]) -> CommonFields:
    """The common fields of a job file, of this version or one before (``KeyError``,
    ``ValueError`` or ``TypeError`` when it is no job at all)."""
    error, text, company = record.get("error"), record.get("error_text"), record["company_id"]
    if not isinstance(company, int):
        raise TypeError("company_id")
    return CommonFields(
        id=str(record["id"]), company_id=company, state=JobState(str(record["state"])),
        done=_int(record.get("done")), total=_int(record.get("total")),
        started_at=dt.datetime.fromisoformat(str(record["started_at"])),
        updated_at=dt.datetime.fromisoformat(str(record["updated_at"])),
        error=Message.from_json(error) if isinstance(error, dict) else None,
        error_text=text if isinstance(text, str) else None,
    )  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Job:
    """What every background job has: its company, where it is and how far it came,
    and why it failed. A flow's job adds its own fields and result (a subclass) and
    writes them with :meth:`own_json`, reads them with :meth:`from_json`."""

    id: str
    company_id: int
    state: JobState
    #: Done so far, of ``total`` (0 while not known).
    done: int = 0
    total: int = 0
    started_at: dt.datetime
    updated_at: dt.datetime
    #: When failed: why, as a code with parameters where there is one.
    error: Message | None = None
    error_text: str | None = None

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    @property
    def percent(self) -> int | None:
        if self.state is JobState.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else None

    def to_json(self) -> dict[str, object]:
        """The job as JSON: its file, the progress page's poll and the API."""
        return {
            "id": self.id,
            "company_id": self.company_id,
            "state": self.state.value,
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
            "started_at": self.started_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "error": self.error.to_json() if self.error else None,
            "error_text": self.error_text,
            **self.own_json(),
        }

    def own_json(self) -> dict[str, object]:
        """The flow's own fields as JSON."""
        return {}

    @classmethod
    def from_json(cls, record: Mapping[str, object]) -> Self:
        """The job back from its file (``KeyError``/``ValueError``/``TypeError`` when
        the file holds none)."""
        return cls(**common_fields(record))


J = TypeVar("J", bound=Job)


class Reporter(Generic[J]):
    """What the work in the background has of its job: it reports progress (written at
    most every :data:`PROGRESS_EVERY` unless forced) and asks whether to stop."""

    def __init__(self, jobs: JobFiles[J], job: J) -> None:
        self._jobs = jobs
        self._last = float("-inf")  # the first report is written
        self.job = job

    def report(self, job: J, *, force: bool = False) -> None:
        self.job = job
        now = time.monotonic()
        if force or now - self._last >= PROGRESS_EVERY:
            self._last = now
            self.job = self._jobs.save(job)

    @property
    def stop_asked(self) -> bool:
        """Someone asked the job to stop (:meth:`JobFiles.cancel`), from any process."""
        return self._jobs.cancel_path(self.job.id).exists()


class JobFiles(Generic[J]):
    """One flow's jobs: their files in ``folder`` and the threads that do the work."""

    def __init__(
        self, folder: Path, clock: Clock, job_type: type[J], missing: Callable[[str], Message],
        *, workers: int, name: str,
    ) -> None:  # fmt: skip
        self.folder = folder
        self.clock = clock
        self.job_type = job_type
        self.missing = missing
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)
        self._lock = threading.Lock()
        self._cleaned = -_CLEAN_EVERY

    @property
    def retention(self) -> dt.timedelta:
        return retention()

    def path(self, job_id: str) -> Path:
        path = job_path(self.folder, job_id)
        if path is None:
            raise NotFound(self.missing(job_id))
        return path

    def cancel_path(self, job_id: str) -> Path:
        return self.path(job_id).with_suffix(".cancel")

    def create(self, job: J) -> None:
        """Write a new job's file; finished jobs past :attr:`retention` go first (at
        most every few minutes per process)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if time.monotonic() - self._cleaned >= _CLEAN_EVERY:
            self._cleaned = time.monotonic()
            try:
                remove_finished(self.folder, self.clock.now(), self.retention)
            except (OSError, ReskontroError):  # never in the way of the job
                log.exception("removing old job files in %s failed", self.folder)
        with self._lock:
            write_json(self.path(job.id), job.to_json())

    def get(self, company_id: int, job_id: str) -> J:
        """A job of the company (``NotFound`` for another company's, or one removed)."""
        try:
            job = self.job_type.from_json(read_json(self.path(job_id)))
        except (FileNotFoundError, ValueError, KeyError, TypeError):
            raise NotFound(self.missing(job_id)) from None
        if job.company_id != company_id:
            raise NotFound(self.missing(job_id))
        if is_stale(job.state, job.updated_at, self.clock.now()):
            return replace(job, state=JobState.INTERRUPTED)
        return job

    def wait(self, company_id: int, job_id: str, timeout: float = 60.0) -> J:
        """The job once it has finished, or as it is after ``timeout`` seconds (tests,
        and the web's first answer; the pages poll instead)."""
        deadline = time.monotonic() + timeout
        while True:
            job = self.get(company_id, job_id)
            if job.finished or time.monotonic() > deadline:
                return job
            time.sleep(0.05)

    def cancel(self, company_id: int, job_id: str) -> J:
        """Ask a job of the company to stop; it stops at its next safe point. A job
        already over is left as it is."""
        job = self.get(company_id, job_id)
        if not job.finished:
            self.cancel_path(job_id).touch()
        return job

    def save(self, job: J) -> J:
        job = replace(job, updated_at=self.clock.now())
        with self._lock:
            write_json(self.path(job.id), job.to_json())
        return job

    def submit(self, job: J, work: Callable[[Reporter[J]], J], what: str) -> None:
        """Do ``work`` in a worker thread: it reports through its :class:`Reporter` and
        returns the job as it ended (*done* unless it says otherwise); an error ends the
        job *failed*, with why."""
        self._pool.submit(self._run, job, work, what)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)

    def _run(self, job: J, work: Callable[[Reporter[J]], J], what: str) -> None:
        reporter = Reporter(self, self.save(replace(job, state=JobState.RUNNING)))
        try:
            ended = work(reporter)
        except ReskontroError as exc:
            self.save(replace(reporter.job, state=JobState.FAILED, error=exc.msg,
                              error_text=exc.message))  # fmt: skip
        except Exception as exc:  # the page must say it failed, whatever it was
            log.exception("%s %s failed", what, job.id)
            self.save(replace(reporter.job, state=JobState.FAILED,
                              error_text=f"{type(exc).__name__}: {exc}"))  # fmt: skip
        else:
            state = ended.state if ended.state in FINISHED else JobState.DONE
            self.save(replace(ended, state=state))
        finally:
            self.cancel_path(job.id).unlink(missing_ok=True)


def remove_finished(folder: Path, now: dt.datetime, keep: dt.timedelta) -> int:
    """Remove the jobs in ``folder`` finished (or lost) more than ``keep`` ago by their
    clock, never a running one; returns how many went."""
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.glob("*.json"):
        try:
            fields = common_fields(read_json(path))
        except FileNotFoundError:
            continue
        except (ValueError, KeyError, TypeError):  # no job we know: by its age on disk
            if time.time() - path.stat().st_mtime > keep.total_seconds():
                path.unlink(missing_ok=True)
            continue
        state, moved = fields["state"], fields["updated_at"]
        over = state in FINISHED or is_stale(state, moved, now)
        if over and now - moved > keep:
            path.unlink(missing_ok=True)
            path.with_suffix(".cancel").unlink(missing_ok=True)
            removed += 1
    # What points at a job gone (a flow's "the run going on" marker), and files half
    # written by a process that died.
    for marker in [*folder.glob("*.current"), *folder.glob("*.cancel")]:
        try:
            target = marker.read_text(encoding="utf-8").strip() or marker.stem
        except FileNotFoundError:
            continue
        target_path = job_path(folder, target)
        if target_path is None or not target_path.exists():
            marker.unlink(missing_ok=True)
    for tmp in folder.glob(".job-*"):
        try:
            if time.time() - tmp.stat().st_mtime > STALE.total_seconds():
                tmp.unlink(missing_ok=True)
        except FileNotFoundError:
            continue
    return removed


__all__ = [
    "FINISHED",
    "PROGRESS_EVERY",
    "RETENTION",
    "RETENTION_ENV",
    "STALE",
    "CommonFields",
    "Job",
    "JobCode",
    "JobFiles",
    "JobState",
    "Reporter",
    "common_fields",
    "is_stale",
    "job_path",
    "jobs_folder",
    "new_job_id",
    "read_json",
    "remove_finished",
    "retention",
    "write_json",
]
