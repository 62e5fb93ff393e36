"""End to end in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

Logs in, writes and issues an invoice, uploads an OCR file that pays it and sees it
paid, and clears an item from the voucher inbox. Screenshots of the main pages are
saved under ``artifacts/screenshots/`` (CI keeps that folder).
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from reskontro.domain.invoice import LineDraft
from reskontro.domain.kid import DEFAULT_TEMPLATE, KidTemplate
from reskontro.domain.vat import VatCode
from reskontro.services.avtalegiro.mandates import read_mandates
from reskontro.testing.avtalegiro import mandate_list
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from tests.web.conftest import Web

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

pytestmark = pytest.mark.slow


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
    from reskontro.services.automation.outbox import Notifier
    from reskontro.services.delivery.run import Deliverer
    from reskontro.services.invoicing import customers
    from reskontro.services.invoicing.customers import CardChanges
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


def _issue_in_browser(page: Page, server: str, customer: int, text: str) -> int:
    from playwright.sync_api import expect

    page.goto(f"{server}/invoices/new")
    page.select_option("select[name=customer]", str(customer))
    page.fill("input[name=description_0]", text)
    page.fill("input[name=price_0]", "1000")
    page.click("#save-issue")
    expect(page.locator("#status")).to_have_text("Åpen")
    expect(page.locator("#deliveries .delivery-state").first).to_have_text("I kø")
    return int(page.url.rstrip("/").rsplit("/", 1)[1])


def test_done_means_ehf_and_email_customers_delivered_in_chromium(
    web: Web, server: str, page: Page, tmp_path: Path
) -> None:
    """Issue 12's "done means": in Chromium, set the company's access point on the
    settings page, issue an invoice for an EHF customer and one for an e-mail customer,
    see both delivered (the EHF through the access point's folder and its receipt, the
    e-mail to an SMTP server on loopback), and download the PDF and the EHF."""
    from aiosmtpd.controller import Controller
    from playwright.sync_api import expect

    from reskontro.channels.mailer import SmtpSettings
    from reskontro.formats.ehf import DocumentType, parse
    from reskontro.services.automation.channels import BankChannels
    from reskontro.services.automation.outbox import Notifier
    from reskontro.services.delivery.run import Deliverer
    from reskontro.services.invoicing import customers
    from reskontro.services.invoicing.customers import CardChanges
    from reskontro.storage.filestore import FileStore

    customers.update(web.sessions, web.clock, web.company, web.customer,
                     CardChanges(email="kari@example.com"), actor="test")  # fmt: skip
    ehf_customer = customers.create(web.sessions, web.clock, web.company, CardChanges(
        name="Nordlys AS", delivery_method="ehf", org_number="923609016", street="Storgata 1",
        postcode="0150", city="Oslo",
    ), actor="test").number  # fmt: skip
    (tmp_path / "bank").mkdir()
    outbox = tmp_path / "peppol-out"
    outbox.mkdir()
    BankChannels(web.sessions, web.clock).add_folder(
        web.company, "peppol", path=str(tmp_path / "bank"), actor="test"
    )

    page.goto(f"{server}/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "hemmelig-passord")
    page.click("button[type=submit]")
    page.goto(f"{server}/settings")
    page.select_option("#access-point-channel", "peppol")
    page.fill("#access-point-folder", str(outbox))
    page.click("#access-point-save")
    expect(page.locator("#access-point-now")).to_contain_text("kanalen peppol")
    ehf_invoice = _issue_in_browser(page, server, ehf_customer, "Regnskap, EHF")
    email_invoice = _issue_in_browser(page, server, web.customer, "Regnskap, e-post")

    inbox = _Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    store = FileStore(tmp_path / "files")
    try:
        smtp = SmtpSettings.from_env({
            "RESKONTRO_SMTP_HOST": "127.0.0.1", "RESKONTRO_SMTP_PORT": str(port),
            "RESKONTRO_SMTP_SECURITY": "plain", "RESKONTRO_SMTP_FROM": "faktura@testfirma.no",
        })  # fmt: skip
        assert Deliverer(web.sessions, web.clock, store=store).run().sent == 2
        Notifier(web.sessions, web.clock, smtp).deliver()
        Deliverer(web.sessions, web.clock).sync()
    finally:
        controller.stop()
    assert inbox.to == ["kari@example.com"]
    [sent_file] = [p for p in outbox.iterdir() if p.suffix == ".xml"]
    assert parse(sent_file.read_bytes()).kind is DocumentType.INVOICE
    sent_file.with_suffix(".ok").write_text("")  # the access point's receipt
    assert Deliverer(web.sessions, web.clock, store=store).run().receipts == 1

    page.goto(f"{server}/invoices/{ehf_invoice}")
    expect(page.locator("#deliveries .delivery-state").first).to_have_text("Levert")
    shot(page, "25-ehf-delivered")
    with page.expect_download() as info:
        page.click("#ehf-link")
    ehf = tmp_path / "faktura.xml"
    info.value.save_as(ehf)
    assert parse(ehf.read_bytes()).attachments[0].content.startswith(b"%PDF")
    with page.expect_download() as info:
        page.click("#pdf-link")
    info.value.save_as(tmp_path / "ehf-faktura.pdf")
    assert (tmp_path / "ehf-faktura.pdf").read_bytes().startswith(b"%PDF")

    page.goto(f"{server}/invoices/{email_invoice}")
    expect(page.locator("#deliveries .delivery-state").first).to_have_text("Sendt")
    shot(page, "26-email-delivered")
    with page.expect_download() as info:
        page.click("#pdf-link")
    info.value.save_as(tmp_path / "faktura.pdf")
    assert (tmp_path / "faktura.pdf").read_bytes().startswith(b"%PDF")


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


def test_long_bulk_run_shows_its_progress_in_chromium(
    web: Web, server: str, page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run of more than a chunk goes on in the background: the page shows a progress
    bar that the page's script moves (polling), then the result without a click."""
    from playwright.sync_api import expect

    from reskontro.services.invoicing import bulk as bulkmod
    from reskontro.services.invoicing.bulk_issue import issue_many
    from reskontro.web import invoicing_pages

    monkeypatch.setattr(bulkmod, "CHUNK", 2)
    monkeypatch.setattr(invoicing_pages, "CHUNK", 2)

    def slowly(*args: Any, **kwargs: Any) -> Any:
        threading.Event().wait(0.7)
        return issue_many(*args, **kwargs)

    monkeypatch.setattr(bulkmod, "issue_many", slowly)
    numbers = [
        str(web.books.create_customer(web.company, name=f"M{i}", email=f"m{i}@x.no",
                                      actor="t").number)
        for i in range(6)
    ]  # fmt: skip
    page.goto(f"{server}/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "hemmelig-passord")
    page.click("button[type=submit]")
    page.click("text=Gruppefakturering")
    page.check("input[name=who][value=list]")
    page.fill("#bulk-customers", ",".join(numbers))
    page.fill("#bulk-description-0", "Kontingent 2027")
    page.fill("#bulk-price-0", "750")
    page.select_option("select[name=vat_0]", "0")
    page.click("#bulk-preview")
    expect(page.locator("#bulk-summary")).to_contain_text("6 fakturaer")
    page.click("#bulk-run")
    expect(page.locator("#bulk-progress progress")).to_be_visible()
    expect(page.locator("#bulk-progress-text")).to_contain_text("av 6 behandlet")
    expect(page.locator("#bulk-result")).to_contain_text("6 fakturaer utstedt", timeout=30_000)
    expect(page.locator("#bulk-progress")).to_have_count(0)
    shot(page, "27-bulk-run-progress-done")


def test_efaktura_offered_at_invoicing_in_chromium(
    web: Web, server: str, page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13: a private customer with another delivery method gets "kan motta
    eFaktura" at invoicing; the user switches, saves it on the card, and the invoice
    is delivered as eFaktura in the sandbox register."""
    from cryptography.fernet import Fernet
    from playwright.sync_api import expect

    from reskontro.channels.efaktura.sandbox import SandboxRegister
    from reskontro.domain.invoice import LineDraft
    from reskontro.domain.vat import VatCode
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
    draft = web.books.create_invoice(
        web.company, customer_number=web.customer, terms_days=14,
        lines=[LineDraft("Kontingent", 1000, 50000, VatCode.ZERO)], actor="t",
    )  # fmt: skip
    page.goto(f"{server}/login")
    page.fill("input[name=username]", "invoicing")
    page.fill("input[name=password]", "hemmelig-passord")
    page.click("button[type=submit]")
    page.goto(f"{server}/invoices/{draft.id}")
    expect(page.locator("#efaktura-offer")).to_contain_text("kan motta eFaktura")
    expect(page.locator("#issue-efaktura")).to_be_checked()
    page.check("#issue-save-on-card")
    shot(page, "30-efaktura-offer")
    page.click("#issue")
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
    expect(page.locator("#efaktura-answer")).to_have_text("kan motta eFaktura")
    shot(page, "31-efaktura-customer")


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


def with_address(web: Web, number: int) -> None:
    """Give the customer a postal address: a customer with neither e-mail nor address
    gets no letter at all (issue 17: "mangler adresse")."""
    from sqlalchemy import select

    from reskontro.storage.models import Customer

    with web.sessions.begin() as session:
        customer = session.scalars(
            select(Customer).where(Customer.company_id == web.company, Customer.number == number)
        ).one()
        customer.street, customer.postcode, customer.city = "Storgata 1", "0155", "Oslo"


def test_followup_reminder_run_with_preview(web: Web, server: str, page: Page) -> None:
    import datetime as dt

    from playwright.sync_api import expect

    from reskontro.domain.invoice import LineDraft
    from reskontro.domain.vat import VatCode

    due = dt.date(2026, 11, 1)
    with_address(web, web.customer)  # no letter to a customer without any address
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


def test_demand_for_payment_with_preview_in_chromium(
    web: Web, server: str, page: Page, tmp_path: Path
) -> None:
    """Betalingsoppfordring from the follow-up tabs: the preview lists the claim past
    its inkassovarsel with the 3/20 fee; the button makes the letter."""
    from playwright.sync_api import expect

    from reskontro.services.followup import FollowUp
    from reskontro.storage.filestore import FileStore

    with_address(web, web.customer)
    draft = web.books.create_invoice(
        web.company, customer_number=web.customer, due=dt.date(2026, 11, 1),
        lines=[LineDraft("Rådgivning", 1000, 100000, VatCode.EXEMPT)], actor="t",
    )  # fmt: skip
    number = web.books.issue_invoice(
        web.company, draft.id, issue_date=dt.date(2026, 10, 18), actor="t"
    ).number
    fu = FollowUp(web.sessions, web.clock, FileStore(tmp_path / "f"))
    fu.remind(web.company, actor="t")
    web.clock.at = dt.datetime(2026, 12, 13, 9, 0, tzinfo=dt.UTC)
    fu.collect(web.company, actor="t")
    web.clock.at = dt.datetime(2027, 1, 4, 9, 0, tzinfo=dt.UTC)
    fu.add_rate("interest", dt.date(2027, 1, 1), policy_rate_bp=400, source="test", actor="t")
    fu.set_policy(web.company, self_collect=True, actor="t")
    _login(page, server)
    page.goto(f"{server}/followup")
    page.click("nav.tabs >> text=Betalingsoppfordring")
    expect(page.locator("h1")).to_have_text("Betalingsoppfordring")
    expect(page.locator("#preview-note")).to_be_visible()
    expect(page.locator("#run-letters")).to_contain_text(str(number))
    expect(page.locator("#run-letters")).to_contain_text("113,00")
    shot(page, "40-followup-demand-preview")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#run")
    expect(page.locator("#run-result")).to_contain_text("Kjørt: 1 brev")
    expect(page.locator("#run-letters")).to_contain_text("PDF")
    page.goto(f"{server}/followup/demands")
    expect(page.locator("#run-skipped")).to_contain_text(str(number))
    expect(page.locator("#run")).to_have_count(0)


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


def test_fees_on_the_invoice_page_and_waiving_one(
    web: Web, server: str, page: Page, tmp_path: Path
) -> None:
    """A reminder fee is on the invoice page and the customer's ledger; the bookkeeper
    waives it with a reason; the payment order is a setting."""
    import datetime as dt

    from playwright.sync_api import expect

    from reskontro.domain.invoice import LineDraft
    from reskontro.domain.vat import VatCode
    from reskontro.services.followup import FollowUp
    from reskontro.storage.filestore import FileStore

    draft = web.books.create_invoice(
        web.company, customer_number=web.customer, due=dt.date(2026, 11, 1),
        lines=[LineDraft("Rådgivning", 1000, 100000, VatCode.EXEMPT)], actor="t",
    )  # fmt: skip
    invoice = web.books.issue_invoice(
        web.company, draft.id, issue_date=dt.date(2026, 10, 18), actor="t"
    )
    with_address(web, web.customer)  # no letter to a customer without any address
    FollowUp(web.sessions, web.clock, FileStore(tmp_path / "f")).remind(web.company, actor="t")
    page.goto(f"{server}/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "hemmelig-passord")
    page.click("button[type=submit]")
    page.goto(f"{server}/invoices/{invoice.id}")
    expect(page.locator("#charge-table")).to_contain_text("Purregebyr")
    expect(page.locator("#open")).to_have_text("1\u00a0038,00\u00a0kr")
    page.goto(f"{server}/customers/{web.customer}")
    expect(page.locator("tr.charge")).to_contain_text("38,00")
    page.goto(f"{server}/invoices/{invoice.id}")
    page.on("dialog", lambda d: d.accept())
    page.fill("#waive-form input[name=reason]", "Kunden betalte i tide")
    page.click("#waive")
    expect(page.locator("#charge-table")).to_contain_text("admin: Kunden betalte i tide")
    expect(page.locator("#open")).to_have_text("1\u00a0000,00\u00a0kr")
    expect(page.locator("#waive")).to_have_count(0)
    shot(page, "20-invoice-fees")
    page.goto(f"{server}/settings")
    page.select_option("#payment-order", "principal_fees_interest")
    page.locator("#payment-order").locator("xpath=ancestor::form").locator("button").click()
    expect(page.locator("#payment-order")).to_have_value("principal_fees_interest")


def test_partial_credit_in_chromium(web: Web, server: str, page: Page) -> None:
    from playwright.sync_api import expect

    from reskontro.domain.invoice import LineDraft
    from reskontro.domain.vat import VatCode

    draft = web.books.create_invoice(
        web.company, customer_number=web.customer, actor="test",
        lines=[LineDraft("Timer", 4000, 50000, VatCode.ZERO),
               LineDraft("Reise", 1000, 20000, VatCode.ZERO)],
    )  # fmt: skip
    invoice = web.books.issue_invoice(web.company, draft.id, actor="test")
    _login(page, server)
    page.goto(f"{server}/invoices/{invoice.id}")
    page.click("#credit-part summary")
    page.fill("#credit-form input[name=qty_1]", "1")
    page.fill("#credit-form input[name=amount_2]", "50")
    page.fill("#credit-form input[name=reason]", "Avtalt avslag")
    shot(page, "41-credit-partial-form")
    page.click("#credit-part-submit")
    expect(page.locator("#flash")).to_contain_text("Kreditnota 2 på 550,00\u00a0kr er laget.")
    expect(page.locator("#status")).to_have_text("Kreditnota")
    expect(page.locator("#credits")).to_have_text(f"Faktura {invoice.number}")
    expect(page.locator("#credit-reason")).to_contain_text("Avtalt avslag")
    shot(page, "42-credit-note")
    page.click("#credits a")
    expect(page.locator("#open")).to_have_text("1\u00a0650,00\u00a0kr")
    expect(page.locator("#credit-notes")).to_contain_text("Kreditnota 2")


def test_audit_filter_in_chromium(web: Web, server: str, page: Page) -> None:
    from playwright.sync_api import expect

    from reskontro.domain.invoice import LineDraft
    from reskontro.domain.vat import VatCode

    draft = web.books.create_invoice(
        web.company, customer_number=web.customer, actor="invoicing",
        lines=[LineDraft("Vare", 1000, 10000, VatCode.ZERO)],
    )  # fmt: skip
    web.books.issue_invoice(web.company, draft.id, actor="admin")
    _login(page, server)
    page.click("text=Logg")
    expect(page.locator("#audit-table")).to_contain_text("admin utstedte fakturaen")
    shot(page, "43-audit")
    page.select_option("#audit-filter select[name=actor]", "invoicing")
    page.click("#audit-filter button")
    expect(page.locator("#audit-table")).to_contain_text("invoicing skrev et fakturautkast")
    expect(page.locator("#audit-table")).not_to_contain_text("utstedte fakturaen")
    page.select_option("#audit-filter select[name=actor]", "")
    page.select_option("#audit-filter select[name=action]", "invoice.issue")
    page.click("#audit-filter button")
    expect(page.locator(".audit-sentence")).to_have_count(1)
    shot(page, "44-audit-filtered")


def test_an_upload_shows_its_progress_then_the_file_in_chromium(
    web: Web, server: str, page: Page, tmp_path: Path
) -> None:
    """The upload answers at once with a page that follows the import (polling from
    static/app.js) and then shows the file: held here until the page has been seen."""
    from playwright.sync_api import expect

    services = web.app.state.services
    services.upload_wait = 0.0
    release = threading.Event()
    real = services.import_jobs.importer.import_stored

    def held(*args: Any, **kwargs: Any) -> Any:
        kwargs["progress"](1, 2)
        assert release.wait(30)
        return real(*args, **kwargs)

    services.import_jobs.importer.import_stored = held
    draft = web.books.create_invoice(web.company, customer_number=web.customer, actor="test",
                                     lines=[LineDraft("Kurs", 1000, 100000, VatCode.ZERO)])  # fmt: skip
    invoice = web.books.issue_invoice(web.company, draft.id, actor="test")
    ocr = tmp_path / "ocr.txt"
    ocr.write_bytes(ocr_file([Pay(invoice.total_ore, invoice.kid)]))
    _login(page, server)
    page.goto(f"{server}/payments")
    page.set_input_files("input[name=file]", str(ocr))
    page.click("#upload")
    expect(page.locator("#import-progress")).to_be_visible()
    expect(page.locator("#import-done")).to_have_text("1")
    expect(page.locator("#import-bar")).to_have_attribute("value", "50")
    shot(page, "60-import-progress")
    release.set()
    expect(page.locator("#import-ok")).to_contain_text("1 betalinger")
    assert "/payments/files/" in page.url
    shot(page, "61-import-done")


def test_bank_accounts_and_a_possible_duplicate_in_chromium(
    web: Web, server: str, page: Page, tmp_path: Path
) -> None:
    """Issue 11: an account added on the bank page with its source of payments; the same
    payment in camt without bank references after OCR waits beside the OCR one."""
    import re

    from playwright.sync_api import expect

    from reskontro.testing.camt import camt_file, kid_entry

    _login(page, server)
    page.goto(f"{server}/settings/bank")
    expect(page.locator("#account-table")).to_contain_text("12345678903")
    page.fill("#account-form input[name=account]", "NO93 8601 1117 947")
    page.select_option("#account-form select[name=source]", "camt")
    page.click("#account-form button")
    expect(page.locator("#account-86011117947 .account-source")).to_have_text(
        "Bare camt.054 fra banken"
    )
    shot(page, "62-settings-bank-accounts")
    ocr = tmp_path / "ocr.txt"
    ocr.write_bytes(ocr_file([Pay(4200, "123456")]))
    entry = kid_entry(4200, "123456", booked="2026-11-20")
    entry = re.sub(r"\s*<Refs>.*?</Refs>", "", entry, flags=re.DOTALL)
    entry = re.sub(r"\s*<AcctSvcrRef>NTRY-\d+</AcctSvcrRef>", "", entry)
    camt = tmp_path / "camt.xml"
    camt.write_bytes(camt_file(entry))
    for path in (ocr, camt):
        page.goto(f"{server}/payments")
        page.set_input_files("input[name=file]", str(path))
        page.click("#upload")
        expect(page.locator("#import-ok")).to_be_visible()
    page.goto(f"{server}/inbox")
    duplicate = page.locator("tr.possible-duplicate")
    expect(duplicate).to_contain_text("Mulig duplikat av betaling")
    expect(duplicate.locator(".dup-ref")).to_have_text("—")
    expect(duplicate.locator(".dup-ref-other")).to_have_text("000000001")
    shot(page, "63-inbox-possible-duplicate")
