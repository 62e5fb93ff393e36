"""The content-addressed file store: bytes it holds are not written again; a file that
can be made again exactly may skip the fsync."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from reskontro.storage.filestore import FileStore

if TYPE_CHECKING:
    from pathlib import Path


def test_put_bytes_once_by_content(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    first = store.put_bytes(b"%PDF-1.4 faktura", durable=False)
    assert first.sha256 == hashlib.sha256(b"%PDF-1.4 faktura").hexdigest()
    assert store.read(first.sha256) == b"%PDF-1.4 faktura"
    mtime = first.path.stat().st_mtime_ns
    again = store.put_bytes(b"%PDF-1.4 faktura")
    assert (again.sha256, again.path, again.size) == (first.sha256, first.path, 16)
    assert again.path.stat().st_mtime_ns == mtime  # not written again
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".incoming-")]
