"""Follow-up letters through delivery: the reminders, inkassovarsel and interest notes a
run recorded go out the way invoices do.

A letter e-mail (``followup_message``, one per customer and run, ``pending``) is
claimed first (``pending`` → ``sending``, so two rounds never take it twice), written
to the e-mail outbox with its PDFs (``kind = 'letter'``: the outbox's retries with
backoff and attempt log), and each document it carries gets a delivery record
(``reminder``, ``notice``, or ``invoice`` for an interest note) on its invoice,
``sending`` until the outbox reports. :func:`sync` carries the outbox's outcome back to
the letter (``sent``/``failed``); :func:`reskontro.services.delivery.email.sync` to the
delivery records.

Every round that sends (the worker's tick, ``run-daily``, ``delivery run``, ``notify
send``, the web) calls :func:`queue_letters` through
:func:`reskontro.worker.deliver_documents`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import String, cast, func, literal, select, update

from reskontro.domain.delivery import DeliveryMethod, DocumentKind
from reskontro.errors import ReskontroError
from reskontro.services.delivery import records
from reskontro.storage.models import Customer
from reskontro.storage.models_automation import EmailOutbox, english
from reskontro.storage.models_delivery import EmailAttachment
from reskontro.storage.models_followup import FollowupDocument, FollowupMessage

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock
    from reskontro.formats.pdf.message import Email
    from reskontro.storage.filestore import FileStore

log = logging.getLogger(__name__)

#: ``email_outbox.kind`` of follow-up letters.
OUTBOX_KIND = "letter"
PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"


@dataclass(frozen=True, slots=True)
class LetterRound:
    """What one round did with the letters: handed to the outbox, failed to compose,
    and carried back from the outbox (sent, failed)."""

    queued: int
    failed: int
    sent: int
    given_up: int


def dedupe_key(message_id: int) -> str:
    return f"{OUTBOX_KIND}:{message_id}"


def waiting(session: Session, company_id: int | None = None) -> int:
    """Letters not yet sent: waiting to be handed over, or in the outbox."""
    query = (
        select(func.count())
        .select_from(FollowupMessage)
        .where(FollowupMessage.status.in_((PENDING, SENDING)))
    )
    if company_id is not None:
        query = query.where(FollowupMessage.company_id == company_id)
    return int(session.execute(query).scalar_one())


def _kind(doc: FollowupDocument) -> tuple[DocumentKind, int]:
    if doc.kind == "reminder":
        return DocumentKind.REMINDER, doc.invoice_id
    if doc.kind == "inkassovarsel":
        return DocumentKind.NOTICE, doc.invoice_id
    return DocumentKind.INVOICE, doc.note_invoice_id or doc.invoice_id


def _claim(sessions: sessionmaker[Session], message_id: int) -> bool:
    with sessions.begin() as session:
        result = session.execute(
            update(FollowupMessage)
            .execution_options(synchronize_session=False)
            .where(FollowupMessage.id == message_id, FollowupMessage.status == PENDING)
            .values(status=SENDING)
        )
        return bool(getattr(result, "rowcount", 0) == 1)


def _to_outbox(
    session: Session, msg: FollowupMessage, email: Email, now: dt.datetime, today: dt.date
) -> int:
    customer = session.get_one(Customer, msg.customer_id)
    outbox = EmailOutbox(
        company_id=msg.company_id, kind=OUTBOX_KIND, dedupe_key=dedupe_key(msg.id),
        to_address=msg.to_address or "",
        language=customer.language if customer.language in {"nb", "en"} else "nb",
        subject=email.subject, body_text=email.text, body_html=email.html, status=PENDING,
        attempts=0, next_attempt_at=now, created_at=now,
    )  # fmt: skip
    session.add(outbox)
    session.flush()
    for attachment in email.attachments:
        session.add(
            EmailAttachment(
                outbox_id=outbox.id, filename=attachment.filename,
                content_type=attachment.mime_type, data=attachment.content,
            )
        )  # fmt: skip
    docs = session.scalars(
        select(FollowupDocument)
        .where(FollowupDocument.message_id == msg.id)
        .order_by(FollowupDocument.id)
    )
    for doc in docs:
        kind, invoice_id = _kind(doc)
        row = records.add(
            session, company_id=msg.company_id, invoice_id=invoice_id, kind=kind,
            method=DeliveryMethod.EMAIL, recipient=msg.to_address, refused=None, today=today,
            now=now, actor="worker",
        )  # fmt: skip
        records.claim(session, row.id, now)
        session.execute(
            update(type(row))
            .execution_options(synchronize_session=False)
            .where(type(row).id == row.id)
            .values(outbox_id=outbox.id)
        )
    return outbox.id


def queue_letters(
    sessions: sessionmaker[Session], clock: Clock, store: FileStore | None, *, limit: int = 100
) -> LetterRound:
    """Hand every pending letter e-mail to the outbox (see the module's text)."""
    from reskontro.services.followup import FollowUp

    with sessions() as session:
        due = list(
            session.execute(
                select(FollowupMessage.company_id, FollowupMessage.id)
                .where(FollowupMessage.status == PENDING)
                .order_by(FollowupMessage.id)
                .limit(limit)
            ).tuples()
        )
    followup = FollowUp(sessions, clock, store)
    queued = failed = 0
    for company_id, message_id in due:
        if not _claim(sessions, message_id):
            continue  # another round has it
        try:
            email = followup.email(company_id, message_id)
        except ReskontroError as exc:
            log.error("letter e-mail %d cannot be composed: %s", message_id, exc)  # noqa: TRY400
            followup.mark_message(company_id, message_id, status=FAILED, error=str(exc)[:500])
            failed += 1
            continue
        with sessions.begin() as session:
            msg = session.get_one(FollowupMessage, message_id)
            _to_outbox(session, msg, email, clock.now(), clock.today())
        queued += 1
    sent, given_up = sync(sessions, clock)
    return LetterRound(queued, failed, sent, given_up)


def sync(sessions: sessionmaker[Session], clock: Clock) -> tuple[int, int]:
    """Carry the outbox's outcome to the letters it carries: (sent, failed)."""
    with sessions.begin() as session:
        pairs = session.execute(
            select(
                FollowupMessage, EmailOutbox.status, EmailOutbox.last_reason, EmailOutbox.sent_at
            )
            .join(EmailOutbox, EmailOutbox.dedupe_key
                  == literal(OUTBOX_KIND + ":") + cast(FollowupMessage.id, String))
            .where(FollowupMessage.status == SENDING, EmailOutbox.status.in_((SENT, FAILED)))
        ).all()  # fmt: skip
        sent = failed = 0
        for msg, status, error, sent_at in pairs:
            msg.status = status
            if status == SENT:
                msg.sent_at = sent_at or clock.now()
                msg.error = None
                sent += 1
            else:
                msg.error = english(error)  # the letter's log, in English as it was
                failed += 1
        return sent, failed


__all__ = ["OUTBOX_KIND", "LetterRound", "dedupe_key", "queue_letters", "sync", "waiting"]
