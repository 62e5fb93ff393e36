"""A fetch that fails against the SFTP server on loopback (a wrong host key, a folder
that is not there) reads in bokmål on the status page, in English in the CLI, and with
its code and parameters in ``--json`` (issue 10: codes, not sentences)."""

from __future__ import annotations

import html
import importlib
import re
import string
from typing import TYPE_CHECKING, Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from reskontro.services.automation import Scheduler
from reskontro.services.users import Users
from reskontro.services.users import access as auth
from reskontro.storage.filestore import FileStore
from reskontro.testing.cli import run
from reskontro.web import i18n
from reskontro.web.app import create_app

if TYPE_CHECKING:
    from tests.automation.conftest import Setup, SftpServer, SmtpServer

sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
PASSWORD = "hemmelig-passord"


def english_fragments(*catalogues: str) -> set[str]:
    """The fixed parts of the English texts of these catalogue modules, long enough to
    give away an English sentence on a bokmål page (as tests/web/test_web_i18n.py)."""
    pairs = [
        pair
        for name in catalogues
        for pair in importlib.import_module(f"reskontro.i18n.{name}").TEXTS.values()
    ]
    found = set()
    for english, _ in pairs:
        for literal, *_ in string.Formatter().parse(english):
            for piece in re.split(r"[;:()'\"]", literal):
                if len(piece.strip()) >= 12:
                    found.add(piece.strip())
    return {f for f in found if not any(f in nb for _, nb in pairs)}


def visible(page: str) -> str:
    body = re.sub(r"<(script|style|code|pre)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]*>", " ", body))


def login(setup: Setup, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))
    users = Users(setup.books.sessions, setup.clock)
    users.create_user("admin", PASSWORD, name="Admin", actor="t")
    users.grant("admin", setup.company_id, "admin", actor="t")
    app = create_app(setup.books.sessions, setup.clock, store=FileStore(setup.store))
    client = TestClient(app, base_url="http://testserver")
    csrf = re.findall(r'name="csrf" value="([^"]+)"', client.get("/login").text)[0]
    answer = client.post(
        "/login", data={"username": "admin", "password": PASSWORD, "csrf": csrf},
        follow_redirects=False,
    )  # fmt: skip
    assert answer.status_code == 303, answer.text
    return client


@sqlite_only
def test_fetch_errors_read_in_the_users_language(
    setup: Setup,
    sftp_server: SftpServer,
    smtp_server: SmtpServer,
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    auto = setup.automation(smtp_server)
    remote, _ = sftp_server.new_folder()
    common: dict[str, Any] = {"host": "127.0.0.1", "port": sftp_server.port, "username": "reskontro",
              "password": "env:SFTP_PASSWORD", "actor": "t"}  # fmt: skip
    wrong = "SHA256:" + "A" * 43
    auto.channels.add_sftp(setup.company_id, "nets", fingerprint=wrong, folder=remote, **common)
    auto.channels.add_sftp(
        setup.company_id, "bank", fingerprint=sftp_server.fingerprint,
        folder=f"{remote}/borte", **common,
    )  # fmt: skip
    [result] = Scheduler(auto).run_now(setup.company_id, jobs=["fetch"])
    assert result.status == "failed"
    assert [r.code for r in result.reasons] == ["automation.job.channel_failed"] * 2
    smtp_server.fail_next("550 5.7.1 Message rejected as spam")  # the owner is told: refused
    assert auto.notifier.deliver().failed == 1

    client = login(setup, monkeypatch)
    page = visible(client.get("/status").text)
    assert f"viste vertsnøkkelen {sftp_server.fingerprint}, ikke den låste {wrong}" in page
    assert "kobler ikke til" in page
    assert f"liste mappen {remote}/borte" in page
    assert "meldingen ble avvist: 550 5.7.1 Message rejected as spam" in page
    leaked = sorted(f for f in english_fragments("channels", "automation") if f in page)
    assert leaked == []

    client.cookies.set(i18n.COOKIE, "en")
    english = visible(client.get("/status").text)
    assert f"showed host key {sftp_server.fingerprint}, not the pinned {wrong}" in english
    assert f"list the folder {remote}/borte" in english
    assert "message refused: 550 5.7.1 Message rejected as spam" in english

    company = ("--db", db_url, "--company", str(setup.company_id))
    shown = run(capsys, "status", *company)
    assert shown.code == 0, shown.err
    assert "refusing to connect" in shown.out
    as_json = run(capsys, "status", *company, "--json").json
    channels = {c["name"]: c for c in as_json["channels"]}
    nets = channels["nets"]["last_run"]
    assert nets["reason"]["code"] == "channel.sftp.host_key_mismatch"
    assert nets["reason"]["params"]["shown"] == sftp_server.fingerprint
    assert "refusing to connect" in nets["reason"]["text"]
    assert nets["error"] == nets["reason"]["text"]
    bank = channels["bank"]["last_run"]["reason"]
    assert bank["code"] == "channel.sftp.step_failed"
    assert bank["params"]["reason"]  # the server's own words, as it said them
    assert as_json["email"]["last_reason"]["code"] == "channel.mail.message_refused"
    assert as_json["email"]["last_error"] == "message refused: 550 5.7.1 Message rejected as spam"
    [job] = [j for j in as_json["jobs"] if j["job"] == "fetch"]
    assert [r["code"] for r in job["last_run"]["reasons"]] == ["automation.job.channel_failed"] * 2
