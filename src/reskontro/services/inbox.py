"""The voucher inbox (bilagsmottak) and matching by hand (lukke poster).

Payments that matched nothing wait here for a person, who posts them to a customer
or an invoice, moves them from the placeholder customer "Betaling med ukjent KID" to
the real one, or closes a customer's open payments, credit notes and invoices
together with allocations in øre that must add up. Every action is audited.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, or_, select

from reskontro.domain.invoice import InvoiceKind
from reskontro.domain.matching import Detail, ManualReason, MatchResult, Outcome
from reskontro.domain.matching import reason_of as reason_from_match
from reskontro.domain.payment import PaymentError as E
from reskontro.errors import NotFound, StateError, ValidationError
from reskontro.i18n import render
from reskontro.jsonable import to_jsonable
from reskontro.messages import Message, Messages
from reskontro.services import audit
from reskontro.services.books import customer_by_number, refresh_status
from reskontro.storage.models import (
    CreditAllocation,
    Customer,
    Invoice,
    Payment,
    PaymentAllocation,
)

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy import ColumnElement
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock


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


def _append(p: Payment, message: Message) -> None:
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


@dataclass(frozen=True, slots=True)
class FilePaymentView(PaymentView):
    """A payment of an imported file, with the number of the invoice it paid."""

    invoice_number: int | None


def payment_view(
    p: Payment, customer: Customer | None = None, invoice_number: int | None = None
) -> PaymentView:
    return PaymentView(
        id=p.id,
        amount_ore=p.amount_ore,
        kid=p.kid,
        message=p.message,
        date=p.date,
        payer_name=p.payer_name,
        payer_account=p.payer_account,
        outcome=p.outcome,
        state=p.state,
        customer_number=customer.number if customer else None,
        customer_name=customer.name if customer else None,
        allocated_ore=p.allocated_ore,
        unallocated_ore=p.amount_ore - p.allocated_ore,
        reason=reasons_of(p, invoice_number),
        invoice_id=p.invoice_id,
        line=p.line,
        bank_file_id=p.bank_file_id,
        key=p.key,
    )


def file_payment_view(
    p: Payment, customer: Customer | None, invoice_number: int | None
) -> FilePaymentView:
    view = payment_view(p, customer, invoice_number)
    fields = {f.name: getattr(view, f.name) for f in dataclasses.fields(view)}
    return FilePaymentView(**fields, invoice_number=invoice_number)


@dataclass(frozen=True, slots=True)
class Allocation:
    """One side of a manual match: an item and how much of it to use (øre, positive)."""

    kind: str  # "payment", "credit_note" or "invoice"
    id: int
    amount_ore: int


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
            states = [s for s in include if s in {"inbox", "ignored"}]
            condition: ColumnElement[bool] = Payment.state.in_(states)
            if "placeholder" in include:
                condition = or_(
                    condition,
                    and_(Customer.is_placeholder.is_(True), Payment.allocated_ore == 0),
                )
            rows = session.execute(query.where(condition).order_by(Payment.date, Payment.id)).all()
            return [payment_view(p, c) for p, c in rows]

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
            payment = self._payment(session, company_id, payment_id)
            if payment.state not in {"inbox", "ignored"}:
                raise StateError(Message.of(E.ALREADY_POSTED, payment=payment_id))
            before = payment_view(payment)
            if invoice_id is not None:
                invoice = self._invoice(session, company_id, invoice_id)
                customer = session.get_one(Customer, invoice.customer_id)
                payment.customer_id = customer.id
                payment.state = "posted"
                used = self._allocate(session, payment, invoice, None, actor, now)
                _append(
                    payment,
                    Message.of(ManualReason.TO_INVOICE, invoice=invoice.number, amount_ore=used),
                )
            else:
                customer = self._customer(session, company_id, customer_number or 0)
                payment.customer_id = customer.id
                payment.state = "posted"
                _append(payment, Message.of(ManualReason.TO_CUSTOMER, customer=customer.number))
            session.flush()
            after = payment_view(payment, customer)
            audit.record(
                session, at=now, actor=actor, action="inbox.post", object_type="payment",
                object_id=payment.id, company_id=company_id, before=to_jsonable(before),
                after=to_jsonable(after),
            )  # fmt: skip
            return after

    def move(
        self, company_id: int, payment_id: int, *, customer_number: int, actor: str
    ) -> PaymentView:
        """Move a payment from the placeholder customer to the real one."""
        now = self.clock.now()
        with self.sessions.begin() as session:
            payment = self._payment(session, company_id, payment_id)
            current = session.get(Customer, payment.customer_id) if payment.customer_id else None
            if current is None or not current.is_placeholder:
                raise StateError(Message.of(E.NOT_ON_PLACEHOLDER, payment=payment_id))
            if payment.allocated_ore != 0:
                raise StateError(Message.of(E.ALREADY_ALLOCATED, payment=payment_id))
            target = self._customer(session, company_id, customer_number)
            if target.is_placeholder:
                raise ValidationError(Message.of(E.MOVE_TO_REAL_CUSTOMER), field="customer")
            before = payment_view(payment, current)
            payment.customer_id = target.id
            _append(payment, Message.of(ManualReason.MOVED, customer=target.number))
            after = payment_view(payment, target)
            audit.record(
                session, at=now, actor=actor, action="inbox.move", object_type="payment",
                object_id=payment.id, company_id=company_id, before=to_jsonable(before),
                after=to_jsonable(after),
            )  # fmt: skip
            return after

    def match(
        self,
        company_id: int,
        customer_number: int,
        sources: list[Allocation],
        targets: list[Allocation],
        *,
        actor: str,
    ) -> dict[str, Any]:
        """Close a customer's open items together ("lukke poster").

        ``sources`` are payments and credit notes (what the customer has paid or been
        credited); ``targets`` are invoices. The amounts, in øre, must add up on both
        sides; each is at most what is open on its item. Sources are spread over the
        targets in the order given.
        """
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
        now = self.clock.now()
        with self.sessions.begin() as session:
            customer = self._customer(session, company_id, customer_number)
            src_objs: list[tuple[Allocation, Payment | Invoice]] = []
            for a in sources:
                if a.kind == "payment":
                    p = self._payment(session, company_id, a.id)
                    if p.customer_id != customer.id or p.state != "posted":
                        raise ValidationError(
                            Message.of(
                                E.PAYMENT_NOT_CUSTOMERS, payment=a.id, customer=customer_number
                            )
                        )
                    if a.amount_ore > p.amount_ore - p.allocated_ore:
                        raise ValidationError(
                            Message.of(
                                E.PAYMENT_TOO_LITTLE, payment=a.id,
                                free_ore=p.amount_ore - p.allocated_ore, amount_ore=a.amount_ore,
                            )
                        )  # fmt: skip
                    src_objs.append((a, p))
                elif a.kind == "credit_note":
                    n = self._invoice(session, company_id, a.id, kind=InvoiceKind.CREDIT_NOTE)
                    if n.customer_id != customer.id:
                        raise ValidationError(
                            Message.of(
                                E.CREDIT_NOTE_NOT_CUSTOMERS, credit_note=a.id,
                                customer=customer_number,
                            )
                        )  # fmt: skip
                    if a.amount_ore > -(n.total_ore - n.settled_ore):
                        raise ValidationError(
                            Message.of(
                                E.CREDIT_NOTE_TOO_LITTLE, credit_note=n.number,
                                open_ore=-(n.total_ore - n.settled_ore), amount_ore=a.amount_ore,
                            )
                        )  # fmt: skip
                    src_objs.append((a, n))
                else:
                    raise ValidationError(Message.of(E.SOURCE_KIND, kind=a.kind))
            tgt_objs: list[tuple[Allocation, Invoice]] = []
            for a in targets:
                inv = self._invoice(session, company_id, a.id, kind=InvoiceKind.INVOICE)
                if inv.customer_id != customer.id:
                    raise ValidationError(
                        Message.of(
                            E.INVOICE_NOT_CUSTOMERS, invoice=inv.number, customer=customer_number
                        )
                    )
                if a.amount_ore > inv.total_ore - inv.settled_ore:
                    raise ValidationError(
                        Message.of(
                            E.INVOICE_TOO_LITTLE, invoice=inv.number,
                            open_ore=inv.total_ore - inv.settled_ore, amount_ore=a.amount_ore,
                        )
                    )  # fmt: skip
                tgt_objs.append((a, inv))
            made = []
            si = ti = 0
            src_left = src_objs[0][0].amount_ore
            tgt_left = tgt_objs[0][0].amount_ore
            while si < len(src_objs) and ti < len(tgt_objs):
                amount = min(src_left, tgt_left)
                source = src_objs[si][1]
                invoice = tgt_objs[ti][1]
                if isinstance(source, Payment):
                    self._allocate(session, source, invoice, amount, actor, now)
                    made.append(
                        {"payment": source.id, "invoice": invoice.number, "amount_ore": amount}
                    )
                else:
                    session.add(
                        CreditAllocation(
                            company_id=company_id, invoice_id=invoice.id, credit_note_id=source.id,
                            amount_ore=amount, created_at=now, actor=actor,
                        )
                    )  # fmt: skip
                    source.settled_ore -= amount
                    invoice.settled_ore += amount
                    refresh_status(source)
                    refresh_status(invoice)
                    made.append(
                        {
                            "credit_note": source.number,
                            "invoice": invoice.number,
                            "amount_ore": amount,
                        }
                    )
                src_left -= amount
                tgt_left -= amount
                if src_left == 0:
                    si += 1
                    src_left = src_objs[si][0].amount_ore if si < len(src_objs) else 0
                if tgt_left == 0:
                    ti += 1
                    tgt_left = tgt_objs[ti][0].amount_ore if ti < len(tgt_objs) else 0
            session.flush()
            result = {
                "customer_number": customer_number,
                "allocations": made,
                "amount_ore": total_in,
            }
            audit.record(
                session, at=now, actor=actor, action="ledger.match", object_type="customer",
                object_id=customer.id, company_id=company_id, after=result,
            )  # fmt: skip
            return result

    # -- helpers -------------------------------------------------------------------

    def _allocate(
        self,
        session: Session,
        payment: Payment,
        invoice: Invoice,
        amount: int | None,
        actor: str,
        now: Any,
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
        invoice.settled_ore += use
        invoice.paid_ore += use
        refresh_status(invoice)
        return use

    def _payment(self, session: Session, company_id: int, payment_id: int) -> Payment:
        p = session.execute(
            select(Payment)
            .where(Payment.id == payment_id, Payment.company_id == company_id)
            .with_for_update()
        ).scalar_one_or_none()
        if p is None:
            raise NotFound(Message.of(E.NO_PAYMENT, payment=payment_id))
        return p

    def _invoice(
        self,
        session: Session,
        company_id: int,
        invoice_id: int,
        *,
        kind: InvoiceKind = InvoiceKind.INVOICE,
    ) -> Invoice:
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

    def _customer(self, session: Session, company_id: int, number: int) -> Customer:
        return customer_by_number(session, company_id, number)
