"""Delivering invoices (issue 12): rules first, then e-mail with the PDF through the
outbox to the aiosmtpd server, EHF through an access point's folder or SFTP outbox
with receipts read back, and the day's print run — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import threading
from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from reskontro.channels.access_point import AccessPointSettings
from reskontro.channels.mailer import SmtpSettings
from reskontro.domain.delivery import DeliveryMethod, DeliveryState, Refusal
from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.services.automation.outbox import Notifier
from reskontro.services.delivery import print_queue, records, send
from reskontro.services.delivery.records import DeliveryReason
from reskontro.services.delivery.run import Deliverer
from reskontro.services.invoicing import customers
from reskontro.services.invoicing.customers import CardChanges
from reskontro.storage.filestore import FileStore
from reskontro.storage.models_delivery import Delivery

SFTP_USER = "reskontro"
SFTP_PASSWORD = "sftp-s3cret-Passord!"  # the loopback server's (conftest)

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.orm import Session
    from tests.automation.conftest import SftpServer, SmtpServer

    from reskontro.clock import FixedClock
    from reskontro.services.invoicing.books import Books


def utc(at: dt.datetime) -> dt.datetime:
    """SQLite gives timestamps back without their zone; they are UTC."""
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


def fake_ehf(session: Session, company_id: int, invoice_id: int) -> bytes:
    return f"<Invoice id='{invoice_id}'/>".encode()


class Shop:
    def __init__(self, books: Books, clock: FixedClock, tmp: Path) -> None:
        self.books, self.clock, self.tmp = books, clock, tmp
        self.sessions = books.sessions
        self.cid = int(books.create_company(
            name="Fjord Regnskap AS", org_number="123456785", account="12345678903",
            vat_registered=True, actor="t",
        ).id)  # fmt: skip
        self.store = FileStore(tmp / "files")

    def customer(self, name: str, **card: str) -> int:
        changes = CardChanges(name=name, **card)
        view = customers.create(self.sessions, self.clock, self.cid, changes, actor="t")
        return view.number

    def issue(self, number: int, price: int = 100000) -> int:
        draft = self.books.create_invoice(
            self.cid, customer_number=number,
            lines=[LineDraft("Regnskapstjenester", 1000, price, VatCode.STANDARD)], actor="t",
        )  # fmt: skip
        return int(self.books.issue_invoice(self.cid, draft.id, actor="t").id)

    def history(self, invoice_id: int) -> list[records.DeliveryView]:
        return send.deliveries(self.sessions, self.cid, invoice_id)

    def deliverer(self, ap: AccessPointSettings | None = None) -> Deliverer:
        return Deliverer(self.sessions, self.clock, access_point=ap, store=self.store,
                         ehf=fake_ehf)  # fmt: skip


@pytest.fixture
def shop(books: Books, clock: FixedClock, tmp_path: Path) -> Shop:
    return Shop(books, clock, tmp_path)


def test_issuing_queues_by_the_customers_method_or_refuses_naming_the_rule(shop: Shop) -> None:
    mail = shop.issue(shop.customer("Epost AS", email="post@epost.no"))
    [queued] = shop.history(mail)
    assert (queued.method, queued.state, queued.recipient) == (
        DeliveryMethod.EMAIL, DeliveryState.QUEUED, "post@epost.no",
    )  # fmt: skip
    nothing = shop.issue(shop.customer("Ingen AS", delivery_method="email"))
    [refused] = shop.history(nothing)
    assert refused.state is DeliveryState.REFUSED
    assert refused.reason is not None
    assert refused.reason.code == Refusal.NO_EMAIL_ADDRESS
    # Sending again while one is under way joins it; another method is its own delivery.
    again = send.send(shop.sessions, shop.clock, shop.cid, mail, actor="t")
    assert again.id == queued.id
    ehf = send.send(shop.sessions, shop.clock, shop.cid, mail, DeliveryMethod.EHF, actor="t")
    assert (ehf.status, ehf.reason and ehf.reason.code) == (
        DeliveryState.REFUSED, Refusal.NO_PEPPOL_ID,
    )  # fmt: skip


def test_hold_issued_invoices_for_a_manual_send(shop: Shop) -> None:
    assert send.settings(shop.sessions, shop.cid).send_on_issue is True
    send.set_send_on_issue(shop.sessions, shop.clock, shop.cid, False, actor="t")
    invoice = shop.issue(shop.customer("Epost AS", email="post@epost.no"))
    assert shop.history(invoice) == []
    result = send.send(shop.sessions, shop.clock, shop.cid, invoice, actor="t")
    assert (result.method, result.status, result.reason) == (
        DeliveryMethod.EMAIL, DeliveryState.QUEUED, None,
    )  # fmt: skip


def test_a_claimed_delivery_is_never_claimed_twice(shop: Shop) -> None:
    invoice = shop.issue(shop.customer("Epost AS", email="post@epost.no"))
    [queued] = shop.history(invoice)
    wins: list[bool] = []
    barrier = threading.Barrier(4)

    def take() -> None:
        barrier.wait()
        with shop.sessions.begin() as session:
            wins.append(records.claim(session, queued.id, shop.clock.now()))

    threads = [threading.Thread(target=take) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == [False, False, False, True]


def test_email_goes_with_its_pdf_through_the_outbox(shop: Shop, smtp_server: SmtpServer) -> None:
    number = shop.customer("Nordlys AS", email="post@nordlys.no",
                           invoice_email="faktura@nordlys.no", language="en")  # fmt: skip
    invoice = shop.issue(number)
    deliverer = shop.deliverer()
    assert deliverer.run().sent == 1
    assert shop.history(invoice)[0].state is DeliveryState.SENDING
    assert deliverer.run().sent == 0  # claimed once only
    notifier = Notifier(shop.sessions, shop.clock, SmtpSettings.from_env(smtp_server.env()))
    assert notifier.deliver().sent == 1
    assert deliverer.sync() == 1
    [view] = shop.history(invoice)
    assert (view.state, view.attempts) == (DeliveryState.SENT, 1)
    assert view.sent_at is not None
    assert utc(view.sent_at) == shop.clock.now()
    [received] = smtp_server.messages
    assert received.to == "faktura@nordlys.no"
    text = received.part("plain")
    kid = shop.books.invoice(shop.cid, invoice).kid
    assert f"KID {kid}" in text
    assert "1250.00" in text.replace(",", "")
    [pdf] = list(received.message.iter_attachments())
    assert pdf.get_content_type() == "application/pdf"
    assert PdfReader(io.BytesIO(pdf.get_content())).pages


def test_email_that_the_server_refuses_for_good_fails(shop: Shop, smtp_server: SmtpServer) -> None:
    invoice = shop.issue(shop.customer("Epost AS", email="post@epost.no"))
    shop.deliverer().run()
    smtp_server.fail_next("550 no such user")
    Notifier(shop.sessions, shop.clock, SmtpSettings.from_env(smtp_server.env())).deliver()
    shop.deliverer().sync()
    [view] = shop.history(invoice)
    assert view.state is DeliveryState.FAILED
    assert view.reason is not None
    assert view.reason.code == DeliveryReason.SMTP_FAILED


def _ehf_customer(shop: Shop) -> int:
    return shop.customer("Peppol AS", delivery_method="ehf", org_number="923609016")


def test_ehf_into_a_folder_and_receipts_read_back(shop: Shop, tmp_path: Path) -> None:
    ap_folder = tmp_path / "ap"
    ap_folder.mkdir()
    ap = AccessPointSettings(folder=str(ap_folder))
    first = shop.issue(_ehf_customer(shop))
    second = shop.issue(_ehf_customer(shop))
    assert shop.deliverer(ap).run().sent == 2
    [one] = shop.history(first)
    [two] = shop.history(second)
    number = shop.books.invoice(shop.cid, first).number
    assert one.file_name == f"123456785_{number}_{one.id}.xml"
    assert (ap_folder / one.file_name).read_bytes() == fake_ehf(None, 0, first)  # type: ignore[arg-type]
    assert one.recipient == "0192:923609016"
    assert one.state is DeliveryState.SENT
    assert two.file_name is not None
    (ap_folder / one.file_name.replace(".xml", ".ok")).write_text("")
    (ap_folder / two.file_name.replace(".xml", ".err")).write_text("receiver unknown\n")
    (ap_folder / "123456785_9_9999.ok").write_text("")  # no such delivery: ignored
    assert shop.deliverer(ap).run().receipts == 2
    assert shop.history(first)[0].state is DeliveryState.DELIVERED
    failed = shop.history(second)[0]
    assert failed.state is DeliveryState.FAILED
    assert failed.reason is not None
    assert failed.reason["detail"] == "receiver unknown"
    assert sorted(p.name for p in ap_folder.iterdir() if p.suffix != ".xml") == []


def test_ehf_waits_and_retries_with_backoff_then_fails(shop: Shop, tmp_path: Path) -> None:
    invoice = shop.issue(_ehf_customer(shop))
    gone = AccessPointSettings(folder=str(tmp_path / "not-there"))
    start = shop.clock.at
    for attempt in range(1, len(records.BACKOFF) + 2):
        report = shop.deliverer(gone).run()
        view = shop.history(invoice)[0]
        assert view.attempts == attempt
        if attempt <= len(records.BACKOFF):
            assert (report.retry, view.state) == (1, DeliveryState.QUEUED)
            assert view.next_attempt_at is not None
            due = utc(view.next_attempt_at)
            assert due == shop.clock.at + dt.timedelta(seconds=records.BACKOFF[attempt - 1])
            assert shop.deliverer(gone).run().retry == 0  # not due yet
            shop.clock.at = due
    assert view.state is DeliveryState.FAILED
    assert view.reason is not None
    assert view.reason.code == DeliveryReason.CHANNEL_ERROR
    shop.clock.at = start


def test_ehf_without_an_access_point_waits(shop: Shop) -> None:
    invoice = shop.issue(_ehf_customer(shop))
    assert shop.deliverer(None).run().retry == 1
    view = shop.history(invoice)[0]
    assert view.reason is not None
    assert view.reason.code == DeliveryReason.NO_ACCESS_POINT


def test_ehf_through_the_sftp_outbox(shop: Shop, sftp_server: SftpServer) -> None:
    remote, local = sftp_server.new_folder()
    ap = AccessPointSettings.from_env({
        "RESKONTRO_AP_SFTP_HOST": "127.0.0.1",
        "RESKONTRO_AP_SFTP_PORT": str(sftp_server.port),
        "RESKONTRO_AP_SFTP_USER": SFTP_USER,
        "RESKONTRO_AP_SFTP_PASSWORD": "env:AP_PASSWORD",
        "RESKONTRO_AP_SFTP_FINGERPRINT": sftp_server.fingerprint,
        "RESKONTRO_AP_SFTP_FOLDER": remote,
        "AP_PASSWORD": SFTP_PASSWORD,
    })  # fmt: skip
    assert ap is not None
    invoice = shop.issue(_ehf_customer(shop))
    assert shop.deliverer(ap).run().sent == 1
    [view] = shop.history(invoice)
    assert view.file_name is not None
    assert (local / view.file_name).exists()
    assert not [p for p in local.iterdir() if p.name.startswith(".")]
    (local / view.file_name.replace(".xml", ".ok")).write_text("")
    assert shop.deliverer(ap).run().receipts == 1
    assert shop.history(invoice)[0].state is DeliveryState.DELIVERED


def test_print_run_merges_the_days_paper_invoices(shop: Shop) -> None:
    paper = shop.customer("Papir AS", delivery_method="print", street="Storgata 1",
                          postcode="0150", city="Oslo")  # fmt: skip
    no_address = shop.issue(shop.customer("Uten adresse", delivery_method="print"))
    first, second = shop.issue(paper), shop.issue(paper, 5000)
    assert shop.history(no_address)[0].reason is not None
    day = shop.clock.today()
    run = print_queue.print_day(shop.sessions, shop.clock, shop.cid, day, store=shop.store,
                                actor="t")  # fmt: skip
    assert run.invoice_ids == (first, second)
    assert len(PdfReader(io.BytesIO(run.pdf)).pages) == run.pages == 2
    assert "Storgata 1" in PdfReader(io.BytesIO(run.pdf)).pages[0].extract_text()
    assert {shop.history(i)[0].state for i in (first, second)} == {DeliveryState.DELIVERED}
    again = print_queue.print_day(shop.sessions, shop.clock, shop.cid, day, store=shop.store,
                                  actor="t")  # fmt: skip
    assert (again.invoice_ids, again.pdf) == ((), b"")
    with shop.sessions() as session:
        assert session.scalars(select(Delivery.state).where(Delivery.method == "print")).all()


def test_a_send_left_by_a_dead_worker_is_taken_up_again(shop: Shop, tmp_path: Path) -> None:
    ap = AccessPointSettings(folder=str(tmp_path))
    invoice = shop.issue(_ehf_customer(shop))
    [queued] = shop.history(invoice)
    with shop.sessions.begin() as session:
        assert records.claim(session, queued.id, shop.clock.now())
    assert shop.deliverer(ap).run().sent == 0  # still someone's
    start = shop.clock.at
    shop.clock.at = start + records.LEASE + dt.timedelta(seconds=1)
    assert shop.deliverer(ap).run().sent == 1
    assert shop.history(invoice)[0].attempts == 2
    shop.clock.at = start


def test_the_real_ehf_goes_to_the_access_point(shop: Shop, tmp_path: Path) -> None:
    number = shop.customer("Peppol AS", delivery_method="ehf", org_number="923609016",
                           street="Storgata 1", postcode="0150", city="Oslo")  # fmt: skip
    invoice = shop.issue(number)
    ap = AccessPointSettings(folder=str(tmp_path))
    deliverer = Deliverer(shop.sessions, shop.clock, access_point=ap, store=shop.store)
    assert deliverer.run().sent == 1
    [view] = shop.history(invoice)
    assert view.file_name is not None
    data = (tmp_path / view.file_name).read_bytes()
    assert b"0192:923609016" in data or b"923609016" in data
    assert b"Invoice" in data
