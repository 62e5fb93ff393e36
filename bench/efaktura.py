"""eFaktura "Send som eFaktura hvis mulig" for a bulk of N private customers against
the loopback MPS register (SOAP over HTTP on 127.0.0.1, ``reskontro.testing.efaktura``).

Seeds N private customers in SQLite (half with an encrypted national identity number,
half with mobile + e-mail; two in three known to the register), then:

- **look-ups**: :func:`efaktura_if_possible_many` in chunks of ``CHUNK`` customers
  (one SOAP call per chunk, the cards switched and audited) — look-ups/s; a second
  pass must ask nobody (the answers are cached for a day);
- **invoices**: the eFaktura invoices of those who can receive, handed to MPS with
  ``addInvoices`` in consignments of ``CHUNK`` (a small stand-in for the EHF file) and
  polled once with ``getConsignmentStatus`` — invoices/s.

Issuing the invoices themselves (bulk invoicing, issue 15) is not timed here.
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

from reskontro.channels.efaktura import Consignment, EfakturaInvoice
from reskontro.channels.efaktura.soap import SoapRoute, SoapSettings
from reskontro.clock import FixedClock
from reskontro.domain.delivery import DeliveryMethod
from reskontro.services.delivery.efaktura import efaktura_if_possible_many
from reskontro.services.delivery.efaktura_card import KEY_VARIABLE, encrypt
from reskontro.services.invoicing.books import Books
from reskontro.storage import migrate
from reskontro.storage.db import make_engine, session_factory
from reskontro.storage.models import Customer
from reskontro.testing.efaktura import LoopbackMps, RunningMps

NOW = dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC)
CHUNK = 500


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
            name="Bench AS", org_number="123456785", account="86011117947", actor="bench"
        )["id"]
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
                company_id=company, number=100000 + i, name=f"Person {i}", email=email,
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
        company, ids = seed(url, n, state)
        sessions = session_factory(make_engine(url))
        route = SoapRoute(SoapSettings(wsdl=mps.wsdl, issuer=state.issuer))
        route.blocked()  # the WSDL loaded before timing
        started = time.perf_counter()
        methods: dict[int, DeliveryMethod] = {}
        for at in range(0, len(ids), CHUNK):
            with sessions.begin() as session:
                methods.update(
                    efaktura_if_possible_many(
                        session, company, ids[at : at + CHUNK], now=NOW, actor="bench",
                        route=route,
                    )
                )  # fmt: skip
        look_up_s = time.perf_counter() - started
        asked_first = state.looked_up()
        with sessions.begin() as session:
            efaktura_if_possible_many(session, company, ids, now=NOW, actor="bench", route=route)
        asked_twice = state.looked_up() - asked_first
        chosen = [cid for cid, m in methods.items() if m is DeliveryMethod.EFAKTURA]
        with sessions() as session:
            found = session.execute(
                select(Customer.id, Customer.efaktura_address).where(Customer.id.in_(chosen))
            ).all()
        addresses = {row[0]: row[1] for row in found}
        invoices = [
            EfakturaInvoice(
                str(i + 1), addresses[cid] or "", 12500, NOW.date(),
                NOW.date() + dt.timedelta(days=14), None, "86011117947", f"Person {i}",
                b"<Invoice/>",
            )
            for i, cid in enumerate(chosen)
        ]  # fmt: skip
        started = time.perf_counter()
        accepted = 0
        for at in range(0, len(invoices), CHUNK):
            cid = f"B{at // CHUNK:06d}"
            route.submit(Consignment(cid, state.issuer, tuple(invoices[at : at + CHUNK])))
            accepted += sum(o.accepted for o in route.status(cid).invoices)
        submit_s = time.perf_counter() - started
    return {
        "customers": n,
        "looked_up": asked_first,
        "looked_up_twice": asked_twice,
        "efaktura": len(chosen),
        "look_up_seconds": round(look_up_s, 3),
        "look_ups_per_s": round(asked_first / look_up_s, 1) if look_up_s else None,
        "invoices_submitted": len(invoices),
        "invoices_accepted": accepted,
        "submit_seconds": round(submit_s, 3),
        "invoices_per_s": round(len(invoices) / submit_s, 1) if submit_s else None,
        "ok": asked_twice == 0 and accepted == len(invoices),
    }
