"""Import 1 000 000 payments against 1 000 000 open invoices, end to end.

Seeds a database with N issued invoices (bulk SQL: seeding is not what is measured),
writes an OCR Giro file of N payments to them (90 % in full, 5 % part, 5 % over),
then runs ``PaymentImporter.import_path`` in a fresh process and measures its wall
time and peak memory (``VmHWM``, see :func:`peak_rss_mb`): parse, dedupe, match and
book, one transaction.
Targets (issue 11): ≤ 10 s on SQLite at 1 000 000, PostgreSQL ≤ 1.5× SQLite at the
same N in the same run (``pg_over_sqlite``), peak ≤ 400 MB. Beside each engine's
import, in the same run, ``floor`` (:mod:`bench.payments_floor`): the set-based floor
on the same schema, with the same rows and only the necessary statements (staging
insert, payment insert, figures upsert, invoice update), and ``import_over_floor``.

``RESKONTRO_BENCH_N`` sets N (default 1 000 000); ``RESKONTRO_BENCH_PG=0`` skips
PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.payments_floor import pg_floor, sqlite_floor
from reskontro.clock import FixedClock
from reskontro.domain.kid import KidTemplate
from reskontro.services.invoicing.books import Books
from reskontro.storage import migrate
from reskontro.storage.db import make_engine, session_factory
from reskontro.testing.ocr import write_large_ocr

TEMPLATE = "{CustomerNo:6}{InvoiceNo:8}"
CUSTOMERS = 1000
NOW = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC)
TARGET_SECONDS = 10.0
TARGET_MB = 400.0
#: PostgreSQL at most this many times the SQLite figure, at the same N in the same run.
TARGET_PG_RATIO = 1.5


def seed(url: str, n: int) -> list[tuple[int, str]]:
    """Company, customers and n issued invoices; return (total_ore, kid) per invoice."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    books = Books(session_factory(engine), FixedClock(NOW))
    company = books.create_company(
        name="Bench AS", org_number="123456785", account="12345678903", vat_registered=True,
        kid_template=TEMPLATE, actor="bench",
    )  # fmt: skip
    cid = company.id
    template = KidTemplate.parse(TEMPLATE)
    customers = list(range(100000, 100000 + CUSTOMERS))
    rows = []
    out = []
    day = dt.date(2026, 10, 1)
    due = dt.date(2026, 10, 15)
    for i in range(1, n + 1):
        cust_index = i % CUSTOMERS
        net = 10000 + (i * 7919) % 900000
        vat = net // 4
        kid = template.make(customers[cust_index], i)
        out.append((net + vat, kid))
        rows.append(
            (cid, cust_index + 1, "invoice", "open", i, kid, TEMPLATE, 10, day, due, net, vat,
             net + vat, 0, 0, 0, NOW, NOW)
        )  # fmt: skip
    columns = (
        "company_id, customer_id, kind, status, number, kid, kid_template, kid_modulus,"
        " invoice_date, due_date, net_ore, vat_ore, total_ore, settled_ore, paid_ore,"
        " credited_ore, created_at, issued_at"
    )
    with engine.begin() as conn:
        customer_rows = [(cid, number, f"Kunde {number}", "nb", False, NOW) for number in customers]
        if engine.dialect.name == "sqlite":
            raw = conn.connection.driver_connection
            raw.executemany(  # type: ignore[union-attr]
                "INSERT INTO customer (company_id, number, name, language, is_placeholder,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                customer_rows,
            )
            raw.executemany(  # type: ignore[union-attr]
                f"INSERT INTO invoice ({columns}) VALUES ({', '.join('?' * 18)})", rows
            )
        else:
            raw = conn.connection.driver_connection
            with raw.cursor() as cur:  # type: ignore[union-attr]
                with cur.copy(
                    "COPY customer (company_id, number, name, language, is_placeholder,"
                    " created_at) FROM STDIN"
                ) as copy:
                    for r in customer_rows:
                        copy.write_row(r)
                with cur.copy(f"COPY invoice ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        conn.exec_driver_sql(
            f"UPDATE number_series SET next_value = {n + 1} WHERE kind = 'invoice'"
        )
    if engine.dialect.name != "sqlite":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        # A database in use has its WAL checkpointed as it goes; after one huge seeding
        # transaction, fold it into the file so the import starts from that state.
        raw = engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
        finally:
            raw.close()
    engine.dispose()
    return out


def payments_for(invoices: list[tuple[int, str]]) -> list[tuple[int, str | None]]:
    payments: list[tuple[int, str | None]] = []
    for i, (total, kid) in enumerate(invoices):
        if i % 20 == 0:
            payments.append((total // 2, kid))  # part
        elif i % 20 == 1:
            payments.append((total + 1000, kid))  # over
        else:
            payments.append((total, kid))
    return payments


def peak_rss_mb() -> float:
    """This process's own peak resident memory.

    ``VmHWM`` belongs to the process's address space since its ``exec``; Linux's
    ``ru_maxrss`` also carries the high-water mark of the forked copy of the parent
    from before the ``exec`` (here the seeding process, with a million invoices in
    memory), which overstated the import's peak by about 190 MB.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:  # noqa: PTH123
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(url: str, path: str) -> None:
    """Run in a fresh process: import the file, print time and peak memory as JSON."""
    from reskontro.services.payments import PaymentImporter
    from reskontro.storage.filestore import FileStore

    engine = make_engine(url)
    importer = PaymentImporter(
        session_factory(engine), FixedClock(NOW), FileStore(Path(path).parent / "store")
    )
    started = time.perf_counter()
    summary = importer.import_path(1, Path(path), actor="bench")
    seconds = time.perf_counter() - started
    peak_mb = peak_rss_mb()
    print(json.dumps({
        "seconds": round(seconds, 2), "peak_mb": round(peak_mb, 1), "status": summary.status,
        "payments": summary.payments, "matched": summary.matched, "partial": summary.partial,
        "overpaid": summary.overpaid, "unmatched": summary.unmatched,
    }))  # fmt: skip


def measure(url: str, n: int, workdir: Path, floor_url: str | None = None) -> dict[str, Any]:
    """Seed, import in a fresh process, then the floor (:mod:`bench.payments_floor`) on a
    copy of the seeded database (``floor_url``, PostgreSQL; a file copy on SQLite)."""
    t0 = time.perf_counter()
    invoices = seed(url, n)
    path = workdir / "ocr.txt"
    write_large_ocr(str(path), payments_for(invoices))
    del invoices
    sqlite_file = Path(url.split(":///", 1)[1]) if url.startswith("sqlite") else None
    seeded = workdir / "seeded-copy.sqlite"
    if sqlite_file is not None:
        shutil.copyfile(sqlite_file, seeded)
    elif floor_url is not None:
        _copy_database(url, floor_url)
    setup = time.perf_counter() - t0
    proc = subprocess.run(
        [sys.executable, "-m", "bench.payments_import", "--child", url, str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        return {"error": proc.stderr[-2000:], "setup_seconds": round(setup, 1)}
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["setup_seconds"] = round(setup, 1)
    result["file_mb"] = round(path.stat().st_size / 1e6, 1)
    if sqlite_file is not None:
        result["floor"] = sqlite_floor(str(seeded), str(sqlite_file))
    elif floor_url is not None:
        result["floor"] = pg_floor(_libpq(floor_url), _libpq(url))
    if result.get("floor", {}).get("seconds"):
        result["import_over_floor"] = round(result["seconds"] / result["floor"]["seconds"], 2)
    return result


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _copy_database(url: str, copy_url: str) -> None:
    """PostgreSQL: ``copy_url``'s database made from ``url``'s as a template."""
    import psycopg

    source, copy = (u.split("@/", 1)[1].split("?", 1)[0] for u in (url, copy_url))
    with psycopg.connect(_libpq(url).replace(f"@/{source}?", "@/postgres?"), autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{source}"')


def run() -> dict[str, Any]:
    n = int(os.environ.get("RESKONTRO_BENCH_N", "1000000"))
    out: dict[str, Any] = {
        "name": "payments_import", "payments": n, "invoices": n,
        "target_seconds_sqlite": TARGET_SECONDS, "target_peak_mb": TARGET_MB,
        "target_pg_over_sqlite": TARGET_PG_RATIO,
    }  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="reskontro-bench-") as tmp:
        work = Path(tmp)
        out["sqlite"] = measure(f"sqlite:///{work / 'bench.sqlite'}", n, work)
    if os.environ.get("RESKONTRO_BENCH_PG", "1") != "0":
        from reskontro.testing.pg import throwaway_cluster

        with throwaway_cluster() as cluster, tempfile.TemporaryDirectory() as tmp:
            if cluster is None:
                out["postgresql"] = {"skipped": "PostgreSQL binaries not installed"}
            else:
                import psycopg

                with psycopg.connect(cluster.psql_url(), autocommit=True) as c:
                    c.execute("CREATE DATABASE bench")
                out["postgresql"] = measure(
                    cluster.url("bench"), n, Path(tmp), cluster.url("bench_floor")
                )
    sqlite, pg = out["sqlite"], out.get("postgresql", {})
    if sqlite.get("seconds") and pg.get("seconds"):
        out["pg_over_sqlite"] = round(pg["seconds"] / sqlite["seconds"], 2)
    scale = n / 1_000_000
    out["ok"] = (
        sqlite.get("status") == "imported"
        and sqlite["payments"] == n
        and sqlite["seconds"] <= TARGET_SECONDS * scale
        and sqlite["peak_mb"] <= TARGET_MB
        and ("pg_over_sqlite" not in out or out["pg_over_sqlite"] <= TARGET_PG_RATIO)
        and (not pg.get("peak_mb") or pg["peak_mb"] <= TARGET_MB)
    )
    return out


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    else:
        print(json.dumps(run(), indent=2))
