"""An SFTP mailbox (the bank's or Nets' file exchange), over asyncssh.

The server's host key is **pinned**: the connection goes on only if the key the
server shows has the fingerprint the channel was set up with (``SHA256:…`` as
``ssh-keygen -lf`` prints it, or ``MD5:…``). The check runs during the key
exchange, before any password or key is offered, so an impostor learns nothing.
Nothing of the user's own SSH set-up is read (no ``~/.ssh/config``, no
``known_hosts``, no agent, no default keys): the channel's settings are the whole
truth.

asyncssh is asynchronous and reskontro's services are not: :class:`SftpMailbox`
runs its own event loop for the life of the ``with`` block.
"""

from __future__ import annotations

import asyncio
import base64
import posixpath
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import asyncssh

from reskontro.channels import ChannelError, RemoteFile, matches
from reskontro.channels.codes import ConfigCode, SftpCode, Step
from reskontro.errors import ValidationError
from reskontro.messages import Message

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine
    from pathlib import Path
    from types import TracebackType
    from typing import Self

T = TypeVar("T")

_HEX_PAIRS = re.compile(r"^(?:[0-9a-f]{2}:){15}[0-9a-f]{2}$")
_BASE64 = re.compile(r"^[A-Za-z0-9+/]{43}=?$")
_EXAMPLE = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8"


def normalise_fingerprint(text: str) -> str:
    """One fingerprint in the form asyncssh prints it: ``SHA256:<base64>`` or
    ``MD5:<hex pairs>``; raise :class:`ValidationError` if it is neither.

    >>> normalise_fingerprint("MD5:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99")
    'MD5:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99'
    """
    value = text.strip()
    lowered = value.lower()
    if lowered.startswith("md5:") or _HEX_PAIRS.match(lowered):
        hexpart = lowered.removeprefix("md5:")
        if not _HEX_PAIRS.match(hexpart):
            raise ValidationError(Message.of(SftpCode.MD5_FORM, text=repr(text)))
        return "MD5:" + hexpart
    b64 = value[7:] if lowered.startswith("sha256:") else value
    if not _BASE64.match(b64):
        raise ValidationError(
            Message.of(SftpCode.FINGERPRINT_FORM, text=repr(text), example=_EXAMPLE)
        )
    try:
        raw = base64.b64decode(b64.rstrip("=") + "=")
    except ValueError:
        raise ValidationError(
            Message.of(SftpCode.FINGERPRINT_FORM, text=repr(text), example=_EXAMPLE)
        ) from None
    if len(raw) != 32:
        raise ValidationError(
            Message.of(SftpCode.FINGERPRINT_LENGTH, length=len(raw), text=repr(text))
        )
    return "SHA256:" + b64.rstrip("=")


def parse_fingerprints(text: str) -> tuple[str, ...]:
    """One or more pinned fingerprints (several while a bank rotates its key),
    separated by blanks, commas or ``|``."""
    parts = [p for p in re.split(r"[\s,|]+", text.strip()) if p]
    if not parts:
        raise ValidationError(Message.of(SftpCode.NO_FINGERPRINT))
    return tuple(normalise_fingerprint(p) for p in parts)


def setting(variable: str, parse: Callable[[str], T], text: str) -> T:
    """``parse(text)``, a refusal naming the environment variable it came from (so the
    operator is told which setting to fix)."""
    try:
        return parse(text)
    except ValidationError as exc:
        reason = (exc.msg or Message.of(SftpCode.NO_FINGERPRINT)).dumps()
        refused = Message.of(ConfigCode.SETTING, variable=variable, reason=reason)
        raise ValidationError(refused) from None


def key_fingerprint(key: asyncssh.SSHKey, kind: str = "sha256") -> str:
    return str(key.get_fingerprint(kind))


@dataclass(frozen=True)
class SftpSettings:
    """Where and how to log in. Secrets are resolved values here, kept out of repr."""

    host: str
    port: int
    username: str
    fingerprints: tuple[str, ...]
    folder: str = "."
    pattern: str = "*"
    password: str | None = field(default=None, repr=False)
    private_key: str | None = field(default=None, repr=False)
    key_passphrase: str | None = field(default=None, repr=False)
    timeout: float = 30.0

    @property
    def where(self) -> str:
        return f"{self.username}@{self.host}:{self.port}"


class _PinnedClient(asyncssh.SSHClient):
    """Accepts the server only if its host key has a pinned fingerprint."""

    def __init__(self, fingerprints: tuple[str, ...], seen: list[str]) -> None:
        self.fingerprints = fingerprints
        self.seen = seen

    def validate_host_public_key(
        self,
        host: str,  # noqa: ARG002 - the pin is per channel, whatever the name resolves to
        addr: str,  # noqa: ARG002
        port: int,  # noqa: ARG002
        key: asyncssh.SSHKey,
    ) -> bool:
        sha = key_fingerprint(key, "sha256")
        self.seen.append(sha)
        return any(
            fp == (key_fingerprint(key, "md5") if fp.startswith("MD5:") else sha)
            for fp in self.fingerprints
        )


def _client_options(settings: SftpSettings) -> dict[str, Any]:
    keys: list[asyncssh.SSHKey] | None = None
    if settings.private_key is not None:
        try:
            keys = [asyncssh.import_private_key(settings.private_key, settings.key_passphrase)]
        except (asyncssh.KeyImportError, ValueError):
            raise ChannelError(Message.of(SftpCode.KEY_UNREADABLE, where=settings.where)) from None
    if keys is None and settings.password is None:
        raise ChannelError(Message.of(SftpCode.NO_KEY_OR_PASSWORD, where=settings.where))
    return {
        "username": settings.username,
        "password": settings.password,
        # None: no default keys from ~/.ssh when the channel has no key of its own.
        "client_keys": keys,
        "known_hosts": ([], [], []),
        "server_host_key_algs": "default",
        "agent_path": None,
        "config": None,
        "preferred_auth": "publickey,password,keyboard-interactive",
        "connect_timeout": settings.timeout,
        "login_timeout": settings.timeout,
        # A connection that stops answering is given up after about a minute.
        "keepalive_interval": 15,
        "keepalive_count_max": 4,
    }


class SftpMailbox:
    """A :class:`~reskontro.channels.Mailbox` on an SFTP server."""

    def __init__(self, settings: SftpSettings) -> None:
        self.settings = settings
        self._loop: asyncio.AbstractEventLoop | None = None
        self._conn: asyncssh.SSHClientConnection | None = None
        self._sftp: asyncssh.SFTPClient | None = None

    # -- the event loop ----------------------------------------------------------

    def _run(self, coro: Coroutine[Any, Any, T], what: Message, *, bounded: bool = True) -> T:
        """Run one step; ``bounded`` steps time out, a download does not (a big file
        on a slow line may take long; a dead connection is caught by keepalives)."""
        if self._loop is None:  # pragma: no cover - programmer error
            raise ChannelError(Message.of(SftpCode.NOT_OPEN))
        where = self.settings.where
        try:
            if bounded:
                coro = asyncio.wait_for(coro, timeout=self.settings.timeout * 4)
            return self._loop.run_until_complete(coro)
        except ChannelError:
            raise
        except asyncssh.HostKeyNotVerifiable:
            raise  # handled in __enter__
        except asyncssh.PermissionDenied:
            raise ChannelError(Message.of(SftpCode.LOGIN_REFUSED, where=where)) from None
        except asyncssh.Error as exc:  # SFTPError too: the server's reason, as it said it
            raise self._failed(what, str(exc.reason)) from None
        except TimeoutError:
            raise ChannelError(
                Message.of(SftpCode.TIMED_OUT, where=where, step=what.dumps())
            ) from None
        except OSError as exc:
            raise self._failed(what, exc.strerror or exc.__class__.__name__) from None

    def _failed(self, what: Message, reason: str) -> ChannelError:
        where, step = self.settings.where, what.dumps()
        return ChannelError(Message.of(SftpCode.STEP_FAILED, where=where, step=step, reason=reason))

    def __enter__(self) -> Self:
        self._loop = asyncio.new_event_loop()
        try:
            self._open()
        except BaseException:
            self._close()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._close()

    def _open(self) -> None:
        settings = self.settings
        seen: list[str] = []
        options = _client_options(settings)

        async def connect() -> tuple[asyncssh.SSHClientConnection, asyncssh.SFTPClient]:
            conn = await asyncssh.connect(
                settings.host,
                settings.port,
                client_factory=lambda: _PinnedClient(settings.fingerprints, seen),
                **options,
            )
            try:
                sftp = await conn.start_sftp_client()
            except BaseException:
                conn.close()
                raise
            return conn, sftp

        try:
            self._conn, self._sftp = self._run(connect(), Message.of(Step.CONNECT))
        except asyncssh.HostKeyNotVerifiable:
            raise ChannelError(
                Message.of(
                    SftpCode.HOST_KEY_MISMATCH,
                    host=settings.host,
                    port=settings.port,
                    shown=seen[-1] if seen else "-",
                    pinned=", ".join(settings.fingerprints),
                )
            ) from None

    def _close(self) -> None:
        loop = self._loop
        if loop is None:
            return
        try:
            if self._sftp is not None:
                self._sftp.exit()
            if self._conn is not None:
                self._conn.close()
                loop.run_until_complete(self._conn.wait_closed())
        except (OSError, asyncssh.Error):  # pragma: no cover - closing anyway
            pass
        finally:
            self._sftp = None
            self._conn = None
            loop.close()
            self._loop = None

    @property
    def sftp(self) -> asyncssh.SFTPClient:
        if self._sftp is None:  # pragma: no cover - programmer error
            raise ChannelError(Message.of(SftpCode.NOT_OPEN))
        return self._sftp

    def _path(self, name: str) -> str:
        if "/" in name or name in {".", ".."}:
            raise ChannelError(Message.of(SftpCode.BAD_REMOTE_NAME, name=repr(name)))
        return posixpath.join(self.settings.folder, name)

    # -- the mailbox -------------------------------------------------------------

    def files(self) -> list[RemoteFile]:
        folder = self.settings.folder
        names = self._run(self.sftp.readdir(folder), Message.of(Step.LIST, folder=folder))
        found = [
            RemoteFile(str(n.filename), int(n.attrs.size or 0), int(n.attrs.mtime or 0))
            for n in names
            if n.attrs.type == asyncssh.FILEXFER_TYPE_REGULAR
            and matches(str(n.filename), self.settings.pattern)
        ]
        return sorted(found, key=lambda f: (f.mtime, f.name))

    def download(self, name: str, dest: Path) -> None:
        step = Message.of(Step.DOWNLOAD, file=name)
        self._run(self.sftp.get(self._path(name), str(dest)), step, bounded=False)

    def delete(self, name: str) -> None:
        self._run(self.sftp.remove(self._path(name)), Message.of(Step.DELETE, file=name))

    def move(self, name: str, folder: str) -> None:
        target = posixpath.join(folder, name)
        step = Message.of(Step.MOVE, file=name, folder=folder)
        self._run(self.sftp.rename(self._path(name), target), step)

    def upload(self, name: str, data: bytes) -> None:
        """Put ``data`` in the folder as ``name``, whole or not at all: written as a
        dot-file first (which pickers ignore), then renamed."""
        part = self._path(f".{name}.part")

        async def put() -> None:
            async with self.sftp.open(part, "wb") as handle:
                await handle.write(data)
            await self.sftp.posix_rename(part, self._path(name))

        self._run(put(), Message.of(Step.UPLOAD, file=name))


def server_fingerprint(host: str, port: int = 22, timeout: float = 15.0) -> dict[str, str]:
    """The host key fingerprints a server shows, to compare with what the bank
    publishes before pinning one (nothing is sent but the key exchange)."""

    async def fetch() -> asyncssh.SSHKey | None:
        return await asyncio.wait_for(
            asyncssh.get_server_host_key(host, port, config=None), timeout=timeout
        )

    try:
        key = asyncio.run(fetch())
    except (OSError, asyncssh.Error, TimeoutError) as exc:
        reason = str(exc) or exc.__class__.__name__
        raise ChannelError(
            Message.of(SftpCode.UNREACHABLE, host=host, port=port, reason=reason)
        ) from None
    if key is None:
        raise ChannelError(Message.of(SftpCode.NO_HOST_KEY, host=host, port=port))
    return {
        "algorithm": key.get_algorithm(),
        "sha256": key_fingerprint(key, "sha256"),
        "md5": key_fingerprint(key, "md5"),
    }


__all__ = [
    "SftpMailbox",
    "SftpSettings",
    "normalise_fingerprint",
    "parse_fingerprints",
    "server_fingerprint",
    "setting",
]
