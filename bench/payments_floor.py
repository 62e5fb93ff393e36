"""The set-based floor of a payment import on its own schema (issue 11).

From a copy of the seeded database, it does only the statements a set-based import
must do, with the very rows the import wrote (read untimed, in batches of 5 000, from
the imported database): put the batch's payment rows into a staging table
(``executemany`` on SQLite, COPY on PostgreSQL), insert them into ``payment`` with one
``INSERT … SELECT``, stage the invoices' new amounts and status, read grouped what they
move of the kept figures (upserted once, after the last batch) and move the invoices
with one ``UPDATE … FROM`` — the import's connection
settings, one transaction, no parsing, no matching, no Python between the statements.
What is left is what the schema's constraints and indexes cost; the import's figure
over this one is what all the rest costs.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from reskontro.storage import figures

BATCH = 5000
#: What a batch moves of the kept figures, read grouped (before the invoice update,
#: so ``i`` is each invoice as it was and ``s`` as it will be); summed over the batches
#: and upserted once at the end, as the import does.
_FIGURES = (
    "SELECT i.kind, i.status, s.status, coalesce(i.currency, 'NOK'), i.due_date, count(*),"
    " sum(i.total_ore), sum(i.settled_ore), sum(s.settled_ore)"
    " FROM floor_invoice s JOIN invoice i ON i.id = s.id GROUP BY 1, 2, 3, 4, 5"
)
_UPSERT = (
    "INSERT INTO invoice_figure (company_id, kind, status, currency, due_date, count,"
    " total_ore, open_ore) VALUES ({marks})"
    " ON CONFLICT (company_id, kind, status, currency, due_date) DO UPDATE SET"
    " count = invoice_figure.count + excluded.count,"
    " total_ore = invoice_figure.total_ore + excluded.total_ore,"
    " open_ore = invoice_figure.open_ore + excluded.open_ore"
)


def _move(deltas: figures.Deltas, rows: list[Any]) -> None:
    for kind, was, now, currency, due, n, total, before, after in rows:
        day = dt.date.fromisoformat(due) if isinstance(due, str) else due  # SQLite: text
        key = figures.key_of(1, kind, was, currency, day)
        deltas.add(key, total, before, -1, invoices=n)
        deltas.add(key._replace(status=now), total, after, invoices=n)


def _upserts(deltas: figures.Deltas, sqlite: bool) -> list[Any]:
    """The rows to upsert, the due date as the driver takes it (text on SQLite)."""
    return [
        (*key[:4], key.due_date.isoformat() if sqlite else key.due_date, *amounts)
        for key, amounts in sorted(deltas.nonzero())
    ]


_UPDATE = (
    "UPDATE invoice SET settled_ore = s.settled_ore, paid_ore = s.paid_ore, status = s.status"
    " FROM floor_invoice s WHERE invoice.id = s.id"
)


def _batches(source: Any, ph: str, columns: list[str], cur: Any) -> Any:
    """The import's payment rows in batches (read with ``cur``), each with its invoices'
    amounts after it."""
    invoice_at = columns.index("invoice_id")
    cur.execute(f"SELECT {', '.join(columns)} FROM payment ORDER BY id")
    while batch := cur.fetchmany(BATCH):
        ids = sorted({r[invoice_at] for r in batch} - {None})
        after: list[Any] = []
        if ids:
            c = source.cursor()
            c.execute(
                "SELECT id, settled_ore, paid_ore, status FROM invoice"
                f" WHERE id IN ({', '.join([ph] * len(ids))})",
                ids,
            )
            after = c.fetchall()
        yield batch, after


def sqlite_floor(seeded: str, imported: str) -> dict[str, Any]:
    import sqlite3

    source = sqlite3.connect(imported)
    target = sqlite3.connect(seeded, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = OFF",
                   "cache_size = -65536"):  # fmt: skip
        target.execute(f"PRAGMA {pragma}")
    columns = [r[1] for r in source.execute("PRAGMA table_info(payment)")]
    target.execute("CREATE TEMP TABLE floor_payment AS SELECT * FROM payment WHERE 0")
    target.execute("CREATE TEMP TABLE floor_invoice (id, settled_ore, paid_ore, status)")
    insert = f"INSERT INTO floor_payment VALUES ({', '.join('?' * len(columns))})"
    deltas = figures.Deltas()
    times = dict.fromkeys(("stage", "payment", "figures", "invoice", "commit"), 0.0)
    target.execute("BEGIN IMMEDIATE")
    for batch, after in _batches(source, "?", columns, source.cursor()):
        t0 = time.perf_counter()
        target.executemany(insert, batch)
        target.executemany("INSERT INTO floor_invoice VALUES (?, ?, ?, ?)", after)
        t1 = time.perf_counter()
        target.execute("INSERT INTO payment SELECT * FROM floor_payment ORDER BY id")
        t2 = time.perf_counter()
        _move(deltas, target.execute(_FIGURES).fetchall())
        t3 = time.perf_counter()
        target.execute(_UPDATE)
        target.execute("DELETE FROM floor_payment")
        target.execute("DELETE FROM floor_invoice")
        t4 = time.perf_counter()
        for name, a, b in (("stage", t0, t1), ("payment", t1, t2), ("figures", t2, t3),
                           ("invoice", t3, t4)):  # fmt: skip
            times[name] += b - a
    t = time.perf_counter()
    target.executemany(_UPSERT.format(marks=", ".join("?" * 8)), _upserts(deltas, sqlite=True))
    times["figures"] += time.perf_counter() - t
    t = time.perf_counter()
    target.execute("COMMIT")
    times["commit"] = time.perf_counter() - t
    source.close()
    target.close()
    return _result(times)


def pg_floor(seeded: str, imported: str) -> dict[str, Any]:
    """``seeded`` and ``imported``: libpq URLs of the two databases."""
    import psycopg

    source = psycopg.connect(imported)
    target = psycopg.connect(seeded)
    cur = source.cursor()
    cur.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'payment'"
        " ORDER BY ordinal_position"
    )
    columns = [r[0] for r in cur.fetchall()]
    times = dict.fromkeys(("stage", "payment", "figures", "invoice", "commit"), 0.0)
    deltas = figures.Deltas()
    with target.cursor() as t:
        # The file row the payments refer to (untimed: not the import's bulk work).
        cur.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'bank_file'"
            " ORDER BY ordinal_position"
        )
        names = ", ".join(r[0] for r in cur.fetchall())
        cur.execute(f"SELECT {names} FROM bank_file")
        with t.copy(f"COPY bank_file ({names}) FROM STDIN") as copy:
            for row in cur.fetchall():
                copy.write_row(row)
        # The import's planning of its look-ups (:meth:`BulkSql.looked_up`): a batch's
        # rows outside, an index seek into the big table for each.
        for name in ("enable_hashjoin", "enable_mergejoin", "jit"):
            t.execute(f"SET LOCAL {name} = off")
        t.execute("CREATE TEMP TABLE floor_payment (LIKE payment) ON COMMIT DROP")
        t.execute(
            "CREATE TEMP TABLE floor_invoice (id integer, settled_ore bigint, paid_ore bigint,"
            " status varchar(16)) ON COMMIT DROP"
        )
        for batch, after in _batches(source, "%s", columns, source.cursor(name="floor")):
            t0 = time.perf_counter()
            with t.copy("COPY floor_payment FROM STDIN") as copy:
                for row in batch:
                    copy.write_row(row)
            with t.copy("COPY floor_invoice FROM STDIN") as copy:
                for row in after:
                    copy.write_row(row)
            t1 = time.perf_counter()
            t.execute("INSERT INTO payment SELECT * FROM floor_payment ORDER BY id")
            t2 = time.perf_counter()
            t.execute(_FIGURES)
            _move(deltas, t.fetchall())
            t3 = time.perf_counter()
            t.execute(_UPDATE)
            t.execute("TRUNCATE floor_payment, floor_invoice")
            t4 = time.perf_counter()
            for name, a, b in (("stage", t0, t1), ("payment", t1, t2), ("figures", t2, t3),
                               ("invoice", t3, t4)):  # fmt: skip
                times[name] += b - a
        started = time.perf_counter()
        t.executemany(_UPSERT.format(marks=", ".join(["%s"] * 8)), _upserts(deltas, sqlite=False))
        times["figures"] += time.perf_counter() - started
    started = time.perf_counter()
    target.commit()
    times["commit"] = time.perf_counter() - started
    source.close()
    target.close()
    return _result(times)


def _result(times: dict[str, float]) -> dict[str, Any]:
    result: dict[str, Any] = {k: round(v, 2) for k, v in times.items()}
    result["seconds"] = round(sum(times.values()), 2)
    return result


__all__ = ["pg_floor", "sqlite_floor"]
