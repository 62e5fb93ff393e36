"""Who is told: the account owner's address and the recipients of each kind of
e-mail, set up by the account's users (:class:`RecipientSettings`, which
:class:`~reskontro.services.automation.outbox.Notifier` offers)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from reskontro.errors import NotFound
from reskontro.jsonable import to_jsonable
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.automation.codes import NotifyCode
from reskontro.services.automation.notifications import check_email, check_language
from reskontro.storage import repo
from reskontro.storage.models_automation import NotificationRecipient

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock


@dataclass(frozen=True, slots=True)
class OwnerEmail:
    company_id: int
    email: str | None


@dataclass(frozen=True, slots=True)
class RecipientView:
    id: int
    email: str
    name: str | None
    language: str
    import_summary: bool
    overdue_digest: bool

    @classmethod
    def of(cls, row: NotificationRecipient) -> RecipientView:
        return cls(
            row.id, row.email, row.name, row.language, row.import_summary, row.overdue_digest
        )


@dataclass(frozen=True, slots=True)
class Recipients:
    owner: str | None
    recipients: tuple[RecipientView, ...]


class RecipientSettings:
    """The owner's address and the recipients (one transaction each)."""

    sessions: sessionmaker[Session]
    clock: Clock

    def set_owner_email(self, company_id: int, email: str | None, *, actor: str) -> OwnerEmail:
        """The account owner's address: the company's e-mail, who gets everything.
        Setting the address it already has changes nothing and records nothing."""
        value = check_email(email) if email else None
        now = self.clock.now()
        with self.sessions.begin() as session:
            company = repo.company(session, company_id)
            if company.email == value:
                return OwnerEmail(company_id, value)
            before = {"email": company.email}
            company.email = value
            audit.record(
                session, at=now, actor=actor, action="company.email", object_type="company",
                object_id=company_id, company_id=company_id, before=before, after={"email": value},
            )  # fmt: skip
            return OwnerEmail(company_id, value)

    def add_recipient(
        self,
        company_id: int,
        email: str,
        *,
        name: str | None = None,
        language: str = "nb",
        import_summary: bool = True,
        overdue_digest: bool = True,
        actor: str,
    ) -> RecipientView:
        """Add someone, or change what an address gets and in which language."""
        address = check_email(email)
        check_language(language)
        now = self.clock.now()
        with self.sessions.begin() as session:
            repo.company(session, company_id)
            row = _recipient(session, company_id, address)
            if row is None:
                row = NotificationRecipient(company_id=company_id, email=address, created_at=now)
                session.add(row)
            row.name = name or row.name
            row.language = language
            row.import_summary = import_summary
            row.overdue_digest = overdue_digest
            session.flush()
            view = RecipientView.of(row)
            audit.record(
                session, at=now, actor=actor, action="notify.recipient", object_type="recipient",
                object_id=row.id, company_id=company_id, after=to_jsonable(view),
            )  # fmt: skip
            return view

    def remove_recipient(self, company_id: int, email: str, *, actor: str) -> None:
        now = self.clock.now()
        with self.sessions.begin() as session:
            row = _recipient(session, company_id, email.strip())
            if row is None:
                raise NotFound(Message.of(NotifyCode.NOT_A_RECIPIENT, email=email))
            view = RecipientView.of(row)
            session.delete(row)
            audit.record(
                session, at=now, actor=actor, action="notify.recipient_remove",
                object_type="recipient", object_id=view.id, company_id=company_id,
                before=to_jsonable(view),
            )  # fmt: skip

    def recipients(self, company_id: int) -> Recipients:
        with self.sessions() as session:
            company = repo.company(session, company_id)
            rows = session.scalars(
                select(NotificationRecipient)
                .where(NotificationRecipient.company_id == company_id)
                .order_by(NotificationRecipient.id)
            ).all()
            return Recipients(company.email, tuple(RecipientView.of(r) for r in rows))


def _recipient(session: Session, company_id: int, address: str) -> NotificationRecipient | None:
    return session.execute(
        select(NotificationRecipient).where(
            NotificationRecipient.company_id == company_id,
            func.lower(NotificationRecipient.email) == address.lower(),
        )
    ).scalar_one_or_none()


__all__ = ["OwnerEmail", "RecipientSettings", "RecipientView", "Recipients"]
