"""The set-based floor of a payment import on its own schema (issue 11).

From a copy of the seeded database, it does only the statements a set-based import
must do, with the very rows the import wrote (read untimed, in batches of 5 000, from
the imported database): put the batch's payment rows into a staging table
(``executemany`` on SQLite, COPY on PostgreSQL), insert them into ``payment`` with one
``INSERT … SELECT``, stage the invoices' new amounts and status, move the kept figures
with one upsert and the invoices with one ``UPDATE … FROM`` — the import's connection
settings, one transaction, no parsing, no matching, no Python between the statements.
What is left is what the schema's constraints and indexes cost; the import's figure
over this one is what all the rest costs.
"""

from __future__ import annotations

import time
from typing import Any

from reskontro.storage.figures import NO_DUE

BATCH = 5000
_FIGURES = (
    "INSERT INTO invoice_figure (company_id, kind, status, currency, due_date, count,"
    " total_ore, open_ore)"
    " SELECT company_id, kind, status, currency, due_date, sum(n), sum(t), sum(o) FROM ("
    "SELECT i.company_id AS company_id, i.kind AS kind, i.status AS status,"
    " coalesce(i.currency, 'NOK') AS currency, coalesce(i.due_date, {no_due}) AS due_date,"
    " -1 AS n, -i.total_ore AS t, i.settled_ore - i.total_ore AS o"
    " FROM floor_invoice s JOIN invoice i ON i.id = s.id"
    " UNION ALL SELECT i.company_id, i.kind, s.status, coalesce(i.currency, 'NOK'),"
    " coalesce(i.due_date, {no_due}), 1, i.total_ore, i.total_ore - s.settled_ore"
    " FROM floor_invoice s JOIN invoice i ON i.id = s.id"
    ") d GROUP BY company_id, kind, status, currency, due_date"
    " HAVING sum(n) <> 0 OR sum(t) <> 0 OR sum(o) <> 0"
    " ORDER BY company_id, kind, status, currency, due_date"
    " ON CONFLICT (company_id, kind, status, currency, due_date) DO UPDATE SET"
    " count = invoice_figure.count + excluded.count,"
    " total_ore = invoice_figure.total_ore + excluded.total_ore,"
    " open_ore = invoice_figure.open_ore + excluded.open_ore"
)
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
    figures = _FIGURES.format(no_due=f"'{NO_DUE.isoformat()}'")
    times = dict.fromkeys(("stage", "payment", "figures", "invoice", "commit"), 0.0)
    target.execute("BEGIN IMMEDIATE")
    for batch, after in _batches(source, "?", columns, source.cursor()):
        t0 = time.perf_counter()
        target.executemany(insert, batch)
        target.executemany("INSERT INTO floor_invoice VALUES (?, ?, ?, ?)", after)
        t1 = time.perf_counter()
        target.execute("INSERT INTO payment SELECT * FROM floor_payment ORDER BY id")
        t2 = time.perf_counter()
        target.execute(figures)
        t3 = time.perf_counter()
        target.execute(_UPDATE)
        target.execute("DELETE FROM floor_payment")
        target.execute("DELETE FROM floor_invoice")
        t4 = time.perf_counter()
        for name, a, b in (("stage", t0, t1), ("payment", t1, t2), ("figures", t2, t3),
                           ("invoice", t3, t4)):  # fmt: skip
            times[name] += b - a
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
    figures = _FIGURES.format(no_due=f"DATE '{NO_DUE.isoformat()}'")
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
            t.execute(figures)
            t3 = time.perf_counter()
            t.execute(_UPDATE)
            t.execute("TRUNCATE floor_payment, floor_invoice")
            t4 = time.perf_counter()
            for name, a, b in (("stage", t0, t1), ("payment", t1, t2), ("figures", t2, t3),
                               ("invoice", t3, t4)):  # fmt: skip
                times[name] += b - a
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
