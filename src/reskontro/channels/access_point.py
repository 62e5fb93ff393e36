"""The access point's outbox: a folder or an SFTP folder that a Peppol access point
picks EHF files from, and where it leaves a receipt for each.

Most Norwegian access points take files this way. Settings come from the environment
(:meth:`AccessPointSettings.from_env`):

- ``RESKONTRO_AP_FOLDER``: a local (or mounted) folder; or
- ``RESKONTRO_AP_SFTP_HOST`` with ``_PORT`` (22), ``_USER``, ``_PASSWORD`` (a secret
  reference, ``env:NAME`` or ``file:/path``), ``_KEY`` (a secret reference to a
  private key), ``_FINGERPRINT`` (the server's host key, pinned) and ``_FOLDER``.

**File names**: ``<our org number>_<document number>_<delivery id>.xml``.

**Receipts** (the one format we read; see ``docs/delivery.md``): next to the file the
access point writes ``<same name without .xml>.ok`` when the document was delivered
to the receiver's access point, or ``<same name>.err`` when it was not; the first
line of an ``.err`` file is the reason (shown to the user as given). Receipts are
deleted once read.

>>> receipt_of("123456785_1007_42.ok", b"")
Receipt(file_name='123456785_1007_42.xml', delivery_id=42, delivered=True, detail=None)
>>> receipt_of("123456785_1007_42.err", b"receiver unknown\\nmore").detail
'receiver unknown'
>>> receipt_of("notes.txt", b"") is None
True
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from reskontro.channels import ChannelError, resolve_secret
from reskontro.channels.codes import ConfigCode
from reskontro.channels.folder import FolderMailbox
from reskontro.messages import Message

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path
    from types import TracebackType
    from typing import Self

    from reskontro.channels import RemoteFile

ENV_PREFIX = "RESKONTRO_AP_"
#: Receipt files the access point leaves.
RECEIPT_PATTERN = "*.ok|*.err"
_NAME = re.compile(r"(?P<org>\d{9})_(?P<number>\d+)_(?P<id>\d+)\.(?P<ext>ok|err)")


class Outbox(Protocol):
    """What the delivery service needs of an access point's folder."""

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def upload(self, name: str, data: bytes) -> None: ...

    def files(self) -> list[RemoteFile]: ...

    def download(self, name: str, dest: Path) -> None: ...

    def delete(self, name: str) -> None: ...


@dataclass(frozen=True, slots=True)
class AccessPointSettings:
    """Where the access point picks files from: a folder, or SFTP."""

    folder: str
    host: str | None = None
    port: int = 22
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    private_key: str | None = field(default=None, repr=False)
    fingerprints: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> AccessPointSettings | None:
        """``RESKONTRO_AP_*``; None when no access point is set up."""
        env = os.environ if environ is None else environ

        def get(name: str) -> str | None:
            value = env.get(ENV_PREFIX + name, "").strip()
            return value or None

        host = get("SFTP_HOST")
        if host is None:
            folder = get("FOLDER")
            return None if folder is None else cls(folder=folder)
        from reskontro.channels.sftp import parse_fingerprints, setting

        port = get("SFTP_PORT") or "22"
        if not port.isdigit():
            variable = f"{ENV_PREFIX}SFTP_PORT"
            raise ChannelError(Message.of(ConfigCode.NOT_A_NUMBER, variable=variable))
        fingerprint = get("SFTP_FINGERPRINT")
        if fingerprint is None:
            variable = f"{ENV_PREFIX}SFTP_FINGERPRINT"
            raise ChannelError(Message.of(ConfigCode.AP_NO_FINGERPRINT, variable=variable))
        return cls(
            folder=get("SFTP_FOLDER") or ".",
            host=host,
            port=int(port),
            username=get("SFTP_USER"),
            password=resolve_secret(get("SFTP_PASSWORD"), env),
            private_key=resolve_secret(get("SFTP_KEY"), env),
            fingerprints=setting(f"{ENV_PREFIX}SFTP_FINGERPRINT", parse_fingerprints, fingerprint),
        )

    def open(self, pattern: str = RECEIPT_PATTERN) -> Outbox:
        """The outbox as a context manager (listing only receipt files)."""
        if self.host is None:
            return FolderMailbox(self.folder, pattern)
        from reskontro.channels.sftp import SftpMailbox, SftpSettings

        return SftpMailbox(
            SftpSettings(
                host=self.host,
                port=self.port,
                username=self.username or "",
                fingerprints=self.fingerprints,
                folder=self.folder,
                pattern=pattern,
                password=self.password,
                private_key=self.private_key,
            )
        )


def file_name(org_number: str, document_number: int, delivery_id: int) -> str:
    """The name of a document's file in the access point's outbox.

    >>> file_name("123456785", 1007, 42)
    '123456785_1007_42.xml'
    """
    return f"{org_number}_{document_number}_{delivery_id}.xml"


@dataclass(frozen=True, slots=True)
class Receipt:
    """What the access point said about one file."""

    file_name: str
    delivery_id: int
    delivered: bool
    #: The reason of an ``.err`` receipt (its first line).
    detail: str | None


def receipt_of(name: str, content: bytes) -> Receipt | None:
    """The receipt a file holds, or None when the file is not one of ours."""
    match = _NAME.fullmatch(name)
    if match is None:
        return None
    delivered = match["ext"] == "ok"
    detail = None
    if not delivered:
        first = content.decode("utf-8", "replace").strip().splitlines()
        detail = (first[0].strip() if first else "")[:300] or None
    xml = f"{match['org']}_{match['number']}_{match['id']}.xml"
    return Receipt(xml, int(match["id"]), delivered, detail)


__all__ = [
    "AccessPointSettings",
    "Outbox",
    "Receipt",
    "file_name",
    "receipt_of",
]
