"""Booking a file's payments, a batch at a time, inside the import's transaction.

Per batch: one look-up of the payment keys booked before, one of the payments from
other files that may be the same ones under other keys (:mod:`.duplicates`). Then the
*plain* payments (an invoice without charges in the payment's currency, positive
amounts or a lone reversal: most of a file) are staged, matched and booked by a few
set-based statements (:mod:`.booking_sql`). The others — no KID or an unknown one, a
reversal beside other payments to its invoice, charges, another currency, possible
duplicates —
go through Python: one look-up of the invoices their KIDs name (locked on
PostgreSQL), the pure :func:`match_payment` per payment, the clues for the unmatched
ones in a few set-based queries and the pure :func:`decide_unmatched` for each, then
one bulk insert of the payments and one bulk update of the invoices they settled
(:mod:`reskontro.storage.bulk`).
"""

from __future__ import annotations

from collections import Counter
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from reskontro.domain.matching import (
    Detail,
    DuplicateCode,
    Outcome,
    UnknownKidPolicy,
    UnmatchedReason,
    decide_unmatched,
    match_payment,
)
from reskontro.domain.payment import PaymentError, PaymentState, booked_key
from reskontro.domain.settlement import PaymentOrder, settle
from reskontro.errors import FileFormatError
from reskontro.messages import Message, Messages
from reskontro.services.payments.booking_invoices import (
    read_charges,
    read_invoices,
    write_invoices,
)
from reskontro.services.payments.booking_sql import StagedBatch
from reskontro.services.payments.clues import gather_clues
from reskontro.services.payments.duplicates import Repeat, RepeatFinder
from reskontro.services.payments.settings import ensure_placeholder
from reskontro.services.payments.summary import MAX_INVOICES, InvoiceTouched
from reskontro.storage.bulk import BulkSql, without_empty_columns
from reskontro.storage.repo import template_of

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from reskontro.domain.matching import MatchResult
    from reskontro.domain.payment import IncomingPayment
    from reskontro.services.payments.booking_invoices import Invoice
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
    "currency", "duplicate_of",
)  # fmt: skip
#: Columns always bound (NOT NULL, or the primary key).
_REQUIRED = frozenset({0, 1, 2, 4, 13, 14, 15, 18, 19, 20})
#: Where the state, customer and reasons of an unmatched payment go in its row.
_STATE, _CUSTOMER, _REASONS = 15, 16, 21
_POSTED = PaymentState.POSTED.value
_INBOX = PaymentState.INBOX.value


def _possible_duplicate(other: int) -> str:
    return Messages(
        (
            Message.of(DuplicateCode.POSSIBLE, payment=other),
            Message.of(UnmatchedReason.WAITS_IN_INBOX),
        )
    ).dumps()


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
        self.order = PaymentOrder(company.payment_order)
        self._placeholder: int | None = None
        self.repeats = RepeatFinder(self.sql, company.id, file_id)
        self.staged = StagedBatch(self.sql, company.id, file_id, now, self.tolerance)

    def book(self, batch: Sequence[IncomingPayment]) -> None:
        fresh, repeats = self._unbooked(self._fresh(batch))
        ids = self.sql.reserve_ids("payment", len(fresh))
        # The plain payments are decided and booked set-based (:mod:`.booking_sql`),
        # several to one invoice too when all of them are positive. The rest, and those
        # the database finds not plain, go through :func:`match_payment` here.
        kids: Counter[str] = Counter()
        negative: set[str] = set()
        for p, other in zip(fresh, repeats, strict=True):
            if p.kid and not other:
                kids[p.kid] += 1
                if p.amount_ore <= 0:
                    negative.add(p.kid)
        staged: list[tuple[int, str, IncomingPayment]] = []
        by_hand: list[tuple[int, IncomingPayment, int | None]] = []
        several = False
        for pid, p, other in zip(ids, fresh, repeats, strict=True):
            kid = p.kid
            if other is None and kid and (kids[kid] == 1 or kid not in negative):
                staged.append((pid, booked_key(p.key, kid), p))
                several = several or kids[kid] > 1
            else:
                by_hand.append((pid, p, other))
        left = self.staged.stage(staged, several=several)
        if left:
            by_hand.extend((pid, p, None) for pid, _, p in staged if pid in left)
            by_hand.sort(key=itemgetter(0))
        # The Python path reads what it needs (invoices, clues) before anything of the
        # batch is written, as the clues must see the books as they were.
        rows, touched, invoices = self._match(by_hand)
        t = self.tally
        outcomes, sql_touched = self.staged.book(MAX_INVOICES - len(t.invoices))
        for outcome, n, amount in outcomes:
            t.outcomes[Outcome(outcome)] += n
            t.payments += n
            t.amount_ore += amount
        if sql_touched:
            touched.extend(
                (pid, InvoiceTouched(int(number), int(alloc), Outcome(outcome), int(open_)))
                for pid, number, alloc, outcome, open_ in sql_touched
            )
            touched.sort(key=itemgetter(0))
        room = MAX_INVOICES - len(t.invoices)
        t.invoices.extend(item for _, item in touched[:room])
        t.payments += len(rows)
        self._insert(rows)
        write_invoices(self.session, self.sql, invoices)

    def finish(self) -> None:
        """After the last batch: move the kept figures by what the batches moved."""
        self.staged.finish()

    def _match(
        self, payments: list[tuple[int, IncomingPayment, int | None]]
    ) -> tuple[list[tuple[Any, ...]], list[tuple[int, InvoiceTouched]], dict[str, Invoice]]:
        """The payments that are not plain, matched by :func:`match_payment` and decided
        by :func:`decide_unmatched`: their rows, the invoices they touched (by payment
        id) and the invoices' amounts after them."""
        invoices = read_invoices(self.sql, self.company_id, [p for _, p, o in payments if not o])
        read_charges(self.sql, invoices)
        rows: list[tuple[Any, ...]] = []
        touched: list[tuple[int, InvoiceTouched]] = []
        unmatched: list[tuple[int, IncomingPayment, MatchResult]] = []
        t = self.tally
        counters = t.outcomes
        day = self.sql.days()
        tolerance = self.tolerance
        for pid, p, other in payments:
            kid = p.kid
            if other:
                # Maybe the same payment as one booked from another file: a person decides.
                counters[Outcome.UNMATCHED] += 1
                t.states[PaymentState.INBOX] += 1
                t.possible_duplicates += 1
                rows.append(
                    (pid, booked_key(p.key, kid), p.amount_ore, kid, day(p.date),
                     day(p.value_date) if p.value_date else None, p.message, p.payer_name,
                     p.payer_account, p.account, p.line, p.bank_reference, p.transaction_type,
                     Outcome.UNMATCHED.value, Detail.POSSIBLE_DUPLICATE.value, _INBOX, None, None,
                     0, 0, 0, _possible_duplicate(other), p.entry_info, p.remittance_info,
                     p.creditor_reference, p.currency, other)
                )  # fmt: skip
                t.amount_ore += p.amount_ore
                continue
            inv = invoices.get(kid) if kid else None
            r = match_payment(
                p.amount_ore, kid, inv, tolerance_ore=tolerance, currency=p.currency,
                invoice_currency=inv.currency if inv is not None else p.currency,
            )  # fmt: skip
            outcome = r.outcome
            counters[outcome] += 1
            if outcome is Outcome.UNMATCHED:
                unmatched.append((len(rows), p, r))
            if inv is not None and (r.allocated_ore or r.written_off_ore):
                settle(inv, paid_ore=r.allocated_ore, written_off_ore=r.written_off_ore,
                       status=False, charges=inv.charges, order=self.order)  # fmt: skip
                inv.dirty = True
                touched.append(
                    (pid, InvoiceTouched(inv.number, r.allocated_ore, outcome,
                                         inv.total_ore - inv.settled_ore + inv.charges_ore
                                         - inv.charges_settled_ore))
                )  # fmt: skip
            rows.append(
                (pid, booked_key(p.key, kid), p.amount_ore, kid, day(p.date),
                 day(p.value_date) if p.value_date else None, p.message, p.payer_name,
                 p.payer_account, p.account, p.line, p.bank_reference, p.transaction_type,
                 outcome.value, r.detail.value, _POSTED, r.customer_id, r.invoice_id,
                 r.allocated_ore, r.written_off_ore, r.allocated_ore, None, p.entry_info,
                 p.remittance_info, p.creditor_reference, p.currency, None)
            )  # fmt: skip
            t.amount_ore += p.amount_ore
        self._decide(rows, unmatched)
        return rows, touched, invoices

    def _fresh(self, batch: Sequence[IncomingPayment]) -> list[IncomingPayment]:
        """The batch without payments booked before from another file.

        A key booked from another file is skipped (overlapping files); a key repeated
        within this file rejects the file.
        """
        sql = self.sql
        keys = [booked_key(p.key, p.kid) for p in batch]
        among, values = sql.one_of("key", keys)
        existing = dict(
            sql.all(
                f"SELECT key, bank_file_id FROM payment WHERE company_id = ? AND {among}",
                [self.company_id, *values],
            )
        )
        fresh: list[IncomingPayment] = []
        in_batch: set[str] = set()
        for p, key in zip(batch, keys, strict=True):
            if key in in_batch or existing.get(key, -1) == self.file_id:
                raise FileFormatError(
                    Message.of(PaymentError.KEY_TWICE, key=key), line=p.line, path=p.location
                )
            in_batch.add(key)
            if key in existing:
                self.tally.duplicate_payments += 1
            else:
                fresh.append(p)
        return fresh

    def _unbooked(
        self, fresh: list[IncomingPayment]
    ) -> tuple[list[IncomingPayment], list[int | None]]:
        """The payments not booked from another file under another key (another format,
        no bank reference, a new transaction number: :mod:`.duplicates`), and for each
        the payment it may repeat (None: none)."""
        found = self.repeats.find(fresh) if fresh else {}
        if not found:
            return fresh, [None] * len(fresh)
        kept: list[IncomingPayment] = []
        repeats: list[int | None] = []
        for i, p in enumerate(fresh):
            repeat = found.get(i)
            if repeat is None:
                kept.append(p)
                repeats.append(None)
            elif repeat[0] is Repeat.SAME:
                self.tally.duplicate_payments += 1
            else:
                kept.append(p)
                repeats.append(repeat[1])
        return kept, repeats

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
        # (they default to NULL).
        names, rows = without_empty_columns(PAYMENT_COLUMNS, rows, _REQUIRED)
        self.sql.insert(
            "payment",
            ", ".join(names),
            rows,
            {"company_id": self.company_id, "bank_file_id": self.file_id, "created_at": self.now},
        )
        # PostgreSQL plans the key and KID look-ups from table statistics: one ANALYZE
        # after the first batch (inside this transaction, it sees its rows).
        self.sql.analyze_once("payment")

    def _placeholder_customer(self) -> int:
        if self._placeholder is None:
            self._placeholder = ensure_placeholder(self.session, self.company_id, self.now)
        return self._placeholder


__all__ = ["BATCH", "PAYMENT_COLUMNS", "Booker"]
