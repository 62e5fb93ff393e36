"""The e-mails follow-up composes (recorded as values for the mailer; ``print`` for a
customer without an e-mail address), as their results show them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.storage.models_followup import FollowupMessage

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from reskontro.formats.pdf.message import Email


@dataclass(frozen=True, slots=True)
class MessageView:
    id: int
    customer_id: int
    to: str | None
    subject: str
    status: str
    #: The documents it carries.
    documents: tuple[int, ...]
    created_at: dt.datetime
    sent_at: dt.datetime | None

    @classmethod
    def of(cls, msg: FollowupMessage, documents: Sequence[int] = ()) -> MessageView:
        return cls(
            msg.id, msg.customer_id, msg.to_address, msg.subject, msg.status, tuple(documents),
            msg.created_at, msg.sent_at,
        )  # fmt: skip


def new_message(
    session: Session, company_id: int, customer_id: int, email: Email, now: dt.datetime
) -> FollowupMessage:
    """Record ``email`` to the customer: ``pending`` for the mailer, or ``print``."""
    msg = FollowupMessage(
        company_id=company_id, customer_id=customer_id, to_address=email.to,
        subject=email.subject, body_text=email.text, body_html=email.html,
        status="pending" if email.to else "print", created_at=now,
    )  # fmt: skip
    session.add(msg)
    session.flush()
    return msg


__all__ = ["MessageView", "new_message"]
