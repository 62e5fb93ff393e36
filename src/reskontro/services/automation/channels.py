"""Bank channels: where a company's bank files are fetched from — the bank's (or
Nets') SFTP mailbox, or a local folder — set up, listed, switched off and probed.

Settings hold secret *references* (``env:NAME``, ``file:/path``), never secrets;
:func:`open_mailbox` resolves them when it connects.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.channels import ChannelError, check_secret_ref, resolve_secret, split_patterns
from reskontro.errors import Conflict, NotFound, ValidationError
from reskontro.jsonable import to_jsonable
from reskontro.messages import Message, Problem
from reskontro.services import audit
from reskontro.services.automation.codes import AfterFetch, ChannelCode, ChannelKind
from reskontro.services.automation.terms import refusal
from reskontro.storage import repo
from reskontro.storage.models_automation import BankChannel

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.channels import Mailbox
    from reskontro.clock import Clock

SFTP = ChannelKind.SFTP
FOLDER = ChannelKind.FOLDER
AFTER_FETCH = tuple(AfterFetch)


@dataclass(frozen=True, slots=True)
class ChannelConfig:
    """A channel's settings as plain values (secret *references*, not secrets), and
    ``where`` it is, as shown to a person."""

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
    where: str = ""

    def __post_init__(self) -> None:
        if not self.where:
            where = self.folder
            if self.kind == SFTP:
                where = f"sftp://{self.username}@{self.host}:{self.port}{_slash(self.folder)}"
            object.__setattr__(self, "where", where)

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

    def view(self) -> ChannelConfig:
        """Everything but secrets (the settings hold none): the settings themselves."""
        return self

    def fields(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


def _slash(folder: str) -> str:
    return folder if folder.startswith("/") else "/" + folder


def open_mailbox(config: ChannelConfig, environ: Mapping[str, str] | None = None) -> Mailbox:
    """The channel's mailbox, with its secrets resolved from the environment or files."""
    if config.kind == FOLDER:
        from reskontro.channels.folder import FolderMailbox

        return FolderMailbox(config.folder, config.pattern)
    from reskontro.channels.sftp import SftpMailbox, SftpSettings, parse_fingerprints

    if config.host is None or config.username is None or config.host_key_fingerprint is None:
        raise ChannelError(Message.of(ChannelCode.INCOMPLETE, channel=config.name))
    try:
        fingerprints = parse_fingerprints(config.host_key_fingerprint)
    except ValidationError as exc:
        raise ChannelError(exc.msg if exc.msg is not None else exc.message) from None
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
        raise ValidationError(Message.of(ChannelCode.NAME_FORM, value=repr(name)), field="name")
    return value


def _check_after(after_fetch: str, move_to: str | None) -> tuple[str, str | None]:
    if after_fetch not in AFTER_FETCH:
        message = Message.of(ChannelCode.AFTER_FETCH_FORM, value=repr(after_fetch))
        raise ValidationError(message, field="after_fetch")
    if after_fetch == AfterFetch.MOVE and not move_to:
        raise ValidationError(Message.of(ChannelCode.MOVE_NEEDS_FOLDER), field="move_to")
    if after_fetch != AfterFetch.MOVE and move_to:
        raise ValidationError(Message.of(ChannelCode.MOVE_TO_ONLY_WITH_MOVE), field="move_to")
    return after_fetch, move_to


def _sftp_problems(
    host: str, username: str, port: int, fingerprint: str, refs: Mapping[str, str | None]
) -> tuple[list[Problem], tuple[str, ...], list[str | None]]:
    """Every problem of an SFTP channel's settings at once; the pins and references."""
    from reskontro.channels.sftp import parse_fingerprints

    problems = []
    if not host.strip():
        problems.append(Problem(Message.of(ChannelCode.NEEDS_HOST), field="host"))
    if not username.strip():
        problems.append(Problem(Message.of(ChannelCode.NEEDS_USER), field="user"))
    if not 1 <= port <= 65535:
        problems.append(Problem(Message.of(ChannelCode.PORT_RANGE, port=port), field="port"))
    pins: tuple[str, ...] = ()
    try:
        pins = tuple(parse_fingerprints(fingerprint))
    except ValidationError as exc:  # the channel's own code: the form, or a length
        problems.append(Problem(exc.msg or Message.of(ChannelCode.NOT_VALID), field="fingerprint"))
    checked: list[str | None] = []
    for name, ref in refs.items():
        try:
            checked.append(check_secret_ref(ref, name))
        except ValidationError:
            problems.append(Problem(Message.of(ChannelCode.SECRET_REF_FORM), field=name))
            checked.append(None)
    if refs["password"] is None and refs["key"] is None:
        problems.append(Problem(Message.of(ChannelCode.NEEDS_KEY_OR_PASSWORD), field="key"))
    return problems, pins, checked


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
    ) -> ChannelConfig:
        """An SFTP mailbox. ``password``, ``key`` and ``key_passphrase`` are references
        (``env:NAME`` or ``file:/path``), never the secrets themselves."""
        refs = {"password": password, "key": key, "key_passphrase": key_passphrase}
        problems, pins, checked = _sftp_problems(host, username, port, fingerprint, refs)
        if len(problems) == 1:
            raise ValidationError(problems[0].message, field=problems[0].field)
        if problems:
            raise refusal(ValidationError, Message.of(ChannelCode.NOT_VALID), problems)
        return self._add(
            company_id,
            BankChannel(
                name=_check_name(name), kind=SFTP, host=host.strip(), port=port,
                username=username.strip(), password_ref=checked[0], key_ref=checked[1],
                key_passphrase_ref=checked[2], host_key_fingerprint=" ".join(pins),
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
    ) -> ChannelConfig:
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
        self, company_id: int, row: BankChannel, after_fetch: str, move_to: str | None, actor: str
    ) -> ChannelConfig:
        row.after_fetch, row.move_to = _check_after(after_fetch, move_to)
        now = self.clock.now()
        with self.sessions.begin() as session:
            repo.company(session, company_id)
            taken = session.execute(
                select(BankChannel.id).where(
                    BankChannel.company_id == company_id, BankChannel.name == row.name
                )
            ).first()
            if taken is not None:
                raise Conflict(Message.of(ChannelCode.NAME_TAKEN, name=row.name), field="name")
            row.company_id = company_id
            row.enabled = True
            row.created_at = now
            row.actor = actor
            session.add(row)
            session.flush()
            view = ChannelConfig.of(row)
            audit.record(
                session, at=now, actor=actor, action="channel.add", object_type="bank_channel",
                object_id=row.id, company_id=company_id, after=to_jsonable(view),
            )  # fmt: skip
            return view

    def set_enabled(
        self, company_id: int, name: str, enabled: bool, *, actor: str
    ) -> ChannelConfig:
        """Switch a channel off (its history stays) or on again."""
        now = self.clock.now()
        with self.sessions.begin() as session:
            row = channel_row(session, company_id, name)
            row.enabled = enabled
            view = ChannelConfig.of(row)
            action = "channel.enable" if enabled else "channel.disable"
            audit.record(
                session, at=now, actor=actor, action=action, object_type="bank_channel",
                object_id=row.id, company_id=company_id, after=to_jsonable(view),
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
            return ChannelConfig.of(channel_row(session, company_id, name))


def channel_row(session: Session, company_id: int, name: str) -> BankChannel:
    row = session.execute(
        select(BankChannel).where(BankChannel.company_id == company_id, BankChannel.name == name)
    ).scalar_one_or_none()
    if row is None:
        raise NotFound(Message.of(ChannelCode.NO_SUCH_CHANNEL, name=name))
    return row


@dataclass(frozen=True, slots=True)
class RemoteFileView:
    name: str
    size: int


@dataclass(frozen=True, slots=True)
class Probe:
    """A channel tried: ``ok`` false and ``error`` say why it could not be reached."""

    channel: str
    ok: bool
    error: str | None
    files: tuple[RemoteFileView, ...]


def probe_channel(config: ChannelConfig, environ: Mapping[str, str] | None = None) -> Probe:
    """Log in and list the matching files; nothing is fetched or changed.

    A failure to connect is the result (``ok`` false, ``error`` says why), not an error.
    """
    try:
        with open_mailbox(config, environ) as box:
            files = box.files()
    except ChannelError as exc:
        return Probe(config.name, False, exc.message, ())
    return Probe(config.name, True, None, tuple(RemoteFileView(f.name, f.size) for f in files))


__all__ = [
    "AFTER_FETCH",
    "FOLDER",
    "SFTP",
    "BankChannels",
    "ChannelConfig",
    "Probe",
    "RemoteFileView",
    "channel_row",
    "open_mailbox",
    "probe_channel",
]
