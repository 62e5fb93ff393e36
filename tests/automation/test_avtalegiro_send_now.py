""" "Send krav nå" on /settings/avtalegiro writes the claims and sends the file to Nets
through the agreement's outbound channel: the loopback SFTP server receives it, the
file is marked sent; a failed upload leaves it waiting, and the page says so."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from reskontro.domain.avtalegiro import FileDirection
from reskontro.domain.invoice import LineDraft
from reskontro.domain.kid import DEFAULT_TEMPLATE, KidTemplate
from reskontro.domain.vat import VatCode
from reskontro.formats import nets
from reskontro.services import users as auth
from reskontro.services.automation.scheduler import build_automation
from reskontro.services.avtalegiro.agreement import register_agreement
from reskontro.services.avtalegiro.files import list_files
from reskontro.services.avtalegiro.mandates import read_mandates
from reskontro.services.avtalegiro.sending import set_outbound
from reskontro.services.users import access
from reskontro.storage.filestore import FileStore
from reskontro.testing.avtalegiro import mandate_list
from reskontro.web.app import create_app

if TYPE_CHECKING:
    from pathlib import Path

    from tests.automation.conftest import SftpServer

    from reskontro.clock import FixedClock
    from reskontro.services.invoicing.books import Books

PAGE = "/settings/avtalegiro"
#: As the loopback SFTP server (tests/automation/conftest.py) accepts.
SFTP_USER, SFTP_PASSWORD = "reskontro", "sftp-s3cret-Passord!"
WEB_PASSWORD = "hemmelig-passord"


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def _login(books: Books, clock: FixedClock, company: int, tmp_path: Path) -> tuple[TestClient, str]:
    """The web app, and a client logged in as a user with the bank role."""
    users = auth.Users(books.sessions, clock)
    users.create_user("bank", WEB_PASSWORD, actor="t")
    users.grant("bank", company, "bank_and_payments", actor="t")
    client = TestClient(create_app(books.sessions, clock, store=FileStore(tmp_path / "web")))
    login = _csrf(client.get("/login").text)
    client.post("/login", data={"username": "bank", "password": WEB_PASSWORD, "csrf": login})
    return client, _csrf(client.get("/").text)


def _set_up(books: Books, clock: FixedClock, server: SftpServer, tmp_path: Path,
            folder: str) -> int:  # fmt: skip
    company = books.create_company(
        name="Trekk AS", org_number="123456785", account="12345678903", actor="t"
    ).id
    customer = books.create_customer(company, name="Åse Øvrebø", actor="t").number
    register_agreement(
        books.sessions, clock, company, agreement_id="000012345", data_transmitter="00010200",
        actor="t",
    )  # fmt: skip
    kid = KidTemplate.parse(DEFAULT_TEMPLATE).make(customer, 0)
    data = mandate_list((1, kid, True), account="12345678903")
    read_mandates(books.sessions, clock, company, data, filename="fbo.txt", actor="t")
    draft = books.create_invoice(
        company, customer_number=customer, due=dt.date(2026, 12, 9),
        lines=[LineDraft("Strøm", 1000, 40000, VatCode.ZERO)], actor="t",
    )  # fmt: skip
    books.issue_invoice(company, draft.id, actor="t")
    auto = build_automation(books.sessions, clock, store=FileStore(tmp_path / "auto"))
    auto.channels.add_sftp(
        company, "nets", host="127.0.0.1", port=server.port, username=SFTP_USER,
        fingerprint=server.fingerprint, password="env:RESKONTRO_TEST_SFTP_PASSWORD",
        folder="/inbound", pattern="*.txt", actor="t",
    )  # fmt: skip
    set_outbound(books.sessions, clock, company, channel="nets", folder=folder, actor="t")
    return company


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_send_claims_now_sends_the_file_to_nets(
    books: Books, clock: FixedClock, tmp_path: Path, sftp_server: SftpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr(access, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))
    monkeypatch.setenv("RESKONTRO_TEST_SFTP_PASSWORD", SFTP_PASSWORD)
    folder, local = sftp_server.new_folder()
    company = _set_up(books, clock, sftp_server, tmp_path, folder)
    client, csrf = _login(books, clock, company, tmp_path)
    sent = client.post(f"{PAGE}/claims", data={"csrf": csrf}, follow_redirects=False)
    assert sent.status_code == 303
    page = client.get(sent.headers["location"]).text
    assert f"1 trekkfil(er) sendt til Nets (nets:{folder})" in page
    assert "venter på sending" not in page
    (written,) = list_files(books.sessions, company, direction=FileDirection.CLAIMS)
    assert written.sent_to == f"nets:{folder}"
    (name,) = [p.name for p in local.iterdir()]
    assert name == written.filename
    assert nets.parse((local / name).read_bytes()).num_transactions == 1
    # Nothing new: no file written, nothing sent again.
    again = client.post(f"{PAGE}/claims", data={"csrf": csrf})
    assert "Ingen nye trekkrav å sende." in again.text
    assert [p.name for p in local.iterdir()] == [name]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_failed_upload_leaves_the_file_waiting(
    books: Books, clock: FixedClock, tmp_path: Path, sftp_server: SftpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr(access, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))
    monkeypatch.setenv("RESKONTRO_TEST_SFTP_PASSWORD", SFTP_PASSWORD)
    missing = f"/missing-{tmp_path.name}"
    company = _set_up(books, clock, sftp_server, tmp_path, missing)
    client, csrf = _login(books, clock, company, tmp_path)
    sent = client.post(f"{PAGE}/claims", data={"csrf": csrf})
    assert sent.status_code == 200
    assert "trekkfilen er skrevet, men kunne ikke sendes til Nets" in sent.text
    assert "venter på sending" in sent.text
    # The folder is there now: the next "Send krav nå" sends the waiting file.
    (sftp_server.root / missing.lstrip("/")).mkdir()
    client.post(f"{PAGE}/claims", data={"csrf": csrf})
    (written,) = list_files(books.sessions, company, direction=FileDirection.CLAIMS)
    assert written.sent_to == f"nets:{missing}"
