"""``reskontro invoice create ... --currency CODE --exchange-rate NOK_PER_UNIT``
(ACCEPTANCE.md, Delivery): ISO 4217 codes checked, NOK the default, a rate needed when a
foreign-currency invoice carries VAT; ``invoice show/list --json`` show the currency."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from reskontro.domain.currency import CurrencyError, parse_rate
from reskontro.errors import ValidationError
from reskontro.testing.cli import run
from reskontro.testing.ehf import load_validator

if TYPE_CHECKING:
    from pathlib import Path


def _setup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    db = f"sqlite:///{tmp_path / 'cur.sqlite'}"
    assert run(capsys, "company", "create", "--name", "Fjordkraft Regnskap AS", "--org-number",
               "123456785", "--account", "12345678903", "--vat-registered",
               "--foretaksregisteret", "--db", db).code == 0  # fmt: skip
    customer = run(capsys, "customer", "create", "--name", "Svenska Kunden AB", "--kind",
                   "business", "--json", "--db", db)  # fmt: skip
    assert customer.code == 0, customer.err
    return db, str(customer.json["number"])


def test_invoice_in_a_foreign_currency(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, customer = _setup(tmp_path, capsys)
    nok = run(capsys, "invoice", "create", "--customer", customer, "--line", "Time|1|100|25",
              "--json", "--db", db)  # fmt: skip
    assert nok.code == 0, nok.err
    assert (nok.json["currency"], nok.json["exchange_rate_micro"]) == ("NOK", None)
    eur = run(capsys, "invoice", "create", "--customer", customer, "--line", "Time|2|100|25",
              "--currency", "eur", "--exchange-rate", "11,7525", "--json", "--db", db)  # fmt: skip
    assert eur.code == 0, eur.err
    assert (eur.json["currency"], eur.json["exchange_rate_micro"]) == ("EUR", 11_752_500)
    no_vat = run(capsys, "invoice", "create", "--customer", customer, "--line", "Eksport|1|50|0",
                 "--currency", "SEK", "--json", "--db", db)  # fmt: skip
    assert no_vat.code == 0, no_vat.err
    assert no_vat.json["currency"] == "SEK"
    issued = run(capsys, "invoice", "issue", str(eur.json["id"]), "--json", "--db", db)
    assert issued.code == 0, issued.err
    shown = run(capsys, "invoice", "show", str(eur.json["id"]), "--json", "--db", db)
    assert shown.json["currency"] == "EUR"
    listed = run(capsys, "invoice", "list", "--json", "--db", db)
    assert {v["id"]: v["currency"] for v in listed.json} == {
        nok.json["id"]: "NOK",
        eur.json["id"]: "EUR",
        no_vat.json["id"]: "SEK",
    }


def test_currency_and_rate_are_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, customer = _setup(tmp_path, capsys)
    base = ("invoice", "create", "--customer", customer, "--line", "Time|1|100|25", "--db", db)
    unknown = run(capsys, *base, "--currency", "XYZ", "--exchange-rate", "1")
    assert unknown.code != 0
    assert "XYZ is not an ISO 4217 currency code" in unknown.err
    no_rate = run(capsys, *base, "--currency", "EUR")
    assert no_rate.code != 0
    assert "needs an exchange rate" in no_rate.err
    bad_rate = run(capsys, *base, "--currency", "EUR", "--exchange-rate", "-3")
    assert bad_rate.code != 0
    assert "not a positive number" in bad_rate.err
    nok_rate = run(capsys, *base, "--exchange-rate", "2")
    assert nok_rate.code != 0
    assert "takes no exchange rate" in nok_rate.err
    listed = run(capsys, "invoice", "list", "--json", "--db", db)
    assert listed.json == []


def test_parse_rate() -> None:
    assert parse_rate("10.5") == 10_500_000
    assert parse_rate(" ") is None
    for bad in ("abc", "0", "1.0000001", "nan"):
        with pytest.raises(ValidationError) as caught:
            parse_rate(bad)
        assert caught.value.msg is not None
        assert caught.value.msg.code == CurrencyError.BAD_RATE


def test_ehf_of_an_invoice_in_euro_passes_the_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        validator = load_validator()
    except ImportError as error:  # pragma: no cover - the rules ship with the repository
        pytest.skip(f"the EHF rules cannot run here: {error}")
    db, customer = _setup(tmp_path, capsys)
    assert run(capsys, "customer", "update", customer, "--peppol-id", "0192:987654325",
               "--street", "Storgatan 1", "--postcode", "11122", "--city", "Stockholm",
               "--country", "SE", "--db", db).code == 0  # fmt: skip
    eur = run(capsys, "invoice", "create", "--customer", customer, "--line", "Time|2|100|25",
              "--line", "Bok|1|30|15", "--currency", "EUR", "--exchange-rate", "11.7525",
              "--json", "--db", db)  # fmt: skip
    assert run(capsys, "invoice", "issue", str(eur.json["id"]), "--db", db).code == 0
    out = tmp_path / "eur.xml"
    assert run(capsys, "ehf", str(eur.json["id"]), "--out", str(out), "--db", db).code == 0
    data = out.read_bytes()
    try:
        assert validator.fatal(data) == []
    finally:
        validator.close()
    assert b"<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>" in data
    assert b"<cbc:TaxCurrencyCode>NOK</cbc:TaxCurrencyCode>" in data
    assert data.count(b"<cac:TaxTotal>") == 2
    shown = run(capsys, "invoice", "show", str(eur.json["id"]), "--db", db)
    assert "VAT in NOK at 11.7525 NOK/EUR:" in shown.out
