"""The automation commands as a user types them (in-process, SQLite)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from reskontro.testing.cli import run
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from pathlib import Path

    from tests.automation.conftest import SftpServer, SmtpServer

AGREEMENT = ("--agreement-id", "000012345", "--data-recipient", "00105625", "--kid-length", "11")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, smtp_server: SmtpServer) -> str:
    monkeypatch.setenv("RESKONTRO_FILE_STORE", str(tmp_path / "files"))
    for key, value in smtp_server.env().items():
        monkeypatch.setenv(key, value)
    return f"sqlite:///{tmp_path / 'cli.sqlite'}"


def make_company(capsys: pytest.CaptureFixture[str], db: str, *extra: str) -> None:
    r = run(
        capsys, "company", "create", "--name", "Fjord Regnskap AS", "--org-number", "123456785",
        "--account", "12345678903", "--vat-registered", "--db", db, *extra,
    )  # fmt: skip
    assert r.code == 0, r.err


def test_agreement_commands(capsys: pytest.CaptureFixture[str], db: str) -> None:
    make_company(capsys, db, "--no-kid")
    r = run(capsys, "company", "kid", "--on", "--db", db)
    assert r.code == 1
    assert "no verified OCR agreement" in r.err
    r = run(capsys, "agreement", "show", "--db", db)
    assert "no OCR agreement" in r.out

    r = run(capsys, "agreement", "register", *AGREEMENT, "--kid-length", "13", "--modulus", "11",
            "--db", db)  # fmt: skip
    assert r.code == 0, r.err
    assert "does not fit: the KID template uses MOD10 check digits" in r.out
    assert "NOT verified" in r.err
    r = run(capsys, "agreement", "verify", "--db", db)
    assert r.code == 1
    assert "does not fit" in r.err

    r = run(capsys, "agreement", "register", *AGREEMENT, "--kid-on", "--db", db, "--json")
    assert r.code == 0, r.err
    assert (r.json["status"], r.json["kid_enabled"]) == ("verified", True)
    r = run(capsys, "agreement", "show", "--db", db)
    assert "OCR agreement 000012345: VERIFIED" in r.out
    assert "data recipient  00105625" in r.out
    r = run(capsys, "agreement", "register", "--agreement-id", "12", "--data-recipient", "1",
            "--kid-length", "11", "--db", db)  # fmt: skip
    assert r.code == 1
    assert "agreement ID is 9 digits" in r.err
    assert "data recipient ID (kundeenhet-ID) is 8 digits" in r.err
    r = run(capsys, "agreement", "end", "--db", db)
    assert r.out.strip() == "OCR agreement 000012345 ended; KID on new invoices switched off"


def test_fetch_status_and_notify_commands(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, smtp_server: SmtpServer
) -> None:
    make_company(capsys, db)
    for name in ("Nordlys Bakeri AS", "Havbris Kafé"):
        assert run(capsys, "customer", "create", "--name", name, "--db", db).code == 0
    r = run(capsys, "invoice", "create", "--customer", "10000", "--line", "Timer|2|500|25",
            "--db", db, "--json")  # fmt: skip
    invoice = run(capsys, "invoice", "issue", str(r.json["id"]), "--db", db, "--json").json
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "ocr1.txt").write_bytes(ocr_file([Pay(invoice["total_ore"], invoice["kid"])]))

    assert run(capsys, "notify", "owner", "eier@fjordregnskap.example", "--db", db).code == 0
    r = run(capsys, "notify", "add", "cfo@fjordregnskap.example", "--language", "en",
            "--no-digest", "--db", db, "--json")  # fmt: skip
    assert r.json["language"] == "en"
    r = run(capsys, "notify", "list", "--db", db, "--json")
    assert r.json["owner"] == "eier@fjordregnskap.example"
    assert [x["email"] for x in r.json["recipients"]] == ["cfo@fjordregnskap.example"]

    r = run(capsys, "channel", "add-folder", "bank", "--path", str(bank), "--pattern", "*.txt",
            "--db", db, "--json")  # fmt: skip
    assert r.code == 0, r.err
    assert r.json["where"] == str(bank)
    r = run(capsys, "channel", "test", "bank", "--db", db)
    assert "1 matching file(s)" in r.out
    r = run(capsys, "schedule", "set", "fetch", "--at", "06:30", "--db", db)
    assert r.out.strip() == "fetch: 06:30 on"
    r = run(capsys, "schedule", "show", "--db", db, "--json")
    assert {x["job"]: x["time"] for x in r.json} == {"fetch": "06:30", "overdue_digest": "07:00"}

    r = run(capsys, "fetch", "--db", db, "--json")
    assert r.code == 0, r.err
    [channel] = r.json["channels"]
    assert [(f["name"], f["status"], f["payments"]) for f in channel["files"]] == [
        ("ocr1.txt", "imported", 1)
    ]
    assert r.json["email"]["sent"] == 2
    assert sorted(m.to for m in smtp_server.messages) == [
        "cfo@fjordregnskap.example",
        "eier@fjordregnskap.example",
    ]
    r = run(capsys, "fetch", "--db", db)
    assert r.code == 0
    assert "bank: 1 file(s) there, 0 new" in r.out

    # A broken file: reported, exit 1.
    (bank / "ocr2.txt").write_bytes(b"NY000010 this is not an OCR file\r\n")
    r = run(capsys, "fetch", "--db", db)
    assert r.code == 1
    assert "ocr2.txt: rejected" in r.out

    r = run(capsys, "status", "--db", db, "--json")
    assert r.code == 0, r.err
    [ch] = r.json["channels"]
    assert (ch["files_fetched"], ch["files"]["rejected"]) == (2, 1)
    assert ch["last_run"]["files_rejected"] == 1
    assert {j["job"] for j in r.json["jobs"]} == {"fetch", "overdue_digest"}
    assert r.json["email"]["smtp"]["host"] == "127.0.0.1"
    r = run(capsys, "status", "--db", db)
    assert r.code == 0, r.err
    assert "Fjord Regnskap AS" in r.out
    assert "ocr2.txt: rejected" in r.out

    r = run(capsys, "run-daily", "--db", db, "--json")
    assert r.code == 0, r.err
    assert [(x["job"], x["status"]) for x in r.json["runs"]] == [
        ("fetch", "ok"),
        ("overdue_digest", "ok"),
    ]
    r = run(capsys, "run-daily", "--db", db)
    assert "company 1 fetch: skipped: done for" in r.out

    r = run(capsys, "notify", "outbox", "--db", db, "--json")
    assert {x["status"] for x in r.json} == {"sent"}
    r = run(capsys, "notify", "test", "test@fjordregnskap.example", "--db", db)
    assert r.code == 0, r.err
    assert smtp_server.messages[-1].subject == "Test fra reskontro (Fjord Regnskap AS)"
    r = run(capsys, "channel", "disable", "bank", "--db", db)
    assert "(switched off)" in r.out
    r = run(capsys, "channel", "list", "--db", db, "--json")
    assert r.json[0]["enabled"] is False


def test_sftp_channel_commands_never_take_a_secret(
    capsys: pytest.CaptureFixture[str], db: str, sftp_server: SftpServer
) -> None:
    make_company(capsys, db)
    common = ("--host", "127.0.0.1", "--port", str(sftp_server.port), "--user", "reskontro",
              "--db", db)  # fmt: skip
    r = run(capsys, "channel", "add-sftp", "nets", *common, "--fingerprint",
            sftp_server.fingerprint, "--password", "sftp-s3cret-Passord!")  # fmt: skip
    assert r.code == 1
    assert "never stored" in r.err
    assert "sftp-s3cret" not in r.err
    r = run(capsys, "channel", "add-sftp", "nets", *common, "--fingerprint",
            sftp_server.fingerprint, "--key", f"file:{sftp_server.client_key_path}",
            "--json")  # fmt: skip
    assert r.code == 0, r.err
    assert r.json["key_ref"] == f"file:{sftp_server.client_key_path}"
    r = run(capsys, "channel", "test", "nets", "--db", db, "--json")
    assert r.code == 0, r.err
    assert r.json["ok"] is True
    r = run(capsys, "channel", "fingerprint", "--host", "127.0.0.1", "--port",
            str(sftp_server.port), "--json")  # fmt: skip
    assert r.json["sha256"] == sftp_server.fingerprint
    r = run(capsys, "channel", "list", "--db", db, "--json")
    text = json.dumps(r.json)
    assert "PRIVATE KEY" not in text
    assert sftp_server.fingerprint in text
