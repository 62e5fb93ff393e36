"""The outbox: messages queued by the use cases, delivered by the worker.

Nothing is sent from inside a use case. Messages are rendered and written to the
``email_outbox`` table (idempotently: one per file or day and address), and
:meth:`Notifier.deliver` hands them to the SMTP server, retrying failures with
backoff. Every attempt is recorded; a message that cannot be delivered ends
``failed`` with its last error and stays in the outbox — never lost silently.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from email.utils import make_msgid
from typing import TYPE_CHECKING

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError

from reskontro.channels.mailer import MailError, SmtpMailer
from reskontro.domain.payment import ImportStatus
from reskontro.errors import ValidationError
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.automation.codes import MailStatus, NotifyCode, Sent
from reskontro.services.automation.notifications import (
    FETCH_FAILED,
    IMPORT_SUMMARY,
    OVERDUE_DIGEST,
    TEST_MESSAGE,
    Group,
    Recipient,
    check_email,
    import_context,
    overdue_context,
    overdue_rows,
    recipients_for,
    render,
)
from reskontro.services.automation.reasons import CODED, english
from reskontro.services.automation.recipients import RecipientSettings
from reskontro.services.automation.sending import (
    BACKOFF,
    MAX_ATTEMPTS,
    message_of,
    outcome_of,
    record_outcomes,
)
from reskontro.storage import repo
from reskontro.storage.models import Company
from reskontro.storage.models_automation import EmailOutbox

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy import ColumnElement
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.channels.mailer import SmtpSettings
    from reskontro.clock import Clock
    from reskontro.services.automation.letters import LetterDelivery
    from reskontro.services.automation.notifications import Context
    from reskontro.services.payments import ImportSummary

log = logging.getLogger(__name__)

#: A message claimed for sending longer ago than this is taken as abandoned.
SENDING_LEASE = dt.timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class Delivery:
    """A delivery round: how many were sent, will be retried, failed for good."""

    sent: int
    retry: int
    failed: int
    smtp: bool


@dataclass(frozen=True, slots=True)
class DeliveryWaiting(Delivery):
    """No SMTP server is configured: ``waiting`` messages stay in the outbox."""

    waiting: int


@dataclass(frozen=True, slots=True)
class DigestResult:
    overdue: int
    amount_ore: int
    queued: int


@dataclass(frozen=True, slots=True)
class OutboxView:
    id: int
    kind: str
    to: str
    language: str
    subject: str
    status: str
    attempts: int
    next_attempt_at: dt.datetime | None
    #: Why the last try failed (rendered by each interface).
    last_reason: Message | None = field(metadata=CODED)
    created_at: dt.datetime
    sent_at: dt.datetime | None
    #: The last reason in English (the CLI's).
    last_error: str | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "last_error", english(self.last_reason))

    @classmethod
    def of(cls, row: EmailOutbox) -> OutboxView:
        pending = row.status == MailStatus.PENDING
        return cls(
            row.id, row.kind, row.to_address, row.language, row.subject, row.status,
            row.attempts, row.next_attempt_at if pending else None,
            None if row.last_reason is None else Message.loads(row.last_reason),
            row.created_at, row.sent_at,
        )  # fmt: skip


class Notifier(RecipientSettings):
    """Recipients, queueing messages in the outbox, and delivering them."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        smtp: SmtpSettings | None,
        *,
        worker_id: str = "reskontro",
        mailer_factory: Callable[[SmtpSettings], SmtpMailer] = SmtpMailer,
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.smtp = smtp
        self.worker_id = worker_id
        self.mailer_factory = mailer_factory

    # -- queueing ----------------------------------------------------------------

    def queue(
        self,
        session: Session,
        company_id: int | None,
        kind: str,
        key: str,
        recipient: Recipient,
        context: Context,
    ) -> bool:
        """Render and write one message to the outbox; False if it was queued before."""
        dedupe = f"{key}:{recipient.email.lower()}"
        exists = session.execute(
            select(EmailOutbox.id).where(EmailOutbox.dedupe_key == dedupe)
        ).first()
        if exists is not None:
            return False
        rendered = render(kind, recipient.language, {**context, "recipient": recipient.name})
        now = self.clock.now()
        try:
            with session.begin_nested():
                session.add(
                    EmailOutbox(
                        company_id=company_id, kind=kind, dedupe_key=dedupe,
                        to_address=recipient.email, language=recipient.language,
                        subject=rendered.subject, body_text=rendered.text,
                        body_html=rendered.html, status=MailStatus.PENDING, attempts=0,
                        next_attempt_at=now, created_at=now,
                    )
                )  # fmt: skip
        except IntegrityError:
            return False  # another process queued it a moment ago
        return True

    def queue_import(
        self, company_id: int, summary: ImportSummary, *, channel: str | None = None
    ) -> int:
        """The import summary (or the rejection notice) for one file, to everyone who
        asked; a duplicate or a file that booked nothing sends nothing."""
        if summary.status == ImportStatus.DUPLICATE:
            return 0
        if summary.status == ImportStatus.IMPORTED and summary.payments == 0:
            return 0
        key = f"{IMPORT_SUMMARY}:{company_id}:{summary.sha256}:{summary.status}"
        with self.sessions.begin() as session:
            people = recipients_for(session, company_id, IMPORT_SUMMARY)
            if not people:
                return 0
            context = import_context(session, company_id, summary, channel)
            return sum(
                self.queue(session, company_id, IMPORT_SUMMARY, key, person, context)
                for person in people
            )

    def queue_overdue_digest(self, company_id: int, period: str) -> DigestResult:
        """The overdue digest for ``period`` (a day); nothing when nothing is overdue."""
        today = self.clock.today()
        with self.sessions.begin() as session:
            group = Group.of(overdue_rows(session, company_id, today))
            if group.count == 0:
                return DigestResult(0, 0, 0)
            context = overdue_context(session, company_id, today, group)
            people = recipients_for(session, company_id, OVERDUE_DIGEST)
            key = f"{OVERDUE_DIGEST}:{company_id}:{period}"
            queued = sum(
                self.queue(session, company_id, OVERDUE_DIGEST, key, person, context)
                for person in people
            )
            return DigestResult(group.count, group.amount_ore, queued)

    def queue_fetch_failed(
        self, company_id: int, channel: str, reason: Message | None, period: str
    ) -> int:
        """Tell the owner that fetching from a channel failed (once per channel and day),
        why in each recipient's language."""
        key = f"{FETCH_FAILED}:{company_id}:{channel}:{period}"
        with self.sessions.begin() as session:
            company = repo.company(session, company_id)
            context: Context = {"company": company.name, "channel": channel, "reason": reason}
            return sum(
                self.queue(session, company_id, FETCH_FAILED, key, person, context)
                for person in recipients_for(session, company_id, FETCH_FAILED)
            )

    def queue_test(self, company_id: int, email: str, language: str = "nb") -> int:
        """A test message, to check the SMTP settings end to end."""
        address = check_email(email)
        now = self.clock.now()
        with self.sessions.begin() as session:
            company = repo.company(session, company_id)
            context: Context = {
                "company": company.name,
                "smtp_host": self.smtp.host if self.smtp else "",
            }
            queued = self.queue(
                session, company_id, TEST_MESSAGE, f"{TEST_MESSAGE}:{now.isoformat()}",
                Recipient(address, language, None, owner=False), context,
            )  # fmt: skip
            return int(queued)

    # -- delivery ----------------------------------------------------------------

    def _due(self, now: dt.datetime) -> ColumnElement[bool]:
        return or_(
            and_(EmailOutbox.status == MailStatus.PENDING, EmailOutbox.next_attempt_at <= now),
            and_(
                EmailOutbox.status == MailStatus.SENDING,
                EmailOutbox.claimed_at < now - SENDING_LEASE,
            ),
        )

    def _claim_due(self, limit: int) -> list[tuple[int, str]]:
        """Take up to ``limit`` due messages in one statement (``sending``; a row another
        worker holds is skipped: PostgreSQL's ``SKIP LOCKED``, SQLite's write lock), each
        given its Message-ID now, so a message sent again after a crash is recognisably
        the same one. (id, Message-ID) in sending order; committed before anything goes."""
        smtp = self.smtp
        if smtp is None:  # pragma: no cover - checked by deliver
            raise ValidationError(Message.of(NotifyCode.SMTP_NOT_CONFIGURED))
        now = self.clock.now()
        due = (
            select(EmailOutbox.id)
            .where(self._due(now))
            .order_by(EmailOutbox.next_attempt_at, EmailOutbox.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        with self.sessions.begin() as session:
            claimed = session.execute(
                update(EmailOutbox)
                .execution_options(synchronize_session=False)
                .where(EmailOutbox.id.in_(due.scalar_subquery()), self._due(now))
                .values(status=MailStatus.SENDING, claimed_by=self.worker_id, claimed_at=now)
                .returning(EmailOutbox.id, EmailOutbox.message_id, EmailOutbox.next_attempt_at)
            ).all()
            domain = smtp.sender.rpartition("@")[2]
            ids = {i: m or make_msgid("reskontro", domain) for i, m, _ in claimed}
            new = [{"id": i, "message_id": ids[i]} for i, m, _ in claimed if m is None]
            if new:
                session.execute(update(EmailOutbox), new)
        return [(i, ids[i]) for i, _, _ in sorted(claimed, key=lambda c: (c[2], c[0]))]

    def deliver(self, *, limit: int = 200) -> Delivery:
        """Send what is due: a batch claimed at once, sent over one SMTP connection, the
        outcomes recorded in one transaction. A failure is recorded and retried later
        with backoff; a temporary one ends this round (the server is unwell: try again
        later) and the rest of the batch goes back to waiting, untried."""
        if self.smtp is None:
            with self.sessions() as session:
                due = session.scalars(
                    select(EmailOutbox.id).where(self._due(self.clock.now())).limit(limit)
                ).all()
            return DeliveryWaiting(0, 0, 0, smtp=False, waiting=len(due))
        from reskontro.services.delivery.email import attachments_of, with_attachments

        claimed = self._claim_due(limit)
        if not claimed:
            return Delivery(0, 0, 0, smtp=True)
        counts = dict.fromkeys(Sent, 0)
        done: list[tuple[EmailOutbox, str, MailError | None]] = []
        try:
            with self.sessions() as session:
                rows = {
                    r.id: r
                    for r in session.scalars(
                        select(EmailOutbox).where(EmailOutbox.id.in_([i for i, _ in claimed]))
                    )
                }
                companies = {
                    c.id: c
                    for c in session.scalars(
                        select(Company).where(
                            Company.id.in_({r.company_id for r in rows.values() if r.company_id})
                        )
                    )
                }
                files = attachments_of(session, list(rows))
                session.expunge_all()
            with self.mailer_factory(self.smtp) as mailer:
                for outbox_id, message_id in claimed:
                    row = rows[outbox_id]
                    msg = message_of(
                        self.smtp,
                        row,
                        companies.get(row.company_id or 0),
                        message_id,
                        self.clock.now(),
                    )
                    error: MailError | None = None
                    try:
                        mailer.send(with_attachments(msg, files.get(outbox_id, ())))
                    except MailError as exc:
                        error = exc
                    done.append((row, message_id, error))
                    if outcome_of(row, error) == Sent.RETRY:
                        break
        finally:
            # What went is recorded even when something unexpected stops the round; the
            # rest goes back to waiting (untried, not counted as an attempt).
            rest = [i for i, _ in claimed[len(done) :]]
            for outcome in record_outcomes(self.sessions, self.clock.now(), done, rest):
                counts[outcome] += 1
        return Delivery(counts[Sent.SENT], counts[Sent.RETRY], counts[Sent.FAILED], smtp=True)

    def deliver_letters(self, *, limit: int = 100) -> LetterDelivery:
        """The follow-up letters waiting as e-mail, through delivery and the outbox
        (see :mod:`reskontro.services.delivery.letters`)."""
        from reskontro.services.automation.letters import deliver_letters

        return deliver_letters(self, limit=limit)

    def retry_failed(self, company_id: int | None = None, *, actor: str = "system") -> int:
        """Put messages that were given up back in the queue (after fixing the cause);
        recorded in the audit log when there were any."""
        now = self.clock.now()
        with self.sessions.begin() as session:
            query = (
                update(EmailOutbox)
                .execution_options(synchronize_session=False)
                .where(EmailOutbox.status == MailStatus.FAILED)
                .values(status=MailStatus.PENDING, next_attempt_at=now, attempts=0)
            )
            if company_id is not None:
                query = query.where(EmailOutbox.company_id == company_id)
            count = int(getattr(session.execute(query), "rowcount", 0))
            if count:
                audit.record(
                    session, at=now, actor=actor, action="email.retry", object_type="company",
                    object_id=company_id, company_id=company_id, after={"messages": count},
                )  # fmt: skip
            return count

    def outbox(
        self, company_id: int | None, *, status: str | None = None, limit: int = 50
    ) -> list[OutboxView]:
        with self.sessions() as session:
            query = select(EmailOutbox).order_by(EmailOutbox.id.desc()).limit(limit)
            if company_id is not None:
                query = query.where(EmailOutbox.company_id == company_id)
            if status is not None:
                query = query.where(EmailOutbox.status == status)
            return [OutboxView.of(r) for r in session.scalars(query)]


__all__ = [
    "BACKOFF",
    "MAX_ATTEMPTS",
    "SENDING_LEASE",
    "Delivery",
    "DeliveryWaiting",
    "DigestResult",
    "Notifier",
    "OutboxView",
]
