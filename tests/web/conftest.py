"""Fixtures for the web app: two companies, a user per role, tokens, a test client; the
app served on a loopback port and a headless Chromium page for the browser tests."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import uvicorn
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from reskontro.clock import FixedClock
from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.services.invoicing.books import Books
from reskontro.services.users import Users
from reskontro.services.users import access as auth
from reskontro.storage.db import make_engine, session_factory
from reskontro.storage.filestore import FileStore
from reskontro.web.app import create_app

if TYPE_CHECKING:
    from collections.abc import Iterator

    from fastapi import FastAPI
    from playwright.sync_api import Page
    from sqlalchemy.orm import Session, sessionmaker

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
PASSWORD = "hemmelig-passord"
ROLES = ("admin", "bank_and_payments", "invoicing", "read_only")


@dataclass
class Web:
    app: FastAPI
    sessions: sessionmaker[Session]
    clock: FixedClock
    books: Books
    users: Users
    company: int
    other_company: int
    customer: int
    tokens: dict[str, str]
    url: str

    def client(self) -> TestClient:
        return TestClient(self.app, base_url="http://testserver")

    def api(self, role: str) -> TestClient:
        client = self.client()
        client.headers["Authorization"] = f"Bearer {self.tokens[role]}"
        return client

    def login(self, role: str = "admin") -> tuple[TestClient, str]:
        """A client with a session as the user of ``role``, and its CSRF token."""
        client = self.client()
        page = client.get("/login")
        csrf = _csrf(page.text)
        response = client.post(
            "/login",
            data={"username": role, "password": PASSWORD, "csrf": csrf},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        return client, _csrf(client.get("/").text)


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


def build_web(url: str, tmp_path: Path) -> Web:
    engine = make_engine(url)
    sessions = session_factory(engine)
    clock = FixedClock(NOW)
    books = Books(sessions, clock)
    company = books.create_company(
        name="Testfirma AS", org_number="123456785", account="12345678903",
        vat_registered=True, actor="test",
    ).id  # fmt: skip
    other = books.create_company(
        name="Annet Firma AS", org_number="987654325", account="12345678903", actor="test"
    ).id
    customer = books.create_customer(  # no address: e-mail refuses, naming its rule
        company, name="Kari Nordmann", delivery_method="email", actor="test"
    ).number
    other_customer = books.create_customer(other, name="Hemmelig Kunde", actor="test").number
    draft = books.create_invoice(
        other, customer_number=other_customer,
        lines=[LineDraft("Hemmelig", 1000, 50000, VatCode.ZERO)], actor="test",
    )  # fmt: skip
    books.issue_invoice(other, draft.id, actor="test")
    users = Users(sessions, clock)
    tokens = {}
    for role in ROLES:
        user_id = users.create_user(role, PASSWORD, name=f"Bruker {role}", actor="test")
        users.grant(role, company, role, actor="test")
        tokens[role] = users.create_token(user_id, "test", actor="test")
    outsider = users.create_user("outsider", PASSWORD, actor="test")
    users.grant("outsider", other, "admin", actor="test")
    tokens["outsider"] = users.create_token(outsider, "test", actor="test")
    app = create_app(sessions, clock, store=FileStore(tmp_path / "files"))
    # An upload's page waits for its (background) import: the tests read its result.
    app.state.services.upload_wait = 120.0
    app.state.services.run_wait = 120.0
    return Web(app, sessions, clock, books, users, company, other, customer, tokens, url)


@pytest.fixture(autouse=True)
def _cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 with its production cost takes ~0.4 s a hash here; tests use a light one."""
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))


@pytest.fixture
def web(tmp_path: Path, sqlite_template: Path) -> Web:
    path = tmp_path / "web.sqlite"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    return build_web(url, tmp_path)


@pytest.fixture
def web_any(db_url: str, tmp_path: Path) -> Web:
    """The same set-up on each engine of the root ``db_url`` fixture."""
    return build_web(db_url, tmp_path)


CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def server(web: Web) -> Iterator[str]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(web.app, log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture
def page() -> Iterator[Page]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: CI must `apt-get install -y chromium`")
        pytest.skip("/usr/bin/chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
        yield context.new_page()
        context.close()
        browser.close()
