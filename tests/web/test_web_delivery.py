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
    return int(web.books.issue_invoice(web.company, draft.id, actor="test").id)


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


def test_a_line_with_a_price_but_no_description_is_refused_keeping_the_form(web: Web) -> None:
    client, csrf = web.login("invoicing")
    form = {
        "csrf": csrf, "customer": str(web.customer), "your_reference": "PO-7",
        "description_0": "Regnskap", "quantity_0": "2", "price_0": "100", "vat_0": "25",
        "description_1": "", "quantity_1": "1", "price_1": "50,00", "vat_1": "15",
    }  # fmt: skip
    refused = client.post("/invoices", data=form)
    assert refused.status_code == 400
    assert "Linje 2 har pris, men ingen beskrivelse" in refused.text
    assert 'value="PO-7"' in refused.text
    assert 'value="50,00"' in refused.text
    assert 'name="description_1" size="40" value="" aria-invalid="true"' in refused.text
    assert web.books.invoices(web.company) == []


def test_a_draft_that_cannot_be_issued_can_be_edited_and_deleted(web: Web) -> None:
    import datetime as dt

    draft = web.books.create_invoice(
        web.company, customer_number=web.customer, due=dt.date(2026, 11, 1),
        lines=[LineDraft("Regnskap", 1000, 100000, VatCode.STANDARD)], actor="test",
    ).id  # fmt: skip
    client, csrf = web.login("invoicing")
    issue = client.post(f"/invoices/{draft}/issue", data={"csrf": csrf})
    assert issue.status_code == 422  # due before the issue date
    page = client.get(f"/invoices/{draft}").text
    assert 'id="edit-draft"' in page
    assert 'id="delete-draft"' in page
    edit = client.get(f"/invoices/{draft}/edit").text
    assert 'value="01.11.2026"' in edit
    assert 'value="1000,00"' in edit
    saved = client.post(f"/invoices/{draft}/edit", data={
        "csrf": csrf, "customer": str(web.customer), "due_date": "",
        "description_0": "Regnskap desember", "quantity_0": "3", "price_0": "200", "vat_0": "25",
        "issue": "1",
    }, follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303
    view = web.books.invoice(web.company, draft)
    assert (view.status, view.total_ore) == ("open", 75000)
    assert [line.description for line in view.lines or ()] == ["Regnskap desember"]
    other = web.books.create_invoice(
        web.company, customer_number=web.customer,
        lines=[LineDraft("X", 1000, 100, VatCode.STANDARD)], actor="test",
    ).id  # fmt: skip
    gone = client.post(f"/invoices/{other}/delete", data={"csrf": csrf}, follow_redirects=False)
    assert gone.status_code == 303
    assert [i.id for i in web.books.invoices(web.company)] == [draft]


def test_a_long_customer_name_wraps_on_the_pdf(web: Web) -> None:
    import io

    from pypdf import PdfReader

    from reskontro.services.invoicing import customers
    from reskontro.services.invoicing.customers import CardChanges

    long_name = "Nordlandske Regnskaps- og Revisjonstjenester for Små og Mellomstore Bedrifter AS"
    customers.update(web.sessions, web.clock, web.company, web.customer,
                     CardChanges(name=long_name), actor="test")  # fmt: skip
    invoice = _issued(web)
    client, _ = web.login("read_only")
    text = PdfReader(io.BytesIO(client.get(f"/invoices/{invoice}/pdf").content)).pages[0]
    lines = text.extract_text().splitlines()
    assert long_name not in lines
    first = next(line for line in lines if len(line) > 10 and long_name.startswith(line))
    rest = long_name[len(first) :].strip()
    assert any(line.startswith(rest[:20]) for line in lines)


def test_the_ehf_is_downloaded_from_the_invoice_page(web: Web) -> None:
    from reskontro.services.invoicing import customers
    from reskontro.services.invoicing.customers import CardChanges

    customers.update(web.sessions, web.clock, web.company, web.customer, CardChanges(
        org_number="923609016", street="Storgata 1", postcode="0150", city="Oslo",
        delivery_method="ehf",
    ), actor="test")  # fmt: skip
    invoice = _issued(web)
    client, _ = web.login("read_only")
    assert 'id="ehf-link"' in client.get(f"/invoices/{invoice}").text
    ehf = client.get(f"/invoices/{invoice}/ehf")
    assert ehf.status_code == 200, ehf.text
    assert b"<Invoice" in ehf.content or b":Invoice" in ehf.content


def test_create_and_issue_is_one_transaction_a_failed_issue_leaves_no_draft(web: Web) -> None:
    client, csrf = web.login("invoicing")
    form = {
        "csrf": csrf, "customer": str(web.customer), "due_date": "01.11.2026", "issue": "1",
        "description_0": "Regnskap", "quantity_0": "1", "price_0": "1000", "vat_0": "25",
    }  # fmt: skip
    refused = client.post("/invoices", data=form)
    assert refused.status_code == 400  # the due date is before today's issue date
    assert 'value="01.11.2026"' in refused.text
    assert web.books.invoices(web.company) == []
    api = web.api("invoicing")
    body = {
        "customer_number": web.customer, "due_date": "2026-11-01", "issue": True,
        "lines": [{"description": "Regnskap", "quantity_milli": 1000, "unit_price_ore": 100000,
                   "vat": "25"}],
    }  # fmt: skip
    answer = api.post(f"/api/v1/companies/{web.company}/invoices", json=body)
    assert answer.status_code in (400, 422)
    assert web.books.invoices(web.company) == []
    form["due_date"] = ""
    issued = client.post("/invoices", data=form, follow_redirects=False)
    assert issued.status_code == 303
    (only,) = web.books.invoices(web.company)
    assert (only.status, only.number) == ("open", 1)


def test_new_customers_from_the_form_and_the_api_get_a_method_that_can_deliver(
    web: Web,
) -> None:
    """The same rule as ``reskontro customer create`` (``domain.delivery.first_method``):
    e-mail with an address, EHF for a Norwegian business with an org number, else print."""
    client, csrf = web.login("invoicing")
    api = web.api("invoicing")
    cards = (
        ({"name": "Nordlys AS", "org_number": "923609016"}, "ehf"),
        ({"name": "Kari", "email": "kari@example.no"}, "email"),
        ({"name": "Uten adresse"}, "print"),
    )
    for card, method in cards:
        made = client.post("/customers", data={"csrf": csrf, **card}, follow_redirects=False)
        assert made.status_code == 303, made.text
        number = int(made.headers["location"].rsplit("/", 1)[1])
        assert web.books.customer(web.company, number).delivery_method == method
        by_api = api.post(f"/api/v1/companies/{web.company}/customers", json=card)
        assert by_api.status_code == 201, by_api.text
        assert by_api.json()["delivery_method"] == method
