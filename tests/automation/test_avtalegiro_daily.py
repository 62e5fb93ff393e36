"""The daily fetch job sends the day's AvtaleGiro claims file to Nets over the loopback
SFTP server: once a day, and again after a failed upload."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from reskontro.domain.avtalegiro import FileDirection
from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.errors import StateError
from reskontro.formats import nets
from reskontro.services.automation.scheduler import Scheduler, build_automation
from reskontro.services.avtalegiro.agreement import register_agreement
from reskontro.services.avtalegiro.files import list_files
from reskontro.services.avtalegiro.mandates import read_mandates
from reskontro.services.avtalegiro.sending import send_pending, set_outbound
from reskontro.storage.filestore import FileStore
from reskontro.testing.avtalegiro import ACCOUNT, TEMPLATE, mandate_list

if TYPE_CHECKING:
    from pathlib import Path

    from tests.automation.conftest import SftpServer

    from reskontro.clock import FixedClock
    from reskontro.services.automation.scheduler import Automation
    from reskontro.services.invoicing.books import Books

sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
JOB = "fetch"
PASSWORD = "sftp-s3cret-Passord!"


def _company(books: Books, clock: FixedClock) -> int:
    company = books.create_company(
        name="Trekk AS", org_number="123456785", account=ACCOUNT, kid_template=TEMPLATE,
        actor="t",
    )  # fmt: skip
    cid = int(company.id)
    books.create_customer(cid, name="Åse Øvrebø", number=112, actor="t")
    register_agreement(
        books.sessions, clock, cid, agreement_id="000012345", data_transmitter="00010200",
        actor="t",
    )  # fmt: skip
    data = mandate_list((1, "000112000507155", True))
    read_mandates(books.sessions, clock, cid, data, filename="fbo.txt", actor="t")
    for due in (dt.date(2026, 12, 9), dt.date(2026, 12, 10)):
        draft = books.create_invoice(
            cid, customer_number=112, lines=[LineDraft("Strøm", 1000, 50000, VatCode.ZERO)],
            invoice_date=dt.date(2026, 11, 20), due=due, actor="t",
        )  # fmt: skip
        books.issue_invoice(cid, draft.id, issue_date=dt.date(2026, 11, 20), actor="t")
    return cid


def _automation(books: Books, clock: FixedClock, tmp_path: Path) -> Automation:
    return build_automation(
        books.sessions, clock, store=FileStore(tmp_path / "files"),
        environ={"SFTP_PASSWORD": PASSWORD}, worker_id="test-worker",
    )  # fmt: skip


def _channel(auto: Automation, cid: int, server: SftpServer, folder: str) -> None:
    auto.channels.add_sftp(
        cid, "nets", host="127.0.0.1", port=server.port, username="reskontro",
        fingerprint=server.fingerprint, password="env:SFTP_PASSWORD", folder="/inbound",
        pattern="*.txt", actor="t",
    )  # fmt: skip
    set_outbound(auto.sessions, auto.clock, cid, channel="nets", folder=folder, actor="t")


@sqlite_only
def test_the_daily_job_sends_the_claims_file(
    books: Books, clock: FixedClock, sftp_server: SftpServer, tmp_path: Path
) -> None:
    cid = _company(books, clock)
    auto = _automation(books, clock, tmp_path)
    scheduler = Scheduler(auto)
    # No channel yet: the fetch job is not set up for the company.
    assert [r.status for r in scheduler.run_now(cid, jobs=[JOB])] == ["skipped"]
    with pytest.raises(StateError, match="no SFTP channel"):
        send_pending(auto.sessions, clock, cid, actor="t")
    outbound = sftp_server.root / f"outbound-{cid}-{tmp_path.name}"
    outbound.mkdir()
    (sftp_server.root / "inbound").mkdir(exist_ok=True)
    _channel(auto, cid, sftp_server, "/" + outbound.name)
    (result,) = scheduler.run_now(cid, jobs=[JOB])
    assert result.status == "ok", result.error
    (written,) = list_files(auto.sessions, cid, direction=FileDirection.CLAIMS)
    assert (written.claims, written.sent_to) == (2, f"nets:/{outbound.name}")
    files = sorted(p.name for p in outbound.iterdir())
    assert files == ["avtalegiro-0000001.txt"]
    sent = nets.parse((outbound / files[0]).read_bytes())
    assert sent.num_transactions == 2
    assert sent.data_transmitter == "00010200"
    # Once a day: run again (forced), nothing new is written or sent.
    (again,) = scheduler.run_now(cid, jobs=[JOB], force=True)
    assert again.status == "ok"
    assert sorted(p.name for p in outbound.iterdir()) == files


@sqlite_only
def test_a_failed_upload_is_sent_on_the_next_try(
    books: Books, clock: FixedClock, sftp_server: SftpServer, tmp_path: Path
) -> None:
    cid = _company(books, clock)
    auto = _automation(books, clock, tmp_path)
    (sftp_server.root / "inbound").mkdir(exist_ok=True)
    _channel(auto, cid, sftp_server, f"/missing-{cid}-{tmp_path.name}")
    (failed,) = Scheduler(auto).run_now(cid, jobs=[JOB])
    assert failed.status == "failed"
    assert failed.error is not None
    assert failed.error.startswith("AvtaleGiro: ")
    folder = sftp_server.root / f"missing-{cid}-{tmp_path.name}"
    folder.mkdir()
    (sent,) = send_pending(auto.sessions, clock, cid, environ={"SFTP_PASSWORD": PASSWORD},
                           actor="t")  # fmt: skip
    assert sent.transmission_number == "0000001"
    assert (folder / sent.filename).read_bytes().startswith(b"NY000010")
    assert send_pending(auto.sessions, clock, cid, environ={"SFTP_PASSWORD": PASSWORD},
                        actor="t") == ()  # fmt: skip
