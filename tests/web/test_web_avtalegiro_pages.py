"""The AvtaleGiro pages: agreement, mandates with filters, attaching a waiting mandate,
"Send krav nå" and the file's contents, the invoice's status, the customer's history."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import TYPE_CHECKING

from reskontro.domain.invoice import LineDraft
from reskontro.domain.kid import DEFAULT_TEMPLATE, KidTemplate
from reskontro.domain.vat import VatCode
from reskontro.services.avtalegiro.mandates import read_mandates
from reskontro.testing.avtalegiro import mandate_list
from reskontro.web import i18n

if TYPE_CHECKING:
    from tests.web.conftest import Web

PAGE = "/settings/avtalegiro"
WAITING_KID = "99999000017"


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", page)).split())


def _agreement(web: Web) -> None:
    client, csrf = web.login("bank_and_payments")
    saved = client.post(f"{PAGE}/agreement", data={
        "csrf": csrf, "agreement_id": "000012345", "data_transmitter": "00010200",
        "bank_notifies": "1",
    }, follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303, saved.text


def _mandates(web: Web) -> str:
    kid = KidTemplate.parse(DEFAULT_TEMPLATE).make(web.customer, 0)
    data = mandate_list((1, kid, True), (1, WAITING_KID, False), account="12345678903")
    read_mandates(web.sessions, web.clock, web.company, data, filename="fbo.txt", actor="t")
    return kid


def _invoice(web: Web, due: dt.date) -> int:
    draft = web.books.create_invoice(
        web.company, customer_number=web.customer,
        lines=[LineDraft("Strøm", 1000, 40000, VatCode.ZERO)], due=due, actor="t",
    )  # fmt: skip
    return int(web.books.issue_invoice(web.company, draft.id, actor="t").id)


def test_agreement_needs_the_bank_role(web: Web) -> None:
    client, csrf = web.login("read_only")
    page = client.get(PAGE)
    assert page.status_code == 200
    assert 'id="ag-no-agreement"' in page.text
    assert "ag-agreement-form" not in page.text
    assert "ag-send-claims" not in page.text
    refused = client.post(f"{PAGE}/agreement", data={
        "csrf": csrf, "agreement_id": "000012345", "data_transmitter": "00010200",
    })  # fmt: skip
    assert refused.status_code == 403
    assert client.post(f"{PAGE}/claims", data={"csrf": csrf}).status_code == 403
    _agreement(web)
    shown = _text(client.get(PAGE).text)
    assert "000012345" in shown
    assert "Banken varsler betaleren" in shown
    # A bad agreement id is refused with the field, nothing saved.
    bank, csrf = web.login("bank_and_payments")
    bad = bank.post(f"{PAGE}/agreement", data={
        "csrf": csrf, "agreement_id": "12", "data_transmitter": "00010200",
    })  # fmt: skip
    assert bad.status_code == 422
    assert "000012345" in bank.get(PAGE).text


def test_mandates_filters_and_attaching_a_waiting_one(web: Web) -> None:
    _agreement(web)
    kid = _mandates(web)
    client, csrf = web.login("bank_and_payments")
    everything = client.get(PAGE).text
    assert kid in everything
    assert WAITING_KID in everything
    waiting = client.get(PAGE, params={"state": "waiting"}).text
    assert WAITING_KID in waiting
    assert kid not in waiting
    assert kid not in client.get(PAGE, params={"notify": "no"}).text
    assert WAITING_KID not in client.get(PAGE, params={"customer": str(web.customer)}).text
    # The voucher inbox points at the mandate that waits.
    inbox = _text(client.get("/inbox").text)
    assert "1 AvtaleGiro-fullmakter venter på kunde" in inbox
    other = web.books.create_customer(web.company, name="Ola Normann", actor="t").number
    assert client.post(f"{PAGE}/mandates/assign", data={
        "csrf": csrf, "kid": WAITING_KID, "customer": "abc"}).status_code == 422  # fmt: skip
    done = client.post(f"{PAGE}/mandates/assign", data={
        "csrf": csrf, "kid": WAITING_KID, "customer": str(other)}, follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    assert WAITING_KID not in client.get(PAGE, params={"state": "waiting"}).text
    assert "AvtaleGiro-fullmakter venter" not in client.get("/inbox").text
    history = _text(client.get(f"/customers/{other}").text)
    assert f"{WAITING_KID} Knyttet til kunde Aktiv nei" in history
    assert "Ny Aktiv ja" in _text(client.get(f"/customers/{web.customer}").text)


def test_send_claims_now_file_page_and_invoice_status(web: Web) -> None:
    _agreement(web)
    _mandates(web)
    invoice = _invoice(web, dt.date(2026, 12, 9))
    client, csrf = web.login("bank_and_payments")
    before = _text(client.get(f"/invoices/{invoice}").text)
    assert "Betales med AvtaleGiro : Trekkrav sendes" in before
    sent = client.post(f"{PAGE}/claims", data={"csrf": csrf}, follow_redirects=False)
    assert sent.status_code == 303
    file_page = client.get(sent.headers["location"])
    shown = _text(file_page.text)
    assert "Forsendelse 0000001" in shown
    assert "Krav 1" in shown
    assert "Sum trekkrav 400,00" in shown
    assert "Trekkrav sendt" in shown
    assert "venter på sending" in shown
    assert f'href="/invoices/{invoice}"' in file_page.text
    after = _text(client.get(f"/invoices/{invoice}").text)
    assert "Trekkrav sendt · sendt 25.11.2026 i forsendelse 0000001" in after
    # Nothing new: no file, and the page says so.
    again = client.post(f"{PAGE}/claims", data={"csrf": csrf})
    assert "Ingen nye trekkrav å sende." in again.text
    listed = _text(client.get(PAGE).text)
    assert "Trekkrav ut avtalegiro-0000001.txt 0000001" in listed
    assert "Fullmakter inn fbo.txt" in listed
    # Another company's file is not found.
    outsider, _ = web.login("bank_and_payments")
    assert outsider.get(f"{PAGE}/files/999999").status_code == 404


def test_pages_in_english(web: Web) -> None:
    _agreement(web)
    _mandates(web)
    invoice = _invoice(web, dt.date(2026, 12, 9))
    client, csrf = web.login("admin")
    client.cookies.set(i18n.COOKIE, "en")
    location = client.post(f"{PAGE}/claims", data={"csrf": csrf}, follow_redirects=False)
    for path in (PAGE, location.headers["location"], f"/invoices/{invoice}",
                 f"/customers/{web.customer}"):  # fmt: skip
        text = _text(client.get(path).text)
        found = re.findall(r"\b(Fullmakt\w*|Trekkrav|Avtale|venter|Betales|sendt|Kunde|ja|nei)\b",
                           text)  # fmt: skip
        assert not found, (path, found)
    assert "Paid by AvtaleGiro" in _text(client.get(f"/invoices/{invoice}").text)
