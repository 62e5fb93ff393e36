"""End to end in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

Logs in, writes and issues an invoice, uploads an OCR file that pays it and sees it
paid, and clears an item from the voucher inbox. Screenshots of the main pages are
saved under ``artifacts/screenshots/`` (CI keeps that folder).
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import uvicorn

from reskontro.domain.invoice import LineDraft
from reskontro.domain.kid import DEFAULT_TEMPLATE, KidTemplate
from reskontro.domain.vat import VatCode
from reskontro.services.avtalegiro.mandates import read_mandates
from reskontro.testing.avtalegiro import mandate_list
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Page
    from tests.web.conftest import Web

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

pytestmark = pytest.mark.slow


@pytest.fixture
def server(web: Web) -> Iterator[str]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(web.app, log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture
def page() -> Iterator[Page]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: CI must `apt-get install -y chromium`")
        pytest.skip("/usr/bin/chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
        yield context.new_page()
        context.close()
        browser.close()


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_bookkeepers_day(web: Web, server: str, page: Page, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page.goto(f"{server}/invoices")
    expect(page).to_have_url(f"{server}/login")
    shot(page, "01-login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "hemmelig-passord")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Oversikt")
    shot(page, "02-dashboard")

    page.goto(f"{server}/invoices/new")
    page.select_option("select[name=customer]", str(web.customer))
    page.fill("input[name=description_0]", "Regnskapsføring november")
    page.fill("input[name=quantity_0]", "2")
    page.fill("input[name=price_0]", "1 000,50")
    expect(page.locator("#sum-total")).to_have_text("2\u00a0501,25\u00a0kr")
    shot(page, "03-invoice-new")
    page.click("#save-issue")
    expect(page.locator("#status")).to_have_text("Åpen")
    shot(page, "04-invoice-issued")
    kid = page.locator("#kid").inner_text().strip()
    assert kid.isdigit()

    ocr = tmp_path / "ocr.txt"
    ocr.write_bytes(ocr_file([Pay(250125, kid), Pay(4200, "12345678902", text="ukjent")]))
    page.click("text=Innbetalinger")
    page.set_input_files("input[name=file]", str(ocr))
    page.click("#upload")
    expect(page.locator("#import-ok")).to_contain_text("2 betalinger")
    shot(page, "05-import-summary")

    page.goto(f"{server}/invoices?q={kid}")
    shot(page, "06-invoice-list-search")
    page.click("#invoice-table a")
    expect(page.locator("#status")).to_have_text("Betalt")
    expect(page.locator("#open")).to_have_text("0,00\u00a0kr")
    shot(page, "07-invoice-paid")

    page.click("text=Bilagsmottak")
    expect(page.locator("#inbox")).to_contain_text("42,00\u00a0kr")
    shot(page, "08-inbox")
    page.locator("#inbox form").first.locator("select[name=customer]").select_option(
        str(web.customer)
    )
    page.locator("#inbox button.post").first.click()
    expect(page.locator("#inbox-empty")).to_be_visible()
    shot(page, "09-inbox-cleared")

    for name, path in (("10-customers", "/customers"), ("11-settings", "/settings"),
                       ("12-audit", "/audit"), ("13-invoices", "/invoices"),
                       ("14-dashboard-after", "/")):  # fmt: skip
        page.goto(server + path)
        shot(page, name)
    page.goto(f"{server}/customers/{web.customer}")
    shot(page, "15-customer-ledger")
    page.goto(f"{server}/payments")
    page.click("text=ocr.txt")
    expect(page.locator("#file-payments")).to_contain_text("2\u00a0501,25\u00a0kr")
    expect(page.locator("#file-payments")).to_contain_text("Kari Nordmann")
    shot(page, "22-import-file")

    # The settings screens added since: bank agreement and channels, operations status.
    page.goto(f"{server}/settings/bank")
    page.fill("#agreement-form input[name=agreement_id]", "000012345")
    page.fill("#agreement-form input[name=data_recipient]", "00105625")
    page.click("#agreement-form button")
    expect(page.locator("#agreement-status")).to_have_text("godkjent")
    inbox = tmp_path / "bankinn"
    inbox.mkdir()
    page.fill("#folder-form input[name=name]", "inn")
    page.fill("#folder-form input[name=path]", str(inbox))
    page.click("#folder-form button")
    expect(page.locator("#channel-table")).to_contain_text("inn")
    page.click("button.channel-test")
    expect(page.locator("#channel-test-result")).to_contain_text("tilkoblet")
    shot(page, "16-settings-bank")
    page.goto(f"{server}/status")
    expect(page.locator("#status-channels")).to_contain_text("inn")
    shot(page, "17-status")
    page.goto(f"{server}/settings")
    page.click("#company summary")
    shot(page, "18-settings-company")

    # English, chosen in the header; it stays for the next pages.
    page.select_option("#language", "en")
    expect(page.locator("h1")).to_have_text("Settings")
    shot(page, "19-settings-en")
    page.click("text=Overview")
    expect(page.locator("h1")).to_contain_text("Overview")
    shot(page, "20-dashboard-en")
    page.goto(f"{server}/invoices?q={kid}")
    expect(page.locator("#invoice-table")).to_contain_text("Paid")
    shot(page, "21-invoices-en")


class _Inbox:
    """An aiosmtpd handler that keeps the recipients of what it accepts."""

    def __init__(self) -> None:
        self.to: list[str] = []

    async def handle_DATA(self, _server: object, _session: object, envelope: Any) -> str:  # noqa: N802
        self.to.extend(envelope.rcpt_tos)
        return "250 OK"


def test_invoice_delivered_by_email_and_its_pdf_downloaded(
    web: Web, server: str, page: Page, tmp_path: Path
) -> None:
    """Issue an invoice for an e-mail customer, see it delivered through the outbox to
    an SMTP server on loopback, download its PDF; then edit the customer card."""
    from aiosmtpd.controller import Controller
    from playwright.sync_api import expect

    from reskontro.channels.mailer import SmtpSettings
    from reskontro.services.delivery.run import Deliverer
    from reskontro.services.invoicing import customers
    from reskontro.services.invoicing.customers import CardChanges
    from reskontro.services.notify import Notifier
    from reskontro.storage.filestore import FileStore

    customers.update(web.sessions, web.clock, web.company, web.customer,
                     CardChanges(email="kari@example.com"), actor="test")  # fmt: skip
    page.goto(f"{server}/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "hemmelig-passord")
    page.click("button[type=submit]")
    page.goto(f"{server}/invoices/new")
    page.select_option("select[name=customer]", str(web.customer))
    expect(page.locator("#delivery-note")).to_contain_text("kundens leveringsmåte")
    page.fill("input[name=description_0]", "Regnskapsføring desember")
    page.fill("input[name=price_0]", "1000")
    page.click("#save-issue")
    expect(page.locator("#status")).to_have_text("Åpen")
    expect(page.locator("#deliveries .delivery-state").first).to_have_text("I kø")

    inbox = _Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        smtp = SmtpSettings.from_env({
            "RESKONTRO_SMTP_HOST": "127.0.0.1", "RESKONTRO_SMTP_PORT": str(port),
            "RESKONTRO_SMTP_SECURITY": "plain", "RESKONTRO_SMTP_FROM": "faktura@testfirma.no",
        })  # fmt: skip
        Deliverer(web.sessions, web.clock, store=FileStore(tmp_path / "files")).run()
        Notifier(web.sessions, web.clock, smtp).deliver()
        Deliverer(web.sessions, web.clock).sync()
    finally:
        controller.stop()
    assert inbox.to == ["kari@example.com"]
    page.reload()
    expect(page.locator("#deliveries .delivery-state").first).to_have_text("Sendt")
    expect(page.locator("#send")).to_have_text("Send på nytt")
    shot(page, "23-invoice-delivered")
    with page.expect_download() as info:
        page.click("#pdf-link")
    path = tmp_path / "invoice.pdf"
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    page.goto(f"{server}/customers/{web.customer}")
    expect(page.locator("#delivery-method")).to_have_text("E-post")
    page.click("#edit-customer")
    page.fill("input[name=street]", "Storgata 1")
    page.fill("input[name=postcode]", "0150")
    page.fill("input[name=city]", "Oslo")
    page.select_option("#delivery_method", "print")
    page.click("#save-customer")
    expect(page.locator("#delivery-method")).to_have_text("Papir")
    shot(page, "24-customer-card")


def test_bulk_run_with_preview_in_chromium(web: Web, server: str, page: Page) -> None:
    from playwright.sync_api import expect

    page.goto(f"{server}/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "hemmelig-passord")
    page.click("button[type=submit]")
    page.click("text=Gruppefakturering")
    page.check("input[name=who][value=list]")
    page.fill(
        "#bulk-customers",
        str(web.books.create_customer(web.company, name="Ola", email="ola@x.no", actor="t").number),
    )
    page.fill("#bulk-description-0", "Kontingent 2027")
    page.fill("#bulk-price-0", "750")
    page.select_option("select[name=vat_0]", "0")
    page.click("#bulk-preview")
    expect(page.locator("#bulk-summary")).to_contain_text("1 fakturaer")
    expect(page.locator("#bulk-summary")).to_contain_text("750,00")
    page.click("#bulk-run")
    expect(page.locator("#bulk-result")).to_contain_text("1 fakturaer utstedt")
    page.locator("#bulk-result ~ ul a").first.click()
    expect(page.locator("#status")).to_have_text("Åpen")


def test_avtalegiro_pages_in_chromium(web: Web, server: str, page: Page) -> None:
    from playwright.sync_api import expect

    page.goto(f"{server}/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "hemmelig-passord")
    page.click("button[type=submit]")
    page.click("nav >> text=AvtaleGiro")
    expect(page.locator("#ag-no-agreement")).to_be_visible()
    page.fill("input[name=agreement_id]", "000012345")
    page.fill("input[name=data_transmitter]", "00010200")
    page.click("#ag-agreement-save")
    expect(page.locator("#ag-agreement-id")).to_have_text("000012345")

    kid = KidTemplate.parse(DEFAULT_TEMPLATE).make(web.customer, 0)
    data = mandate_list((1, kid, True), (1, "99999000017", False), account="12345678903")
    read_mandates(web.sessions, web.clock, web.company, data, filename="fbo.txt", actor="t")
    other = web.books.create_customer(web.company, name="Ola Normann", actor="t").number
    draft = web.books.create_invoice(
        web.company, customer_number=web.customer,
        lines=[LineDraft("Strøm", 1000, 40000, VatCode.ZERO)], due=dt.date(2026, 12, 9),
        actor="t",
    )  # fmt: skip
    invoice = web.books.issue_invoice(web.company, draft.id, actor="t").id

    page.goto(f"{server}/inbox")
    page.click("#inbox-mandates a")
    expect(page.locator("#ag-mandates tr.mandate")).to_have_count(1)
    page.fill("form.assign input[name=customer]", str(other))
    page.click("form.assign button")
    expect(page.locator("#ag-mandates tr.mandate")).to_have_count(0)
    page.select_option("select[name=state]", "active")
    page.click("#ag-filter-go")
    expect(page.locator("#ag-mandates tr.mandate")).to_have_count(2)
    shot(page, "30-avtalegiro")

    page.goto(f"{server}/invoices/{invoice}")
    expect(page.locator("#avtalegiro-state")).to_have_text("Trekkrav sendes")
    page.goto(f"{server}/settings/avtalegiro")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#ag-send-claims")
    expect(page.locator("#ag-transmission")).to_have_text("0000001")
    expect(page.locator("#ag-claims-total")).to_contain_text("400,00")
    expect(page.locator("#ag-items tr.claim")).to_contain_text("Trekkrav sendt")
    shot(page, "31-avtalegiro-file")
    page.locator("#ag-items tr.claim a").click()
    expect(page.locator("#avtalegiro")).to_contain_text("sendt 25.11.2026 i forsendelse 0000001")


# -- the bookkeeper's pages of issue 16 ----------------------------------------------


def _login(page: Page, server: str) -> None:
    page.goto(f"{server}/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "hemmelig-passord")
    page.click("button[type=submit]")


def test_inbox_post_with_an_explicit_customer(
    web: Web, server: str, page: Page, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    web.books.create_customer(web.company, name="Ola Hansen", org_number="987654325",
                              actor="test")  # fmt: skip
    _login(page, server)
    ocr = tmp_path / "ocr.txt"
    ocr.write_bytes(ocr_file([Pay(4200, "12345678902", text="ukjent")]))
    page.goto(f"{server}/payments")
    page.set_input_files("input[name=file]", str(ocr))
    page.click("#upload")
    page.goto(f"{server}/inbox")
    row = page.locator("#inbox form.inbox-post").first
    # Nothing chosen: refused, with the message beside the field.
    row.locator("button.post").click()
    expect(page.locator(".field-error")).to_have_text("velg en kunde eller oppgi et fakturanummer")
    shot(page, "50-inbox-no-customer")
    # Searching by organisation number narrows the list to one, which is chosen.
    search = page.locator("#inbox form.inbox-post").first.locator("input[type=search]")
    search.fill("987654325")
    expect(page.locator("#inbox form.inbox-post select[name=customer]").first).to_have_value(
        str(web.customer + 1)
    )
    shot(page, "51-inbox-customer-search")
    page.locator("#inbox form.inbox-post button.post").first.click()
    expect(page.locator("#flash")).to_contain_text(
        f"Betalingen på 42,00\u00a0kr er bokført på kunde {web.customer + 1} Ola Hansen."
    )
    expect(page.locator("#inbox-empty")).to_be_visible()
    shot(page, "52-inbox-posted")


def test_followup_reminder_run_with_preview(web: Web, server: str, page: Page) -> None:
    import datetime as dt

    from playwright.sync_api import expect

    from reskontro.domain.invoice import LineDraft
    from reskontro.domain.vat import VatCode

    due = dt.date(2026, 11, 1)
    draft = web.books.create_invoice(
        web.company, customer_number=web.customer, due=due,
        lines=[LineDraft("Rådgivning", 1000, 150000, VatCode.EXEMPT)], actor="test",
    )  # fmt: skip
    number = web.books.issue_invoice(
        web.company, draft.id, issue_date=due - dt.timedelta(days=14), actor="test"
    ).number
    _login(page, server)
    expect(page.locator("h1")).to_contain_text("Oversikt")
    page.click("text=Oppfølging")
    expect(page.locator("#overdue-table")).to_contain_text("1\u00a0500,00\u00a0kr")
    expect(page.locator("#aging-customers")).to_contain_text("Kari Nordmann")
    shot(page, "53-followup-overdue")
    page.click("nav.tabs >> text=Purring")
    expect(page.locator("#preview-note")).to_be_visible()
    expect(page.locator("#run-letters")).to_contain_text(str(number))
    expect(page.locator("#run-letters")).to_contain_text("Kari Nordmann")
    shot(page, "54-followup-reminder-preview")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#run")
    expect(page.locator("#run-result")).to_contain_text("Kjørt: 1 brev")
    shot(page, "55-followup-reminder-run")
    page.goto(f"{server}/followup/reminders")
    expect(page.locator("#run-skipped")).to_contain_text(str(number))
    for name, path in (("36-followup-notices", "/followup/notices?combined=1"),
                       ("37-followup-interest", "/followup/interest"),
                       ("38-followup-handoff", "/followup/handoff"),
                       ("39-followup-holds", "/followup/holds")):  # fmt: skip
        page.goto(server + path)
        shot(page, name)


def test_a_refused_form_keeps_the_input_and_a_saved_one_confirms(
    web: Web, server: str, page: Page
) -> None:
    """The generic mechanism: any form refused comes back with what was typed and the
    message beside its field; any action saved says so on the next page."""
    from playwright.sync_api import expect

    _login(page, server)
    page.goto(f"{server}/settings")
    page.click("#company summary")
    page.fill("#company-form input[name=address]", "Storgata 9, 0155 Oslo")
    page.fill("#company-form input[name=account]", "1234")
    page.click("#company-form button")
    expect(page.locator("#company-form .field-error, #flash-error")).to_contain_text("1234")
    expect(page.locator("#company-form input[name=account]")).to_have_value("1234")
    expect(page.locator("#company-form input[name=address]")).to_have_value("Storgata 9, 0155 Oslo")
    shot(page, "60-form-error-kept")
    page.fill("#company-form input[name=account]", "12345678903")
    page.click("#company-form button")
    expect(page.locator("#flash")).to_have_text("Lagret.")
