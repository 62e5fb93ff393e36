"""E-mail delivery: the invoice's PDF attached to a short message in the customer's
language, written to the e-mail outbox that already sends the company's e-mail (its
SMTP settings, retries with backoff and attempt log are shared).

The PDF and the message come from the code behind ``reskontro pdf invoice``
(:meth:`reskontro.services.followup.FollowUp.invoice_pdf`), so the document is also
recorded on the invoice's history. :func:`with_attachments` is the outbox's hook that
adds the files when it sends.
"""

from __future__ import annotations

from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain.delivery import DeliveryState
from reskontro.messages import Message
from reskontro.services.delivery import records
from reskontro.services.delivery.records import DeliveryReason
from reskontro.storage.models_automation import EmailOutbox
from reskontro.storage.models_delivery import Delivery, EmailAttachment

if TYPE_CHECKING:
    import datetime as dt
    from email.message import Message as MimeMessage

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock
    from reskontro.formats.pdf.message import Email
    from reskontro.storage.filestore import FileStore

#: ``email_outbox.kind`` of invoices and credit notes.
OUTBOX_KIND = "invoice"


def compose(
    sessions: sessionmaker[Session], clock: Clock, store: FileStore | None, row: Delivery
) -> Email:
    """The e-mail of ``row``'s document, with its PDF."""
    from reskontro.services.followup import FollowUp

    return (
        FollowUp(sessions, clock, store)
        .invoice_pdf(row.company_id, row.invoice_id, actor=row.actor)
        .email
    )


def to_outbox(
    session: Session, row: Delivery, email: Email, language: str, now: dt.datetime
) -> int:
    """Write ``email`` (to the delivery's recipient) and its files to the outbox."""
    outbox = EmailOutbox(
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
    session.add(outbox)
    session.flush()
    for attachment in email.attachments:
        session.add(
            EmailAttachment(
                outbox_id=outbox.id,
                filename=attachment.filename,
                content_type=attachment.mime_type,
                data=attachment.content,
            )
        )
    row.outbox_id = outbox.id
    session.flush()
    return outbox.id


def with_attachments(session: Session, outbox_id: int, msg: MimeMessage) -> MimeMessage:
    """``msg`` with the outbox row's files attached (``msg`` itself when it has none)."""
    files = session.scalars(
        select(EmailAttachment)
        .where(EmailAttachment.outbox_id == outbox_id)
        .order_by(EmailAttachment.id)
    ).all()
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
        select(Delivery, EmailOutbox.status, EmailOutbox.last_error)
        .join(EmailOutbox, EmailOutbox.id == Delivery.outbox_id)
        .where(
            Delivery.state == DeliveryState.SENDING.value,
            EmailOutbox.status.in_(("sent", "failed")),
        )
    ).all()
    for row, status, error in pairs:
        if status == "sent":
            records.move(session, row, DeliveryState.SENT, now)
        else:
            reason = Message.of(DeliveryReason.SMTP_FAILED, error=(error or "")[:300])
            records.move(session, row, DeliveryState.FAILED, now, reason=reason)
    return len(pairs)
