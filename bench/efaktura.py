"""eFaktura "Send som eFaktura hvis mulig": a bulk run of N private customers against
the loopback MPS register (SOAP over HTTP on 127.0.0.1, ``reskontro.testing.efaktura``),
end to end through the code a user runs.

Seeds N private customers in SQLite (half with an encrypted national identity number,
half with mobile + e-mail; two in three known to the register; all on paper), then:

- **start** (:meth:`Bulk.start` with ``efaktura_if_possible``): every private customer
  looked up in batches of 500 (one SOAP call each), the cards switched and audited,
  the run planned — look-ups/s;
- **issue** (:meth:`Bulk.run`): the invoices issued, each delivery queued (eFaktura to
  the address for those switched, print for the rest);
- **hand-over** (the worker's eFaktura step): each eFaktura invoice's EHF built with its
  PDF embedded, handed to MPS with ``addInvoices`` in consignments of 500 and polled
  with ``getConsignmentStatus`` until delivered — invoices/s end to end.

``looked_up_twice`` (the register's count of look-ups beyond one per customer, plus
any asked by a second run the same day) must be 0.
``RESKONTRO_BENCH_EFAKTURA_N`` sets N (default 10 000).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from sqlalchemy import select
from stdnum.no import fodselsnummer

from reskontro.channels.efaktura.settings import current_route
from reskontro.clock import FixedClock
from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.services.delivery.efaktura_card import KEY_VARIABLE, encrypt
from reskontro.services.delivery.run import Deliverer
from reskontro.services.invoicing.books import Books
from reskontro.services.invoicing.bulk import Bulk, Selection
from reskontro.storage import migrate
from reskontro.storage.db import make_engine, session_factory
from reskontro.storage.models import Customer
from reskontro.testing.efaktura import LoopbackMps, RunningMps

NOW = dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC)
LINE = LineDraft("Kontingent 2027", 1000, 60000, VatCode.EXEMPT)


def _national_id(i: int) -> str:
    day = dt.date(1950, 1, 1) + dt.timedelta(days=i % 18000)
    for person in range(100 + i % 400, 1000):
        base = f"{day:%d%m%y}{person:03d}"
        first = fodselsnummer.calc_check_digit1(base)
        number = base + first + fodselsnummer.calc_check_digit2(base + first)
        if fodselsnummer.is_valid(number):
            return number
    raise ValueError(i)


def seed(url: str, n: int, state: LoopbackMps) -> tuple[int, list[int]]:
    engine = make_engine(url)
    migrate.upgrade(engine)
    books = Books(session_factory(engine), FixedClock(NOW))
    company = int(
        books.create_company(
            name="Bench AS",
            org_number="123456785",
            account="86011117947",
            vat_registered=True,
            actor="bench",
        ).id
    )
    rows = []
    for i in range(n):
        mobile, email, nid = f"4{i:07d}", f"p{i}@example.no", None
        if i % 2 == 0:
            nid = _national_id(i)
        known = i % 3 != 0
        if known:
            state.add_person(f"EF{i:08d}", national_id=nid, mobile=mobile, email=email)
        rows.append(
            Customer(
                company_id=company, number=10000 + i, name=f"Person {i}", email=email,
                mobile=mobile, national_id_enc=encrypt(nid) if nid else None, kind="person",
                delivery_method="print", street="Gata 1", postcode="0150", city="Oslo",
                language="nb", is_placeholder=False, created_at=NOW,
            )
        )  # fmt: skip
    sessions = session_factory(engine)
    with sessions.begin() as session:
        session.add_all(rows)
    with sessions() as session:
        ids = list(session.scalars(select(Customer.id).where(Customer.company_id == company)))
    return company, ids


def run() -> dict[str, Any]:
    n = int(os.environ.get("RESKONTRO_BENCH_EFAKTURA_N", "10000"))
    os.environ.setdefault(KEY_VARIABLE, Fernet.generate_key().decode())
    state = LoopbackMps()
    with tempfile.TemporaryDirectory() as tmp, RunningMps(state) as mps:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        company, _ids = seed(url, n, state)
        os.environ.update({"RESKONTRO_EFAKTURA": "mps", "RESKONTRO_EFAKTURA_WSDL": mps.wsdl,
                           "RESKONTRO_EFAKTURA_ISSUER": state.issuer})  # fmt: skip
        route = current_route()
        assert route is not None
        route.blocked()  # the WSDL loaded before timing
        clock = FixedClock(NOW)
        sessions = session_factory(make_engine(url))
        bulk = Bulk(Books(sessions, clock))
        started = time.perf_counter()
        key = bulk.start(company, Selection(all=True), [LINE], terms_days=14, actor="bench")
        planned = time.perf_counter()
        result = bulk.run(company, key)
        issued = time.perf_counter()
        deliverer = Deliverer(sessions, clock, efaktura=route)
        handed = delivered = 0
        while True:
            step = deliverer.run_efaktura()
            handed, delivered = handed + step.submitted, delivered + step.delivered
            if not step.submitted:
                break
        done = time.perf_counter()
        asked_first = state.looked_up()
        bulk.start(company, Selection(all=True), [LINE], run_id="again", actor="bench")
        asked_twice = state.looked_up() - asked_first + max(0, asked_first - n)
    total = done - started
    return {
        "customers": n,
        "looked_up": asked_first,
        "looked_up_twice": asked_twice,
        "start_seconds": round(planned - started, 3),
        "look_ups_per_s": round(asked_first / (planned - started), 1),
        "issued": result.issued,
        "issue_seconds": round(issued - planned, 3),
        "efaktura": result.sent.efaktura,
        "print": result.sent.print,
        "handed_over": handed,
        "delivered": delivered,
        "handover_seconds": round(done - issued, 3),
        "efaktura_handed_per_s": round(handed / (done - issued), 1) if handed else None,
        "end_to_end_seconds": round(total, 3),
        "invoices_per_s": round(result.issued / total, 1),
        "ok": asked_twice == 0 and delivered == result.sent.efaktura == handed,
    }
