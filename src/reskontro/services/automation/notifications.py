"""E-mail notifications: who gets them and what they say.

Two kinds go out every day a company has something to say:

* after each bank file is imported, what it registered — paid, part-paid, overpaid,
  sent to the voucher inbox — with amounts and invoice numbers (and, for a file that
  could not be read, why it was rejected);
* the overdue digest: invoices past their due date with an open amount.

They go to the **account owner** (the company's e-mail address) and to every
recipient who asked for that kind, in Norwegian bokmål unless the recipient chose
English, as plain text plus HTML (jinja2 templates in ``reskontro/templates/email``).
The outbox that sends them is :mod:`reskontro.services.automation.outbox`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from sqlalchemy import select

from reskontro.domain.matching import Outcome
from reskontro.domain.money import format_nok
from reskontro.domain.payment import ImportStatus, PaymentState
from reskontro.errors import ValidationError
from reskontro.messages import Message
from reskontro.services.automation.codes import NotifyCode
from reskontro.storage import repo
from reskontro.storage.models import Customer, Invoice, Payment
from reskontro.storage.models_automation import NotificationRecipient

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from reskontro.services.payments import ImportSummary

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates" / "email"
LANGUAGES = ("nb", "en")
IMPORT_SUMMARY = "import_summary"
OVERDUE_DIGEST = "overdue_digest"
FETCH_FAILED = "fetch_failed"
TEST_MESSAGE = "test_message"
#: Rows shown per group in an e-mail; the rest is counted ("and 12 more").
MAX_ROWS = 200

_MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

#: What a template is given: names to values (rows are frozen dataclasses).
Context = dict[str, object]


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
    env.filters["msg"] = _msg
    return env


def _msg(message: Message, language: str) -> str:
    from reskontro.i18n import render as render_message

    return render_message(message, "nb" if language == "nb" else "en")


_ENV: jinja2.Environment | None = None


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    text: str
    html: str


def check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValidationError(Message.of(NotifyCode.LANGUAGE), field="language")


def render(kind: str, language: str, context: Context) -> Rendered:
    """Render ``kind`` in ``language``: the subject is set at the top of the text
    template (``{% set subject %}``), the HTML template extends ``_layout.html``."""
    global _ENV  # noqa: PLW0603 - one template cache per process
    check_language(language)
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


def recipients_for(session: Session, company_id: int, kind: str) -> list[Recipient]:
    """The owner (company e-mail) and the recipients who asked for ``kind``.

    A recipient row for the owner's own address sets the owner's language and
    choices; an address gets one message, never two.
    """
    company = repo.company(session, company_id)
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


def check_email(email: str) -> str:
    value = email.strip()
    local, _, domain = value.rpartition("@")
    if not local or "." not in domain or any(c.isspace() for c in value):
        raise ValidationError(Message.of(NotifyCode.NOT_AN_EMAIL, value=repr(email)), field="email")
    return value


# -- what the messages say ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PaymentRow:
    amount_ore: int
    invoice: int | None
    customer: str | None
    customer_number: int | None
    open_ore: int | None
    surplus_ore: int
    kid: str | None
    payer: str | None
    message: str | None
    date: dt.date | None
    placeholder: bool
    #: A possible duplicate: the id of the payment booked before that it may repeat.
    duplicate_of: int | None = None


@dataclass(frozen=True, slots=True)
class OverdueRow:
    invoice: int | None
    customer: str
    customer_number: int
    due_date: dt.date | None
    days: int
    total_ore: int
    amount_ore: int
    kid: str | None


@dataclass(frozen=True, slots=True)
class Group:
    """Rows of one kind: the first :data:`MAX_ROWS`, how many more, and the sum."""

    rows: tuple[PaymentRow | OverdueRow, ...]
    more: int
    count: int
    amount_ore: int

    @classmethod
    def of(cls, items: Sequence[PaymentRow | OverdueRow]) -> Group:
        return cls(
            tuple(items[:MAX_ROWS]),
            max(0, len(items) - MAX_ROWS),
            len(items),
            sum(i.amount_ore for i in items),
        )


_GROUPS = ("paid", "partial", "overpaid", "reversed", "inbox", "posted", "ignored")
_BY_OUTCOME: dict[str, str] = {
    Outcome.MATCHED: "paid",
    Outcome.PARTIAL: "partial",
    Outcome.OVERPAID: "overpaid",
}


def _group_of(outcome: str, state: str) -> str:
    if outcome in _BY_OUTCOME:
        return _BY_OUTCOME[outcome]
    if outcome == Outcome.REVERSED:
        return "reversed"
    return state if state in {PaymentState.INBOX, PaymentState.IGNORED} else "posted"


def import_context(
    session: Session, company_id: int, summary: ImportSummary, channel: str | None
) -> Context:
    """Everything the import summary shows, read back from what was booked."""
    company = repo.company(session, company_id)
    error = summary.error or {}
    coded = error.get("reason")
    base: Context = {
        "company": company.name,
        "filename": summary.filename,
        "format": summary.format or "",
        "channel": channel,
        "status": summary.status,
        "sha256": summary.sha256 or "",
        "error": error.get("message"),
        # The same in the recipient's language: the coded reason and its line.
        "reason": Message.from_json(coded) if coded else None,
        "error_line": error.get("line"),
        "payments": summary.payments,
        "amount_ore": summary.amount_ore,
        "duplicate_payments": summary.duplicate_payments,
        "notes": list(summary.notes),
    }
    groups: dict[str, list[PaymentRow]] = {k: [] for k in _GROUPS}
    possible: list[PaymentRow] = []
    if summary.file_id is not None and summary.status == ImportStatus.IMPORTED:
        rows = session.execute(
            select(Payment, Invoice, Customer)
            .outerjoin(Invoice, Invoice.id == Payment.invoice_id)
            .outerjoin(Customer, Customer.id == Payment.customer_id)
            .where(Payment.bank_file_id == summary.file_id)
            .order_by(Payment.id)
        ).all()
        for p, inv, cust in rows:
            item = PaymentRow(
                amount_ore=p.amount_ore,
                invoice=inv.number if inv is not None else None,
                customer=cust.name if cust is not None else None,
                customer_number=cust.number if cust is not None else None,
                open_ore=inv.total_ore - inv.settled_ore if inv is not None else None,
                surplus_ore=p.amount_ore - p.invoice_amount_ore - p.written_off_ore,
                kid=p.kid,
                payer=p.payer_name or p.payer_account,
                message=p.message,
                date=p.date,
                placeholder=bool(cust is not None and cust.is_placeholder),
                duplicate_of=p.duplicate_of,
            )
            groups[_group_of(p.outcome, p.state)].append(item)
            if p.duplicate_of is not None:
                possible.append(item)
    base.update({name: Group.of(items) for name, items in groups.items()})
    # Of the inbox: the payments that may repeat one booked from another file.
    base["possible_duplicates"] = Group.of(possible)
    return base


def overdue_rows(session: Session, company_id: int, today: dt.date) -> list[OverdueRow]:
    """Invoices past their due date with an open amount, oldest first."""
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
    return [
        OverdueRow(
            invoice=inv.number,
            customer=cust.name,
            customer_number=cust.number,
            due_date=inv.due_date,
            days=(today - inv.due_date).days if inv.due_date else 0,
            total_ore=inv.total_ore,
            amount_ore=inv.total_ore - inv.settled_ore,
            kid=inv.kid,
        )
        for inv, cust in rows
    ]


def overdue_context(
    session: Session, company_id: int, today: dt.date, group: Group | None = None
) -> Context:
    """The overdue digest's context: the company, today and the overdue rows."""
    company = repo.company(session, company_id)
    if group is None:
        group = Group.of(overdue_rows(session, company_id, today))
    from reskontro.domain.rate_watch import rate_warnings
    from reskontro.services.followup.rates import rate_table

    return {
        "company": company.name, "today": today, "rows": group.rows, "more": group.more,
        "count": group.count, "amount_ore": group.amount_ore,
        # Rates that run out within 30 days: said ahead, in the digest people read.
        "rate_warnings": rate_warnings(rate_table(session), today),
    }  # fmt: skip


__all__ = [
    "FETCH_FAILED",
    "IMPORT_SUMMARY",
    "LANGUAGES",
    "OVERDUE_DIGEST",
    "TEST_MESSAGE",
    "Context",
    "Group",
    "OverdueRow",
    "PaymentRow",
    "Recipient",
    "Rendered",
    "check_email",
    "check_language",
    "import_context",
    "overdue_context",
    "recipients_for",
    "render",
]
