"""Sending the outbox's messages: each row as a MIME message, and a batch's outcomes
recorded in one transaction (:meth:`reskontro.services.automation.outbox.Notifier.deliver`
claims the batch and sends it over one SMTP connection)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from sqlalchemy import insert, update

from reskontro.channels.mailer import build_message
from reskontro.errors import ValidationError
from reskontro.messages import Message
from reskontro.services.automation.codes import MailStatus, NotifyCode, Sent
from reskontro.services.automation.reasons import reason_of
from reskontro.storage.models_automation import EmailAttempt, EmailOutbox

if TYPE_CHECKING:
    from collections.abc import Sequence
    from email.message import Message as MimeMessage

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.channels.mailer import MailError, SmtpSettings
    from reskontro.storage.models import Company

log = logging.getLogger("reskontro.services.automation.outbox")

#: Seconds to wait after the n-th failed attempt (then the last value again).
BACKOFF = (60, 5 * 60, 15 * 60, 60 * 60, 3 * 3600, 6 * 3600, 12 * 3600)
#: After this many failed attempts a message is given up as ``failed``.
MAX_ATTEMPTS = 8
#: Outbox kinds that go to a customer (invoices, follow-up letters): sent in the
#: company's name with ``Reply-To`` its address and no ``Auto-Submitted``.
CUSTOMER_KINDS = frozenset({"invoice", "letter"})


def message_of(
    smtp: SmtpSettings | None,
    row: EmailOutbox,
    company: Company | None,
    message_id: str,
    now: dt.datetime,
) -> MimeMessage:
    """The MIME message of an outbox row (without its files: :func:`with_attachments`)."""
    if smtp is None:  # pragma: no cover - checked by deliver
        raise ValidationError(Message.of(NotifyCode.SMTP_NOT_CONFIGURED))
    to_customer = row.kind in CUSTOMER_KINDS and company is not None
    name = company.name if company else "reskontro"
    msg = build_message(
        sender=smtp.sender,
        sender_name=name if to_customer else f"{name} via reskontro",
        to=row.to_address,
        subject=row.subject,
        text=row.body_text,
        html=row.body_html,
        message_id=message_id,
        date=now,
    )
    if to_customer and company is not None:
        # A letter a person can answer: from the company's name, replies to the
        # company's address; not marked as machine-made (internal notices are).
        del msg["Auto-Submitted"]
        if company.email:
            msg["Reply-To"] = company.email
    return msg


def record_outcomes(
    sessions: sessionmaker[Session],
    now: dt.datetime,
    done: Sequence[tuple[EmailOutbox, str, MailError | None]],
    rest: Sequence[int],
) -> list[Sent]:
    """The batch's outcomes in one transaction: each message's attempt, its new
    state (sent, failed for good, or waiting with backoff); ``rest`` back to waiting."""
    outcomes: list[Sent] = []
    changes: list[dict[str, object]] = []
    attempts: list[dict[str, object]] = []
    for row, message_id, error in done:
        outcome = outcome_of(row, error)
        outcomes.append(outcome)
        tries = row.attempts + 1
        change: dict[str, object] = {
            "id": row.id, "attempts": tries, "message_id": message_id, "claimed_by": None,
            "status": MailStatus.SENT, "sent_at": now, "last_reason": None,
            "next_attempt_at": row.next_attempt_at,
        }  # fmt: skip
        if error is not None:
            reason = reason_of(error, NotifyCode.AS_WRITTEN)
            change.update(last_reason=reason.dumps(), status=MailStatus.FAILED, sent_at=None)
        if outcome == Sent.FAILED:
            log.error("e-mail %d to %s failed for good: %s", row.id, row.to_address, error)
        elif outcome == Sent.RETRY:
            wait = BACKOFF[min(tries, len(BACKOFF)) - 1]
            change.update(status=MailStatus.PENDING,
                          next_attempt_at=now + dt.timedelta(seconds=wait))  # fmt: skip
            log.warning(
                "e-mail %d to %s not sent (attempt %d, next in %ds): %s",
                row.id, row.to_address, tries, wait, error,
            )  # fmt: skip
        changes.append(change)
        attempts.append({
            "outbox_id": row.id, "at": now, "ok": error is None,
            "smtp_code": error.code if error else None,
            "error": error.message if error else None,
        })  # fmt: skip
    with sessions.begin() as session:
        if changes:
            session.execute(update(EmailOutbox), changes)
            session.execute(insert(EmailAttempt), attempts)
        if rest:
            session.execute(
                update(EmailOutbox)
                .execution_options(synchronize_session=False)
                .where(EmailOutbox.id.in_(rest), EmailOutbox.status == MailStatus.SENDING)
                .values(status=MailStatus.PENDING, claimed_by=None)
            )
    return outcomes


def outcome_of(row: EmailOutbox, error: MailError | None) -> Sent:
    """Sent; failed for good (a permanent error, or the last attempt); or retry later."""
    if error is None:
        return Sent.SENT
    if error.permanent or row.attempts + 1 >= MAX_ATTEMPTS:
        return Sent.FAILED
    return Sent.RETRY


__all__ = [
    "BACKOFF",
    "CUSTOMER_KINDS",
    "MAX_ATTEMPTS",
    "message_of",
    "outcome_of",
    "record_outcomes",
]
