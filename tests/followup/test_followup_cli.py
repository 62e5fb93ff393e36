"""The follow-up commands on the demo data: tables, --json, files, errors on stderr."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import itertools
from typing import TYPE_CHECKING

import pytest

from reskontro.testing.cli import run

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    monkeypatch.setenv("RESKONTRO_FILE_STORE", str(tmp_path / "files"))
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    assert run(capsys, "demo", "--db", url).code == 0
    return url


def test_aging_and_overdue(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    aging = run(capsys, "aging", "--db", db, "--json")
    assert aging.code == 0
    assert aging.json["buckets"] == ["not_due", "0-30", "31-60", "61-90", "90+"]
    overdue = run(capsys, "overdue", "--db", db, "--json")
    assert overdue.json["open_ore"] == aging.json["totals"]["overdue_ore"]
    table = run(capsys, "aging", "--db", db)
    assert "Over 90" in table.out
    assert "Bakeriet på Hjørnet AS" in table.out
    assert "Days" in run(capsys, "overdue", "--db", db).out


def test_reminder_run_writes_letters_and_emails(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dry = run(capsys, "remind", "--db", db, "--dry-run", "--json")
    assert dry.code == 0
    planned = len(dry.json["letters"])
    assert planned >= 1
    out = tmp_path / "letters"
    sent = run(capsys, "remind", "--db", db, "--out", str(out), "--json")
    assert sent.code == 0
    assert len(sent.json["letters"]) == planned
    pdfs = sorted(out.glob("purring-*.pdf"))
    assert len(pdfs) == planned
    assert pdfs[0].read_bytes().startswith(b"%PDF-")
    (eml, *_) = sorted(out.glob("message-*.eml"))
    parsed = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert str(parsed["Subject"]).startswith("Purring")
    assert any(p.get_content_type() == "application/pdf" for p in parsed.iter_attachments())
    again = run(capsys, "remind", "--db", db)
    assert "Not sent" in again.out
    history = run(capsys, "followup", "history", str(sent.json["letters"][0]["invoice_id"]),
                  "--db", db, "--json")  # fmt: skip
    assert history.json["documents"][0]["kind"] == "reminder"
    letter = tmp_path / "again.pdf"
    doc_id = str(sent.json["letters"][0]["document_id"])
    assert run(capsys, "pdf", "letter", doc_id, "--out", str(letter), "--db", db).code == 0
    assert letter.read_bytes() == (out / sent.json["letters"][0]["filename"]).read_bytes()


def test_pdf_invoice_and_eml(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "faktura.pdf"
    eml = tmp_path / "faktura.eml"
    r = run(capsys, "pdf", "invoice", "1", "--out", str(pdf), "--eml", str(eml), "--db", db,
            "--json")  # fmt: skip
    assert r.code == 0
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert r.json["subject"].startswith("Faktura 1 fra")
    assert b"faktura-1.pdf" in eml.read_bytes()
    missing = run(capsys, "pdf", "invoice", "999", "--out", str(pdf), "--db", db)
    assert missing.code == 1
    assert "no invoice with id 999" in missing.err


def test_rates_collect_interest_handoff_and_settings(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = run(capsys, "rates", "list", "--db", db, "--json")
    assert {r["kind"] for r in listed.json} == {"inkassosats", "interest", "regime"}
    added = run(capsys, "rates", "add", "interest", "--from", "2027-01-01", "--policy-rate",
                "4", "--source", "test", "--db", db, "--json")  # fmt: skip
    assert added.json["rate_bp"] == 1200
    # The demo is dated from today: whatever today is, give interest a rate for it.
    year = max(dt.date.today().year, 2027)  # noqa: DTZ011 - the demo uses the real date
    for y, m in itertools.product(range(2027, year + 1), (1, 7)):
        run(capsys, "rates", "add", "interest", "--from", f"{y}-{m:02d}-01", "--rate", "12",
            "--db", db)  # fmt: skip
    bad = run(capsys, "rates", "add", "interest", "--from", "2027-02-01", "--rate", "12",
              "--db", db)  # fmt: skip
    assert bad.code == 1
    assert "half-year" in bad.err
    assert "VERIFY" in run(capsys, "rates", "list", "--db", db).out
    collect = run(capsys, "collect", "--db", db, "--dry-run", "--combined", "--json")
    assert collect.code == 0
    assert collect.json["kind"] == "inkassovarsel"
    interest = run(capsys, "interest", "--db", db, "--json")
    assert interest.code == 0
    assert interest.json["interest_ore"] > 0
    handoff = run(capsys, "handoff", "--db", db, "--dry-run", "--json")
    assert handoff.code == 0
    assert handoff.json["handoff_id"] is None
    settings = run(capsys, "followup", "settings", "--deadline-days", "21", "--db", db, "--json")
    assert settings.json["deadline_days"] == 21
    too_short = run(capsys, "followup", "settings", "--deadline-days", "10", "--db", db)
    assert too_short.code == 1
    assert "at least 14" in too_short.err
    hold = run(capsys, "followup", "hold", "--invoice", "3", "--reason", "avtale", "--db", db,
               "--json")  # fmt: skip
    assert hold.json["invoice_id"] == 3
    assert run(capsys, "followup", "release", str(hold.json["id"]), "--db", db).code == 0
    dispute = run(capsys, "followup", "dispute", "3", "--reason", "feil", "--db", db, "--json")
    assert dispute.json["disputed"]
    assert run(capsys, "followup", "messages", "--db", db, "--json").json == []
