"""The file store lives next to the database, the same whatever directory a command
runs from (issue 17, finding 8)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reskontro.storage.db import make_engine, session_factory
from reskontro.storage.filestore import FileStore, default_root
from reskontro.testing.cli import run

if TYPE_CHECKING:
    import pytest


def test_next_to_a_sqlite_database_as_an_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RESKONTRO_FILE_STORE", raising=False)
    (tmp_path / "a").mkdir()
    monkeypatch.chdir(tmp_path / "a")
    assert default_root("sqlite:///data/books.sqlite") == tmp_path / "a" / "data" / "files"
    assert default_root(f"sqlite:///{tmp_path}/db/x.sqlite") == tmp_path / "db" / "files"
    server = default_root("postgresql://u@db.example/books")
    assert server.is_absolute()
    assert server.parts[-2:] == ("db.example-books", "files")
    monkeypatch.setenv("RESKONTRO_FILE_STORE", "store")
    assert default_root("sqlite:///x.sqlite") == tmp_path / "a" / "store"


def test_of_the_sessions_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RESKONTRO_FILE_STORE", raising=False)
    engine = make_engine(f"sqlite:///{tmp_path}/books.sqlite")
    try:
        assert FileStore.of(session_factory(engine)).root == tmp_path / "files"
    finally:
        engine.dispose()


def test_a_command_finds_the_same_store_from_any_directory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RESKONTRO_FILE_STORE", raising=False)
    db = f"sqlite:///{tmp_path}/books.sqlite"
    r = run(
        capsys, "company", "create", "--name", "Fjord Regnskap AS", "--org-number", "123456785",
        "--account", "12345678903", "--db", db,
    )  # fmt: skip
    assert r.code == 0, r.err
    r = run(capsys, "company", "account", "add", "15031234562", "--source", "camt", "--db", db)
    assert r.code == 0, r.err
    sample = Path(__file__).parents[2] / ".." / "shared" / "samples" / "camt"
    camt = (sample / "synthetic-no-camt054.001.02.xml").resolve()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    r = run(capsys, "payments", "import", str(camt), "--db", db, "--json")
    assert r.code == 0, r.err
    stored = list((tmp_path / "files").rglob("*"))
    assert any(p.is_file() for p in stored)
    assert not (elsewhere / "var").exists()
