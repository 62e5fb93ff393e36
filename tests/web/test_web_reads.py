"""Reads never take the write lock (issue 18): GET pages begin DEFERRED on SQLite and
answer while another process holds the write lock; they write nothing."""

from __future__ import annotations

import logging
import sqlite3
import threading
from typing import TYPE_CHECKING

from reskontro.storage import db

if TYPE_CHECKING:
    import pytest
    from tests.web.conftest import Web

PAGES = (
    "/", "/invoices", "/invoices?status=open", "/customers", "/payments", "/inbox",
    "/settings", "/settings/bank", "/status", "/audit",
)  # fmt: skip


def _database_path(web: Web) -> str:
    return web.url.removeprefix("sqlite:///")


def test_pages_answer_while_a_writer_holds_the_lock(web: Web) -> None:
    client, _ = web.login("admin")
    invoice = web.books.invoices(web.company)
    paths = [*PAGES, f"/customers/{web.customer}"]
    paths += [f"/invoices/{row.id}" for row in invoice[:1]]
    writer = sqlite3.connect(_database_path(web), isolation_level=None, timeout=1)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE company SET name = name")
    answers: dict[str, int] = {}

    def read_all() -> None:
        for path in paths:
            answers[path] = client.get(path).status_code

    try:
        reader = threading.Thread(target=read_all, daemon=True)
        reader.start()
        # A page that began IMMEDIATE would wait out the 30 s busy timeout here.
        reader.join(timeout=25)
        assert not reader.is_alive(), f"pages waited for the write lock: {answers}"
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert answers == dict.fromkeys(paths, 200)


def test_pages_write_nothing(web: Web, caplog: pytest.LogCaptureFixture) -> None:
    client, _ = web.login("admin")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger=db.__name__):
        for path in (*PAGES, f"/customers/{web.customer}"):
            assert client.get(path).status_code == 200, path
    assert [r.getMessage() for r in caplog.records] == []


def test_a_post_still_begins_immediate(web: Web) -> None:
    """Writers keep serialising: outside a read-only request nothing is deferred."""
    assert not db.read_only()
    with db.reading():
        assert db.read_only()
        with db.writing():
            assert not db.read_only()
    assert not db.read_only()
