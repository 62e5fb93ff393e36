"""What an EHF invoice or credit note says: frozen values, checked when they are made.

The subset of Peppol BIS Billing 3.0 (UBL 2.1) that reskontro writes
(``shared/specs/ehf-peppol-bis3.md`` §2): a Norwegian seller (0192 endpoint, ``NO…MVA``,
Foretaksregisteret), a buyer with its Peppol participant id, lines with one VAT code
each, the VAT summary per code, payment by credit transfer with KID, and attached
documents. Money is integer øre in the document's currency, quantities are
thousandths of a unit (as in our books). Amounts are as the document states them: a
credit note's lines and totals are positive.

A value that would make the official rules fail (the codes in :mod:`.codes` name the
rule) cannot be made: constructors raise :class:`~.codes.EhfError`.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.domain.vat import QUANTITY_SCALE, compute_totals

from . import rules
from .codes import EhfCode, EhfError, EhfField

if TYPE_CHECKING:
    import datetime as dt

    from reskontro.domain.vat import VatCode, VatLine

#: Norwegian organisation numbers as Peppol participant / legal identifiers (ICD 0192).
SCHEME_NO_ORGNR = "0192"
NOK = "NOK"

_ENDPOINT = re.compile(r"(?P<scheme>\d{4}):(?P<identifier>[^\s:]+)")


class DocumentType(enum.StrEnum):
    """UNCL 1001 document type: what ``InvoiceTypeCode`` / ``CreditNoteTypeCode`` say."""

    INVOICE = "380"
    CREDIT_NOTE = "381"


class MimeCode(enum.StrEnum):
    """The attachment types Peppol allows (BR-CL-24)."""

    PDF = "application/pdf"
    PNG = "image/png"
    JPEG = "image/jpeg"
    CSV = "text/csv"
    XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ODS = "application/vnd.oasis.opendocument.spreadsheet"


@dataclass(frozen=True, slots=True)
class Address:
    """A structured postal address (BG-5 / BG-8)."""

    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    #: ISO 3166-1 alpha-2.
    country: str = "NO"

    def __post_init__(self) -> None:
        rules.optional_text(EhfField.STREET, self.street)
        rules.optional_text(EhfField.POSTCODE, self.postcode)
        rules.optional_text(EhfField.CITY, self.city)
        if not re.fullmatch(r"[A-Z]{2}", self.country):
            raise EhfError(EhfCode.BAD_COUNTRY, country=self.country)


@dataclass(frozen=True, slots=True)
class EndpointId:
    """A Peppol participant id: ``0192:987654325`` (scheme from the EAS list)."""

    scheme: str
    identifier: str

    def __post_init__(self) -> None:
        if _ENDPOINT.fullmatch(str(self)) is None:
            raise EhfError(EhfCode.BAD_ENDPOINT, endpoint=str(self))
        if self.scheme == SCHEME_NO_ORGNR:
            rules.org_number(EhfField.BUYER_PEPPOL_ID, self.identifier)

    @classmethod
    def parse(cls, text: str) -> EndpointId:
        """``"0192:987654325"`` -> ``EndpointId("0192", "987654325")``."""
        match = _ENDPOINT.fullmatch(text.strip())
        if match is None:
            raise EhfError(EhfCode.BAD_ENDPOINT, endpoint=text)
        return cls(match["scheme"], match["identifier"])

    @classmethod
    def norwegian(cls, org_number: str) -> EndpointId:
        return cls(SCHEME_NO_ORGNR, org_number)

    def __str__(self) -> str:
        return f"{self.scheme}:{self.identifier}"


@dataclass(frozen=True, slots=True)
class Seller:
    """The Norwegian seller (BG-4): endpoint and legal id are its organisation number."""

    #: Registered name (BT-27).
    name: str
    #: Nine digits that pass MOD11.
    org_number: str
    address: Address
    #: Registered for VAT: the VAT id ``NO<org>MVA`` is stated (BT-31, NO-R-001).
    vat_registered: bool
    #: Registered in Foretaksregisteret (AS, ASA, NUF...): the text is stated (NO-R-002).
    foretaksregisteret: bool

    def __post_init__(self) -> None:
        rules.text(EhfField.SELLER_NAME, self.name)
        rules.org_number(EhfField.SELLER_ORG_NUMBER, self.org_number)

    @property
    def vat_id(self) -> str:
        return f"NO{self.org_number}MVA"


@dataclass(frozen=True, slots=True)
class Buyer:
    """The buyer (BG-7): its Peppol participant id and, for a business, its legal id."""

    name: str
    endpoint: EndpointId
    address: Address
    #: A Norwegian organisation number (BT-47, scheme 0192), when it has one.
    org_number: str | None = None

    def __post_init__(self) -> None:
        rules.text(EhfField.BUYER_NAME, self.name)
        if self.org_number is not None:
            rules.org_number(EhfField.BUYER_ORG_NUMBER, self.org_number)


@dataclass(frozen=True, slots=True)
class Line:
    """An invoice or credit-note line (BG-25)."""

    #: The item's name (BT-153): the line's description in our books.
    description: str
    #: Thousandths of a unit; negative on an invoice line that takes something back.
    quantity_milli: int
    #: Net price of one unit in øre; never negative (BR-27).
    unit_price_ore: int
    vat_code: VatCode
    #: The line's net amount (BT-131) as our books state it.
    net_ore: int
    #: UN/ECE Recommendation 20 unit (``EA`` each, ``HUR`` hour...).
    unit_code: str = "EA"
    #: A free text note on the line (BT-127).
    note: str | None = None

    def __post_init__(self) -> None:
        rules.text(EhfField.LINE_DESCRIPTION, self.description)
        rules.optional_text(EhfField.LINE_NOTE, self.note)
        if not re.fullmatch(r"[A-Z0-9]{2,3}", self.unit_code):
            raise EhfError(EhfCode.BAD_UNIT_CODE, unit_code=self.unit_code, line=self.description)
        if self.quantity_milli == 0:
            raise EhfError(EhfCode.ZERO_QUANTITY, line=self.description)
        if self.unit_price_ore < 0:
            raise EhfError(EhfCode.NEGATIVE_PRICE, line=self.description)
        exact = self.quantity_milli * self.unit_price_ore
        # PEPPOL-EN16931-R120: quantity × price within 0.02 of the line amount.
        if abs(self.net_ore * QUANTITY_SCALE - exact) > 2 * QUANTITY_SCALE:
            raise EhfError(
                EhfCode.LINE_NET_MISMATCH,
                line=self.description,
                net_ore=self.net_ore,
                expected_ore=round(exact / QUANTITY_SCALE),
            )


@dataclass(frozen=True, slots=True)
class Payment:
    """Payment by credit transfer (means code 30) to a Norwegian account, with KID."""

    #: The 11-digit Norwegian account number (BBAN), BT-84.
    account: str
    #: The KID, written as ``PaymentID`` (BT-83).
    kid: str | None = None

    def __post_init__(self) -> None:
        rules.account(self.account)
        if self.kid is not None:
            rules.kid(self.kid)


@dataclass(frozen=True, slots=True)
class InvoiceReference:
    """The invoice a credit note credits (BG-3)."""

    number: str
    issue_date: dt.date | None = None

    def __post_init__(self) -> None:
        rules.text(EhfField.CREDITED_INVOICE, self.number)


@dataclass(frozen=True, slots=True)
class Attachment:
    """A document embedded in the EHF (BG-24), such as the invoice's PDF."""

    #: The reference of the attached document (BT-122).
    id: str
    filename: str
    content: bytes
    mime_code: MimeCode = MimeCode.PDF
    description: str | None = None

    def __post_init__(self) -> None:
        rules.text(EhfField.ATTACHMENT_ID, self.id)
        rules.text(EhfField.ATTACHMENT_FILENAME, self.filename)
        rules.optional_text(EhfField.ATTACHMENT_DESCRIPTION, self.description)
        if self.mime_code not in set(MimeCode):
            raise EhfError(EhfCode.BAD_MIME_CODE, mime_code=str(self.mime_code))
        if not self.content:
            raise EhfError(EhfCode.EMPTY_ATTACHMENT, filename=self.filename)


@dataclass(frozen=True, slots=True)
class Exemption:
    """Why exempt lines carry no VAT (BT-120 text and/or BT-121 VATEX code)."""

    reason: str | None = None
    code: str | None = None

    def __post_init__(self) -> None:
        rules.optional_text(EhfField.EXEMPTION_REASON, self.reason)
        rules.optional_text(EhfField.EXEMPTION_CODE, self.code)
        if self.reason is None and self.code is None:
            raise EhfError(EhfCode.NO_EXEMPTION_REASON)


@dataclass(frozen=True, slots=True)
class EhfDocument:
    """An EHF Billing 3.0 invoice (380) or credit note (381)."""

    kind: DocumentType
    #: The document number (BT-1).
    number: str
    issue_date: dt.date
    seller: Seller
    buyer: Buyer
    #: BT-10: the customer's reference (or ours); Peppol requires it (R003).
    buyer_reference: str
    lines: tuple[Line, ...]
    #: The VAT summary per code, as our books computed it (named rounding rule).
    vat: tuple[VatLine, ...]
    due_date: dt.date | None = None
    #: Actual delivery date (BT-72).
    delivery_date: dt.date | None = None
    #: ISO 4217 document currency (BT-5).
    currency: str = NOK
    #: The VAT total in NOK (BT-111) when the currency is not NOK (§ 5-1-1).
    vat_nok_ore: int | None = None
    payment: Payment | None = None
    #: The credited invoice: required on a credit note.
    credits: InvoiceReference | None = None
    #: A free text note on the document (BT-22).
    note: str | None = None
    exemption: Exemption | None = None
    attachments: tuple[Attachment, ...] = ()

    def __post_init__(self) -> None:
        rules.check_document(self)

    @property
    def net_ore(self) -> int:
        return sum(v.net_ore for v in self.vat)

    @property
    def vat_ore(self) -> int:
        return sum(v.vat_ore for v in self.vat)

    @property
    def total_ore(self) -> int:
        return self.net_ore + self.vat_ore

    @property
    def is_credit_note(self) -> bool:
        return self.kind is DocumentType.CREDIT_NOTE


def vat_summary(lines: tuple[Line, ...]) -> tuple[VatLine, ...]:
    """The VAT summary of ``lines`` per rate (the default rounding rule of our books)."""
    return compute_totals([(line.net_ore, line.vat_code) for line in lines]).by_code
