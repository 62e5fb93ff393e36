"""The PDFs of many issued invoices (a bulk run's), rendered in worker processes.

Rendering is pure CPU (:func:`reskontro.formats.pdf.render_invoice`, a few ms each),
so a run's PDFs are made outside any database transaction: this process reads what
each invoice states (:func:`reskontro.services.followup.printed_invoice`, in batches)
while a pool of processes renders the batches already read. The PDFs come back in
the order of the ids asked for, the same bytes one by one would give.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.formats.pdf import render_invoice
from reskontro.services.followup import printed_invoice
from reskontro.storage.models import Company, Customer, Invoice

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from concurrent.futures import Future

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.formats.pdf.model import InvoiceDocument

#: Invoices read and rendered together (one task of the pool).
BATCH = 50


def _render_all(docs: list[InvoiceDocument]) -> list[bytes]:
    return [render_invoice(doc) for doc in docs]


def _documents(
    sessions: sessionmaker[Session], company_id: int, ids: Sequence[int]
) -> Iterator[list[tuple[int, InvoiceDocument]]]:
    with sessions() as session:
        company = session.get_one(Company, company_id)
        for at in range(0, len(ids), BATCH):
            chunk = ids[at : at + BATCH]
            rows = session.execute(
                select(Invoice, Customer)
                .join(Customer, Customer.id == Invoice.customer_id)
                .where(Invoice.company_id == company_id, Invoice.id.in_(chunk))
            ).all()
            by_id = {invoice.id: (invoice, customer) for invoice, customer in rows}
            yield [(i, printed_invoice(session, company, *by_id[i])) for i in chunk if i in by_id]
            session.expunge_all()  # a batch's rows are not needed again


def invoice_pdfs(
    sessions: sessionmaker[Session],
    company_id: int,
    invoice_ids: Sequence[int],
    *,
    workers: int | None = None,
) -> Iterator[tuple[int, bytes]]:
    """(invoice id, PDF) for each of the company's ``invoice_ids``, in their order (ids
    of other companies left out). ``workers`` processes render (default: one per CPU;
    0 renders here, one by one)."""
    count = (os.cpu_count() or 1) if workers is None else workers
    if count <= 0 or len(invoice_ids) <= BATCH:
        for docs in _documents(sessions, company_id, invoice_ids):
            yield from ((i, render_invoice(doc)) for i, doc in docs)
        return
    # spawn, not fork: the caller may have threads (the web server) and open connections.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        waiting: deque[tuple[list[int], Future[list[bytes]]]] = deque()
        for docs in _documents(sessions, company_id, invoice_ids):
            waiting.append(([i for i, _ in docs], pool.submit(_render_all, [d for _, d in docs])))
            while len(waiting) > 2 * count:  # a bounded number of PDFs in memory
                ids, future = waiting.popleft()
                yield from zip(ids, future.result(), strict=True)
        while waiting:
            ids, future = waiting.popleft()
            yield from zip(ids, future.result(), strict=True)


__all__ = ["invoice_pdfs"]
