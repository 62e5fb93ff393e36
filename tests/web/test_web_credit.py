"""Credit notes from the web: chosen lines or an amount, the note's page (reason, the
invoice it credits by number, no due date) and one badge for credit notes everywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode

if TYPE_CHECKING:
    from tests.web.conftest import Web

    from reskontro.services.invoicing.views import InvoiceView


def _issued(web: Web) -> InvoiceView:
    draft = web.books.create_invoice(
        web.company, customer_number=web.customer, actor="test",
        lines=[LineDraft("Timer", 4000, 50000, VatCode.ZERO),
               LineDraft("Reise", 1000, 20000, VatCode.ZERO)],
    )  # fmt: skip
    return web.books.issue_invoice(web.company, draft.id, actor="test")


def test_credit_chosen_lines_and_an_amount(web: Web) -> None:
    invoice = _issued(web)
    client, csrf = web.login("invoicing")
    page = client.get(f"/invoices/{invoice.id}").text
    assert 'name="qty_1"' in page
    assert 'name="amount_2"' in page
    too_much = client.post(
        f"/invoices/{invoice.id}/credit",
        data={"csrf": csrf, "_form": "credit", "part": "1", "qty_1": "5", "reason": "Feil"},
        headers={"referer": f"http://testserver/invoices/{invoice.id}"},
    )  # fmt: skip
    assert 'id="error-credit-qty_1"' in too_much.text
    assert "linje 1 har 4 igjen å kreditere" in too_much.text
    assert 'value="Feil"' in too_much.text
    note = client.post(
        f"/invoices/{invoice.id}/credit",
        data={"csrf": csrf, "part": "1", "qty_1": "1,5", "amount_2": "100", "reason": "Avtalt"},
    )  # fmt: skip
    assert "Kreditnota 2 på 850,00\u00a0kr er laget." in note.text
    assert 'id="status">Kreditnota</span>' in note.text
    assert "Forfall" not in note.text.split('class="cards"')[1].split("</div>\n</div>")[0]
    assert f'href="/invoices/{invoice.id}">Faktura {invoice.number}</a>' in note.text
    assert "Årsak: Avtalt" in note.text
    after = client.get(f"/invoices/{invoice.id}").text
    assert '<td class="num">2,5</td>' in after  # line 1: 4 - 1,5 left
    assert web.books.invoice(web.company, invoice.id).open_ore == 220000 - 85000
    # The list shows the credit note with its own badge and no due date; the
    # dashboard's "Kreditert" counts it.
    listing = client.get("/invoices").text
    assert '<span class="badge credit_note">Kreditnota</span>' in listing
    home = client.get("/").text
    credited = home.split('href="/invoices?status=credited"')[1].split("</tr>")[0]
    assert '<td class="num">1</td>' in credited
    nothing = client.post(f"/invoices/{invoice.id}/credit", data={"csrf": csrf, "part": "1"})
    assert "oppgi antall eller beløp på minst én linje" in nothing.text
