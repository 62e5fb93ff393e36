"""The books as follow-up reads them: overdue claims with their letters, holds and
disputes, the customer's unmatched money, and the payments that reduced each claim
(for interest)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from reskontro.domain.followup import ClaimState, LetterKind, SentLetter
from reskontro.domain.followup_codes import FollowupError
from reskontro.domain.interest import interest_on_balance
from reskontro.domain.invoice import InvoiceKind
from reskontro.errors import StateError
from reskontro.messages import Message
from reskontro.services.invoicing.views import open_of
from reskontro.storage.models import Customer, Invoice, Payment, PaymentAllocation
from reskontro.storage.models_followup import (
    LETTER_KINDS,
    FollowupClaim,
    FollowupDocument,
    FollowupHold,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

    from sqlalchemy import ColumnElement
    from sqlalchemy.orm import Session

    from reskontro.domain.followup import Decision, RateTable, Skip
    from reskontro.domain.interest import InterestResult


@dataclass
class Claim:
    """An overdue open invoice with what follow-up knows of it."""

    invoice: Invoice
    customer: Customer
    state: ClaimState
    row: FollowupClaim | None
    letters: list[FollowupDocument] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SkippedClaim:
    """A claim a run left alone, and why."""

    invoice_id: int
    number: int | None
    customer_number: int
    customer_name: str
    open_ore: int
    #: Why: a :class:`~reskontro.domain.followup_codes.Why` code.
    reason: Message
    code: Skip | None


def skipped(c: Claim, decision: Decision) -> SkippedClaim:
    return SkippedClaim(
        c.invoice.id, c.invoice.number, c.customer.number, c.customer.name, c.state.open_ore,
        decision.why, decision.skip,
    )  # fmt: skip


def due_of(invoice: Invoice) -> dt.date:
    if invoice.due_date is None:
        raise StateError(Message.of(FollowupError.NO_DUE_DATE, invoice_id=invoice.id))
    return invoice.due_date


def issued(invoice: Invoice) -> tuple[int, dt.date, dt.date]:
    """Number, invoice date and due date of an issued invoice."""
    if invoice.number is None or invoice.invoice_date is None or invoice.due_date is None:
        raise StateError(Message.of(FollowupError.INVOICE_DRAFT, invoice_id=invoice.id))
    return invoice.number, invoice.invoice_date, invoice.due_date


def _open_overdue(company_id: int, today: dt.date) -> tuple[ColumnElement[bool], ...]:
    return (
        Invoice.company_id == company_id,
        Invoice.kind == InvoiceKind.INVOICE.value,
        Invoice.number.is_not(None),
        Invoice.total_ore != Invoice.settled_ore,
        Invoice.due_date < today,
    )


def claims(
    session: Session, company_id: int, today: dt.date, *, payments_through: dt.date | None = None
) -> list[Claim]:
    """Every overdue open invoice of the company with its follow-up state
    (``payments_through``: the last day the bank files read cover, if the company has
    bank files)."""
    where = _open_overdue(company_id, today)
    rows = session.execute(
        select(Invoice, Customer, FollowupClaim)
        .join(Customer, Customer.id == Invoice.customer_id)
        .outerjoin(FollowupClaim, FollowupClaim.invoice_id == Invoice.id)
        .where(*where)
        .order_by(Invoice.due_date, Invoice.number)
    ).all()
    letters = _letters(session, where)
    by_invoice, by_customer = _holds(session, company_id, today)
    credit = customer_credit(session, company_id)
    out = []
    for invoice, customer, row in rows:
        docs = letters.get(invoice.id, [])
        held = by_invoice.get(invoice.id) or by_customer.get(customer.id)
        state = ClaimState(
            due=due_of(invoice),
            open_ore=open_of(invoice),
            letters=tuple(
                SentLetter(LetterKind(d.kind), d.sent_on, d.deadline or d.sent_on, d.fee_ore)
                for d in docs
            ),
            disputed=bool(row and row.disputed),
            hold=held.reason if held else None,
            hold_until=held.until if held else None,
            hold_on_customer=held is not None and held.invoice_id is None,
            handed_over=bool(row and row.handoff_id),
            customer_credit_ore=credit.get(customer.id, 0),
            payments_through=payments_through,
        )
        out.append(Claim(invoice, customer, state, row, docs))
    return out


def _letters(
    session: Session, where: tuple[ColumnElement[bool], ...]
) -> dict[int, list[FollowupDocument]]:
    letters: dict[int, list[FollowupDocument]] = {}
    for doc in session.scalars(
        select(FollowupDocument)
        .join(Invoice, Invoice.id == FollowupDocument.invoice_id)
        .where(*where, FollowupDocument.kind.in_(LETTER_KINDS))
        .order_by(FollowupDocument.sent_on, FollowupDocument.id)
    ):
        letters.setdefault(doc.invoice_id, []).append(doc)
    return letters


def _holds(
    session: Session, company_id: int, today: dt.date
) -> tuple[dict[int, FollowupHold], dict[int, FollowupHold]]:
    """The active holds, by invoice and by customer."""
    by_invoice: dict[int, FollowupHold] = {}
    by_customer: dict[int, FollowupHold] = {}
    for hold in session.scalars(
        select(FollowupHold).where(
            FollowupHold.company_id == company_id,
            FollowupHold.released_at.is_(None),
            (FollowupHold.until.is_(None)) | (FollowupHold.until >= today),
        )
    ):
        if hold.invoice_id is not None:
            by_invoice[hold.invoice_id] = hold
        elif hold.customer_id is not None:
            by_customer[hold.customer_id] = hold
    return by_invoice, by_customer


def customer_credit(session: Session, company_id: int) -> dict[int, int]:
    """Money per customer not matched to invoices: open credit notes and payments."""
    credit: dict[int, int] = {}
    for customer_id, amount in session.execute(
        select(Invoice.customer_id, func.sum(Invoice.settled_ore - Invoice.total_ore))
        .where(Invoice.company_id == company_id,
               Invoice.kind == InvoiceKind.CREDIT_NOTE.value,
               Invoice.number.is_not(None), Invoice.total_ore != Invoice.settled_ore)
        .group_by(Invoice.customer_id)
    ):  # fmt: skip
        credit[customer_id] = credit.get(customer_id, 0) + int(amount or 0)
    for customer_id, amount in session.execute(
        select(Payment.customer_id, func.sum(Payment.amount_ore - Payment.allocated_ore))
        .where(Payment.company_id == company_id, Payment.state == "posted",
               Payment.customer_id.is_not(None),
               # != first: the form of the index on open payments (ix_payment_open)
               Payment.amount_ore != Payment.allocated_ore,
               Payment.amount_ore > Payment.allocated_ore)
        .group_by(Payment.customer_id)
    ):  # fmt: skip
        credit[customer_id] = credit.get(customer_id, 0) + int(amount or 0)
    return {k: v for k, v in credit.items() if v > 0}


def reductions(
    session: Session, invoice_ids: Sequence[int]
) -> dict[int, list[tuple[dt.date, int]]]:
    """Payments settling each invoice, by the day the money came (never credit notes)."""
    found: dict[int, list[tuple[dt.date, int]]] = {i: [] for i in invoice_ids}
    for chunk in _chunks(invoice_ids):
        for invoice_id, day, amount in session.execute(
            select(
                Payment.invoice_id,
                Payment.date,
                Payment.invoice_amount_ore + Payment.written_off_ore,
            ).where(Payment.invoice_id.in_(chunk), Payment.state == "posted")
        ):
            if amount:
                found[invoice_id].append((day, amount))
        for invoice_id, day, amount in session.execute(
            select(PaymentAllocation.invoice_id, Payment.date, PaymentAllocation.amount_ore)
            .join(Payment, Payment.id == PaymentAllocation.payment_id)
            .where(PaymentAllocation.invoice_id.in_(chunk))
        ):
            found[invoice_id].append((day, amount))
    return found


def _chunks(ids: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def accrued(
    invoice: Invoice,
    paid: Sequence[tuple[dt.date, int]],
    interest_to: dt.date | None,
    until: dt.date,
    table: RateTable,
) -> InterestResult:
    """Interest on the invoice not yet invoiced, through ``until``."""
    principal = invoice.total_ore - invoice.credited_ore
    due = due_of(invoice)
    start = max(due, interest_to) if interest_to else due
    before = [(d, a) for d, a in paid if d <= start]
    later = [(d, a) for d, a in paid if d > start]
    opening = max(principal - sum(a for _, a in before), 0)
    return interest_on_balance(start, until, opening, later, table.interest)


__all__ = [
    "Claim",
    "SkippedClaim",
    "accrued",
    "claims",
    "customer_credit",
    "due_of",
    "issued",
    "reductions",
    "skipped",
]
