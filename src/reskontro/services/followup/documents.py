"""Documents a customer receives (invoices, credit notes, letters) as PDFs: recorded
with the facts they were made from, rendered after the transaction commits, kept in the
file store by SHA-256 and made again byte for byte when the file is gone."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import select

from reskontro.domain.followup_codes import FollowupError
from reskontro.domain.vat import VatCode
from reskontro.errors import NotFound, StateError
from reskontro.formats.pdf import (
    Buyer,
    DocLine,
    DocumentKind,
    InvoiceDocument,
    Seller,
    VatRow,
    render_invoice,
    render_letter,
)
from reskontro.formats.pdf.message import invoice_email
from reskontro.formats.pdf.model import invoice_from_dict, letter_from_dict, to_dict
from reskontro.formats.pdf.texts import Texts
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.avtalegiro.status import invoice_status
from reskontro.services.followup.base import RunStage, Service, company_of, invoice_of
from reskontro.services.followup.emails import MessageView, new_message
from reskontro.storage.models import Customer, Invoice, InvoiceVat
from reskontro.storage.models_followup import LETTER_KINDS, FollowupClaim, FollowupDocument

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from reskontro.formats.pdf.message import Email
    from reskontro.services.followup.base import Progress
    from reskontro.storage.filestore import StoredFile
    from reskontro.storage.models import Company

LETTER_FILE = {
    "reminder": ("purring", "reminder"),
    "inkassovarsel": ("inkassovarsel", "notice"),
    "betalingsoppfordring": ("betalingsoppfordring", "demand-for-payment"),
}


class Pdf(NamedTuple):
    """A document's PDF and its file name."""

    content: bytes
    filename: str


@dataclass(frozen=True, slots=True)
class DocumentView:
    id: int
    kind: str
    level: int
    invoice_id: int
    customer_id: int
    sent_on: dt.date
    deadline: dt.date | None
    principal_ore: int
    fee_ore: int
    interest_ore: int
    interest_to: dt.date | None
    note_invoice_id: int | None
    filename: str
    pdf_sha256: str | None
    message_id: int | None
    actor: str

    @classmethod
    def of(cls, doc: FollowupDocument) -> DocumentView:
        return cls(
            doc.id, doc.kind, doc.level, doc.invoice_id, doc.customer_id, doc.sent_on,
            doc.deadline, doc.principal_ore, doc.fee_ore, doc.interest_ore, doc.interest_to,
            doc.note_invoice_id, doc.filename, doc.pdf_sha256, doc.message_id, doc.actor,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class InvoicePdf:
    """An invoice's PDF as recorded on its history, with the e-mail that carries it."""

    document_id: int
    filename: str
    sha256: str
    pdf: bytes = field(metadata={"json": False})
    email: Email = field(metadata={"json": False})
    #: The e-mail queued for the customer, when asked for.
    message: MessageView | None = None


def seller_of(company: Company) -> Seller:
    return Seller(
        name=company.name,
        org_number=company.org_number,
        account=company.account,
        vat_registered=company.vat_registered,
        foretaksregisteret=company.foretaksregisteret,
        address=company.address,
        email=company.email,
    )


def buyer_of(customer: Customer) -> Buyer:
    street = (customer.street, " ".join(filter(None, (customer.postcode, customer.city))))
    structured = "\n".join(p for p in street if p)
    return Buyer(
        name=customer.name,
        number=customer.number,
        address=structured or customer.address,
        org_number=customer.org_number,
        email=customer.email,
    )


def invoice_document(
    session: Session, company: Company, invoice: Invoice, customer: Customer, note: str | None
) -> InvoiceDocument:
    vat = session.scalars(select(InvoiceVat).where(InvoiceVat.invoice_id == invoice.id)).all()
    original = (
        session.get_one(Invoice, invoice.credits_invoice_id) if invoice.credits_invoice_id else None
    )
    return document_of(company, invoice, customer, note, vat, original)


def document_of(
    company: Company,
    invoice: Invoice,
    customer: Customer,
    note: str | None,
    vat: Sequence[InvoiceVat],
    original: Invoice | None,
) -> InvoiceDocument:
    """What an issued invoice states, from its rows (``vat`` its VAT rows, ``original``
    the invoice a credit note credits)."""
    if invoice.number is None or invoice.invoice_date is None or invoice.due_date is None:
        raise StateError(Message.of(FollowupError.DRAFT_NOT_PRINTED, invoice_id=invoice.id))
    order = {code.value: i for i, code in enumerate(VatCode)}
    return InvoiceDocument(
        kind=DocumentKind(invoice.kind),
        number=invoice.number,
        invoice_date=invoice.invoice_date,
        due_date=invoice.due_date,
        seller=seller_of(company),
        buyer=buyer_of(customer),
        lines=tuple(
            DocLine(
                line.description,
                line.quantity_milli,
                line.unit_price_ore,
                VatCode(line.vat_code),
                line.net_ore,
            )
            for line in invoice.lines
        ),
        vat=tuple(
            VatRow(VatCode(v.vat_code), v.net_ore, v.vat_ore)
            for v in sorted(vat, key=lambda v: order[v.vat_code])
        ),
        net_ore=invoice.net_ore,
        vat_ore=invoice.vat_ore,
        total_ore=invoice.total_ore,
        kid=invoice.kid,
        delivery_date=invoice.delivery_date,
        your_reference=invoice.your_reference,
        our_reference=invoice.our_reference,
        credits_number=original.number if original else None,
        credits_date=original.invoice_date if original else None,
        note=note,
        language=customer.language,
        currency=invoice.currency,
        exchange_rate_micro=invoice.exchange_rate_micro,
    )


def printed_invoice(
    session: Session,
    company: Company,
    invoice: Invoice,
    customer: Customer,
    *,
    now: dt.datetime | None = None,
) -> InvoiceDocument:
    """What the invoice's PDF states (an interest note says how interest was computed;
    given ``now``, an invoice Nets will draw by AvtaleGiro says so instead of a giro)."""
    claim = session.get(FollowupClaim, invoice.id)
    doc = invoice_document(session, company, invoice, customer, note_of(claim, customer))
    if now is not None:
        status = invoice_status(session, invoice, now)
        if status is not None and status.drawn:
            doc = dataclasses.replace(doc, avtalegiro=True)
    return doc


def note_of(claim: FollowupClaim | None, customer: Customer) -> str | None:
    """The note an interest note's PDF carries (None on other invoices)."""
    if claim is not None and claim.is_interest_note:
        return Texts(customer.language)["interest_note"]
    return None


def filename(kind: str, number: int | None, day: dt.date, language: str) -> str:
    if kind in LETTER_FILE:
        stem = LETTER_FILE[kind][1 if language == "en" else 0]
        return f"{stem}-{number}-{day.isoformat()}.pdf"
    if kind == "credit_note":
        return f"{'credit-note' if language == 'en' else 'kreditnota'}-{number}.pdf"
    if kind == "interest_note":
        stem = "interest-note" if language == "en" else "rentenota"
        return f"{stem}-{number}-{day.isoformat()}.pdf"
    return f"{'invoice' if language == 'en' else 'faktura'}-{number}.pdf"


def render(kind: str, content: str) -> bytes:
    """The PDF of a recorded document, from the facts recorded with it."""
    data = json.loads(content)
    if kind in LETTER_KINDS:
        return render_letter(letter_from_dict(data))
    if kind in ("invoice", "credit_note"):
        return render_invoice(invoice_from_dict(data))
    if kind == "interest_note" and "seller" in data:
        # Interest charged on its invoice (before, a note was an invoice of its own,
        # and its record here only said which interest it charged).
        return render_invoice(invoice_from_dict(data))
    raise StateError(Message.of(FollowupError.NO_PDF_OF_ITS_OWN, kind=kind))


def document_row(
    invoice: Invoice,
    customer: Customer,
    doc: InvoiceDocument,
    name: str,
    stored: StoredFile,
    now: dt.datetime,
    today: dt.date,
    actor: str,
) -> FollowupDocument:
    """The history row of an invoice's PDF (with the facts it is made again from)."""
    return FollowupDocument(
        company_id=invoice.company_id, customer_id=customer.id, invoice_id=invoice.id,
        kind=invoice.kind, level=0, sent_on=today,
        principal_ore=max(invoice.total_ore, 0), language=customer.language,
        content=json.dumps(to_dict(doc), ensure_ascii=False, sort_keys=True),
        filename=name, pdf_sha256=stored.sha256, pdf_size=stored.size,
        created_at=now, actor=actor,
    )  # fmt: skip


def audit_pdf(session: Session, row: FollowupDocument, now: dt.datetime) -> None:
    """The audit entry of a new PDF on an invoice's history (``row`` flushed)."""
    audit.record(
        session, at=now, actor=row.actor, action="invoice.pdf", object_type="invoice",
        object_id=row.invoice_id, company_id=row.company_id,
        after={"document_id": row.id, "sha256": row.pdf_sha256, "size": row.pdf_size},
    )  # fmt: skip


class Documents(Service):
    def render_pending(
        self, company_id: int, document_ids: Sequence[int] | None = None,
        progress: Progress | None = None,
    ) -> int:  # fmt: skip
        """Make and store the PDFs of recorded documents that have none yet."""
        with self.sessions() as session:
            query = select(FollowupDocument.id, FollowupDocument.kind, FollowupDocument.content
                           ).where(FollowupDocument.company_id == company_id,
                                   FollowupDocument.pdf_sha256.is_(None))  # fmt: skip
            if document_ids is not None:
                query = query.where(FollowupDocument.id.in_(list(document_ids)))
            pending = session.execute(query).all()
        made: dict[int, tuple[str, int]] = {}
        for doc_id, kind, content in pending:
            stored = self.store.put_bytes(render(kind, content))
            made[doc_id] = (stored.sha256, stored.size)
            if progress is not None:
                progress(RunStage.PDF, len(made), len(pending))
        if made:
            with self.sessions.begin() as session:
                for doc_id, (sha, size) in made.items():
                    row = session.get_one(FollowupDocument, doc_id)
                    row.pdf_sha256 = sha
                    row.pdf_size = size
        return len(made)

    def document_pdf(self, company_id: int, document_id: int) -> Pdf:
        """A recorded document's PDF as it was sent (made again if the file is gone:
        the same facts give the same bytes, which the recorded SHA-256 confirms)."""
        with self.sessions() as session:
            doc = session.get(FollowupDocument, document_id)
            if doc is None or doc.company_id != company_id:
                raise NotFound(Message.of(FollowupError.NO_DOCUMENT, document_id=document_id))
            sha, kind, content, name = doc.pdf_sha256, doc.kind, doc.content, doc.filename
        if sha is not None:
            path = self.store.path_for(sha)
            if path.exists():
                return Pdf(path.read_bytes(), name)
        pdf = render(kind, content)
        if sha is not None:
            if hashlib.sha256(pdf).hexdigest() != sha:
                raise StateError(Message.of(FollowupError.PDF_DIFFERS, document_id=document_id))
            self.store.put_bytes(pdf)
        else:
            self.render_pending(company_id, [document_id])
        return Pdf(pdf, name)

    def invoice_pdf(
        self,
        company_id: int,
        invoice_id: int,
        *,
        queue_email: bool = False,
        actor: str,
    ) -> InvoicePdf:
        """The PDF of an issued invoice or credit note, recorded on the invoice's history
        (once per distinct PDF), with the e-mail that carries it."""
        now = self.clock.now()
        with self.sessions.begin() as session:
            company = company_of(session, company_id)
            invoice = invoice_of(session, company_id, invoice_id)
            customer = session.get_one(Customer, invoice.customer_id)
            doc = printed_invoice(session, company, invoice, customer, now=now)
            pdf = render_invoice(doc)
            # Made again exactly from the facts recorded with it (document_pdf): no fsync.
            stored = self.store.put_bytes(pdf, durable=False)
            name = filename(invoice.kind, invoice.number, now.date(), customer.language)
            email = invoice_email(doc, pdf, name)
            row = session.scalars(
                select(FollowupDocument).where(
                    FollowupDocument.invoice_id == invoice.id,
                    FollowupDocument.kind == invoice.kind,
                    FollowupDocument.pdf_sha256 == stored.sha256,
                )
            ).first()
            if row is None:
                today = self.clock.today()
                row = document_row(invoice, customer, doc, name, stored, now, today, actor)
                session.add(row)
                session.flush()
                audit_pdf(session, row, now)
            message = None
            if queue_email:
                msg = new_message(session, company_id, customer.id, email, now)
                if row.message_id is None:
                    row.message_id = msg.id
                message = MessageView.of(msg, [row.id])
            return InvoicePdf(row.id, name, stored.sha256, pdf, email, message)

    def documents(
        self, company_id: int, *, invoice_id: int | None = None, limit: int = 200
    ) -> list[DocumentView]:
        with self.sessions() as session:
            query = select(FollowupDocument).where(FollowupDocument.company_id == company_id)
            if invoice_id is not None:
                query = query.where(
                    (FollowupDocument.invoice_id == invoice_id)
                    | (FollowupDocument.note_invoice_id == invoice_id)
                )
            query = query.order_by(FollowupDocument.id.desc()).limit(limit)
            return [DocumentView.of(d) for d in session.scalars(query)]


__all__ = [
    "LETTER_FILE",
    "DocumentView",
    "Documents",
    "InvoicePdf",
    "Pdf",
    "audit_pdf",
    "buyer_of",
    "document_of",
    "document_row",
    "filename",
    "invoice_document",
    "note_of",
    "printed_invoice",
    "render",
    "seller_of",
]
