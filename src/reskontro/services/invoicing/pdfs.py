"""The PDFs of many issued invoices (a bulk run's), rendered in worker processes.

Rendering is pure CPU (:func:`reskontro.formats.pdf.render_invoice`, a few ms each),
so a run's PDFs are made outside any database transaction: this process reads what
each invoice states (:func:`reskontro.services.followup.printed_invoice`, in batches)
while the one pool of :mod:`reskontro.services.documents_pool` renders the batches
already read. The PDFs come back in the order of the ids asked for, the same bytes
one by one would give.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.services import documents_pool
from reskontro.services.followup import printed_invoice
from reskontro.storage.models import Company, Customer, Invoice

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.formats.pdf.model import InvoiceDocument

#: Invoices read and rendered together (one task of the pool).
BATCH = 50


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
    of other companies left out). ``workers`` processes render (default: the pool's
    size, :func:`~reskontro.services.documents_pool.workers`; 0 renders here)."""
    count = documents_pool.workers() if workers is None else workers
    waiting: deque[tuple[list[int], Callable[[], list[bytes]]]] = deque()
    for docs in _documents(sessions, company_id, invoice_ids):
        pending = documents_pool.submit_invoices([d for _, d in docs], size=count)
        waiting.append(([i for i, _ in docs], pending))
        while len(waiting) > 2 * max(count, 1):  # a bounded number of PDFs in memory
            ids, result = waiting.popleft()
            yield from zip(ids, result(), strict=True)
    while waiting:
        ids, result = waiting.popleft()
        yield from zip(ids, result(), strict=True)


__all__ = ["invoice_pdfs"]
