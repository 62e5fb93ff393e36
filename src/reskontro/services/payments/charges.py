"""Fees and invoiced interest as open items of their invoice: charging them, reading
them, and waiving a fee (audited).

The amounts move only through :mod:`reskontro.domain.settlement` (:func:`charge`,
:func:`settle`, :func:`waive`); this module finds the rows and records what was done.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain import settlement
from reskontro.domain.payment import PaymentError as E
from reskontro.domain.settlement import ChargeKind, PaymentOrder
from reskontro.errors import NotFound, ValidationError
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.storage.models import Company, Invoice
from reskontro.storage.models_charges import InvoiceCharge
from reskontro.storage.repo import LookupCode

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock


@dataclass(frozen=True, slots=True)
class ChargeView:
    """A fee or invoiced interest on an invoice, as shown."""

    id: int
    invoice_id: int
    kind: ChargeKind
    charged_on: dt.date
    amount_ore: int
    paid_ore: int
    #: What is still owed of it.
    open_ore: int
    #: Waived (settled without being paid): by whom, when, why.
    waived_by: str | None
    waived_at: dt.datetime | None
    waive_reason: str | None
    document_id: int | None

    @classmethod
    def of(cls, c: InvoiceCharge) -> ChargeView:
        return cls(
            c.id, c.invoice_id, ChargeKind(c.kind), c.charged_on, c.amount_ore, c.paid_ore,
            c.amount_ore - c.settled_ore, c.waived_by, c.waived_at, c.waive_reason,
            c.document_id,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class FeesWaived:
    """What a waiver settled."""

    invoice_id: int
    invoice_number: int | None
    waived: tuple[ChargeView, ...]
    amount_ore: int
    #: The invoice's status and what its KID still asks for, after.
    status: str
    owed_ore: int


def payment_order(company: Company) -> PaymentOrder:
    return PaymentOrder(company.payment_order)


def set_payment_order(
    sessions: sessionmaker[Session],
    clock: Clock,
    company_id: int,
    order: str | None = None,
    *,
    actor: str,
) -> PaymentOrder:
    """Show (``order`` None) or change the order in which a payment settles an invoice's
    fees, interest and principal."""
    with sessions.begin() as session:
        company = session.get(Company, company_id)
        if company is None:
            raise NotFound(Message.of(LookupCode.NO_COMPANY, id=company_id))
        if order is None:
            return payment_order(company)
        try:
            wanted = PaymentOrder(order)
        except ValueError:
            allowed = ", ".join(o.value for o in PaymentOrder)
            raise ValidationError(
                Message.of(E.ORDER_VALUES, allowed=allowed), field="order"
            ) from None
        before = company.payment_order
        company.payment_order = wanted.value
        audit.record(
            session, at=clock.now(), actor=actor, action="company.payment_order",
            object_type="company", object_id=company_id, company_id=company_id,
            before={"payment_order": before}, after={"payment_order": wanted.value},
        )  # fmt: skip
        return wanted


def charges_of(session: Session, invoice_ids: Iterable[int]) -> dict[int, list[InvoiceCharge]]:
    """The charges of each invoice, oldest first."""
    ids = list(invoice_ids)
    found: dict[int, list[InvoiceCharge]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        for c in session.scalars(
            select(InvoiceCharge)
            .where(InvoiceCharge.invoice_id.in_(ids[start : start + 500]))
            .order_by(InvoiceCharge.charged_on, InvoiceCharge.id)
        ):
            found[c.invoice_id].append(c)
    return found


def locked_charges(session: Session, invoice: Invoice) -> list[InvoiceCharge]:
    """The charges of an invoice, oldest first, locked for this transaction (none read
    when the invoice has none)."""
    if not invoice.charges_ore:
        return []
    return list(
        session.scalars(
            select(InvoiceCharge)
            .where(InvoiceCharge.invoice_id == invoice.id)
            .order_by(InvoiceCharge.charged_on, InvoiceCharge.id)
            .with_for_update()
        )
    )


def settle_invoice(
    session: Session, invoice: Invoice, *, paid_ore: int = 0, written_off_ore: int = 0
) -> None:
    """Settle ``invoice`` (its principal and charges, in the company's order)."""
    company = session.get_one(Company, invoice.company_id)
    settlement.settle(
        invoice, paid_ore=paid_ore, written_off_ore=written_off_ore,
        charges=locked_charges(session, invoice), order=payment_order(company),
    )  # fmt: skip


def add_charge(
    session: Session,
    invoice: Invoice,
    kind: ChargeKind,
    amount_ore: int,
    *,
    day: dt.date,
    now: dt.datetime,
    actor: str,
    document_id: int | None = None,
) -> InvoiceCharge | None:
    """Charge a fee or interest on ``invoice`` (nothing for a zero amount)."""
    if amount_ore <= 0:
        return None
    row = InvoiceCharge(
        company_id=invoice.company_id, invoice_id=invoice.id, kind=kind.value,
        document_id=document_id, charged_on=day, amount_ore=amount_ore, settled_ore=0,
        paid_ore=0, created_at=now, actor=actor,
    )  # fmt: skip
    session.add(row)
    settlement.charge(invoice, row)
    return row


def waive_fees(
    sessions: sessionmaker[Session],
    clock: Clock,
    company_id: int,
    invoice_id: int,
    *,
    reason: str,
    actor: str,
    charge_ids: Sequence[int] = (),
) -> FeesWaived:
    """Waive the open fees (or the charges named) of an invoice, audited on it."""
    if not reason.strip():
        raise ValidationError(Message.of(E.WAIVE_REASON), field="reason")
    now = clock.now()
    with sessions.begin() as session:
        invoice = session.execute(
            select(Invoice)
            .where(Invoice.id == invoice_id, Invoice.company_id == company_id)
            .with_for_update()
        ).scalar_one_or_none()
        if invoice is None or invoice.number is None:
            raise NotFound(Message.of(E.NO_ISSUED_INVOICE, invoice=invoice_id))
        rows = locked_charges(session, invoice)
        if charge_ids:
            by_id = {c.id: c for c in rows}
            missing = [i for i in charge_ids if i not in by_id]
            if missing:
                raise NotFound(
                    Message.of(E.NO_CHARGE, invoice=invoice.number, charge=missing[0]),
                    field="charge",
                )
            chosen = [by_id[i] for i in charge_ids]
        else:
            chosen = [c for c in rows if ChargeKind(c.kind).is_fee]
        chosen = [c for c in chosen if c.amount_ore > c.settled_ore]
        if not chosen:
            raise ValidationError(Message.of(E.NOTHING_TO_WAIVE, invoice=invoice.number))
        total = 0
        for c in chosen:
            total += settlement.waive(invoice, c)
            c.waived_at, c.waived_by, c.waive_reason = now, actor, reason.strip()
        session.flush()
        result = FeesWaived(
            invoice.id, invoice.number, tuple(ChargeView.of(c) for c in chosen), total,
            invoice.status, settlement.owed_of(invoice),
        )  # fmt: skip
        audit.record(
            session, at=now, actor=actor, action="invoice.waive_fee", object_type="invoice",
            object_id=invoice.id, company_id=company_id,
            after={"charges": [c.id for c in chosen], "amount_ore": total,
                   "reason": reason.strip()},
        )  # fmt: skip
        return result


__all__ = [
    "ChargeView",
    "FeesWaived",
    "add_charge",
    "charges_of",
    "locked_charges",
    "payment_order",
    "set_payment_order",
    "settle_invoice",
    "waive_fees",
]
