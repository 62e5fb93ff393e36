"""A local folder as a bank mailbox: where the bank's own file-transfer client, a
shared drive or a person drops the files.

Only under the directory the operator names in :data:`FOLDER_ROOT_ENV`: a web user who
may set up channels must not be able to point one at ``/etc`` (or anywhere else on the
server) and read it. Without the variable, folder channels are refused.
"""

from __future__ import annotations

import os
import shutil
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Final

from reskontro.channels import ChannelError, RemoteFile, matches
from reskontro.channels.codes import FolderFailure, Step
from reskontro.messages import Message

if TYPE_CHECKING:
    from collections.abc import Mapping
    from types import TracebackType
    from typing import Self

FOLDER_ROOT_ENV: Final = "RESKONTRO_FOLDER_ROOT"


class FolderCode(StrEnum):
    """Texts in :mod:`reskontro.i18n.web`."""

    NO_ROOT = "channel.folder_root_not_set"
    OUTSIDE_ROOT = "channel.folder_outside_root"


def folder_root(environ: Mapping[str, str] | None = None) -> Path:
    """The directory folder channels must be under (resolved), from the environment."""
    value = (environ if environ is not None else os.environ).get(FOLDER_ROOT_ENV, "").strip()
    if not value:
        raise ChannelError(Message.of(FolderCode.NO_ROOT, variable=FOLDER_ROOT_ENV))
    return Path(value).expanduser().resolve()


def checked_folder(path: Path | str, environ: Mapping[str, str] | None = None) -> Path:
    """``path`` resolved (``..`` and symbolic links followed), if it lies under the root.

    >>> str(checked_folder("/srv/bank/../bank/inn", {"RESKONTRO_FOLDER_ROOT": "/srv/bank"}))
    '/srv/bank/inn'
    >>> checked_folder("/etc", {"RESKONTRO_FOLDER_ROOT": "/srv/bank"})
    Traceback (most recent call last):
    reskontro.channels.ChannelError: the folder /etc is not under RESKONTRO_FOLDER_ROOT (/srv/bank)
    """
    root = folder_root(environ)
    resolved = Path(path).expanduser().resolve()
    if not resolved.is_relative_to(root):
        raise ChannelError(
            Message.of(
                FolderCode.OUTSIDE_ROOT, folder=str(path), variable=FOLDER_ROOT_ENV, root=str(root)
            ),
            field="path",
        )
    return resolved


def _failed(step: Message, exc: OSError) -> ChannelError:
    """``cannot <step>: <the system's words>``."""
    reason = exc.strerror or exc.__class__.__name__
    return ChannelError(Message.of(FolderFailure.STEP_FAILED, step=step.dumps(), reason=reason))


class FolderMailbox:
    """A :class:`~reskontro.channels.Mailbox` on a local folder."""

    def __init__(self, path: Path | str, pattern: str = "*") -> None:
        self.path = Path(path).expanduser()
        self.pattern = pattern

    def __enter__(self) -> Self:
        self.path = checked_folder(self.path)
        if not self.path.is_dir():
            raise ChannelError(Message.of(FolderFailure.NOT_A_FOLDER, folder=str(self.path)))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def _file(self, name: str) -> Path:
        if "/" in name or "\\" in name or name in {".", ".."}:
            raise ChannelError(Message.of(FolderFailure.BAD_NAME, name=repr(name)))
        return self.path / name

    def files(self) -> list[RemoteFile]:
        found = []
        try:
            for entry in self.path.iterdir():
                if entry.is_file() and not entry.is_symlink() and matches(entry.name, self.pattern):
                    st = entry.stat()
                    found.append(RemoteFile(entry.name, st.st_size, int(st.st_mtime)))
        except OSError as exc:
            raise _failed(Message.of(Step.LIST, folder=str(self.path)), exc) from None
        return sorted(found, key=lambda f: (f.mtime, f.name))

    def download(self, name: str, dest: Path) -> None:
        try:
            shutil.copyfile(self._file(name), dest)
        except OSError as exc:
            raise _failed(Message.of(Step.COPY, file=str(self._file(name))), exc) from None

    def delete(self, name: str) -> None:
        try:
            self._file(name).unlink()
        except OSError as exc:
            raise _failed(Message.of(Step.DELETE, file=str(self._file(name))), exc) from None

    def move(self, name: str, folder: str) -> None:
        target = Path(folder).expanduser()
        if not target.is_absolute():
            target = self.path / target
        target = checked_folder(target)
        try:
            target.mkdir(parents=True, exist_ok=True)
            self._file(name).replace(target / name)
        except OSError as exc:
            raise _failed(Message.of(Step.MOVE, file=name, folder=str(target)), exc) from None

    def upload(self, name: str, data: bytes) -> None:
        """Put ``data`` in the folder as ``name``, whole or not at all: written as a
        dot-file first (which pickers ignore), then renamed."""
        target = self._file(name)
        part = self.path / f".{name}.part"
        try:
            part.write_bytes(data)
            part.replace(target)
        except OSError as exc:
            raise _failed(Message.of(Step.WRITE, file=str(target)), exc) from None


__all__ = ["FOLDER_ROOT_ENV", "FolderCode", "FolderMailbox", "checked_folder", "folder_root"]
