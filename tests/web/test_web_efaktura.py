"""eFaktura in the API (sandbox register): look-up, save, person data, overview."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import pytest
from cryptography.fernet import Fernet

from reskontro.services.invoicing import customers
from reskontro.services.invoicing.customers import CardChanges

if TYPE_CHECKING:
    from tests.web.conftest import Web


@pytest.fixture(autouse=True)
def sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESKONTRO_EFAKTURA", "sandbox")
    monkeypatch.setenv("RESKONTRO_NATIONAL_ID_KEY", Fernet.generate_key().decode())


def test_look_up_and_save(web: Web) -> None:
    api = web.api("invoicing")
    base = f"/api/v1/companies/{web.company}/customers/{web.customer}/efaktura"
    business = api.put(base + "/person", json={"national_id": "01010012356"})
    assert business.status_code == 422
    assert business.json()["field"] == "national_id"
    customers.update(
        web.sessions, web.clock, web.company, web.customer, CardChanges(kind="person"), actor="t"
    )
    person = api.put(base + "/person", json={"national_id": "01010012356", "mobile": "91234567"})
    assert person.status_code == 200, person.text
    assert person.json()["national_id"] == "010100*****"
    found = api.post(base, json={"save": True}).json()
    assert (found["answer"], found["delivery_method"], found["route"]) == (
        "can_receive", "efaktura", "sandbox",
    )  # fmt: skip
    overview = web.api("read_only").get(f"/api/v1/companies/{web.company}/efaktura").json()
    assert overview["can_receive"] == 1


def test_roles(web: Web) -> None:
    base = f"/api/v1/companies/{web.company}/customers/{web.customer}/efaktura"
    assert web.api("read_only").post(base, json={}).status_code == 403
    assert web.api("read_only").put(base + "/person", json={}).status_code == 403
    answer = web.api("invoicing").post(base, json={}).json()
    assert answer["answer"] == "not_found"  # a business is not looked up
    other = f"/api/v1/companies/{web.other_company}/efaktura"
    assert web.api("invoicing").get(other).status_code == 404


def _kari(web: Web, *, method: str = "email") -> None:
    from reskontro.services.delivery.efaktura_card import set_person_data

    customers.update(
        web.sessions, web.clock, web.company, web.customer,
        CardChanges(kind="person", email="kari@example.no", delivery_method=method,
                    street="Gata 1", postcode="0150", city="Oslo"),
        actor="t",
    )  # fmt: skip
    set_person_data(
        web.sessions, web.clock, web.company, web.customer, national_id="01010012356", actor="t"
    )


def _draft(web: Web) -> int:
    from reskontro.domain.invoice import LineDraft
    from reskontro.domain.vat import VatCode

    draft = web.books.create_invoice(
        web.company, customer_number=web.customer, terms_days=14,
        lines=[LineDraft("Kontingent", 1000, 50000, VatCode.ZERO)], actor="t",
    )  # fmt: skip
    return int(draft.id)


def test_invoicing_offers_efaktura_and_issues_as_efaktura(
    web: Web, caplog: pytest.LogCaptureFixture
) -> None:
    _kari(web)
    client, csrf = web.login("invoicing")
    draft = _draft(web)
    with caplog.at_level(logging.WARNING, logger="reskontro.storage.db"):
        page = client.get(f"/invoices/{draft}")
    assert [r.getMessage() for r in caplog.records] == []  # the look-up writes as a writer
    assert "Kunden kan motta eFaktura" in page.text
    assert 'id="issue-save-on-card"' in page.text
    issued = client.post(f"/invoices/{draft}/issue",
                         data={"csrf": csrf, "efaktura": "1", "save_on_card": "1"})  # fmt: skip
    assert issued.status_code == 200, issued.text
    assert 'class="delivery queued"' in issued.text
    assert "SANDBOX-0001" in issued.text
    assert "Kunden kan motta eFaktura" not in issued.text  # the card says eFaktura now
    card = client.get(f"/customers/{web.customer}").text
    assert 'id="delivery-method">eFaktura' in card
    assert "kan motta eFaktura" in card
    assert 'id="national-id">***********' in card
    assert "01010012356" not in card


def test_this_invoice_only_and_the_send_form(web: Web) -> None:
    _kari(web)
    client, csrf = web.login("invoicing")
    draft = _draft(web)
    client.post(f"/invoices/{draft}/issue", data={"csrf": csrf, "efaktura": "1"})
    card = client.get(f"/customers/{web.customer}").text
    assert 'id="delivery-method">E-post' in card  # not saved on the card
    other = _draft(web)
    client.post(f"/invoices/{other}/issue", data={"csrf": csrf})
    page = client.get(f"/invoices/{other}").text
    assert "Kunden kan motta eFaktura" in page
    assert '<option value="efaktura" selected>' in page
    sent = client.post(f"/invoices/{other}/send",
                       data={"csrf": csrf, "method": "efaktura", "save_on_card": "1"})  # fmt: skip
    assert sent.status_code == 200
    assert sent.text.count('class="delivery queued"') == 2  # the e-mail and the eFaktura
    assert 'id="delivery-method">eFaktura' in client.get(f"/customers/{web.customer}").text


def test_customer_page_look_up_in_english(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    _kari(web, method="print")
    client, csrf = web.login("invoicing")
    before = client.get(f"/customers/{web.customer}").text
    assert 'id="efaktura-answer">ikke sjekket' in before
    assert "sandkasse" in before
    looked = client.post(f"/customers/{web.customer}/efaktura", data={"csrf": csrf})
    assert looked.status_code == 200
    assert 'id="efaktura-address">SANDBOX-0001' in looked.text
    assert 'id="delivery-method">Papir' in looked.text
    english = client.get(f"/customers/{web.customer}", headers={"Accept-Language": "en"}).text
    assert 'id="efaktura-answer">can receive eFaktura' in english
    assert "Check eFaktura now" in english
    reader, token = web.login("read_only")
    refused = reader.post(f"/customers/{web.customer}/efaktura", data={"csrf": token})
    assert refused.status_code == 403
    monkeypatch.delenv("RESKONTRO_EFAKTURA")
    assert 'id="efaktura-check"' not in client.get(f"/customers/{web.customer}").text


def test_status_page_shows_efaktura(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    _kari(web, method="efaktura")
    client, _csrf = web.login("read_only")
    web.books.issue_invoice(web.company, _draft(web), actor="t")
    page = client.get("/status").text
    assert 'id="efaktura-route">Vei til MPS: sandbox' in page
    assert 'id="efaktura-waiting">I kø: 1 ·' in page
    english = client.get("/status", headers={"Accept-Language": "en"}).text
    assert "Route to MPS: sandbox (sandbox, no real eFaktura)" in english
    monkeypatch.delenv("RESKONTRO_EFAKTURA")
    assert 'id="efaktura-route">Ikke satt opp' in client.get("/status").text
