"""E-mail delivery in batches (issue 12): a round of many deliveries takes a bounded
number of statements, two rounds at once never send a message twice, a batch claimed
by a worker that died goes out once after the lease, and the PDF pool gives the same
bytes as rendering here — on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Self

import pytest
from sqlalchemy import event, select

from reskontro.channels.mailer import SmtpSettings
from reskontro.domain.delivery import DeliveryState
from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.formats.pdf import render_invoice
from reskontro.services import documents_pool
from reskontro.services.automation.outbox import SENDING_LEASE, Notifier
from reskontro.services.delivery import email, records, send
from reskontro.services.delivery.run import Deliverer
from reskontro.services.followup.printed_batch import Printed, printed_invoices
from reskontro.services.invoicing import customers
from reskontro.services.invoicing.customers import CardChanges
from reskontro.storage.filestore import FileStore
from reskontro.storage.models_automation import EmailOutbox
from reskontro.storage.models_delivery import Delivery

if TYPE_CHECKING:
    from pathlib import Path

    from tests.automation.conftest import SmtpServer

    from reskontro.clock import FixedClock
    from reskontro.services.invoicing.books import Books


class Shop:
    def __init__(self, books: Books, clock: FixedClock, tmp: Path) -> None:
        self.books, self.clock, self.sessions = books, clock, books.sessions
        self.cid = books.create_company(
            name="Fjord Regnskap AS", org_number="123456785", account="12345678903",
            vat_registered=True, actor="t",
        ).id  # fmt: skip
        self.store = FileStore(tmp / "files")

    def issue(self, i: int) -> int:
        changes = CardChanges(name=f"Kunde {i} AS", email=f"k{i}@example.no")
        number = customers.create(self.sessions, self.clock, self.cid, changes, actor="t").number
        draft = self.books.create_invoice(
            self.cid, customer_number=number,
            lines=[LineDraft("Regnskapstjenester", 1000, 100000, VatCode.STANDARD)], actor="t",
        )  # fmt: skip
        return self.books.issue_invoice(self.cid, draft.id, actor="t").id

    def history(self, invoice_id: int) -> list[records.DeliveryView]:
        return send.deliveries(self.sessions, self.cid, invoice_id)

    def history_all(self) -> list[int]:
        with self.sessions() as session:
            return list(session.scalars(select(Delivery.id)))

    def deliverer(self) -> Deliverer:
        return Deliverer(self.sessions, self.clock, store=self.store)


@pytest.fixture
def shop(books: Books, clock: FixedClock, tmp_path: Path) -> Shop:
    return Shop(books, clock, tmp_path)


def _issue(shop: Shop, count: int) -> list[int]:
    start = len(shop.history_all())
    return [shop.issue(start + i) for i in range(count)]


class Statements:
    """Counts the statements sent to the database while it is entered."""

    def __init__(self, shop: Shop) -> None:
        self.engine = shop.sessions.kw["bind"]
        self.count = 0

    def _seen(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.startswith("BEGIN"):  # SQLite's BEGIN IMMEDIATE: a transaction
            self.count += 1

    def __enter__(self) -> Self:
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)


def _round(shop: Shop, notifier: Notifier) -> tuple[int, int]:
    sent = shop.deliverer().run().sent
    mailed = notifier.deliver().sent
    shop.deliverer().sync()
    return sent, mailed


def test_a_round_of_many_deliveries_takes_a_bounded_number_of_statements(
    shop: Shop, smtp_server: SmtpServer
) -> None:
    notifier = Notifier(shop.sessions, shop.clock, SmtpSettings.from_env(smtp_server.env()))
    counts = []
    for size in (5, 50):
        invoices = _issue(shop, size)
        with Statements(shop) as statements:
            assert _round(shop, notifier) == (size, size)
        counts.append(statements.count)
        assert {shop.history(i)[0].state for i in invoices} == {DeliveryState.SENT}
    # The same statements for 5 deliveries as for 50: one per table and step, not per
    # delivery (it was about 300 statements and 6 transactions a delivery for 50).
    assert counts[0] == counts[1]
    assert counts[1] <= 32
    assert len(smtp_server.messages) == 55


def test_two_rounds_at_once_never_send_a_message_twice(shop: Shop, smtp_server: SmtpServer) -> None:
    invoices = _issue(shop, 12)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        notifier = Notifier(shop.sessions, shop.clock, SmtpSettings.from_env(smtp_server.env()),
                            worker_id=name)  # fmt: skip
        try:
            barrier.wait()
            for _ in range(2):
                _round(shop, notifier)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    shop.deliverer().sync()
    assert sorted(m.to for m in smtp_server.messages) == sorted(
        f"k{i}@example.no" for i in range(12)
    )
    views = [shop.history(i) for i in invoices]
    assert {(v.state, v.attempts) for [v] in views} == {(DeliveryState.SENT, 1)}


def test_a_batch_claimed_by_a_worker_that_died_goes_out_once_after_the_lease(
    shop: Shop, smtp_server: SmtpServer
) -> None:
    invoices = _issue(shop, 3)
    with shop.sessions.begin() as session:  # claimed, then the worker died
        assert len(email.claim_due(session, shop.clock.now(), 10)) == 3
    notifier = Notifier(shop.sessions, shop.clock, SmtpSettings.from_env(smtp_server.env()))
    assert _round(shop, notifier) == (0, 0)  # still someone's
    start = shop.clock.at
    try:
        shop.clock.at = start + records.LEASE + SENDING_LEASE
        assert _round(shop, notifier) == (3, 3)
        assert _round(shop, notifier) == (0, 0)
    finally:
        shop.clock.at = start
    assert len(smtp_server.messages) == 3
    assert {(v.state, v.attempts) for i in invoices for v in shop.history(i)} == {
        (DeliveryState.SENT, 2)
    }


def test_a_message_claimed_by_a_sender_that_died_keeps_its_message_id(
    shop: Shop, smtp_server: SmtpServer
) -> None:
    _issue(shop, 2)
    shop.deliverer().run()
    settings = SmtpSettings.from_env(smtp_server.env())
    dead = Notifier(shop.sessions, shop.clock, settings, worker_id="dead")
    claimed = dict(dead._claim_due(10))  # claimed, then it died before it sent
    notifier = Notifier(shop.sessions, shop.clock, settings)
    assert notifier.deliver().sent == 0
    start = shop.clock.at
    try:
        shop.clock.at = start + SENDING_LEASE + SENDING_LEASE
        assert notifier.deliver().sent == 2
        assert notifier.deliver().sent == 0
    finally:
        shop.clock.at = start
    with shop.sessions() as session:
        ids = dict(session.execute(select(EmailOutbox.id, EmailOutbox.message_id)).tuples().all())
    assert ids == claimed
    assert sorted(str(m.message["Message-ID"]).strip() for m in smtp_server.messages) == sorted(
        claimed.values()
    )


def test_the_pdf_pool_gives_the_same_bytes(shop: Shop) -> None:
    [invoice] = _issue(shop, 1)
    with shop.sessions() as session:
        company_id = session.scalars(select(Delivery.company_id)).one()
        printed = printed_invoices(session, [(company_id, invoice)], shop.clock.now())[invoice]
    assert isinstance(printed, Printed)
    docs = [printed.doc] * documents_pool.MIN_POOLED
    try:
        pooled = documents_pool.render_invoices(docs, size=2)
    finally:
        documents_pool.shutdown()
    assert pooled == [render_invoice(printed.doc)] * len(docs)
    assert documents_pool.worker_cpu_seconds() > 0
