"""The follow-up pages: overdue list with filters and aging per customer, reminder and
inkassovarsel runs with their preview, interest notes, hand-off with its files, holds
and disputes, and the overdue list as CSV."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode

if TYPE_CHECKING:
    from tests.web.conftest import Web

    from reskontro.services.invoicing.views import InvoiceView

TODAY = dt.date(2026, 11, 25)  # the web fixture's clock


def overdue(web: Web, days: int, price: int = 100000, customer: int | None = None) -> InvoiceView:
    due = TODAY - dt.timedelta(days=days)
    draft = web.books.create_invoice(
        web.company, customer_number=customer or web.customer, due=due,
        lines=[LineDraft("Rådgivning", 1000, price, VatCode.EXEMPT)], actor="test",
    )  # fmt: skip
    return web.books.issue_invoice(
        web.company, draft.id, issue_date=due - dt.timedelta(days=14), actor="test"
    )


def test_overdue_list_filters_aging_and_csv(web: Web) -> None:
    other = web.books.create_customer(web.company, name="Ola Hansen", actor="test").number
    old = overdue(web, 70)
    recent = overdue(web, 10, customer=other)
    client, _ = web.login("read_only")
    page = client.get("/followup").text
    assert f'href="/invoices/{old.id}"' in page
    assert f'href="/invoices/{recent.id}"' in page
    assert f'href="/followup?customer={other}"' in page  # aging per customer
    only_old = client.get("/followup", params={"bucket": "61-90"}).text
    assert f'href="/invoices/{old.id}"' in only_old
    assert f'href="/invoices/{recent.id}"' not in only_old
    by_customer = client.get("/followup", params={"customer": str(other)}).text
    assert f'href="/invoices/{old.id}"' not in by_customer
    assert f'href="/invoices/{recent.id}"' in by_customer
    csv = client.get("/followup/overdue.csv", params={"min_days": "30"})
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("invoice_number;customer_number")
    assert len(lines) == 2
    assert lines[1].startswith(f"{old.number};{web.customer};Kari Nordmann;")
    assert ";1000,00;" in lines[1]
    # The dashboard's aging bars lead here, per bucket (the customers are named here).
    home = client.get("/").text
    assert 'href="/followup?bucket=61-90"' in home


def test_reminder_preview_then_run(web: Web) -> None:
    invoice = overdue(web, 20)
    client, csrf = web.login("invoicing")
    preview = client.get("/followup/reminders").text
    assert "Forhåndsvisning" in preview
    letters = preview.split('id="run-letters"')[1].split("</table>")[0]
    assert f'href="/invoices/{invoice.id}"' in letters
    assert 'id="run"' in preview
    # The preview wrote nothing: the same again.
    assert f'href="/invoices/{invoice.id}"' in client.get("/followup/reminders").text
    done = client.post("/followup/reminders", data={"csrf": csrf})
    assert "Kjørt: 1 brev" in done.text
    pdf_link = done.text.split('href="/followup/documents/')[1].split('"')[0]
    pdf = client.get(f"/followup/documents/{pdf_link}")
    assert pdf.content.startswith(b"%PDF")
    # Now it is skipped, and why.
    again = client.get("/followup/reminders").text
    skipped = again.split('id="run-skipped"')[1].split("</table>")[0]
    assert f'href="/invoices/{invoice.id}"' in skipped
    assert 'id="run"' not in again
    # Only the invoicing roles run it.
    ro, ro_csrf = web.login("read_only")
    assert ro.post("/followup/reminders", data={"csrf": ro_csrf}).status_code == 403


def test_notices_interest_handoff_holds_and_disputes(web: Web) -> None:
    invoice = overdue(web, 60)
    client, csrf = web.login("admin")
    notices = client.get("/followup/notices", params={"combined": "1"}).text
    assert f'href="/invoices/{invoice.id}"' in notices.split('id="run-letters"')[1]
    sent = client.post("/followup/notices", data={"csrf": csrf, "combined": "1"})
    assert "Kjørt: 1 brev" in sent.text
    interest = client.get("/followup/interest").text
    assert f'href="/invoices/{invoice.id}"' in interest
    issued = client.post("/followup/interest", data={"csrf": csrf, "until": "25.11.2026"})
    assert "rentenotaer utstedt" in issued.text
    assert client.get("/followup/handoff").status_code == 200
    # A hold needs a customer or an invoice: the message beside the field.
    refused = client.post(
        "/followup/hold", data={"csrf": csrf, "_form": "hold", "reason": "ferie"},
        headers={"referer": "http://testserver/followup/holds"},
    )  # fmt: skip
    assert 'id="error-hold-customer"' in refused.text
    assert 'value="ferie"' in refused.text
    held = client.post(
        "/followup/hold",
        data={"csrf": csrf, "customer": str(web.customer), "reason": "Betalingsavtale"},
    )
    assert "Brev er stoppet." in held.text
    assert "Betalingsavtale" in held.text
    hold_id = held.text.split('name="hold" value="')[1].split('"')[0]
    released = client.post("/followup/release", data={"csrf": csrf, "hold": hold_id})
    assert "Stoppen er opphevet." in released.text
    disputed = client.post(
        "/followup/dispute",
        data={"csrf": csrf, "invoice": str(invoice.number), "reason": "Feil timer"},
    )
    assert "merket som omtvistet" in disputed.text
    assert f'href="/invoices/{invoice.id}"' in disputed.text.split('id="disputes"')[1]
    assert "Omtvistet" in client.get("/followup", params={"state": "disputed"}).text
    resolved = client.post("/followup/resolve", data={"csrf": csrf, "invoice": str(invoice.number)})
    assert "Tvisten er løst." in resolved.text
