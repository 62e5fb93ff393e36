"""The AvtaleGiro API: agreement, mandates with filters, claims files with contents."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from reskontro.domain.invoice import LineDraft
from reskontro.domain.kid import DEFAULT_TEMPLATE, KidTemplate
from reskontro.domain.vat import VatCode
from reskontro.services.avtalegiro.agreement import register_agreement
from reskontro.services.avtalegiro.mandates import read_mandates
from reskontro.testing.avtalegiro import mandate_list

if TYPE_CHECKING:
    from tests.web.conftest import Web


def test_avtalegiro_api(web: Web) -> None:
    base = f"/api/v1/companies/{web.company}/avtalegiro"
    api = web.api("bank_and_payments")
    assert api.get(f"{base}/agreement").json() == {"agreement": None}
    register_agreement(
        web.sessions, web.clock, web.company, agreement_id="000012345",
        data_transmitter="00010200", actor="t",
    )  # fmt: skip
    kid = KidTemplate.parse(DEFAULT_TEMPLATE).make(web.customer, 0)
    data = mandate_list((1, kid, True), (1, "99999000017", False), account="12345678903")
    read_mandates(web.sessions, web.clock, web.company, data, filename="fbo.txt", actor="t")
    draft = web.books.create_invoice(
        web.company, customer_number=web.customer,
        lines=[LineDraft("Strøm", 1000, 40000, VatCode.ZERO)], due=dt.date(2026, 12, 9),
        actor="t",
    )  # fmt: skip
    web.books.issue_invoice(web.company, draft.id, actor="t")
    assert api.get(f"{base}/agreement").json()["agreement"]["agreement_id"] == "000012345"
    mandates = api.get(f"{base}/mandates").json()
    assert [(m["customer"], m["state"]) for m in mandates] == [
        (web.customer, "active"),
        (None, "waiting"),
    ]
    waiting = api.get(f"{base}/mandates", params={"state": "waiting"}).json()
    assert [m["kid"] for m in waiting] == ["99999000017"]
    assert api.get(f"{base}/mandates", params={"notify": "false"}).json() == waiting
    assert web.api("read_only").post(f"{base}/claims").status_code == 403
    written = api.post(f"{base}/claims").json()
    assert written == {**written, "claims": 1, "amount_ore": 40000, "too_late": 0}
    files = api.get(f"{base}/files", params={"direction": "claims"}).json()
    assert [f["claims"] for f in files] == [1]
    contents = api.get(f"{base}/files/{files[0]['id']}").json()
    (item,) = contents["items"]
    assert item == {**item, "kind": "claim", "kid": draft_kid(web, draft.id),
                    "amount_ore": 40000, "due_date": "2026-12-09"}  # fmt: skip
    fbo = api.get(f"{base}/files", params={"direction": "mandates"}).json()
    listed = api.get(f"{base}/files/{fbo[0]['id']}").json()["items"]
    assert [i["kind"] for i in listed] == ["mandate", "mandate"]
    assert api.get(f"{base}/files/999999").status_code == 404
    outsider = web.api("outsider")
    assert outsider.get(f"{base}/mandates").status_code == 404


def draft_kid(web: Web, invoice_id: int) -> str:
    kid = web.books.invoice(web.company, invoice_id).kid
    assert isinstance(kid, str)
    return kid
