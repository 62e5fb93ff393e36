"""Gapless numbering under concurrency: real processes issuing at once."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from reskontro.clock import SystemClock
from reskontro.services.invoicing.books import Books
from reskontro.storage.db import session_factory
from reskontro.storage.models import Invoice

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

PROCESSES = 4
PER_PROCESS = 25

WORKER = textwrap.dedent(
    """
    import sys
    from reskontro.clock import SystemClock
    from reskontro.domain.invoice import LineDraft
    from reskontro.domain.vat import VatCode
    from reskontro.services.invoicing.books import Books
    from reskontro.storage.db import make_engine, session_factory

    url = sys.argv[1]
    company, customer, count = (int(a) for a in sys.argv[2:5])
    books = Books(session_factory(make_engine(url)), SystemClock())
    sys.stdout.write("ready\\n")
    sys.stdout.flush()
    sys.stdin.readline()  # start together
    for i in range(count):
        draft = books.create_invoice(
            company, customer_number=customer,
            lines=[LineDraft(f"line {i}", 1000, 100 + i, VatCode.STANDARD)], actor="proc",
        )
        books.issue_invoice(company, draft.id, actor="proc")
    """
)


@pytest.mark.slow
def test_processes_issuing_at_once_get_contiguous_numbers(engine: Engine, db_url: str) -> None:
    books = Books(session_factory(engine), SystemClock())
    company = books.create_company(
        name="Samtidig AS",
        org_number="123456785",
        account="12345678903",
        vat_registered=True,
        actor="t",
    )
    customer = books.create_customer(company.id, name="K", actor="t")
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER,
                db_url,
                str(company.id),
                str(customer.number),
                str(PER_PROCESS),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    for proc in procs:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    with books.sessions() as session:
        numbers = sorted(n for n in session.scalars(select(Invoice.number)) if n is not None)
        kids = [k for k in session.scalars(select(Invoice.kid)) if k is not None]
    total = PROCESSES * PER_PROCESS
    assert numbers == list(range(1, total + 1))
    assert len(set(kids)) == total
    assert books.company(company.id).next_invoice_number == total + 1
