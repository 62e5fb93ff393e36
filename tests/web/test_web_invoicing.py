"""Gruppefakturering and Repeterende in the web app and the API; a bulk run with its
preview in a real Chromium."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.web.conftest import Web


def _member(web: Web) -> int:
    """A customer the company can e-mail (the bulk run refuses one it cannot reach)."""
    made = web.books.create_customer(web.company, name="Ola", email="ola@x.no", actor="t")
    return int(made.number)


def test_bulk_preview_run_and_result_pages(web: Web) -> None:
    client, csrf = web.login("admin")
    form = {
        "csrf": csrf, "who": "list", "customers": str(_member(web)),
        "description_0": "Kontingent", "quantity_0": "1", "price_0": "500", "vat_0": "0",
        "efaktura_if_possible": "1",
    }  # fmt: skip
    preview = client.post("/invoicing/bulk/preview", data=form)
    assert preview.status_code == 200, preview.text
    assert "1 fakturaer" in preview.text
    run_id = re.search(r'name="run_id" value="([^"]+)"', preview.text)
    assert run_id is not None
    done = client.post("/invoicing/bulk/run", data={**form, "run_id": run_id.group(1)})
    assert done.status_code == 200
    assert "1 fakturaer utstedt" in done.text
    again = client.post("/invoicing/bulk/run", data={**form, "run_id": run_id.group(1)})
    assert "1 fakturaer utstedt" in again.text  # the same run: nothing twice
    assert client.get("/invoicing/bulk").status_code == 200


def test_recurring_page_and_api(web: Web) -> None:
    client, csrf = web.login("admin")
    created = client.post("/recurring", data={
        "csrf": csrf, "customer": str(web.customer), "every": "quarter", "start": "01.12.2026",
        "description_0": "Leie", "quantity_0": "1", "price_0": "1000", "vat_0": "0",
        "send": "1", "efaktura_if_possible": "1",
    })  # fmt: skip
    assert created.status_code == 200, created.text
    assert "Kvartalsvis" in created.text
    api = web.api("admin")
    url = f"/api/v1/companies/{web.company}/recurring"
    made = api.post(url, json={"customer_number": web.customer, "every": "month",
                               "lines": [{"description": "Parkering", "unit_price_ore": 50000,
                                          "vat": "0"}]})  # fmt: skip
    assert made.status_code == 201, made.text
    assert made.json()["efaktura_if_possible"] is True
    assert len(api.get(url).json()) == 2
    ran = api.post(f"{url}/run", json={"date": "2026-12-01"})
    assert ran.json()["created"] == 2
    assert api.post(f"{url}/run", json={"date": "2026-12-01"}).json()["created"] == 0
    bulk = {"customers": [_member(web)], "lines": [{"description": "X", "unit_price_ore": 100,
                                                     "vat": "0"}], "run_id": "api-1"}  # fmt: skip
    preview = api.post(f"/api/v1/companies/{web.company}/bulk/preview", json=bulk)
    assert preview.json()["invoices"] == 1
    first = api.post(f"/api/v1/companies/{web.company}/bulk", json=bulk).json()
    assert api.post(f"/api/v1/companies/{web.company}/bulk", json=bulk).json() == first
    assert web.api("read_only").post(f"{url}/run", json={}).status_code == 403
    page_text = client.get(f"/customers/{web.customer}").text
    assert "Repeterende" in page_text
