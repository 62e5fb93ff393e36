"""What follow-up sent: an invoice's history (documents and audit entries), the
e-mails composed, each with its attachments for the mailer, and what the mailer did."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain.followup_codes import FollowupError
from reskontro.errors import NotFound, ValidationError
from reskontro.formats.pdf.message import Attachment, Email
from reskontro.messages import Message
from reskontro.services.followup.base import invoice_of
from reskontro.services.followup.documents import Documents
from reskontro.services.followup.emails import MessageView
from reskontro.storage.models import AuditEntry
from reskontro.storage.models_followup import FollowupClaim, FollowupDocument, FollowupMessage

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from reskontro.services.followup.documents import DocumentView


@dataclass(frozen=True, slots=True)
class Event:
    """An audit entry on the invoice."""

    at: dt.datetime
    actor: str
    action: str
    after: Mapping[str, object] | None


@dataclass(frozen=True, slots=True)
class History:
    invoice_id: int
    number: int | None
    disputed: bool
    dispute_reason: str | None
    handed_over_on: dt.date | None
    interest_to: dt.date | None
    documents: tuple[DocumentView, ...]
    events: tuple[Event, ...]


MESSAGE_STATUSES = ("sent", "failed", "pending", "print")


class Outbox(Documents):
    def history(self, company_id: int, invoice_id: int) -> History:
        """An invoice's follow-up history: its documents and its audit entries."""
        with self.sessions() as session:
            invoice = invoice_of(session, company_id, invoice_id)
            claim = session.get(FollowupClaim, invoice.id)
            entries = session.scalars(
                select(AuditEntry)
                .where(AuditEntry.object_type == "invoice", AuditEntry.object_id == invoice_id)
                .order_by(AuditEntry.id)
            ).all()
            events = tuple(
                Event(e.at, e.actor, e.action, json.loads(e.after) if e.after else None)
                for e in entries
            )
        return History(
            invoice_id=invoice_id, number=invoice.number,
            disputed=bool(claim and claim.disputed),
            dispute_reason=claim.dispute_reason if claim else None,
            handed_over_on=claim.handed_over_on if claim else None,
            interest_to=claim.interest_to if claim else None,
            documents=tuple(self.documents(company_id, invoice_id=invoice_id)), events=events,
        )  # fmt: skip

    def messages(self, company_id: int, *, status: str | None = None) -> list[MessageView]:
        with self.sessions() as session:
            query = select(FollowupMessage).where(FollowupMessage.company_id == company_id)
            if status is not None:
                query = query.where(FollowupMessage.status == status)
            rows = session.scalars(query.order_by(FollowupMessage.id)).all()
            docs: dict[int, list[int]] = {}
            for doc_id, msg_id in session.execute(
                select(FollowupDocument.id, FollowupDocument.message_id).where(
                    FollowupDocument.company_id == company_id,
                    FollowupDocument.message_id.is_not(None),
                )
            ):
                docs.setdefault(msg_id, []).append(doc_id)
            return [MessageView.of(m, docs.get(m.id, [])) for m in rows]

    def email(self, company_id: int, message_id: int) -> Email:
        """A recorded e-mail with its attachments, ready for the mailer."""
        with self.sessions() as session:
            msg = session.get(FollowupMessage, message_id)
            if msg is None or msg.company_id != company_id:
                raise NotFound(Message.of(FollowupError.NO_MESSAGE, message_id=message_id))
            doc_ids = list(session.scalars(
                select(FollowupDocument.id).where(FollowupDocument.message_id == message_id)
                .order_by(FollowupDocument.id)
            ))  # fmt: skip
            value = Email(msg.to_address, msg.subject, msg.body_text, msg.body_html)
        attachments = tuple(
            Attachment(pdf.filename, pdf.content)
            for pdf in (self.document_pdf(company_id, doc_id) for doc_id in doc_ids)
        )
        return Email(value.to, value.subject, value.text, value.html, attachments)

    def mark_message(
        self, company_id: int, message_id: int, *, status: str, error: str | None = None
    ) -> MessageView:
        """For the mailer: record that an e-mail was sent (or failed)."""
        if status not in MESSAGE_STATUSES:
            raise ValidationError(Message.of(FollowupError.MESSAGE_STATUS), field="status")
        with self.sessions.begin() as session:
            msg = session.get(FollowupMessage, message_id)
            if msg is None or msg.company_id != company_id:
                raise NotFound(Message.of(FollowupError.NO_MESSAGE, message_id=message_id))
            msg.status = status
            msg.error = error
            msg.sent_at = self.clock.now() if status == "sent" else None
            return MessageView.of(msg)


__all__ = ["Event", "History", "Outbox"]
