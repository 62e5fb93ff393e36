"""The progress of background work as a small JSON file per job, readable from any
server process (``serve --workers N``): uploads' imports
(:mod:`reskontro.services.payments.jobs`) and follow-up runs
(:mod:`reskontro.services.followup.run_jobs`).

A file, not a database row: on SQLite the work holds the one write lock until it
commits, so a progress row could not be written beside it. Each file is written whole
and renamed into place, so a reader never sees half of one. A job still running whose
file has not moved for :data:`STALE` lost its process: it shows as *interrupted*.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import tempfile
from enum import StrEnum
from pathlib import Path

#: A running job whose progress has not moved for this long lost its process.
STALE = dt.timedelta(minutes=5)
#: Progress is written at most this often (seconds).
PROGRESS_EVERY = 0.25
#: A job id: URL-safe, not guessable (the state is also checked against the company).
_ID_BYTES = 12


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    #: Running when its process stopped.
    INTERRUPTED = "interrupted"


#: The states a job ends in.
FINISHED = frozenset({JobState.DONE, JobState.FAILED, JobState.INTERRUPTED})


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


__all__ = [
    "FINISHED",
    "PROGRESS_EVERY",
    "STALE",
    "JobState",
    "is_stale",
    "job_path",
    "new_job_id",
    "read_json",
    "write_json",
]
