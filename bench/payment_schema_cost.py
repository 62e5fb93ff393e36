"""What the payment table's constraints and indexes cost a bulk insert, in plain sqlite3.

The 1 000 000-payment import cannot be faster than inserting its rows. This benchmark
inserts ``n`` payment rows shaped like the import's (every NOT NULL column bound, the
KID, the account, the archive reference) into four versions of the ``payment`` table,
each in a fresh database, with the import's connection settings (WAL,
``synchronous = NORMAL``, 64 MB page cache, foreign keys not checked), in batches of
5 000 with ``executemany``, one transaction:

- ``schema``: the table and indexes exactly as the migrations make them;
- ``no_checks``: the same without its CHECK constraints;
- ``no_checks_no_indexes``: without CHECKs and without the secondary indexes (the
  UNIQUE key stays: dedupe needs it);
- ``bare``: a five-column table with the UNIQUE key only.

Rows are built before the clock starts; only the inserts and the commit are timed.

``minimal_model`` is the other end: a five-column invoice table of ``n`` open
invoices and a four-column payment table, booked set-based in plain sqlite3 (the
payments staged in a temporary table, then one ``INSERT ... SELECT`` joining invoices
by KID and one ``UPDATE ... FROM``): the bare work of matching ``n`` payments when the
schema holds nothing else.
``RESKONTRO_BENCH_N`` sets ``n`` (default 1 000 000). Not in the default ``make bench``
set (it says why the import is as fast as it is, not how fast it is); run
``python -m bench payment_schema_cost``.
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from reskontro.storage import migrate
from reskontro.storage.db import make_engine

BATCH = 5000
COLUMNS = (
    "id, key, amount_ore, kid, date, account, line, bank_reference, transaction_type,"
    " outcome, detail, state, customer_id, invoice_id, invoice_amount_ore,"
    " written_off_ore, allocated_ore, company_id, bank_file_id, created_at"
)


def _schema(workdir: Path) -> tuple[str, list[str]]:
    """The payment table's DDL and its index DDL, as the migrations make them."""
    path = workdir / "migrated.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    with sqlite3.connect(path) as conn:
        table = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'payment'").fetchone()[0]
        indexes = [
            r[0]
            for r in conn.execute(
                "SELECT sql FROM sqlite_master WHERE tbl_name = 'payment' AND type = 'index'"
                " AND sql IS NOT NULL"
            )
        ]
    return str(table), [str(i) for i in indexes]


def _without_checks(table: str) -> str:
    # CHECK (...) with up to two levels of nested parentheses, as the migrations write them.
    nested = r"\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)"
    return re.sub(rf",\s*CONSTRAINT \w+ CHECK {nested}", "", table)


def _without_foreign_keys(table: str) -> str:
    action = r"(?: ON (?:DELETE|UPDATE) (?:SET NULL|SET DEFAULT|CASCADE|RESTRICT|NO ACTION))*"
    return re.sub(
        rf",\s*CONSTRAINT \w+ FOREIGN KEY\([^)]*\) REFERENCES \w+ \(\w+\){action}", "", table
    )


def _rows(n: int) -> list[tuple[Any, ...]]:
    return [
        (i, f"ocr:12345678903:2026-11-20:{i:09d}:{i:07d}:11199", 11199, f"1000010{i:08d}",
         "2026-11-20", "12345678903", 3 + 2 * i, f"{i:09d}", "10", "matched", "full",
         "posted", i % 1000 + 1, i, 11199, 0, 11199, 1, 1, "2026-11-25 08:00:00.000000")
        for i in range(1, n + 1)
    ]  # fmt: skip


def _insert(path: Path, ddl: list[str], columns: str, rows: list[tuple[Any, ...]]) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = OFF",
                       "cache_size = -65536"):  # fmt: skip
            conn.execute(f"PRAGMA {pragma}")
        for statement in ddl:
            conn.execute(statement)
        width = len(rows[0]) if rows else 0
        sql = f"INSERT INTO payment ({columns}) VALUES ({', '.join('?' * width)})"
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        for at in range(0, len(rows), BATCH):
            conn.executemany(sql, rows[at : at + BATCH])
        conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()


def _minimal_model(path: Path, n: int) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "cache_size = -65536"):
            conn.execute(f"PRAGMA {pragma}")
        conn.execute(
            "CREATE TABLE invoice (id INTEGER PRIMARY KEY, kid TEXT UNIQUE, total INTEGER,"
            " settled INTEGER, status TEXT)"
        )
        conn.execute(
            "CREATE TABLE payment (id INTEGER PRIMARY KEY, key TEXT UNIQUE,"
            " invoice_id INTEGER, amount INTEGER)"
        )
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO invoice VALUES (?, ?, 1000, 0, 'open')",
            ((i, f"1000010{i:08d}") for i in range(1, n + 1)),
        )
        conn.execute("COMMIT")
        staged = [(f"k{i}", f"1000010{i:08d}", 1000) for i in range(1, n + 1)]
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("CREATE TEMP TABLE incoming (n INTEGER PRIMARY KEY, key TEXT, kid TEXT,"
                     " amount INTEGER)")  # fmt: skip
        for at in range(0, n, BATCH):
            conn.executemany(
                "INSERT INTO incoming (key, kid, amount) VALUES (?, ?, ?)", staged[at : at + BATCH]
            )
        conn.execute(
            "INSERT INTO payment (key, invoice_id, amount) SELECT i.key, v.id, i.amount"
            " FROM incoming i LEFT JOIN invoice v ON v.kid = i.kid ORDER BY i.n"
        )
        conn.execute(
            "UPDATE invoice SET settled = invoice.settled + x.paid, status = 'paid' FROM"
            " (SELECT invoice_id, sum(amount) AS paid FROM payment GROUP BY invoice_id) AS x"
            " WHERE x.invoice_id = invoice.id"
        )
        conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()


def run() -> dict[str, Any]:
    n = int(os.environ.get("RESKONTRO_BENCH_N", "1000000"))
    out: dict[str, Any] = {"name": "payment_schema_cost", "rows": n, "seconds": {}}
    with tempfile.TemporaryDirectory(prefix="reskontro-bench-") as tmp:
        work = Path(tmp)
        table, indexes = _schema(work)
        plain = _without_foreign_keys(_without_checks(table))
        unique = [i for i in indexes if "UNIQUE" in i.upper()]
        rows = _rows(n)
        variants: dict[str, tuple[list[str], str, list[tuple[Any, ...]]]] = {
            "schema": ([table, *indexes], COLUMNS, rows),
            "no_checks": ([plain, *indexes], COLUMNS, rows),
            "no_checks_no_indexes": ([plain, *unique], COLUMNS, rows),
            "bare": (
                [
                    "CREATE TABLE payment (id INTEGER PRIMARY KEY, company_id INTEGER,"
                    " key TEXT, amount_ore INTEGER, invoice_id INTEGER,"
                    " UNIQUE (company_id, key))"
                ],
                "id, company_id, key, amount_ore, invoice_id",
                [(r[0], 1, r[1], r[2], r[13]) for r in rows],
            ),
        }
        # The schema less one secondary index at a time: what each index costs the insert.
        for index in indexes:
            if index in unique:
                continue
            name = index.split()[2]
            others = [i for i in indexes if i != index]
            variants[f"without_{name}"] = ([table, *others], COLUMNS, rows)
        for name, (ddl, columns, data) in variants.items():
            out["seconds"][name] = round(_insert(work / f"{name}.sqlite", ddl, columns, data), 2)
        del rows, variants
        out["minimal_model_seconds"] = round(_minimal_model(work / "minimal.sqlite", n), 2)
    return out


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
