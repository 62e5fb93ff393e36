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


def test_recurring_list_says_when_there_are_none(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    assert run(capsys, "company", "create", "--name", "Lag", "--org-number", "123456785",
               "--account", "12345678903", "--db", db).code == 0  # fmt: skip
    none = run(capsys, "recurring", "list", "--db", db)
    assert (none.code, none.out) == (
        0, "no recurring agreements: make one with `reskontro recurring create`\n",
    )  # fmt: skip
    assert run(capsys, "customer", "create", "--name", "M", "--db", db).code == 0
    assert run(capsys, "recurring", "list", "--customer", "10000", "--db", db).out.startswith(
        "no recurring agreements for customer 10000:"
    )
    assert run(capsys, "recurring", "list", "--json", "--db", db).json == []


def test_lines_per_customer_from_csv_and_products(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    assert run(capsys, "company", "create", "--name", "Lag", "--org-number", "123456785",
               "--account", "12345678903", "--vat-registered", "--db", db).code == 0  # fmt: skip
    for n in range(3):
        assert run(capsys, "customer", "create", "--name", f"M{n}", "--email", f"m{n}@x.no",
                   "--db", db).code == 0  # fmt: skip
    # The price list: a product priced from a date, a new price later.
    for price, day in (("100", "2026-01-01"), ("120", "2027-01-01")):
        r = run(capsys, "product", "set", "STROM", "--price", price, "--from", day,
                "--text", "Strøm", "--vat", "25", "--db", db, "--json")  # fmt: skip
        assert r.code == 0, r.err
    r = run(capsys, "product", "list", "--date", "2026-12-01", "--db", db, "--json")
    assert [(p["code"], p["price_ore"]) for p in r.json] == [("STROM", 10000)]
    r = run(capsys, "product", "show", "STROM", "--db", db, "--json")
    assert r.json["prices"] == [["2026-01-01", 10000], ["2027-01-01", 12000]]
    assert run(capsys, "product", "show", "NOPE", "--db", db).code != 0
    # A bad file: every problem with its line number, nothing issued.
    bad = tmp_path / "bad.csv"
    bad.write_text("kunde;tekst;antall;pris;mva\n10000;Vann;1;50;25\nx;Vann;1;50;25\n"
                   "10001;Vann;tre;50;25\n10002;;1;1;25\n10009;Vann;1;1;25\n", encoding="utf-8")  # fmt: skip
    r = run(capsys, "invoice", "bulk", "--lines-csv", str(bad), "--date", "2026-12-01",
            "--db", db)  # fmt: skip
    assert r.code != 0
    for line in ("line 3", "line 4", "line 5"):
        assert line in r.err, r.err
    r = run(capsys, "invoice", "bulk", "--all", "--line", "x|1|1|0", "--preview", "--db", db,
            "--json")  # fmt: skip
    assert r.json["invoices"] == 3  # nothing was issued by the bad file
    r = run(capsys, "invoice", "bulk", "--lines-csv", str(bad.with_name("none.csv")), "--db", db)
    assert r.code != 0
    good = tmp_path / "good.csv"
    good.write_text("kunde;tekst;antall;pris;mva;produkt\n10000;Vann;2;50;25;\n"
                    "10000;;3;;;STROM\n10002;;1;;;STROM\n", encoding="utf-8")  # fmt: skip
    r = run(capsys, "invoice", "bulk", "--lines-csv", str(good), "--line", "Gebyr|1|10|25",
            "--date", "2026-12-01", "--preview", "--db", db, "--json")  # fmt: skip
    assert r.code == 0, r.err
    totals = {i["customer"]: i["total_ore"] for i in r.json["items"]}
    # 10000: fee 10 + water 2 x 50 + power 3 x 100 (the price on 1 December), VAT 25 %.
    assert totals == {10000: (1000 + 10000 + 30000) * 125 // 100, 10002: 11000 * 125 // 100}
    r = run(capsys, "invoice", "bulk", "--lines-csv", str(good), "--line", "Gebyr|1|10|25",
            "--date", "2026-12-01", "--db", db, "--json")  # fmt: skip
    assert r.json["issued"] == 2
    r = run(capsys, "invoice", "show", str(r.json["invoices"][0]), "--db", db, "--json")
    assert [x["description"] for x in r.json["lines"]] == ["Gebyr", "Vann", "Strøm"]
    # A recurring line that follows the product's price.
    r = run(capsys, "recurring", "create", "--customer", "10001", "--line", "@STROM|2",
            "--every", "month", "--start", "2026-12-01", "--no-send", "--db", db, "--json")  # fmt: skip
    assert r.code == 0, r.err
    r = run(capsys, "recurring", "run", "--date", "2027-01-01", "--db", db, "--json")
    assert r.json["created"] == 2
