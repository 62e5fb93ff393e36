"""Delivering issued invoices by e-mail, end to end, to an SMTP server on loopback.

Seeds N customers with an e-mail address and issues one invoice to each with a bulk run
(which queues their e-mail deliveries; not timed). Then times what the worker does
(:func:`reskontro.worker.deliver_documents` in rounds): each delivery claimed, its PDF
rendered and recorded, the message with the PDF attached written to the outbox, the
outbox sent over one SMTP connection per round to an aiosmtpd server on 127.0.0.1 (in
a process of its own), and the outcome carried back to the delivery (``sent``). The
PDFs are rendered by the PDF pool (:mod:`reskontro.services.documents_pool`).
Reports invoices per second, the time composing and sending, and the CPU time per
invoice of this process and of the pool's processes (the SMTP server's is not
counted). Target: at least 100 invoices a second on 2 cores.
``RESKONTRO_BENCH_EMAIL_N`` sets N (default 10 000).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import socket
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from reskontro.channels.mailer import SmtpSettings
from reskontro.clock import FixedClock
from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.services import documents_pool
from reskontro.services.automation.outbox import Notifier
from reskontro.services.delivery.run import Deliverer
from reskontro.services.invoicing.books import Books
from reskontro.services.invoicing.bulk import Bulk, Selection
from reskontro.storage import migrate
from reskontro.storage.db import make_engine, session_factory
from reskontro.storage.filestore import FileStore
from reskontro.storage.models import Customer
from reskontro.storage.models_delivery import Delivery

TARGET_PER_SECOND = 100.0
NOW = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
LINES = [
    LineDraft("Regnskapsføring desember", 1000, 450000, VatCode.STANDARD),
    LineDraft("Årsoppgjør, del 1 av 4", 1000, 125000, VatCode.STANDARD),
    LineDraft("Kurs: fakturering med KID", 2000, 35000, VatCode.EXEMPT),
]


class _Counter:
    """An aiosmtpd handler that counts the messages (and bytes) it accepts."""

    def __init__(self, messages: Any, size: Any) -> None:
        self.messages, self.bytes = messages, size

    async def handle_DATA(self, _server: object, _session: object, envelope: Any) -> str:  # noqa: N802
        with self.messages.get_lock():
            self.messages.value += 1
            self.bytes.value += len(envelope.content or b"")
        return "250 OK"


def _serve(port: int, messages: Any, size: Any, ready: Any, stop: Any) -> None:
    """The SMTP server, in a process of its own as a real one would be."""
    from aiosmtpd.controller import Controller

    controller = Controller(_Counter(messages, size), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


def _seed(directory: Path, n: int) -> tuple[Books, int]:
    engine = make_engine(f"sqlite:///{directory / 'bench.sqlite'}")
    migrate.upgrade(engine)
    books = Books(session_factory(engine), FixedClock(NOW))
    company_id = int(
        books.create_company(
            name="Fjordkraft Regnskap AS", org_number="123456785", account="12345678903",
            vat_registered=True, actor="bench",
        ).id
    )  # fmt: skip
    with books.sessions.begin() as session:
        session.execute(
            insert(Customer),
            [
                {"company_id": company_id, "number": 10000 + i, "name": f"Kunde {i} AS",
                 "email": f"k{i}@example.no", "language": "nb", "is_placeholder": False,
                 "kind": "business", "delivery_method": "email", "street": "Storgata 1",
                 "postcode": "0150", "city": "Oslo", "created_at": NOW}
                for i in range(n)
            ],
        )  # fmt: skip
    runs = Bulk(books)
    runs.run(company_id, runs.start(company_id, Selection(all=True), LINES, actor="bench"))
    return books, company_id


def _waiting(books: Books) -> int:
    with books.sessions() as session:
        return int(
            session.scalar(
                select(func.count()).where(Delivery.state.in_(("queued", "sending")))
            ) or 0
        )  # fmt: skip


def run() -> dict[str, Any]:
    n = int(os.environ.get("RESKONTRO_BENCH_EMAIL_N", "10000"))
    with tempfile.TemporaryDirectory() as tmp:
        seed_started = time.perf_counter()
        books, _ = _seed(Path(tmp), n)
        seed_seconds = time.perf_counter() - seed_started
        queued = _waiting(books)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        messages, size = multiprocessing.Value("q", 0), multiprocessing.Value("q", 0)
        ready, stop = multiprocessing.Event(), multiprocessing.Event()
        server = multiprocessing.Process(target=_serve, args=(port, messages, size, ready, stop))
        server.start()
        ready.wait(30)
        smtp = SmtpSettings.from_env({
            "RESKONTRO_SMTP_HOST": "127.0.0.1", "RESKONTRO_SMTP_PORT": str(port),
            "RESKONTRO_SMTP_SECURITY": "plain", "RESKONTRO_SMTP_FROM": "faktura@example.no",
        })  # fmt: skip
        deliverer = Deliverer(books.sessions, books.clock, store=FileStore(Path(tmp) / "files"))
        notifier = Notifier(books.sessions, books.clock, smtp)
        compose = send = 0.0
        try:
            started, cpu_started = time.perf_counter(), time.process_time()
            pool_started = documents_pool.worker_cpu_seconds()
            while True:
                t0 = time.perf_counter()
                report = deliverer.run(limit=500)
                t1 = time.perf_counter()
                notifier.deliver(limit=500)
                deliverer.sync()
                t2 = time.perf_counter()
                compose, send = compose + (t1 - t0), send + (t2 - t1)
                if report.sent == 0 and report.retry == 0 and _waiting(books) == 0:
                    break
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
            pool_cpu = documents_pool.worker_cpu_seconds() - pool_started
        finally:
            documents_pool.shutdown()
            stop.set()
            server.join(30)
    delivered = int(messages.value)
    per_second = delivered / seconds if seconds else 0.0
    return {
        "invoices": n,
        "queued": queued,
        "delivered": delivered,
        "seconds": round(seconds, 3),
        "invoices_per_second": round(per_second, 1),
        "target_per_second": TARGET_PER_SECOND,
        "ok": delivered == n and per_second >= TARGET_PER_SECOND,
        "pdf_and_outbox_seconds": round(compose, 3),
        "smtp_seconds": round(send, 3),
        "cpu_ms_per_invoice": round(1000 * cpu / max(delivered, 1), 2),
        "pdf_pool_cpu_ms_per_invoice": round(1000 * pool_cpu / max(delivered, 1), 2),
        "mail_bytes": int(size.value) // max(delivered, 1),
        "seed_seconds": round(seed_seconds, 3),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
