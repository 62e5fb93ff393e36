"""Channels: adapters to the outside world that services use — bank mailboxes (SFTP,
a local folder) and the SMTP mailer.

A channel knows how to talk to one kind of endpoint and nothing of the database: the
services hand it plain settings (with secrets already resolved, see
:func:`resolve_secret`) and record what it did. Every failure is a
:class:`ChannelError` whose message never holds a password or key.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from reskontro.channels.codes import SecretCode
from reskontro.errors import ReskontroError, ValidationError
from reskontro.messages import Message

if TYPE_CHECKING:
    from collections.abc import Mapping
    from types import TracebackType
    from typing import Self


class ChannelError(ReskontroError):
    """Talking to a bank mailbox or mail server failed; the message says how, as a code
    of :mod:`reskontro.channels.codes` (the server's own words are its ``reason``)."""

    default_message = "channel error"


@dataclass(frozen=True, slots=True)
class RemoteFile:
    """A file waiting in a mailbox."""

    name: str
    size: int
    #: Modification time, whole seconds since the epoch.
    mtime: int


class Mailbox(Protocol):
    """A place bank files are fetched from (an SFTP folder, a local folder).

    Used as a context manager: the connection is open inside the ``with`` block.
    """

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def files(self) -> list[RemoteFile]:
        """Regular files matching the channel's pattern, oldest first."""
        ...

    def download(self, name: str, dest: Path) -> None:
        """Copy the file ``name`` to the local path ``dest``."""
        ...

    def delete(self, name: str) -> None: ...

    def move(self, name: str, folder: str) -> None: ...

    def upload(self, name: str, data: bytes) -> None:
        """Write ``data`` as the file ``name``: under a temporary name, then renamed, so
        the other side never picks up half a file (AvtaleGiro claims to Nets)."""
        ...


#: Secret references look like this; anything else is refused before it is stored.
SECRET_PREFIXES = ("env:", "file:")


def check_secret_ref(ref: str | None, option: str) -> str | None:
    """Accept ``env:NAME`` or ``file:/path`` (the secret itself is never stored)."""
    if ref is None or ref == "":
        return None
    if ref.startswith("env:") and ref[4:].strip():
        return ref
    if ref.startswith("file:") and ref[5:].strip():
        return "file:" + str(Path(ref[5:]).expanduser())
    raise ValidationError(Message.of(SecretCode.OPTION_REF_FORM, option=option), field=option)


def resolve_secret(ref: str | None, environ: Mapping[str, str] | None = None) -> str | None:
    """The secret a reference points at: an environment variable or a file's text.

    Messages name the variable or file, never the value.
    """
    if ref is None:
        return None
    env = os.environ if environ is None else environ
    if ref.startswith("env:"):
        name = ref[4:]
        value = env.get(name)
        if value is None:
            raise ChannelError(Message.of(SecretCode.ENV_NOT_SET, variable=name))
        return value
    if ref.startswith("file:"):
        path = Path(ref[5:])
        try:
            return path.read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise ChannelError(
                Message.of(SecretCode.FILE_UNREADABLE, path=str(path), reason=exc.strerror)
            ) from None
    raise ChannelError(Message.of(SecretCode.REF_FORM))


def split_patterns(pattern: str) -> tuple[str, ...]:
    """``"*.txt|P.*.C54C.*"`` → the globs, without blanks."""
    parts = tuple(p.strip() for p in pattern.split("|") if p.strip())
    return parts or ("*",)


def matches(name: str, pattern: str) -> bool:
    """Whether a file name matches one of the globs, ignoring case (banks vary it).

    >>> matches("P.00123456789.001.C54C.0001.XML", "*.xml|*.dat")
    True
    >>> matches(".incoming.tmp", "*")
    False
    """
    if name.startswith("."):
        return False
    lowered = name.lower()
    return any(fnmatch.fnmatchcase(lowered, p.lower()) for p in split_patterns(pattern))


__all__ = [
    "ChannelError",
    "Mailbox",
    "RemoteFile",
    "check_secret_ref",
    "matches",
    "resolve_secret",
    "split_patterns",
]
