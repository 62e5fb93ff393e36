"""An import killed with SIGKILL halfway books nothing, and a re-import succeeds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select

from reskontro.domain.kid import KidTemplate
from reskontro.services.payments import PaymentImporter
from reskontro.storage.filestore import FileStore
from reskontro.storage.models import Invoice, Payment
from reskontro.testing.ocr import write_large_ocr

if TYPE_CHECKING:
    from pathlib import Path

    from reskontro.clock import FixedClock
    from reskontro.services.invoicing.books import Books

N = 12_000

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reskontro.clock import SystemClock
    from reskontro.services.payments import PaymentImporter
    from reskontro.storage.db import make_engine, session_factory
    from reskontro.storage.filestore import FileStore

    url, path, store = sys.argv[1:4]
    importer = PaymentImporter(session_factory(make_engine(url)), SystemClock(), FileStore(store))

    def progress(done, total):
        sys.stdout.write(f"progress {done}\\n")
        sys.stdout.flush()
        if done >= 5000:
            sys.stdin.readline()  # wait here, transaction open, until killed

    importer.import_path(1, Path(path), actor="child", progress=progress)
    print("finished")
    """
)


@pytest.mark.slow
def test_sigkill_halfway_books_nothing(
    books: Books, clock: FixedClock, db_url: str, tmp_path: Path
) -> None:
    company = books.create_company(
        name="Kill AS", org_number="123456785", account="12345678903",
        kid_template="{CustomerNo:5}{InvoiceNo:6}", actor="t",
    )  # fmt: skip
    customer = books.create_customer(company.id, name="K", actor="t")
    template = KidTemplate.parse("{CustomerNo:5}{InvoiceNo:6}")
    with books.sessions.begin() as session:
        session.add_all(
            Invoice(
                company_id=company.id,
                customer_id=customer.id,
                kind="invoice",
                status="open",
                number=i,
                kid=template.make(customer.number, i),
                invoice_date=clock.today(),
                due_date=clock.today(),
                net_ore=1000,
                vat_ore=0,
                total_ore=1000,
                settled_ore=0,
                paid_ore=0,
                credited_ore=0,
                created_at=clock.now(),
                issued_at=clock.now(),
            )
            for i in range(1, N + 1)
        )
    path = tmp_path / "big.txt"
    write_large_ocr(str(path), [(1000, template.make(customer.number, i)) for i in range(1, N + 1)])
    store = tmp_path / "files"
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, db_url, str(path), str(store)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    seen = []
    for line in proc.stdout:
        seen.append(line.strip())
        if line.startswith("progress") and int(line.split()[1]) >= 5000:
            break
    assert seen, proc.stderr.read() if proc.stderr else ""
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)  # reaps the process and closes the pipes
    assert proc.returncode == -signal.SIGKILL
    with books.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Payment)) == 0
        assert session.scalar(select(func.sum(Invoice.paid_ore))) == 0
    importer = PaymentImporter(books.sessions, clock, FileStore(store))
    summary = importer.import_path(company.id, path, actor="t")
    assert summary.status == "imported"
    assert (summary.payments, summary.matched) == (N, N)
    with books.sessions() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(Invoice).where(Invoice.status == "paid")
            )
            == N
        )
