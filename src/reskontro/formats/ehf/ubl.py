"""UBL 2.1 names, the fixed Peppol values, and how values are written.

The element orders are the XSD's sequences (``shared/validation/ehf/ubl-2.1/maindoc``),
restricted to what we write or read; the reader checks a document's top level against
them, the builder writes in them.
"""

from __future__ import annotations

from decimal import Decimal

from reskontro.domain.money import decimal_from_ore
from reskontro.domain.vat import QUANTITY_SCALE, VatCode, format_quantity

from .model import DocumentType

NS_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
NS_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
NS_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

#: PEPPOL-EN16931-R004 and R001/R007: the exact values.
CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
#: UNCL 4461: credit transfer.
PAYMENT_MEANS_CREDIT_TRANSFER = "30"
TAX_SCHEME_VAT = "VAT"
TAX_SCHEME_TAX = "TAX"
FORETAKSREGISTERET = "Foretaksregisteret"

#: VAT code -> UNCL 5305 category.
CATEGORY = {
    VatCode.STANDARD: "S",
    VatCode.FOOD: "S",
    VatCode.LOW: "S",
    VatCode.ZERO: "Z",
    VatCode.EXEMPT: "E",
}

ROOT = {DocumentType.INVOICE: "Invoice", DocumentType.CREDIT_NOTE: "CreditNote"}
NAMESPACE = {DocumentType.INVOICE: NS_INVOICE, DocumentType.CREDIT_NOTE: NS_CREDIT_NOTE}
TYPE_CODE = {
    DocumentType.INVOICE: "InvoiceTypeCode",
    DocumentType.CREDIT_NOTE: "CreditNoteTypeCode",
}
LINE = {DocumentType.INVOICE: "InvoiceLine", DocumentType.CREDIT_NOTE: "CreditNoteLine"}
QUANTITY = {DocumentType.INVOICE: "InvoicedQuantity", DocumentType.CREDIT_NOTE: "CreditedQuantity"}

_HEAD = ("CustomizationID", "ProfileID", "ID", "IssueDate")
_MIDDLE = ("Note",)
_CURRENCY = ("DocumentCurrencyCode", "TaxCurrencyCode", "BuyerReference", "BillingReference")
_TAIL = (
    "AccountingSupplierParty",
    "AccountingCustomerParty",
    "Delivery",
    "PaymentMeans",
    "TaxTotal",
    "LegalMonetaryTotal",
)
#: The top-level elements we write, in schema order (local names).
ORDER = {
    DocumentType.INVOICE: (
        *_HEAD,
        "DueDate",
        "InvoiceTypeCode",
        *_MIDDLE,
        *_CURRENCY,
        "AdditionalDocumentReference",
        *_TAIL,
        "InvoiceLine",
    ),
    DocumentType.CREDIT_NOTE: (
        *_HEAD,
        "CreditNoteTypeCode",
        *_MIDDLE,
        *_CURRENCY,
        "AdditionalDocumentReference",
        *_TAIL,
        "CreditNoteLine",
    ),
}


def cbc(local: str) -> str:
    return f"{{{NS_CBC}}}{local}"


def cac(local: str) -> str:
    return f"{{{NS_CAC}}}{local}"


def amount(ore: int) -> str:
    """Øre as the amount text with two decimals: ``125050`` -> ``1250.50``."""
    return str(decimal_from_ore(ore))


def quantity(milli: int) -> str:
    """Thousandths of a unit as text: ``1500`` -> ``1.5``."""
    return format_quantity(milli)


def quantity_milli(text: str) -> int | None:
    """Quantity text -> thousandths of a unit, or None when it has finer decimals."""
    value = Decimal(text.strip()) * QUANTITY_SCALE
    return int(value) if value == value.to_integral_value() else None
