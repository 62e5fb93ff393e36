"""Follow-up letters that go as e-mail (reminders, inkassovarsel, interest notes),
each with its PDFs attached, sent by the same SMTP settings as the outbox."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.utils import make_msgid
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from reskontro.channels.mailer import MailError, build_message
from reskontro.errors import ValidationError
from reskontro.messages import Message
from reskontro.services.automation.codes import MailStatus, NotifyCode, Sent
from reskontro.storage.models import Company

if TYPE_CHECKING:
    from reskontro.channels.mailer import SmtpMailer
    from reskontro.services.automation.outbox import Notifier
    from reskontro.services.followup import FollowUp

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LetterDelivery:
    sent: int
    retry: int
    failed: int


@dataclass(frozen=True, slots=True)
class LetterDeliveryWaiting(LetterDelivery):
    """No SMTP server is configured: ``waiting`` letters stay pending."""

    waiting: int


def deliver_letters(notifier: Notifier, *, limit: int = 100) -> LetterDelivery:
    """Send the follow-up letters waiting as e-mail. A letter is claimed first
    (``pending`` → ``sending``), so two workers never send it twice; a temporary
    failure puts it back for the next round, a permanent one records ``failed``."""
    from reskontro.services.followup import FollowUp
    from reskontro.storage.models_followup import FollowupMessage

    with notifier.sessions() as session:
        due = list(
            session.execute(
                select(FollowupMessage.company_id, FollowupMessage.id)
                .where(FollowupMessage.status == MailStatus.PENDING)
                .order_by(FollowupMessage.id)
                .limit(limit)
            ).tuples()
        )
    if notifier.smtp is None:
        return LetterDeliveryWaiting(0, 0, 0, waiting=len(due))
    followup = FollowUp(notifier.sessions, notifier.clock)
    counts = dict.fromkeys(Sent, 0)
    with notifier.mailer_factory(notifier.smtp) as mailer:
        for company_id, message_id in due:
            with notifier.sessions.begin() as session:
                claimed = session.execute(
                    update(FollowupMessage)
                    .execution_options(synchronize_session=False)
                    .where(
                        FollowupMessage.id == message_id,
                        FollowupMessage.status == MailStatus.PENDING,
                    )
                    .values(status=MailStatus.SENDING)
                )
                if getattr(claimed, "rowcount", 0) != 1:
                    continue
                company = session.get(Company, company_id)
                name = company.name if company else "reskontro"
            outcome = _send_letter(notifier, mailer, followup, name, company_id, message_id)
            counts[outcome] += 1
            if outcome == Sent.RETRY:
                break
    return LetterDelivery(counts[Sent.SENT], counts[Sent.RETRY], counts[Sent.FAILED])


def _send_letter(
    notifier: Notifier,
    mailer: SmtpMailer,
    followup: FollowUp,
    sender_name: str,
    company_id: int,
    message_id: int,
) -> Sent:
    smtp = notifier.smtp
    if smtp is None:  # pragma: no cover - checked by deliver_letters
        raise ValidationError(Message.of(NotifyCode.SMTP_NOT_CONFIGURED))
    email = followup.email(company_id, message_id)
    body = build_message(
        sender=smtp.sender,
        sender_name=sender_name,
        to=email.to or "",
        subject=email.subject,
        text=email.text,
        html=email.html,
        message_id=make_msgid("reskontro", smtp.sender.rpartition("@")[2]),
        date=notifier.clock.now(),
    )
    msg = MIMEMultipart("mixed")
    for header in ("From", "To", "Subject", "Date", "Message-ID", "Auto-Submitted"):
        msg[header] = body[header]
    alternative = MIMEMultipart("alternative")
    for part in body.get_payload():
        alternative.attach(part)
    msg.attach(alternative)
    for attachment in email.attachments:
        _, _, subtype = attachment.mime_type.partition("/")
        part = MIMEApplication(attachment.content, _subtype=subtype or "octet-stream")
        part.add_header("Content-Disposition", "attachment", filename=attachment.filename)
        msg.attach(part)
    try:
        mailer.send(msg)
    except MailError as exc:
        if exc.permanent:
            followup.mark_message(company_id, message_id, status="failed", error=exc.message)
            log.error("letter e-mail %d failed for good: %s", message_id, exc)  # noqa: TRY400
            return Sent.FAILED
        followup.mark_message(company_id, message_id, status="pending", error=exc.message)
        log.warning("letter e-mail %d not sent, will retry: %s", message_id, exc)
        return Sent.RETRY
    followup.mark_message(company_id, message_id, status="sent")
    return Sent.SENT


__all__ = ["LetterDelivery", "LetterDeliveryWaiting", "deliver_letters"]
