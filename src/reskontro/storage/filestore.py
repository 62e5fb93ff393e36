"""Raw payment files, kept byte for byte, named by their SHA-256.

Every file handed to reskontro is written here before it is parsed, so a rejected
file is kept for inspection and can be imported again. Files are written to a
temporary name and renamed, so a crash never leaves half a file under a final name.

**Where.** ``$RESKONTRO_FILE_STORE`` when set; else a folder next to the database,
as an absolute path, so every command finds the same store whatever directory it
runs from (:func:`default_root`): ``files/`` beside a SQLite file, and for a server
database ``~/.local/share/reskontro/<host>-<database>/files``.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

ENV_STORE = "RESKONTRO_FILE_STORE"
CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class StoredFile:
    sha256: str
    path: Path
    size: int


def default_root(database_url: str | None = None) -> Path:
    """The store of the database at ``database_url`` (else the one
    ``$RESKONTRO_DATABASE_URL`` or the default names), unless
    ``$RESKONTRO_FILE_STORE`` says where."""
    from sqlalchemy.engine import make_url

    from reskontro.storage.db import resolve_url

    if os.environ.get(ENV_STORE):
        return Path(os.environ[ENV_STORE]).absolute()
    url = make_url(resolve_url(database_url))
    if url.get_backend_name() == "sqlite":
        database = url.database
        if database and database != ":memory:" and not database.startswith("file:"):
            return Path(database).absolute().parent / "files"
        return (Path("var") / "files").absolute()
    where = f"{url.host or 'localhost'}-{url.database or 'reskontro'}"
    return Path.home() / ".local" / "share" / "reskontro" / where / "files"


class FileStore:
    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root) if root else default_root()

    @classmethod
    def of(cls, sessions: sessionmaker[Session]) -> FileStore:
        """The store of the database ``sessions`` work on."""
        bind = sessions.kw.get("bind")
        url = getattr(bind, "url", None)
        if url is None:
            return cls()
        return cls(default_root(url.render_as_string(hide_password=False)))

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put_stream(self, stream: BinaryIO) -> StoredFile:
        """Copy ``stream`` into the store, hashing as it goes."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            final = self.path_for(sha)
            final.parent.mkdir(parents=True, exist_ok=True)
            Path(tmp_name).replace(final)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        return StoredFile(sha, final, size)

    def put_path(self, path: Path) -> StoredFile:
        with path.open("rb") as stream:
            return self.put_stream(stream)

    def put_bytes(self, data: bytes) -> StoredFile:
        import io

        return self.put_stream(io.BytesIO(data))

    def read(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()
