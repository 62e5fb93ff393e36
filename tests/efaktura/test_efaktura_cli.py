"""``reskontro efaktura lookup|person|status`` with the sandbox register."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from cryptography.fernet import Fernet

from reskontro.testing.cli import run

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    monkeypatch.setenv("RESKONTRO_NATIONAL_ID_KEY", Fernet.generate_key().decode())
    monkeypatch.setenv("RESKONTRO_EFAKTURA", "sandbox")
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    assert run(capsys, "init", "--db", url).code == 0
    company = run(capsys, "company", "create", "--name", "Test AS", "--org-number", "123456785",
                  "--account", "86011117947", "--foretaksregisteret", "--json", "--db", url)  # fmt: skip
    assert company.code == 0, company.err
    made = run(capsys, "customer", "create", "--name", "Kari Nordmann", "--kind", "person",
               "--delivery", "print", "--street", "Gata 1", "--postcode", "0150", "--city", "Oslo",
               "--db", url)  # fmt: skip
    assert made.code == 0, made.err
    return url


def test_lookup_person_status(capsys: pytest.CaptureFixture[str], db: str) -> None:
    nobody = run(capsys, "efaktura", "lookup", "10000", "--json", "--db", db)
    assert (nobody.code, nobody.json["answer"]) == (0, "not_found")
    person = run(capsys, "efaktura", "person", "10000", "--national-id", "01010012356",
                 "--mobile", "91234567", "--json", "--db", db)  # fmt: skip
    assert person.json["national_id"] == "010100*****"
    assert "01010012356" not in person.out
    text = run(capsys, "efaktura", "person", "10000", "--mobile", "91234567", "--db", db)
    assert text.out == "customer 10000: national id ***********, mobile 91234567\n"
    found = run(capsys, "efaktura", "lookup", "10000", "--fresh", "--save", "--json", "--db", db)
    assert found.code == 0, found.err
    assert found.json == {**found.json, "customer": 10000, "answer": "can_receive",
                          "efaktura_address": "SANDBOX-0001", "route": "sandbox",
                          "delivery_method": "efaktura", "cached": False}  # fmt: skip
    cached = run(capsys, "efaktura", "lookup", "10000", "--db", db)
    assert cached.out.startswith("customer 10000: can receive eFaktura\n")
    assert "the card's answer" in cached.out
    status = run(capsys, "efaktura", "status", "--json", "--db", db)
    assert status.json == {"route": "sandbox", "persons": 1, "can_receive": 1, "by_efaktura": 1,
                           "blocked": 0, "never_looked_up": 0}  # fmt: skip
    plain = run(capsys, "efaktura", "status", "--db", db)
    assert plain.out.startswith("route: sandbox\n")


def test_refusals_exit_1(
    capsys: pytest.CaptureFixture[str], db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = run(capsys, "efaktura", "person", "10000", "--national-id", "01010012357", "--db", db)
    assert bad.code == 1
    assert "not a valid national identity number (--national-id)" in bad.err
    monkeypatch.delenv("RESKONTRO_EFAKTURA")
    down = run(capsys, "efaktura", "lookup", "10000", "--db", db)
    assert down.code == 1
    assert down.out.startswith("customer 10000: the eFaktura register did not answer")
    none = run(capsys, "efaktura", "status", "--db", db)
    assert none.out.startswith("route: none")


def _issue(capsys: pytest.CaptureFixture[str], db: str, *extra: str) -> int:
    draft = run(capsys, "invoice", "create", "--customer", "10000", "--line",
                "Kontingent|1|500|exempt", *extra, "--json", "--db", db)  # fmt: skip
    assert draft.code == 0, draft.err
    issued = run(capsys, "invoice", "issue", str(draft.json["id"]), "--json", "--db", db)
    assert issued.code == 0, issued.err
    return int(issued.json["id"])


def test_invoice_send_as_efaktura(capsys: pytest.CaptureFixture[str], db: str) -> None:
    """``invoice send ID --method efaktura --json`` (ACCEPTANCE, Delivery): the rule
    named and exit 1 when refused; queued to the eFaktura address when it may go."""
    person = run(capsys, "efaktura", "person", "10000", "--national-id", "01010012356",
                 "--db", db)  # fmt: skip
    assert person.code == 0, person.err
    soon = _issue(capsys, db, "--terms-days", "2")
    refused = run(capsys, "invoice", "send", str(soon), "--method", "efaktura", "--json",
                  "--db", db)  # fmt: skip
    assert refused.code == 1
    assert (refused.json["status"], refused.json["reason"]) == (
        "refused", "eFaktura: the due date must be at least 3 days after sending (it is 2)",
    )  # fmt: skip
    assert "due date" in refused.err
    text = run(capsys, "invoice", "send", str(soon), "--method", "efaktura", "--db", db)
    assert (text.code, text.out) == (1, "")
    assert text.err == (
        f"error: invoice {soon} refused: eFaktura: the due date must be at least 3 days after"
        " sending (it is 2)\n"
    )
    assert text.err.count("eFaktura") == 1
    invoice = _issue(capsys, db)
    sent = run(capsys, "invoice", "send", str(invoice), "--method", "efaktura", "--save-on-card",
               "--json", "--db", db)  # fmt: skip
    assert sent.code == 0, sent.err
    assert {k: sent.json[k] for k in ("method", "status", "reason")} == {
        "method": "efaktura", "status": "queued", "reason": None,
    }  # fmt: skip
    card = run(capsys, "efaktura", "lookup", "10000", "--json", "--db", db)
    assert card.json["delivery_method"] == "efaktura"
    done = run(capsys, "delivery", "run", "--json", "--db", db)
    assert done.code == 0, done.err
    assert done.json["efaktura"]["delivered"] == 1
    history = run(capsys, "invoice", "deliveries", str(invoice), "--json", "--db", db)
    assert (history.json[0]["method"], history.json[0]["state"]) == ("efaktura", "delivered")
