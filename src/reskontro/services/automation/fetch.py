"""Fetching: download the files not fetched before from each bank channel and book them.

:meth:`Fetcher.fetch` visits each of a company's channels, and for every file that
matches the channel's pattern and was not fetched before:

1. **claims** it by inserting its ``fetched_file`` row (unique on channel, name,
   size and modification time), so two fetches running at once never take the
   same file;
2. downloads it to a temporary file (no database transaction is open meanwhile);
3. imports it through :class:`~reskontro.services.payments.PaymentImporter` — the
   Payments-in pipeline, which stores the bytes, dedupes and books in one
   transaction;
4. records the outcome, and only for a file that was imported (or was a duplicate)
   deletes or moves the remote file — if, and only if, the channel says so; by
   default remote files are left where they are;
5. queues the import summary e-mail.

A file that fails does not stop the others: a download failure is tried again on
the next fetch; a file that cannot be read is *rejected*, kept, reported by e-mail
and in ``reskontro status``, and not fetched again unless asked.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError

from reskontro.channels import ChannelError
from reskontro.errors import ReskontroError, ValidationError
from reskontro.jsonable import to_jsonable
from reskontro.messages import Message
from reskontro.services.automation.channels import BankChannels, open_mailbox
from reskontro.services.automation.codes import (
    AfterFetch,
    ChannelCode,
    FetchCode,
    FileStatus,
    RemoteAction,
    RunStatus,
)
from reskontro.services.automation.reasons import CODED, english, reason_of
from reskontro.storage.models_automation import FetchedFile, FetchRun

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.channels import Mailbox, RemoteFile
    from reskontro.clock import Clock
    from reskontro.services.automation.channels import ChannelConfig
    from reskontro.services.automation.outbox import Notifier
    from reskontro.services.payments import ImportSummary, PaymentImporter

log = logging.getLogger(__name__)

#: A file claimed longer ago than this without an outcome is taken as abandoned
#: (the fetching process died) and may be claimed again.
FETCH_LEASE_MINUTES = 60
_BOOKED = frozenset({FileStatus.IMPORTED, FileStatus.DUPLICATE})


@dataclass(frozen=True, slots=True)
class FileResult:
    name: str
    size: int
    status: str
    bank_file_id: int | None = None
    payments: int = 0
    amount_ore: int = 0
    #: Why the file failed or was rejected (rendered by each interface).
    reason: Message | None = field(default=None, metadata=CODED)
    remote_action: str = RemoteAction.KEPT
    #: The reason in English (the CLI's).
    error: str | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "error", english(self.reason))


@dataclass(frozen=True, slots=True)
class ChannelResult:
    channel: str
    kind: str
    status: str = RunStatus.OK
    #: Why the channel failed (rendered by each interface).
    reason: Message | None = field(default=None, metadata=CODED)
    seen: int = 0
    new: int = 0
    files: tuple[FileResult, ...] = ()
    fetch_run_id: int | None = None
    #: The reason in English (the CLI's).
    error: str | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "error", english(self.reason))

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)


@dataclass(frozen=True, slots=True)
class FetchReport:
    company_id: int
    #: Every channel reached and every new file booked (or a known duplicate).
    ok: bool
    channels: tuple[ChannelResult, ...]

    @classmethod
    def of(cls, company_id: int, channels: tuple[ChannelResult, ...]) -> FetchReport:
        ok = all(
            c.status == RunStatus.OK and all(f.status in _BOOKED for f in c.files) for c in channels
        )
        return cls(company_id, ok, channels)

    @property
    def failed_channels(self) -> list[ChannelResult]:
        return [c for c in self.channels if c.status != RunStatus.OK]

    def to_json(self) -> dict[str, object]:
        json: dict[str, object] = to_jsonable(self)
        return json


class Fetcher:
    """Fetches and books the new files of a company's channels (module docstring)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        importer: PaymentImporter,
        *,
        notifier: Notifier | None = None,
        environ: Mapping[str, str] | None = None,
        worker_id: str = "reskontro",
        opener: Callable[[ChannelConfig, Mapping[str, str] | None], Mailbox] = open_mailbox,
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.importer = importer
        self.notifier = notifier
        self.environ = environ
        self.worker_id = worker_id
        self.opener = opener

    def fetch(
        self,
        company_id: int,
        *,
        channel: str | None = None,
        retry_rejected: bool = False,
        job_run_id: int | None = None,
        actor: str,
    ) -> FetchReport:
        channels = BankChannels(self.sessions, self.clock)
        if channel is not None:
            configs = [channels.config(company_id, channel)]
            if not configs[0].enabled:
                raise ValidationError(Message.of(ChannelCode.SWITCHED_OFF, name=channel))
        else:
            configs = channels.configs(company_id, enabled_only=True)
        results = tuple(
            self._fetch_channel(config, retry_rejected, job_run_id, actor) for config in configs
        )
        if self.notifier is not None:
            # Every failure is told, whether the worker, run-daily, a follow-up run or a
            # person fetched (once per channel and day: the outbox dedupes).
            today = self.clock.today().isoformat()
            for failed in results:
                if failed.status != RunStatus.OK:
                    self.notifier.queue_fetch_failed(
                        company_id, failed.channel, failed.reason, today
                    )
        return FetchReport.of(company_id, results)

    def _fetch_channel(
        self, config: ChannelConfig, retry_rejected: bool, job_run_id: int | None, actor: str
    ) -> ChannelResult:
        now = self.clock.now()
        with self.sessions.begin() as session:
            run = FetchRun(
                company_id=config.company_id, channel_id=config.id, job_run_id=job_run_id,
                status=RunStatus.RUNNING, started_at=now, actor=actor,
            )  # fmt: skip
            session.add(run)
            session.flush()
            run_id = run.id
        status, reason, seen = RunStatus.OK, None, 0
        files: list[FileResult] = []
        try:
            with self.opener(config, self.environ) as box:
                remote = box.files()
                seen = len(remote)
                for remote_file in remote:
                    claimed = self._claim(config, remote_file, run_id, retry_rejected)
                    if claimed is not None:
                        files.append(self._fetch_file(config, box, remote_file, claimed, actor))
        except ChannelError as exc:
            status, reason = RunStatus.FAILED, reason_of(exc)
            log.warning("channel %s of company %d: %s", config.name, config.company_id, exc.message)
        result = ChannelResult(
            config.name, config.kind, status, reason, seen, len(files), tuple(files), run_id
        )
        with self.sessions.begin() as session:
            run = session.get_one(FetchRun, run_id)
            run.status = result.status
            run.reason = None if result.reason is None else result.reason.dumps()
            run.files_seen = result.seen
            run.files_new = result.new
            run.files_imported = result.count(FileStatus.IMPORTED) + result.count(
                FileStatus.DUPLICATE
            )
            run.files_rejected = result.count(FileStatus.REJECTED)
            run.files_failed = result.count(FileStatus.FAILED)
            run.finished_at = self.clock.now()
        return result

    def _claim(
        self, config: ChannelConfig, remote: RemoteFile, run_id: int | None, retry_rejected: bool
    ) -> int | None:
        """Insert the file's row, or take over a failed (or abandoned) one; None if
        it was fetched before or another process has it."""
        now = self.clock.now()
        try:
            with self.sessions.begin() as session:
                row = FetchedFile(
                    company_id=config.company_id, channel_id=config.id, fetch_run_id=run_id,
                    remote_name=remote.name, size=remote.size, mtime=remote.mtime,
                    status=FileStatus.FETCHING, attempts=1, remote_action=RemoteAction.KEPT,
                    claimed_by=self.worker_id, claimed_at=now,
                )  # fmt: skip
                session.add(row)
                session.flush()
                return row.id
        except IntegrityError:
            pass
        again = [FileStatus.FAILED, FileStatus.REJECTED] if retry_rejected else [FileStatus.FAILED]
        stale = now - dt.timedelta(minutes=FETCH_LEASE_MINUTES)
        same = and_(
            FetchedFile.channel_id == config.id,
            FetchedFile.remote_name == remote.name,
            FetchedFile.size == remote.size,
            FetchedFile.mtime == remote.mtime,
        )
        with self.sessions.begin() as session:
            found = session.execute(select(FetchedFile.id).where(same)).scalar_one_or_none()
            if found is None:
                return None
            taken = session.execute(
                update(FetchedFile)
                .execution_options(synchronize_session=False)
                .where(
                    FetchedFile.id == found,
                    or_(
                        FetchedFile.status.in_(again),
                        and_(
                            FetchedFile.status == FileStatus.FETCHING,
                            FetchedFile.claimed_at < stale,
                        ),
                    ),
                )
                .values(
                    status=FileStatus.FETCHING,
                    attempts=FetchedFile.attempts + 1,
                    reason=None,
                    claimed_by=self.worker_id,
                    claimed_at=now,
                    fetch_run_id=run_id,
                )
            )
            return int(found) if getattr(taken, "rowcount", 0) == 1 else None

    def _fetch_file(
        self, config: ChannelConfig, box: Mailbox, remote: RemoteFile, row_id: int, actor: str
    ) -> FileResult:
        summary: ImportSummary | None = None
        reason: Message | None = None
        with tempfile.TemporaryDirectory(prefix="reskontro-fetch-") as tmp:
            local = Path(tmp) / remote.name
            try:
                box.download(remote.name, local)
                summary = self.importer.import_path(
                    config.company_id, local, actor=actor, source=f"channel:{config.name}"
                )
            except ChannelError as exc:
                # Tried again on the next fetch (status "failed").
                reason = Message.of(FetchCode.DOWNLOAD_FAILED, reason=reason_of(exc).dumps())
            except ReskontroError as exc:
                reason = reason_of(exc)
            except Exception as exc:
                log.exception("importing %s from channel %s failed", remote.name, config.name)
                reason = Message.of(FetchCode.AS_WRITTEN, text=f"{exc.__class__.__name__}: {exc}")
        result = FileResult(remote.name, remote.size, FileStatus.FAILED, reason=reason)
        if summary is not None:
            result = _booked(config, box, remote.name, result, summary)
        self._finish(row_id, result, summary.sha256 if summary else None)
        if summary is not None and self.notifier is not None:
            try:
                self.notifier.queue_import(config.company_id, summary, channel=config.name)
            except ReskontroError:  # pragma: no cover - the booking stands regardless
                log.exception("could not queue the import e-mail for %s", remote.name)
        return result

    def _finish(self, row_id: int, result: FileResult, sha256: str | None) -> None:
        with self.sessions.begin() as session:
            row = session.get_one(FetchedFile, row_id)
            row.status = result.status
            row.reason = None if result.reason is None else result.reason.dumps()
            row.sha256 = sha256
            row.bank_file_id = result.bank_file_id
            row.remote_action = result.remote_action
            row.finished_at = self.clock.now()


def _booked(
    config: ChannelConfig, box: Mailbox, name: str, result: FileResult, summary: ImportSummary
) -> FileResult:
    """The file's result once the importer has answered (and the remote file handled)."""
    reason = result.reason
    action: str = RemoteAction.KEPT
    if str(summary.status) == FileStatus.REJECTED:
        reason = _rejected(summary)
    elif config.after_fetch != AfterFetch.KEEP:
        action, reason = _after_fetch(config, box, name)
    return FileResult(
        result.name, result.size, summary.status, summary.file_id, summary.payments,
        summary.amount_ore, reason, action,
    )  # fmt: skip


def _rejected(summary: ImportSummary) -> Message:
    """Why the importer rejected a file: its first problem as a code, with where it is."""
    error = summary.error or {}
    stored = error.get("reason")
    if not stored:
        return Message.of(FetchCode.AS_WRITTEN, text=error.get("message") or "rejected")
    why = Message.from_json(stored).dumps()
    if error.get("line") is not None:
        return Message.of(FetchCode.REJECTED_AT_LINE, line=error.get("line"), reason=why)
    if error.get("path"):
        return Message.of(FetchCode.REJECTED_AT, path=error.get("path"), reason=why)
    return Message.from_json(stored)


def _after_fetch(config: ChannelConfig, box: Mailbox, name: str) -> tuple[str, Message | None]:
    try:
        if config.after_fetch == AfterFetch.DELETE:
            box.delete(name)
            return RemoteAction.DELETED, None
        if config.after_fetch == AfterFetch.MOVE and config.move_to:
            box.move(name, config.move_to)
            return RemoteAction.MOVED, None
    except ChannelError as exc:
        note = Message.of(
            FetchCode.AFTER_FETCH_FAILED,
            action=str(config.after_fetch),
            reason=reason_of(exc).dumps(),
        )
        return RemoteAction.KEPT, note
    return RemoteAction.KEPT, None


__all__ = ["FETCH_LEASE_MINUTES", "ChannelResult", "FetchReport", "Fetcher", "FileResult"]
