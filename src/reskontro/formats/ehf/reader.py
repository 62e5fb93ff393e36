"""UBL 2.1 XML -> :class:`~.model.EhfDocument`: :func:`parse`, the reverse of ``build``.

It reads what :func:`~.builder.build` writes (``parse(build(d)) == d``) and the documents
of other senders that stay within it. Anything that would change what is owed and that
the model cannot hold (allowances, charges, prepaid amounts, price base quantities) is
refused, never dropped; descriptive extras (party names, contacts, identifiers) are
passed over. The top level must follow the schema order. Stated totals are checked
against the lines (BR-CO-10 to BR-CO-16), and the parts are checked as when they are
made (:mod:`.rules`), so a document the official rules reject is refused with the code
that names the rule. The XML is read by the hardened reader of the bank formats.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from decimal import Decimal, InvalidOperation

from lxml import etree

from reskontro.domain.money import ore_from_text_decimal
from reskontro.domain.vat import VatCode, VatLine
from reskontro.errors import InvalidAmount
from reskontro.formats.camt054.safexml import parse_xml

from . import ubl
from .codes import EhfCode, EhfError
from .model import (
    NOK,
    SCHEME_NO_ORGNR,
    Address,
    Attachment,
    Buyer,
    DocumentType,
    EhfDocument,
    EndpointId,
    Exemption,
    InvoiceReference,
    Line,
    MimeCode,
    Payment,
    Seller,
)
from .ubl import CATEGORY

_NS = {"cac": ubl.NS_CAC, "cbc": ubl.NS_CBC}
_KINDS = {(ns, ubl.ROOT[kind]): kind for kind, ns in ubl.NAMESPACE.items()}
_VAT_CODES = {(CATEGORY[code], Decimal(code.percent)): code for code in VatCode}
#: Payment means codes that are a credit transfer (UNCL 4461: 30, 31, 58 SEPA).
_CREDIT_TRANSFER = {"30", "31", "58"}
_LINE_CHILDREN = {"ID", "Note", "InvoicedQuantity", "CreditedQuantity"} | {
    "LineExtensionAmount",
    "Item",
    "Price",
}


def parse(data: bytes) -> EhfDocument:
    """Read an EHF invoice or credit note; raise :class:`~.codes.EhfError` if we cannot."""
    root = parse_xml(data)
    qname = etree.QName(root)
    kind = _KINDS.get((qname.namespace or "", qname.localname))
    if kind is None:
        raise EhfError(EhfCode.NOT_EHF, value=qname.text)
    _check_order(root, kind)
    reader = _Reader(root)
    for local, expected in (
        ("CustomizationID", ubl.CUSTOMIZATION_ID),
        ("ProfileID", ubl.PROFILE_ID),
    ):
        if reader.text(root, f"cbc:{local}") != expected:
            raise EhfError(EhfCode.NOT_EHF, value=reader.text(root, f"cbc:{local}"))
    reader.expect(root, f"cbc:{ubl.TYPE_CODE[kind]}", kind.value)
    currency = reader.text(root, "cbc:DocumentCurrencyCode")
    reader.currency = currency
    due_path = (
        "cac:PaymentMeans/cbc:PaymentDueDate" if kind is DocumentType.CREDIT_NOTE else "cbc:DueDate"
    )
    lines = tuple(reader.line(kind, e) for e in root.iterfind(f"cac:{ubl.LINE[kind]}", _NS))
    vat, exemption = reader.vat(root)
    nok_vat = reader.nok_vat(root, currency)
    doc = EhfDocument(
        kind=kind,
        number=reader.text(root, "cbc:ID"),
        issue_date=reader.date(root, "cbc:IssueDate"),
        seller=reader.seller(reader.one(root, "cac:AccountingSupplierParty/cac:Party")),
        buyer=reader.buyer(reader.one(root, "cac:AccountingCustomerParty/cac:Party")),
        buyer_reference=reader.optional(root, "cbc:BuyerReference") or "",
        lines=lines,
        vat=vat,
        due_date=reader.optional_date(root, due_path),
        delivery_date=reader.optional_date(root, "cac:Delivery/cbc:ActualDeliveryDate"),
        currency=currency,
        vat_nok_ore=nok_vat,
        payment=reader.payment(root),
        credits=reader.billing_reference(root),
        note=reader.optional(root, "cbc:Note"),
        exemption=exemption,
        attachments=tuple(
            reader.attachment(e) for e in root.iterfind("cac:AdditionalDocumentReference", _NS)
        ),
    )
    reader.check_totals(root, doc)
    return doc


def _check_order(root: etree._Element, kind: DocumentType) -> None:
    order = ubl.ORDER[kind]
    position = 0
    for child in root.iterchildren(etree.Element):
        local = etree.QName(child).localname
        if local not in order:
            raise EhfError(EhfCode.UNSUPPORTED_ELEMENT, element=local)
        index = order.index(local)
        if index < position:
            raise EhfError(EhfCode.ELEMENT_ORDER, element=local)
        position = index


class _Reader:
    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.currency = NOK

    def one(self, parent: etree._Element, path: str) -> etree._Element:
        element = parent.find(path, _NS)
        if element is None:
            raise EhfError(EhfCode.MISSING_ELEMENT, element=path)
        return element

    def optional(self, parent: etree._Element, path: str) -> str | None:
        element = parent.find(path, _NS)
        return None if element is None else element.text or ""

    def text(self, parent: etree._Element, path: str) -> str:
        return self.one(parent, path).text or ""

    def expect(self, parent: etree._Element, path: str, value: str) -> None:
        found = self.text(parent, path).strip()
        if found != value:
            raise EhfError(EhfCode.BAD_VALUE, element=path, value=found)

    def date(self, parent: etree._Element, path: str) -> dt.date:
        text = self.text(parent, path)
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            raise EhfError(EhfCode.BAD_VALUE, element=path, value=text) from None

    def optional_date(self, parent: etree._Element, path: str) -> dt.date | None:
        return None if parent.find(path, _NS) is None else self.date(parent, path)

    def amount(self, parent: etree._Element, path: str, currency: str | None = None) -> int:
        element = self.one(parent, path)
        text = element.text or ""
        if element.get("currencyID") != (currency or self.currency):
            raise EhfError(EhfCode.BAD_VALUE, element=path, value=element.get("currencyID"))
        try:
            return ore_from_text_decimal(text)
        except InvalidAmount:
            raise EhfError(EhfCode.BAD_VALUE, element=path, value=text) from None

    def only(self, parent: etree._Element, allowed: set[str]) -> None:
        for child in parent.iterchildren(etree.Element):
            local = etree.QName(child).localname
            if local not in allowed:
                raise EhfError(EhfCode.UNSUPPORTED_ELEMENT, element=local)

    def vat_code(self, category: etree._Element) -> VatCode:
        name = self.text(category, "cbc:ID").strip()
        percent = self.optional(category, "cbc:Percent") or "0"
        try:
            code = _VAT_CODES.get((name, Decimal(percent.strip())))
        except InvalidOperation:
            code = None
        if code is None:
            raise EhfError(EhfCode.BAD_VALUE, element="TaxCategory", value=f"{name} {percent}")
        return code

    def address(self, party: etree._Element) -> Address:
        postal = self.one(party, "cac:PostalAddress")
        return Address(
            street=self.optional(postal, "cbc:StreetName"),
            postcode=self.optional(postal, "cbc:PostalZone"),
            city=self.optional(postal, "cbc:CityName"),
            country=self.text(postal, "cac:Country/cbc:IdentificationCode").strip(),
        )

    def legal_id(self, party: etree._Element) -> str | None:
        company = party.find("cac:PartyLegalEntity/cbc:CompanyID", _NS)
        if company is None or company.get("schemeID") != SCHEME_NO_ORGNR:
            return None
        return company.text or ""

    def seller(self, party: etree._Element) -> Seller:
        endpoint = self.one(party, "cbc:EndpointID")
        org_number = endpoint.text or ""
        if endpoint.get("schemeID") != SCHEME_NO_ORGNR:
            raise EhfError(
                EhfCode.BAD_VALUE, element="seller EndpointID", value=str(endpoint.get("schemeID"))
            )
        vat_registered = foretaksregisteret = False
        for scheme in party.iterfind("cac:PartyTaxScheme", _NS):
            company_id = self.text(scheme, "cbc:CompanyID")
            scheme_id = self.text(scheme, "cac:TaxScheme/cbc:ID").strip()
            if scheme_id == ubl.TAX_SCHEME_VAT:
                if company_id != f"NO{org_number}MVA":
                    raise EhfError(EhfCode.BAD_VAT_ID, value=company_id)
                vat_registered = True
            elif company_id == ubl.FORETAKSREGISTERET:
                foretaksregisteret = True
        seller = Seller(
            name=self.text(party, "cac:PartyLegalEntity/cbc:RegistrationName"),
            org_number=org_number,
            address=self.address(party),
            vat_registered=vat_registered,
            foretaksregisteret=foretaksregisteret,
        )
        if self.legal_id(party) not in (None, org_number):
            raise EhfError(
                EhfCode.BAD_VALUE, element="seller CompanyID", value=self.legal_id(party)
            )
        return seller

    def buyer(self, party: etree._Element) -> Buyer:
        endpoint = self.one(party, "cbc:EndpointID")
        return Buyer(
            name=self.text(party, "cac:PartyLegalEntity/cbc:RegistrationName"),
            endpoint=EndpointId(endpoint.get("schemeID") or "", endpoint.text or ""),
            address=self.address(party),
            org_number=self.legal_id(party),
        )

    def payment(self, root: etree._Element) -> Payment | None:
        means = root.findall("cac:PaymentMeans", _NS)
        if not means:
            return None
        if len(means) > 1:
            raise EhfError(EhfCode.UNSUPPORTED_ELEMENT, element="PaymentMeans (more than one)")
        code = self.text(means[0], "cbc:PaymentMeansCode").strip()
        if code not in _CREDIT_TRANSFER:
            raise EhfError(EhfCode.BAD_VALUE, element="PaymentMeansCode", value=code)
        return Payment(
            account=self.text(means[0], "cac:PayeeFinancialAccount/cbc:ID"),
            kid=self.optional(means[0], "cbc:PaymentID"),
        )

    def billing_reference(self, root: etree._Element) -> InvoiceReference | None:
        reference = root.find("cac:BillingReference/cac:InvoiceDocumentReference", _NS)
        if reference is None:
            return None
        return InvoiceReference(
            number=self.text(reference, "cbc:ID"),
            issue_date=self.optional_date(reference, "cbc:IssueDate"),
        )

    def attachment(self, reference: etree._Element) -> Attachment:
        binary = reference.find("cac:Attachment/cbc:EmbeddedDocumentBinaryObject", _NS)
        if binary is None:
            raise EhfError(EhfCode.UNSUPPORTED_ELEMENT, element="AdditionalDocumentReference")
        mime_code = binary.get("mimeCode") or ""
        if mime_code not in set(MimeCode):
            raise EhfError(EhfCode.BAD_MIME_CODE, mime_code=mime_code)
        try:
            content = base64.b64decode("".join((binary.text or "").split()), validate=True)
        except binascii.Error:
            raise EhfError(
                EhfCode.BAD_VALUE, element="EmbeddedDocumentBinaryObject", value="base64"
            ) from None
        return Attachment(
            id=self.text(reference, "cbc:ID"),
            filename=binary.get("filename") or "",
            content=content,
            mime_code=MimeCode(mime_code),
            description=self.optional(reference, "cbc:DocumentDescription"),
        )

    def vat(self, root: etree._Element) -> tuple[tuple[VatLine, ...], Exemption | None]:
        totals = [
            t
            for t in root.iterfind("cac:TaxTotal", _NS)
            if t.find("cac:TaxSubtotal", _NS) is not None
        ]
        if len(totals) != 1:
            raise EhfError(EhfCode.MISSING_ELEMENT, element="TaxTotal with TaxSubtotal")
        rows = []
        exemption = None
        for subtotal in totals[0].iterfind("cac:TaxSubtotal", _NS):
            category = self.one(subtotal, "cac:TaxCategory")
            code = self.vat_code(category)
            rows.append(
                VatLine(
                    code=code,
                    net_ore=self.amount(subtotal, "cbc:TaxableAmount"),
                    vat_ore=self.amount(subtotal, "cbc:TaxAmount"),
                )
            )
            reason = self.optional(category, "cbc:TaxExemptionReason")
            reason_code = self.optional(category, "cbc:TaxExemptionReasonCode")
            if code is VatCode.EXEMPT and (reason is not None or reason_code is not None):
                exemption = Exemption(reason=reason, code=reason_code)
        stated = self.amount(totals[0], "cbc:TaxAmount")
        computed = sum(row.vat_ore for row in rows)
        if stated != computed:
            raise EhfError(
                EhfCode.TOTALS_MISMATCH,
                element="TaxAmount",
                stated_ore=stated,
                computed_ore=computed,
            )
        return tuple(rows), exemption

    def nok_vat(self, root: etree._Element, currency: str) -> int | None:
        tax_currency = self.optional(root, "cbc:TaxCurrencyCode")
        if tax_currency is None:
            return None
        if tax_currency.strip() != NOK:
            raise EhfError(EhfCode.BAD_VALUE, element="TaxCurrencyCode", value=tax_currency)
        for total in root.iterfind("cac:TaxTotal", _NS):
            if total.find("cac:TaxSubtotal", _NS) is None:
                return self.amount(total, "cbc:TaxAmount", NOK)
        raise EhfError(EhfCode.NOK_VAT_MISSING, currency=currency)

    def line(self, kind: DocumentType, element: etree._Element) -> Line:
        self.only(element, _LINE_CHILDREN)
        price = self.one(element, "cac:Price")
        self.only(price, {"PriceAmount", "BaseQuantity"})
        base = self.optional(price, "cbc:BaseQuantity")
        if base is not None and ubl.quantity_milli(base) != 1000:
            raise EhfError(EhfCode.UNSUPPORTED_ELEMENT, element="BaseQuantity")
        quantity = self.one(element, f"cbc:{ubl.QUANTITY[kind]}")
        try:
            milli = ubl.quantity_milli(quantity.text or "")
        except InvalidOperation:
            milli = None
        if milli is None:
            raise EhfError(EhfCode.BAD_VALUE, element=ubl.QUANTITY[kind], value=quantity.text)
        item = self.one(element, "cac:Item")
        return Line(
            description=self.text(item, "cbc:Name"),
            quantity_milli=milli,
            unit_price_ore=self.amount(price, "cbc:PriceAmount"),
            vat_code=self.vat_code(self.one(item, "cac:ClassifiedTaxCategory")),
            net_ore=self.amount(element, "cbc:LineExtensionAmount"),
            unit_code=quantity.get("unitCode") or "",
            note=self.optional(element, "cbc:Note"),
        )

    def check_totals(self, root: etree._Element, doc: EhfDocument) -> None:
        totals = self.one(root, "cac:LegalMonetaryTotal")
        expected = {
            "LineExtensionAmount": sum(line.net_ore for line in doc.lines),
            "TaxExclusiveAmount": doc.net_ore,
            "TaxInclusiveAmount": doc.total_ore,
            "PayableAmount": doc.total_ore,
        }
        self.only(totals, set(expected))
        for local, computed in expected.items():
            stated = self.amount(totals, f"cbc:{local}")
            if stated != computed:
                raise EhfError(
                    EhfCode.TOTALS_MISMATCH, element=local, stated_ore=stated, computed_ore=computed
                )
