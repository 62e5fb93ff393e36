"""Fetching over SFTP from a real server on 127.0.0.1, booking, and the e-mails that
arrive at a real SMTP server — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import func, select

from reskontro.channels.sftp import normalise_fingerprint
from reskontro.cli.main import cli_text
from reskontro.errors import ValidationError
from reskontro.jsonable import to_jsonable
from reskontro.services.automation import BankChannels, Scheduler, automation_status
from reskontro.storage.models import Payment
from reskontro.storage.models_automation import (
    BankChannel,
    EmailAttempt,
    EmailOutbox,
    FetchedFile,
    FetchRun,
)
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from pathlib import Path

    from tests.automation.conftest import Setup, SftpServer, SmtpServer

    from reskontro.services.automation.scheduler import Automation


#: Tests whose subject does not depend on the engine run on SQLite only (speed).
sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def drop(folder: Path, name: str, data: bytes, mtime: int) -> None:
    path = folder / name
    path.write_bytes(data)
    os.utime(path, (mtime, mtime))


def add_sftp(auto: Automation, setup: Setup, server: SftpServer, remote: str, **kw: Any) -> None:
    options: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": server.port,
        "username": "reskontro",
        "fingerprint": server.fingerprint,
        "password": "env:SFTP_PASSWORD",
        "folder": remote,
        "pattern": "*.txt|*.dat",
    }
    options.update(kw)
    auto.channels.add_sftp(setup.company_id, "nets", actor="t", **options)


def first_file(setup: Setup) -> bytes:
    inv = setup.invoices
    return ocr_file(
        [
            Pay(inv[0].total_ore, inv[0].kid, archive_reference="100000001"),  # paid
            Pay(20000, inv[1].kid, archive_reference="100000002"),  # part-paid
            Pay(inv[2].total_ore + 5000, inv[2].kid, archive_reference="100000003"),  # over
            Pay(77700, "12345678903", archive_reference="100000004"),  # unknown KID → inbox
        ],
        transmission_number="1000001",
    )


def payments(setup: Setup) -> int:
    with setup.books.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Payment)) or 0)


def test_a_dropped_file_is_fetched_once_booked_once_and_mailed(
    setup: Setup, sftp_server: SftpServer, smtp_server: SmtpServer
) -> None:
    auto = setup.automation(smtp_server)
    auto.notifier.add_recipient(
        setup.company_id, "cfo@fjordregnskap.example", name="CFO", language="en", actor="t"
    )
    auto.notifier.add_recipient(
        setup.company_id, "daglig@fjordregnskap.example", import_summary=False, actor="t"
    )
    remote, local = sftp_server.new_folder()
    add_sftp(auto, setup, sftp_server, remote)
    drop(local, "OCR.D201126.txt", first_file(setup), 1_790_000_000)
    drop(local, "readme.pdf", b"not a bank file", 1_790_000_001)  # pattern leaves it

    report = auto.fetcher.fetch(setup.company_id, actor="t")
    assert report.ok, report.to_json()
    [channel] = report.channels
    assert (channel.seen, channel.new) == (1, 1)
    assert [(f.name, f.status, f.payments) for f in channel.files] == [
        ("OCR.D201126.txt", "imported", 4)
    ]
    assert to_jsonable(auto.notifier.deliver()) == {
        "sent": 2,
        "retry": 0,
        "failed": 0,
        "smtp": True,
    }

    # Booked once: the invoices moved exactly as the payments say.
    inv = setup.invoices
    views = [setup.books.invoice(setup.company_id, i.id) for i in inv]
    assert [v.status for v in views[:3]] == ["paid", "partially_paid", "paid"]
    assert views[1].open_ore == inv[1].total_ore - 20000
    assert payments(setup) == 4

    # The right e-mails: the owner in Norwegian, the CFO in English, nobody else.
    by_to = {m.to: m for m in smtp_server.messages}
    assert set(by_to) == {"eier@fjordregnskap.example", "cfo@fjordregnskap.example"}
    nb = by_to["eier@fjordregnskap.example"]
    assert nb.subject == "Innbetalinger bokført for Fjord Regnskap AS: 4 betalinger, 2 527,00 kr"
    text = nb.part("plain")
    assert "reskontro har bokført innbetalingene i filen OCR.D201126.txt" in text
    assert "Betalt i sin helhet (1, 1 250,00 kr):" in text
    assert f"Faktura {inv[0].number}, Nordlys Bakeri AS: 1 250,00 kr" in text
    assert (
        f"Faktura {inv[1].number}, Nordlys Bakeri AS: innbetalt 200,00 kr, gjenstår 425,00 kr"
        in text
    )
    assert f"Faktura {inv[2].number}, Havbris Kafé: innbetalt 300,00 kr, 50,00 kr for mye" in text
    assert "Sendt til bilagsmottak (1, 777,00 kr)" in text
    assert "KID 12345678903" in text
    html = nb.part("html")
    assert '<html lang="nb">' in html
    assert "Havbris Kafé" in html
    assert "Delbetalt (1, 200,00&nbsp;kr)" in html
    assert "425,00 kr" in html
    en = by_to["cfo@fjordregnskap.example"]
    assert en.subject == "Payments booked for Fjord Regnskap AS: 4 payments, NOK 2,527.00"
    assert f"Invoice {inv[0].number}, Nordlys Bakeri AS: NOK 1,250.00" in en.part("plain")
    assert "Part-paid (1, NOK 200.00)" in en.part("plain")
    assert '<html lang="en">' in en.part("html")
    assert nb.message["From"] == "Fjord Regnskap AS via reskontro <reskontro@regnskap.example>"

    # Fetched once: the next fetch sees the file and leaves it; nothing more is sent.
    again = auto.fetcher.fetch(setup.company_id, actor="t")
    assert (again.channels[0].seen, again.channels[0].new) == (1, 0)
    assert auto.notifier.deliver().sent == 0
    assert payments(setup) == 4
    assert len(smtp_server.messages) == 2
    # The remote file is still there: nothing is deleted unless the channel says so.
    assert (local / "OCR.D201126.txt").exists()

    status = to_jsonable(automation_status(Scheduler(auto), setup.company_id, None))
    [ch] = status["channels"]
    assert ch["files_fetched"] == 1
    assert ch["last_run"]["status"] == "ok"
    assert ch["last_run"]["files_new"] == 0
    assert status["email"]["sent"] == 2


def test_a_broken_file_is_reported_and_the_next_one_booked(
    setup: Setup, sftp_server: SftpServer, smtp_server: SmtpServer
) -> None:
    auto = setup.automation(smtp_server)
    remote, local = sftp_server.new_folder()
    add_sftp(auto, setup, sftp_server, remote)
    good = first_file(setup).decode("latin-1").split("\r\n")
    broken = list(good)
    broken[2] = broken[2][:40] + "X" + broken[2][41:]  # an amount with a letter in it
    drop(local, "a-broken.txt", "\r\n".join(broken).encode("latin-1"), 1_790_000_000)
    drop(local, "b-good.txt", "\r\n".join(good).encode("latin-1"), 1_790_000_100)

    report = auto.fetcher.fetch(setup.company_id, actor="t")
    assert not report.ok
    files = {f.name: f for f in report.channels[0].files}
    assert files["a-broken.txt"].status == "rejected"
    assert "line 3" in (files["a-broken.txt"].error or "")
    assert files["b-good.txt"].status == "imported"
    assert files["b-good.txt"].payments == 4
    assert payments(setup) == 4

    auto.notifier.deliver()
    subjects = sorted(m.subject for m in smtp_server.messages)
    assert subjects == [
        "Bankfil avvist: a-broken.txt (Fjord Regnskap AS)",
        "Innbetalinger bokført for Fjord Regnskap AS: 4 betalinger, 2 527,00 kr",
    ]
    rejected = next(m for m in smtp_server.messages if m.subject.startswith("Bankfil avvist"))
    assert "kunne ikke leses, og ingenting i den er bokført" in rejected.part("plain")
    assert "Feil: linje 3: " in rejected.part("plain")  # the reason in bokmål too

    status = to_jsonable(automation_status(Scheduler(auto), setup.company_id, None))
    [ch] = status["channels"]
    assert ch["files"] == {"imported": 1, "rejected": 1}
    assert ch["last_run"]["files_rejected"] == 1
    assert ch["problems"][0]["name"] == "a-broken.txt"

    # Not fetched again, not mailed again; asked to, it is tried again (and fails again).
    again = auto.fetcher.fetch(setup.company_id, actor="t")
    assert again.channels[0].new == 0
    retried = auto.fetcher.fetch(setup.company_id, retry_rejected=True, actor="t")
    assert [(f.name, f.status) for f in retried.channels[0].files] == [("a-broken.txt", "rejected")]
    auto.notifier.deliver()
    assert len(smtp_server.messages) == 2
    assert payments(setup) == 4


@sqlite_only
def test_a_wrong_host_key_is_refused_before_logging_in(
    setup: Setup, sftp_server: SftpServer
) -> None:
    auto = setup.automation()
    remote, local = sftp_server.new_folder()
    wrong = "SHA256:" + "A" * 43
    add_sftp(auto, setup, sftp_server, remote, fingerprint=wrong)
    drop(local, "ocr.txt", first_file(setup), 1_790_000_000)
    before = len(sftp_server.auth_log)

    report = auto.fetcher.fetch(setup.company_id, actor="t")

    [channel] = report.channels
    assert channel.status == "failed"
    assert channel.error is not None
    assert f"showed host key {sftp_server.fingerprint}, not the pinned {wrong}" in channel.error
    assert "refusing to connect" in channel.error
    # The server never saw a login: no password went to a server we do not trust.
    assert sftp_server.auth_log[before:] == []
    assert payments(setup) == 0
    with setup.books.sessions() as session:
        run = session.scalars(select(FetchRun)).one()
        assert (run.status, run.error) == ("failed", channel.error)
        assert session.scalar(select(func.count()).select_from(FetchedFile)) == 0


@sqlite_only
def test_key_login_and_deleting_or_moving_remote_files_when_told(
    setup: Setup, sftp_server: SftpServer
) -> None:
    auto = setup.automation()
    remote, local = sftp_server.new_folder()
    (local / "arkiv").mkdir()
    add_sftp(
        auto, setup, sftp_server, remote, password=None,
        key=f"file:{sftp_server.client_key_path}", after_fetch="move", move_to=f"{remote}/arkiv",
    )  # fmt: skip
    drop(local, "ocr.txt", first_file(setup), 1_790_000_000)
    report = auto.fetcher.fetch(setup.company_id, actor="t")
    assert report.ok
    assert report.channels[0].files[0].remote_action == "moved"
    assert not (local / "ocr.txt").exists()
    assert (local / "arkiv" / "ocr.txt").exists()
    assert sftp_server.auth_log[-1][0] != "password"


@sqlite_only
def test_a_channel_that_cannot_be_reached_fails_alone(
    setup: Setup, sftp_server: SftpServer, tmp_path: Path
) -> None:
    """One channel down (its password is not in the environment) does not stop another."""
    auto = setup.automation(environ={})
    auto.fetcher.environ = {}
    remote, _ = sftp_server.new_folder()
    add_sftp(auto, setup, sftp_server, remote)
    folder = tmp_path / "inbox"
    folder.mkdir()
    drop(folder, "ocr.txt", first_file(setup), 1_790_000_000)
    auto.channels.add_folder(setup.company_id, "mappe", path=str(folder), actor="t")

    report = auto.fetcher.fetch(setup.company_id, actor="t")

    results = {c.channel: c for c in report.channels}
    assert results["nets"].status == "failed"
    assert results["nets"].error == "the environment variable SFTP_PASSWORD (a secret) is not set"
    assert results["mappe"].status == "ok"
    assert results["mappe"].files[0].status == "imported"
    assert payments(setup) == 4


@sqlite_only
def test_secrets_are_references_and_never_shown(
    setup: Setup, sftp_server: SftpServer, caplog: pytest.LogCaptureFixture
) -> None:
    auto = setup.automation()
    remote, _ = sftp_server.new_folder()
    with pytest.raises(ValueError, match="never stored"):
        add_sftp(auto, setup, sftp_server, remote, password="hunter2")
    add_sftp(auto, setup, sftp_server, remote, password="env:WRONG_PASSWORD")
    auto.fetcher.environ = {"WRONG_PASSWORD": "wrong-Passord-123"}
    report = auto.fetcher.fetch(setup.company_id, actor="t")
    assert report.channels[0].error == (
        f"reskontro@127.0.0.1:{sftp_server.port}: login refused;"
        " check the user name, key and password"
    )
    status = to_jsonable(automation_status(Scheduler(auto), setup.company_id, None))
    shown = json.dumps(status) + json.dumps(report.to_json()) + caplog.text
    assert "wrong-Passord-123" not in shown
    assert "env:WRONG_PASSWORD" in json.dumps(status)
    with setup.books.sessions() as session:
        row = session.scalars(select(BankChannel)).one()
        assert row.password_ref == "env:WRONG_PASSWORD"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8", None),
        (
            "nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8=",
            "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8",
        ),
        (
            "16:27:AC:A5:76:28:2D:36:63:1B:56:4D:EB:DF:A6:48",
            "MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48",
        ),
    ],
)
def test_fingerprints_are_normalised(text: str, expected: str | None) -> None:
    assert normalise_fingerprint(text) == (expected or text)


@pytest.mark.parametrize("text", ["", "SHA256:short", "MD5:zz", "ssh-ed25519 AAAA"])
def test_bad_fingerprints_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="fingerprint"):
        normalise_fingerprint(text)


@sqlite_only
def test_channel_settings_are_checked(setup: Setup, tmp_path: Path) -> None:
    channels = BankChannels(setup.books.sessions, setup.clock)
    with pytest.raises(ValidationError) as info:
        channels.add_sftp(
            setup.company_id, "x", host="", username="", fingerprint="nope", port=0, actor="t"
        )
    # The CLI names the option at fault; the service names the field.
    message = cli_text(info.value)
    for part in ("needs a host (--host)", "needs a user name (--user)", "port is 1 to 65535",
                 "not a host key", "needs a key or a password (--key)"):  # fmt: skip
        assert part in message
    with pytest.raises(ValidationError) as moving:
        channels.add_folder(
            setup.company_id, "m", path=str(tmp_path), after_fetch="move", actor="t"
        )
    assert "--move-to" in cli_text(moving.value)
    channels.add_folder(setup.company_id, "m", path=str(tmp_path), actor="t")
    with pytest.raises(Exception, match="already"):
        channels.add_folder(setup.company_id, "m", path=str(tmp_path), actor="t")


@sqlite_only
def test_outbox_never_loses_a_message_without_smtp(setup: Setup) -> None:
    auto = setup.automation()  # no SMTP settings
    summary = auto.fetcher.importer.import_bytes(
        setup.company_id, first_file(setup), "ocr.txt", actor="t"
    )
    assert auto.notifier.queue_import(setup.company_id, summary) == 1
    assert to_jsonable(auto.notifier.deliver()) == {
        "sent": 0,
        "retry": 0,
        "failed": 0,
        "smtp": False,
        "waiting": 1,
    }
    with setup.books.sessions() as session:
        row = session.scalars(select(EmailOutbox)).one()
        assert (row.status, row.attempts) == ("pending", 0)
        assert session.scalar(select(func.count()).select_from(EmailAttempt)) == 0
