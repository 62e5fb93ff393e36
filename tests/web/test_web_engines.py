"""The list queries and an import through the API on both engines (SQLite, PostgreSQL)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from tests.web.conftest import Web


def test_list_filters_and_import(web_any: Web) -> None:
    web = web_any
    api = web.api("admin")
    base = f"/api/v1/companies/{web.company}"
    made = []
    for price in (10000, 20000, 30000):
        response = api.post(f"{base}/invoices", json={
            "customer_number": web.customer, "due_date": "2026-11-30", "issue": True,
            "lines": [{"description": "Vare", "unit_price_ore": price, "vat": "0"}],
        })  # fmt: skip
        assert response.status_code == 201, response.text
        made.append(response.json())
    draft = api.post(f"{base}/invoices", json={
        "customer_number": web.customer,
        "lines": [{"description": "Utkast", "unit_price_ore": 1, "vat": "0"}],
    }).json()  # fmt: skip
    data = ocr_file([Pay(10000, made[0]["kid"]), Pay(5000, made[1]["kid"])])
    summary = api.post(f"{base}/payments/import", files={"file": ("o.txt", data, "text/plain")})
    assert summary.json()["matched"] == 1

    def numbers(**params: Any) -> list[int | None]:
        response = api.get(f"{base}/invoices", params=params)
        assert response.status_code == 200, response.text
        return [v["number"] for v in response.json()["invoices"]]

    assert numbers() == [3, 2, 1]
    assert numbers(status="paid") == [1]
    assert numbers(status="partially_paid") == [2]
    assert numbers(status="draft") == [None]
    assert numbers(q=made[2]["kid"]) == [3]
    assert numbers(q="2") == [2]
    assert numbers(q="kari") == [3, 2, 1]
    assert numbers(customer_number=web.customer) == [3, 2, 1]
    assert numbers(date_from="2026-11-25", date_to="2026-11-25") == [3, 2, 1]
    assert numbers(date_from="2026-11-26") == []
    assert numbers(overdue=True) == []
    page = api.get(f"{base}/invoices", params={"limit": 2}).json()
    assert [v["number"] for v in page["invoices"]] == [3, 2]
    assert numbers(before=page["next_before"]) == [1]
    drafts = api.get(f"{base}/invoices", params={"status": "draft", "limit": 1}).json()
    assert drafts["invoices"][0]["id"] == draft["id"]
    assert drafts["next_before"] is None
    # Isolation holds on this engine too.
    assert web.api("outsider").get(f"{base}/invoices").status_code == 404
