"""The "Payments in" commands of ACCEPTANCE.md, exactly as written there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reskontro.testing.cli import run
from reskontro.testing.ocr import Pay, ocr_file

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("RESKONTRO_FILE_STORE", str(tmp_path / "files"))
    return {"db": f"sqlite:///{tmp_path / 'cli.sqlite'}"}


def test_parse_ocr_sample_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "parse", str(SAMPLES / "nets" / "ocr_giro_transactions.txt"), "--json")
    assert r.code == 0, r.err
    rows = [json.loads(line) for line in r.out.splitlines()]
    assert len(rows) == 20
    assert sum(row["amount_ore"] for row in rows) == 5144900
    assert rows[0] == {**rows[0], "line": 3, "amount_ore": 102000, "kid": "0000531",
                       "date": "1992-01-20", "message": "Foo bar baz"}  # fmt: skip


def test_parse_camt_sample_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "parse", str(SAMPLES / "camt" / "synthetic-no-camt054.001.08.xml"), "--json")
    assert r.code == 0, r.err
    rows = [json.loads(line) for line in r.out.splitlines()]
    assert [row["kid"] for row in rows] == [
        "10000123000018",
        "10000456000023",
        "1000012300046",
        None,
    ]
    assert sum(row["amount_ore"] for row in rows) == 474000
    assert rows[3]["message"]


def test_parse_error_names_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (SAMPLES / "nets" / "ocr_giro_transactions.txt").read_bytes().decode("latin-1")
    lines = text.splitlines()
    lines[5] = lines[5][:40] + "X" + lines[5][41:]
    broken = tmp_path / "broken.txt"
    broken.write_bytes("\n".join(lines).encode("latin-1"))
    r = run(capsys, "parse", str(broken), "--json")
    assert r.code == 1
    assert r.out == ""
    assert "line 6" in r.err
    assert "broken.txt" in r.err
    assert run(capsys, "parse", str(tmp_path / "missing.txt")).code == 1


def test_import_and_inbox(
    capsys: pytest.CaptureFixture[str], env: dict[str, str], tmp_path: Path
) -> None:
    db = env["db"]
    run(capsys, "company", "create", "--name", "T AS", "--org-number", "123456785",
        "--account", "12345678903", "--vat-registered", "--db", db)  # fmt: skip
    run(capsys, "customer", "create", "--name", "K", "--db", db)
    draft = run(capsys, "invoice", "create", "--customer", "10000", "--line", "x|1|1000|25",
                "--json", "--db", db).json  # fmt: skip
    issued = run(capsys, "invoice", "issue", str(draft["id"]), "--json", "--db", db).json
    path = tmp_path / "ocr.txt"
    path.write_bytes(ocr_file([Pay(issued["total_ore"], issued["kid"]), Pay(4200, "12345678902")]))
    r = run(capsys, "payments", "import", str(path), "--json", "--db", db)
    assert r.code == 0, r.err
    assert r.json == {**r.json, "status": "imported", "payments": 2, "amount_ore": issued["total_ore"] + 4200,
                      "matched": 1, "partial": 0, "overpaid": 0, "unmatched": 1, "error": None}  # fmt: skip
    again = run(capsys, "payments", "import", str(path), "--json", "--db", db)
    assert again.code == 0
    assert again.json["status"] == "duplicate"
    shown = run(capsys, "invoice", "show", str(draft["id"]), "--json", "--db", db).json
    assert (shown["status"], shown["paid_ore"], shown["open_ore"]) == (
        "paid",
        issued["total_ore"],
        0,
    )
    inbox = run(capsys, "inbox", "list", "--json", "--db", db).json
    assert [(i["amount_ore"], i["kid"], i["message"]) for i in inbox] == [
        (4200, "12345678902", None)
    ]
    posted = run(
        capsys, "inbox", "post", str(inbox[0]["id"]), "--customer", "10000", "--json", "--db", db
    )
    assert posted.code == 0, posted.err
    assert run(capsys, "inbox", "list", "--json", "--db", db).json == []
    ledger = run(capsys, "ledger", "show", "10000", "--json", "--db", db).json
    assert ledger["balance_ore"] == -4200
    human = run(capsys, "payments", "files", "--db", db)
    assert "imported" in human.out


def test_import_rejected_file(
    capsys: pytest.CaptureFixture[str], env: dict[str, str], tmp_path: Path
) -> None:
    db = env["db"]
    run(capsys, "company", "create", "--name", "T AS", "--org-number", "123456785",
        "--account", "12345678903", "--db", db)  # fmt: skip
    data = ocr_file([Pay(100, "12345678902")]).decode("latin-1").replace("\r\n", "\n")
    lines = data.split("\n")
    lines[-2] = lines[-2][:30] + "1" + lines[-2][31:]  # the 89's total
    path = tmp_path / "bad.txt"
    path.write_text("\n".join(lines), encoding="latin-1")
    r = run(capsys, "payments", "import", str(path), "--json", "--db", db)
    assert r.code == 1
    out = r.json
    assert out["status"] == "rejected"
    assert out["payments"] == 0
    assert out["error"]["line"] == len(lines) - 1
    assert "bad.txt" in r.err
    assert run(capsys, "inbox", "list", "--json", "--db", db).json == []


def test_import_folder_and_policy(
    capsys: pytest.CaptureFixture[str], env: dict[str, str], tmp_path: Path
) -> None:
    db = env["db"]
    run(capsys, "company", "create", "--name", "T AS", "--org-number", "123456785",
        "--account", "12345678903", "--db", db)  # fmt: skip
    run(capsys, "company", "account", "add", "15031234562", "--db", db)
    policy = run(
        capsys,
        "payments",
        "policy",
        "--unknown-kid",
        "post",
        "--tolerance",
        "1,00",
        "--json",
        "--db",
        db,
    )
    assert policy.json == {"policy": "post", "tolerance_ore": 100}
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(
        ocr_file([Pay(100, "12345678902")], transmission_number="0000001")
    )
    (folder / "b.xml").write_bytes(
        (SAMPLES / "camt" / "synthetic-no-camt054.001.02.xml").read_bytes()
    )
    r = run(capsys, "payments", "import", str(folder), "--json", "--db", db)
    assert r.code == 0, r.err
    assert [s["status"] for s in r.json] == ["imported", "imported"]
    assert sum(s["posted"] for s in r.json) == 5
    listed = run(capsys, "inbox", "list", "--all", "--json", "--db", db).json
    assert len(listed) == 5
    moved = run(capsys, "inbox", "move", str(listed[0]["id"]), "--customer", "1", "--db", db)
    assert moved.code == 1
    assert "no customer" in moved.err


def test_a_file_error_names_the_file_field_not_a_flag(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A record of the wrong length: the error names the line and the record, and no
    ``(--record-length)`` as if it were an option of the command."""
    lines = (SAMPLES / "nets" / "ocr_giro_transactions.txt").read_bytes().splitlines()
    lines[3] = lines[3] + b"0"
    broken = tmp_path / "long.txt"
    broken.write_bytes(b"\n".join(lines))
    r = run(capsys, "parse", str(broken))
    assert r.code == 1
    assert "line 4" in r.err
    assert "(--" not in r.err
