"""Matching by hand on the customer ledger ("lukke poster"), and the one way a payment
is allocated to an invoice by hand (also used when the inbox posts to an invoice).

A customer's open payments and credit notes are set against the customer's invoices
with amounts in øre that must add up; each invoice (and credit note) is moved by
:func:`reskontro.domain.settlement.settle`, never by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain.invoice import InvoiceKind
from reskontro.domain.payment import PaymentError as E
from reskontro.domain.payment import PaymentState
from reskontro.domain.settlement import settle
from reskontro.errors import NotFound, ValidationError
from reskontro.jsonable import to_jsonable
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.storage.models import CreditAllocation, Invoice, Payment, PaymentAllocation
from reskontro.storage.repo import customer_by_number

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from reskontro.storage.models import Customer


@dataclass(frozen=True, slots=True)
class Allocation:
    """One side of a manual match: an item and how much of it to use (øre, positive)."""

    kind: str  # "payment", "credit_note" or "invoice"
    id: int
    amount_ore: int


@dataclass(frozen=True, slots=True)
class PaymentAllocated:
    """Part of a payment set against an invoice (by invoice number)."""

    payment: int
    invoice: int | None
    amount_ore: int


@dataclass(frozen=True, slots=True)
class CreditAllocated:
    """Part of a credit note set against an invoice (both by number)."""

    credit_note: int | None
    invoice: int | None
    amount_ore: int


@dataclass(frozen=True, slots=True)
class LedgerMatch:
    """What a manual match closed."""

    customer_number: int
    allocations: tuple[PaymentAllocated | CreditAllocated, ...]
    amount_ore: int


def locked_payment(session: Session, company_id: int, payment_id: int) -> Payment:
    p = session.execute(
        select(Payment)
        .where(Payment.id == payment_id, Payment.company_id == company_id)
        .with_for_update()
    ).scalar_one_or_none()
    if p is None:
        raise NotFound(Message.of(E.NO_PAYMENT, payment=payment_id))
    return p


def locked_invoice(
    session: Session, company_id: int, invoice_id: int, kind: InvoiceKind = InvoiceKind.INVOICE
) -> Invoice:
    """An issued invoice (or credit note) of the company, locked for this transaction."""
    inv = session.execute(
        select(Invoice)
        .where(Invoice.id == invoice_id, Invoice.company_id == company_id)
        .with_for_update()
    ).scalar_one_or_none()
    if inv is None or inv.kind != kind.value or inv.number is None:
        if kind is InvoiceKind.CREDIT_NOTE:
            raise NotFound(Message.of(E.NO_CREDIT_NOTE, credit_note=invoice_id))
        raise NotFound(Message.of(E.NO_ISSUED_INVOICE, invoice=invoice_id))
    return inv


def allocate(
    session: Session,
    payment: Payment,
    invoice: Invoice,
    amount: int | None,
    actor: str,
    now: dt.datetime,
) -> int:
    """Allocate ``amount`` (default: as much as both have) of a payment to an invoice."""
    if invoice.number is None or invoice.kind != InvoiceKind.INVOICE.value:
        raise ValidationError(Message.of(E.ISSUED_INVOICES_ONLY))
    free = payment.amount_ore - payment.allocated_ore
    open_ore = invoice.total_ore - invoice.settled_ore
    if payment.amount_ore <= 0:
        raise ValidationError(Message.of(E.NOT_POSITIVE_BY_HAND))
    use = min(free, open_ore) if amount is None else amount
    if use <= 0:
        return 0
    session.add(
        PaymentAllocation(
            company_id=payment.company_id, payment_id=payment.id, invoice_id=invoice.id,
            amount_ore=use, created_at=now, actor=actor,
        )
    )  # fmt: skip
    payment.allocated_ore += use
    settle(invoice, paid_ore=use)
    return use


def _check_totals(sources: Sequence[Allocation], targets: Sequence[Allocation]) -> int:
    if not sources or not targets:
        raise ValidationError(Message.of(E.MATCH_NEEDS_BOTH_SIDES))
    total_in = sum(a.amount_ore for a in sources)
    total_out = sum(a.amount_ore for a in targets)
    if any(a.amount_ore <= 0 for a in (*sources, *targets)):
        raise ValidationError(Message.of(E.MATCH_AMOUNTS_POSITIVE))
    if total_in != total_out:
        raise ValidationError(
            Message.of(E.MATCH_UNBALANCED, sources_ore=total_in, targets_ore=total_out)
        )
    return total_in


def _source(
    session: Session, company_id: int, customer: Customer, a: Allocation
) -> Payment | Invoice:
    """A payment or credit note of ``customer`` with at least ``a.amount_ore`` open."""
    if a.kind == "payment":
        p = locked_payment(session, company_id, a.id)
        if p.customer_id != customer.id or p.state != PaymentState.POSTED:
            raise ValidationError(
                Message.of(E.PAYMENT_NOT_CUSTOMERS, payment=a.id, customer=customer.number)
            )
        if a.amount_ore > p.amount_ore - p.allocated_ore:
            raise ValidationError(
                Message.of(
                    E.PAYMENT_TOO_LITTLE, payment=a.id, free_ore=p.amount_ore - p.allocated_ore,
                    amount_ore=a.amount_ore,
                )
            )  # fmt: skip
        return p
    if a.kind == "credit_note":
        n = locked_invoice(session, company_id, a.id, InvoiceKind.CREDIT_NOTE)
        if n.customer_id != customer.id:
            raise ValidationError(
                Message.of(E.CREDIT_NOTE_NOT_CUSTOMERS, credit_note=a.id, customer=customer.number)
            )
        if a.amount_ore > -(n.total_ore - n.settled_ore):
            raise ValidationError(
                Message.of(
                    E.CREDIT_NOTE_TOO_LITTLE, credit_note=n.number,
                    open_ore=-(n.total_ore - n.settled_ore), amount_ore=a.amount_ore,
                )
            )  # fmt: skip
        return n
    raise ValidationError(Message.of(E.SOURCE_KIND, kind=a.kind))


def _target(session: Session, company_id: int, customer: Customer, a: Allocation) -> Invoice:
    """An invoice of ``customer`` with at least ``a.amount_ore`` open."""
    inv = locked_invoice(session, company_id, a.id, InvoiceKind.INVOICE)
    if inv.customer_id != customer.id:
        raise ValidationError(
            Message.of(E.INVOICE_NOT_CUSTOMERS, invoice=inv.number, customer=customer.number)
        )
    if a.amount_ore > inv.total_ore - inv.settled_ore:
        raise ValidationError(
            Message.of(
                E.INVOICE_TOO_LITTLE, invoice=inv.number,
                open_ore=inv.total_ore - inv.settled_ore, amount_ore=a.amount_ore,
            )
        )  # fmt: skip
    return inv


def match_items(
    session: Session,
    now: dt.datetime,
    company_id: int,
    customer_number: int,
    sources: Sequence[Allocation],
    targets: Sequence[Allocation],
    *,
    actor: str,
) -> LedgerMatch:
    """Close a customer's open items together ("lukke poster"), in ``session``'s
    transaction. Sources are spread over the targets in the order given."""
    total = _check_totals(sources, targets)
    customer = customer_by_number(session, company_id, customer_number)
    src = [(a.amount_ore, _source(session, company_id, customer, a)) for a in sources]
    tgt = [(a.amount_ore, _target(session, company_id, customer, a)) for a in targets]
    made: list[PaymentAllocated | CreditAllocated] = []
    si = ti = 0
    src_left, tgt_left = src[0][0], tgt[0][0]
    while si < len(src) and ti < len(tgt):
        amount = min(src_left, tgt_left)
        source, invoice = src[si][1], tgt[ti][1]
        if isinstance(source, Payment):
            allocate(session, source, invoice, amount, actor, now)
            made.append(PaymentAllocated(source.id, invoice.number, amount))
        else:
            session.add(
                CreditAllocation(
                    company_id=company_id, invoice_id=invoice.id, credit_note_id=source.id,
                    amount_ore=amount, created_at=now, actor=actor,
                )
            )  # fmt: skip
            settle(source, credited_ore=-amount, kind=InvoiceKind.CREDIT_NOTE)
            settle(invoice, credited_ore=amount)
            made.append(CreditAllocated(source.number, invoice.number, amount))
        src_left -= amount
        tgt_left -= amount
        if src_left == 0:
            si += 1
            src_left = src[si][0] if si < len(src) else 0
        if tgt_left == 0:
            ti += 1
            tgt_left = tgt[ti][0] if ti < len(tgt) else 0
    session.flush()
    result = LedgerMatch(customer_number, tuple(made), total)
    audit.record(
        session, at=now, actor=actor, action="ledger.match", object_type="customer",
        object_id=customer.id, company_id=company_id, after=to_jsonable(result),
    )  # fmt: skip
    return result


__all__ = [
    "Allocation",
    "CreditAllocated",
    "LedgerMatch",
    "PaymentAllocated",
    "allocate",
    "locked_invoice",
    "locked_payment",
    "match_items",
]
