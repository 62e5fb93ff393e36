"""``reskontro pdf statement``: the customer statement on the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pypdf import PdfReader

from reskontro.testing.cli import run
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def test_statement_pdf_closes_at_the_ledger_balance(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESKONTRO_FILE_STORE", str(tmp_path / "files"))
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    run(capsys, "company", "create", "--name", "T AS", "--org-number", "123456785",
        "--account", "12345678903", "--db", db)  # fmt: skip
    run(capsys, "customer", "create", "--name", "Kari Nordmann", "--db", db)
    kids = []
    for kroner in (1000, 250):
        draft = run(capsys, "invoice", "create", "--customer", "10000", "--line",
                    f"x|1|{kroner}|0", "--json", "--db", db).json  # fmt: skip
        kids.append(
            run(capsys, "invoice", "issue", str(draft["id"]), "--json", "--db", db).json["kid"]
        )
    path = tmp_path / "ocr.txt"
    path.write_bytes(ocr_file([Pay(40000, kids[0])]))
    assert run(capsys, "payments", "import", str(path), "--db", db).code == 0

    out = tmp_path / "k.pdf"
    r = run(capsys, "pdf", "statement", "10000", "--out", str(out), "--from", "2000-01-01",
            "--json", "--db", db)  # fmt: skip
    assert r.code == 0, r.err
    ledger = run(capsys, "ledger", "show", "10000", "--json", "--db", db).json
    assert r.json["closing_ore"] == r.json["open_ore"] == ledger["balance_ore"] == 85000
    assert sorted(e["kind"] for e in r.json["entries"]) == ["invoice", "invoice", "payment"]
    text = "".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert "850,00" in text
    assert kids[0] in text

    human = run(capsys, "pdf", "statement", "10000", "--out", str(out), "--from", "2000-01-01",
                "--to", "2000-12-31", "--db", db)  # fmt: skip
    assert human.code == 0, human.err
    assert "closing 0,00" in human.out
    wrong = run(capsys, "pdf", "statement", "10000", "--out", str(out), "--from", "2001-01-01",
                "--to", "2000-12-31", "--db", db)  # fmt: skip
    assert wrong.code == 1
    assert "(--date-from)" in wrong.err
    assert run(capsys, "pdf", "statement", "99999", "--out", str(out), "--db", db).code == 1
