"""An invoice in another currency in the web app and the API: the form takes the
currency and the exchange rate, the invoice page, the list and the ledger show the
currency and the VAT in NOK, the dashboard says aging is NOK-only."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.web.conftest import Web

NBSP = "\u00a0"


def test_an_invoice_in_euro_from_the_form(web: Web) -> None:
    client, csrf = web.login("invoicing")
    form = {"csrf": csrf, "customer": str(web.customer), "description_0": "Kurs",
            "quantity_0": "2", "price_0": "100,00", "vat_0": "25", "currency": "eur"}  # fmt: skip
    no_rate = client.post("/invoices", data=form)
    assert no_rate.status_code == 400
    assert "trenger en valutakurs" in no_rate.text
    assert 'name="currency" value="eur"' in no_rate.text  # what was typed is kept
    made = client.post("/invoices", data={**form, "exchange_rate": "11,7525", "issue": "1"},
                       follow_redirects=False)  # fmt: skip
    assert made.status_code == 303, made.text
    page = client.get(made.headers["location"]).text
    assert f"250,00{NBSP}EUR" in page
    assert 'id="vat-nok"' in page
    assert f"587,63{NBSP}kr" in page  # 50 EUR VAT at 11.7525
    listed = client.get("/invoices").text
    assert f"250,00{NBSP}EUR" in listed
    ledger = client.get(f"/customers/{web.customer}").text
    assert "balance-other" in ledger
    client.cookies.set("reskontro_lang", "en")
    assert "VAT in NOK" in client.get(made.headers["location"]).text


def test_an_invoice_in_euro_through_the_api(web: Web) -> None:
    api = web.api("invoicing")
    body = {"customer_number": web.customer, "currency": "SEK", "exchange_rate": 0.9812,
            "lines": [{"description": "Kurs", "quantity_milli": 1000, "unit_price_ore": 10000,
                       "vat": "25"}]}  # fmt: skip
    made = api.post(f"/api/v1/companies/{web.company}/invoices", json=body)
    assert made.status_code == 201, made.text
    assert (made.json()["currency"], made.json()["exchange_rate_micro"]) == ("SEK", 981_200)
    bad = api.post(f"/api/v1/companies/{web.company}/invoices",
                   json={**body, "currency": "XXQ"})  # fmt: skip
    assert bad.status_code == 422, bad.text
