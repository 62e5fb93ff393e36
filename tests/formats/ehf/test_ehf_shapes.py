"""Every shape of invoice and credit note we write passes the official rules, and reads back.

Each document goes through ``shared/validation/ehf/validate.py`` (UBL 2.1 XSD, CEN
EN 16931 1.3.16, Peppol BIS 3.0.21 with the Norwegian rules): 0 fatal findings, and no
warning either unless the case says which.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
from lxml import etree

from reskontro.domain.vat import VatCode, VatRounding, compute_totals
from reskontro.formats.ehf import (
    Address,
    Attachment,
    Buyer,
    DocumentType,
    EndpointId,
    Exemption,
    InvoiceReference,
    Payment,
    Seller,
    build,
    parse,
)
from reskontro.testing.ehf import ACCOUNT, BUYER, SELLER, document, line

if TYPE_CHECKING:
    from reskontro.formats.ehf import (
        EhfDocument,
    )
    from reskontro.testing.ehf import Validator

S, F, L, Z, E = VatCode.STANDARD, VatCode.FOOD, VatCode.LOW, VatCode.ZERO, VatCode.EXEMPT
ALL_CODES = (
    line("Regnskapsføring", 2000, 95_000, S),
    line("Lunsj til møtet", 1500, 333, F),
    line("Persontransport Ørland–Trondheim", 1000, 45_050, L),
    line("Eksport av programvare", 3000, 77_777, Z),
    line("Helsetjeneste (unntatt)", 1000, 120_000, E),
)
INVOICE = document(ALL_CODES)
LONG = "Lang tekst om oppdraget, med æøå og «sitat». " * 200  # 9 200 characters
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 800 + b"\n%%EOF\n"  # 200 KB, every byte value


def credit_note_of_part() -> EhfDocument:
    """Credits one and a half of the two hours on line 1 and all of line 3 (positive)."""
    lines = (
        line("Regnskapsføring", 1500, 95_000, S, note="Kreditert: feil timetall"),
        line("Persontransport Ørland–Trondheim", 1000, 45_050, L),
    )
    return document(
        lines,
        kind=DocumentType.CREDIT_NOTE,
        number="10007",
        issue_date=dt.date(2026, 11, 20),
        due_date=None,
        payment=None,
        credits=InvoiceReference(INVOICE.number, INVOICE.issue_date),
    )


def per_line_rounding() -> EhfDocument:
    lines = tuple(line(f"Vare {i}", 1000, 1003, S) for i in range(40))
    vat = compute_totals([(x.net_ore, x.vat_code) for x in lines], VatRounding.PER_LINE)
    assert vat.vat_ore != compute_totals([(x.net_ore, x.vat_code) for x in lines]).vat_ore
    return document(lines, vat=vat.by_code)


SHAPES: dict[str, EhfDocument] = {
    "all VAT codes": INVOICE,
    **{f"only {code.value}": document((line("Tjeneste", 1000, 10_000, code),)) for code in VatCode},
    "several rates, several lines each": document(
        tuple(
            line(f"Linje {i}", 1000 + 250 * i, 10_001 * i, (S, F, L)[i % 3]) for i in range(1, 13)
        )
    ),
    "credit note of part of an invoice": credit_note_of_part(),
    "credit note with payment and due date": replace(
        credit_note_of_part(), due_date=dt.date(2026, 12, 4), payment=Payment(ACCOUNT)
    ),
    "long texts": document(
        (line(LONG[:2000], 1000, 10_000, S, note=LONG),),
        note=LONG,
        buyer_reference=LONG[:500],
        seller=replace(SELLER, name="Et svært langt firmanavn " * 20),
        buyer=replace(BUYER, name="En kunde med et langt navn " * 20),
    ),
    "æøå and markup characters": document(
        (line("Ærlig «tjeneste» & <mer> \"sitat\" 'x' — ½ € 😀 \U00020000", 1000, 10_000, S),),
        buyer_reference="Åse Ødegård <innkjøp> & co",
        note="Linje 1\nLinje 2\tmed tab og \r vognretur",
    ),
    "foreign currency with VAT in NOK": document(
        ALL_CODES, currency="EUR", vat_nok_ore=(INVOICE.vat_ore * 11_734_500 + 500_000) // 1_000_000
    ),
    "foreign currency credit note": replace(
        credit_note_of_part(), currency="SEK", vat_nok_ore=31_234
    ),
    "foreign currency without VAT": document(
        (line("Eksport", 1000, 10_000, Z),), currency="USD", vat_nok_ore=0
    ),
    "without KID": document(payment=Payment(ACCOUNT)),
    "without payment means": document(payment=None, due_date=None),
    "with the PDF attached": document(
        attachments=(Attachment("10001", "faktura-10001.pdf", PDF, description="Faktura 10001"),)
    ),
    "two attachments, one without description": document(
        attachments=(
            Attachment("10001", "faktura-10001.pdf", PDF),
            Attachment("timeliste", "timer.csv", b"dato;timer\n2026-11-01;7,5\n"),
        )
    ),
    "a discount line (negative quantity)": document(
        (line("Årsavtale", 1000, 500_000, S), line("Rabatt", -1000, 50_000, S))
    ),
    "fractional quantities": document((line("Timer", 1234, 99_999, S), line("Liter", 1, 7, F))),
    "delivery date, unit code": document(
        (line("Konsulenttime", 7500, 125_000, S, unit_code="HUR"),),
        delivery_date=dt.date(2026, 10, 31),
    ),
    "VAT rounded per line": per_line_rounding(),
    "exemption as a VATEX code": document(
        (line("Fritatt", 1000, 5_000, E),), exemption=Exemption(code="VATEX-EU-132")
    ),
    "seller outside the VAT register (Foretaksregisteret only)": document(
        (line("Fritatt", 1000, 5_000, E), line("Nullsats", 1000, 5_000, Z)),
        seller=replace(SELLER, vat_registered=False),
    ),
    "buyer without organisation number and a bare address": document(
        buyer=Buyer("Kari Nordmann", EndpointId.norwegian("987654325"), Address(city="Bergen"))
    ),
    "foreign buyer": document(
        buyer=Buyer(
            "Svenska Köparen AB",
            EndpointId("0007", "5567321707"),
            Address("Drottninggatan 1", "111 51", "Stockholm", "SE"),
        ),
        currency="SEK",
        vat_nok_ore=25_000,
    ),
}


@pytest.mark.parametrize("name", list(SHAPES))
def test_every_shape_passes_the_official_rules(validator: Validator, name: str) -> None:
    data = build(SHAPES[name])
    assert validator.findings(data) == []


@pytest.mark.parametrize("name", list(SHAPES))
def test_every_shape_reads_back(name: str) -> None:
    assert parse(build(SHAPES[name])) == SHAPES[name]


def test_without_foretaksregisteret_only_the_warning(validator: Validator) -> None:
    """NO-R-002 is a warning: a sole proprietorship is not in Foretaksregisteret."""
    doc = document(seller=replace(SELLER, foretaksregisteret=False))
    found = validator.findings(build(doc))
    assert [(f.id, f.flag) for f in found] == [("NO-R-002", "warning")]
    assert parse(build(doc)) == doc


def test_the_xml_states_the_norwegian_specifics() -> None:
    root = etree.fromstring(build(SHAPES["foreign currency with VAT in NOK"]))
    ns = {"cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
          "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"}  # fmt: skip
    seller = root.find("cac:AccountingSupplierParty/cac:Party", ns)
    assert seller is not None
    assert seller.findtext("cbc:EndpointID", namespaces=ns) == "123456785"
    assert seller.find("cbc:EndpointID", ns).get("schemeID") == "0192"  # type: ignore[union-attr]
    assert [x.text for x in seller.iterfind("cac:PartyTaxScheme/cbc:CompanyID", ns)] == [
        "NO123456785MVA",
        "Foretaksregisteret",
    ]
    assert root.findtext("cac:PaymentMeans/cbc:PaymentID", namespaces=ns) == "0001234000105"
    assert root.findtext("cac:PaymentMeans/cbc:PaymentMeansCode", namespaces=ns) == "30"
    assert root.findtext("cbc:TaxCurrencyCode", namespaces=ns) == "NOK"
    amounts = [x.text for x in root.iterfind("cac:TaxTotal/cbc:TaxAmount", ns)]
    assert len(amounts) == 2
    assert all(a is not None and len(a.split(".")[1]) == 2 for a in amounts)
    assert [x.text for x in root.iterfind("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID", ns)] == [
        "S", "S", "S", "Z", "E",
    ]  # fmt: skip


def test_seller_is_checked_through_the_domain() -> None:
    assert SELLER.vat_id == "NO123456785MVA"
    assert Seller("X AS", "123456785", Address(), vat_registered=False, foretaksregisteret=True)
    assert str(EndpointId.parse(" 0192:987654325 ")) == "0192:987654325"
    assert INVOICE.total_ore == INVOICE.net_ore + INVOICE.vat_ore
    assert not INVOICE.is_credit_note
