"""``reskontro ehf ID --out FILE.xml`` (ACCEPTANCE.md, Delivery) on an issued invoice and
a credit note: the file passes the official Peppol BIS 3 / EHF rules with no fatal error."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from reskontro.formats.ehf import DocumentType, parse
from reskontro.testing.cli import run
from reskontro.testing.ehf import load_validator

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from reskontro.testing.ehf import Validator


@pytest.fixture(scope="module")
def validator() -> Iterator[Validator]:
    try:
        loaded = load_validator()
    except ImportError as error:
        pytest.skip(f"the EHF rules cannot run here: {error}")
    yield loaded
    loaded.close()


def test_ehf_of_an_invoice_and_a_credit_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], validator: Validator
) -> None:
    db = f"sqlite:///{tmp_path / 'ehf.sqlite'}"
    assert run(capsys, "company", "create", "--name", "Fjordkraft Regnskap AS", "--org-number",
               "123456785", "--account", "12345678903", "--vat-registered",
               "--foretaksregisteret", "--db", db).code == 0  # fmt: skip
    customer = run(capsys, "customer", "create", "--name", "Ærlige Øl og Ål AS", "--kind",
                   "business", "--delivery", "ehf", "--peppol-id", "0192:987654325",
                   "--org-number", "987654325", "--street", "Bryggen 3", "--postcode", "5003",
                   "--city", "Bergen", "--json", "--db", db)  # fmt: skip
    assert customer.code == 0, customer.err
    draft = run(capsys, "invoice", "create", "--customer", str(customer.json["number"]),
                "--line", "Konsulenttime|7,5|950|25", "--line", "Lunsj|12|187,50|15",
                "--line", "Reise|2|450,50|12", "--line", "Eksport|1|777,77|0",
                "--line", "Legetjeneste|1|1200|exempt", "--your-reference", "Kari K.",
                "--date", "2026-11-02", "--json", "--db", db)  # fmt: skip
    assert draft.code == 0, draft.err
    invoice_id = draft.json["id"]
    issued = run(capsys, "invoice", "issue", str(invoice_id), "--json", "--db", db)
    assert issued.code == 0, issued.err

    out = tmp_path / "out" / "faktura.xml"
    result = run(capsys, "ehf", str(invoice_id), "--out", str(out), "--db", db)
    assert result.code == 0, result.err
    assert result.out == f"wrote {out} ({out.stat().st_size} bytes)\n"
    assert validator.fatal(out.read_bytes()) == []
    invoice = parse(out.read_bytes())
    assert invoice.kind is DocumentType.INVOICE
    assert invoice.total_ore == issued.json["total_ore"]
    assert invoice.payment is not None
    assert invoice.payment.kid == issued.json["kid"]
    assert invoice.attachments[0].content.startswith(b"%PDF")

    credit = run(capsys, "invoice", "credit", str(invoice_id), "--line", "1:2.5", "--line", "5",
                 "--json", "--db", db)  # fmt: skip
    assert credit.code == 0, credit.err
    note_file = tmp_path / "kreditnota.xml"
    shown = run(capsys, "ehf", str(credit.json["id"]), "--out", str(note_file), "--json",
                "--db", db)  # fmt: skip
    assert shown.code == 0, shown.err
    assert shown.json["bytes"] == note_file.stat().st_size
    assert validator.fatal(note_file.read_bytes()) == []
    note = parse(note_file.read_bytes())
    assert note.kind is DocumentType.CREDIT_NOTE
    assert note.credits is not None
    assert note.credits.number == str(issued.json["number"])
    assert note.total_ore == -credit.json["total_ore"]


def test_ehf_refuses_what_cannot_be_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'ehf.sqlite'}"
    run(capsys, "company", "create", "--name", "Test AS", "--org-number", "123456785",
        "--account", "12345678903", "--vat-registered", "--db", db)  # fmt: skip
    run(capsys, "customer", "create", "--name", "Kari Nordmann", "--kind", "person", "--db", db)
    draft = run(capsys, "invoice", "create", "--customer", "10000", "--line", "Time|1|100|25",
                "--json", "--db", db).json  # fmt: skip
    out = tmp_path / "x.xml"
    not_issued = run(capsys, "ehf", str(draft["id"]), "--out", str(out), "--db", db)
    assert not_issued.code == 1
    assert "draft" in not_issued.err
    run(capsys, "invoice", "issue", str(draft["id"]), "--db", db)
    no_endpoint = run(capsys, "ehf", str(draft["id"]), "--out", str(out), "--db", db)
    assert no_endpoint.code == 1
    assert "neither a Peppol id nor an organisation number" in no_endpoint.err
    assert run(capsys, "ehf", "999", "--out", str(out), "--db", db).code == 1
    assert not out.exists()
