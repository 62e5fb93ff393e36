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
2. one ``UPDATE … FROM invoice`` looks the KIDs up and decides each plain payment's
   outcome, detail, allocation and write-off — the same branches as
   :func:`reskontro.domain.matching.match_payment`, which stays the specification
   (``tests/services/test_set_booking_property.py`` runs generated files through both);
   the rows it leaves undecided are handed back to the Python path and dropped here;
3. after the Python path has read what it needs (its invoices, the clues), one
   ``INSERT … SELECT`` books the payments, one ``UPDATE … FROM`` moves the invoices'
   settled and paid amounts and their status (:func:`status_sql`, the rule of
   :func:`reskontro.domain.invoice.status_of` written in SQL), and one upsert moves the
   kept figures (:mod:`reskontro.storage.figures`) by the batch's deltas.

Nothing here decides anything :func:`match_payment` would not: a payment whose case is
not plain is left to it.
"""

from __future__ import annotations

from operator import itemgetter
from typing import TYPE_CHECKING, Any

from reskontro.domain.invoice import InvoiceKind, InvoiceStatus
from reskontro.domain.matching import Detail, Outcome
from reskontro.domain.payment import PaymentState
from reskontro.storage.figures import NO_DUE

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from reskontro.domain.payment import IncomingPayment
    from reskontro.storage.bulk import BulkSql

#: The staging table and its columns (name, PostgreSQL type): first what the file
#: says of a payment, then what the look-up and the matching add.
STAGE = "payment_stage"
_GIVEN = (
    ("id", "bigint"), ("key", "text"), ("amount_ore", "bigint"), ("kid", "text"),
    ("date", "date"), ("value_date", "date"), ("message", "text"), ("payer_name", "text"),
    ("payer_account", "text"), ("account", "text"), ("line", "integer"),
    ("bank_reference", "text"), ("transaction_type", "text"), ("entry_info", "text"),
    ("remittance_info", "text"), ("creditor_reference", "text"), ("currency", "text"),
)  # fmt: skip
_FOUND = (
    ("invoice_id", "integer"), ("customer_id", "integer"), ("number", "bigint"),
    ("kind", "text"), ("old_status", "text"), ("invoice_currency", "text"), ("due", "date"),
    ("total", "bigint"), ("settled", "bigint"), ("outcome", "text"), ("detail", "text"),
    ("alloc", "bigint"), ("written_off", "bigint"), ("prev", "bigint"),
    ("open_before", "bigint"),
)  # fmt: skip
#: The given columns always bound (the rest only when some payment of the batch has one).
_ALWAYS = frozenset({0, 1, 2, 3, 4, 16})
#: The payment columns copied from the staging table as they are.
_COPIED = tuple(
    name for name, _ in _GIVEN if name not in {"id", "key", "amount_ore", "kid", "date", "currency"}
)


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


def _matching(tolerance_ore: int) -> str:
    """The SET clause deciding a plain payment as :func:`match_payment` does (``s`` is
    the staged payment, ``i`` its invoice); other payments keep ``outcome`` NULL."""
    tol = int(tolerance_ore)
    # What is open when this payment comes: the invoice's open amount less what the
    # payments before it in the batch paid (``prev``, their window sum; several
    # payments to one invoice are all positive here). Once they brought it within the
    # tolerance, it is closed (paid, or the rest written off by the one that did).
    opened, prev = "(i.total_ore - i.settled_ore)", "coalesce(s.prev, 0)"
    open_ = (
        f"(CASE WHEN {prev} > 0 AND {opened} - {prev} <= {tol} THEN 0 ELSE {opened} - {prev} END)"
    )
    amount = "s.amount_ore"
    plain = (
        f"i.kind = '{InvoiceKind.INVOICE.value}' AND i.currency = s.currency"
        " AND i.charges_ore = 0 AND i.charges_settled_ore = 0 AND i.charges_paid_ore = 0"
        f" AND ({amount} > 0 OR -{amount} <= i.paid_ore)"
    )
    o, d = Outcome, Detail
    outcome = (
        f"CASE WHEN NOT ({plain}) THEN NULL"
        f" WHEN {amount} < 0 THEN '{o.REVERSED.value}'"
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
        "invoice_id = i.id, customer_id = i.customer_id, number = i.number, kind = i.kind,"
        " old_status = i.status, invoice_currency = i.currency, due = i.due_date,"
        " total = i.total_ore, settled = i.settled_ore,"
        f" outcome = {outcome}, detail = {detail}, alloc = {alloc},"
        f" written_off = {written_off}, open_before = {open_}"
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
        self.set_matching = _matching(tolerance_ore)
        self.analyzed = False
        self.several = False

    def stage(
        self, payments: Sequence[tuple[int, str, IncomingPayment]], *, several: bool
    ) -> set[int]:
        """Stage ``payments`` (id, key booked under, payment) and decide the plain ones;
        return the ids of the others (unstaged again: the Python path books them).

        ``several``: some KID is named by more than one of them (all positive): each is
        then decided on what the ones before it in the batch left open."""
        sql = self.sql
        sql.temp_table(STAGE, (*_GIVEN, *_FOUND))
        if not payments:
            return set()
        day = sql.day
        rows: list[tuple[Any, ...]] = [
            (pid, key, p.amount_ore, p.kid, day(p.date),
             day(p.value_date) if p.value_date else None, p.message, p.payer_name,
             p.payer_account, p.account, p.line, p.bank_reference, p.transaction_type,
             p.entry_info, p.remittance_info, p.creditor_reference, p.currency)
            for pid, key, p in payments
        ]  # fmt: skip
        keep = [
            i for i in range(len(_GIVEN)) if i in _ALWAYS or any(r[i] is not None for r in rows)
        ]
        if len(keep) < len(_GIVEN):
            rows = list(map(itemgetter(*keep), rows))
        sql.stage(STAGE, [_GIVEN[i][0] for i in keep], rows)
        if not self.analyzed:
            self.analyzed = True
            sql.analyze(STAGE)
        if not sql.sqlite:
            # Lock the invoices the KIDs name, so that a payment matched by hand at the
            # same time waits instead of being decided on amounts read here.
            sql.run(
                "SELECT count(*) FROM (SELECT 1 FROM invoice WHERE company_id = ?"
                f" AND kid IN (SELECT kid FROM {STAGE}) FOR UPDATE OF invoice) locked",
                [self.company_id],
            )
        self.several = several
        if several:
            sql.run(
                f"UPDATE {STAGE} AS s SET prev = w.prev FROM (SELECT id, sum(amount_ore)"
                f" OVER (PARTITION BY kid ORDER BY id) - amount_ore AS prev FROM {STAGE}) w"
                " WHERE w.id = s.id"
            )
        sql.run(
            f"UPDATE {STAGE} AS s SET {self.set_matching} FROM invoice i"
            " WHERE i.company_id = ? AND i.kid = s.kid",
            [self.company_id],
        )
        undecided = "outcome IS NULL"
        if several:
            # Payments to one invoice go one way: all set-based, or all through Python.
            undecided += f" OR kid IN (SELECT kid FROM {STAGE} WHERE outcome IS NULL)"
        left = {int(r[0]) for r in sql.all(f"SELECT id FROM {STAGE} WHERE {undecided}", ())}
        if left:
            sql.run(f"DELETE FROM {STAGE} WHERE {undecided}")
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
        per_invoice = STAGE
        if self.several:
            per_invoice = (
                "(SELECT invoice_id, max(kind) AS kind, max(old_status) AS old_status,"
                " max(invoice_currency) AS invoice_currency, max(due) AS due,"
                " max(total) AS total, max(settled) AS settled, sum(alloc) AS alloc,"
                f" sum(written_off) AS written_off FROM {STAGE} GROUP BY invoice_id)"
            )
        settled = "invoice.settled_ore + s.alloc + s.written_off"
        paid = "invoice.paid_ore + s.alloc"
        sql.run(
            f"UPDATE invoice SET settled_ore = {settled}, paid_ore = {paid},"
            f" status = {status_sql('invoice.total_ore', 'invoice.credited_ore', settled, paid)}"
            f" FROM {per_invoice} s WHERE invoice.id = s.invoice_id AND {moved}",
        )
        self._figures(per_invoice, moved)
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
            f" {self.created_at} FROM {STAGE} ORDER BY id",
        )
        outcomes = [
            (str(o), int(n), int(a))
            for o, n, a in sql.all(
                f"SELECT outcome, count(*), sum(amount_ore) FROM {STAGE} GROUP BY outcome", ()
            )
        ]
        touched: list[tuple[Any, ...]] = []
        if touched_room > 0:
            touched = sql.all(
                "SELECT s.id, s.number, s.alloc, s.outcome,"
                f" s.open_before - s.alloc - s.written_off FROM {STAGE} s WHERE {moved}"
                f" ORDER BY s.id LIMIT {int(touched_room)}",
                (),
            )
        sql.empty(STAGE)
        return outcomes, touched

    def _figures(self, per_invoice: str, moved: str) -> None:
        """One upsert: each figure the batch's invoices left (their amounts and status as
        staged) and entered (as they are now)."""
        sql = self.sql
        no_due = sql.day(NO_DUE)
        no_due_sql = f"'{no_due}'" if sql.sqlite else f"DATE '{no_due}'"
        sql.run(
            "INSERT INTO invoice_figure (company_id, kind, status, currency, due_date, count,"
            " total_ore, open_ore)"
            f" SELECT {int(self.company_id)}, kind, status, currency, due_date, sum(n), sum(t),"
            " sum(o) FROM ("
            "SELECT s.kind AS kind, s.old_status AS status,"
            " coalesce(s.invoice_currency, 'NOK') AS currency,"
            f" coalesce(s.due, {no_due_sql}) AS due_date, -1 AS n, -s.total AS t,"
            f" s.settled - s.total AS o FROM {per_invoice} s WHERE {moved}"
            " UNION ALL SELECT s.kind, i.status, coalesce(s.invoice_currency, 'NOK'),"
            f" coalesce(s.due, {no_due_sql}), 1, s.total, i.total_ore - i.settled_ore"
            f" FROM {per_invoice} s JOIN invoice i ON i.id = s.invoice_id WHERE {moved}"
            ") d GROUP BY kind, status, currency, due_date"
            " HAVING sum(n) <> 0 OR sum(t) <> 0 OR sum(o) <> 0"
            " ORDER BY kind, status, currency, due_date"
            " ON CONFLICT (company_id, kind, status, currency, due_date) DO UPDATE SET"
            " count = invoice_figure.count + excluded.count,"
            " total_ore = invoice_figure.total_ore + excluded.total_ore,"
            " open_ore = invoice_figure.open_ore + excluded.open_ore",
        )


__all__ = ["STAGE", "StagedBatch", "status_sql"]
