"""What a document states: plain frozen values the renderers draw and the e-mails tell.

The service fills them from the books; they are also kept with each recorded document
as JSON (:func:`to_dict` / :func:`invoice_from_dict` / :func:`letter_from_dict`), so a
PDF can be made again exactly as it was sent, even after the company's address changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from reskontro.domain.vat import VatCode
from reskontro.formats.pdf import statutory


class DocumentKind(enum.StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"
    REMINDER = "reminder"
    NOTICE = "inkassovarsel"
    #: Betalingsoppfordring (inkassoloven § 10), sent by a creditor that collects itself.
    DEMAND = "betalingsoppfordring"


@dataclass(frozen=True, slots=True)
class Seller:
    name: str
    org_number: str
    account: str
    vat_registered: bool = False
    foretaksregisteret: bool = False
    address: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Buyer:
    name: str
    number: int | None = None
    address: str | None = None
    org_number: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class DocLine:
    description: str
    quantity_milli: int
    unit_price_ore: int
    vat_code: VatCode
    net_ore: int


@dataclass(frozen=True, slots=True)
class VatRow:
    code: VatCode
    net_ore: int
    vat_ore: int


@dataclass(frozen=True, slots=True)
class InvoiceDocument:
    """An issued invoice or credit note, with everything bokføringsforskriften § 5-1-1
    asks of a sales document."""

    kind: DocumentKind
    number: int
    invoice_date: dt.date
    due_date: dt.date
    seller: Seller
    buyer: Buyer
    lines: tuple[DocLine, ...]
    vat: tuple[VatRow, ...]
    net_ore: int
    vat_ore: int
    total_ore: int
    kid: str | None = None
    delivery_date: dt.date | None = None
    your_reference: str | None = None
    our_reference: str | None = None
    #: A credit note's original invoice.
    credits_number: int | None = None
    credits_date: dt.date | None = None
    #: A paragraph printed under the lines (e.g. how interest was computed).
    note: str | None = None
    language: str = "nb"
    #: ISO 4217 code of the amounts; a foreign-currency document states its VAT in NOK
    #: at ``exchange_rate_micro`` (NOK per unit × 1 000 000), § 5-1-1.
    currency: str = "NOK"
    exchange_rate_micro: int | None = None
    #: Nets draws the amount on the due date (AvtaleGiro): no giro to pay.
    avtalegiro: bool = False

    @property
    def is_credit_note(self) -> bool:
        return self.kind is DocumentKind.CREDIT_NOTE


@dataclass(frozen=True, slots=True)
class FeeLine:
    """A fee of a reminder or inkassovarsel on the claim, this letter's or earlier."""

    kind: DocumentKind
    sent_on: dt.date
    fee_ore: int


@dataclass(frozen=True, slots=True)
class InterestPart:
    first_day: dt.date
    last_day: dt.date
    principal_ore: int
    rate_bp: int
    ore: int


@dataclass(frozen=True, slots=True)
class InterestInfo:
    """Late-payment interest accrued on the claim, shown apart from the principal."""

    ore: int
    parts: tuple[InterestPart, ...]

    @property
    def first_day(self) -> dt.date:
        return self.parts[0].first_day

    @property
    def last_day(self) -> dt.date:
        return self.parts[-1].last_day


@dataclass(frozen=True, slots=True)
class LetterDocument:
    """A reminder (purring) or debt-collection notice (inkassovarsel) for one invoice."""

    kind: DocumentKind
    #: The letter's reference (its document id).
    reference: int
    sent_on: dt.date
    deadline: dt.date
    seller: Seller
    buyer: Buyer
    invoice_number: int
    invoice_date: dt.date
    due_date: dt.date
    invoice_total_ore: int
    #: Paid and credited so far.
    settled_ore: int
    #: What is still open of the invoice: the principal.
    principal_ore: int
    kid: str | None = None
    #: Reminder number (1, 2); 0 for an inkassovarsel.
    level: int = 1
    #: An inkassovarsel with no reminder before it ("purring og inkassovarsel").
    combined: bool = False
    #: Every fee on the claim so far, this letter's last.
    fees: tuple[FeeLine, ...] = ()
    interest: InterestInfo | None = None
    language: str = "nb"
    #: The statutory wording it was made with (:data:`statutory.WORDING`); a letter
    #: stored before wording was recorded has 1.
    wording: int = statutory.WORDING
    #: A betalingsoppfordring: what the claim concerns, and the inkassovarsel's deadline.
    subject: str = ""
    notice_deadline: dt.date | None = None

    @property
    def fees_ore(self) -> int:
        return sum(f.fee_ore for f in self.fees)

    @property
    def fee_ore(self) -> int:
        """This letter's own fee."""
        return sum(f.fee_ore for f in self.fees if f.sent_on == self.sent_on)

    @property
    def amount_due_ore(self) -> int:
        """Principal and fees: what the payment part asks for (interest comes apart)."""
        return self.principal_ore + self.fees_ore

    @property
    def is_notice(self) -> bool:
        return self.kind is DocumentKind.NOTICE

    @property
    def is_demand(self) -> bool:
        return self.kind is DocumentKind.DEMAND


# -- JSON -------------------------------------------------------------------------------


def to_dict(value: InvoiceDocument | LetterDocument) -> dict[str, Any]:
    """A JSON-ready dict (dates as ISO text, enums as their values)."""

    def plain(v: Any) -> Any:
        if isinstance(v, dt.date):
            return v.isoformat()
        if isinstance(v, enum.Enum):
            return v.value
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        if isinstance(v, list | tuple):
            return [plain(x) for x in v]
        return v

    result: dict[str, Any] = plain(dataclasses.asdict(value))
    return result


def _day(v: str | None) -> dt.date | None:
    return None if v is None else dt.date.fromisoformat(v)


def _req_day(v: str) -> dt.date:
    return dt.date.fromisoformat(v)


def _line(x: dict[str, Any]) -> DocLine:
    return DocLine(
        description=x["description"],
        quantity_milli=x["quantity_milli"],
        unit_price_ore=x["unit_price_ore"],
        vat_code=VatCode(x["vat_code"]),
        net_ore=x["net_ore"],
    )


def _part(p: dict[str, Any]) -> InterestPart:
    return InterestPart(
        first_day=_req_day(p["first_day"]),
        last_day=_req_day(p["last_day"]),
        principal_ore=p["principal_ore"],
        rate_bp=p["rate_bp"],
        ore=p["ore"],
    )


def invoice_from_dict(d: dict[str, Any]) -> InvoiceDocument:
    return InvoiceDocument(
        kind=DocumentKind(d["kind"]),
        number=int(d["number"]),
        invoice_date=_req_day(d["invoice_date"]),
        due_date=_req_day(d["due_date"]),
        seller=Seller(**d["seller"]),
        buyer=Buyer(**d["buyer"]),
        lines=tuple(_line(x) for x in d["lines"]),
        vat=tuple(VatRow(VatCode(x["code"]), x["net_ore"], x["vat_ore"]) for x in d["vat"]),
        net_ore=d["net_ore"],
        vat_ore=d["vat_ore"],
        total_ore=d["total_ore"],
        kid=d.get("kid"),
        delivery_date=_day(d.get("delivery_date")),
        your_reference=d.get("your_reference"),
        our_reference=d.get("our_reference"),
        credits_number=d.get("credits_number"),
        credits_date=_day(d.get("credits_date")),
        note=d.get("note"),
        language=d.get("language", "nb"),
        currency=d.get("currency", "NOK"),
        exchange_rate_micro=d.get("exchange_rate_micro"),
        avtalegiro=bool(d.get("avtalegiro", False)),
    )


def letter_from_dict(d: dict[str, Any]) -> LetterDocument:
    interest = d.get("interest")
    return LetterDocument(
        kind=DocumentKind(d["kind"]),
        reference=int(d["reference"]),
        sent_on=_req_day(d["sent_on"]),
        deadline=_req_day(d["deadline"]),
        seller=Seller(**d["seller"]),
        buyer=Buyer(**d["buyer"]),
        invoice_number=int(d["invoice_number"]),
        invoice_date=_req_day(d["invoice_date"]),
        due_date=_req_day(d["due_date"]),
        invoice_total_ore=d["invoice_total_ore"],
        settled_ore=d["settled_ore"],
        principal_ore=d["principal_ore"],
        kid=d.get("kid"),
        level=d.get("level", 1),
        combined=d.get("combined", False),
        fees=tuple(
            FeeLine(DocumentKind(f["kind"]), _req_day(f["sent_on"]), f["fee_ore"])
            for f in d.get("fees", [])
        ),
        interest=None
        if interest is None
        else InterestInfo(interest["ore"], tuple(_part(p) for p in interest["parts"])),
        language=d.get("language", "nb"),
        wording=d.get("wording", 1),
        subject=d.get("subject", ""),
        notice_deadline=_day(d.get("notice_deadline")),
    )


__all__ = [
    "Buyer",
    "DocLine",
    "DocumentKind",
    "FeeLine",
    "InterestInfo",
    "InterestPart",
    "InvoiceDocument",
    "LetterDocument",
    "Seller",
    "VatRow",
    "invoice_from_dict",
    "letter_from_dict",
    "to_dict",
]
