"""CSV exports of the lists, with the list's filters: invoices, customers, a file's
payments and the voucher inbox, from the pages and the API."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.services.payments import PaymentImporter
from reskontro.storage.filestore import FileStore
from reskontro.storage.models import Invoice
from reskontro.testing.ocr import Pay, ocr_file
from reskontro.web import export_pages

if TYPE_CHECKING:
    from pathlib import Path

    import pytest
    from tests.web.conftest import Web


def _rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff"), "UTF-8 with a byte-order mark"
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def _books(web: Web, tmp_path: Path) -> tuple[list[str], int]:
    """Three invoices of Kari (one overdue and paid in part), one of Ola; an import that
    pays one and leaves one payment in the inbox. Returns the KIDs and the file's id."""
    ola = web.customer + 1
    web.books.create_customer(web.company, name="Ola Hansen; AS", org_number="987654325",
                              actor="test")  # fmt: skip
    kids = []
    for customer, kroner, day in ((web.customer, 1000, dt.date(2026, 9, 1)),
                                  (web.customer, 1234, dt.date(2026, 11, 20)),
                                  (ola, 99, dt.date(2026, 11, 21)),
                                  (web.customer, 50, dt.date(2026, 11, 22))):  # fmt: skip
        web.books.create_invoice(
            web.company, customer_number=customer, due=day + dt.timedelta(days=14), actor="test",
            lines=[LineDraft("Rådgivning", 1000, kroner * 100 + 50, VatCode.EXEMPT)],
        )  # fmt: skip
        with web.sessions() as session:
            draft = session.scalars(select(func.max(Invoice.id))).one()
        web.books.issue_invoice(web.company, draft, issue_date=day, actor="test")
        with web.sessions() as session:
            kids.append(str(session.get_one(Invoice, draft).kid))
    importer = PaymentImporter(web.sessions, web.clock, FileStore(tmp_path / "files"))
    data = ocr_file(
        [Pay(40000, kids[0]), Pay(9950, kids[2]), Pay(4200, "12345678902", text="ukjent")]
    )
    summary = importer.import_bytes(web.company, data, "ocr.txt", actor="test")
    return kids, int(summary.file_id or 0)


def test_invoice_list_csv_is_the_list_as_filtered(
    web: Web, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kids, _ = _books(web, tmp_path)
    monkeypatch.setattr(export_pages, "CHUNK", 2)  # walks the list's pages
    client, _csrf = web.login("read_only")
    every = client.get("/invoices.csv")
    assert every.status_code == 200
    assert every.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="fakturaer.csv"' in every.headers["content-disposition"]
    rows = _rows(every.text)
    assert rows[0] == ["Nr.", "Kundenr.", "Kunde", "Fakturadato", "Forfall", "KID", "Status",
                       "Forfalt", "Valuta", "Beløp", "Utestående"]  # fmt: skip
    assert [r[0] for r in rows[1:]] == ["4", "3", "2", "1"]
    first = rows[-1]
    assert first == ["1", str(web.customer), "Kari Nordmann", "01.09.2026", "15.09.2026", kids[0],
                     "Delbetalt", "ja", "NOK", "1000,50", "600,50"]  # fmt: skip
    assert rows[2][2] == "Ola Hansen; AS"  # quoted: the separator inside a name
    assert 'Ola Hansen; AS"' in every.text

    # The page's filters: the same rows as the page shows.
    for query, numbers in (({"customer": str(web.customer)}, ["4", "2", "1"]),
                           ({"overdue": "true"}, ["1"]),
                           ({"status": "paid"}, ["3"]),
                           ({"q": "ola"}, ["3"]),
                           ({"date_from": "20.11.2026", "date_to": "21.11.2026"}, ["3", "2"])):  # fmt: skip
        page = client.get("/invoices", params=query)
        got = [r[0] for r in _rows(client.get("/invoices.csv", params=query).text)[1:]]
        assert got == numbers, query
        for number in numbers:
            assert f">{number}</a>" in page.text
    assert 'href="/invoices.csv?status=paid"' in client.get("/invoices?status=paid").text

    client.cookies.set("reskontro_lang", "en")
    english = _rows(client.get("/invoices.csv", params={"status": "paid"}).text)
    assert english[0][:3] == ["Number", "Customer number", "Customer"]
    assert english[1][6:8] == ["Paid", "no"]


def test_customer_payment_and_inbox_csv(web: Web, tmp_path: Path) -> None:
    _kids, file_id = _books(web, tmp_path)
    client, _csrf = web.login("read_only")
    customers = _rows(client.get("/customers.csv").text)
    assert customers[0][:4] == ["Kundenr.", "Navn", "Org.nr.", "E-post"]
    assert [r[:3] for r in customers[1:]] == [
        [str(web.customer), "Kari Nordmann", ""], [str(web.customer + 1), "Ola Hansen; AS", "987654325"],
    ]  # fmt: skip
    assert 'id="customers-csv"' in client.get("/customers").text

    payments = _rows(client.get(f"/payments/files/{file_id}/payments.csv").text)
    assert payments[0][:3] == ["Id", "Dato", "Beløp"]
    assert [(r[2], r[8], r[9]) for r in payments[1:]] == [
        ("400,00", "Kari Nordmann", "1"), ("99,50", "Ola Hansen; AS", "3"), ("42,00", "", ""),
    ]  # fmt: skip
    assert 'id="file-payments-csv"' in client.get(f"/payments/files/{file_id}").text

    inbox = _rows(client.get("/inbox.csv").text)
    assert [(r[2], r[-1]) for r in inbox[1:]] == [("42,00", "I bilagsmottaket")]
    assert _rows(client.get("/inbox.csv", params={"q": "nobody"}).text)[1:] == []
    assert 'href="/inbox.csv?q=ukjent"' in client.get("/inbox?q=ukjent").text

    other = web.api("outsider")
    assert client.get("/payments/files/999999/payments.csv").status_code == 404
    assert other.get(f"/api/v1/companies/{web.company}/customers.csv").status_code in (403, 404)


def test_csv_in_the_api(web: Web, tmp_path: Path) -> None:
    _kids, file_id = _books(web, tmp_path)
    api = web.api("read_only")
    base = f"/api/v1/companies/{web.company}"
    invoices = _rows(api.get(f"{base}/invoices.csv", params={"customer_number": web.customer}).text)
    assert invoices[0][0] == "Number"
    assert [r[0] for r in invoices[1:]] == ["4", "2", "1"]
    assert [
        r[0] for r in _rows(api.get(f"{base}/invoices.csv", params={"status": "paid"}).text)[1:]
    ] == ["3"]
    assert len(_rows(api.get(f"{base}/customers.csv").text)) == 3
    assert len(_rows(api.get(f"{base}/payments/files/{file_id}/payments.csv").text)) == 4
    assert len(_rows(api.get(f"{base}/inbox.csv", params={"show": "all"}).text)) == 2
    assert api.get(f"{base}/invoices.csv", params={"status": "nonsense"}).status_code == 422
