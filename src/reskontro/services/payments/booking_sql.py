"""Set-based booking of the plain payments of a batch (issue 11, Build 4).

A payment is *plain* when its KID names an invoice of the company in the payment's
currency, with no fees or interest charged on it, and the payment is positive, or
reverses at most what was paid of it when no other payment of the batch names that
invoice. Several positive payments to one invoice are decided in file order on window
sums: each on what the ones before it left open.
For those, the KID look-up, the matching (full, part, over, within the tolerance,
already paid or credited, reversal) and the booking are a few statements over a
staging table, whatever the batch's size:

1. the payments go into the staging table ``payment_stage`` (``executemany`` on
   SQLite, COPY on PostgreSQL: :meth:`BulkSql.stage`);
2. one ``INSERT INTO payment_decided … SELECT … invoice`` looks the KIDs up and
   decides each plain payment's outcome, detail, allocation and write-off — the same
   branches as :func:`reskontro.domain.matching.match_payment`, which stays the
   specification (``tests/services/test_set_booking.py`` runs generated files through
   both); the staged payments it leaves undecided are handed back to the Python path;
3. after the Python path has read what it needs (its invoices, the clues), one
   ``INSERT … SELECT`` books the decided payments, one ``UPDATE … FROM`` moves the
   invoices' settled and paid amounts and their status (:func:`status_sql`, the rule
   of :func:`reskontro.domain.invoice.status_of` written in SQL), and one grouped read
   of ``payment_decided`` gives the batch's outcomes and what it moved of the kept
   figures (:mod:`reskontro.storage.figures`), moved once at the end of the file.

Nothing here decides anything :func:`match_payment` would not: a payment whose case is
not plain is left to it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from reskontro.domain.invoice import InvoiceKind, InvoiceStatus
from reskontro.domain.matching import Detail, Outcome
from reskontro.domain.payment import PaymentState
from reskontro.storage import figures
from reskontro.storage.bulk import without_empty_columns

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reskontro.domain.payment import IncomingPayment
    from reskontro.storage.bulk import BulkSql

#: The staging table: what the file says of each payment (name, PostgreSQL type).
STAGE = "payment_stage"
#: The plain payments of the staging table with what the look-up and the matching
#: add (one ``INSERT … SELECT``: cheaper than widening the staged rows in place).
DECIDED = "payment_decided"
_GIVEN = (
    ("id", "bigint"), ("key", "text"), ("amount_ore", "bigint"), ("kid", "text"),
    ("date", "date"), ("value_date", "date"), ("message", "text"), ("payer_name", "text"),
    ("payer_account", "text"), ("account", "text"), ("line", "integer"),
    ("bank_reference", "text"), ("transaction_type", "text"), ("entry_info", "text"),
    ("remittance_info", "text"), ("creditor_reference", "text"), ("currency", "text"),
)  # fmt: skip
_FOUND = (
    ("invoice_id", "integer"), ("customer_id", "integer"), ("number", "bigint"),
    ("old_status", "text"), ("due", "date"), ("total", "bigint"), ("settled", "bigint"),
    ("credited", "bigint"), ("paid", "bigint"), ("outcome", "text"), ("detail", "text"),
    ("alloc", "bigint"), ("written_off", "bigint"), ("open_before", "bigint"),
)  # fmt: skip
#: The given columns always bound (the rest only when some payment of the batch has one).
_ALWAYS = frozenset({0, 1, 2, 3, 4, 16})
#: The payment columns copied from the staging table as they are.
_COPIED = tuple(
    name for name, _ in _GIVEN if name not in {"id", "key", "amount_ore", "kid", "date", "currency"}
)
_INVOICE = InvoiceKind.INVOICE.value


def status_sql(total: str, credited: str, settled: str, paid: str) -> str:
    """The status of an issued invoice with no charges, from its amounts (SQL
    expressions): :func:`reskontro.domain.invoice.status_of`, the one rule, in SQL.
    ``tests/services/test_set_booking.py`` checks that both agree."""
    s = InvoiceStatus
    return (
        f"CASE WHEN ({total}) > 0 AND ({credited}) >= ({total}) THEN '{s.CREDITED.value}'"
        f" WHEN ({total}) - ({settled}) = 0 THEN '{s.PAID.value}'"
        f" WHEN ({paid}) > 0 THEN '{s.PARTIALLY_PAID.value}' ELSE '{s.OPEN.value}' END"
    )


def _plain(amount: str) -> str:
    """The payment (``s``) and its invoice (``i``) make a plain case (module docstring)."""
    return (
        f"i.kind = '{_INVOICE}' AND i.currency = s.currency"
        " AND i.charges_ore = 0 AND i.charges_settled_ore = 0 AND i.charges_paid_ore = 0"
        f" AND ({amount} > 0 OR -{amount} <= i.paid_ore)"
    )


def _matching(tolerance_ore: int, *, several: bool) -> str:
    """The select list deciding a plain payment as :func:`match_payment` does (``s`` is
    the staged payment, ``i`` its invoice; ``_FOUND``'s columns in order).

    ``several``: some invoice is named by more than one payment of the batch (``s.prev``:
    what the ones before it paid)."""
    tol = int(tolerance_ore)
    # What is open when this payment comes: the invoice's open amount less what the
    # payments before it in the batch paid (``prev``, their window sum; several
    # payments to one invoice are all positive here). Once they brought it within the
    # tolerance, it is closed (paid, or the rest written off by the one that did).
    # With one payment per invoice it is the open amount itself (SQLite evaluates the
    # expression each time it is named: the shorter one is measurably cheaper).
    opened, prev = "(i.total_ore - i.settled_ore)", "coalesce(s.prev, 0)"
    open_ = (
        f"(CASE WHEN {prev} > 0 AND {opened} - {prev} <= {tol} THEN 0 ELSE {opened} - {prev} END)"
        if several
        else opened
    )
    amount = "s.amount_ore"
    o, d = Outcome, Detail
    outcome = (
        f"CASE WHEN {amount} < 0 THEN '{o.REVERSED.value}'"
        f" WHEN {open_} <= 0 THEN '{o.OVERPAID.value}'"
        f" WHEN {amount} = {open_} THEN '{o.MATCHED.value}'"
        f" WHEN {amount} > {open_} THEN CASE WHEN {amount} - {open_} <= {tol}"
        f" THEN '{o.MATCHED.value}' ELSE '{o.OVERPAID.value}' END"
        f" WHEN {open_} - {amount} <= {tol} THEN '{o.MATCHED.value}'"
        f" ELSE '{o.PARTIAL.value}' END"
    )
    detail = (
        f"CASE WHEN {amount} < 0 THEN '{d.REVERSAL.value}'"
        f" WHEN {open_} <= 0 THEN CASE WHEN i.credited_ore >= i.total_ore"
        f" THEN '{d.CREDITED.value}' ELSE '{d.ALREADY_PAID.value}' END"
        f" WHEN {amount} = {open_} THEN '{d.FULL.value}'"
        f" WHEN {amount} > {open_} THEN '{d.SURPLUS.value}'"
        f" WHEN {open_} - {amount} <= {tol} THEN '{d.WITHIN_TOLERANCE.value}'"
        f" ELSE '{d.PART.value}' END"
    )
    alloc = (
        f"CASE WHEN {amount} < 0 THEN {amount} WHEN {open_} <= 0 THEN 0"
        f" WHEN {amount} >= {open_} THEN {open_} ELSE {amount} END"
    )
    written_off = (
        f"CASE WHEN {amount} > 0 AND {open_} > {amount} AND {open_} - {amount} <= {tol}"
        f" THEN {open_} - {amount} ELSE 0 END"
    )
    return (
        "i.id, i.customer_id, i.number, i.status, i.due_date, i.total_ore, i.settled_ore,"
        f" i.credited_ore, i.paid_ore, {outcome}, {detail}, {alloc}, {written_off}, {open_}"
    )


class StagedBatch:
    """The plain payments of one batch, staged and decided in the database."""

    def __init__(
        self, sql: BulkSql, company_id: int, file_id: int, now: dt.datetime, tolerance_ore: int
    ) -> None:
        self.sql = sql
        self.company_id = company_id
        self.file_id = file_id
        self.created_at = sql.timestamp(now)
        self.matching = {
            several: _matching(tolerance_ore, several=several) for several in (False, True)
        }
        self.several = False
        #: What the batches booked so far moved of the kept figures.
        self.deltas = figures.Deltas()

    def stage(
        self, payments: Sequence[tuple[int, str, IncomingPayment]], *, several: bool
    ) -> set[int]:
        """Stage ``payments`` (id, key booked under, payment) and decide the plain ones;
        return the ids of the others (unstaged again: the Python path books them).

        ``several``: some KID is named by more than one of them (all positive): each is
        then decided on what the ones before it in the batch left open."""
        sql = self.sql
        sql.temp_table(STAGE, _GIVEN)
        sql.temp_table(DECIDED, (*_GIVEN, *_FOUND))
        if not payments:
            return set()
        day = sql.days()
        rows: list[tuple[Any, ...]] = [
            (pid, key, p.amount_ore, p.kid, day(p.date),
             day(p.value_date) if p.value_date else None, p.message, p.payer_name,
             p.payer_account, p.account, p.line, p.bank_reference, p.transaction_type,
             p.entry_info, p.remittance_info, p.creditor_reference, p.currency)
            for pid, key, p in payments
        ]  # fmt: skip
        names, rows = without_empty_columns([name for name, _ in _GIVEN], rows, _ALWAYS)
        sql.stage(STAGE, names, rows)
        sql.analyze_once(STAGE)
        self.several = several
        given = ", ".join(name for name, _ in _GIVEN)
        source = STAGE
        if several:
            source = (
                f"(SELECT *, sum(amount_ore) OVER (PARTITION BY kid ORDER BY id) - amount_ore"
                f" AS prev FROM {STAGE})"
            )
        # PostgreSQL locks the invoices it decides on as it reads them, so that a payment
        # matched by hand at the same time waits instead of being decided on amounts read
        # here (a change committed meanwhile is read again, and decided on, before the
        # row is locked). The others are read, and locked, by the Python path.
        lock = "" if sql.sqlite else " FOR UPDATE OF i"
        with sql.looked_up():
            sql.run(
                f"INSERT INTO {DECIDED} ({given}, {', '.join(name for name, _ in _FOUND)})"
                f" SELECT {', '.join(f's.{name}' for name, _ in _GIVEN)},"
                f" {self.matching[several]}"
                # CROSS JOIN: SQLite then keeps the staged payments outside and looks each
                # KID up; left to itself it scanned the company's invoices for the plain
                # conditions (PostgreSQL plans it as any inner join: :meth:`looked_up`).
                f" FROM {source} s CROSS JOIN invoice i WHERE i.company_id = ?"
                f" AND i.kid = s.kid AND {_plain('s.amount_ore')}{lock}",
                [self.company_id],
            )
            decided = sql.cursor.rowcount
        if decided:
            sql.analyze_once(DECIDED)
        left: set[int] = set()
        if decided != len(rows):
            left = {
                int(r[0])
                for r in sql.all(f"SELECT id FROM {STAGE} EXCEPT SELECT id FROM {DECIDED}", ())
            }
            if several and left:
                # Payments to one invoice go one way: all set-based, or all through Python.
                marks = sql.marks(len(left))
                kids = f"SELECT kid FROM {STAGE} WHERE id IN ({marks})"
                ids = list(left)
                left |= {
                    int(r[0]) for r in sql.all(f"SELECT id FROM {STAGE} WHERE kid IN ({kids})", ids)
                }
                sql.run(f"DELETE FROM {DECIDED} WHERE kid IN ({kids})", ids)
        sql.empty(STAGE)
        return left

    def book(self, touched_room: int) -> tuple[list[tuple[str, int, int]], list[tuple[Any, ...]]]:
        """Book the staged payments, move their invoices and the kept figures.

        Returns per outcome (value, payments, amount), and the first ``touched_room``
        invoices paid or reversed: (payment id, invoice number, allocated, outcome,
        what is open after)."""
        sql = self.sql
        moved = "(s.alloc <> 0 OR s.written_off <> 0)"
        # One row per invoice: the staged payments themselves, or when some invoice has
        # several, their sums (its amounts as read are the same on each).
        per_invoice = DECIDED
        if self.several:
            per_invoice = (
                "(SELECT invoice_id, max(old_status) AS old_status,"
                " max(currency) AS currency, max(due) AS due,"
                " max(total) AS total, max(settled) AS settled, max(credited) AS credited,"
                " max(paid) AS paid, sum(alloc) AS alloc,"
                f" sum(written_off) AS written_off FROM {DECIDED} GROUP BY invoice_id)"
            )
        settled = "invoice.settled_ore + s.alloc + s.written_off"
        paid = "invoice.paid_ore + s.alloc"
        with sql.looked_up():
            sql.run(
                f"UPDATE invoice SET settled_ore = {settled}, paid_ore = {paid}, status ="
                f" {status_sql('invoice.total_ore', 'invoice.credited_ore', settled, paid)}"
                f" FROM {per_invoice} s WHERE invoice.id = s.invoice_id AND {moved}",
            )
        # The payments after their invoices: on PostgreSQL the foreign-key check of each
        # payment then finds its invoice already locked by this transaction.
        copied = ", ".join(_COPIED)
        sql.run(
            "INSERT INTO payment (id, key, amount_ore, kid, date, currency, outcome, detail,"
            " state, customer_id, invoice_id, invoice_amount_ore, written_off_ore,"
            f" allocated_ore, {copied}, company_id, bank_file_id, created_at)"
            " SELECT id, key, amount_ore, kid, date, currency, outcome, detail,"
            f" '{PaymentState.POSTED.value}', customer_id, invoice_id, alloc, written_off,"
            f" alloc, {copied}, {int(self.company_id)}, {int(self.file_id)},"
            f" {self.created_at} FROM {DECIDED} ORDER BY id",
        )
        outcomes = self._tally(per_invoice, moved)
        touched: list[tuple[Any, ...]] = []
        if touched_room > 0:
            touched = sql.all(
                "SELECT s.id, s.number, s.alloc, s.outcome,"
                f" s.open_before - s.alloc - s.written_off FROM {DECIDED} s WHERE {moved}"
                f" ORDER BY s.id LIMIT {int(touched_room)}",
                (),
            )
        sql.empty(DECIDED)
        return outcomes, touched

    def _tally(self, per_invoice: str, moved: str) -> list[tuple[str, int, int]]:
        """Per outcome (value, payments, amount); and what the batch's invoices moved
        of the kept figures, added to :attr:`deltas` (applied once, by
        :meth:`finish`): each invoice left its figure (amounts and status as staged)
        and entered another (its amounts after the batch, and the status those give:
        :func:`status_sql`, as the invoice update sets it). From the staging table
        alone, grouped: one scan of it when each invoice has one payment."""
        sql = self.sql
        settled, paid = "s.settled + s.alloc + s.written_off", "s.paid + s.alloc"
        figure = (
            f"{moved}, s.old_status, {status_sql('s.total', 's.credited', settled, paid)},"
            " s.currency, s.due, count(*), sum(s.total), sum(s.settled),"
            " sum(s.alloc + s.written_off)"
        )
        counts: dict[str, list[int]] = {}
        if self.several:
            for outcome, n, amount in sql.all(
                f"SELECT outcome, count(*), sum(amount_ore) FROM {DECIDED} GROUP BY outcome", ()
            ):
                counts[str(outcome)] = [int(n), int(amount)]
            grouped = f"SELECT {figure} FROM {per_invoice} s GROUP BY 1, 2, 3, 4, 5"
            rows = [(None, 0, 0, *r) for r in sql.all(grouped, ())]
        else:
            rows = sql.all(
                f"SELECT s.outcome, count(*), sum(s.amount_ore), {figure} FROM {DECIDED} s"
                " GROUP BY 1, 4, 5, 6, 7, 8",
                (),
            )
        add = self.deltas.add
        for outcome, n, amount, moves, was, now, currency, day, *sums in rows:
            if outcome is not None:
                entry = counts.setdefault(str(outcome), [0, 0])
                entry[0] += int(n)
                entry[1] += int(amount)
            if moves:
                invoices, total, settled_before, moved_ore = (int(v) for v in sums)
                # SQLite's driver hands dates back as text.
                due = dt.date.fromisoformat(day) if isinstance(day, str) else day
                before = figures.key_of(self.company_id, _INVOICE, was, currency, due)
                add(before, total, settled_before, -1, invoices=invoices)
                add(before._replace(status=now), total, settled_before + moved_ore,
                    invoices=invoices)  # fmt: skip
        return [(o, n, a) for o, (n, a) in counts.items()]

    def finish(self) -> None:
        """Move the kept figures by what every batch moved (one upsert per figure)."""
        figures.apply(self.sql.conn, self.deltas)
        self.deltas = figures.Deltas()


__all__ = ["DECIDED", "STAGE", "StagedBatch", "status_sql"]
