"""Booking a file's payments, a batch at a time, inside the import's transaction.

Per batch: one look-up of the payment keys booked before, one of the invoices the
KIDs name (locked on PostgreSQL), the pure :func:`match_payment` per payment, the
clues for the unmatched ones in a few set-based queries and the pure
:func:`decide_unmatched` for each, then one bulk insert of the payments and one bulk
update of the invoices they settled (:mod:`reskontro.storage.bulk`).
"""

from __future__ import annotations

import datetime as dt
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from reskontro.domain.matching import (
    Outcome,
    UnknownKidPolicy,
    decide_unmatched,
    match_payment,
)
from reskontro.domain.payment import PaymentState
from reskontro.domain.settlement import restatus, settle
from reskontro.errors import FileFormatError
from reskontro.services.payments.clues import gather_clues
from reskontro.services.payments.settings import ensure_placeholder
from reskontro.services.payments.summary import MAX_INVOICES, InvoiceTouched
from reskontro.storage import figures
from reskontro.storage.bulk import BulkSql
from reskontro.storage.repo import template_of

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from reskontro.domain.matching import MatchResult
    from reskontro.domain.payment import IncomingPayment
    from reskontro.services.payments.summary import Tally
    from reskontro.storage.models import Company

#: Payments booked per round of set-based SQL.
BATCH = 5000

#: The payment columns the booking binds, in the order of its row tuples.
PAYMENT_COLUMNS = (
    "id", "key", "amount_ore", "kid", "date", "value_date", "message", "payer_name",
    "payer_account", "account", "line", "bank_reference", "transaction_type", "outcome",
    "detail", "state", "customer_id", "invoice_id", "invoice_amount_ore", "written_off_ore",
    "allocated_ore", "reasons", "entry_info", "remittance_info", "creditor_reference",
)  # fmt: skip
#: Columns always bound (NOT NULL, or the primary key).
_REQUIRED = frozenset({0, 1, 2, 4, 13, 14, 15, 18, 19, 20})
#: Where the state, customer and reasons of an unmatched payment go in its row.
_STATE, _CUSTOMER, _REASONS = 15, 16, 21
#: What the booking changes of an invoice (column, PostgreSQL type).
_INVOICE_AMOUNTS = (("settled_ore", "bigint"), ("paid_ore", "bigint"), ("status", "varchar(16)"))
_POSTED = PaymentState.POSTED.value


class _Inv:
    """An invoice's amounts while a batch is being booked (``InvoiceAmounts`` for
    matching, ``Settleable`` for :func:`settle`)."""

    __slots__ = (
        "credited_ore", "customer_id", "dirty", "invoice_id", "number", "paid_ore",
        "settled_ore", "status", "total_ore", "was",
    )  # fmt: skip

    def __init__(self, row: Sequence[Any], company_id: int) -> None:
        (
            self.invoice_id, self.customer_id, self.number, self.total_ore, self.settled_ore,
            self.paid_ore, self.credited_ore, kind, status, currency, due,
        ) = row  # fmt: skip
        self.status = ""
        self.dirty = False
        #: Its figure and settled amount as read, for the kept figures' deltas.
        if isinstance(due, str):  # SQLite's driver hands dates back as text
            due = dt.date.fromisoformat(due)
        self.was = (figures.key_of(company_id, kind, status, currency, due), self.settled_ore)

    def figure_moved(self, deltas: figures.Deltas) -> None:
        before, settled = self.was
        after = before._replace(status=self.status)
        deltas.move(before, after, self.total_ore, settled, self.settled_ore)


class Booker:
    """Books the payments of one file inside the caller's transaction."""

    def __init__(
        self, session: Session, company: Company, file_id: int, now: dt.datetime, tally: Tally
    ) -> None:
        self.session = session
        self.sql = BulkSql(session.connection())
        self.company_id = company.id
        self.file_id = file_id
        self.now = now
        self.tally = tally
        self.policy = UnknownKidPolicy(company.unknown_kid_policy)
        self.tolerance = company.match_tolerance_ore
        self.template = template_of(company)
        self._placeholder: int | None = None
        self.analyzed = False

    def book(self, batch: Sequence[IncomingPayment]) -> None:
        fresh = self._fresh(batch)
        invoices = self._invoices(fresh)
        ids = self.sql.reserve_ids("payment", len(fresh))
        rows: list[tuple[Any, ...]] = []
        unmatched: list[tuple[int, IncomingPayment, MatchResult]] = []
        t = self.tally
        counters = t.outcomes
        day = self.sql.day
        tolerance = self.tolerance
        touched = t.invoices
        for pid, p in zip(ids, fresh, strict=True):
            kid = p.kid
            inv = invoices.get(kid) if kid else None
            r = match_payment(p.amount_ore, kid, inv, tolerance_ore=tolerance)
            outcome = r.outcome
            counters[outcome] += 1
            if outcome is Outcome.UNMATCHED:
                unmatched.append((len(rows), p, r))
            if inv is not None and (r.allocated_ore or r.written_off_ore):
                settle(inv, paid_ore=r.allocated_ore, written_off_ore=r.written_off_ore,
                       status=False)  # fmt: skip
                inv.dirty = True
                if len(touched) < MAX_INVOICES:
                    touched.append(
                        InvoiceTouched(inv.number, r.allocated_ore, outcome,
                                       inv.total_ore - inv.settled_ore)
                    )  # fmt: skip
            rows.append(
                (pid, p.key, p.amount_ore, kid, day(p.date),
                 day(p.value_date) if p.value_date else None, p.message, p.payer_name,
                 p.payer_account, p.account, p.line, p.bank_reference, p.transaction_type,
                 outcome.value, r.detail.value, _POSTED, r.customer_id, r.invoice_id,
                 r.allocated_ore, r.written_off_ore, r.allocated_ore, None, p.entry_info,
                 p.remittance_info, p.creditor_reference)
            )  # fmt: skip
            t.amount_ore += p.amount_ore
        self._decide(rows, unmatched)
        t.payments += len(rows)
        self._insert(rows)
        dirty = [i for i in invoices.values() if i.dirty]
        self.sql.update_by_id(
            "invoice",
            _INVOICE_AMOUNTS,
            [(i.settled_ore, i.paid_ore, restatus(i), i.invoice_id) for i in dirty],
        )
        deltas = figures.Deltas()
        for i in dirty:
            i.figure_moved(deltas)
        figures.apply(self.session, deltas)

    def _fresh(self, batch: Sequence[IncomingPayment]) -> list[IncomingPayment]:
        """The batch without payments booked before from another file.

        A key booked from another file is skipped (overlapping files); a key repeated
        within this file rejects the file.
        """
        sql = self.sql
        among, values = sql.one_of("key", [p.key for p in batch])
        existing = dict(
            sql.all(
                f"SELECT key, bank_file_id FROM payment WHERE company_id = ? AND {among}",
                [self.company_id, *values],
            )
        )
        fresh: list[IncomingPayment] = []
        in_batch: set[str] = set()
        for p in batch:
            if p.key in in_batch or existing.get(p.key, -1) == self.file_id:
                raise FileFormatError(
                    f"payment key {p.key} appears twice in the file", line=p.line, path=p.location
                )
            in_batch.add(p.key)
            if p.key in existing:
                self.tally.duplicate_payments += 1
            else:
                fresh.append(p)
        return fresh

    def _invoices(self, payments: list[IncomingPayment]) -> dict[str, _Inv]:
        """The invoices the payments' KIDs name, by KID. PostgreSQL: the rows are
        locked, so that a payment matched by hand at the same time waits instead of
        writing over the amounts read here."""
        kids = list({p.kid for p in payments if p.kid})
        if not kids:
            return {}
        sql = self.sql
        among, values = sql.one_of("kid", kids)
        company_id = self.company_id
        return {
            r[0]: _Inv(r[1:], company_id)
            for r in sql.all(
                "SELECT kid, id, customer_id, number, total_ore, settled_ore, paid_ore,"
                " credited_ore, kind, status, currency, due_date"
                f" FROM invoice WHERE company_id = ? AND {among}"
                + ("" if sql.sqlite else " FOR UPDATE"),
                [self.company_id, *values],
            )
        }

    def _decide(
        self, rows: list[tuple[Any, ...]], unmatched: list[tuple[int, IncomingPayment, MatchResult]]
    ) -> None:
        """Apply the unknown-KID policy to the unmatched payments of the batch (their
        clues gathered for all of them at once) and put the decisions in their rows."""
        if not unmatched:
            return
        clues: list[Any] = [None] * len(unmatched)
        if self.policy is UnknownKidPolicy.POST:
            clues = gather_clues(
                self.sql, self.company_id, self.template, [p for _, p, _ in unmatched]
            )
        states = self.tally.states
        for (i, _, r), found in zip(unmatched, clues, strict=True):
            decision = decide_unmatched(r, self.policy, found)
            states[decision.state] += 1
            customer_id = decision.customer_id
            if decision.to_placeholder:
                customer_id = self._placeholder_customer()
            row = rows[i]
            rows[i] = (
                *row[:_STATE], decision.state.value, customer_id, *row[_CUSTOMER + 1 : _REASONS],
                decision.reasons.dumps(), *row[_REASONS + 1 :],
            )  # fmt: skip

    def _insert(self, rows: list[tuple[Any, ...]]) -> None:
        # Columns that are NULL in every row of the batch are left out of the INSERT
        # (they default to NULL): binding fewer parameters is most of what makes a
        # row cheap to insert.
        keep = [
            i
            for i in range(len(PAYMENT_COLUMNS))
            if i in _REQUIRED or any(r[i] is not None for r in rows)
        ]
        if len(keep) < len(PAYMENT_COLUMNS) and rows:
            rows = (
                list(map(itemgetter(*keep), rows))
                if len(keep) > 1
                else [(r[keep[0]],) for r in rows]
            )
        self.sql.insert(
            "payment",
            ", ".join(PAYMENT_COLUMNS[i] for i in keep),
            rows,
            {"company_id": self.company_id, "bank_file_id": self.file_id, "created_at": self.now},
        )
        if not self.analyzed:
            # PostgreSQL plans the key and KID look-ups from table statistics: one
            # ANALYZE after the first batch (inside this transaction, it sees its rows).
            self.analyzed = True
            self.sql.analyze("payment")

    def _placeholder_customer(self) -> int:
        if self._placeholder is None:
            self._placeholder = ensure_placeholder(self.session, self.company_id, self.now)
        return self._placeholder


__all__ = ["BATCH", "PAYMENT_COLUMNS", "Booker"]
