"""Bank channels and fetching: download the files not fetched before and book them.

A company connects one or more channels: the bank's (or Nets') SFTP mailbox, or a
local folder. :meth:`Fetcher.fetch` visits each, and for every file that matches
the channel's pattern and was not fetched before:

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
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from reskontro.channels import ChannelError, check_secret_ref, resolve_secret, split_patterns
from reskontro.errors import Conflict, NotFound, ReskontroError, ValidationError
from reskontro.services import audit
from reskontro.storage.models import Company
from reskontro.storage.models_automation import BankChannel, FetchedFile, FetchRun

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.channels import Mailbox, RemoteFile
    from reskontro.clock import Clock
    from reskontro.services.notify import Notifier
    from reskontro.services.payments import ImportSummary, PaymentImporter

log = logging.getLogger(__name__)

SFTP = "sftp"
FOLDER = "folder"
AFTER_FETCH = ("keep", "delete", "move")
#: A file claimed longer ago than this without an outcome is taken as abandoned
#: (the fetching process died) and may be claimed again.
FETCH_LEASE_MINUTES = 60


# -- channel settings ---------------------------------------------------------------


@dataclass(frozen=True)
class ChannelConfig:
    """A channel's settings as plain values (secret *references*, not secrets)."""

    id: int
    company_id: int
    name: str
    kind: str
    enabled: bool
    folder: str
    pattern: str
    after_fetch: str
    move_to: str | None
    host: str | None = None
    port: int | None = None
    username: str | None = None
    password_ref: str | None = None
    key_ref: str | None = None
    key_passphrase_ref: str | None = None
    host_key_fingerprint: str | None = None

    @classmethod
    def of(cls, row: BankChannel) -> ChannelConfig:
        return cls(
            id=row.id, company_id=row.company_id, name=row.name, kind=row.kind,
            enabled=row.enabled, folder=row.folder, pattern=row.pattern,
            after_fetch=row.after_fetch, move_to=row.move_to, host=row.host, port=row.port,
            username=row.username, password_ref=row.password_ref, key_ref=row.key_ref,
            key_passphrase_ref=row.key_passphrase_ref,
            host_key_fingerprint=row.host_key_fingerprint,
        )  # fmt: skip

    @property
    def where(self) -> str:
        if self.kind == SFTP:
            return f"sftp://{self.username}@{self.host}:{self.port}{_slash(self.folder)}"
        return self.folder

    def view(self) -> dict[str, Any]:
        """Everything but secrets: references say where a secret is, never what."""
        view = asdict(self)
        view["where"] = self.where
        return view


def _slash(folder: str) -> str:
    return folder if folder.startswith("/") else "/" + folder


def open_mailbox(config: ChannelConfig, environ: Mapping[str, str] | None = None) -> Mailbox:
    """The channel's mailbox, with its secrets resolved from the environment or files."""
    if config.kind == FOLDER:
        from reskontro.channels.folder import FolderMailbox

        return FolderMailbox(config.folder, config.pattern)
    from reskontro.channels.sftp import SftpMailbox, SftpSettings, parse_fingerprints

    if config.host is None or config.username is None or config.host_key_fingerprint is None:
        raise ChannelError(f"the SFTP channel {config.name} is not complete")
    try:
        fingerprints = parse_fingerprints(config.host_key_fingerprint)
    except ValidationError as exc:
        raise ChannelError(exc.message) from None
    return SftpMailbox(
        SftpSettings(
            host=config.host,
            port=config.port or 22,
            username=config.username,
            fingerprints=fingerprints,
            folder=config.folder,
            pattern=config.pattern,
            password=resolve_secret(config.password_ref, environ),
            private_key=resolve_secret(config.key_ref, environ),
            key_passphrase=resolve_secret(config.key_passphrase_ref, environ),
        )
    )


def _check_name(name: str) -> str:
    value = name.strip()
    if not value or len(value) > 50 or any(c.isspace() for c in value):
        raise ValidationError(f"a channel name is one word of at most 50 characters: {name!r}")
    return value


def _check_after(after_fetch: str, move_to: str | None) -> tuple[str, str | None]:
    if after_fetch not in AFTER_FETCH:
        raise ValidationError(
            f"after fetching, a file is kept, deleted or moved, not {after_fetch!r}"
        )
    if after_fetch == "move" and not move_to:
        raise ValidationError("moving fetched files needs a folder to move them to (--move-to)")
    if after_fetch != "move" and move_to:
        raise ValidationError("--move-to goes with --after-fetch move")
    return after_fetch, move_to


class BankChannels:
    """Set up, list and switch off a company's bank channels."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.sessions = sessions
        self.clock = clock

    def add_sftp(
        self,
        company_id: int,
        name: str,
        *,
        host: str,
        username: str,
        fingerprint: str,
        port: int = 22,
        password: str | None = None,
        key: str | None = None,
        key_passphrase: str | None = None,
        folder: str = ".",
        pattern: str = "*",
        after_fetch: str = "keep",
        move_to: str | None = None,
        actor: str,
    ) -> dict[str, Any]:
        """An SFTP mailbox. ``password``, ``key`` and ``key_passphrase`` are references
        (``env:NAME`` or ``file:/path``), never the secrets themselves."""
        from reskontro.channels.sftp import parse_fingerprints

        problems = []
        if not host.strip():
            problems.append("the SFTP channel needs a host (--host)")
        if not username.strip():
            problems.append("the SFTP channel needs a user name (--user)")
        if not 1 <= port <= 65535:
            problems.append(f"the port is 1 to 65535, not {port}")
        try:
            pins = parse_fingerprints(fingerprint)
        except ValidationError as exc:
            problems.append(exc.message)
            pins = ()
        refs = []
        for ref, option in (
            (password, "--password"),
            (key, "--key"),
            (key_passphrase, "--key-passphrase"),
        ):
            try:
                refs.append(check_secret_ref(ref, option))
            except ValidationError as exc:
                problems.append(exc.message)
                refs.append(None)
        if password is None and key is None:
            problems.append("the SFTP channel needs a key (--key) or a password (--password)")
        if problems:
            raise ValidationError("; ".join(problems))
        return self._add(
            company_id,
            BankChannel(
                name=_check_name(name), kind=SFTP, host=host.strip(), port=port,
                username=username.strip(), password_ref=refs[0], key_ref=refs[1],
                key_passphrase_ref=refs[2], host_key_fingerprint=" ".join(pins),
                folder=folder.strip() or ".", pattern="|".join(split_patterns(pattern)),
            ),
            after_fetch, move_to, actor,
        )  # fmt: skip

    def add_folder(
        self,
        company_id: int,
        name: str,
        *,
        path: str,
        pattern: str = "*",
        after_fetch: str = "keep",
        move_to: str | None = None,
        actor: str,
    ) -> dict[str, Any]:
        folder = Path(path).expanduser()
        if not folder.is_absolute():
            folder = folder.resolve()
        return self._add(
            company_id,
            BankChannel(
                name=_check_name(name), kind=FOLDER, folder=str(folder),
                pattern="|".join(split_patterns(pattern)),
            ),
            after_fetch, move_to, actor,
        )  # fmt: skip

    def _add(
        self,
        company_id: int,
        row: BankChannel,
        after_fetch: str,
        move_to: str | None,
        actor: str,
    ) -> dict[str, Any]:
        row.after_fetch, row.move_to = _check_after(after_fetch, move_to)
        now = self.clock.now()
        with self.sessions.begin() as session:
            if session.get(Company, company_id) is None:
                raise NotFound(f"no company with id {company_id}")
            taken = session.execute(
                select(BankChannel.id).where(
                    BankChannel.company_id == company_id, BankChannel.name == row.name
                )
            ).first()
            if taken is not None:
                raise Conflict(f"the company has a channel named {row.name} already")
            row.company_id = company_id
            row.enabled = True
            row.created_at = now
            row.actor = actor
            session.add(row)
            session.flush()
            view = ChannelConfig.of(row).view()
            audit.record(
                session, at=now, actor=actor, action="channel.add", object_type="bank_channel",
                object_id=row.id, company_id=company_id, after=view,
            )  # fmt: skip
            return view

    def set_enabled(
        self, company_id: int, name: str, enabled: bool, *, actor: str
    ) -> dict[str, Any]:
        """Switch a channel off (its history stays) or on again."""
        now = self.clock.now()
        with self.sessions.begin() as session:
            row = _channel(session, company_id, name)
            row.enabled = enabled
            view = ChannelConfig.of(row).view()
            action = "channel.enable" if enabled else "channel.disable"
            audit.record(
                session, at=now, actor=actor, action=action, object_type="bank_channel",
                object_id=row.id, company_id=company_id, after=view,
            )  # fmt: skip
            return view

    def configs(self, company_id: int, *, enabled_only: bool = False) -> list[ChannelConfig]:
        with self.sessions() as session:
            query = select(BankChannel).where(BankChannel.company_id == company_id)
            if enabled_only:
                query = query.where(BankChannel.enabled.is_(True))
            return [ChannelConfig.of(r) for r in session.scalars(query.order_by(BankChannel.name))]

    def config(self, company_id: int, name: str) -> ChannelConfig:
        with self.sessions() as session:
            return ChannelConfig.of(_channel(session, company_id, name))


def _channel(session: Session, company_id: int, name: str) -> BankChannel:
    row = session.execute(
        select(BankChannel).where(BankChannel.company_id == company_id, BankChannel.name == name)
    ).scalar_one_or_none()
    if row is None:
        raise NotFound(f"the company has no channel named {name}")
    return row


# -- fetching -----------------------------------------------------------------------


@dataclass
class FileResult:
    name: str
    size: int
    status: str
    bank_file_id: int | None = None
    payments: int = 0
    amount_ore: int = 0
    error: str | None = None
    remote_action: str = "kept"


@dataclass
class ChannelResult:
    channel: str
    kind: str
    status: str = "ok"
    error: str | None = None
    seen: int = 0
    new: int = 0
    files: list[FileResult] = field(default_factory=list)
    fetch_run_id: int | None = None

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)


@dataclass
class FetchReport:
    company_id: int
    channels: list[ChannelResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every channel reached and every new file booked (or a known duplicate)."""
        return all(
            c.status == "ok" and all(f.status in {"imported", "duplicate"} for f in c.files)
            for c in self.channels
        )

    @property
    def failed_channels(self) -> list[ChannelResult]:
        return [c for c in self.channels if c.status != "ok"]

    def to_json(self) -> dict[str, Any]:
        return {
            "company_id": self.company_id,
            "ok": self.ok,
            "channels": [asdict(c) for c in self.channels],
        }


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
                raise ValidationError(f"the channel {channel} is switched off")
        else:
            configs = channels.configs(company_id, enabled_only=True)
        report = FetchReport(company_id)
        for config in configs:
            report.channels.append(self._fetch_channel(config, retry_rejected, job_run_id, actor))
        return report

    def _fetch_channel(
        self, config: ChannelConfig, retry_rejected: bool, job_run_id: int | None, actor: str
    ) -> ChannelResult:
        result = ChannelResult(config.name, config.kind)
        now = self.clock.now()
        with self.sessions.begin() as session:
            run = FetchRun(
                company_id=config.company_id, channel_id=config.id, job_run_id=job_run_id,
                status="running", started_at=now, actor=actor,
            )  # fmt: skip
            session.add(run)
            session.flush()
            result.fetch_run_id = run.id
        try:
            with self.opener(config, self.environ) as box:
                remote = box.files()
                result.seen = len(remote)
                for remote_file in remote:
                    claimed = self._claim(config, remote_file, result.fetch_run_id, retry_rejected)
                    if claimed is None:
                        continue
                    result.new += 1
                    result.files.append(self._fetch_file(config, box, remote_file, claimed, actor))
        except ChannelError as exc:
            result.status = "failed"
            result.error = exc.message
            log.warning("channel %s of company %d: %s", config.name, config.company_id, exc.message)
        with self.sessions.begin() as session:
            run = session.get_one(FetchRun, result.fetch_run_id)
            run.status = result.status
            run.error = result.error
            run.files_seen = result.seen
            run.files_new = result.new
            run.files_imported = result.count("imported") + result.count("duplicate")
            run.files_rejected = result.count("rejected")
            run.files_failed = result.count("failed")
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
                    status="fetching", attempts=1, remote_action="kept",
                    claimed_by=self.worker_id, claimed_at=now,
                )  # fmt: skip
                session.add(row)
                session.flush()
                return row.id
        except IntegrityError:
            pass
        again = ["failed", "rejected"] if retry_rejected else ["failed"]
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
                        and_(FetchedFile.status == "fetching", FetchedFile.claimed_at < stale),
                    ),
                )
                .values(
                    status="fetching",
                    attempts=FetchedFile.attempts + 1,
                    error=None,
                    claimed_by=self.worker_id,
                    claimed_at=now,
                    fetch_run_id=run_id,
                )
            )
            return int(found) if getattr(taken, "rowcount", 0) == 1 else None

    def _fetch_file(
        self, config: ChannelConfig, box: Mailbox, remote: RemoteFile, row_id: int, actor: str
    ) -> FileResult:
        result = FileResult(remote.name, remote.size, "failed")
        summary: ImportSummary | None = None
        with tempfile.TemporaryDirectory(prefix="reskontro-fetch-") as tmp:
            local = Path(tmp) / remote.name
            try:
                box.download(remote.name, local)
                summary = self.importer.import_path(
                    config.company_id, local, actor=actor, source=f"channel:{config.name}"
                )
            except ChannelError as exc:
                # Tried again on the next fetch (status "failed").
                result.error = f"download failed: {exc.message}"
            except ReskontroError as exc:
                result.error = exc.message
            except Exception as exc:
                log.exception("importing %s from channel %s failed", remote.name, config.name)
                result.error = f"{exc.__class__.__name__}: {exc}"
        if summary is not None:
            result.status = summary.status
            result.bank_file_id = summary.file_id
            result.payments = summary.payments
            result.amount_ore = summary.amount_ore
            if summary.status == "rejected":
                result.error = (summary.error or {}).get("message") or "rejected"
            elif config.after_fetch != "keep":
                result.remote_action, note = _after_fetch(config, box, remote.name)
                if note:
                    result.error = note
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
            row.error = result.error
            row.sha256 = sha256
            row.bank_file_id = result.bank_file_id
            row.remote_action = result.remote_action
            row.finished_at = self.clock.now()


def _after_fetch(config: ChannelConfig, box: Mailbox, name: str) -> tuple[str, str | None]:
    try:
        if config.after_fetch == "delete":
            box.delete(name)
            return "deleted", None
        if config.after_fetch == "move" and config.move_to:
            box.move(name, config.move_to)
            return "moved", None
    except ChannelError as exc:
        return "kept", f"booked, but could not {config.after_fetch} the remote file: {exc.message}"
    return "kept", None


def probe_channel(
    config: ChannelConfig, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Log in and list the matching files; nothing is fetched or changed.

    A failure to connect is the result (``ok`` false, ``error`` says why), not an error.
    """
    try:
        with open_mailbox(config, environ) as box:
            files = box.files()
    except ChannelError as exc:
        return {"channel": config.name, "ok": False, "error": exc.message, "files": []}
    return {
        "channel": config.name,
        "ok": True,
        "error": None,
        "files": [{"name": f.name, "size": f.size} for f in files],
    }


def channel_status(session: Session, config: ChannelConfig, limit: int = 5) -> dict[str, Any]:
    """Last run, totals and the latest problems of one channel, for ``reskontro status``."""
    last = session.scalars(
        select(FetchRun)
        .where(FetchRun.channel_id == config.id)
        .order_by(FetchRun.started_at.desc(), FetchRun.id.desc())
        .limit(1)
    ).first()
    last_ok = session.execute(
        select(func.max(FetchRun.finished_at)).where(
            FetchRun.channel_id == config.id, FetchRun.status == "ok"
        )
    ).scalar_one_or_none()
    counts: dict[str, int] = {
        str(status): int(n)
        for status, n in session.execute(
            select(FetchedFile.status, func.count())
            .where(FetchedFile.channel_id == config.id)
            .group_by(FetchedFile.status)
        )
    }
    problems = session.scalars(
        select(FetchedFile)
        .where(FetchedFile.channel_id == config.id, FetchedFile.status.in_(["rejected", "failed"]))
        .order_by(FetchedFile.claimed_at.desc(), FetchedFile.id.desc())
        .limit(limit)
    ).all()
    return {
        **config.view(),
        "last_run": None
        if last is None
        else {
            "started_at": last.started_at.isoformat(),
            "finished_at": last.finished_at.isoformat() if last.finished_at else None,
            "status": last.status,
            "files_seen": last.files_seen,
            "files_new": last.files_new,
            "files_imported": last.files_imported,
            "files_rejected": last.files_rejected,
            "files_failed": last.files_failed,
            "error": last.error,
        },
        "last_ok_at": last_ok.isoformat() if last_ok else None,
        "files": {str(k): int(v) for k, v in counts.items()},
        "files_fetched": int(sum(counts.values())),
        "problems": [
            {
                "name": p.remote_name,
                "status": p.status,
                "error": p.error,
                "at": p.claimed_at.isoformat(),
                "attempts": p.attempts,
            }
            for p in problems
        ],
    }


__all__ = [
    "BankChannels",
    "ChannelConfig",
    "ChannelResult",
    "FetchReport",
    "Fetcher",
    "FileResult",
    "channel_status",
    "open_mailbox",
    "probe_channel",
]
