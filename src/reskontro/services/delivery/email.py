"""E-mail delivery: the invoice's PDF attached to a short message in the customer's
language, written to the e-mail outbox that already sends the company's e-mail (its
SMTP settings, retries with backoff and attempt log are shared).

The worker works in batches: :func:`claim_due` takes a batch of due deliveries in one
statement, :func:`read_batch` reads what their PDFs state in a few queries
(:mod:`reskontro.services.followup.printed_batch`, the facts behind ``reskontro pdf
invoice``) and hands the PDFs to the pool (:mod:`reskontro.services.documents_pool`);
:func:`write_batch` records them on the invoices' history and writes the messages with
their PDFs to the outbox in one transaction (the worker writes one batch while the pool
renders the next). :func:`with_attachments` is the outbox's hook that adds the files when
it sends; :func:`sync` carries the outcome back.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from reskontro.domain.delivery import DeliveryMethod, DeliveryState
from reskontro.errors import ReskontroError
from reskontro.formats.pdf.message import invoice_email
from reskontro.messages import Message
from reskontro.services.delivery import records
from reskontro.services.delivery.records import DeliveryReason
from reskontro.services.documents_pool import submit_invoices
from reskontro.services.followup.documents import audit_pdf, document_row, filename
from reskontro.services.followup.printed_batch import Printed, printed_invoices
from reskontro.storage import bulk
from reskontro.storage.models import AuditEntry
from reskontro.storage.models_automation import EmailOutbox
from reskontro.storage.models_delivery import Delivery, EmailAttachment
from reskontro.storage.models_followup import FollowupDocument

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Mapping, Sequence
    from email.message import Message as MimeMessage

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock
    from reskontro.formats.pdf.message import Email
    from reskontro.storage.filestore import FileStore

#: ``email_outbox.kind`` of invoices and credit notes.
OUTBOX_KIND = "invoice"


def claim_due(session: Session, now: dt.datetime, limit: int) -> list[int]:
    """Take up to ``limit`` due ``queued`` e-mail deliveries for sending, in one
    statement: ``sending``, their attempt counted. Rows another worker holds are
    skipped (PostgreSQL's ``SKIP LOCKED``; SQLite's write lock serialises the claims),
    and a row claimed meanwhile no longer matches ``state = 'queued'``. The caller
    commits before it composes."""
    due = (
        select(Delivery.id)
        .where(
            Delivery.state == DeliveryState.QUEUED.value,
            Delivery.method == DeliveryMethod.EMAIL.value,
            Delivery.next_attempt_at <= now,
        )
        .order_by(Delivery.next_attempt_at, Delivery.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed = session.scalars(
        update(Delivery)
        .execution_options(synchronize_session=False)
        .where(Delivery.id.in_(due.scalar_subquery()), Delivery.state == DeliveryState.QUEUED.value)
        .values(state=DeliveryState.SENDING.value, claimed_at=now, attempts=Delivery.attempts + 1)
        .returning(Delivery.id)
    ).all()
    return sorted(claimed)


@dataclass(frozen=True, slots=True)
class Composed:
    """A batch composed: the e-mails handed to the outbox, the deliveries failed."""

    sent: int
    failed: int


@dataclass(frozen=True, slots=True)
class Batch:
    """Claimed deliveries read, their PDFs being rendered (:func:`read_batch`)."""

    rows: Sequence[Delivery]
    printed: Mapping[int, Printed | ReskontroError]
    ready: Sequence[tuple[Delivery, Printed]]
    pdfs: Callable[[], list[bytes]]


def read_batch(sessions: sessionmaker[Session], now: dt.datetime, ids: Sequence[int]) -> Batch:
    """What the claimed deliveries ``ids`` send, read in a few queries, their PDFs
    handed to the PDF pool (rendered while the caller works on)."""
    with sessions() as session:
        rows = session.scalars(select(Delivery).where(Delivery.id.in_(ids))).all()
        printed = printed_invoices(session, [(r.company_id, r.invoice_id) for r in rows], now)
        session.expunge_all()
    ready = [(row, p) for row in rows if isinstance(p := printed[row.invoice_id], Printed)]
    return Batch(rows, printed, ready, submit_invoices([p.doc for _, p in ready]))


def write_batch(
    sessions: sessionmaker[Session], clock: Clock, store: FileStore, batch: Batch
) -> Composed:
    """A read batch into the outbox: each invoice's PDF recorded on its history (once
    per distinct PDF) and attached to its e-mail, in one transaction. A document that
    cannot be printed fails its delivery."""
    now = clock.now()
    rows, printed, ready = batch.rows, batch.printed, batch.ready
    pdfs = batch.pdfs()
    with sessions.begin() as session, session.no_autoflush:
        known = set(
            session.execute(
                select(FollowupDocument.invoice_id, FollowupDocument.kind,
                       FollowupDocument.pdf_sha256)
                .where(FollowupDocument.invoice_id.in_([p.invoice.id for _, p in ready]))
            ).tuples()
        )  # fmt: skip
        documents, outboxes, emails = [], [], []
        for (row, p), pdf in zip(ready, pdfs, strict=True):
            stored = store.put_bytes(pdf, durable=False)  # made again from its facts
            lang = p.customer.language
            name = filename(p.invoice.kind, p.invoice.number, now.date(), lang)
            email = invoice_email(p.doc, pdf, name)
            if (p.invoice.id, p.invoice.kind, stored.sha256) not in known:
                known.add((p.invoice.id, p.invoice.kind, stored.sha256))
                documents.append(
                    document_row(p.invoice, p.customer, p.doc, name, stored, now,
                                 clock.today(), row.actor)
                )  # fmt: skip
            outboxes.append(outbox_row(row, email, lang, now))
            emails.append(email)
        bulk.insert_objects(session, documents)
        if documents:
            made = session.execute(
                select(FollowupDocument.invoice_id, FollowupDocument.pdf_sha256,
                       FollowupDocument.id)
                .where(FollowupDocument.invoice_id.in_({d.invoice_id for d in documents}),
                       FollowupDocument.pdf_sha256.in_({d.pdf_sha256 for d in documents}))
            ).tuples()  # fmt: skip
            by_pdf = {(invoice_id, sha): doc_id for invoice_id, sha, doc_id in made}
            for document in documents:
                document.id = by_pdf[document.invoice_id, document.pdf_sha256]
                audit_pdf(session, document, now)
        bulk.insert_objects(session, outboxes)
        keys = [o.dedupe_key for o in outboxes]
        outbox_ids = dict(
            session.execute(
                select(EmailOutbox.dedupe_key, EmailOutbox.id).where(
                    EmailOutbox.dedupe_key.in_(keys)
                )
            )
            .tuples()
            .all()
        )
        bulk.insert_objects(
            session,
            [EmailAttachment(outbox_id=outbox_ids[outbox.dedupe_key], filename=a.filename,
                             content_type=a.mime_type, data=a.content)
             for outbox, email in zip(outboxes, emails, strict=True)
             for a in email.attachments],
        )  # fmt: skip
        if ready:
            session.execute(
                update(Delivery),
                [{"id": row.id, "outbox_id": outbox_ids[outbox.dedupe_key]}
                 for (row, _), outbox in zip(ready, outboxes, strict=True)],
            )  # fmt: skip
        failed = 0
        for row in rows:
            error = printed[row.invoice_id]
            if isinstance(error, ReskontroError):
                why = error.msg.dumps() if error.msg is not None else str(error)
                reason = Message.of(DeliveryReason.SMTP_FAILED, error=why)
                mine = session.get_one(Delivery, row.id)
                records.move(session, mine, DeliveryState.FAILED, now, reason=reason)
                failed += 1
        bulk.insert_added(session, AuditEntry)
    return Composed(len(ready), failed)


def outbox_row(row: Delivery, email: Email, language: str, now: dt.datetime) -> EmailOutbox:
    """The outbox's message carrying ``email`` to the delivery's recipient (each try
    of a delivery its own message: the dedupe key names the attempt)."""
    return EmailOutbox(
        company_id=row.company_id,
        kind=OUTBOX_KIND,
        dedupe_key=f"delivery:{row.id}:{row.attempts}",
        to_address=row.recipient or "",
        language=language if language in {"nb", "en"} else "nb",
        subject=email.subject,
        body_text=email.text,
        body_html=email.html,
        status="pending",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )


def attachments_of(session: Session, outbox_ids: Sequence[int]) -> dict[int, list[EmailAttachment]]:
    """The files of the outbox's messages ``outbox_ids``, by message, in one query."""
    files: dict[int, list[EmailAttachment]] = {}
    if outbox_ids:
        for item in session.scalars(
            select(EmailAttachment)
            .where(EmailAttachment.outbox_id.in_(outbox_ids))
            .order_by(EmailAttachment.id)
        ):
            files.setdefault(item.outbox_id, []).append(item)
    return files


def with_attachments(msg: MimeMessage, files: Sequence[EmailAttachment]) -> MimeMessage:
    """``msg`` with an outbox message's files attached (``msg`` itself when none)."""
    if not files:
        return msg
    mixed = MIMEMultipart("mixed")
    for header in ("From", "Reply-To", "To", "Subject", "Date", "Message-ID", "Auto-Submitted"):
        if header in msg:
            mixed[header] = msg[header]
    alternative = MIMEMultipart("alternative")
    for part in msg.get_payload():
        alternative.attach(part)
    mixed.attach(alternative)
    for item in files:
        _, _, subtype = item.content_type.partition("/")
        part = MIMEApplication(item.data, _subtype=subtype or "octet-stream")
        part.add_header("Content-Disposition", "attachment", filename=item.filename)
        mixed.attach(part)
    return mixed


def sync(session: Session, now: dt.datetime) -> int:
    """Carry the outbox's outcome over to the deliveries it carries: ``sent`` when the
    SMTP server took the message, ``failed`` when the outbox gave up."""
    pairs = session.execute(
        select(Delivery, EmailOutbox.status, EmailOutbox.last_reason)
        .join(EmailOutbox, EmailOutbox.id == Delivery.outbox_id)
        .where(
            Delivery.state == DeliveryState.SENDING.value,
            EmailOutbox.status.in_(("sent", "failed")),
        )
    ).all()
    for row, status, error in pairs:
        if status == "sent":
            records.move(session, row, DeliveryState.SENT, now, flush=False)
        else:
            # The outbox's reason, as a message: rendered in the reader's language.
            reason = Message.of(DeliveryReason.SMTP_FAILED, error=error or "")
            records.move(session, row, DeliveryState.FAILED, now, reason=reason, flush=False)
    bulk.insert_added(session, AuditEntry)  # in one INSERT
    session.flush()  # the batch's changes in one UPDATE per shape
    return len(pairs)
