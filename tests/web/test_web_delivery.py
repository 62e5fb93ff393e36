"""Delivery in the web app and the API: PDF download, send / send again with the
refused rule in the reader's language, the delivery history, the customer edit form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode

if TYPE_CHECKING:
    from tests.web.conftest import Web


def _issued(web: Web) -> int:
    draft = web.books.create_invoice(
        web.company, customer_number=web.customer,
        lines=[LineDraft("Regnskap", 1000, 100000, VatCode.STANDARD)], actor="test",
    )  # fmt: skip
    return int(web.books.issue_invoice(web.company, draft["id"], actor="test")["id"])


def test_invoice_page_shows_delivery_and_downloads_the_pdf(web: Web) -> None:
    invoice = _issued(web)  # the customer has no e-mail: refused on issue
    client, _ = web.login("read_only")
    page = client.get(f"/invoices/{invoice}")
    assert 'id="pdf-link"' in page.text
    assert "E-post krever en adresse" in page.text
    assert 'id="send"' not in page.text  # read-only may not send
    pdf = client.get(f"/invoices/{invoice}/pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    client.cookies.set("reskontro_lang", "en")
    assert "E-mail needs an address" in client.get(f"/invoices/{invoice}").text


def test_send_again_after_fixing_the_card(web: Web) -> None:
    invoice = _issued(web)
    client, csrf = web.login("invoicing")
    assert "Send på nytt" in client.get(f"/invoices/{invoice}").text
    edit = client.get(f"/customers/{web.customer}/edit")
    assert edit.status_code == 200
    bad = client.post(f"/customers/{web.customer}/edit", data={
        "csrf": csrf, "name": "Kari Nordmann", "email": "kari@example.com", "postcode": "12",
        "delivery_method": "email", "kind": "person", "language": "nb", "country": "NO",
    })  # fmt: skip
    assert bad.status_code == 400
    assert "Et norsk postnummer har 4 sifre" in bad.text
    assert 'value="kari@example.com"' in bad.text  # what was typed is kept
    saved = client.post(f"/customers/{web.customer}/edit", data={
        "csrf": csrf, "name": "Kari Nordmann", "email": "kari@example.com", "postcode": "0150",
        "street": "Storgata 1", "city": "Oslo", "delivery_method": "email", "kind": "person",
        "language": "nb", "country": "NO",
    }, follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303
    card = client.get(f"/customers/{web.customer}").text
    assert "Storgata 1" in card
    assert 'id="edit-customer"' in card
    sent = client.post(f"/invoices/{invoice}/send", data={"csrf": csrf, "method": "email"})
    assert sent.status_code == 200
    assert "I kø" in sent.text
    assert "kari@example.com" in sent.text


def test_api_send_deliveries_pdf_and_customer_patch_with_roles(web: Web) -> None:
    invoice = _issued(web)
    base = f"/api/v1/companies/{web.company}"
    reader = web.api("read_only")
    assert reader.post(f"{base}/invoices/{invoice}/send", json={}).status_code == 403
    assert reader.patch(f"{base}/customers/{web.customer}", json={"city": "X"}).status_code == 403
    assert reader.get(f"{base}/invoices/{invoice}/pdf").content.startswith(b"%PDF")
    writer = web.api("invoicing")
    refused = writer.post(f"{base}/invoices/{invoice}/send", json={"method": "print"}).json()
    assert refused["status"] == "refused"
    assert refused["reason"].startswith("Print needs a postal address")
    patched = writer.patch(f"{base}/customers/{web.customer}", json={
        "street": "Storgata 1", "postcode": "0150", "city": "Oslo", "delivery_method": "print",
    })  # fmt: skip
    assert patched.status_code == 200, patched.text
    assert patched.json()["delivery_method"] == "print"
    queued = writer.post(f"{base}/invoices/{invoice}/send", json={}).json()
    assert set(queued) == {"id", "method", "status", "reason"}
    assert (queued["method"], queued["status"], queued["reason"]) == ("print", "queued", None)
    history = reader.get(f"{base}/invoices/{invoice}/deliveries").json()
    assert [d["state"] for d in history] == ["queued", "refused", "refused"]
    bad = writer.patch(f"{base}/customers/{web.customer}", json={"peppol_id": "nope"})
    assert bad.status_code in (400, 422)
