"""Gruppefakturering and Repeterende in the web app and the API; a bulk run with its
preview in a real Chromium."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pytest
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


def test_a_long_bulk_run_goes_on_in_the_background(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More than a chunk: the run goes on in a thread, the page shows its progress and
    polls a small JSON view; a run left pending is started again by its page."""
    from reskontro.domain.invoice import LineDraft
    from reskontro.domain.vat import VatCode
    from reskontro.services.invoicing import bulk as bulkmod
    from reskontro.web import bulk_runs, invoicing_pages

    monkeypatch.setattr(bulkmod, "CHUNK", 2)
    monkeypatch.setattr(invoicing_pages, "CHUNK", 2)
    numbers = ",".join(str(_member(web)) for _ in range(5))
    client, csrf = web.login("admin")
    form = {
        "csrf": csrf, "who": "list", "customers": numbers, "description_0": "Kontingent",
        "quantity_0": "1", "price_0": "500", "vat_0": "0", "run_id": "long-1",
    }  # fmt: skip
    started = client.post("/invoicing/bulk/run", data=form, follow_redirects=False)
    assert started.status_code == 303
    assert started.headers["location"] == "/invoicing/bulk/long-1"
    bulk_runs.wait(web.company, "long-1", timeout=60)
    progress = client.get("/invoicing/bulk/long-1/progress").json()
    assert progress == {"state": "done", "total": 5, "done": 5, "issued": 5, "refused": 0,
                        "pending": 0}  # fmt: skip
    page = client.get("/invoicing/bulk/long-1").text
    assert "5 fakturaer utstedt" in page
    assert 'id="bulk-progress"' not in page
    # A run left pending (the server stopped): its page shows the progress and resumes it.
    bulk = bulkmod.Bulk(web.books)
    bulk.start(web.company, bulkmod.Selection(numbers=(10002, 10003, 10004)),
               [LineDraft("X", 1000, 100, VatCode.ZERO)], run_id="left",
               actor="t")  # fmt: skip
    pending = client.get("/invoicing/bulk/left").text
    assert 'id="bulk-progress"' in pending
    assert 'data-progress-url="/invoicing/bulk/left/progress"' in pending
    bulk_runs.wait(web.company, "left", timeout=60)
    assert client.get("/invoicing/bulk/left/progress").json()["issued"] == 3
    reader, _ = web.login("read_only")
    assert reader.get("/invoicing/bulk/left/progress").json()["pending"] == 0
