"""The voucher inbox page: an explicit customer, confirmations, errors beside the field
with the input kept, set aside and refund, split over invoices, search and filter."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from fastapi.testclient import TestClient
    from tests.web.conftest import Web

REFERER = {"referer": "http://testserver/inbox"}


def _waiting(web: Web, client: TestClient, csrf: str, *pays: Pay) -> list[int]:
    data = ocr_file(list(pays))
    client.post("/payments/upload", data={"csrf": csrf}, files={"file": ("o.txt", data)})
    api = web.api("admin").get(f"/api/v1/companies/{web.company}/inbox").json()
    return [int(p["id"]) for p in api]


def _invoice(web: Web, ore: int) -> dict[str, int]:
    draft = web.books.create_invoice(
        web.company, customer_number=web.customer, actor="test",
        lines=[LineDraft("Vare", 1000, ore, VatCode.ZERO)],
    )  # fmt: skip
    issued = web.books.issue_invoice(web.company, draft.id, actor="test")
    return {"id": int(issued.id), "number": int(issued.number or 0)}


def test_no_default_customer_and_the_error_is_beside_the_field(web: Web) -> None:
    client, csrf = web.login("bank_and_payments")
    (pid,) = _waiting(web, client, csrf, Pay(4200, "12345678902", text="ukjent"))
    page = client.get("/inbox").text
    assert '<option value="">– velg kunde –</option>' in page
    assert "selected" not in page.split(f'id="customer-{pid}"')[1].split("</select>")[0]
    refused = client.post(
        f"/inbox/{pid}/post",
        data={"csrf": csrf, "_form": f"pay-{pid}", "customer": "", "invoice_number": ""},
        headers=REFERER, follow_redirects=False,
    )  # fmt: skip
    assert refused.status_code == 303
    assert refused.headers["location"] == "/inbox"
    back = client.get("/inbox").text
    error = re.search(rf'id="error-pay-{pid}-customer">([^<]+)<', back)
    assert error, back
    assert error.group(1) == "velg en kunde eller oppgi et fakturanummer"
    assert 'id="flash-error"' not in back  # beside the field, not at the top
    assert web.api("admin").get(f"/api/v1/companies/{web.company}/inbox").json()  # still waits
    # A search text that names two customers is refused; what was typed is kept.
    web.books.create_customer(web.company, name="Kari Nordvik", actor="test")
    back = client.post(
        f"/inbox/{pid}/post",
        data={"csrf": csrf, "_form": f"pay-{pid}", "customer": "", "customer_q": "kari"},
        headers=REFERER,
    ).text  # fmt: skip
    assert "2 kunder passer til «kari»" in back
    assert 'value="kari"' in back
    assert "2 kunder" not in client.get("/inbox").text  # shown once
    # Without a Referer (no page to go back to) the error page is shown, as before.
    assert client.post(f"/inbox/{pid}/post", data={"csrf": csrf}).status_code == 422
    # Chosen by name in the search box: posted, and a confirmation on the next page.
    done = client.post(
        f"/inbox/{pid}/post", data={"csrf": csrf, "customer": "", "customer_q": "Kari Nordmann"}
    )
    assert done.status_code == 200
    assert f"Betalingen på 42,00\u00a0kr er bokført på kunde {web.customer} Kari Nordmann." in (
        done.text
    )
    assert "Ingenting venter" in done.text


def test_set_aside_refund_search_and_filter(web: Web) -> None:
    client, csrf = web.login("bank_and_payments")
    one, two, three = _waiting(
        web, client, csrf, Pay(1100, "12345678902", text="ukjent en"),
        Pay(2200, "12345678902", text="feil mottaker"), Pay(3300, "12345678902", text="tre"),
    )  # fmt: skip
    assert "er lagt til side" in client.post(f"/inbox/{one}/ignore", data={"csrf": csrf}).text
    refunded = client.post(f"/inbox/{two}/refund", data={"csrf": csrf, "back": "/inbox?show=all"})
    assert "merket for tilbakebetaling" in refunded.text
    assert str(refunded.url).endswith("/inbox?show=all")
    waiting = client.get("/inbox").text
    assert f'id="payment-{three}"' in waiting
    assert f'id="payment-{one}"' not in waiting
    ignored = client.get("/inbox?show=ignored").text
    assert f'id="payment-{one}"' in ignored
    assert "merket manuelt for tilbakebetaling" in ignored
    assert f'id="payment-{three}"' not in ignored
    found = client.get("/inbox", params={"show": "all", "q": "MOTTAKER"}).text
    assert f'id="payment-{two}"' in found
    assert f'id="payment-{three}"' not in found
    assert f'id="payment-{three}"' in client.get("/inbox", params={"q": "33,00"}).text
    # A set-aside payment can still be posted.
    client.post(f"/inbox/{one}/post", data={"csrf": csrf, "customer": str(web.customer)})
    assert f'id="payment-{one}"' not in client.get("/inbox?show=all").text
    actions = {a["action"] for a in web.api("admin").get(
        f"/api/v1/companies/{web.company}/audit").json()}  # fmt: skip
    assert {"inbox.ignore", "inbox.refund", "inbox.post"} <= actions
    # Not waiting any more: refused.
    again = client.post(f"/inbox/{one}/ignore", data={"csrf": csrf})
    assert again.status_code == 409
    assert "venter ikke i bilagsmottaket" in again.text


def test_split_one_payment_over_several_invoices(web: Web) -> None:
    client, csrf = web.login("bank_and_payments")
    first, second = _invoice(web, 10000), _invoice(web, 20000)
    (pid,) = _waiting(web, client, csrf, Pay(35000, "12345678902"))
    too_much = client.post(
        f"/inbox/{pid}/split",
        data={"csrf": csrf, "_form": f"split-{pid}", "invoice_1": str(first["number"]),
              "amount_1": "150,00", "invoice_2": str(second["number"]), "amount_2": "200"},
        headers=REFERER,
    )  # fmt: skip
    assert "har 100,00\u00a0kr åpent, ikke 150,00\u00a0kr" in too_much.text
    assert 'value="150,00"' in too_much.text  # kept
    split = client.post(
        f"/inbox/{pid}/split",
        data={"csrf": csrf, "invoice_1": str(first["number"]), "amount_1": "100",
              "invoice_2": str(second["number"]), "amount_2": "200,00"},
    )  # fmt: skip
    assert "fordelt på 2 fakturaer" in split.text
    assert "50,00\u00a0kr står igjen som kundens tilgode" in split.text
    for invoice in (first, second):
        assert web.books.invoice(web.company, invoice["id"]).status == "paid"
    unknown = client.post(
        f"/inbox/{pid}/split", data={"csrf": csrf, "invoice_1": "999", "amount_1": "1"}
    )
    assert unknown.status_code == 404 or "ingen faktura med nummer 999" in unknown.text


def _file_id(web: Web) -> int:
    files = web.api("admin").get(f"/api/v1/companies/{web.company}/payments/files").json()
    return int(files[0]["id"])


def test_undo_a_whole_import_until_a_payment_is_handled_by_hand(web: Web) -> None:
    client, csrf = web.login("admin")
    invoice = web.books.issue_invoice(
        web.company,
        web.books.create_invoice(
            web.company, customer_number=web.customer, actor="test",
            lines=[LineDraft("Vare", 1000, 10000, VatCode.ZERO)],
        ).id,
        actor="test",
    )  # fmt: skip
    data = ocr_file([Pay(6000, invoice.kid), Pay(4200, "12345678902")])
    client.post("/payments/upload", data={"csrf": csrf}, files={"file": ("a.txt", data)})
    assert web.books.invoice(web.company, invoice.id).status == "partially_paid"
    file_id = _file_id(web)
    assert 'id="undo-import"' in client.get(f"/payments/files/{file_id}").text
    # Only the administrator may undo.
    bank, bank_csrf = web.login("bank_and_payments")
    assert 'id="undo-import"' not in bank.get(f"/payments/files/{file_id}").text
    assert bank.post(f"/payments/files/{file_id}/undo", data={"csrf": bank_csrf}).status_code == 403
    undone = client.post(f"/payments/files/{file_id}/undo", data={"csrf": csrf})
    assert "Innlesingen av a.txt er angret: 2 betalinger fjernet." in undone.text
    after = web.books.invoice(web.company, invoice.id)
    assert (after.status, after.open_ore) == ("open", 10000)
    assert web.api("admin").get(f"/api/v1/companies/{web.company}/inbox").json() == []
    audit = web.api("admin").get(f"/api/v1/companies/{web.company}/audit").json()
    assert "payments.undo_import" in {a["action"] for a in audit}
    # The same bytes can be imported again; once a payment is posted by hand, no undo.
    client.post("/payments/upload", data={"csrf": csrf}, files={"file": ("a.txt", data)})
    assert web.books.invoice(web.company, invoice.id).status == "partially_paid"
    (pid,) = [p["id"] for p in web.api("admin").get(
        f"/api/v1/companies/{web.company}/inbox").json()]  # fmt: skip
    client.post(f"/inbox/{pid}/post", data={"csrf": csrf, "customer": str(web.customer)})
    refused = client.post(f"/payments/files/{_file_id(web)}/undo", data={"csrf": csrf})
    assert refused.status_code == 409
    assert f"betaling {pid} i filen er behandlet manuelt" in refused.text
