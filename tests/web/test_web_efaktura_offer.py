"""Issue 13: the eFaktura offer on the new-invoice form (issued straight from it, the
API's ``issue: true`` too), and page views that ask MPS' register at most once a day."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import func, select

from reskontro.services.delivery.efaktura_card import set_person_data
from reskontro.services.invoicing import customers
from reskontro.services.invoicing.customers import CardChanges
from reskontro.storage.models import Customer, Invoice
from reskontro.testing.efaktura import LoopbackMps, RunningMps

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tests.web.conftest import Web

KARI_ID = "01010012356"


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESKONTRO_EFAKTURA", "sandbox")
    monkeypatch.setenv("RESKONTRO_NATIONAL_ID_KEY", Fernet.generate_key().decode())


@pytest.fixture
def mps(monkeypatch: pytest.MonkeyPatch) -> Iterator[LoopbackMps]:
    """MPS' web services on loopback, counting the requests they get."""
    state = LoopbackMps()
    state.add_person("EF-KARI", national_id=KARI_ID)
    with RunningMps(state) as running:
        monkeypatch.setenv("RESKONTRO_EFAKTURA", "mps")
        monkeypatch.setenv("RESKONTRO_EFAKTURA_WSDL", running.wsdl)
        monkeypatch.setenv("RESKONTRO_EFAKTURA_ISSUER", state.issuer)
        yield state


def _kari(web: Web, *, method: str = "email") -> None:
    customers.update(
        web.sessions, web.clock, web.company, web.customer,
        CardChanges(kind="person", email="kari@example.no", delivery_method=method,
                    street="Gata 1", postcode="0150", city="Oslo"),
        actor="t",
    )  # fmt: skip
    set_person_data(web.sessions, web.clock, web.company, web.customer, national_id=KARI_ID,
                    actor="t")  # fmt: skip


def _form(csrf: str, customer: int, **more: str) -> dict[str, str]:
    return {"csrf": csrf, "customer": str(customer), "description_0": "Kontingent",
            "quantity_0": "1", "price_0": "500", "vat_0": "0", **more}  # fmt: skip


def _invoices(web: Web) -> int:
    with web.sessions() as session:
        return (
            session.scalar(
                select(func.count()).select_from(Invoice).where(Invoice.company_id == web.company)
            )
            or 0
        )


def test_the_form_asks_when_a_customer_is_chosen(web: Web) -> None:
    _kari(web)
    business = web.books.create_customer(web.company, name="Bedrift AS", actor="t").number
    client, _csrf = web.login("invoicing")
    form = client.get("/invoices/new").text
    assert 'id="new-efaktura"' in form
    assert 'data-offer-url="/customers/{n}/efaktura/offer"' in form
    assert 'name="check_efaktura"' in form  # inside <noscript>
    offer = client.get(f"/customers/{web.customer}/efaktura/offer").json()
    assert offer == {"customer": web.customer, "offer": True, "answer": "can_receive"}
    none = client.get(f"/customers/{business}/efaktura/offer").json()
    assert none == {"customer": business, "offer": False, "answer": None}
    reader, _ = web.login("read_only")
    assert reader.get(f"/customers/{web.customer}/efaktura/offer").status_code == 403


def test_issue_from_the_form_as_efaktura_saved_on_the_card(web: Web) -> None:
    _kari(web)
    client, csrf = web.login("invoicing")
    page = client.post("/invoices", data=_form(csrf, web.customer, issue="1", efaktura="1",
                                               save_on_card="1"))  # fmt: skip
    assert page.status_code == 200, page.text
    first = page.text.split('class="delivery ', 1)[1]
    assert first.startswith("queued")
    assert "SANDBOX-0001" in first.split("</tr>")[0]
    assert ">eFaktura<" in first.split("</tr>")[0]
    card = client.get(f"/customers/{web.customer}").text
    assert 'id="delivery-method">eFaktura' in card


def test_this_invoice_only_and_without_the_tick(web: Web) -> None:
    _kari(web)
    client, csrf = web.login("invoicing")
    client.post("/invoices", data=_form(csrf, web.customer, issue="1", efaktura="1"))
    assert 'id="delivery-method">E-post' in client.get(f"/customers/{web.customer}").text
    plain = client.post("/invoices", data=_form(csrf, web.customer, issue="1"))
    row = plain.text.split('class="delivery ', 1)[1].split("</tr>")[0]
    assert "kari@example.no" in row  # by the card's method


def test_a_broken_rule_names_itself_and_nothing_is_issued(web: Web) -> None:
    _kari(web)
    client, csrf = web.login("invoicing")
    before = _invoices(web)
    soon = _form(
        csrf, web.customer, issue="1", efaktura="1", efaktura_shown="1", due_date="26.11.2026"
    )
    refused = client.post("/invoices", data=soon)
    assert refused.status_code == 400
    assert "eFaktura: forfallsdatoen må være minst 3 dager etter utsending" in refused.text
    assert 'id="new-efaktura-send" checked' in refused.text  # the choice kept
    english = client.post("/invoices", data=soon, headers={"Accept-Language": "en"})
    assert "eFaktura: the due date must be at least 3 days after sending" in english.text
    usd = _form(csrf, web.customer, issue="1", efaktura="1", currency="USD")
    assert "bare fakturaer i NOK" in client.post("/invoices", data=usd).text
    late = _form(csrf, web.customer, issue="1", efaktura="1", due_date="26.11.2027")
    assert (
        "høyst 365 dager etter utsending (den er 366)" in client.post("/invoices", data=late).text
    )
    free = _form(csrf, web.customer, issue="1", efaktura="1", price_0="0")
    assert "beløpet må være større enn null" in client.post("/invoices", data=free).text
    assert _invoices(web) == before  # no draft left behind, no number used
    soon_plain = _form(csrf, web.customer, issue="1", due_date="26.11.2026")
    assert client.post("/invoices", data=soon_plain).status_code == 200  # no eFaktura: fine


def test_check_without_a_script_saves_nothing(web: Web) -> None:
    _kari(web)
    client, csrf = web.login("invoicing")
    shown = client.post("/invoices", data=_form(csrf, web.customer, check_efaktura="1"))
    assert shown.status_code == 200
    assert '<fieldset id="new-efaktura" data-offer-url="/customers/{n}/efaktura/offer">' in (
        shown.text
    )
    assert 'id="new-efaktura-send" checked' in shown.text
    assert 'value="Kontingent"' in shown.text
    assert _invoices(web) == 0


def test_the_api_issues_as_efaktura(web: Web) -> None:
    _kari(web)
    api = web.api("invoicing")
    base = f"/api/v1/companies/{web.company}/invoices"
    body = {"customer_number": web.customer, "issue": True, "send_as_efaktura": True,
            "save_on_card": True,
            "lines": [{"description": "Kontingent", "unit_price_ore": 50000, "vat": "0"}]}  # fmt: skip
    refused = api.post(base, json={**body, "due_date": "2026-11-26"})
    assert refused.status_code == 422, refused.text
    assert (refused.json()["code"], refused.json()["field"]) == (
        "efaktura.due_too_soon",
        "due_date",
    )
    made = api.post(base, json=body)
    assert made.status_code == 201, made.text
    client, _ = web.login("invoicing")
    page = client.get(f"/invoices/{made.json()['id']}").text
    assert "SANDBOX-0001" in page
    assert 'id="delivery-method">eFaktura' in client.get(f"/customers/{web.customer}").text


def test_register_down_at_issue_goes_by_the_other_method(web: Web, mps: LoopbackMps) -> None:
    _kari(web)
    mps.down = True
    client, csrf = web.login("invoicing")
    page = client.post("/invoices", data=_form(csrf, web.customer, issue="1", efaktura="1"))
    assert page.status_code == 200, page.text
    row = page.text.split('class="delivery ', 1)[1].split("</tr>")[0]
    assert "kari@example.no" in row
    assert "eFaktura-registeret svarte ikke" in row


def _age(web: Web, by: dt.timedelta) -> None:
    """The card's last look-up ``by`` older (the login would not last a day's clock)."""
    with web.sessions.begin() as session:
        card = session.scalars(
            select(Customer).where(Customer.company_id == web.company,
                                   Customer.number == web.customer)
        ).one()  # fmt: skip
        assert card.efaktura_checked_at is not None
        card.efaktura_checked_at -= by


def test_a_page_view_asks_the_register_at_most_once_a_day(web: Web, mps: LoopbackMps) -> None:
    from reskontro.domain.invoice import LineDraft
    from reskontro.domain.vat import VatCode

    _kari(web)
    client, csrf = web.login("invoicing")
    draft = web.books.create_invoice(
        web.company, customer_number=web.customer, terms_days=14,
        lines=[LineDraft("Kontingent", 1000, 50000, VatCode.ZERO)], actor="t",
    ).id  # fmt: skip
    mps.down = True
    first = client.get(f"/invoices/{draft}").text
    assert mps.requests >= 1
    asked = mps.requests
    assert "Kunden kan motta eFaktura" not in first
    assert 'id="efaktura-last">Siste eFaktura-oppslag: registeret svarte ikke' in first
    client.get(f"/invoices/{draft}")
    assert client.get(f"/customers/{web.customer}/efaktura/offer").json()["offer"] is False
    assert mps.requests == asked  # the day's answer: "did not answer", not asked again
    mps.down = False
    checked = client.post(f"/invoices/{draft}/efaktura", data={"csrf": csrf})
    assert "Kunden kan motta eFaktura" in checked.text  # "Sjekk eFaktura nå" asks now
    assert mps.looked_up() == 1
    for _ in range(3):
        assert "Kunden kan motta eFaktura" in client.get(f"/invoices/{draft}").text
    assert mps.looked_up() == 1
    _age(web, dt.timedelta(days=1, minutes=1))
    client.get(f"/invoices/{draft}")
    client.get(f"/invoices/{draft}")
    assert mps.looked_up() == 2  # a day later: asked again, once
    client.post(f"/invoices/{draft}/issue", data={"csrf": csrf})
    _age(web, dt.timedelta(days=2))
    issued = client.get(f"/invoices/{draft}").text
    assert mps.looked_up() == 2  # an issued invoice's page shows the card's answer
    assert "Kunden kan motta eFaktura" in issued


def test_a_send_asks_again_after_a_page_view_got_no_answer(web: Web, mps: LoopbackMps) -> None:
    _kari(web)
    client, csrf = web.login("invoicing")
    mps.down = True
    assert client.get(f"/customers/{web.customer}/efaktura/offer").json() == {
        "customer": web.customer, "offer": False, "answer": "unavailable",
    }  # fmt: skip
    mps.down = False
    page = client.post("/invoices", data=_form(csrf, web.customer, issue="1", efaktura="1"))
    row = page.text.split('class="delivery ', 1)[1].split("</tr>")[0]
    assert "EF-KARI" in row
    assert mps.looked_up() == 1


def test_a_read_only_page_view_asks_nothing(web: Web, mps: LoopbackMps) -> None:
    """Only a user who may invoice gets the offer, so only their page view asks the
    register (and reads the customer's national identity number, audited)."""
    from reskontro.domain.invoice import LineDraft
    from reskontro.domain.vat import VatCode

    _kari(web)
    draft = web.books.create_invoice(
        web.company, customer_number=web.customer, terms_days=14,
        lines=[LineDraft("Kontingent", 1000, 50000, VatCode.ZERO)], actor="t",
    ).id  # fmt: skip
    reader, _ = web.login("read_only")
    page = reader.get(f"/invoices/{draft}")
    assert page.status_code == 200
    assert "Kunden kan motta eFaktura" not in page.text
    assert mps.requests == 0
    invoicer, _ = web.login("invoicing")
    assert "Kunden kan motta eFaktura" in invoicer.get(f"/invoices/{draft}").text
    assert mps.looked_up() == 1
