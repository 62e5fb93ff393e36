"""Issue 13 in headless Chromium: the new-invoice form offers eFaktura when a private
customer with another delivery method is chosen, and issues straight as eFaktura."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from tests.web.conftest import Web

pytestmark = pytest.mark.slow
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_new_invoice_form_offers_efaktura_in_chromium(
    web: Web, server: str, page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cryptography.fernet import Fernet
    from playwright.sync_api import expect

    from reskontro.channels.efaktura.sandbox import SandboxRegister
    from reskontro.services.delivery.efaktura_card import set_person_data
    from reskontro.services.delivery.run import Deliverer
    from reskontro.services.invoicing import customers
    from reskontro.services.invoicing.customers import CardChanges

    monkeypatch.setenv("RESKONTRO_EFAKTURA", "sandbox")
    monkeypatch.setenv("RESKONTRO_NATIONAL_ID_KEY", Fernet.generate_key().decode())
    customers.update(
        web.sessions, web.clock, web.company, web.customer,
        CardChanges(kind="person", email="kari@example.no", street="Gata 1", postcode="0150",
                    city="Oslo"),
        actor="t",
    )  # fmt: skip
    set_person_data(
        web.sessions, web.clock, web.company, web.customer, national_id="01010012356", actor="t"
    )
    business = web.books.create_customer(web.company, name="Bedrift AS", actor="t").number
    page.goto(f"{server}/login")
    page.fill("input[name=username]", "invoicing")
    page.fill("input[name=password]", "hemmelig-passord")
    page.click("button[type=submit]")
    page.goto(f"{server}/invoices/new")
    box = page.locator("#new-efaktura")
    expect(page.locator("#new-efaktura-check")).to_have_count(0)  # <noscript>: not here
    expect(box).to_be_hidden()
    page.select_option("select[name=customer]", str(business))
    expect(box).to_be_hidden()
    page.select_option("select[name=customer]", str(web.customer))
    expect(page.locator("#new-efaktura-offer")).to_have_text("Kunden kan motta eFaktura")
    expect(page.locator("#new-efaktura-send")).to_be_checked()
    page.fill("input[name=description_0]", "Kontingent")
    page.fill("input[name=price_0]", "500")
    page.select_option("select[name=vat_0]", "0")
    page.check("#new-save-on-card")
    shot(page, "32-efaktura-new-invoice")
    page.click("#save-issue")
    expect(page.locator("#status")).to_have_text("Åpen")
    first = page.locator("#deliveries tr.delivery").first
    expect(first).to_contain_text("eFaktura")
    expect(first).to_contain_text("SANDBOX-0001")
    Deliverer(web.sessions, web.clock, efaktura=SandboxRegister()).run()
    page.reload()
    expect(page.locator("#deliveries tr.delivery").first.locator(".delivery-state")).to_have_text(
        "Levert"
    )
    page.goto(f"{server}/customers/{web.customer}")
    expect(page.locator("#delivery-method")).to_have_text("eFaktura")
