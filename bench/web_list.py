"""The invoice list page at 1 000 000 invoices in SQLite: first page, filtered, by KID.

Seeds N issued invoices with bulk SQL (seeding is not what is measured; see
``bench/payments_import.py``), logs in, and times the whole page (routing, session
check, query, template) through the ASGI app in-process, ``REPEAT`` requests per case.
Target: p95 ≤ 100 ms for each case.

``RESKONTRO_BENCH_WEB_N`` sets N (default 1 000 000).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from reskontro.clock import FixedClock
from reskontro.domain.kid import KidTemplate
from reskontro.services.invoicing.books import Books
from reskontro.storage import migrate
from reskontro.storage.db import make_engine, session_factory
from reskontro.storage.filestore import FileStore

TEMPLATE = "{CustomerNo:6}{InvoiceNo:8}"
CUSTOMERS = 1000
NOW = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC)
TARGET_MS = 100.0
REPEAT = 50
PASSWORD = "bench-passord"  # noqa: S105 - a throwaway user in a temp database


def seed(url: str, n: int) -> list[str]:
    """Company, customers, n issued invoices in mixed states; return some KIDs."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    books = Books(session_factory(engine), FixedClock(NOW))
    cid = books.create_company(
        name="Bench AS", org_number="123456785", account="12345678903", vat_registered=True,
        kid_template=TEMPLATE, actor="bench",
    ).id  # fmt: skip
    template = KidTemplate.parse(TEMPLATE)
    customers = list(range(100000, 100000 + CUSTOMERS))
    start = dt.date(2024, 1, 1)
    rows = []
    kids = []
    for i in range(1, n + 1):
        cust_index = i % CUSTOMERS
        net = 10000 + (i * 7919) % 900000
        vat = net // 4
        total = net + vat
        kid = template.make(customers[cust_index], i)
        if i % 997 == 0:
            kids.append(kid)
        day = start + dt.timedelta(days=(i * 1000) // n)
        kind = i % 20
        if kind < 14:
            status, settled = "paid", total
        elif kind < 19:
            status, settled = "open", 0
        else:
            status, settled = "partially_paid", total // 2
        rows.append(
            (cid, cust_index + 1, "invoice", status, i, kid, TEMPLATE, 10, day,
             day + dt.timedelta(days=14), net, vat, total, settled, settled, 0, NOW, NOW)
        )  # fmt: skip
    columns = (
        "company_id, customer_id, kind, status, number, kid, kid_template, kid_modulus,"
        " invoice_date, due_date, net_ore, vat_ore, total_ore, settled_ore, paid_ore,"
        " credited_ore, created_at, issued_at"
    )
    with engine.begin() as conn:
        raw = conn.connection.driver_connection
        raw.executemany(  # type: ignore[union-attr]
            "INSERT INTO customer (company_id, number, name, language, is_placeholder,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [(cid, number, f"Kunde {number}", "nb", False, NOW) for number in customers],
        )
        raw.executemany(  # type: ignore[union-attr]
            f"INSERT INTO invoice ({columns}) VALUES ({', '.join('?' * 18)})", rows
        )
        conn.exec_driver_sql(
            f"UPDATE number_series SET next_value = {n + 1} WHERE kind = 'invoice'"
        )
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    return kids


def _time(client: Any, urls: list[str]) -> dict[str, float]:
    times = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: {response.status_code} {response.text[:200]}")
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "max_ms": round(times[-1], 1),
    }


def measure(url: str, n: int, work: Path) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from reskontro.services.users import Users
    from reskontro.web.app import create_app

    started = time.perf_counter()
    kids = seed(url, n)
    setup = time.perf_counter() - started
    engine = make_engine(url)
    sessions = session_factory(engine)
    clock = FixedClock(NOW)
    users = Users(sessions, clock)
    users.create_user("bench", PASSWORD, actor="bench")
    users.grant("bench", 1, "read_only", actor="bench")
    app = create_app(sessions, clock, store=FileStore(work / "files"))
    with TestClient(app) as client:
        page = client.get("/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        if csrf is None:
            raise RuntimeError("no CSRF token on the login page")
        client.post("/login", data={"username": "bench", "password": PASSWORD,
                                    "csrf": csrf.group(1)})  # fmt: skip
        first = client.get("/invoices").text
        cursor = re.search(r"before=(\d+)", first)
        cases = {
            "first_page": ["/invoices"] * REPEAT,
            "next_page": [f"/invoices?before={cursor.group(1) if cursor else n}"] * REPEAT,
            "status_open": ["/invoices?status=open"] * REPEAT,
            "overdue": ["/invoices?overdue=true"] * REPEAT,
            "customer": [f"/invoices?customer={100000 + (i * 37) % CUSTOMERS}"
                         for i in range(REPEAT)],
            "date_range": ["/invoices?date_from=01.03.2025&date_to=31.03.2025"] * REPEAT,
            "search_kid": [f"/invoices?q={kids[i % len(kids)]}" for i in range(REPEAT)],
            "search_customer_name": ["/invoices?q=Kunde%20100500"] * REPEAT,
        }  # fmt: skip
        for urls in cases.values():  # warm up once per case
            client.get(urls[0])
        results = {name: _time(client, urls) for name, urls in cases.items()}
    engine.dispose()
    return {"setup_seconds": round(setup, 1), "cases": results}


def run() -> dict[str, Any]:
    n = int(os.environ.get("RESKONTRO_BENCH_WEB_N", "1000000"))
    out: dict[str, Any] = {"name": "web_list", "invoices": n, "target_p95_ms": TARGET_MS}
    with tempfile.TemporaryDirectory(prefix="reskontro-bench-") as tmp:
        work = Path(tmp)
        out["sqlite"] = measure(f"sqlite:///{work / 'bench.sqlite'}", n, work)
    cases = out["sqlite"]["cases"]
    out["worst_p95_ms"] = max(c["p95_ms"] for c in cases.values())
    out["ok"] = out["worst_p95_ms"] <= TARGET_MS
    return out


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
