"""``--csv`` on ``invoice list``, ``customer list`` and ``inbox list``."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from reskontro.testing.cli import run
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def _rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_lists_as_csv(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESKONTRO_FILE_STORE", str(tmp_path / "files"))
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    run(capsys, "company", "create", "--name", "T AS", "--org-number", "123456785",
        "--account", "12345678903", "--db", db)  # fmt: skip
    run(capsys, "customer", "create", "--name", "Kari; Nordmann", "--db", db)
    draft = run(capsys, "invoice", "create", "--customer", "10000", "--line",
                "x|1|1234,5|0", "--json", "--db", db).json  # fmt: skip
    run(capsys, "invoice", "issue", str(draft["id"]), "--db", db)
    path = tmp_path / "ocr.txt"
    path.write_bytes(ocr_file([Pay(4200, "12345678902")]))
    run(capsys, "payments", "import", str(path), "--db", db)

    invoices = _rows(run(capsys, "invoice", "list", "--csv", "--db", db).out)
    assert invoices[0][:3] == ["Number", "Customer number", "Customer"]
    assert invoices[1][0] == "1"
    assert invoices[1][2] == "Kari; Nordmann"
    assert invoices[1][-2:] == ["1234,50", "1234,50"]
    customers = _rows(run(capsys, "customer", "list", "--csv", "--db", db).out)
    assert [r[:2] for r in customers[1:]] == [["10000", "Kari; Nordmann"]]
    inbox = _rows(run(capsys, "inbox", "list", "--csv", "--db", db).out)
    assert [(r[2], r[3]) for r in inbox[1:]] == [("42,00", "12345678902")]
