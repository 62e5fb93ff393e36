"""``payments import`` of AvtaleGiro files (ACCEPTANCE.md): a mandate list is applied,
a claims file is refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from reskontro.testing.avtalegiro import ACCOUNT, TEMPLATE, mandate_list
from reskontro.testing.cli import run

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("RESKONTRO_FILE_STORE", str(tmp_path / "files"))
    return f"sqlite:///{tmp_path / 'cli.sqlite'}"


def test_payments_import_of_avtalegiro_files(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    assert run(capsys, "company", "create", "--name", "Trekk AS", "--org-number", "123456785",
               "--account", ACCOUNT, "--kid-template", TEMPLATE, "--db", db).code == 0  # fmt: skip
    assert run(capsys, "customer", "create", "--name", "Åse", "--number", "112", "--db",
               db).code == 0  # fmt: skip
    assert run(capsys, "avtalegiro", "agreement", "--agreement-id", "000012345",
               "--data-transmitter", "00010200", "--db", db).code == 0  # fmt: skip
    fbo = tmp_path / "fbo.txt"
    fbo.write_bytes(mandate_list((1, "000112000507155", True), (1, "000999000507155", False)))
    imported = run(capsys, "payments", "import", str(fbo), "--json", "--db", db)
    assert imported.code == 0, imported.err
    assert imported.json == {**imported.json, "status": "imported", "payments": 0,
                             "mandates": {"new": 2, "changed": 0, "deleted": 0}}  # fmt: skip
    assert imported.json["format"] == "avtalegiro"  # what the file is (issue 10)
    files = run(capsys, "payments", "files", "--json", "--db", db)
    assert [f["format"] for f in files.json] == ["avtalegiro"]
    listed = run(capsys, "avtalegiro", "list", "--json", "--db", db).json
    assert [m["customer"] for m in listed] == [112, None]
    draft = run(capsys, "invoice", "create", "--customer", "112", "--line", "Strøm|1|100|0",
                "--date", "2026-11-20", "--due", "2026-12-09", "--json", "--db", db)  # fmt: skip
    run(capsys, "invoice", "issue", str(draft.json["id"]), "--date", "2026-11-20", "--db", db)
    claims = tmp_path / "claims.txt"
    out = run(capsys, "avtalegiro", "claims", "--date", "2026-11-25", "--out", str(claims),
              "--json", "--db", db)  # fmt: skip
    assert out.json["claims"] == 1
    refused = run(capsys, "payments", "import", str(claims), "--json", "--db", db)
    assert refused.json["status"] == "rejected"
    assert refused.json["format"] == "avtalegiro"
    assert "claims file to Nets, not a payment file" in refused.json["error"]["message"]
