"""A local folder as a bank mailbox: where the bank's own file-transfer client, a
shared drive or a person drops the files."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from reskontro.channels import ChannelError, RemoteFile, matches

if TYPE_CHECKING:
    from types import TracebackType
    from typing import Self


class FolderMailbox:
    """A :class:`~reskontro.channels.Mailbox` on a local folder."""

    def __init__(self, path: Path | str, pattern: str = "*") -> None:
        self.path = Path(path).expanduser()
        self.pattern = pattern

    def __enter__(self) -> Self:
        if not self.path.is_dir():
            raise ChannelError(f"the folder {self.path} does not exist")
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
            raise ChannelError(f"refusing the file name {name!r}")
        return self.path / name

    def files(self) -> list[RemoteFile]:
        found = []
        try:
            for entry in self.path.iterdir():
                if entry.is_file() and not entry.is_symlink() and matches(entry.name, self.pattern):
                    st = entry.stat()
                    found.append(RemoteFile(entry.name, st.st_size, int(st.st_mtime)))
        except OSError as exc:
            raise ChannelError(f"cannot list {self.path}: {exc.strerror}") from None
        return sorted(found, key=lambda f: (f.mtime, f.name))

    def download(self, name: str, dest: Path) -> None:
        try:
            shutil.copyfile(self._file(name), dest)
        except OSError as exc:
            raise ChannelError(f"cannot copy {self._file(name)}: {exc.strerror}") from None

    def delete(self, name: str) -> None:
        try:
            self._file(name).unlink()
        except OSError as exc:
            raise ChannelError(f"cannot delete {self._file(name)}: {exc.strerror}") from None

    def move(self, name: str, folder: str) -> None:
        target = Path(folder).expanduser()
        if not target.is_absolute():
            target = self.path / target
        try:
            target.mkdir(parents=True, exist_ok=True)
            self._file(name).replace(target / name)
        except OSError as exc:
            raise ChannelError(f"cannot move {name} to {target}: {exc.strerror}") from None

    def upload(self, name: str, data: bytes) -> None:
        """Put ``data`` in the folder as ``name``, whole or not at all: written as a
        dot-file first (which pickers ignore), then renamed."""
        target = self._file(name)
        part = self.path / f".{name}.part"
        try:
            part.write_bytes(data)
            part.replace(target)
        except OSError as exc:
            raise ChannelError(f"cannot write {target}: {exc.strerror}") from None


__all__ = ["FolderMailbox"]
