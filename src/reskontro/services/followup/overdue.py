"""What is unpaid: overdue invoices oldest first with their follow-up so far, and the
open items per customer in aging buckets."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from reskontro.domain.followup import Bucket, bucket_of, days_past_due
from reskontro.domain.invoice import InvoiceKind, InvoiceStatus
from reskontro.services.followup.base import Service, company_of
from reskontro.services.followup.claims import claims, due_of
from reskontro.storage.figures import InvoiceFigure
from reskontro.storage.models import Customer, Invoice, Payment

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from reskontro.domain.followup import ClaimState
    from reskontro.services.followup.claims import Claim


@dataclass(frozen=True, slots=True)
class LastLetter:
    kind: str
    sent_on: dt.date
    deadline: dt.date | None


@dataclass(frozen=True, slots=True)
class OverdueInvoice:
    invoice_id: int
    number: int | None
    kid: str | None
    customer_number: int
    customer_name: str
    invoice_date: dt.date | None
    due_date: dt.date
    days_overdue: int
    bucket: Bucket
    total_ore: int
    open_ore: int
    fees_ore: int
    letters: int
    last_letter: LastLetter | None
    disputed: bool
    hold: str | None
    handed_over: bool


@dataclass(frozen=True, slots=True)
class OverdueCustomer:
    customer_number: int
    customer_name: str
    invoices: int
    open_ore: int
    oldest_due: dt.date


@dataclass(frozen=True, slots=True)
class Overdue:
    date: dt.date
    invoices: tuple[OverdueInvoice, ...]
    customers: tuple[OverdueCustomer, ...]
    open_ore: int


_OMIT = {"omit_none": True}


@dataclass(frozen=True, slots=True)
class AgingRow:
    """A customer's open items by bucket, its unmatched money (``credit``, zero or
    negative), what is overdue and its ledger balance; without a customer, the totals."""

    customer_number: int | None = field(default=None, metadata=_OMIT)
    customer_name: str | None = field(default=None, metadata=_OMIT)
    not_due: int = 0
    days_0_30: int = field(default=0, metadata={"key": Bucket.DAYS_0_30.value})
    days_31_60: int = field(default=0, metadata={"key": Bucket.DAYS_31_60.value})
    days_61_90: int = field(default=0, metadata={"key": Bucket.DAYS_61_90.value})
    days_90_plus: int = field(default=0, metadata={"key": Bucket.OVER_90.value})
    credit: int = 0
    overdue_ore: int = 0
    balance_ore: int = 0

    def bucket(self, which: Bucket) -> int:
        """The open amount in bucket ``which``."""
        return int(getattr(self, _FIELD[which]))


_FIELD = {
    Bucket.NOT_DUE: "not_due", Bucket.DAYS_0_30: "days_0_30", Bucket.DAYS_31_60: "days_31_60",
    Bucket.DAYS_61_90: "days_61_90", Bucket.OVER_90: "days_90_plus",
}  # fmt: skip
_AMOUNTS = (*_FIELD.values(), "credit", "overdue_ore", "balance_ore")


@dataclass(frozen=True, slots=True)
class Aging:
    date: dt.date
    buckets: tuple[Bucket, ...]
    customers: tuple[AgingRow, ...]
    totals: AgingRow


def _hold_text(st: ClaimState) -> str | None:
    """The hold as the report has always shown it: its reason, how long, on whom."""
    if st.hold is None:
        return None
    text = st.hold + (f" (until {st.hold_until:%d.%m.%Y})" if st.hold_until else "")
    return f"customer: {text}" if st.hold_on_customer else text


def _overdue_invoice(c: Claim, today: dt.date) -> OverdueInvoice:
    inv, cust, st = c.invoice, c.customer, c.state
    due = due_of(inv)
    last = c.letters[-1] if c.letters else None
    return OverdueInvoice(
        invoice_id=inv.id, number=inv.number, kid=inv.kid, customer_number=cust.number,
        customer_name=cust.name, invoice_date=inv.invoice_date, due_date=due,
        days_overdue=days_past_due(due, today), bucket=bucket_of(due, today),
        total_ore=inv.total_ore, open_ore=st.open_ore,
        fees_ore=sum(d.fee_ore for d in c.letters), letters=len(c.letters),
        last_letter=None if last is None else LastLetter(last.kind, last.sent_on, last.deadline),
        disputed=st.disputed, hold=_hold_text(st), handed_over=st.handed_over,
    )  # fmt: skip


def _per_customer(items: Sequence[OverdueInvoice]) -> tuple[OverdueCustomer, ...]:
    totals: dict[int, OverdueCustomer] = {}
    for i in items:
        seen = totals.get(i.customer_number)
        totals[i.customer_number] = OverdueCustomer(
            i.customer_number, i.customer_name, 1, i.open_ore, i.due_date
        ) if seen is None else replace(
            seen, invoices=seen.invoices + 1, open_ore=seen.open_ore + i.open_ore,
            oldest_due=min(seen.oldest_due, i.due_date),
        )  # fmt: skip
    return tuple(sorted(totals.values(), key=lambda x: -x.open_ore))


class OverdueReports(Service):
    def overdue(self, company_id: int, *, today: dt.date | None = None) -> Overdue:
        """Overdue invoices, oldest first, with their follow-up so far; totals per customer."""
        today = today or self.clock.today()
        with self.sessions() as session:
            company_of(session, company_id)
            found = claims(session, company_id, today)
        items = tuple(_overdue_invoice(c, today) for c in found)
        return Overdue(today, items, _per_customer(items), sum(i.open_ore for i in items))

    def aging(self, company_id: int, *, today: dt.date | None = None) -> Aging:
        """Open items per customer in aging buckets by days past due.

        Invoices go by their due date; credit notes and payments not yet matched are the
        customer's ``credit`` (negative), so each row's balance is its ledger balance.
        """
        today = today or self.clock.today()
        with self.sessions() as session:
            company_of(session, company_id)
            rows = session.execute(
                select(Customer.id, Customer.number, Customer.name, Invoice.kind,
                       Invoice.due_date, Invoice.total_ore - Invoice.settled_ore)
                .join(Customer, Customer.id == Invoice.customer_id)
                .where(Invoice.company_id == company_id, Invoice.number.is_not(None),
                       Invoice.total_ore != Invoice.settled_ore)
            ).all()  # fmt: skip
            unmatched = session.execute(
                select(Customer.id, Customer.number, Customer.name,
                       func.sum(Payment.amount_ore - Payment.allocated_ore))
                .join(Customer, Customer.id == Payment.customer_id)
                .where(Payment.company_id == company_id, Payment.state == "posted",
                       Payment.amount_ore != Payment.allocated_ore)
                .group_by(Customer.id, Customer.number, Customer.name)
            ).all()  # fmt: skip
        names: dict[int, tuple[int, str]] = {}
        sums: dict[int, dict[str, int]] = {}

        def add(cid: int, number: int, name: str, **amounts: int) -> None:
            names.setdefault(cid, (number, name))
            entry = sums.setdefault(cid, dict.fromkeys(_AMOUNTS, 0))
            for key, value in amounts.items():
                entry[key] += value

        for cid, number, name, kind, due, open_ore in rows:
            add(cid, number, name, **_item_amounts(kind, due, open_ore, today))
        for cid, number, name, unallocated in unmatched:
            add(cid, number, name, **_unallocated_amounts(int(unallocated or 0)))
        customers = sorted(
            (AgingRow(*names[cid], **sums[cid]) for cid in sums),  # type: ignore[arg-type]
            key=lambda x: (-x.overdue_ore, x.customer_number or 0),
        )
        totals = AgingRow(**{k: sum(s[k] for s in sums.values()) for k in _AMOUNTS})  # type: ignore[arg-type]
        return Aging(today, tuple(Bucket), tuple(customers), totals)

    def aging_totals(self, company_id: int, *, today: dt.date | None = None) -> AgingRow:
        """:meth:`aging`'s ``totals`` from the kept invoice figures
        (:mod:`reskontro.storage.figures`): a few rows per due date instead of every
        open invoice, for the dashboard. The same rules (:func:`_item_amounts`)."""
        today = today or self.clock.today()
        sums = dict.fromkeys(_AMOUNTS, 0)
        with self.sessions() as session:
            company_of(session, company_id)
            f = InvoiceFigure
            rows = session.execute(
                select(f.kind, f.due_date, func.sum(f.open_ore))
                .where(f.company_id == company_id, f.status != InvoiceStatus.DRAFT.value,
                       f.open_ore != 0)
                .group_by(f.kind, f.due_date)
            ).all()  # fmt: skip
            p = Payment
            unallocated = session.scalar(
                select(func.sum(p.amount_ore - p.allocated_ore)).where(
                    p.company_id == company_id,
                    p.customer_id.is_not(None),
                    p.state == "posted",
                    p.amount_ore != p.allocated_ore,
                )
            )
        parts = [_item_amounts(kind, due, int(o), today) for kind, due, o in rows]
        parts.append(_unallocated_amounts(int(unallocated or 0)))
        for part in parts:
            for key, value in part.items():
                sums[key] += value
        return AgingRow(**sums)  # type: ignore[arg-type]


def _item_amounts(kind: str, due: dt.date, open_ore: int, today: dt.date) -> dict[str, int]:
    """What an open invoice or credit note adds to its customer's aging row."""
    if kind == InvoiceKind.CREDIT_NOTE.value:
        return {"credit": open_ore, "balance_ore": open_ore}
    bucket = bucket_of(due, today)
    overdue = 0 if bucket is Bucket.NOT_DUE else open_ore
    return {_FIELD[bucket]: open_ore, "overdue_ore": overdue, "balance_ore": open_ore}


def _unallocated_amounts(unallocated: int) -> dict[str, int]:
    """What payments not yet matched add: credit, taking the balance down."""
    return {"credit": -unallocated, "balance_ore": -unallocated}


__all__ = [
    "Aging",
    "AgingRow",
    "LastLetter",
    "Overdue",
    "OverdueCustomer",
    "OverdueInvoice",
    "OverdueReports",
]
