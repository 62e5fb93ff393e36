"""The customer statement (kontoutskrift) of a period: the balance brought forward,
each movement with the running balance, the closing balance, and the open items now
(:mod:`reskontro.formats.pdf.statement` draws it).

What the customer owes moves by invoices and credit notes issued, fees and interest
charged, payments posted to the customer, fees waived and differences written off; the
closing balance on a period ending today is therefore the sum of the open items (the
customer ledger's balance). Only NOK items are counted, as the ledger's balance is in
NOK; the document is in the customer's language.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.errors import ValidationError
from reskontro.formats.pdf.statement import EntryKind, OpenItem, StatementDocument, StatementEntry
from reskontro.messages import Message
from reskontro.services.followup.documents import buyer_of, seller_of
from reskontro.storage.models import Company, Invoice, Payment
from reskontro.storage.models_charges import InvoiceCharge
from reskontro.storage.repo import customer_by_number

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock

NOK = "NOK"
#: Same-day movements in this order: what is owed first, then what lowers it.
_ORDER = {k: i for i, k in enumerate(EntryKind)}


class StatementError(enum.StrEnum):
    PERIOD = "statement.period"


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The year so far."""
    return dt.date(today.year, 1, 1), today


def customer_statement(
    sessions: sessionmaker[Session],
    clock: Clock,
    company_id: int,
    customer_number: int,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> StatementDocument:
    """The statement of customer ``customer_number`` for ``date_from`` … ``date_to``
    (both included; by default the year so far)."""
    today = clock.today()
    start, end = default_period(date_to or today)
    start, end = date_from or start, date_to or end
    if start > end:
        raise ValidationError(Message.of(StatementError.PERIOD, start=start, end=end),
                              field="date_from")  # fmt: skip
    with sessions() as session:
        customer = customer_by_number(session, company_id, customer_number)
        company = session.get_one(Company, company_id)
        moves = _movements(session, customer.id, end)
        items = _open_items(session, customer.id)
        seller, buyer, language = seller_of(company), buyer_of(customer), customer.language
    moves.sort(key=lambda m: (m[0], _ORDER[m[1]], m[2]))
    opening = sum(m[3] for m in moves if m[0] < start)
    entries: list[StatementEntry] = []
    balance = opening
    for day, kind, _id, amount, number, kid, due, text in moves:
        if day < start:
            continue
        balance += amount
        entries.append(StatementEntry(day, kind, amount, balance, number, kid, due, text))
    return StatementDocument(
        seller=seller, buyer=buyer, date_from=start, date_to=end, made_on=today,
        opening_ore=opening, entries=tuple(entries), closing_ore=balance,
        open_items=tuple(items), open_ore=sum(i.open_ore for i in items), language=language,
    )  # fmt: skip


#: (date, kind, id for a stable order, amount, number, KID, due date, text)
_Move = tuple[dt.date, EntryKind, int, int, int | None, str | None, dt.date | None, str | None]


def _movements(session: Session, customer_id: int, end: dt.date) -> list[_Move]:
    moves: list[_Move] = []
    invoices = session.scalars(
        select(Invoice).where(
            Invoice.customer_id == customer_id, Invoice.number.is_not(None),
            Invoice.currency == NOK, Invoice.invoice_date <= end,
        )
    ).all()  # fmt: skip
    for inv in invoices:
        assert inv.invoice_date is not None  # issued
        kind = EntryKind(inv.kind)
        due = inv.due_date if kind is EntryKind.INVOICE else None
        moves.append(
            (inv.invoice_date, kind, inv.id, inv.total_ore, inv.number, inv.kid, due, None)
        )
    charges = session.execute(
        select(InvoiceCharge, Invoice.number, Invoice.kid)
        .join(Invoice, Invoice.id == InvoiceCharge.invoice_id)
        .where(Invoice.customer_id == customer_id, Invoice.currency == NOK,
               InvoiceCharge.charged_on <= end)
    ).all()  # fmt: skip
    for c, number, kid in charges:
        moves.append((c.charged_on, EntryKind(c.kind), c.id, c.amount_ore, number, kid, None, None))
        waived = c.settled_ore - c.paid_ore
        if c.waived_at is not None and waived and c.waived_at.date() <= end:
            moves.append((c.waived_at.date(), EntryKind.WAIVED, c.id, -waived, number, kid, None,
                          c.waive_reason))  # fmt: skip
    payments = session.execute(
        select(Payment, Invoice.number)
        .outerjoin(Invoice, Invoice.id == Payment.invoice_id)
        .where(Payment.customer_id == customer_id, Payment.state == "posted",
               Payment.currency == NOK, Payment.date <= end)
    ).all()  # fmt: skip
    for p, number in payments:
        text = p.payer_name or p.message
        moves.append((p.date, EntryKind.PAYMENT, p.id, -p.amount_ore, number, p.kid, None, text))
        if p.written_off_ore:
            moves.append((p.date, EntryKind.WRITTEN_OFF, p.id, -p.written_off_ore, number, None,
                          None, None))  # fmt: skip
    return moves


def _open_items(session: Session, customer_id: int) -> list[OpenItem]:
    """What is open now, as the customer ledger shows it (NOK)."""
    items: list[OpenItem] = []
    invoices = session.scalars(
        select(Invoice).where(
            Invoice.customer_id == customer_id, Invoice.number.is_not(None),
            Invoice.currency == NOK,
            (Invoice.total_ore != Invoice.settled_ore)
            | (Invoice.charges_ore != Invoice.charges_settled_ore),
        ).order_by(Invoice.due_date, Invoice.number)
    ).all()  # fmt: skip
    charged: dict[int, list[InvoiceCharge]] = {}
    for c in session.scalars(
        select(InvoiceCharge)
        .where(InvoiceCharge.invoice_id.in_([i.id for i in invoices if i.charges_ore]))
        .order_by(InvoiceCharge.charged_on, InvoiceCharge.id)
    ):
        charged.setdefault(c.invoice_id, []).append(c)
    for inv in invoices:
        assert inv.invoice_date is not None  # issued
        kind = EntryKind(inv.kind)
        due = inv.due_date if kind is EntryKind.INVOICE else None
        if inv.total_ore != inv.settled_ore:
            open_ore = inv.total_ore - inv.settled_ore
            items.append(
                OpenItem(kind, inv.invoice_date, inv.total_ore, open_ore, inv.number, inv.kid, due)
            )
        items.extend(
            OpenItem(
                EntryKind(c.kind),
                c.charged_on,
                c.amount_ore,
                c.amount_ore - c.settled_ore,
                inv.number,
                inv.kid,
                inv.due_date,
            )
            for c in charged.get(inv.id, [])
            if c.amount_ore != c.settled_ore
        )
    payments = session.scalars(
        select(Payment).where(
            Payment.customer_id == customer_id, Payment.state == "posted",
            Payment.currency == NOK, Payment.amount_ore != Payment.allocated_ore,
        ).order_by(Payment.date, Payment.id)
    ).all()  # fmt: skip
    items.extend(
        OpenItem(
            EntryKind.PAYMENT, p.date, -p.amount_ore, -(p.amount_ore - p.allocated_ore), kid=p.kid
        )
        for p in payments
    )
    return items
