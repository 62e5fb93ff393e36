"""AvtaleGiro at scale: a mandate list of N mandates read and applied, then a claims
file for N invoices written and checked (SQLite).

Seeds a company with N customers and an AvtaleGiro agreement (bulk SQL), then measures

* ``mandates_seconds``: :func:`read_mandates` of a Nets list of N new mandates (parse,
  the customer from each KID, bulk insert of mandates and their history);
* ``claims_seconds``: :func:`write_claims` for N issued invoices of those customers,
  half of them notified by the bank (type 21, a notice from the invoice's lines): the
  selection, the file written, read back and compared, N claim rows stored.

Targets (issue 14): mandates ≤ 10 s, claims ≤ 5 s for N = 100 000.
``RESKONTRO_BENCH_N`` sets N (default 100 000).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from reskontro.clock import FixedClock
from reskontro.domain.kid import KidTemplate
from reskontro.formats import nets
from reskontro.formats.nets import (
    NETS_ID,
    Agreement,
    AgreementAssignment,
    RegistrationType,
    Transmission,
)
from reskontro.services.avtalegiro.agreement import register_agreement
from reskontro.services.avtalegiro.claims import write_claims
from reskontro.services.avtalegiro.mandates import read_mandates
from reskontro.services.invoicing.books import Books
from reskontro.storage import migrate
from reskontro.storage.db import make_engine, session_factory

TEMPLATE = "{CustomerNo:6}{InvoiceNo:8}"
ACCOUNT = "99991042764"
NOW = dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC)
FIRST_CUSTOMER = 100000
TARGET_MANDATES = 10.0
TARGET_CLAIMS = 5.0


def _seed(url: str, n: int) -> tuple[Books, Any, int]:
    engine = make_engine(url)
    migrate.upgrade(engine)
    sessions = session_factory(engine)
    books = Books(sessions, FixedClock(NOW))
    company = books.create_company(
        name="Bench AS", org_number="123456785", account=ACCOUNT, vat_registered=True,
        kid_template=TEMPLATE, actor="bench",
    )  # fmt: skip
    cid = company.id
    template = KidTemplate.parse(TEMPLATE)
    day, due = dt.date(2026, 11, 20), dt.date(2026, 12, 20)
    customers = [
        (cid, FIRST_CUSTOMER + i, f"Kunde {FIRST_CUSTOMER + i}", "nb", False, NOW) for i in range(n)
    ]
    invoices = []
    lines = []
    for i in range(n):
        net = 10000 + (i * 7919) % 900000
        vat = net // 4
        kid = template.make(FIRST_CUSTOMER + i, i + 1)
        invoices.append(
            (cid, i + 1, "invoice", "open", i + 1, kid, TEMPLATE, 10, day, due, net, vat,
             net + vat, 0, 0, 0, NOW, NOW)
        )  # fmt: skip
        lines.append((i + 1, 1, f"Abonnement {i + 1}", 1000, net, "25", net))
    columns = (
        "company_id, customer_id, kind, status, number, kid, kid_template, kid_modulus,"
        " invoice_date, due_date, net_ore, vat_ore, total_ore, settled_ore, paid_ore,"
        " credited_ore, created_at, issued_at"
    )
    with engine.begin() as conn:
        raw: Any = conn.connection.driver_connection
        raw.executemany(
            "INSERT INTO customer (company_id, number, name, language, is_placeholder,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?)",
            customers,
        )
        raw.executemany(f"INSERT INTO invoice ({columns}) VALUES ({', '.join('?' * 18)})", invoices)
        raw.executemany(
            "INSERT INTO invoice_line (invoice_id, position, description, quantity_milli,"
            " unit_price_ore, vat_code, net_ore) VALUES (?, ?, ?, ?, ?, ?, ?)",
            lines,
        )
        conn.exec_driver_sql(
            f"UPDATE number_series SET next_value = {n + 1} WHERE kind = 'invoice'"
        )
    register_agreement(
        sessions, FixedClock(NOW), cid, agreement_id="000012345", data_transmitter="00010200",
        actor="bench",
    )  # fmt: skip
    return books, sessions, cid


def _mandate_list(n: int) -> bytes:
    template = KidTemplate.parse(TEMPLATE)
    agreements = tuple(
        Agreement(
            i + 1, RegistrationType.NEW_OR_CHANGED, template.make(FIRST_CUSTOMER + i, 0), i % 2 == 0
        )
        for i in range(n)
    )
    transmission = Transmission(
        NETS_ID, "1000001", "00010200", None, (AgreementAssignment("0000001", ACCOUNT, agreements),)
    )
    return nets.build(transmission)


def run() -> dict[str, Any]:
    n = int(os.environ.get("RESKONTRO_BENCH_N", "100000"))
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        _books, sessions, cid = _seed(url, n)
        data = _mandate_list(n)
        clock = FixedClock(NOW)
        started = time.perf_counter()
        mandates = read_mandates(sessions, clock, cid, data, filename="fbo.txt", actor="bench")
        mandates_seconds = time.perf_counter() - started
        started = time.perf_counter()
        claims = write_claims(sessions, clock, cid, actor="bench")
        claims_seconds = time.perf_counter() - started
    ok = (
        mandates.new == n
        and claims.claims == n
        and mandates_seconds <= TARGET_MANDATES
        and claims_seconds <= TARGET_CLAIMS
    )
    return {
        "ok": ok,
        "n": n,
        "sqlite": {
            "mandates": {"new": mandates.new, "waiting": mandates.waiting},
            "mandates_seconds": round(mandates_seconds, 3),
            "mandates_target_seconds": TARGET_MANDATES,
            "claims": claims.claims,
            "amount_ore": claims.amount_ore,
            "claims_file_bytes": len(claims.content),
            "claims_seconds": round(claims_seconds, 3),
            "claims_target_seconds": TARGET_CLAIMS,
        },
    }
