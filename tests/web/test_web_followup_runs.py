"""Reminder, inkassovarsel and interest runs from the web go in the background (issue 18
Build 3): *Kjør nå* answers at once with the run's page, which follows the run and
then shows its result; a run started twice sends each letter once; another company's
run is not found; the API answers 202 with a run to follow."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.services.followup.base import RunStage
from reskontro.services.progress import STALE
from reskontro.storage.models import Customer
from reskontro.storage.models_followup import FollowupDocument

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from tests.web.conftest import Web

    from reskontro.services.followup.run_jobs import RunJobs
    from reskontro.services.invoicing.views import InvoiceView

TODAY = dt.date(2026, 11, 25)  # the web fixture's clock


def overdue(web: Web, days: int) -> InvoiceView:
    """An invoice overdue by ``days`` to a customer with a postal address."""
    with web.sessions.begin() as session:
        customer = session.scalars(
            select(Customer).where(Customer.company_id == web.company,
                                   Customer.number == web.customer)
        ).one()  # fmt: skip
        customer.street, customer.postcode, customer.city = "Storgata 1", "0155", "Oslo"
    due = TODAY - dt.timedelta(days=days)
    draft = web.books.create_invoice(
        web.company, customer_number=web.customer, due=due,
        lines=[LineDraft("Rådgivning", 1000, 100000, VatCode.EXEMPT)], actor="test",
    )  # fmt: skip
    return web.books.issue_invoice(
        web.company, draft.id, issue_date=due - dt.timedelta(days=14), actor="test"
    )


class _Held:
    """Holds every reminder run after it has said how many letters it makes."""

    def __init__(self, web: Web) -> None:
        self.release = threading.Event()
        self.started = threading.Event()
        followup = web.app.state.services.followup
        real = followup.remind

        def held(*args: Any, **kwargs: Any) -> Any:
            if "progress" not in kwargs:  # the preview
                return real(*args, **kwargs)
            kwargs["progress"](RunStage.RECORD, 0, 1)
            self.started.set()
            assert self.release.wait(30)
            return real(*args, **kwargs)

        followup.remind = held


def _letters(web: Web) -> int:
    with web.sessions() as session:
        return session.execute(
            select(func.count()).select_from(FollowupDocument)
            .where(FollowupDocument.company_id == web.company)
        ).scalar_one()  # fmt: skip


def _until_finished(client: Any, where: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while not (state := client.get(f"{where}/state").json())["finished"]:
        assert time.monotonic() < deadline, state
        time.sleep(0.05)
    return dict(state)


def test_the_page_answers_while_the_run_is_held_follows_it_then_shows_the_result(
    web: Web,
) -> None:
    invoice = overdue(web, 20)
    web.app.state.services.run_wait = 0.0
    held = _Held(web)
    client, csrf = web.login("invoicing")
    answer = client.post("/followup/reminders", data={"csrf": csrf}, follow_redirects=False)
    assert answer.status_code == 303
    where = answer.headers["location"]
    assert where.startswith("/followup/runs/")
    assert held.started.wait(10)
    page = client.get(where)
    assert page.status_code == 200
    assert 'id="run-progress"' in page.text
    assert f'data-progress-url="{where}/state"' in page.text
    assert '<meta http-equiv="refresh"' in page.text  # without script: reload
    state = client.get(f"{where}/state").json()
    assert (state["state"], state["stage"], state["done"], state["total"]) == (
        "running", "record", 0, 1,
    )  # fmt: skip
    # A second click (or a reload of the POST) follows the same run.
    again = client.post("/followup/reminders", data={"csrf": csrf}, follow_redirects=False)
    assert again.headers["location"] == where
    assert _letters(web) == 0  # nothing recorded yet
    held.release.set()
    state = _until_finished(client, where)
    assert (state["state"], state["done"], state["total"]) == ("done", 1, 1)
    done = client.get(where).text
    assert "Kjørt: 1 brev" in done
    assert f'href="/invoices/{invoice.id}"' in done.split('id="run-letters"')[1]
    pdf = done.split('href="/followup/documents/')[1].split('"')[0]
    assert client.get(f"/followup/documents/{pdf}").content.startswith(b"%PDF")
    assert _letters(web) == 1
    # In English, the run's result in English.
    english = web.client()
    english.cookies.update(client.cookies)
    english.cookies.set("reskontro_lang", "en")
    shown = english.get(where).text
    assert "Run: 1 letters made (PDF)" in shown
    assert "Kjørt" not in shown


def test_the_same_run_twice_sends_each_letter_once(web_any: Web) -> None:
    """On both engines: one after the other, and two at once."""
    web = web_any
    overdue(web, 20)
    client, csrf = web.login("invoicing")
    first = client.post("/followup/reminders", data={"csrf": csrf})
    assert "Kjørt: 1 brev" in first.text
    second = client.post("/followup/reminders", data={"csrf": csrf})
    assert str(second.url) != str(first.url)  # a new run, once the first was over
    assert "Kjørt: 0 brev" in second.text
    assert _letters(web) == 1
    # Two runs at once (as from two server processes): one letter, one fee.
    overdue(web, 25)
    followup = web.app.state.services.followup
    runs: list[int] = []

    def run() -> None:
        runs.append(len(followup.remind(web.company, actor="t").letters))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(runs) == [0, 1]
    assert _letters(web) == 2


def test_another_companys_run_is_not_found(web: Web) -> None:
    overdue(web, 20)
    client, csrf = web.login("invoicing")
    where = client.post("/followup/reminders", data={"csrf": csrf}).url.path
    assert where.startswith("/followup/runs/")
    outsider, _ = web.login("outsider")
    assert outsider.get(where).status_code == 404
    assert outsider.get(f"{where}/state").status_code == 404
    assert client.get("/followup/runs/..%2F..%2Fx").status_code == 404
    assert client.get("/followup/runs/nosuchrun").status_code == 404


def test_a_run_whose_process_died_shows_as_interrupted(web: Web) -> None:
    jobs: RunJobs = web.app.state.services.followup_runs
    jobs.folder.mkdir(parents=True, exist_ok=True)
    old = (web.clock.now() - STALE - dt.timedelta(seconds=1)).isoformat()
    (jobs.folder / "died.json").write_text(json.dumps({
        "id": "died", "company_id": web.company, "kind": "notices", "state": "running",
        "stage": "pdf", "done": 5, "total": 10, "started_at": old, "updated_at": old,
        "combined": False, "until": None, "result": None, "error": None, "error_text": None,
    }))  # fmt: skip
    client, _ = web.login("invoicing")
    page = client.get("/followup/runs/died").text
    assert 'id="run-failed"' in page
    assert "ble avbrutt" in page
    assert 'href="/followup/notices"' in page
    assert client.get("/followup/runs/died/state").json()["state"] == "interrupted"


def test_the_api_answers_202_with_a_run_to_follow(web: Web) -> None:
    invoice = overdue(web, 20)
    api = web.api("invoicing")
    started = api.post(f"/api/v1/companies/{web.company}/followup/reminders/runs")
    assert started.status_code == 202, started.text
    body = started.json()
    assert started.headers["location"] == body["status_url"]
    deadline = time.monotonic() + 60
    while (job := api.get(body["status_url"]).json())["state"] != "done":
        assert time.monotonic() < deadline, job
        time.sleep(0.05)
    (letter,) = job["result"]["letters"]
    assert letter["invoice_id"] == invoice.id
    assert api.get(f"/api/v1/companies/{web.company}/followup/nothing/runs").status_code in {
        404, 405,
    }  # fmt: skip
    assert (
        web.api("read_only")
        .post(f"/api/v1/companies/{web.company}/followup/reminders/runs")
        .status_code
        == 403
    )
    assert web.api("outsider").get(body["status_url"]).status_code in {403, 404}


def test_a_run_shows_its_progress_then_its_result_in_chromium(
    web: Web, server: str, page: Page
) -> None:
    """*Kjør nå* in the browser: the run's page follows it (polling from static/app.js)
    and then shows the letters; held here until the progress has been seen."""
    from playwright.sync_api import expect

    overdue(web, 20)
    web.app.state.services.run_wait = 0.0
    held = _Held(web)
    page.goto(f"{server}/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "hemmelig-passord")
    page.click("button[type=submit]")
    page.goto(f"{server}/followup/reminders")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#run")
    expect(page.locator("#run-progress")).to_be_visible()
    expect(page.locator("#run-total")).to_have_text("1")
    expect(page.locator("#run-state")).to_contain_text("Registrerer brev")
    assert held.started.is_set()
    held.release.set()
    expect(page.locator("#run-result")).to_contain_text("Kjørt: 1 brev")
    expect(page.locator("#run-letters a[href^='/followup/documents/']")).to_have_count(1)
    assert "/followup/runs/" in page.url


def test_a_run_that_fails_says_why_in_the_readers_language(web: Web) -> None:
    """Interest up to a day after today is refused by the service: the run's page says
    the run failed, and why, in bokmål (English for an English reader)."""
    client, csrf = web.login("invoicing")
    failed = client.post("/followup/interest", data={"csrf": csrf, "until": "31.12.2026"})
    assert "/followup/runs/" in str(failed.url)
    assert 'id="run-failed"' in failed.text
    assert "Kjøringen feilet" in failed.text
    detail = failed.text.split('id="run-failed-detail">')[1].split("<")[0]
    assert detail == "renter beregnes høyst til og med i dag"  # the service's code
    client.cookies.set("reskontro_lang", "en")
    english = client.get(failed.url.path).text
    assert "The run failed" in english
    assert "interest is computed up to today at the latest" in english
    assert "Kjøringen" not in english
