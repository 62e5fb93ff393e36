"""``--date`` on every follow-up command, and interest notes with a preview and a due
date on a working day (issue 17, finding 10)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from reskontro.testing.cli import run

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    monkeypatch.setenv("RESKONTRO_FILE_STORE", str(tmp_path / "files"))
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    r = run(
        capsys, "company", "create", "--name", "Fjord Regnskap AS", "--org-number", "123456785",
        "--account", "12345678903", "--vat-registered", "--db", url,
    )  # fmt: skip
    assert r.code == 0, r.err
    r = run(capsys, "customer", "create", "--name", "Nordlys Bakeri AS", "--street",
            "Storgata 1", "--postcode", "0155", "--city", "Oslo", "--db", url)  # fmt: skip
    assert r.code == 0, r.err
    r = run(capsys, "invoice", "create", "--customer", "10000", "--line", "Timer|8|1000|25",
            "--date", "2026-01-05", "--db", url, "--json")  # fmt: skip
    r = run(capsys, "invoice", "issue", str(r.json["id"]), "--date", "2026-01-05", "--db", url)
    assert r.code == 0, r.err
    return url


def test_every_follow_up_command_runs_as_of_a_day(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Due 19 January; 14 days later the first reminder may go.
    r = run(capsys, "remind", "--date", "2026-02-02", "--dry-run", "--db", db, "--json")
    assert r.code == 0, r.err
    assert r.json["date"] == "2026-02-02"
    assert len(r.json["letters"]) == 1
    r = run(capsys, "remind", "--date", "2026-01-25", "--dry-run", "--db", db, "--json")
    assert r.json["letters"] == []  # too early then
    r = run(capsys, "remind", "--date", "2026-02-02", "--no-interest", "--db", db, "--json")
    assert r.code == 0, r.err
    [letter] = r.json["letters"]
    assert letter["deadline"] == "2026-02-16"
    r = run(capsys, "collect", "--date", "2026-02-20", "--dry-run", "--db", db, "--json")
    assert (r.json["date"], len(r.json["letters"])) == ("2026-02-20", 1)
    r = run(capsys, "collect", "--date", "2026-02-20", "--no-interest", "--db", db, "--json")
    assert r.code == 0, r.err
    r = run(capsys, "handoff", "--date", "2026-03-01", "--dry-run", "--db", db, "--json")
    assert (r.json["date"], r.json["claims"]) == ("2026-03-01", [])  # notice deadline runs
    r = run(capsys, "handoff", "--date", "2026-03-15", "--dry-run", "--db", db, "--json")
    assert len(r.json["claims"]) == 1
    r = run(capsys, "interest", "--date", "2026-03-15", "--db", db, "--json")
    assert r.json["until"] == "2026-03-15"


def test_interest_notes_have_a_preview_and_a_working_day_due_date(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Issued 11 December with 14 days' terms: 25 December, Christmas Day, a Friday;
    # the 26th is a holiday and a Saturday: due Monday 28 December.
    r = run(capsys, "interest", "--invoice", "--dry-run", "--date", "2026-12-11", "--db", db,
            "--json")  # fmt: skip
    assert r.code == 0, r.err
    assert r.json["dry_run"] is True
    assert r.json["notes"] == []
    [customer] = r.json["customers"]
    assert customer["note_due_date"] == "2026-12-28"
    assert customer["note_invoice_id"] is None
    table = run(capsys, "interest", "--invoice", "--dry-run", "--date", "2026-12-11", "--db", db)
    assert "due 2026-12-28 (not issued: dry run)" in table.out
    r = run(capsys, "interest", "--invoice", "--date", "2026-12-11", "--db", db, "--json")
    assert r.code == 0, r.err
    [customer] = r.json["customers"]
    note = run(capsys, "invoice", "show", str(customer["note_invoice_id"]), "--db", db, "--json")
    assert note.json["due_date"] == "2026-12-28"
    assert note.json["invoice_date"] == "2026-12-11"
