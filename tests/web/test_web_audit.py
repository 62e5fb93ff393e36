"""The audit log page: sentences in the reader's language, filters, pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.i18n import render
from reskontro.messages import Message
from reskontro.web.audit_codes import AuditCode, code_of

if TYPE_CHECKING:
    from tests.web.conftest import Web


def test_every_action_written_has_a_sentence() -> None:
    assert code_of("invoice.issue") is AuditCode.INVOICE_ISSUE
    assert code_of("something.new") is AuditCode.OTHER
    assert render(Message.of(AuditCode.OTHER, action="x.y"), "nb") == "utførte x.y"


def test_sentences_filters_and_pages(web: Web) -> None:
    for i in range(3):
        draft = web.books.create_invoice(
            web.company, customer_number=web.customer, actor="invoicing",
            lines=[LineDraft(f"Vare {i}", 1000, 10000, VatCode.ZERO)],
        )  # fmt: skip
        web.books.issue_invoice(web.company, draft.id, actor="admin")
    client, _ = web.login("read_only")
    page = client.get("/audit").text
    assert "admin utstedte fakturaen" in page
    assert "invoicing skrev et fakturautkast" in page
    issued = client.get("/audit", params={"action": "invoice.issue"}).text
    assert issued.count('class="audit-sentence"') == 3
    by_actor = client.get("/audit", params={"actor": "invoicing"}).text
    assert "utstedte fakturaen" not in by_actor.split('id="audit-table"')[1]
    one = client.get("/audit", params={"object_type": "invoice", "object_id": str(draft.id)})
    assert one.text.count('class="audit-sentence"') == 2
    assert f'href="/invoices/{draft.id}"' in one.text
    assert "Ingen hendelser" in client.get("/audit", params={"date_from": "26.11.2026"}).text
    assert (
        "Ingen hendelser"
        not in client.get(
            "/audit", params={"date_from": "25.11.2026", "date_to": "25.11.2026"}
        ).text
    )
    client.cookies.set("reskontro_lang", "en")
    assert "admin issued the invoice" in client.get("/audit").text
    # A page at a time: 50, then the rest.
    with web.sessions.begin() as session:
        from reskontro.services import audit

        for i in range(60):
            audit.record(session, at=web.clock.now(), actor="bulk", action="invoice.pdf",
                         object_type="invoice", object_id=i, company_id=web.company)  # fmt: skip
    first = client.get("/audit", params={"actor": "bulk"}).text
    assert first.count('class="audit-sentence"') == 50
    next_url = first.split('id="audit-next"')[0].rsplit('href="', 1)[1].split('"')[0]
    rest = client.get(next_url.replace("&amp;", "&")).text
    assert rest.count('class="audit-sentence"') == 10
    assert 'id="audit-next"' not in rest
