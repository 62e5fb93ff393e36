"""The pages from a phone (390 px) to a wide screen (1 400 px), in headless Chromium.

At each width every main page fits (no horizontal scrolling of the page: wide tables
scroll inside their own box) and its main action is on screen; on a phone the
navigation folds behind *Meny*, on a wide screen it is one row.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.services.payments import PaymentImporter
from reskontro.storage.filestore import FileStore
from reskontro.storage.models import Customer, Invoice
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from tests.web.conftest import Web

pytestmark = pytest.mark.slow

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
WIDTHS = (390, 1400)
LONG_NAME = "Vestlandske Rørleggerforretning og Varmepumpeservice Aksjeselskap"


def _books(web: Web, tmp_path: Path) -> dict[str, int]:
    """Long names, several invoices (overdue ones among them), an import with a payment
    waiting in the inbox."""
    books = web.books
    books.create_customer(web.company, name=LONG_NAME, email="faktura@rorlegger.example",
                          org_number="987654325", actor="test")  # fmt: skip
    with web.sessions() as session:
        other = session.scalars(select(func.max(Customer.number))).one()
    ids = []
    for i, customer in enumerate((web.customer, other, other)):
        due = dt.date(2026, 10, 20) + dt.timedelta(days=10 * i)
        books.create_invoice(
            web.company, customer_number=customer, due=due, actor="test",
            lines=[LineDraft("Service på varmepumpe, inkludert reise og materiell " * 2,
                             1000, 1234567 * (i + 1), VatCode.STANDARD)],
        )  # fmt: skip
        with web.sessions() as session:
            draft = session.scalars(select(func.max(Invoice.id))).one()
        books.issue_invoice(
            web.company, draft, issue_date=due - dt.timedelta(days=14), actor="test"
        )
        ids.append(draft)
    importer = PaymentImporter(web.sessions, web.clock, FileStore(tmp_path / "files"))
    data = ocr_file([Pay(4200, "12345678902", text="Betaling uten kjent KID, lang melding")])
    file_id = importer.import_bytes(web.company, data, "ocr.txt", actor="test").file_id
    return {"invoice": ids[1], "customer": other, "file": int(file_id or 0)}


#: (path, the main action that must be on screen).
PAGES = (
    ("/", "#overdue"),
    ("/invoices", "a[href='/invoices/new'] button"),
    ("/invoices/new", "#save-issue"),
    ("/invoices/{invoice}", "#credit-part summary"),
    ("/customers", "form[action='/customers'] button"),
    ("/customers/{customer}", "#statement"),
    ("/payments", "#upload"),
    ("/payments/files/{file}", "#undo-import button"),
    ("/inbox", "#inbox button.post"),
    ("/followup", "#overdue-filter button"),
    ("/followup/reminders", "#run"),
    ("/followup/holds", "#hold-add"),
    ("/invoicing/bulk", "#bulk-preview"),
    ("/recurring", "#recurring-save"),
    ("/settings", "#recipient-form button"),
    ("/settings/bank", "#agreement-form button"),
    ("/settings/avtalegiro", "#ag-agreement-save"),
    ("/status", "h1"),
    ("/audit", "#audit-filter button"),
)


def _login(page: Page, server: str) -> None:
    page.goto(f"{server}/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "hemmelig-passord")
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/")


_FITS = "() => [document.scrollingElement.scrollWidth, window.innerWidth]"


def _on_screen(page: Page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    width = page.evaluate("() => window.innerWidth")
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_every_page_fits_from_a_phone_to_a_wide_screen(
    web: Web, server: str, page: Page, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    ids = _books(web, tmp_path)
    _login(page, server)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path, action in PAGES:
            page.goto(server + path.format(**ids))
            scroll_width, inner = page.evaluate(_FITS)
            assert scroll_width <= inner, f"{path} at {width} px is {scroll_width} px wide"
            target = page.locator(action).first
            target.scroll_into_view_if_needed()
            expect(target).to_be_visible()
            assert _on_screen(page, action), f"{action} of {path} is off screen at {width} px"
        page.goto(f"{server}/invoices")
        page.screenshot(path=str(SHOTS / f"layout-invoices-{width}.png"), full_page=True)
        page.goto(server)
        page.screenshot(path=str(SHOTS / f"layout-dashboard-{width}.png"), full_page=True)


def test_navigation_folds_on_a_phone_and_is_one_row_on_a_wide_screen(
    web: Web, server: str, page: Page
) -> None:
    from playwright.sync_api import expect

    _login(page, server)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(server)
    link = page.locator("#main-nav a[href='/followup']")
    expect(link).to_be_hidden()
    page.click("label.menu-button")
    expect(link).to_be_visible()
    link.click()
    expect(page.locator("h1")).to_contain_text("Oppfølging")

    page.set_viewport_size({"width": 1400, "height": 800})
    page.goto(server)
    expect(page.locator("label.menu-button")).to_be_hidden()
    tops = page.evaluate(
        "() => [...document.querySelectorAll('#main-nav a')].map(a => a.getBoundingClientRect().top)"
    )
    assert len(tops) >= 10
    assert len(set(tops)) == 1, "the navigation wraps at 1 400 px"
    header = page.locator("header").bounding_box()
    assert header is not None
    assert header["height"] < 100
