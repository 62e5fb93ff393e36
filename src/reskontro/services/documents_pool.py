"""Invoice PDFs rendered in worker processes, from plain data.

Rendering (:func:`reskontro.formats.pdf.render_invoice`) is pure CPU, a few ms an
invoice, and holds the interpreter while it runs. :func:`render_invoices` hands a
batch's :class:`~reskontro.formats.pdf.InvoiceDocument` values (picklable: what the
PDF states, never ORM rows) to a pool of processes, one per CPU, and gives back the
PDFs in the same order, the same bytes as rendering them here. A batch smaller than
:data:`MIN_POOLED` is rendered here: starting the pool would cost more than it saves.

The pool is made on first use and kept for the process's life (the worker delivers
every few seconds; spawning the processes again each round would cost a second each).
``RESKONTRO_PDF_WORKERS`` sets its size (``0``: always render here).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from reskontro.formats.pdf import render_invoice

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from reskontro.formats.pdf import InvoiceDocument

#: Batches smaller than this are rendered in this process.
MIN_POOLED = 16

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_pool_size = 0
#: CPU seconds the pool's processes spent rendering (what a benchmark reports).
_worker_cpu = 0.0


def workers(environ: dict[str, str] | None = None) -> int:
    """The pool's size: ``RESKONTRO_PDF_WORKERS``, else one process per CPU."""
    value = (os.environ if environ is None else environ).get("RESKONTRO_PDF_WORKERS", "")
    return int(value) if value.strip().isdigit() else (os.cpu_count() or 1)


def _render_chunk(docs: list[InvoiceDocument]) -> tuple[list[bytes], float]:
    started = time.process_time()
    pdfs = [render_invoice(doc) for doc in docs]
    return pdfs, time.process_time() - started


def _get_pool(size: int) -> ProcessPoolExecutor:
    global _pool, _pool_size
    with _lock:
        if _pool is None:
            # spawn, not fork: the caller may hold threads (the web server) and connections.
            context = multiprocessing.get_context("spawn")
            _pool, _pool_size = ProcessPoolExecutor(max_workers=size, mp_context=context), size
        return _pool


def submit_invoices(
    docs: Sequence[InvoiceDocument], *, size: int | None = None
) -> Callable[[], list[bytes]]:
    """Start rendering ``docs`` (in the pool when the batch is big enough) and give back
    what returns their PDFs, in their order, waiting for them if need be; the caller
    works on while the pool renders. A small batch is rendered when asked for."""
    count = workers() if size is None else size
    if count <= 1 or len(docs) < MIN_POOLED:
        return lambda: [render_invoice(doc) for doc in docs]
    pool = _get_pool(count)
    step = -(-len(docs) // _pool_size)
    futures = [pool.submit(_render_chunk, list(docs[at : at + step]))
               for at in range(0, len(docs), step)]  # fmt: skip

    def result() -> list[bytes]:
        global _worker_cpu  # noqa: PLW0603 - a counter the benchmark reads
        pdfs: list[bytes] = []
        for future in futures:
            chunk, cpu = future.result()
            pdfs.extend(chunk)
            _worker_cpu += cpu
        return pdfs

    return result


def render_invoices(docs: Sequence[InvoiceDocument], *, size: int | None = None) -> list[bytes]:
    """The PDFs of ``docs``, in their order (in the pool when the batch is big enough)."""
    return submit_invoices(docs, size=size)()


def worker_cpu_seconds() -> float:
    """CPU seconds the pool's processes have spent rendering so far."""
    return _worker_cpu


def shutdown() -> None:
    """Stop the pool (it is made again when next needed)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown()


__all__ = [
    "MIN_POOLED",
    "render_invoices",
    "shutdown",
    "submit_invoices",
    "worker_cpu_seconds",
    "workers",
]
