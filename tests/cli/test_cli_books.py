"""The "KID" and "Books" commands of ACCEPTANCE.md, exactly as written there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reskontro.testing.cli import run


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite'}"


def test_kid_make_worked_example(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "kid", "make", "--template", "{CustomerNo:8}{InvoiceNo:7}", "--modulus", "10",
            "--customer", "300100", "--invoice", "12345")  # fmt: skip
    assert (r.code, r.out) == (0, "0030010000123458\n")


def test_kid_make_names_the_part_that_overflows(capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, "kid", "make", "--template", "{CustomerNo:8}{InvoiceNo:4}",
            "--customer", "300100", "--invoice", "12345")  # fmt: skip
    assert r.code == 1
    assert r.out == ""
    assert "InvoiceNo" in r.err


def test_kid_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "kid", "check", "0030010000123458").code == 0
    assert run(capsys, "kid", "check", "0030010000123458", "--modulus", "10").code == 0
    bad = run(capsys, "kid", "check", "0030010000123458", "--modulus", "11")
    assert bad.code == 1
    assert "MOD11" in bad.err
    wrong = run(capsys, "kid", "check", "0030010000123459")
    assert wrong.code == 1
    assert "check digit" in wrong.err
    assert run(capsys, "kid", "check", "12a").code == 1
    assert run(capsys, "kid", "decode", "0030010000123458", "--template",
               "{CustomerNo:8}{InvoiceNo:7}", "--json").json == {
        "customer_number": 300100, "invoice_number": 12345,
    }  # fmt: skip


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "kid", "make", "--customer", "1").code == 2
    assert run(capsys, "invoice", "nope").code == 2


def test_books_flow(capsys: pytest.CaptureFixture[str], db: str) -> None:
    assert run(capsys, "init", "--db", db).code == 0
    assert run(capsys, "init", "--db", db).code == 0
    company = run(capsys, "company", "create", "--name", "Test AS", "--org-number", "123456785",
                  "--account", "12345678903", "--vat-registered", "--kid-template",
                  "{CustomerNo:8}{InvoiceNo:7}", "--kid-modulus", "10", "--json", "--db", db)  # fmt: skip
    assert company.code == 0, company.err
    assert isinstance(company.json["id"], int)
    customer = run(capsys, "customer", "create", "--name", "Kunde", "--email", "k@example.com",
                   "--json", "--db", db)  # fmt: skip
    assert customer.json["number"] == 10000
    explicit = run(capsys, "customer", "create", "--company", str(company.json["id"]),
                   "--name", "Kunde 2", "--number", "300100", "--json", "--db", db)  # fmt: skip
    assert explicit.json["number"] == 300100
    draft = run(capsys, "invoice", "create", "--customer", "300100",
                "--line", "Konsulent|2|1250,50|25", "--line", "Bok|1|100|0",
                "--date", "2026-11-01", "--terms-days", "10", "--json", "--db", db)  # fmt: skip
    assert draft.code == 0, draft.err
    invoice_id = draft.json["id"]
    issued = run(
        capsys, "invoice", "issue", str(invoice_id), "--date", "2026-11-01", "--json", "--db", db
    )
    assert issued.json == {**issued.json, "id": invoice_id, "number": 1, "total_ore": 322625,
                           "due_date": "2026-11-11"}  # fmt: skip
    assert issued.json["kid"] == "0030010000000011"
    shown = run(capsys, "invoice", "show", str(invoice_id), "--json", "--db", db).json
    assert {k: shown[k] for k in ("status", "total_ore", "paid_ore", "open_ore")} == {
        "status": "open", "total_ore": 322625, "paid_ore": 0, "open_ore": 322625,
    }  # fmt: skip
    part = run(
        capsys, "invoice", "credit", str(invoice_id), "--line", "Bok|1|100|0", "--json", "--db", db
    )
    assert part.code == 0, part.err
    assert part.json["total_ore"] == -10000
    assert part.json["number"] == 2
    too_much = run(
        capsys, "invoice", "credit", str(invoice_id), "--line", "2", "--json", "--db", db
    )
    assert too_much.code == 1
    assert "never credit more" in too_much.err
    rest = run(capsys, "invoice", "credit", str(invoice_id), "--json", "--db", db)
    assert rest.json["total_ore"] == -312625
    assert (
        run(capsys, "invoice", "show", str(invoice_id), "--json", "--db", db).json["status"]
        == "credited"
    )
    listed = run(capsys, "invoice", "list", "--json", "--db", db).json
    assert [v["number"] for v in listed] == [3, 2, 1]
    assert {v["customer"] for v in listed} == {300100}  # the key ACCEPTANCE.md names
    assert run(capsys, "ledger", "show", "300100", "--json", "--db", db).json["balance_ore"] == 0
    human = run(capsys, "invoice", "list", "--db", db)
    assert "credited" in human.out
    assert run(capsys, "company", "list", "--json", "--db", db).json[0]["name"] == "Test AS"
    assert run(capsys, "customer", "list", "--json", "--db", db).json[1]["number"] == 300100
    assert run(capsys, "invoice", "show", str(invoice_id), "--db", db).code == 0


def test_bad_input_names_the_argument(capsys: pytest.CaptureFixture[str], db: str) -> None:
    r = run(capsys, "company", "create", "--name", "X", "--org-number", "123456789",
            "--account", "12345678903", "--json", "--db", db)  # fmt: skip
    assert r.code == 1
    assert "organisation number" in r.err
    run(capsys, "company", "create", "--name", "X", "--org-number", "123456785",
        "--account", "12345678903", "--db", db)  # fmt: skip
    run(capsys, "customer", "create", "--name", "K", "--db", db)
    for args, message in (
        (["--line", "x|1|1.005|25"], "not an amount"),
        (["--line", "x|1|10"], "TEXT|QTY"),
        (["--line", "x|1|10|24"], "unknown VAT rate"),
        (["--line", "x|1|10|25"], "not VAT registered"),
        (["--line", "x|1|10|0", "--due", "31.02.2026"], "--due"),
    ):
        r = run(capsys, "invoice", "create", "--customer", "10000", *args, "--json", "--db", db)
        assert r.code == 1, args
        assert message in r.err, (args, r.err)
        assert r.out == ""
    missing = run(capsys, "invoice", "show", "77", "--json", "--db", db)
    assert missing.code == 1
    assert "no invoice with id 77" in missing.err


def test_company_kid_command(capsys: pytest.CaptureFixture[str], db: str) -> None:
    run(capsys, "company", "create", "--name", "X", "--org-number", "123456785",
        "--account", "12345678903", "--db", db)  # fmt: skip
    ok = run(capsys, "company", "kid", "--template", "{CustomerNo:8}{InvoiceNo:7}",
             "--avtalegiro-customer-position", "3-8", "--check-only", "--json", "--db", db)  # fmt: skip
    assert ok.json == {"ok": True, "problems": []}
    bad = run(capsys, "company", "kid", "--template", "{CustomerNo:8}{InvoiceNo:7}",
              "--avtalegiro-customer-position", "9-15", "--db", db)  # fmt: skip
    assert bad.code == 1
    assert "positions 9-15" in bad.err
    saved = run(capsys, "company", "kid", "--template", "{InvoiceNo:6}{CustomerNo:5}",
                "--modulus", "11", "--refuse-dash", "--json", "--db", db)  # fmt: skip
    assert saved.json["kid_template"] == "{InvoiceNo:6}{CustomerNo:5}"
    assert saved.json["kid_dash"] == "refuse"
    assert run(capsys, "company", "show", "--json", "--db", db).json["kid_modulus"] == 11


def test_installed_command_and_exit_codes(tmp_path: Path) -> None:
    """The console script as a user runs it: JSON on stdout, errors on stderr."""
    exe = Path(sys.executable).with_name("reskontro")
    env = {**os.environ, "RESKONTRO_DATABASE_URL": f"sqlite:///{tmp_path / 'env.sqlite'}"}
    made = subprocess.run(
        [exe, "company", "create", "--name", "Env AS", "--org-number", "123456785",
         "--account", "12345678903", "--json"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["id"] == 1
    assert (tmp_path / "env.sqlite").exists()
    usage = subprocess.run(
        [exe, "invoice", "issue"], capture_output=True, text=True, env=env, check=False
    )
    assert usage.returncode == 2


def test_customer_card_commands(capsys: pytest.CaptureFixture[str], db: str) -> None:
    assert run(capsys, "company", "create", "--name", "Test AS", "--org-number", "123456785",
               "--account", "12345678903", "--json", "--db", db).code == 0  # fmt: skip
    made = run(capsys, "customer", "create", "--name", "Nordlys AS", "--kind", "business",
               "--delivery", "ehf", "--peppol-id", "0192:923609016", "--street", "Storgata 1",
               "--postcode", "0150", "--city", "Oslo", "--country", "NO",
               "--invoice-email", "faktura@nordlys.no", "--buyer-reference", "PO-7",
               "--json", "--db", db)  # fmt: skip
    assert made.code == 0, made.err
    assert {k: made.json[k] for k in ("id", "number", "delivery_method", "peppol_id")} == {
        "id": 1, "number": 10000, "delivery_method": "ehf", "peppol_id": "0192:923609016",
    }  # fmt: skip
    updated = run(capsys, "customer", "update", "10000", "--delivery", "email", "--email",
                  "post@nordlys.no", "--street", "Kirkegata 2", "--json", "--db", db)  # fmt: skip
    assert updated.code == 0, updated.err
    assert (updated.json["delivery_method"], updated.json["email"], updated.json["street"]) == (
        "email", "post@nordlys.no", "Kirkegata 2",
    )  # fmt: skip
    assert run(capsys, "customer", "show", "10000", "--json", "--db", db).json == updated.json
    bad = run(capsys, "customer", "update", "10000", "--postcode", "12", "--db", db)
    assert bad.code == 1
    assert "postcode" in bad.err
    assert run(capsys, "customer", "update", "10000", "--delivery", "fax", "--db", db).code == 2
    listed = run(capsys, "customer", "list", "--json", "--db", db)
    assert [c["number"] for c in listed.json] == [10000]
