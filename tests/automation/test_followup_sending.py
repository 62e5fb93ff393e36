"""Follow-up letters go out by the one sending path: a reminder run records them, and
``run-daily`` (cron), like the worker, hands them to delivery and the outbox, which
sends them over SMTP (issue 17, findings 2 and 6)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from reskontro.testing.cli import run

if TYPE_CHECKING:
    from pathlib import Path

    from tests.automation.conftest import SmtpServer

OWNER = "regnskap@fjordregnskap.example"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, smtp_server: SmtpServer) -> str:
    monkeypatch.setenv("RESKONTRO_FILE_STORE", str(tmp_path / "files"))
    for key, value in smtp_server.env().items():
        monkeypatch.setenv(key, value)
    return f"sqlite:///{tmp_path / 'cli.sqlite'}"


def overdue_books(capsys: pytest.CaptureFixture[str], db: str) -> int:
    """A company with an owner address and one customer with an invoice long overdue."""
    r = run(
        capsys, "company", "create", "--name", "Fjord Regnskap AS", "--org-number", "123456785",
        "--account", "12345678903", "--vat-registered", "--db", db,
    )  # fmt: skip
    assert r.code == 0, r.err
    assert run(capsys, "notify", "owner", OWNER, "--db", db).code == 0
    r = run(capsys, "customer", "create", "--name", "Nordlys Bakeri AS", "--email",
            "post@nordlys.example", "--db", db)  # fmt: skip
    assert r.code == 0, r.err
    r = run(capsys, "invoice", "create", "--customer", "10000", "--line", "Timer|2|500|25",
            "--date", "2026-01-05", "--db", db, "--json")  # fmt: skip
    assert r.code == 0, r.err
    r = run(capsys, "invoice", "issue", str(r.json["id"]), "--date", "2026-01-05", "--db", db,
            "--json")  # fmt: skip
    assert r.code == 0, r.err
    return int(r.json["id"])


def test_run_daily_sends_the_letters_a_reminder_run_made(
    capsys: pytest.CaptureFixture[str], db: str, smtp_server: SmtpServer
) -> None:
    invoice_id = overdue_books(capsys, db)
    r = run(capsys, "remind", "--no-fetch", "--no-interest", "--db", db, "--json")
    assert r.code == 0, r.err
    assert len(r.json["letters"]) == 1
    r = run(capsys, "status", "--db", db, "--json")
    assert r.json["email"]["letters_waiting"] == 1
    r = run(capsys, "status", "--db", db)
    assert "Follow-up letters waiting to be sent: 1" in r.out

    r = run(capsys, "run-daily", "--force", "--db", db, "--json")
    assert r.code == 0, r.err
    letters = [
        m for m in smtp_server.messages
        if m.to == "post@nordlys.example" and "Purring" in m.subject
    ]  # fmt: skip
    assert len(letters) == 1, [m.subject for m in smtp_server.messages]
    message = letters[0].message
    # A letter a person can answer: the company's name, replies to its address, and
    # not marked as machine-made.
    assert message["From"] == "Fjord Regnskap AS <reskontro@regnskap.example>"
    assert message["Reply-To"] == OWNER
    assert message["Auto-Submitted"] is None
    pdfs = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert len(pdfs) == 1

    r = run(capsys, "status", "--db", db, "--json")
    assert r.json["email"]["letters_waiting"] == 0
    r = run(capsys, "followup", "messages", "--db", db, "--json")
    assert [m["status"] for m in r.json] == ["sent"]
    # The letter has its delivery record on the invoice, like an invoice's own send.
    r = run(capsys, "invoice", "deliveries", str(invoice_id), "--db", db, "--json")
    assert [(d["document_kind"], d["method"], d["state"]) for d in r.json] == [
        ("reminder", "email", "sent"),
        ("invoice", "email", "sent"),  # the invoice itself, sent when issued
    ]
    # Sent once: another round sends nothing more.
    before = len(smtp_server.messages)
    assert run(capsys, "run-daily", "--force", "--db", db).code == 0
    assert [m for m in smtp_server.messages[before:] if m.to != OWNER] == []


def test_internal_notices_keep_auto_submitted(
    capsys: pytest.CaptureFixture[str], db: str, smtp_server: SmtpServer
) -> None:
    overdue_books(capsys, db)
    assert run(capsys, "run-daily", "--db", db).code == 0
    digest = [m for m in smtp_server.messages if m.to == OWNER]
    assert digest, "the overdue digest goes to the owner"
    assert digest[0].message["Auto-Submitted"] == "auto-generated"
    assert "via reskontro" in str(digest[0].message["From"])
