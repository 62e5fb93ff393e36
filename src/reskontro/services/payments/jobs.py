"""Payment files imported in the background: the web and the API take the upload, put
it in the file store and answer at once; the import runs in a worker thread of the
process that took it, and its progress can be read from any process.

Progress is a small JSON file per job next to the stored files (written whole and
renamed into place), not a database row: on SQLite the import holds the one write
lock until it commits, so a progress row could not be written beside it, and with
``serve --workers N`` the page asking for progress may be served by another process
than the one importing. A job whose process died shows as *interrupted* once its file
has not moved for :data:`STALE`; the import itself is one transaction, so an
interrupted one booked nothing and the file can be uploaded again.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from reskontro.errors import NotFound, ReskontroError
from reskontro.messages import Message
from reskontro.services.progress import (
    PROGRESS_EVERY,
    STALE,
    JobState,
    is_stale,
    new_job_id,
    read_json,
    write_json,
)

if TYPE_CHECKING:
    from pathlib import Path

    from reskontro.clock import Clock
    from reskontro.services.payments.importer import PaymentImporter
    from reskontro.services.payments.summary import ImportSummary
    from reskontro.storage.filestore import StoredFile

log = logging.getLogger(__name__)


class UploadCode(StrEnum):
    """What the web and the API say about an upload and its background import."""

    NO_FILE = "upload.no_file"
    NO_JOB = "upload.no_job"
    TOO_LARGE = "upload.too_large"
    IMPORTED = "upload.imported"
    DUPLICATE = "upload.duplicate"
    REJECTED = "upload.rejected"
    INTERRUPTED = "upload.interrupted"
    FAILED = "upload.failed"


@dataclass(frozen=True, slots=True)
class ImportJob:
    """One background import as the progress page and the API show it."""

    id: str
    company_id: int
    filename: str
    size: int
    state: JobState
    #: Payments read so far, of ``total`` expected (0 while not known).
    done: int
    total: int
    started_at: dt.datetime
    updated_at: dt.datetime
    #: When done: the bank file (its page shows what the import did) and its status
    #: (``imported``, ``duplicate`` or ``rejected``).
    file_id: int | None = None
    status: str | None = None
    amount_ore: int = 0
    #: When failed: why, as a code with parameters where there is one.
    error: Message | None = None
    error_text: str | None = None

    @property
    def finished(self) -> bool:
        return self.state in {JobState.DONE, JobState.FAILED, JobState.INTERRUPTED}

    @property
    def percent(self) -> int | None:
        if self.state is JobState.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "state": self.state.value,
            "filename": self.filename,
            "size": self.size,
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
            "started_at": self.started_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "file_id": self.file_id,
            "status": self.status,
            "amount_ore": self.amount_ore,
            "error": self.error.to_json() if self.error else None,
            "error_text": self.error_text,
        }


def _write(path: Path, job: ImportJob) -> None:
    record = asdict(job)
    record["state"] = job.state.value
    record["started_at"] = job.started_at.isoformat()
    record["updated_at"] = job.updated_at.isoformat()
    record["error"] = job.error.to_json() if job.error else None
    write_json(path, record)


def _read(path: Path) -> ImportJob:
    record = read_json(path)
    error = record.pop("error", None)
    return ImportJob(
        **{  # type: ignore[arg-type]
            **record,
            "state": JobState(str(record["state"])),
            "started_at": dt.datetime.fromisoformat(str(record["started_at"])),
            "updated_at": dt.datetime.fromisoformat(str(record["updated_at"])),
            "error": Message.from_json(error) if isinstance(error, dict) else None,
        }
    )


class ImportJobs:
    """Starts imports in the background and tells how they are going."""

    def __init__(self, importer: PaymentImporter, clock: Clock, *, workers: int = 1) -> None:
        self.importer = importer
        self.clock = clock
        self.folder = importer.store.root / "jobs"
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="import")
        self._lock = threading.Lock()

    def _path(self, job_id: str) -> Path:
        if not job_id.replace("-", "").replace("_", "").isalnum() or len(job_id) > 64:
            raise NotFound(Message.of(UploadCode.NO_JOB, job=job_id))
        return self.folder / f"{job_id}.json"

    def start(self, company_id: int, stored: StoredFile, filename: str, *, actor: str) -> ImportJob:
        """Queue the import of a file already in the store; answers at once."""
        self.folder.mkdir(parents=True, exist_ok=True)
        now = self.clock.now()
        job = ImportJob(
            id=new_job_id(), company_id=company_id, filename=filename,
            size=stored.size, state=JobState.QUEUED, done=0, total=0, started_at=now,
            updated_at=now,
        )  # fmt: skip
        _write(self._path(job.id), job)
        self._pool.submit(self._run, job, stored, actor)
        return job

    def get(self, company_id: int, job_id: str) -> ImportJob:
        """A job of the company (``NotFound`` for another company's)."""
        path = self._path(job_id)
        try:
            job = _read(path)
        except (FileNotFoundError, ValueError, KeyError, TypeError):
            raise NotFound(Message.of(UploadCode.NO_JOB, job=job_id)) from None
        if job.company_id != company_id:
            raise NotFound(Message.of(UploadCode.NO_JOB, job=job_id))
        if is_stale(job.state, job.updated_at, self.clock.now()):
            return replace(job, state=JobState.INTERRUPTED)
        return job

    def wait(self, company_id: int, job_id: str, timeout: float = 60.0) -> ImportJob:
        """The job once it has finished (tests and the CLI; the web polls instead)."""
        deadline = time.monotonic() + timeout
        while True:
            job = self.get(company_id, job_id)
            if job.finished or time.monotonic() > deadline:
                return job
            time.sleep(0.05)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)

    # -- in the worker thread -----------------------------------------------------

    def _save(self, job: ImportJob) -> ImportJob:
        job = replace(job, updated_at=self.clock.now())
        with self._lock:
            _write(self._path(job.id), job)
        return job

    def _run(self, job: ImportJob, stored: StoredFile, actor: str) -> None:
        job = self._save(replace(job, state=JobState.RUNNING))
        last = [0.0]
        current = [job]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= PROGRESS_EVERY:
                last[0] = now
                current[0] = self._save(replace(current[0], done=done, total=total))

        try:
            summary: ImportSummary = self.importer.import_stored(
                job.company_id, stored, job.filename, actor=actor, progress=progress
            )
        except ReskontroError as exc:
            self._save(replace(current[0], state=JobState.FAILED, error=exc.msg,
                               error_text=exc.message))  # fmt: skip
            return
        except Exception as exc:  # the page must say it failed, whatever it was
            log.exception("import job %s (%s) failed", job.id, job.filename)
            self._save(replace(current[0], state=JobState.FAILED,
                               error_text=f"{type(exc).__name__}: {exc}"))  # fmt: skip
            return
        self._save(
            replace(
                current[0], state=JobState.DONE, done=summary.payments,
                total=max(summary.payments, current[0].total), file_id=summary.file_id,
                status=summary.status.value, amount_ore=summary.amount_ore,
            )
        )  # fmt: skip


__all__ = ["STALE", "ImportJob", "ImportJobs", "JobState", "UploadCode"]
