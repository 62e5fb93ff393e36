"""``reskontro company account add|list|remove``, a file for another account refused by
``payments import``, and ``inbox list --json`` naming a possible duplicate (issue 11)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from reskontro.testing.camt import camt_file, kid_entry
from reskontro.testing.cli import run
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    monkeypatch.setenv("RESKONTRO_FILE_STORE", str(tmp_path / "files"))
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    r = run(capsys, "company", "create", "--name", "T AS", "--org-number", "123456785",
            "--account", "1234.56.78903", "--db", url)  # fmt: skip
    assert r.code == 0, r.err
    return url


def test_accounts_listed_added_and_removed(capsys: pytest.CaptureFixture[str], db: str) -> None:
    r = run(capsys, "company", "account", "list", "--json", "--db", db)
    assert r.json == [{"account": "12345678903", "source": "both", "main": True}]
    r = run(capsys, "company", "account", "add", "NO93 8601 1117 947", "--source", "camt",
            "--json", "--db", db)  # fmt: skip
    assert r.code == 0, r.err
    assert r.json[1] == {"account": "86011117947", "source": "camt", "main": False}
    r = run(capsys, "company", "account", "add", "86011117947", "--source", "post", "--db", db)
    assert r.code != 0
    assert "ocr, camt or both" in r.err
    r = run(capsys, "company", "account", "remove", "86011117947", "--json", "--db", db)
    assert [a["account"] for a in r.json] == ["12345678903"]
    r = run(capsys, "company", "account", "remove", "12345678903", "--db", db)
    assert r.code != 0
    assert "only account" in r.err


def test_import_refuses_a_file_for_another_account(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    path = tmp_path / "other.txt"
    path.write_bytes(ocr_file([Pay(100, "12345678902")], account="86011117947"))
    r = run(capsys, "payments", "import", str(path), "--json", "--db", db)
    assert r.code != 0
    assert r.json["status"] == "rejected"
    assert r.json["error"]["line"] == 2
    assert "86011117947" in r.json["error"]["message"]
    assert r.json["payments"] == 0


def test_inbox_list_names_the_payment_a_possible_duplicate_repeats(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_bytes(ocr_file([Pay(4200, "123456")]))
    entry = kid_entry(4200, "123456", booked="2026-11-20")
    entry = re.sub(r"\s*<Refs>.*?</Refs>", "", entry, flags=re.DOTALL)
    entry = re.sub(r"\s*<AcctSvcrRef>NTRY-\d+</AcctSvcrRef>", "", entry)
    (tmp_path / "b.xml").write_bytes(camt_file(entry))
    r = run(capsys, "payments", "import", str(tmp_path / "a.txt"), "--json", "--db", db)
    assert r.code == 0, r.err
    r = run(capsys, "payments", "import", str(tmp_path / "b.xml"), "--json", "--db", db)
    assert (r.json["payments"], r.json["possible_duplicates"], r.json["duplicates"]) == (1, 1, 0)
    r = run(capsys, "inbox", "list", "--json", "--db", db)
    [first, second] = sorted(r.json, key=lambda item: item["id"])
    assert first["possible_duplicate_of"] is None
    assert second["possible_duplicate_of"] == first["id"]
    r = run(capsys, "inbox", "list", "--db", db)
    assert f"possible duplicate of payment {first['id']}" in " ".join(r.out.split())
