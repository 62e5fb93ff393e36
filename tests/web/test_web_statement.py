"""The customer statement (kontoutskrift): its numbers, the PDF from the customer page,
the API (JSON and PDF), and the download in Chromium."""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING, NamedTuple

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from reskontro.domain.invoice import LineDraft
from reskontro.domain.settlement import ChargeKind
from reskontro.domain.vat import VatCode
from reskontro.services.payments import PaymentImporter
from reskontro.services.payments.charges import add_charge, waive_fees
from reskontro.services.payments.inbox import Inbox
from reskontro.storage.filestore import FileStore
from reskontro.storage.models import Invoice
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page
    from tests.web.conftest import Web

PERIOD = {"date_from": "2026-09-01", "date_to": "2026-11-25"}


class Issued(NamedTuple):
    id: int
    kid: str


def _issue(web: Web, day: dt.date, kroner: int) -> Issued:
    """Issue an invoice (ids and KID read from the books, whatever the use cases return)."""
    web.books.create_invoice(
        web.company, customer_number=web.customer, due=day + dt.timedelta(days=14),
        lines=[LineDraft("Rådgivning", 1000, kroner * 100, VatCode.EXEMPT)], actor="test",
    )  # fmt: skip
    with web.sessions() as session:
        draft = session.scalars(select(Invoice.id).order_by(Invoice.id.desc()).limit(1)).one()
    web.books.issue_invoice(web.company, draft, issue_date=day, actor="test")
    with web.sessions() as session:
        kid = session.get_one(Invoice, draft).kid
    assert kid is not None
    return Issued(draft, kid)


def _books(web: Web, tmp_path: Path) -> dict[str, Issued]:
    """Before the period: invoice A 1 000 kr, 600 kr paid (400 kr brought forward). In it:
    invoice B 500 kr with a reminder fee (35 kr, waived) and interest (12,34 kr); invoice
    C 300 kr, half credited; 200 kr paid on B; 50 kr from an unknown payer posted to the
    customer (their credit)."""
    a = _issue(web, dt.date(2026, 8, 1), 1000)
    b = _issue(web, dt.date(2026, 10, 1), 500)
    c = _issue(web, dt.date(2026, 11, 10), 300)
    web.books.credit_invoice(web.company, c.id, lines=((1, 500),),
                             issue_date=dt.date(2026, 11, 12), reason="Halv pris", actor="test")  # fmt: skip
    with web.sessions.begin() as session:
        invoice = session.get_one(Invoice, b.id)
        now = web.clock.now()
        add_charge(session, invoice, ChargeKind.REMINDER_FEE, 3500, day=dt.date(2026, 10, 30),
                   now=now, actor="test")  # fmt: skip
        add_charge(session, invoice, ChargeKind.INTEREST, 1234, day=dt.date(2026, 11, 1),
                   now=now, actor="test")  # fmt: skip
    waive_fees(web.sessions, web.clock, web.company, b.id, reason="Kulanse",
               actor="test")  # fmt: skip
    importer = PaymentImporter(web.sessions, web.clock, FileStore(tmp_path / "files"))
    importer.import_bytes(web.company, ocr_file([Pay(60000, a.kid)], date=dt.date(2026, 8, 20)),
                          "a.txt", actor="test")  # fmt: skip
    importer.import_bytes(
        web.company,
        ocr_file([Pay(20000, b.kid), Pay(5000, "12345678902")], date=dt.date(2026, 11, 20),
                 transmission_number="1000002"),
        "b.txt", actor="test",
    )  # fmt: skip
    inbox = Inbox(web.sessions, web.clock)
    waiting = inbox.waiting(web.company, include=("inbox",))
    inbox.post(web.company, waiting[0].id, customer_number=web.customer, actor="test")
    return {"a": a, "b": b, "c": c}


def test_statement_numbers_add_up_to_the_open_items(web: Web, tmp_path: Path) -> None:
    books = _books(web, tmp_path)
    api = web.api("read_only")
    base = f"/api/v1/companies/{web.company}/customers/{web.customer}"
    s = api.get(f"{base}/statement", params=PERIOD).json()
    assert (s["date_from"], s["date_to"], s["made_on"]) == (
        "2026-09-01",
        "2026-11-25",
        "2026-11-25",
    )
    assert s["opening_ore"] == 40000
    assert [(e["date"], e["kind"], e["amount_ore"]) for e in s["entries"]] == [
        ("2026-10-01", "invoice", 50000),
        ("2026-10-30", "reminder_fee", 3500),
        ("2026-11-01", "interest", 1234),
        ("2026-11-10", "invoice", 30000),
        ("2026-11-12", "credit_note", -15000),
        ("2026-11-20", "payment", -20000),
        ("2026-11-20", "payment", -5000),
        ("2026-11-25", "waived", -3500),
    ]
    assert s["entries"][-1]["balance_ore"] == s["closing_ore"] == 81234
    assert s["entries"][0]["kid"] == books["b"].kid
    # The closing balance of a period ending today is the sum of the open items, which
    # is the customer ledger's balance.
    assert sum(i["open_ore"] for i in s["open_items"]) == s["open_ore"] == 81234
    assert api.get(f"{base}/ledger").json()["balance_ore"] == 81234
    assert sorted((i["kind"], i["open_ore"]) for i in s["open_items"]) == [
        ("invoice", 15000), ("invoice", 31234), ("invoice", 40000), ("payment", -5000),
    ]  # fmt: skip
    # The whole year: nothing brought forward, the same closing balance.
    year = api.get(f"{base}/statement").json()
    assert (year["date_from"], year["opening_ore"], year["closing_ore"]) == ("2026-01-01", 0, 81234)
    # A period before the credit: the closing balance is what was owed then.
    early = api.get(
        f"{base}/statement", params={"date_from": "2026-09-01", "date_to": "2026-10-31"}
    )
    assert early.json()["closing_ore"] == 40000 + 50000 + 3500


def test_statement_pdf_from_the_customer_page_and_the_api(web: Web, tmp_path: Path) -> None:
    books = _books(web, tmp_path)
    client, _csrf = web.login("read_only")
    page = client.get(f"/customers/{web.customer}")
    assert 'id="statement-form"' in page.text
    r = client.get(f"/customers/{web.customer}/statement.pdf",
                   params={"date_from": "01.09.2026", "date_to": "25.11.2026"})  # fmt: skip
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    assert f"kontoutskrift-{web.customer}-2026-11-25.pdf" in r.headers["content-disposition"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    for expected in ("Kontoutskrift".upper(), "Saldo fra forrige periode", "400,00", "812,34",
                     "1234.56.78903", books["b"].kid, "Purregebyr", "Gebyr frafalt",
                     "Kreditnota", "Sum åpne poster"):  # fmt: skip
        assert expected in text, expected
    api = web.api("read_only")
    base = f"/api/v1/companies/{web.company}/customers/{web.customer}"
    pdf = api.get(f"{base}/statement.pdf", params=PERIOD)
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    wrong = api.get(
        f"{base}/statement", params={"date_from": "2026-11-01", "date_to": "2026-10-01"}
    )
    assert wrong.status_code == 422
    assert "2026-11-01" in wrong.text
    assert api.get(f"/api/v1/companies/{web.company}/customers/99999/statement").status_code == 404
    outsider = web.api("outsider")
    assert outsider.get(f"{base}/statement").status_code in (403, 404)


@pytest.mark.slow
def test_statement_downloaded_in_chromium(
    web: Web, server: str, page: Page, tmp_path: Path
) -> None:
    _books(web, tmp_path)
    page.goto(f"{server}/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "hemmelig-passord")
    page.click("button[type=submit]")
    page.goto(f"{server}/customers/{web.customer}")
    page.fill("#statement-form input[name=date_from]", "01.09.2026")
    with page.expect_download() as info:
        page.click("#statement")
    download = info.value
    assert download.suggested_filename == f"kontoutskrift-{web.customer}-2026-11-25.pdf"
    target = tmp_path / "statement.pdf"
    download.save_as(target)
    text = "".join(p.extract_text() for p in PdfReader(str(target)).pages)
    assert "812,34" in text
