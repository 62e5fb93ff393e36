"""Bulk and recurring invoicing on SQLite.

- ``bulk``: one bulk run of N invoices (issue + delivery queued in the run, then each
  invoice's PDF rendered, a process per CPU), invoices per second; target at least
  200/s.
- ``recurring_idle``: ``recurring run`` over M agreements of which none is due;
  target at most 1 s.
- ``recurring_due``: ``recurring run`` with N of the M agreements due, invoices per
  second.

``RESKONTRO_BENCH_INVOICING_N`` sets N (default 10 000), ``RESKONTRO_BENCH_INVOICING_M``
sets M (default 100 000).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from reskontro.clock import FixedClock
from reskontro.domain.invoice import LineDraft
from reskontro.domain.recurring import AgreementState, Interval, Timing
from reskontro.domain.vat import VatCode
from reskontro.services.invoicing.books import Books
from reskontro.services.invoicing.bulk import Bulk, Selection
from reskontro.services.invoicing.pdfs import invoice_pdfs
from reskontro.services.invoicing.recurring import Recurring
from reskontro.storage import migrate
from reskontro.storage.db import make_engine, session_factory
from reskontro.storage.models import Customer
from reskontro.storage.models_invoicing import RecurringAgreement, RecurringLine

BULK_TARGET_PER_SECOND = 200.0
IDLE_TARGET_SECONDS = 1.0
NOW = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
LINES = [
    LineDraft("Kontingent 2027", 1000, 60000, VatCode.EXEMPT),
    LineDraft("Treningsavgift", 1000, 40000, VatCode.EXEMPT),
]


def _setup(directory: Path, customers: int) -> tuple[Books, int]:
    engine = make_engine(f"sqlite:///{directory / 'bench.sqlite'}")
    migrate.upgrade(engine)
    books = Books(session_factory(engine), FixedClock(NOW))
    company = books.create_company(
        name="Idrettslaget", org_number="123456785", account="12345678903", actor="bench"
    )
    company_id = int(company.id)
    with books.sessions.begin() as session:
        session.execute(
            insert(Customer),
            [
                {"company_id": company_id, "number": 10000 + i, "name": f"Medlem {i}",
                 "email": f"m{i}@example.no", "language": "nb", "is_placeholder": False,
                 "kind": "person", "delivery_method": "email", "created_at": NOW}
                for i in range(customers)
            ],
        )  # fmt: skip
    return books, company_id


def _pdfs(books: Books, company_id: int, ids: tuple[int, ...]) -> int:
    """Every invoice's PDF, rendered by a process per CPU (``services/invoicing/pdfs``)."""
    return sum(1 for _ in invoice_pdfs(books.sessions, company_id, ids))


def bulk(n: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        books, company_id = _setup(Path(tmp), n)
        started = time.perf_counter()
        runs = Bulk(books)
        key = runs.start(company_id, Selection(all=True), LINES, actor="bench")
        result = runs.run(company_id, key)
        issued_at = time.perf_counter()
        pdfs = _pdfs(books, company_id, result.invoices)
        seconds = time.perf_counter() - started
        per_second = result.issued / seconds if seconds else 0.0
        return {
            "invoices": result.issued, "pdfs": pdfs, "seconds": round(seconds, 3),
            "issue_seconds": round(issued_at - started, 3),
            "invoices_per_second": round(per_second, 1),
            "target_per_second": BULK_TARGET_PER_SECOND,
            "ok": per_second >= BULK_TARGET_PER_SECOND,
        }  # fmt: skip


def _agreements(books: Books, company_id: int, m: int, due: int) -> None:
    """M monthly agreements spread over the customers; the first ``due`` start today."""
    with books.sessions.begin() as session:
        ids = list(session.scalars(select(Customer.id).order_by(Customer.number)))
        rows = []
        for i in range(m):
            start = dt.date(2026, 12, 1) if i < due else dt.date(2027, 1, 1)
            rows.append({
                "company_id": company_id, "customer_id": ids[i % len(ids)],
                "interval": Interval.MONTH.value,
                "timing": Timing.ADVANCE.value, "start_date": start, "send": True,
                "efaktura_if_possible": True, "state": AgreementState.ACTIVE.value,
                "next_invoice_date": start, "created_at": NOW,
            })  # fmt: skip
        session.execute(insert(RecurringAgreement), rows)
        agreement_ids = session.scalars(select(RecurringAgreement.id)).all()
        session.execute(
            insert(RecurringLine),
            [
                {"agreement_id": a, "position": 1, "description": "Leie", "quantity_milli": 1000,
                 "unit_price_ore": 500000, "vat_code": "exempt"}
                for a in agreement_ids
            ],
        )  # fmt: skip


def recurring(n: int, m: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        books, company_id = _setup(Path(tmp), max(n, 1))
        _agreements(books, company_id, m, n)
        runs = Recurring(books)
        started = time.perf_counter()
        idle = runs.run(company_id, today=dt.date(2026, 11, 30), actor="bench")
        idle_seconds = time.perf_counter() - started
        started = time.perf_counter()
        due = runs.run(company_id, today=dt.date(2026, 12, 1), actor="bench")
        due_seconds = time.perf_counter() - started
        return {
            "agreements": m, "idle_created": idle.created, "idle_seconds": round(idle_seconds, 3),
            "idle_target_seconds": IDLE_TARGET_SECONDS, "due_created": due.created,
            "due_seconds": round(due_seconds, 3),
            "due_invoices_per_second": round(due.created / due_seconds, 1) if due_seconds else 0.0,
            "ok": idle.created == 0 and idle_seconds <= IDLE_TARGET_SECONDS,
        }  # fmt: skip


def run() -> dict[str, Any]:
    n = int(os.environ.get("RESKONTRO_BENCH_INVOICING_N", "10000"))
    m = int(os.environ.get("RESKONTRO_BENCH_INVOICING_M", "100000"))
    bulk_result = bulk(n)
    recurring_result = recurring(n, m)
    return {
        "name": "invoicing", "bulk": bulk_result, "recurring": recurring_result,
        "ok": bool(bulk_result["ok"] and recurring_result["ok"]),
    }  # fmt: skip
