"""The commands of ACCEPTANCE.md (Bulk and recurring invoicing), as written."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.testing.cli import run

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def test_bulk_and_recurring_commands(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    assert run(capsys, "company", "create", "--name", "Lag", "--org-number", "123456785",
               "--account", "12345678903", "--db", db).code == 0  # fmt: skip
    for n in range(3):
        r = run(
            capsys, "customer", "create", "--name", f"M{n}", "--email", f"m{n}@x.no", "--db", db
        )
        assert r.code == 0, r.err
    r = run(capsys, "invoice", "bulk", "--customers", "10000,10001", "--line", "Kontingent|1|500|0",
            "--date", "2026-12-01", "--terms-days", "20", "--no-efaktura-if-possible",
            "--db", db, "--json")  # fmt: skip
    assert r.code == 0, r.err
    assert r.json["issued"] == 2
    assert len(r.json["invoices"]) == 2
    assert set(r.json["sent"]) == {"email", "ehf", "efaktura", "print"}
    r = run(capsys, "invoice", "bulk", "--all", "--line", "Kontingent|1|500|0", "--preview",
            "--db", db, "--json")  # fmt: skip
    assert r.json["invoices"] == 3
    r = run(capsys, "recurring", "create", "--customer", "10002", "--line", "Leie|1|1000|0",
            "--every", "month", "--start", "2026-10-31", "--no-send", "--db", db, "--json")  # fmt: skip
    assert r.code == 0, r.err
    agreement = r.json["id"]
    for _ in range(2):
        r = run(capsys, "recurring", "run", "--date", "2026-12-31", "--db", db, "--json")
        assert r.code == 0, r.err
    assert (r.json["created"], r.json["sent"]) == (0, 0)
    r = run(capsys, "recurring", "show", str(agreement), "--db", db, "--json")
    assert [i["period_start"] for i in r.json["invoices"]] == [
        "2026-10-31", "2026-11-30", "2026-12-31",
    ]  # fmt: skip
    r = run(capsys, "recurring", "end", str(agreement), "--end", "2027-01-15", "--db", db)
    assert r.code == 0, r.err
    r = run(capsys, "group", "add", "Styret", "--customers", "10000", "--db", db, "--json")
    assert r.json["customers"] == [10000]
    r = run(capsys, "product", "set", "LEIE", "--price", "100", "--from", "2026-01-01",
            "--text", "Leie", "--vat", "0", "--db", db, "--json")  # fmt: skip
    assert r.json["prices"] == [["2026-01-01", 10000]]
    r = run(capsys, "recurring", "list", "--db", db)
    assert "every month" in r.out
