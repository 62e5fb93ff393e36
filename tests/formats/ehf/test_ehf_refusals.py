"""What the official rules reject, we refuse before anything is written, with a code.

The negative samples (``shared/samples/ehf/negative``) each break one rule. For each the
validator names that rule, our reader refuses the file with the code that stands for
the same rule, and the model refuses to make the same document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from reskontro.domain.vat import VatCode, VatLine
from reskontro.errors import FileFormatError
from reskontro.formats.ehf import (
    RULES,
    Address,
    Attachment,
    Buyer,
    DocumentType,
    EhfCode,
    EhfError,
    EndpointId,
    Exemption,
    InvoiceReference,
    Line,
    Payment,
    Seller,
    parse,
)
from reskontro.i18n import render
from reskontro.testing.ehf import BUYER, SELLER, document, line

if TYPE_CHECKING:
    from collections.abc import Callable

    from reskontro.testing.ehf import Validator

NEGATIVE = Path(__file__).resolve().parents[3].parent / "shared" / "samples" / "ehf" / "negative"

#: file -> (the rule the validator reports, its flag, our code or None if we read it).
NEGATIVE_CASES = {
    "bad-orgnr-mod11.xml": ("PEPPOL-COMMON-R041", "fatal", EhfCode.BAD_ORG_NUMBER),
    "no-buyer-reference.xml": ("PEPPOL-EN16931-R003", "fatal", EhfCode.NO_BUYER_REFERENCE),
    "no-mva-suffix.xml": ("NO-R-001", "fatal", EhfCode.BAD_VAT_ID),
    "wrong-payable.xml": ("BR-CO-16", "fatal", EhfCode.TOTALS_MISMATCH),
    "xsd-element-order.xml": ("XSD", "fatal", EhfCode.ELEMENT_ORDER),
    "no-foretaksregisteret.xml": ("NO-R-002", "warning", None),
}


def test_every_negative_sample_is_covered() -> None:
    assert sorted(p.name for p in NEGATIVE.glob("*.xml")) == sorted(NEGATIVE_CASES)


@pytest.mark.parametrize("name", sorted(NEGATIVE_CASES))
def test_negative_sample_maps_to_our_code(validator: Validator, name: str) -> None:
    rule, flag, code = NEGATIVE_CASES[name]
    data = (NEGATIVE / name).read_bytes()
    assert (rule, flag) in {(f.id, f.flag) for f in validator.findings(data)}
    if code is None:
        assert parse(data).seller.foretaksregisteret is False
        return
    with pytest.raises(EhfError) as caught:
        parse(data)
    assert caught.value.code is code
    assert RULES[code] == rule


def _bad_lines() -> Any:
    return document(
        lines=(line("x", 1000, 100, VatCode.STANDARD),), vat=(VatLine(VatCode.FOOD, 100, 15),)
    )


#: How a document is refused before anything is written: (make it, the code).
REFUSALS: dict[str, tuple[Callable[[], object], EhfCode]] = {
    "missing buyer reference": (lambda: document(buyer_reference="  "), EhfCode.NO_BUYER_REFERENCE),
    "bad buyer Peppol id (MOD11)": (lambda: EndpointId.parse("0192:987654321"), EhfCode.BAD_ORG_NUMBER),
    "bad seller org number": (lambda: replace(SELLER, org_number="123456789"), EhfCode.BAD_ORG_NUMBER),
    "org number with spaces": (lambda: replace(SELLER, org_number="123 456 785"), EhfCode.BAD_ORG_NUMBER),
    "bad buyer org number": (lambda: replace(BUYER, org_number="12345678"), EhfCode.BAD_ORG_NUMBER),
    "Peppol id without scheme": (lambda: EndpointId.parse("987654325"), EhfCode.BAD_ENDPOINT),
    "Peppol id with a blank": (lambda: EndpointId("0192", "987 654 325"), EhfCode.BAD_ENDPOINT),
    "blank seller name": (lambda: replace(SELLER, name=""), EhfCode.BLANK_TEXT),
    "blank buyer name": (lambda: replace(BUYER, name=" \n"), EhfCode.BLANK_TEXT),
    "control character": (lambda: document(note="bell \x07"), EhfCode.BAD_TEXT),
    "blank document number": (lambda: document(number=""), EhfCode.BLANK_TEXT),
    "lowercase country": (lambda: Address(country="no"), EhfCode.BAD_COUNTRY),
    "blank city": (lambda: Address(city=""), EhfCode.BLANK_TEXT),
    "bad currency": (lambda: document(currency="kroner", vat_nok_ore=0), EhfCode.BAD_CURRENCY),
    "bad account": (lambda: Payment("12345678901"), EhfCode.BAD_ACCOUNT),
    "IBAN (not modelled)": (lambda: Payment("NO9386011117947"), EhfCode.BAD_ACCOUNT),
    "bad KID": (lambda: Payment("86011117947", "0001234000106"), EhfCode.BAD_KID),
    "KID with spaces": (lambda: Payment("86011117947", "00012 34000 105"), EhfCode.BAD_KID),
    "bad unit code": (lambda: line("x", unit_code="each"), EhfCode.BAD_UNIT_CODE),
    "no lines": (lambda: document(lines=(), vat=()), EhfCode.NO_LINES),
    "zero quantity": (lambda: Line("x", 0, 100, VatCode.STANDARD, 0), EhfCode.ZERO_QUANTITY),
    "negative price": (lambda: Line("x", 1000, -100, VatCode.STANDARD, -100), EhfCode.NEGATIVE_PRICE),
    "line amount off by 3 øre": (lambda: Line("x", 1000, 100, VatCode.STANDARD, 103), EhfCode.LINE_NET_MISMATCH),
    "VAT code missing from summary": (_bad_lines, EhfCode.VAT_SUMMARY_MISMATCH),
    "VAT basis wrong": (
        lambda: document(vat=(VatLine(VatCode.STANDARD, 99_999, 25_000),)), EhfCode.VAT_SUMMARY_MISMATCH,
    ),
    "VAT off by 1 krone": (
        lambda: document(vat=(VatLine(VatCode.STANDARD, 100_000, 25_100),)), EhfCode.VAT_AMOUNT_OFF,
    ),
    "VAT on a zero-rated line": (
        lambda: document((line("x", vat_code=VatCode.ZERO),), vat=(VatLine(VatCode.ZERO, 100_000, 1),)),
        EhfCode.VAT_AMOUNT_OFF,
    ),
    "VAT without registration": (
        lambda: document(seller=replace(SELLER, vat_registered=False)), EhfCode.NOT_VAT_REGISTERED,
    ),
    "no tax registration at all": (
        lambda: document((line("x", vat_code=VatCode.ZERO),),
                         seller=replace(SELLER, vat_registered=False, foretaksregisteret=False)),
        EhfCode.NO_TAX_REGISTRATION,
    ),
    "exempt line without reason": (
        lambda: document((line("x", vat_code=VatCode.EXEMPT),), exemption=None), EhfCode.NO_EXEMPTION_REASON,
    ),
    "empty exemption": (lambda: Exemption(), EhfCode.NO_EXEMPTION_REASON),
    "exemption without exempt lines": (
        lambda: document(exemption=Exemption("x")), EhfCode.EXEMPTION_WITHOUT_EXEMPT_LINES,
    ),
    "foreign currency without NOK VAT": (lambda: document(currency="EUR"), EhfCode.NOK_VAT_MISSING),
    "NOK VAT on a NOK invoice": (lambda: document(vat_nok_ore=25_000), EhfCode.NOK_VAT_NOT_ALLOWED),
    "NOK VAT of the other sign": (
        lambda: document(currency="EUR", vat_nok_ore=-1), EhfCode.NOK_VAT_SIGN,
    ),
    "credit note without the invoice": (
        lambda: document(kind=DocumentType.CREDIT_NOTE, payment=None, due_date=None),
        EhfCode.NO_BILLING_REFERENCE,
    ),
    "credit note due date without payment": (
        lambda: document(kind=DocumentType.CREDIT_NOTE, payment=None,
                         credits=InvoiceReference("1", dt.date(2026, 1, 1))),
        EhfCode.DUE_DATE_WITHOUT_PAYMENT,
    ),
    "blank credited number": (lambda: InvoiceReference(" "), EhfCode.BLANK_TEXT),
    "attachment without file name": (lambda: Attachment("1", "", b""), EhfCode.BLANK_TEXT),
    "empty attachment": (lambda: Attachment("1", "a.pdf", b""), EhfCode.EMPTY_ATTACHMENT),
    "attachment of a type Peppol refuses": (
        lambda: Attachment("1", "a.zip", b"x", mime_code="application/zip"),  # type: ignore[arg-type]
        EhfCode.BAD_MIME_CODE,
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(REFUSALS))
def test_refused_before_anything_is_written(name: str) -> None:
    make, code = REFUSALS[name]
    with pytest.raises(EhfError) as caught:
        make()
    assert caught.value.code is code
    assert caught.value.msg is not None
    assert caught.value.msg.code == code.value
    for lang in ("en", "nb"):
        assert "{" not in render(caught.value.msg, lang)


def test_a_refusal_names_the_field_at_fault() -> None:
    with pytest.raises(EhfError) as caught:
        replace(BUYER, name="")
    assert caught.value.msg is not None
    assert caught.value.msg["what"] == "buyer_name"
    assert caught.value.text("nb") == "EHF: kjøpers navn kan ikke være tom"
    assert str(caught.value) == "EHF: the buyer's name must not be empty"


def test_a_valid_foreign_seller_shape_is_still_norwegian() -> None:
    """The seller is always addressed by 0192: a Seller has no other endpoint."""
    seller = Seller(
        "S AS", "123456785", Address(country="NO"), vat_registered=True, foretaksregisteret=False
    )
    assert seller.vat_id == "NO123456785MVA"
    assert Buyer("B", EndpointId.norwegian("987654325"), Address()).org_number is None


# --- The reader refuses what it cannot hold --------------------------------------------

MINIMAL = NEGATIVE.parent / "own__minimal-NO-invoice.xml"


def _mutated(old: str, new: str) -> bytes:
    text = MINIMAL.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1).encode()


READER_REFUSALS: dict[str, tuple[bytes, EhfCode]] = {
    "not UBL": (b"<Document xmlns='urn:x'/>", EhfCode.NOT_EHF),
    "wrong customization": (_mutated("billing:3.0</", "billing:3.0::2.1</"), EhfCode.NOT_EHF),
    "wrong type code": (_mutated(">380<", ">393<"), EhfCode.BAD_VALUE),
    "unknown top-level element": (
        _mutated("<cbc:BuyerReference>", "<cbc:AccountingCost>x</cbc:AccountingCost><cbc:BuyerReference>"),
        EhfCode.UNSUPPORTED_ELEMENT,
    ),
    "bad date": (_mutated("2026-11-15", "15.11.2026"), EhfCode.BAD_VALUE),
    "amount in another currency": (
        _mutated('<cbc:PayableAmount currencyID="NOK">', '<cbc:PayableAmount currencyID="EUR">'),
        EhfCode.BAD_VALUE,
    ),
    "sub-øre amount": (_mutated(">1250.00</cbc:PayableAmount>", ">1250.001</cbc:PayableAmount>"), EhfCode.BAD_VALUE),
    "unknown VAT category": (_mutated("<cbc:ID>S</cbc:ID>", "<cbc:ID>AE</cbc:ID>"), EhfCode.BAD_VALUE),
    "unknown VAT rate": (_mutated("<cbc:Percent>25</cbc:Percent>", "<cbc:Percent>11.11</cbc:Percent>"), EhfCode.BAD_VALUE),
    "bad VAT percent": (_mutated("<cbc:Percent>25</cbc:Percent>", "<cbc:Percent>x</cbc:Percent>"), EhfCode.BAD_VALUE),
    "VAT total off": (_mutated('<cbc:TaxAmount currencyID="NOK">250.00', '<cbc:TaxAmount currencyID="NOK">250.01'), EhfCode.TOTALS_MISMATCH),
    "no tax subtotal": (
        _mutated("<cac:TaxSubtotal>", "<cac:X>").replace(b"</cac:TaxSubtotal>", b"</cac:X>"),
        EhfCode.MISSING_ELEMENT,
    ),
    "prepaid amount": (
        _mutated("<cbc:PayableAmount", '<cbc:PrepaidAmount currencyID="NOK">0.00</cbc:PrepaidAmount><cbc:PayableAmount'),
        EhfCode.UNSUPPORTED_ELEMENT,
    ),
    "line allowance": (
        _mutated("<cac:Item>", "<cac:AllowanceCharge/><cac:Item>"), EhfCode.UNSUPPORTED_ELEMENT,
    ),
    "price per base quantity": (
        _mutated("500.00</cbc:PriceAmount>", "500.00</cbc:PriceAmount><cbc:BaseQuantity>2</cbc:BaseQuantity>"),
        EhfCode.UNSUPPORTED_ELEMENT,
    ),
    "quantity in ten-thousandths": (_mutated('unitCode="HUR">2<', 'unitCode="HUR">2.0001<'), EhfCode.BAD_VALUE),
    "quantity not a number": (_mutated('unitCode="HUR">2<', 'unitCode="HUR">two<'), EhfCode.BAD_VALUE),
    "direct debit": (_mutated(">30</cbc:PaymentMeansCode>", ">49</cbc:PaymentMeansCode>"), EhfCode.BAD_VALUE),
    "two payment means": (
        _mutated("<cac:TaxTotal>", "<cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode></cac:PaymentMeans><cac:TaxTotal>"),
        EhfCode.UNSUPPORTED_ELEMENT,
    ),
    "seller endpoint not 0192": (_mutated('schemeID="0192">123456785</cbc:EndpointID>', 'schemeID="0088">123456785</cbc:EndpointID>'), EhfCode.BAD_VALUE),
    "seller legal id differs": (
        _mutated('<cbc:CompanyID schemeID="0192">123456785</cbc:CompanyID>', '<cbc:CompanyID schemeID="0192">987654325</cbc:CompanyID>'),
        EhfCode.BAD_VALUE,
    ),
    "missing buyer": (
        _mutated("<cac:AccountingCustomerParty>", "<cac:AccountingCustomerParty><cac:X>").replace(
            b"</cac:Party>\n  </cac:AccountingCustomerParty>", b"</cac:Party></cac:X>\n  </cac:AccountingCustomerParty>"),
        EhfCode.MISSING_ELEMENT,
    ),
    "external attachment": (
        _mutated("<cac:AccountingSupplierParty>", "<cac:AdditionalDocumentReference><cbc:ID>1</cbc:ID><cac:Attachment><cac:ExternalReference><cbc:URI>http://x</cbc:URI></cac:ExternalReference></cac:Attachment></cac:AdditionalDocumentReference><cac:AccountingSupplierParty>"),
        EhfCode.UNSUPPORTED_ELEMENT,
    ),
    "attachment of a refused type": (
        _mutated("<cac:AccountingSupplierParty>", '<cac:AdditionalDocumentReference><cbc:ID>1</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="application/zip" filename="a.zip">AAAA</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference><cac:AccountingSupplierParty>'),
        EhfCode.BAD_MIME_CODE,
    ),
    "attachment not base64": (
        _mutated("<cac:AccountingSupplierParty>", '<cac:AdditionalDocumentReference><cbc:ID>1</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="a.pdf">***</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference><cac:AccountingSupplierParty>'),
        EhfCode.BAD_VALUE,
    ),
    "foreign tax currency": (_mutated("<cbc:BuyerReference>", "<cbc:TaxCurrencyCode>SEK</cbc:TaxCurrencyCode><cbc:BuyerReference>"), EhfCode.BAD_VALUE),
    "tax currency without its total": (_mutated("<cbc:BuyerReference>", "<cbc:TaxCurrencyCode>NOK</cbc:TaxCurrencyCode><cbc:BuyerReference>"), EhfCode.NOK_VAT_MISSING),
}  # fmt: skip


@pytest.mark.parametrize("name", list(READER_REFUSALS))
def test_reader_refuses(name: str) -> None:
    data, code = READER_REFUSALS[name]
    with pytest.raises(EhfError) as caught:
        parse(data)
    assert caught.value.code is code


def test_reader_refuses_declarations_and_broken_xml() -> None:
    with pytest.raises(FileFormatError, match="DOCTYPE or ENTITY"):
        parse(b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Invoice>&e;</Invoice>')
    with pytest.raises(FileFormatError, match="not well-formed"):
        parse(b"<Invoice>")
