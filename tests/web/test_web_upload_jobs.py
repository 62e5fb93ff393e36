"""Uploads answer at once and import in the background (issue 11 Build 6, issue 18):
the page follows the import and then shows the file; the API answers 202 with a job
to poll; request bodies are capped before they are read in full."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import threading
import time
from typing import TYPE_CHECKING, Any

import pytest

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.services.payments.jobs import STALE, JobState
from reskontro.testing.ocr import Pay, ocr_file
from reskontro.web.limits import BodyLimit

if TYPE_CHECKING:
    from collections.abc import MutableMapping

    from tests.web.conftest import Web

    from reskontro.services.invoicing.views import InvoiceView
    from reskontro.services.payments.jobs import ImportJobs


def _invoice(web: Web) -> InvoiceView:
    draft = web.books.create_invoice(
        web.company, customer_number=web.customer, actor="test",
        lines=[LineDraft("Kurs", 1000, 100000, VatCode.ZERO)],
    )  # fmt: skip
    return web.books.issue_invoice(web.company, draft.id, actor="test")


class _Held:
    """Holds every import until released: the page is seen while the import runs."""

    def __init__(self, jobs: ImportJobs) -> None:
        self.release = threading.Event()
        self.started = threading.Event()
        real = jobs.importer.import_stored

        def held(*args: Any, **kwargs: Any) -> Any:
            self.started.set()
            kwargs["progress"](1, 2)
            assert self.release.wait(30)
            return real(*args, **kwargs)

        jobs.importer.import_stored = held  # type: ignore[method-assign]


def test_the_page_answers_at_once_follows_the_import_then_shows_the_file(web: Web) -> None:
    invoice = _invoice(web)
    web.app.state.services.upload_wait = 0.0
    held = _Held(web.app.state.services.import_jobs)
    client, csrf = web.login("admin")
    data = ocr_file([Pay(invoice.total_ore, invoice.kid)])
    answer = client.post("/payments/upload", data={"csrf": csrf},
                         files={"file": ("ocr.txt", data)}, follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303
    where = answer.headers["location"]
    assert where.startswith("/payments/uploads/")
    assert held.started.wait(10)
    page = client.get(where)
    assert page.status_code == 200
    assert 'id="import-progress"' in page.text
    assert f'data-progress-url="{where}/state"' in page.text
    deadline = time.monotonic() + 10
    while (state := client.get(f"{where}/state").json())["done"] != 1:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert state["state"] == "running"
    assert state["total"] == 2
    assert web.books.invoice(web.company, invoice.id).status == "open"  # nothing booked yet
    held.release.set()
    while (state := client.get(f"{where}/state").json())["state"] != "done":
        assert time.monotonic() < deadline + 20
        time.sleep(0.05)
    assert state["status"] == "imported"
    done = client.get(where, follow_redirects=False)
    assert done.headers["location"] == f"/payments/files/{state['file_id']}"
    file_page = client.get(done.headers["location"]).text
    assert 'id="import-ok"' in file_page
    assert "1 betalinger" in file_page
    assert web.books.invoice(web.company, invoice.id).status == "paid"


def test_the_same_file_again_is_shown_as_imported_before(web: Web) -> None:
    invoice = _invoice(web)
    client, csrf = web.login("admin")
    data = ocr_file([Pay(invoice.total_ore, invoice.kid)])
    first = client.post("/payments/upload", data={"csrf": csrf}, files={"file": ("a.txt", data)})
    again = client.post("/payments/upload", data={"csrf": csrf}, files={"file": ("b.txt", data)})
    assert str(again.url) == str(first.url)  # the first file's page
    assert "b.txt er lest inn før; ingenting ble bokført på nytt." in again.text


def test_the_api_answers_202_with_a_job_to_follow(web: Web) -> None:
    invoice = _invoice(web)
    api = web.api("admin")
    data = ocr_file([Pay(invoice.total_ore, invoice.kid)])
    started = api.post(f"/api/v1/companies/{web.company}/payments/uploads",
                       files={"file": ("ocr.txt", data)})  # fmt: skip
    assert started.status_code == 202, started.text
    body = started.json()
    assert started.headers["location"] == body["status_url"]
    assert body["state"] in {"queued", "running", "done"}
    deadline = time.monotonic() + 30
    while (job := api.get(body["status_url"]).json())["state"] != "done":
        assert time.monotonic() < deadline, job
        time.sleep(0.05)
    assert (job["status"], job["done"], job["amount_ore"]) == ("imported", 1, invoice.total_ore)
    assert api.get(job["file_url"]).json()["status"] == "imported"
    # Another company's user does not see the job.
    other = web.api("outsider").get(body["status_url"])
    assert other.status_code in {403, 404}
    assert (
        web.api("admin")
        .get(f"/api/v1/companies/{web.company}/payments/uploads/../../x")
        .status_code
        == 404
    )


def test_a_job_whose_process_died_shows_as_interrupted(web: Web) -> None:
    jobs: ImportJobs = web.app.state.services.import_jobs
    jobs.folder.mkdir(parents=True, exist_ok=True)
    old = (web.clock.now() - STALE - dt.timedelta(seconds=1)).isoformat()
    (jobs.folder / "died.json").write_text(json.dumps({
        "id": "died", "company_id": web.company, "filename": "stor.xml", "size": 10,
        "state": "running", "done": 5, "total": 10, "started_at": old, "updated_at": old,
        "file_id": None, "status": None, "amount_ore": 0, "error": None, "error_text": None,
    }))  # fmt: skip
    assert jobs.get(web.company, "died").state is JobState.INTERRUPTED
    client, _ = web.login("admin")
    page = client.get("/payments/uploads/died")
    assert 'id="import-failed"' in page.text
    assert "Innlesingen av stor.xml ble avbrutt" in page.text
    assert client.get("/payments/uploads/died", follow_redirects=False).status_code == 200


def test_a_declared_body_over_the_cap_is_refused_before_it_is_read(web: Web) -> None:
    api = web.api("admin")
    refused = api.post(
        f"/api/v1/companies/{web.company}/payments/uploads",
        content=b"x" * 10,
        headers={"content-length": str(60 * 1024 * 1024), "content-type": "text/plain"},
    )
    assert refused.status_code == 413
    assert refused.json()["message"] == "the request is larger than 51 MB"


def test_a_streamed_body_is_cut_off_at_the_cap() -> None:
    """A chunked body (no Content-Length) is counted as it arrives."""
    seen: list[int] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            seen.append(len(message.get("body", b"")))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    chunks = [{"type": "http.request", "body": b"x" * 400, "more_body": True}] * 5
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return chunks.pop(0)

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(dict(message))

    scope = {"type": "http", "path": "/payments/upload", "headers": []}
    asyncio.run(BodyLimit(app, limit=1000)(scope, receive, send))
    assert sum(seen) <= 1000  # the app never got past the cap
    assert sent[0]["status"] == 413
    assert "større enn" in sent[1]["body"].decode()


@pytest.mark.parametrize("name", ["", "../x", "a" * 65])
def test_a_bad_job_id_is_not_found(web: Web, name: str) -> None:
    from reskontro.errors import NotFound

    with pytest.raises(NotFound):
        web.app.state.services.import_jobs.get(web.company, name)
