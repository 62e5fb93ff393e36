""":class:`~.model.EhfDocument` -> UBL 2.1 XML: :func:`build`.

A thin lxml writer: one function per UBL aggregate, elements in the order of the UBL
2.1 XSD, only the Peppol BIS Billing 3.0 subset of ``shared/specs/ehf-peppol-bis3.md``
§2. The document was checked when it was made (:mod:`.rules`), so what is written
passes the official rules (the tests run them on every shape).
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, cast

from lxml import etree

from . import ubl
from .model import NOK, SCHEME_NO_ORGNR
from .ubl import CATEGORY, cac, cbc

if TYPE_CHECKING:
    from reskontro.domain.vat import VatCode, VatLine

    from .model import Address, Attachment, Buyer, EhfDocument, Exemption, Line, Seller


def build(doc: EhfDocument) -> bytes:
    """The EHF (UBL 2.1 Invoice or CreditNote) of ``doc``, UTF-8 with a declaration."""
    kind = doc.kind
    nsmap = cast(
        "dict[str, str]", {None: ubl.NAMESPACE[kind], "cac": ubl.NS_CAC, "cbc": ubl.NS_CBC}
    )
    root = etree.Element(f"{{{ubl.NAMESPACE[kind]}}}{ubl.ROOT[kind]}", nsmap=nsmap)
    _add(root, cbc("CustomizationID"), ubl.CUSTOMIZATION_ID)
    _add(root, cbc("ProfileID"), ubl.PROFILE_ID)
    _add(root, cbc("ID"), doc.number)
    _add(root, cbc("IssueDate"), doc.issue_date.isoformat())
    if doc.due_date is not None and not doc.is_credit_note:
        _add(root, cbc("DueDate"), doc.due_date.isoformat())
    _add(root, cbc(ubl.TYPE_CODE[kind]), kind.value)
    if doc.note is not None:
        _add(root, cbc("Note"), doc.note)
    _add(root, cbc("DocumentCurrencyCode"), doc.currency)
    if doc.vat_nok_ore is not None:
        _add(root, cbc("TaxCurrencyCode"), NOK)
    _add(root, cbc("BuyerReference"), doc.buyer_reference)
    if doc.credits is not None:
        reference = _add(_add(root, cac("BillingReference")), cac("InvoiceDocumentReference"))
        _add(reference, cbc("ID"), doc.credits.number)
        if doc.credits.issue_date is not None:
            _add(reference, cbc("IssueDate"), doc.credits.issue_date.isoformat())
    for attachment in doc.attachments:
        _attachment(root, attachment)
    _seller(_add(_add(root, cac("AccountingSupplierParty")), cac("Party")), doc.seller)
    _buyer(_add(_add(root, cac("AccountingCustomerParty")), cac("Party")), doc.buyer)
    if doc.delivery_date is not None:
        _add(_add(root, cac("Delivery")), cbc("ActualDeliveryDate"), doc.delivery_date.isoformat())
    _payment(root, doc)
    _tax_total(root, doc)
    totals = _add(root, cac("LegalMonetaryTotal"))
    for name, ore in (
        ("LineExtensionAmount", doc.net_ore),
        ("TaxExclusiveAmount", doc.net_ore),
        ("TaxInclusiveAmount", doc.total_ore),
        ("PayableAmount", doc.total_ore),
    ):
        _money(totals, name, ore, doc.currency)
    for position, line in enumerate(doc.lines, start=1):
        _line(root, doc, position, line)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _add(
    parent: etree._Element, tag: str, text: str | None = None, **attributes: str
) -> etree._Element:
    element = etree.SubElement(parent, tag, attrib=attributes or None)
    if text is not None:
        element.text = text
    return element


def _money(parent: etree._Element, local: str, ore: int, currency: str) -> etree._Element:
    return _add(parent, cbc(local), ubl.amount(ore), currencyID=currency)


def _attachment(root: etree._Element, attachment: Attachment) -> None:
    reference = _add(root, cac("AdditionalDocumentReference"))
    _add(reference, cbc("ID"), attachment.id)
    if attachment.description is not None:
        _add(reference, cbc("DocumentDescription"), attachment.description)
    _add(
        _add(reference, cac("Attachment")),
        cbc("EmbeddedDocumentBinaryObject"),
        base64.b64encode(attachment.content).decode("ascii"),
        mimeCode=attachment.mime_code.value,
        filename=attachment.filename,
    )


def _address(party: etree._Element, address: Address) -> None:
    postal = _add(party, cac("PostalAddress"))
    if address.street is not None:
        _add(postal, cbc("StreetName"), address.street)
    if address.city is not None:
        _add(postal, cbc("CityName"), address.city)
    if address.postcode is not None:
        _add(postal, cbc("PostalZone"), address.postcode)
    _add(_add(postal, cac("Country")), cbc("IdentificationCode"), address.country)


def _tax_scheme(party: etree._Element, company_id: str, scheme: str) -> None:
    tax = _add(party, cac("PartyTaxScheme"))
    _add(tax, cbc("CompanyID"), company_id)
    _add(_add(tax, cac("TaxScheme")), cbc("ID"), scheme)


def _legal_entity(party: etree._Element, name: str, org_number: str | None) -> None:
    legal = _add(party, cac("PartyLegalEntity"))
    _add(legal, cbc("RegistrationName"), name)
    if org_number is not None:
        _add(legal, cbc("CompanyID"), org_number, schemeID=SCHEME_NO_ORGNR)


def _seller(party: etree._Element, seller: Seller) -> None:
    _add(party, cbc("EndpointID"), seller.org_number, schemeID=SCHEME_NO_ORGNR)
    _address(party, seller.address)
    if seller.vat_registered:
        _tax_scheme(party, seller.vat_id, ubl.TAX_SCHEME_VAT)
    if seller.foretaksregisteret:
        _tax_scheme(party, ubl.FORETAKSREGISTERET, ubl.TAX_SCHEME_TAX)
    _legal_entity(party, seller.name, seller.org_number)


def _buyer(party: etree._Element, buyer: Buyer) -> None:
    _add(party, cbc("EndpointID"), buyer.endpoint.identifier, schemeID=buyer.endpoint.scheme)
    _address(party, buyer.address)
    _legal_entity(party, buyer.name, buyer.org_number)


def _payment(root: etree._Element, doc: EhfDocument) -> None:
    if doc.payment is None:
        return
    means = _add(root, cac("PaymentMeans"))
    _add(means, cbc("PaymentMeansCode"), ubl.PAYMENT_MEANS_CREDIT_TRANSFER)
    if doc.is_credit_note and doc.due_date is not None:
        _add(means, cbc("PaymentDueDate"), doc.due_date.isoformat())
    if doc.payment.kid is not None:
        _add(means, cbc("PaymentID"), doc.payment.kid)
    _add(_add(means, cac("PayeeFinancialAccount")), cbc("ID"), doc.payment.account)


def _category(
    parent: etree._Element, local: str, code: VatCode, exemption: Exemption | None = None
) -> None:
    category = _add(parent, cac(local))
    _add(category, cbc("ID"), CATEGORY[code])
    _add(category, cbc("Percent"), str(code.percent))
    if exemption is not None:
        if exemption.code is not None:
            _add(category, cbc("TaxExemptionReasonCode"), exemption.code)
        if exemption.reason is not None:
            _add(category, cbc("TaxExemptionReason"), exemption.reason)
    _add(_add(category, cac("TaxScheme")), cbc("ID"), ubl.TAX_SCHEME_VAT)


def _tax_total(root: etree._Element, doc: EhfDocument) -> None:
    total = _add(root, cac("TaxTotal"))
    _money(total, "TaxAmount", doc.vat_ore, doc.currency)
    for row in doc.vat:
        _subtotal(total, row, doc)
    if doc.vat_nok_ore is not None:
        _money(_add(root, cac("TaxTotal")), "TaxAmount", doc.vat_nok_ore, NOK)


def _subtotal(total: etree._Element, row: VatLine, doc: EhfDocument) -> None:
    subtotal = _add(total, cac("TaxSubtotal"))
    _money(subtotal, "TaxableAmount", row.net_ore, doc.currency)
    _money(subtotal, "TaxAmount", row.vat_ore, doc.currency)
    exemption = doc.exemption if CATEGORY[row.code] == "E" else None
    _category(subtotal, "TaxCategory", row.code, exemption)


def _line(root: etree._Element, doc: EhfDocument, position: int, line: Line) -> None:
    element = _add(root, cac(ubl.LINE[doc.kind]))
    _add(element, cbc("ID"), str(position))
    if line.note is not None:
        _add(element, cbc("Note"), line.note)
    _add(
        element,
        cbc(ubl.QUANTITY[doc.kind]),
        ubl.quantity(line.quantity_milli),
        unitCode=line.unit_code,
    )
    _money(element, "LineExtensionAmount", line.net_ore, doc.currency)
    item = _add(element, cac("Item"))
    _add(item, cbc("Name"), line.description)
    _category(item, "ClassifiedTaxCategory", line.vat_code)
    _money(_add(element, cac("Price")), "PriceAmount", line.unit_price_ore, doc.currency)
