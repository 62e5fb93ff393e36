"""Payments and payment files as the inbox, a file's page, the CLI and the API show
them: typed views, and why each payment went where it went (:func:`reasons_of`)."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import func, select

from reskontro.domain.matching import Detail, MatchResult, Outcome
from reskontro.domain.matching import reason_of as reason_from_match
from reskontro.domain.payment import BankFileStatus, FileFormat, PaymentError, PaymentState
from reskontro.errors import NotFound
from reskontro.i18n import render
from reskontro.messages import Message, Messages
from reskontro.services.payments import file_problems
from reskontro.storage.models import BankFile, Customer, Invoice, Payment, PaymentAllocation

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.messages import Problem


#: Payments on one page of a file's payments.
FILE_PAGE = 100


def reasons_of(p: Payment, invoice_number: int | None = None) -> Messages:
    """Why the payment went where it went: the stored reasons, or its outcome's."""
    if p.reasons:
        return Messages.loads(p.reasons)
    return Messages((describe_outcome(p, invoice_number),))


def describe_outcome(p: Payment, invoice_number: int | None = None) -> Message:
    """The reason matching gave the payment, from what is stored of its outcome."""
    return reason_from_match(
        MatchResult(
            Outcome(p.outcome), Detail(p.detail), p.amount_ore, p.kid, p.invoice_id,
            invoice_number, p.customer_id, p.invoice_amount_ore, p.written_off_ore,
        )
    )  # fmt: skip


def reason_of(p: Payment, invoice_number: int | None = None) -> str:
    """:func:`reasons_of` in English, as the CLI prints it."""
    return "; ".join(render(m, "en") for m in reasons_of(p, invoice_number))


def append_reason(p: Payment, message: Message) -> None:
    """Add what a person did with the payment to why it is where it is."""
    p.reasons = Messages((*reasons_of(p), message)).dumps()


@dataclass(frozen=True, slots=True)
class PaymentView:
    """A payment as the inbox, a file's page and the API show it."""

    id: int
    amount_ore: int
    kid: str | None
    message: str | None
    date: dt.date
    payer_name: str | None
    payer_account: str | None
    outcome: str
    state: str
    customer_number: int | None
    customer_name: str | None
    allocated_ore: int
    unallocated_ore: int
    reason: Messages
    invoice_id: int | None
    line: int | None
    bank_file_id: int | None
    key: str
    #: camt texts that help place the payment (None for OCR): ``Ntry/AddtlNtryInf``,
    #: ``Strd/AddtlRmtInf``, and the structured references that are not the KID.
    entry_info: str | None = None
    remittance_info: str | None = None
    creditor_reference: str | None = None
    #: The bank's reference (OCR archive reference, camt ``AcctSvcrRef``).
    bank_reference: str | None = None
    #: The payment booked from another file that this one may repeat (issue 11): it
    #: waits in the inbox, shown beside that one (:attr:`possible_duplicate`).
    possible_duplicate_of: int | None = None
    possible_duplicate: PaymentView | None = None
    #: ISO 4217 code of the amount (a camt file's entry may be in another currency).
    currency: str = "NOK"


@dataclass(frozen=True, slots=True)
class FilePaymentView(PaymentView):
    """A payment of an imported file, with the number of the invoice it paid."""

    invoice_number: int | None = None


def payment_view(
    p: Payment, customer: Customer | None = None, invoice_number: int | None = None
) -> PaymentView:
    return PaymentView(
        id=p.id, amount_ore=p.amount_ore, kid=p.kid, message=p.message, date=p.date,
        payer_name=p.payer_name, payer_account=p.payer_account, outcome=p.outcome,
        state=p.state, customer_number=customer.number if customer else None,
        customer_name=customer.name if customer else None, allocated_ore=p.allocated_ore,
        unallocated_ore=p.amount_ore - p.allocated_ore, reason=reasons_of(p, invoice_number),
        invoice_id=p.invoice_id, line=p.line, bank_file_id=p.bank_file_id, key=p.key,
        entry_info=p.entry_info, remittance_info=p.remittance_info,
        creditor_reference=p.creditor_reference, bank_reference=p.bank_reference,
        possible_duplicate_of=p.duplicate_of, currency=p.currency,
    )  # fmt: skip


def file_payment_view(
    p: Payment, customer: Customer | None, invoice_number: int | None
) -> FilePaymentView:
    view = payment_view(p, customer, invoice_number)
    values = {f.name: getattr(view, f.name) for f in dataclasses.fields(view)}
    return FilePaymentView(**values, invoice_number=invoice_number)


@dataclass(frozen=True, slots=True)
class BankFileView:
    """A received payment file: what it held and what became of it."""

    id: int
    filename: str
    format: FileFormat
    status: BankFileStatus
    sha256: str
    size: int
    payments: int
    amount_ore: int
    received_at: dt.datetime
    imported_at: dt.datetime | None
    #: A rejected file's problems in English, one a line with its place (the CLI's).
    error: str | None
    #: The same problems as codes with their places, for a reader in another language.
    problems: tuple[Problem, ...]
    #: Where the bytes are kept on the server (the CLI shows it; the API does not).
    stored_path: str


@dataclass(frozen=True, slots=True)
class BankFileDetail(BankFileView):
    """One file with who brought it and its stored import summary (a file's page)."""

    actor: str
    source: str
    error_line: int | None
    summary: dict[str, object]


#: A view of a bank file: :class:`BankFileView` or one that extends it.
F = TypeVar("F", bound=BankFileView)


def _file_as(cls: type[F], r: BankFile, **more: Any) -> F:
    problems = file_problems.loads(r.problems)
    return cls(
        id=r.id, filename=r.filename, format=FileFormat(r.format),
        status=BankFileStatus(r.status), sha256=r.sha256, size=r.size, payments=r.payments,
        amount_ore=r.amount_ore, received_at=r.received_at, imported_at=r.imported_at,
        error=file_problems.english(problems), problems=problems, stored_path=r.stored_path,
        **more,
    )  # fmt: skip


def bank_file_view(r: BankFile) -> BankFileView:
    return _file_as(BankFileView, r)


def bank_files(
    sessions: sessionmaker[Session], company_id: int, limit: int = 50
) -> list[BankFileView]:
    """The company's files, newest first."""
    with sessions() as session:
        rows = session.scalars(
            select(BankFile)
            .where(BankFile.company_id == company_id)
            .order_by(BankFile.id.desc())
            .limit(limit)
        )
        return [bank_file_view(r) for r in rows]


def bank_file(session: Session, company_id: int, file_id: int) -> BankFileDetail:
    """One imported (or rejected) file with its stored summary; 404 if not the company's."""
    row = session.get(BankFile, file_id)
    if row is None or row.company_id != company_id:
        raise NotFound(Message.of(PaymentError.NO_BANK_FILE, file=file_id))
    return _file_as(
        BankFileDetail, row, actor=row.actor, source=row.source, error_line=row.error_line,
        summary=json.loads(row.summary) if row.summary else {},
    )  # fmt: skip


def payments_of_file(
    session: Session,
    company_id: int,
    file_id: int,
    after: int | None = None,
    limit: int = FILE_PAGE,
) -> tuple[list[FilePaymentView], int | None]:
    """A page of a file's payments in booking order, and the next page's cursor.

    Keyset on the payment id within ``ix_payment_bank_file_id``, so a page of a file
    of a million payments costs what the first page does.
    """
    query = (
        select(Payment, Customer, Invoice.number)
        .outerjoin(Customer, Customer.id == Payment.customer_id)
        .outerjoin(Invoice, Invoice.id == Payment.invoice_id)
        .where(Payment.company_id == company_id, Payment.bank_file_id == file_id)
        .order_by(Payment.id)
        .limit(limit + 1)
    )
    if after is not None:
        query = query.where(Payment.id > after)
    rows = session.execute(query).all()
    page = [file_payment_view(p, customer, number) for p, customer, number in rows[:limit]]
    return page, (page[-1].id if len(rows) > limit else None)


@dataclass(frozen=True, slots=True)
class InvoicePayment:
    """A payment (or part of one) that paid an invoice, and how it got there."""

    id: int
    date: dt.date
    kid: str | None
    amount_ore: int
    #: "KID" (matched on arrival) or "manuelt" (allocated by hand), as the page shows it.
    how: str
    payer: str | None


def payments_of_invoice(session: Session, company_id: int, invoice_id: int) -> list[InvoicePayment]:
    """Payments booked against the invoice: by KID on arrival, and by hand later."""
    found = [
        InvoicePayment(p.id, p.date, p.kid, p.invoice_amount_ore, "KID", p.payer_name)
        for p in session.scalars(
            select(Payment)
            .where(Payment.company_id == company_id, Payment.invoice_id == invoice_id)
            .order_by(Payment.id)
        )
    ]
    manual = session.execute(
        select(Payment, PaymentAllocation.amount_ore)
        .join(PaymentAllocation, PaymentAllocation.payment_id == Payment.id)
        .where(
            PaymentAllocation.company_id == company_id, PaymentAllocation.invoice_id == invoice_id
        )
        .order_by(PaymentAllocation.id)
    ).all()
    found.extend(
        InvoicePayment(p.id, p.date, p.kid, amount, "manuelt", p.payer_name) for p, amount in manual
    )
    return found


def inbox_count(session: Session, company_id: int) -> int:
    """How many payments wait in the voucher inbox."""
    return int(
        session.scalar(
            select(func.count(Payment.id)).where(
                Payment.company_id == company_id, Payment.state == PaymentState.INBOX
            )
        )
        or 0
    )


__all__ = [
    "FILE_PAGE",
    "BankFileDetail",
    "BankFileView",
    "FilePaymentView",
    "InvoicePayment",
    "PaymentView",
    "append_reason",
    "bank_file",
    "bank_file_view",
    "bank_files",
    "describe_outcome",
    "file_payment_view",
    "inbox_count",
    "payment_view",
    "payments_of_file",
    "payments_of_invoice",
    "reason_of",
    "reasons_of",
]
