"""Bulk and recurring runs: the preview is the run, re-runs issue nothing twice, a run
killed halfway resumes, two runs at once issue each period once, prices from a date."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select

from reskontro.domain.invoice import LineDraft
from reskontro.domain.recurring import AgreementState, Interval
from reskontro.domain.vat import VatCode
from reskontro.errors import NotFound, ValidationError
from reskontro.services.invoicing.bulk import Bulk, Selection
from reskontro.services.invoicing.catalogue import Catalogue
from reskontro.services.invoicing.codes import IssueRefusal
from reskontro.services.invoicing.recurring import AgreementLine, Recurring
from reskontro.storage.models import Invoice, InvoiceLine

if TYPE_CHECKING:
    from reskontro.services.invoicing.books import Books

D = dt.date
LINE = LineDraft("Kontingent 2027", 1000, 50000, VatCode.EXEMPT)


def _company(books: Books, customers: int, *, vat: bool = False) -> int:
    company = books.create_company(
        name="Klubb", org_number="123456785", account="12345678903", vat_registered=vat,
        actor="t",
    )  # fmt: skip
    for n in range(customers):
        books.create_customer(company.id, name=f"Medlem {n}", email=f"m{n}@x.no", actor="t")
    return int(company.id)


def _numbers(books: Books) -> list[int]:
    with books.sessions() as session:
        return sorted(n for n in session.scalars(select(Invoice.number)) if n is not None)


def _per_customer(books: Books) -> list[int]:
    with books.sessions() as session:
        rows = session.execute(
            select(func.count()).select_from(Invoice).group_by(Invoice.customer_id)
        )
        return sorted(r[0] for r in rows)


def test_bulk_preview_is_the_run_and_a_second_run_issues_nothing(books: Books) -> None:
    company = _company(books, 3)
    placeholder = books.create_customer(company, name="X", actor="t", placeholder=True)
    bulk = Bulk(books)
    chosen = Selection(numbers=(10000, 10001, 10002, placeholder.number))
    preview = bulk.preview(company, chosen, [LINE])
    assert (preview.invoices, preview.total_ore, preview.refused) == (3, 150000, 1)
    assert preview.by_method == {"email": 3}
    refused = [i for i in preview.items if i.refused is not None]
    assert refused[0].refused is not None
    assert refused[0].refused.code == IssueRefusal.PLACEHOLDER
    key = bulk.start(company, chosen, [LINE], run_id="k1", actor="t")
    first = bulk.run(company, key)
    assert (first.issued, len(first.refused), first.pending) == (3, 1, 0)
    again = bulk.start(company, chosen, [LINE], run_id="k1", actor="t")
    assert bulk.run(company, again) == first
    assert _numbers(books) == [1, 2, 3]
    with pytest.raises(NotFound):
        bulk.run(company, "nope")
    with pytest.raises(ValidationError):
        bulk.preview(company, Selection(), [LINE])


def test_bulk_by_group_and_all(books: Books) -> None:
    company = _company(books, 4)
    Catalogue(books.sessions).add_to_group(company, "Styret", [10001, 10003])
    bulk = Bulk(books)
    assert bulk.preview(company, Selection(group="Styret"), [LINE]).invoices == 2
    assert bulk.preview(company, Selection(all=True), [LINE]).invoices == 4
    with pytest.raises(NotFound):
        bulk.preview(company, Selection(group="Ingen"), [LINE])
    with pytest.raises(NotFound):
        bulk.preview(company, Selection(numbers=(99999,)), [LINE])


CHILD = textwrap.dedent(
    """
    import sys
    from reskontro.clock import SystemClock
    from reskontro.domain.invoice import LineDraft
    from reskontro.domain.vat import VatCode
    from reskontro.services.invoicing.books import Books
    from reskontro.services.invoicing import bulk as bulkmod
    from reskontro.storage.db import make_engine, session_factory

    url, company = sys.argv[1], int(sys.argv[2])
    bulkmod.CHUNK = 5
    real = bulkmod.issue_many
    count = 0

    def slow(*args, **kwargs):
        global count
        count += 1
        issued = real(*args, **kwargs)
        if count == 2:  # the second chunk written, its transaction still open
            sys.stdout.write("halfway\\n")
            sys.stdout.flush()
            sys.stdin.readline()
        return issued

    bulkmod.issue_many = slow
    books = Books(session_factory(make_engine(url)), SystemClock())
    bulk = bulkmod.Bulk(books)
    line = LineDraft("Kontingent", 1000, 50000, VatCode.EXEMPT)
    key = bulk.start(company, bulkmod.Selection(all=True), [line], run_id="kill", actor="c")
    bulk.run(company, key)
    print("finished")
    """
)


@pytest.mark.slow
def test_bulk_killed_halfway_then_rerun_issues_each_invoice_once(books: Books, db_url: str) -> None:
    company = _company(books, 12)
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, db_url, str(company)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "halfway", proc.stderr.read() if proc.stderr else ""
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert _numbers(books) == [1, 2, 3, 4, 5]  # the first chunk only
    bulk = Bulk(books)
    result = bulk.run(company, "kill")
    assert result.issued == 12
    assert _numbers(books) == list(range(1, 13))
    assert _per_customer(books) == [1] * 12


def _agreement(books: Books, company: int, **kw: object) -> int:
    args: dict[str, object] = {
        "lines": [AgreementLine("Husleie", 1000, VatCode.EXEMPT, 1_000_000)],
        "interval": Interval.MONTH,
        "customer": 10000,
        "actor": "t",
    }
    args.update(kw)
    return Recurring(books).create(company, **args).id  # type: ignore[arg-type]


def test_recurring_catches_up_once_and_names_its_periods(books: Books) -> None:
    company = _company(books, 1)
    recurring = Recurring(books)
    agreement = _agreement(books, company, start=D(2026, 9, 1), end=D(2026, 11, 30))
    assert recurring.run(company, today=D(2026, 8, 31), actor="t").created == 0
    first = recurring.run(company, today=D(2026, 10, 15), actor="t")
    assert first.created == 2
    assert recurring.run(company, today=D(2026, 10, 15), actor="t").created == 0
    assert recurring.run(company, today=D(2027, 6, 1), actor="t").created == 1
    assert recurring.run(company, today=D(2028, 6, 1), actor="t").created == 0
    view = recurring.agreement(company, agreement)
    assert [i.period_start.month for i in view.invoices] == [9, 10, 11]
    assert view.state is AgreementState.ENDED
    with books.sessions() as session:
        texts = list(session.scalars(select(InvoiceLine.description).order_by(InvoiceLine.id)))
        dates = list(session.scalars(select(Invoice.invoice_date).order_by(Invoice.id)))
    assert texts[0] == "Husleie (Periode 01.09.2026–30.09.2026)"
    assert dates == [D(2026, 10, 15), D(2026, 10, 15), D(2027, 6, 1)]


def test_price_from_a_date_leaves_issued_invoices_alone(books: Books) -> None:
    company = _company(books, 1)
    catalogue = Catalogue(books.sessions)
    product = catalogue.set_product(
        company, code="LEIE", unit_price_ore=100_00, valid_from=D(2026, 1, 1),
        description="Leie", vat_code=VatCode.EXEMPT,
    )  # fmt: skip
    recurring = Recurring(books)
    line = AgreementLine("Leie", 1000, VatCode.EXEMPT, product_id=product.id)
    _agreement(books, company, lines=[line], start=D(2026, 1, 1))
    recurring.run(company, today=D(2026, 2, 1), actor="t")
    catalogue.set_product(company, code="LEIE", unit_price_ore=120_00, valid_from=D(2026, 3, 1))
    recurring.run(company, today=D(2026, 4, 1), actor="t")
    with books.sessions() as session:
        totals = list(session.scalars(select(Invoice.total_ore).order_by(Invoice.id)))
    assert totals == [100_00, 100_00, 120_00, 120_00]


def test_pause_resume_and_end(books: Books) -> None:
    company = _company(books, 1)
    recurring = Recurring(books)
    agreement = _agreement(books, company, start=D(2026, 1, 1))
    recurring.set_state(company, agreement, AgreementState.PAUSED, end=None)
    assert recurring.run(company, today=D(2026, 3, 1), actor="t").created == 0
    books.clock.at = dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC)  # type: ignore[attr-defined]
    view = recurring.set_state(company, agreement, AgreementState.ACTIVE, end=None)
    assert view.next_invoice_date == D(2026, 4, 1)
    view = recurring.set_state(company, agreement, AgreementState.ENDED, end=D(2026, 4, 30))
    assert recurring.run(company, today=D(2026, 12, 1), actor="t").created == 1
    with pytest.raises(ValidationError):
        recurring.set_state(company, agreement, AgreementState.ACTIVE, end=None)


RUNNER = textwrap.dedent(
    """
    import sys, datetime as dt
    from reskontro.clock import SystemClock
    from reskontro.services.invoicing.books import Books
    from reskontro.services.invoicing.recurring import Recurring
    from reskontro.storage.db import make_engine, session_factory

    url, company = sys.argv[1], int(sys.argv[2])
    recurring = Recurring(Books(session_factory(make_engine(url)), SystemClock()))
    sys.stdout.write("ready\\n")
    sys.stdout.flush()
    sys.stdin.readline()
    print(recurring.run(company, today=dt.date(2026, 6, 1), actor="p").created)
    """
)


@pytest.mark.slow
def test_two_runs_at_once_issue_each_period_once(books: Books, db_url: str) -> None:
    company = _company(books, 30)
    for number in range(10000, 10030):
        _agreement(books, company, customer=number, start=D(2026, 1, 1))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", RUNNER, db_url, str(company)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for proc in procs:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
    outs = [proc.communicate("go\n", timeout=120) for proc in procs]
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outs]
    assert sum(int(o[0]) for o in outs) == 30 * 6
    assert _numbers(books) == list(range(1, 181))
    assert _per_customer(books) == [6] * 30
