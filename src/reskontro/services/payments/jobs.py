"""Payment files imported in the background: the web and the API take the upload, put
it in the file store and answer at once; the import runs in a worker thread of the
process that took it, and its progress can be read from any process.

The job's file, its progress, *done*/*failed* and the clean-up of old jobs are those
of every background job (:mod:`reskontro.services.progress`); an import's own are the
file's name and size and, when done, the bank file it made. The import itself is one
transaction, so an interrupted one booked nothing and the file can be uploaded again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Self

from reskontro.messages import Message
from reskontro.services.progress import (
    STALE,
    Job,
    JobFiles,
    JobState,
    common_fields,
    jobs_folder,
    new_job_id,
)

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from reskontro.clock import Clock
    from reskontro.services.payments.importer import PaymentImporter
    from reskontro.services.progress import Reporter
    from reskontro.storage.filestore import StoredFile


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


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportJob(Job):
    """One background import as the progress page and the API show it: ``done`` of
    ``total`` payments read (``total`` 0 while not known)."""

    filename: str
    size: int
    #: When done: the bank file (its page shows what the import did) and its status
    #: (``imported``, ``duplicate`` or ``rejected``).
    file_id: int | None = None
    status: str | None = None
    amount_ore: int = 0

    def own_json(self) -> dict[str, object]:
        return {
            "filename": self.filename,
            "size": self.size,
            "file_id": self.file_id,
            "status": self.status,
            "amount_ore": self.amount_ore,
        }

    @classmethod
    def from_json(cls, record: Mapping[str, object]) -> Self:
        file_id, status = record.get("file_id"), record.get("status")
        amount = record.get("amount_ore")
        return cls(
            **common_fields(record), filename=str(record["filename"]),
            size=int(str(record.get("size") or 0)),
            file_id=file_id if isinstance(file_id, int) else None,
            status=status if isinstance(status, str) else None,
            amount_ore=amount if isinstance(amount, int) else 0,
        )  # fmt: skip


class ImportJobs:
    """Starts imports in the background and tells how they are going."""

    def __init__(self, importer: PaymentImporter, clock: Clock, *, workers: int = 1) -> None:
        self.importer = importer
        self.clock = clock
        self.files = JobFiles(
            jobs_folder(importer.store.root), clock, ImportJob,
            lambda job_id: Message.of(UploadCode.NO_JOB, job=job_id,
                                      days=self.files.retention.days),
            workers=workers, name="import",
        )  # fmt: skip

    @property
    def folder(self) -> Path:
        return self.files.folder

    def start(self, company_id: int, stored: StoredFile, filename: str, *, actor: str) -> ImportJob:
        """Queue the import of a file already in the store; answers at once."""
        now = self.clock.now()
        job = ImportJob(
            id=new_job_id(), company_id=company_id, filename=filename, size=stored.size,
            state=JobState.QUEUED, started_at=now, updated_at=now,
        )  # fmt: skip
        self.files.create(job)

        def work(reporter: Reporter[ImportJob]) -> ImportJob:
            def progress(done: int, total: int) -> None:
                reporter.report(replace(reporter.job, done=done, total=total))

            summary = self.importer.import_stored(
                job.company_id, stored, job.filename, actor=actor, progress=progress
            )
            return replace(
                reporter.job, done=summary.payments,
                total=max(summary.payments, reporter.job.total), file_id=summary.file_id,
                status=summary.status.value, amount_ore=summary.amount_ore,
            )  # fmt: skip

        self.files.submit(job, work, f"import job ({filename})")
        return job

    def get(self, company_id: int, job_id: str) -> ImportJob:
        """A job of the company (``NotFound`` for another company's, or one removed)."""
        return self.files.get(company_id, job_id)

    def wait(self, company_id: int, job_id: str, timeout: float = 60.0) -> ImportJob:
        """The job once it has finished (tests and the CLI; the web polls instead)."""
        return self.files.wait(company_id, job_id, timeout)

    def shutdown(self) -> None:
        self.files.shutdown()


__all__ = ["STALE", "ImportJob", "ImportJobs", "JobState", "UploadCode"]
