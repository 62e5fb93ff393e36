"""The voucher inbox (bilagsmottak).

Payments that matched nothing wait here for a person, who posts them to a customer
or an invoice, or moves them from the placeholder customer "Betaling med ukjent KID"
to the real one. Closing a customer's open items together is :mod:`.ledger`. Every
action is audited, and added to the payment's reasons.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from sqlalchemy import and_, or_, select

from reskontro.domain.matching import ManualReason
from reskontro.domain.payment import PaymentError as E
from reskontro.domain.payment import PaymentState
from reskontro.errors import StateError, ValidationError
from reskontro.jsonable import to_jsonable
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.payments.ledger import (
    Allocation,
    allocate,
    locked_invoice,
    locked_payment,
    match_items,
)
from reskontro.services.payments.views import append_reason, payment_view
from reskontro.storage.models import Customer, Payment
from reskontro.storage.repo import customer_by_number

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from sqlalchemy import ColumnElement
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock
    from reskontro.services.payments.ledger import (
        LedgerMatch,
    )
    from reskontro.services.payments.views import PaymentView
    from reskontro.storage.models import Invoice

_WAITING = {PaymentState.INBOX.value, PaymentState.IGNORED.value}


def _repeated(session: Session, ids: list[int]) -> dict[int | None, PaymentView]:
    """The payments that waiting ones may repeat, by id (one query)."""
    if not ids:
        return {}
    rows = session.execute(
        select(Payment, Customer)
        .outerjoin(Customer, Customer.id == Payment.customer_id)
        .where(Payment.id.in_(sorted(set(ids))))
    ).all()
    return {p.id: payment_view(p, c) for p, c in rows}


def _waiting_payment(session: Session, company_id: int, payment_id: int, refusal: E) -> Payment:
    """The payment, locked; a :class:`StateError` with ``refusal`` unless it waits for
    a person (in the inbox, or set aside)."""
    payment = locked_payment(session, company_id, payment_id)
    if payment.state not in _WAITING:
        raise StateError(Message.of(refusal, payment=payment_id))
    return payment


def _to_invoice(
    session: Session, payment: Payment, invoice: Invoice, amount_ore: int | None,
    actor: str, now: dt.datetime,
) -> None:  # fmt: skip
    """Allocate ``amount_ore`` of the payment (None: what fits) to the invoice, and say so
    in the payment's reasons."""
    used = allocate(session, payment, invoice, amount_ore, actor, now)
    append_reason(
        payment, Message.of(ManualReason.TO_INVOICE, invoice=invoice.number, amount_ore=used)
    )


def _audit(
    session: Session, action: str, payment: Payment, before: PaymentView, after: PaymentView,
    *, actor: str, now: dt.datetime,
) -> None:  # fmt: skip
    """A person's action on a payment in the audit log, with the payment before and after."""
    audit.record(
        session, at=now, actor=actor, action=action, object_type="payment",
        object_id=payment.id, company_id=payment.company_id, before=to_jsonable(before),
        after=to_jsonable(after),
    )  # fmt: skip


class Inbox:
    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.sessions = sessions
        self.clock = clock

    def waiting(
        self, company_id: int, *, include: tuple[str, ...] = ("inbox",)
    ) -> list[PaymentView]:
        """Payments waiting for a person; ``include`` may add ``placeholder``, ``ignored``."""
        with self.sessions() as session:
            query = (
                select(Payment, Customer)
                .outerjoin(Customer, Customer.id == Payment.customer_id)
                .where(Payment.company_id == company_id)
            )
            states = [s for s in include if s in _WAITING]
            condition: ColumnElement[bool] = Payment.state.in_(states)
            if "placeholder" in include:
                condition = or_(
                    condition,
                    and_(Customer.is_placeholder.is_(True), Payment.allocated_ore == 0),
                )
            rows = session.execute(query.where(condition).order_by(Payment.date, Payment.id)).all()
            others = _repeated(session, [p.duplicate_of for p, _ in rows if p.duplicate_of])
            return [
                dataclasses.replace(view, possible_duplicate=others.get(view.possible_duplicate_of))
                if view.possible_duplicate_of
                else view
                for view in (payment_view(p, c) for p, c in rows)
            ]

    def post(
        self,
        company_id: int,
        payment_id: int,
        *,
        customer_number: int | None = None,
        invoice_id: int | None = None,
        actor: str,
    ) -> PaymentView:
        """Post an inbox (or ignored) payment to a customer, or to an invoice."""
        if (customer_number is None) == (invoice_id is None):
            raise ValidationError(Message.of(E.POST_TO_ONE))
        now = self.clock.now()
        with self.sessions.begin() as session:
            payment = _waiting_payment(session, company_id, payment_id, E.ALREADY_POSTED)
            before = payment_view(payment)
            if invoice_id is not None:
                invoice = locked_invoice(session, company_id, invoice_id)
                customer = session.get_one(Customer, invoice.customer_id)
                payment.customer_id = customer.id
                payment.state = PaymentState.POSTED
                _to_invoice(session, payment, invoice, None, actor, now)
            else:
                customer = customer_by_number(session, company_id, customer_number or 0)
                payment.customer_id = customer.id
                payment.state = PaymentState.POSTED
                append_reason(
                    payment, Message.of(ManualReason.TO_CUSTOMER, customer=customer.number)
                )
            session.flush()
            after = payment_view(payment, customer)
            _audit(session, "inbox.post", payment, before, after, actor=actor, now=now)
            return after

    def move(
        self, company_id: int, payment_id: int, *, customer_number: int, actor: str
    ) -> PaymentView:
        """Move a payment from the placeholder customer to the real one."""
        now = self.clock.now()
        with self.sessions.begin() as session:
            payment = locked_payment(session, company_id, payment_id)
            current = session.get(Customer, payment.customer_id) if payment.customer_id else None
            if current is None or not current.is_placeholder:
                raise StateError(Message.of(E.NOT_ON_PLACEHOLDER, payment=payment_id))
            if payment.allocated_ore != 0:
                raise StateError(Message.of(E.ALREADY_ALLOCATED, payment=payment_id))
            target = customer_by_number(session, company_id, customer_number)
            if target.is_placeholder:
                raise ValidationError(Message.of(E.MOVE_TO_REAL_CUSTOMER), field="customer")
            before = payment_view(payment, current)
            payment.customer_id = target.id
            append_reason(payment, Message.of(ManualReason.MOVED, customer=target.number))
            after = payment_view(payment, target)
            _audit(session, "inbox.move", payment, before, after, actor=actor, now=now)
            return after

    def set_aside(
        self, company_id: int, payment_id: int, *, refund: bool = False, actor: str
    ) -> PaymentView:
        """Take a waiting payment out of the inbox unbooked (state ``ignored``): not the
        company's, or (``refund``) to be paid back to the payer. It can still be posted."""
        now = self.clock.now()
        with self.sessions.begin() as session:
            payment = _waiting_payment(session, company_id, payment_id, E.NOT_WAITING)
            before = payment_view(payment)
            payment.state = PaymentState.IGNORED
            append_reason(
                payment, Message.of(ManualReason.REFUND if refund else ManualReason.IGNORED)
            )
            after = payment_view(payment)
            action = "inbox.refund" if refund else "inbox.ignore"
            _audit(session, action, payment, before, after, actor=actor, now=now)
            return after

    def split(
        self,
        company_id: int,
        payment_id: int,
        parts: Sequence[tuple[int, int]],
        *,
        actor: str,
    ) -> PaymentView:
        """Post a waiting payment to several invoices of one customer, ``(invoice id,
        øre)`` each; what the parts leave is the customer's credit."""
        if not parts:
            raise ValidationError(Message.of(E.SPLIT_NEEDS_PARTS), field="invoice_1")
        if any(amount <= 0 for _, amount in parts):
            raise ValidationError(Message.of(E.MATCH_AMOUNTS_POSITIVE), field="amount_1")
        now = self.clock.now()
        with self.sessions.begin() as session:
            payment = _waiting_payment(session, company_id, payment_id, E.ALREADY_POSTED)
            if payment.amount_ore <= 0:
                raise ValidationError(Message.of(E.NOT_POSITIVE_BY_HAND))
            total = sum(amount for _, amount in parts)
            if total > payment.amount_ore:
                raise ValidationError(
                    Message.of(E.SPLIT_TOO_MUCH, amount_ore=total, payment_ore=payment.amount_ore),
                    field="amount_1",
                )
            before = payment_view(payment)
            invoices = [locked_invoice(session, company_id, i) for i, _ in parts]
            if len({inv.customer_id for inv in invoices}) != 1:
                raise ValidationError(Message.of(E.SPLIT_ONE_CUSTOMER), field="invoice_1")
            customer = session.get_one(Customer, invoices[0].customer_id)
            payment.customer_id = customer.id
            payment.state = PaymentState.POSTED
            for invoice, (_, amount) in zip(invoices, parts, strict=True):
                open_ore = invoice.total_ore - invoice.settled_ore
                if amount > open_ore:
                    raise ValidationError(Message.of(
                        E.INVOICE_TOO_LITTLE, invoice=invoice.number, open_ore=open_ore,
                        amount_ore=amount,
                    ), field="amount_1")  # fmt: skip
                _to_invoice(session, payment, invoice, amount, actor, now)
            session.flush()
            after = payment_view(payment, customer)
            _audit(session, "inbox.split", payment, before, after, actor=actor, now=now)
            return after

    def match(
        self,
        company_id: int,
        customer_number: int,
        sources: list[Allocation],
        targets: list[Allocation],
        *,
        actor: str,
    ) -> LedgerMatch:
        """Close a customer's open items together ("lukke poster"; :mod:`.ledger`).

        ``sources`` are payments and credit notes (what the customer has paid or been
        credited); ``targets`` are invoices. The amounts, in øre, must add up on both
        sides; each is at most what is open on its item.
        """
        now = self.clock.now()
        with self.sessions.begin() as session:
            return match_items(
                session, now, company_id, customer_number, sources, targets, actor=actor
            )


__all__ = ["Allocation", "Inbox"]
