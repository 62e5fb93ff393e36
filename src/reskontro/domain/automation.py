"""The states the automation flow stores: an OCR agreement, a bank channel's kind and
what it does after a fetch, a fetched file, a fetch or job run, an e-mail in the
outbox. The tables' CHECK constraints are built from these enums
(:func:`in_check`), so a value lives in one place.
"""

from __future__ import annotations

import enum


class AgreementStatus(enum.StrEnum):
    REGISTERED = "registered"
    VERIFIED = "verified"
    ENDED = "ended"


class ChannelKind(enum.StrEnum):
    SFTP = "sftp"
    FOLDER = "folder"


class AfterFetch(enum.StrEnum):
    KEEP = "keep"
    DELETE = "delete"
    MOVE = "move"


class RemoteAction(enum.StrEnum):
    KEPT = "kept"
    DELETED = "deleted"
    MOVED = "moved"


class FileStatus(enum.StrEnum):
    """A fetched file (``fetched_file.status``)."""

    FETCHING = "fetching"
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"
    FAILED = "failed"


class RunStatus(enum.StrEnum):
    """A fetch run or a job run (``fetch_run.status``, ``job_run.status``)."""

    RUNNING = "running"
    OK = "ok"
    FAILED = "failed"


class RunTrigger(enum.StrEnum):
    SCHEDULE = "schedule"
    MANUAL = "manual"


class MailStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


def in_check(column: str, values: type[enum.StrEnum]) -> str:
    """The CHECK text saying ``column`` holds one of the enum's values.

    >>> in_check("status", RunStatus)
    "status IN ('running', 'ok', 'failed')"
    """
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


__all__ = [
    "AfterFetch",
    "AgreementStatus",
    "ChannelKind",
    "FileStatus",
    "MailStatus",
    "RemoteAction",
    "RunStatus",
    "RunTrigger",
    "in_check",
]
