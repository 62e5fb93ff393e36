"""A bulk run issues a chunk at once: numbers gapless in the run's order, KIDs, lines
and VAT, an audit entry and a delivery per invoice, and the kept figures moved as
a recompute gives them; the run's PDFs from worker processes are the one-by-one PDFs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select, update

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.formats.pdf import render_invoice
from reskontro.services.followup import printed_invoice
from reskontro.services.invoicing import bulk as bulkmod
from reskontro.services.invoicing import pdfs
from reskontro.services.invoicing.bulk import Bulk, Selection
from reskontro.storage import figures
from reskontro.storage.models import AuditEntry, Company, Customer, Invoice, InvoiceLine, InvoiceVat
from reskontro.storage.models_delivery import Delivery
from reskontro.storage.repo import template_of

if TYPE_CHECKING:
    from reskontro.services.invoicing.books import Books

LINES = [
    LineDraft("Kontingent", 1000, 50000, VatCode.EXEMPT),
    LineDraft("Lisens", 2000, 12550, VatCode.STANDARD),
]


def _company(books: Books, customers: int) -> int:
    company = books.create_company(
        name="Klubb",
        org_number="123456785",
        account="12345678903",
        vat_registered=True,
        actor="t",
    ).id
    for n in range(customers):
        books.create_customer(company, name=f"Medlem {n}", email=f"m{n}@x.no", actor="t")
    return company


def test_chunks_issue_like_one_by_one(books: Books, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulkmod, "CHUNK", 7)
    company = _company(books, 20)
    with books.sessions.begin() as session:  # two go by print with no address: refused by the plan
        session.execute(
            update(Customer).where(Customer.number.in_([10003, 10011])).values(delivery_method="print")
        )  # fmt: skip
    bulk = Bulk(books)
    seen: list[tuple[int, int]] = []
    key = bulk.start(company, Selection(all=True), LINES, actor="t")
    result = bulk.run(company, key, progress=lambda done, total: seen.append((done, total)))
    assert (result.issued, [r.customer for r in result.refused]) == (18, [10003, 10011])
    assert seen == [(7, 18), (14, 18), (18, 18)]
    assert (result.sent.email, result.sent.print) == (18, 0)
    with books.sessions() as session:
        template = template_of(session.get_one(Company, company))
        rows = session.execute(
            select(Invoice, Customer.number)
            .join(Customer, Customer.id == Invoice.customer_id)
            .order_by(Invoice.number)
        ).all()
        assert [i.number for i, _ in rows] == list(range(1, 19))
        chosen = [n for n in range(10000, 10020) if n not in (10003, 10011)]
        assert [n for _, n in rows] == chosen  # numbered in the run's order
        assert all(i.kid == template.make(n, i.number) for i, n in rows)
        assert {(i.status, i.net_ore, i.vat_ore, i.total_ore) for i, _ in rows} == {
            ("open", 75100, 6275, 81375)
        }
        assert session.scalar(select(func.count()).select_from(InvoiceLine)) == 36
        assert session.scalar(select(func.count()).select_from(InvoiceVat)) == 36
        issued = session.scalar(select(func.count()).where(AuditEntry.action == "invoice.issue"))
        assert issued == 18
        states = session.execute(
            select(Delivery.state, func.count()).group_by(Delivery.state)
        ).all()  # fmt: skip
        assert [(str(state), int(n)) for state, n in states] == [("queued", 18)]
        assert figures.kept(session, company) == figures.recompute(session, company)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_pdfs_from_worker_processes_are_the_one_by_one_pdfs(
    books: Books, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdfs, "BATCH", 4)
    company = _company(books, 11)
    bulk = Bulk(books)
    result = bulk.run(company, bulk.start(company, Selection(all=True), LINES, actor="t"))
    wanted = [*reversed(result.invoices), 10**6]  # any order; an unknown id left out
    made = list(pdfs.invoice_pdfs(books.sessions, company, wanted, workers=2))
    assert [i for i, _ in made] == wanted[:-1]
    with books.sessions() as session:
        c = session.get_one(Company, company)
        for invoice_id, pdf in made:
            invoice = session.get_one(Invoice, invoice_id)
            customer = session.get_one(Customer, invoice.customer_id)
            assert pdf == render_invoice(printed_invoice(session, c, invoice, customer))
    assert list(pdfs.invoice_pdfs(books.sessions, company, wanted[:3], workers=0)) == made[:3]


def test_progress_bar_on_a_terminal_only() -> None:
    from io import StringIO

    from rich.console import Console

    from reskontro.cli.progress import progress_bar

    out = StringIO()
    with progress_bar(True, "invoices", Console(file=out, force_terminal=True, width=80)) as step:
        assert step is not None
        for done in (200, 400, 450):
            step(done, 450)
    assert "invoices" in out.getvalue()
    assert "450/450" in out.getvalue()
    with progress_bar(False, "invoices") as nothing:
        assert nothing is None
