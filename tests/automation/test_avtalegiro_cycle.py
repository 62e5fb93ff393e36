"""AvtaleGiro, the whole cycle over the loopback SFTP server: the mandate list in, an
invoice issued, the claims file out, the settled claim in as OCR type 15, the invoice
paid and its claim settled."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from reskontro.domain.avtalegiro import ClaimState
from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.formats import nets
from reskontro.formats.nets import ClaimAssignment, OcrTransactionType
from reskontro.services.automation.scheduler import Scheduler, build_automation
from reskontro.services.avtalegiro.agreement import register_agreement
from reskontro.services.avtalegiro.mandates import list_mandates
from reskontro.services.avtalegiro.sending import set_outbound
from reskontro.storage.filestore import FileStore
from reskontro.storage.models_avtalegiro import Claim
from reskontro.testing.avtalegiro import ACCOUNT, TEMPLATE, mandate_list
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from pathlib import Path

    from tests.automation.conftest import SftpServer

    from reskontro.clock import FixedClock
    from reskontro.services.invoicing.books import Books

PASSWORD = "sftp-s3cret-Passord!"


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
def test_mandate_in_claim_out_payment_in(
    books: Books, clock: FixedClock, sftp_server: SftpServer, tmp_path: Path
) -> None:
    company = books.create_company(
        name="Trekk AS", org_number="123456785", account=ACCOUNT, kid_template=TEMPLATE,
        actor="t",
    )  # fmt: skip
    cid = int(company.id)
    books.create_customer(cid, name="Åse Øvrebø", number=112, actor="t")
    register_agreement(books.sessions, clock, cid, agreement_id="000012345",
                       data_transmitter="00010200", actor="t")  # fmt: skip
    inbound = sftp_server.root / f"in-{tmp_path.name}"
    outbound = sftp_server.root / f"out-{tmp_path.name}"
    inbound.mkdir()
    outbound.mkdir()
    auto = build_automation(
        books.sessions, clock, store=FileStore(tmp_path / "files"),
        environ={"SFTP_PASSWORD": PASSWORD}, worker_id="test-worker",
    )  # fmt: skip
    auto.channels.add_sftp(
        cid, "nets", host="127.0.0.1", port=sftp_server.port, username="reskontro",
        fingerprint=sftp_server.fingerprint, password="env:SFTP_PASSWORD",
        folder="/" + inbound.name, pattern="*.txt", actor="t",
    )  # fmt: skip
    set_outbound(books.sessions, clock, cid, channel="nets", folder="/" + outbound.name,
                 actor="t")  # fmt: skip
    scheduler = Scheduler(auto)

    # 1. The mandate list arrives with the bank files and is applied, not booked.
    (inbound / "fbo.txt").write_bytes(mandate_list((1, "000112000507155", True), account=ACCOUNT))
    (run,) = scheduler.run_now(cid, jobs=["fetch"])
    assert run.status == "ok", run.error
    (mandate,) = list_mandates(books.sessions, cid)
    assert (mandate.customer, mandate.active) == (112, True)

    # 2. An invoice is issued; 3. the next morning its claim goes out.
    draft = books.create_invoice(
        cid, customer_number=112, lines=[LineDraft("Strøm", 1000, 80000, VatCode.ZERO)],
        invoice_date=dt.date(2026, 11, 25), due=dt.date(2026, 12, 9), actor="t",
    )  # fmt: skip
    invoice = books.issue_invoice(cid, draft.id, issue_date=dt.date(2026, 11, 25), actor="t")
    clock.at = dt.datetime(2026, 11, 26, 5, 0, tzinfo=dt.UTC)
    (run,) = scheduler.run_now(cid, jobs=["fetch"])
    assert run.status == "ok", run.error
    (sent,) = outbound.iterdir()
    (claims,) = nets.parse(sent.read_bytes()).assignments
    assert isinstance(claims, ClaimAssignment)
    (claim,) = claims.claims
    assert (claim.kid, claim.amount, claim.due_date) == (
        invoice.kid, 80000, dt.date(2026, 12, 9),
    )  # fmt: skip

    # 4. On the due date Nets draws it: OCR transaction type 15 with the invoice's KID.
    clock.at = dt.datetime(2026, 12, 10, 5, 0, tzinfo=dt.UTC)
    (inbound / "ocr.txt").write_bytes(
        ocr_file(
            [Pay(80000, invoice.kid, type=OcrTransactionType.AVTALEGIRO)],
            date=dt.date(2026, 12, 9),
            account=ACCOUNT,
            transmission_number="2000001",
        )
    )
    (run,) = scheduler.run_now(cid, jobs=["fetch"])
    assert run.status == "ok", run.error
    assert books.invoice(cid, invoice.id).status == "paid"
    with books.sessions() as session:
        (state, payment_id) = session.execute(select(Claim.state, Claim.payment_id)).one()
    assert state == ClaimState.SETTLED
    assert payment_id is not None
