"""The shared samples: ours read in full; the others are refused where they go beyond us."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from reskontro.domain.vat import VatCode, VatLine
from reskontro.formats.ehf import (
    Address,
    Buyer,
    DocumentType,
    EhfCode,
    EhfDocument,
    EhfError,
    EndpointId,
    InvoiceReference,
    Line,
    Payment,
    Seller,
    build,
    parse,
)

if TYPE_CHECKING:
    from reskontro.testing.ehf import Validator

SAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "samples" / "ehf"
SELLER = Seller("Selger AS", "123456785", Address("Storgata 1", "0155", "Oslo"), True, True)
BUYER = Buyer(
    "Kjøper AS", EndpointId("0192", "987654325"), Address(None, "5003", "Bergen"), "987654325"
)

EXPECTED = {
    "own__minimal-NO-invoice.xml": EhfDocument(
        kind=DocumentType.INVOICE, number="10001", issue_date=dt.date(2026, 11, 1),
        seller=SELLER, buyer=BUYER, buyer_reference="Ola Kjøper",
        lines=(Line("Konsulenttime", 2000, 50_000, VatCode.STANDARD, 100_000, unit_code="HUR"),),
        vat=(VatLine(VatCode.STANDARD, 100_000, 25_000),),
        due_date=dt.date(2026, 11, 15), payment=Payment("86011117947", "0001234000105"),
    ),
    "own__minimal-NO-creditnote.xml": EhfDocument(
        kind=DocumentType.CREDIT_NOTE, number="K-10001", issue_date=dt.date(2026, 11, 5),
        seller=Seller("Selger AS", "123456785", Address(city="Oslo"), True, True),
        buyer=Buyer("Kjøper AS", EndpointId("0192", "987654325"), Address(city="Bergen")),
        buyer_reference="Ola Kjøper",
        lines=(Line("Konsulenttime (kreditert)", 1000, 50_000, VatCode.STANDARD, 50_000, unit_code="HUR"),),
        vat=(VatLine(VatCode.STANDARD, 50_000, 12_500),),
        credits=InvoiceReference("10001", dt.date(2026, 11, 1)),
    ),
}  # fmt: skip

#: Samples with parts the model does not hold, and the first such part.
BEYOND = {
    "ehf-g3__norway__ehf-3-faktura-1.xml": "TaxPointDate",
    "peppol-bis3__Norwegian-example-1.xml": "TaxPointDate",
    "peppol-bis3__base-creditnote-correction.xml": "AccountingCost",
    "peppol-bis3__base-example.xml": "AccountingCost",
}


def test_every_sample_is_covered() -> None:
    assert sorted(p.name for p in SAMPLES.glob("*.xml")) == sorted([*EXPECTED, *BEYOND])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_our_samples_read_in_full(validator: Validator, name: str) -> None:
    doc = parse((SAMPLES / name).read_bytes())
    assert doc == EXPECTED[name]
    written = build(doc)
    assert validator.findings(written) == []
    assert parse(written) == doc


@pytest.mark.parametrize("name", sorted(BEYOND))
def test_other_samples_are_refused_not_misread(name: str) -> None:
    with pytest.raises(EhfError) as caught:
        parse((SAMPLES / name).read_bytes())
    assert caught.value.code is EhfCode.UNSUPPORTED_ELEMENT
    assert caught.value.msg is not None
    assert caught.value.msg["element"] == BEYOND[name]
