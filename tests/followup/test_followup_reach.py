"""A letter that cannot be delivered is not produced; a claim of a customer with
neither e-mail nor postal address is not handed over (issue 17, finding 9)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from reskontro.testing.cli import run

if TYPE_CHECKING:
    from pathlib import Path

CUSTOMERS = (
    ("Nowhere AS",),  # 10000: neither e-mail nor address
    ("Epost AS", "--email", "post@epost.example"),  # 10001: e-mail only
    ("Papir AS", "--street", "Storgata 1", "--postcode", "0155", "--city", "Oslo"),  # 10002
)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    monkeypatch.setenv("RESKONTRO_FILE_STORE", str(tmp_path / "files"))
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    r = run(
        capsys, "company", "create", "--name", "Fjord Regnskap AS", "--org-number", "123456785",
        "--account", "12345678903", "--vat-registered", "--db", url,
    )  # fmt: skip
    assert r.code == 0, r.err
    for number, (name, *extra) in enumerate(CUSTOMERS, start=10000):
        r = run(capsys, "customer", "create", "--name", name, *extra, "--db", url)
        assert r.code == 0, r.err
        r = run(capsys, "invoice", "create", "--customer", str(number), "--line",
                "Timer|1|1000|25", "--date", "2026-01-05", "--db", url, "--json")  # fmt: skip
        assert r.code == 0, r.err
        r = run(capsys, "invoice", "issue", str(r.json["id"]), "--date", "2026-01-05",
                "--db", url)  # fmt: skip
        assert r.code == 0, r.err
    return url


def test_no_letter_for_a_customer_without_any_address(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "remind", "--date", "2026-02-02", "--dry-run", "--db", db, "--json")
    assert r.code == 0, r.err
    assert [x["customer_number"] for x in r.json["letters"]] == [10001, 10002]
    [skipped] = r.json["skipped"]
    assert (skipped["customer_number"], skipped["code"]) == (10000, "no_address")
    r = run(capsys, "remind", "--date", "2026-02-02", "--dry-run", "--db", db)
    assert "no address: the customer has neither an e-mail nor a postal address" in r.out
    assert "customer 10000 Nowhere AS has neither an e-mail nor a postal address" in r.err
    r = run(capsys, "remind", "--date", "2026-02-02", "--no-interest", "--db", db, "--json")
    assert [(x["customer_number"], x["delivery"]) for x in r.json["letters"]] == [
        (10001, "email"),
        (10002, "print"),
    ]
    assert len(r.json["messages"]) == 2


def test_the_hand_off_refuses_a_claim_without_any_address(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    r = run(capsys, "handoff", "--invoice", "1", "--invoice", "2", "--invoice", "3",
            "--date", "2026-03-01", "--db", db, "--json")  # fmt: skip
    assert r.code == 0, r.err
    assert [c["customer_number"] for c in r.json["claims"]] == [10001, 10002]
    assert r.json["claims"][1]["customer_address"] == "Storgata 1, 0155 Oslo"
    assert [(s["customer_number"], s["code"]) for s in r.json["skipped"]] == [(10000, "no_address")]
