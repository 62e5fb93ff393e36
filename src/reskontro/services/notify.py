"""E-mail notifications: who gets them, what they say, and the outbox that sends them.

Two kinds go out every day a company has something to say:

* after each bank file is imported, what it registered — paid, part-paid, overpaid,
  sent to the voucher inbox — with amounts and invoice numbers (and, for a file that
  could not be read, why it was rejected);
* the overdue digest: invoices past their due date with an open amount.

They go to the **account owner** (the company's e-mail address) and to every
recipient who asked for that kind, in Norwegian bokmål unless the recipient chose
English, as plain text plus HTML (jinja2 templates in ``reskontro/templates/email``).

Nothing is sent from inside a use case. Messages are rendered and written to the
``email_outbox`` table (idempotently: one per file or day and address), and
:meth:`Notifier.deliver` hands them to the SMTP server, retrying failures with
backoff. Every attempt is recorded; a message that cannot be delivered ends
``failed`` with its last error and stays in the outbox — never lost silently.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.utils import make_msgid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from reskontro.channels.mailer import MailError, SmtpMailer, build_message
from reskontro.domain.money import format_nok
from reskontro.errors import NotFound, ValidationError
from reskontro.services import audit
from reskontro.storage.models import Company, Customer, Invoice, Payment
from reskontro.storage.models_automation import EmailAttempt, EmailOutbox, NotificationRecipient

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.channels.mailer import SmtpSettings
    from reskontro.clock import Clock
    from reskontro.services.payments import ImportSummary

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "email"
LANGUAGES = ("nb", "en")
IMPORT_SUMMARY = "import_summary"
OVERDUE_DIGEST = "overdue_digest"
FETCH_FAILED = "fetch_failed"
TEST_MESSAGE = "test_message"
#: Rows shown per group in an e-mail; the rest is counted ("and 12 more").
MAX_ROWS = 200
#: Seconds to wait after the n-th failed attempt (then the last value again).
BACKOFF = (60, 5 * 60, 15 * 60, 60 * 60, 3 * 3600, 6 * 3600, 12 * 3600)
#: After this many failed attempts a message is given up as ``failed``.
MAX_ATTEMPTS = 8
#: A message claimed for sending longer ago than this is taken as abandoned.
SENDING_LEASE = dt.timedelta(minutes=15)

_MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _nok(ore: int, language: str = "nb") -> str:
    if language == "en":
        return format_nok(ore, thousands=",", decimal=".")
    return format_nok(ore)


def _date(value: dt.date | None, language: str = "nb") -> str:
    if value is None:
        return ""
    if language == "en":
        return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"
    return value.strftime("%d.%m.%Y")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["nok"] = _nok
    env.filters["date"] = _date
    return env


_ENV: jinja2.Environment | None = None


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    text: str
    html: str


def render(kind: str, language: str, context: dict[str, Any]) -> Rendered:
    """Render ``kind`` in ``language``: the subject is set at the top of the text
    template (``{% set subject %}``), the HTML template extends ``_layout.html``."""
    global _ENV  # noqa: PLW0603 - one template cache per process
    if language not in LANGUAGES:
        raise ValidationError(f"language must be one of {', '.join(LANGUAGES)}")
    if _ENV is None:
        _ENV = _environment()
    values = {**context, "lang": language}
    text_module = _ENV.get_template(f"{kind}.{language}.txt").make_module(values)
    subject = " ".join(str(getattr(text_module, "subject", "")).split())
    html = _ENV.get_template(f"{kind}.{language}.html").render({**values, "subject": subject})
    return Rendered(subject=subject, text=str(text_module), html=html)


# -- recipients ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recipient:
    email: str
    language: str
    name: str | None
    owner: bool


def recipient_view(row: NotificationRecipient) -> dict[str, Any]:
    return {
        "id": row.id,
        "email": row.email,
        "name": row.name,
        "language": row.language,
        "import_summary": row.import_summary,
        "overdue_digest": row.overdue_digest,
    }


def recipients_for(session: Session, company_id: int, kind: str) -> list[Recipient]:
    """The owner (company e-mail) and the recipients who asked for ``kind``.

    A recipient row for the owner's own address sets the owner's language and
    choices; an address gets one message, never two.
    """
    company = session.get(Company, company_id)
    if company is None:
        raise NotFound(f"no company with id {company_id}")
    rows = session.scalars(
        select(NotificationRecipient)
        .where(NotificationRecipient.company_id == company_id)
        .order_by(NotificationRecipient.id)
    ).all()
    by_address = {r.email.lower(): r for r in rows}
    out: list[Recipient] = []
    seen: set[str] = set()
    owner = (company.email or "").strip()
    if owner:
        row = by_address.get(owner.lower())
        if row is None or _wants(row, kind):
            out.append(Recipient(owner, row.language if row else "nb", company.name, owner=True))
        seen.add(owner.lower())
    for row in rows:
        if row.email.lower() in seen or not _wants(row, kind):
            continue
        seen.add(row.email.lower())
        out.append(Recipient(row.email, row.language, row.name, owner=False))
    return out


def _wants(row: NotificationRecipient, kind: str) -> bool:
    if kind == OVERDUE_DIGEST:
        return row.overdue_digest
    if kind in {IMPORT_SUMMARY, FETCH_FAILED}:
        return row.import_summary
    return True


def _check_email(email: str) -> str:
    value = email.strip()
    local, _, domain = value.rpartition("@")
    if not local or "." not in domain or any(c.isspace() for c in value):
        raise ValidationError(f"not an e-mail address: {email!r}")
    return value


# -- what the messages say ----------------------------------------------------------


def _rows(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "rows": items[:MAX_ROWS],
        "more": max(0, len(items) - MAX_ROWS),
        "count": len(items),
        "amount_ore": sum(i["amount_ore"] for i in items),
    }


def import_context(
    session: Session, company_id: int, summary: ImportSummary, channel: str | None
) -> dict[str, Any]:
    """Everything the import summary shows, read back from what was booked."""
    company = session.get_one(Company, company_id)
    base: dict[str, Any] = {
        "company": company.name,
        "filename": summary.filename,
        "format": summary.format or "",
        "channel": channel,
        "status": summary.status,
        "sha256": summary.sha256 or "",
        "error": (summary.error or {}).get("message"),
        "payments": summary.payments,
        "amount_ore": summary.amount_ore,
        "duplicate_payments": summary.duplicate_payments,
        "notes": list(summary.notes),
    }
    groups: dict[str, list[dict[str, Any]]] = {
        k: [] for k in ("paid", "partial", "overpaid", "reversed", "inbox", "posted", "ignored")
    }
    if summary.file_id is not None and summary.status == "imported":
        rows = session.execute(
            select(Payment, Invoice, Customer)
            .outerjoin(Invoice, Invoice.id == Payment.invoice_id)
            .outerjoin(Customer, Customer.id == Payment.customer_id)
            .where(Payment.bank_file_id == summary.file_id)
            .order_by(Payment.id)
        ).all()
        for p, inv, cust in rows:
            item = {
                "amount_ore": p.amount_ore,
                "invoice": inv.number if inv is not None else None,
                "customer": cust.name if cust is not None else None,
                "customer_number": cust.number if cust is not None else None,
                "open_ore": inv.total_ore - inv.settled_ore if inv is not None else None,
                "surplus_ore": p.amount_ore - p.invoice_amount_ore - p.written_off_ore,
                "kid": p.kid,
                "payer": p.payer_name or p.payer_account,
                "message": p.message,
                "date": p.date,
                "placeholder": bool(cust is not None and cust.is_placeholder),
            }
            if p.outcome == "matched":
                groups["paid"].append(item)
            elif p.outcome == "partial":
                groups["partial"].append(item)
            elif p.outcome == "overpaid":
                groups["overpaid"].append(item)
            elif p.outcome == "reversed":
                groups["reversed"].append(item)
            elif p.state == "inbox":
                groups["inbox"].append(item)
            elif p.state == "ignored":
                groups["ignored"].append(item)
            else:
                groups["posted"].append(item)
    base.update({name: _rows(items) for name, items in groups.items()})
    return base


def overdue_context(session: Session, company_id: int, today: dt.date) -> dict[str, Any]:
    """Invoices past their due date with an open amount, oldest first."""
    company = session.get_one(Company, company_id)
    rows = session.execute(
        select(Invoice, Customer)
        .join(Customer, Customer.id == Invoice.customer_id)
        .where(
            Invoice.company_id == company_id,
            Invoice.kind == "invoice",
            Invoice.number.is_not(None),
            Invoice.due_date < today,
            Invoice.total_ore > Invoice.settled_ore,
        )
        .order_by(Invoice.due_date, Invoice.number)
    ).all()
    items = [
        {
            "invoice": inv.number,
            "customer": cust.name,
            "customer_number": cust.number,
            "due_date": inv.due_date,
            "days": (today - inv.due_date).days if inv.due_date else 0,
            "total_ore": inv.total_ore,
            "amount_ore": inv.total_ore - inv.settled_ore,
            "kid": inv.kid,
        }
        for inv, cust in rows
    ]
    return {"company": company.name, "today": today, **_rows(items)}


# -- the service --------------------------------------------------------------------


class Notifier:
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

    # -- recipients --------------------------------------------------------------

    def set_owner_email(self, company_id: int, email: str | None, *, actor: str) -> dict[str, Any]:
        """The account owner's address: the company's e-mail, who gets everything.
        Setting the address it already has changes nothing and records nothing."""
        value = _check_email(email) if email else None
        now = self.clock.now()
        with self.sessions.begin() as session:
            company = session.get(Company, company_id)
            if company is None:
                raise NotFound(f"no company with id {company_id}")
            if company.email == value:
                return {"company_id": company_id, "email": value}
            before = {"email": company.email}
            company.email = value
            audit.record(
                session, at=now, actor=actor, action="company.email", object_type="company",
                object_id=company_id, company_id=company_id, before=before, after={"email": value},
            )  # fmt: skip
            return {"company_id": company_id, "email": value}

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
    ) -> dict[str, Any]:
        """Add someone, or change what an address gets and in which language."""
        address = _check_email(email)
        if language not in LANGUAGES:
            raise ValidationError("language must be nb (Norwegian) or en (English)")
        now = self.clock.now()
        with self.sessions.begin() as session:
            if session.get(Company, company_id) is None:
                raise NotFound(f"no company with id {company_id}")
            row = session.execute(
                select(NotificationRecipient).where(
                    NotificationRecipient.company_id == company_id,
                    func.lower(NotificationRecipient.email) == address.lower(),
                )
            ).scalar_one_or_none()
            if row is None:
                row = NotificationRecipient(company_id=company_id, email=address, created_at=now)
                session.add(row)
            row.name = name or row.name
            row.language = language
            row.import_summary = import_summary
            row.overdue_digest = overdue_digest
            session.flush()
            view = recipient_view(row)
            audit.record(
                session, at=now, actor=actor, action="notify.recipient", object_type="recipient",
                object_id=row.id, company_id=company_id, after=view,
            )  # fmt: skip
            return view

    def remove_recipient(self, company_id: int, email: str, *, actor: str) -> None:
        now = self.clock.now()
        with self.sessions.begin() as session:
            row = session.execute(
                select(NotificationRecipient).where(
                    NotificationRecipient.company_id == company_id,
                    func.lower(NotificationRecipient.email) == email.strip().lower(),
                )
            ).scalar_one_or_none()
            if row is None:
                raise NotFound(f"{email} is not a recipient")
            view = recipient_view(row)
            session.delete(row)
            audit.record(
                session, at=now, actor=actor, action="notify.recipient_remove",
                object_type="recipient", object_id=view["id"], company_id=company_id, before=view,
            )  # fmt: skip

    def recipients(self, company_id: int) -> dict[str, Any]:
        with self.sessions() as session:
            company = session.get(Company, company_id)
            if company is None:
                raise NotFound(f"no company with id {company_id}")
            rows = session.scalars(
                select(NotificationRecipient)
                .where(NotificationRecipient.company_id == company_id)
                .order_by(NotificationRecipient.id)
            ).all()
            return {"owner": company.email, "recipients": [recipient_view(r) for r in rows]}

    # -- queueing ----------------------------------------------------------------

    def queue(
        self,
        session: Session,
        company_id: int | None,
        kind: str,
        key: str,
        recipient: Recipient,
        context: dict[str, Any],
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
                        body_html=rendered.html, status="pending", attempts=0,
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
        if summary.status == "duplicate":
            return 0
        if summary.status == "imported" and summary.payments == 0:
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

    def queue_overdue_digest(self, company_id: int, period: str) -> dict[str, Any]:
        """The overdue digest for ``period`` (a day); nothing when nothing is overdue."""
        today = self.clock.today()
        with self.sessions.begin() as session:
            context = overdue_context(session, company_id, today)
            if context["count"] == 0:
                return {"overdue": 0, "amount_ore": 0, "queued": 0}
            people = recipients_for(session, company_id, OVERDUE_DIGEST)
            key = f"{OVERDUE_DIGEST}:{company_id}:{period}"
            queued = sum(
                self.queue(session, company_id, OVERDUE_DIGEST, key, person, context)
                for person in people
            )
            return {
                "overdue": context["count"],
                "amount_ore": context["amount_ore"],
                "queued": queued,
            }

    def queue_fetch_failed(self, company_id: int, channel: str, error: str, period: str) -> int:
        """Tell the owner that fetching from a channel failed (once per channel and day)."""
        key = f"{FETCH_FAILED}:{company_id}:{channel}:{period}"
        with self.sessions.begin() as session:
            company = session.get_one(Company, company_id)
            context = {"company": company.name, "channel": channel, "error": error}
            return sum(
                self.queue(session, company_id, FETCH_FAILED, key, person, context)
                for person in recipients_for(session, company_id, FETCH_FAILED)
            )

    def queue_test(self, company_id: int, email: str, language: str = "nb") -> int:
        """A test message, to check the SMTP settings end to end."""
        address = _check_email(email)
        now = self.clock.now()
        with self.sessions.begin() as session:
            company = session.get(Company, company_id)
            if company is None:
                raise NotFound(f"no company with id {company_id}")
            context = {"company": company.name, "smtp_host": self.smtp.host if self.smtp else ""}
            queued = self.queue(
                session, company_id, TEST_MESSAGE, f"{TEST_MESSAGE}:{now.isoformat()}",
                Recipient(address, language, None, owner=False), context,
            )  # fmt: skip
            return int(queued)

    # -- delivery ----------------------------------------------------------------

    def _due(self, now: dt.datetime) -> Any:
        return or_(
            and_(EmailOutbox.status == "pending", EmailOutbox.next_attempt_at <= now),
            and_(EmailOutbox.status == "sending", EmailOutbox.claimed_at < now - SENDING_LEASE),
        )

    def _claim(self, outbox_id: int) -> bool:
        now = self.clock.now()
        with self.sessions.begin() as session:
            result = session.execute(
                update(EmailOutbox)
                .execution_options(synchronize_session=False)
                .where(EmailOutbox.id == outbox_id, self._due(now))
                .values(status="sending", claimed_by=self.worker_id, claimed_at=now)
            )
            return bool(getattr(result, "rowcount", 0) == 1)

    def deliver(self, *, limit: int = 200) -> dict[str, Any]:
        """Send what is due. A failure is recorded and retried later with backoff; a
        temporary one ends this round (the server is unwell: try again later)."""
        report: dict[str, Any] = {"sent": 0, "retry": 0, "failed": 0, "smtp": self.smtp is not None}
        with self.sessions() as session:
            due = list(
                session.scalars(
                    select(EmailOutbox.id)
                    .where(self._due(self.clock.now()))
                    .order_by(EmailOutbox.next_attempt_at, EmailOutbox.id)
                    .limit(limit)
                )
            )
        if self.smtp is None:
            report["waiting"] = len(due)
            return report
        with self.mailer_factory(self.smtp) as mailer:
            for outbox_id in due:
                if not self._claim(outbox_id):
                    continue
                outcome = self._send_one(mailer, outbox_id)
                report[outcome] += 1
                if outcome == "retry":
                    break
        return report

    def deliver_letters(self, *, limit: int = 100) -> dict[str, Any]:
        """Send the follow-up letters waiting as e-mail (reminders, inkassovarsel,
        interest notes), each with its PDFs attached. A letter is claimed first
        (``pending`` → ``sending``), so two workers never send it twice; a temporary
        failure puts it back for the next round, a permanent one records ``failed``."""
        from reskontro.services.followup import FollowUp
        from reskontro.storage.models_followup import FollowupMessage

        report: dict[str, Any] = {"sent": 0, "retry": 0, "failed": 0}
        with self.sessions() as session:
            due = list(
                session.execute(
                    select(FollowupMessage.company_id, FollowupMessage.id)
                    .where(FollowupMessage.status == "pending")
                    .order_by(FollowupMessage.id)
                    .limit(limit)
                ).tuples()
            )
        if self.smtp is None:
            report["waiting"] = len(due)
            return report
        followup = FollowUp(self.sessions, self.clock)
        with self.mailer_factory(self.smtp) as mailer:
            for company_id, message_id in due:
                with self.sessions.begin() as session:
                    claimed = session.execute(
                        update(FollowupMessage)
                        .execution_options(synchronize_session=False)
                        .where(
                            FollowupMessage.id == message_id, FollowupMessage.status == "pending"
                        )
                        .values(status="sending")
                    )
                    if getattr(claimed, "rowcount", 0) != 1:
                        continue
                    company = session.get(Company, company_id)
                outcome = self._send_letter(mailer, followup, company, company_id, message_id)
                report[outcome] += 1
                if outcome == "retry":
                    break
        return report

    def _send_letter(
        self,
        mailer: SmtpMailer,
        followup: Any,
        company: Company | None,
        company_id: int,
        message_id: int,
    ) -> str:
        smtp = self.smtp
        if smtp is None:  # pragma: no cover - checked by deliver_letters
            raise ValidationError("SMTP is not configured")
        email = followup.email(company_id, message_id)
        body = build_message(
            sender=smtp.sender,
            sender_name=company.name if company else "reskontro",
            to=email.to or "",
            subject=email.subject,
            text=email.text,
            html=email.html,
            message_id=make_msgid("reskontro", smtp.sender.rpartition("@")[2]),
            date=self.clock.now(),
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
                return "failed"
            followup.mark_message(company_id, message_id, status="pending", error=exc.message)
            log.warning("letter e-mail %d not sent, will retry: %s", message_id, exc)
            return "retry"
        followup.mark_message(company_id, message_id, status="sent")
        return "sent"

    def _send_one(self, mailer: SmtpMailer, outbox_id: int) -> str:
        smtp = self.smtp
        if smtp is None:  # pragma: no cover - checked by deliver
            raise ValidationError("SMTP is not configured")
        with self.sessions() as session:
            row = session.get_one(EmailOutbox, outbox_id)
            company = session.get(Company, row.company_id) if row.company_id else None
            message_id = row.message_id or make_msgid("reskontro", smtp.sender.rpartition("@")[2])
            msg = build_message(
                sender=smtp.sender,
                sender_name=f"{company.name} via reskontro" if company else "reskontro",
                to=row.to_address,
                subject=row.subject,
                text=row.body_text,
                html=row.body_html,
                message_id=message_id,
                date=self.clock.now(),
            )
            from reskontro.services.delivery.email import with_attachments

            msg = with_attachments(session, outbox_id, msg)  # an invoice's PDF
        error: MailError | None = None
        try:
            mailer.send(msg)
        except MailError as exc:
            error = exc
        now = self.clock.now()
        with self.sessions.begin() as session:
            row = session.get_one(EmailOutbox, outbox_id)
            row.attempts += 1
            row.message_id = message_id
            row.claimed_by = None
            session.add(
                EmailAttempt(
                    outbox_id=outbox_id, at=now, ok=error is None,
                    smtp_code=error.code if error else None,
                    error=error.message if error else None,
                )
            )  # fmt: skip
            if error is None:
                row.status = "sent"
                row.sent_at = now
                row.last_error = None
                return "sent"
            row.last_error = error.message
            if error.permanent or row.attempts >= MAX_ATTEMPTS:
                row.status = "failed"
                log.error("e-mail %d to %s failed for good: %s", outbox_id, row.to_address, error)
                return "failed"
            wait = BACKOFF[min(row.attempts, len(BACKOFF)) - 1]
            row.status = "pending"
            row.next_attempt_at = now + dt.timedelta(seconds=wait)
            log.warning(
                "e-mail %d to %s not sent (attempt %d, next in %ds): %s",
                outbox_id, row.to_address, row.attempts, wait, error,
            )  # fmt: skip
            return "retry"

    def retry_failed(self, company_id: int | None = None, *, actor: str = "system") -> int:
        """Put messages that were given up back in the queue (after fixing the cause);
        recorded in the audit log when there were any."""
        now = self.clock.now()
        with self.sessions.begin() as session:
            query = (
                update(EmailOutbox)
                .execution_options(synchronize_session=False)
                .where(EmailOutbox.status == "failed")
                .values(status="pending", next_attempt_at=now, attempts=0)
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
    ) -> list[dict[str, Any]]:
        with self.sessions() as session:
            query = select(EmailOutbox).order_by(EmailOutbox.id.desc()).limit(limit)
            if company_id is not None:
                query = query.where(EmailOutbox.company_id == company_id)
            if status is not None:
                query = query.where(EmailOutbox.status == status)
            return [outbox_view(r) for r in session.scalars(query)]


def outbox_view(row: EmailOutbox) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "to": row.to_address,
        "language": row.language,
        "subject": row.subject,
        "status": row.status,
        "attempts": row.attempts,
        "next_attempt_at": row.next_attempt_at.isoformat() if row.status == "pending" else None,
        "last_error": row.last_error,
        "created_at": row.created_at.isoformat(),
        "sent_at": row.sent_at.isoformat() if row.sent_at else None,
    }


__all__ = [
    "IMPORT_SUMMARY",
    "OVERDUE_DIGEST",
    "Notifier",
    "Recipient",
    "import_context",
    "overdue_context",
    "recipients_for",
    "render",
]
