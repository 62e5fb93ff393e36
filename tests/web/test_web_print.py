"""The web's print button (the day's paper invoices as one PDF, as ``reskontro print``)
and the company's send-on-issue / hold setting (as ``reskontro company delivery``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.domain.delivery import DeliveryMethod
from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.services.delivery import send
from reskontro.services.invoicing import customers
from reskontro.services.invoicing.customers import CardChanges

if TYPE_CHECKING:
    from tests.web.conftest import Web


def _paper_invoice(web: Web) -> int:
    customers.update(web.sessions, web.clock, web.company, web.customer, CardChanges(
        street="Storgata 1", postcode="0150", city="Oslo", delivery_method=DeliveryMethod.PRINT,
    ), actor="test")  # fmt: skip
    draft = web.books.create_invoice(
        web.company, customer_number=web.customer,
        lines=[LineDraft("Regnskap", 1000, 100000, VatCode.STANDARD)], actor="test",
    )  # fmt: skip
    return int(web.books.issue_invoice(web.company, draft.id, actor="test").id)


def test_print_button_downloads_the_days_paper_invoices_once(web: Web) -> None:
    invoice = _paper_invoice(web)
    reader, reader_csrf = web.login("read_only")
    assert 'id="print-button"' not in reader.get("/invoices").text
    assert reader.post("/invoices/print", data={"csrf": reader_csrf}).status_code == 403
    client, csrf = web.login("invoicing")
    assert 'id="print-button"' in client.get("/invoices").text
    day = web.clock.today().isoformat()
    pdf = client.post("/invoices/print", data={"csrf": csrf, "date": day})
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "delivered" in [d.state for d in send.deliveries(web.sessions, web.company, invoice)]
    again = client.post("/invoices/print", data={"csrf": csrf, "date": day})
    assert again.status_code == 200
    assert 'id="print-empty"' in again.text
    client.cookies.set("reskontro_lang", "en")
    assert "No paper invoices to print" in client.post("/invoices/print", data={"csrf": csrf}).text


def test_hold_for_manual_send_is_an_admin_setting(web: Web) -> None:
    client, csrf = web.login("invoicing")
    assert client.post("/settings/delivery", data={"csrf": csrf}).status_code == 403
    admin, admin_csrf = web.login("admin")
    page = admin.get("/settings").text
    assert 'id="delivery-save"' in page
    assert "Send fakturaen når den utstedes" in page
    saved = admin.post("/settings/delivery", data={"csrf": admin_csrf, "send_on_issue": "0"},
                       follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303
    assert send.settings(web.sessions, web.company).send_on_issue is False
    assert 'id="hold-delivery" checked' in admin.get("/settings").text
    admin.post("/settings/delivery", data={"csrf": admin_csrf, "send_on_issue": "1"})
    assert send.settings(web.sessions, web.company).send_on_issue is True
    admin.cookies.set("reskontro_lang", "en")
    assert "Hold issued invoices for a manual send" in admin.get("/settings").text
