"""Background jobs are one format (issue 10 Build 4): files written before still read
(or show as not found, never a 500); finished jobs are removed after the retention, a
running one never, and a removed job's page says so; a follow-up run can be cancelled
between two letters, keeping what it did."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import func, select

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.errors import ValidationError
from reskontro.services.followup.base import RunStage
from reskontro.services.progress import STALE, JobState, remove_finished, retention
from reskontro.storage.models import Customer
from reskontro.storage.models_followup import FollowupDocument
from reskontro.worker import clean_jobs

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Page
    from tests.web.conftest import Web

    from reskontro.services.followup.run_jobs import RunJobs
    from reskontro.services.payments.jobs import ImportJobs


def overdue(web: Web, days: int) -> None:
    """An invoice overdue by ``days`` to a customer with a postal address."""
    with web.sessions.begin() as session:
        customer = session.scalars(
            select(Customer).where(Customer.company_id == web.company,
                                   Customer.number == web.customer)
        ).one()  # fmt: skip
        customer.street, customer.postcode, customer.city = "Storgata 1", "0155", "Oslo"
    due = web.clock.today() - dt.timedelta(days=days)
    draft = web.books.create_invoice(
        web.company, customer_number=web.customer, due=due,
        lines=[LineDraft("Rådgivning", 1000, 100000, VatCode.EXEMPT)], actor="test",
    )  # fmt: skip
    web.books.issue_invoice(web.company, draft.id, issue_date=due - dt.timedelta(days=14),
                            actor="test")  # fmt: skip


def _write(folder: Path, name: str, record: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(record), encoding="utf-8")


def _import_record(web: Web, job_id: str, state: str, at: dt.datetime) -> dict[str, Any]:
    """An import job's file as the format before this one wrote it."""
    return {
        "id": job_id, "company_id": web.company, "filename": "ocr.txt", "size": 10,
        "state": state, "done": 1, "total": 1, "started_at": at.isoformat(),
        "updated_at": at.isoformat(), "file_id": None, "status": None, "amount_ore": 0,
        "error": None, "error_text": None,
    }  # fmt: skip


def _run_record(web: Web, job_id: str, state: str, at: dt.datetime) -> dict[str, Any]:
    """A follow-up run's file as the format before this one wrote it (with a result)."""
    return {
        "id": job_id, "company_id": web.company, "kind": "reminders", "state": state,
        "stage": "pdf", "done": 0, "total": 0, "percent": 100, "started_at": at.isoformat(),
        "updated_at": at.isoformat(), "combined": False, "until": None,
        "result": {"letters": [], "skipped": [], "warnings": [], "inbox_waiting": 0,
                   "notes": 0, "interest_ore": 0},
        "error": None, "error_text": None,
    }  # fmt: skip


def test_files_written_before_still_read_and_a_broken_one_is_not_found(web: Web) -> None:
    runs: RunJobs = web.app.state.services.followup_runs
    imports: ImportJobs = web.app.state.services.import_jobs
    now = web.clock.now()
    _write(runs.folder, "oldrun", _run_record(web, "oldrun", "done", now))
    _write(imports.folder, "oldimport", _import_record(web, "oldimport", "failed", now))
    (runs.folder / "broken.json").write_text('{"id": "broken", "state": "sideways"}')
    (runs.folder / "list.json").write_text("[1, 2]")
    client, _ = web.login("invoicing")
    done = client.get("/followup/runs/oldrun")
    assert done.status_code == 200
    assert "Kjørt: 0 brev" in done.text
    assert imports.get(web.company, "oldimport").state is JobState.FAILED
    admin, _ = web.login("admin")
    failed = admin.get("/payments/uploads/oldimport")
    assert failed.status_code == 200
    assert "Innlesingen av ocr.txt feilet" in failed.text
    for name in ("broken", "list"):
        assert client.get(f"/followup/runs/{name}").status_code == 404
        assert client.get(f"/followup/runs/{name}/state").status_code == 404


def test_finished_jobs_go_after_the_retention_running_ones_never(web: Web) -> None:
    runs: RunJobs = web.app.state.services.followup_runs
    folder, now = runs.folder, web.clock.now()
    old = now - dt.timedelta(days=8)
    _write(folder, "olddone", _run_record(web, "olddone", "done", old))
    _write(folder, "oldfailed", _import_record(web, "oldfailed", "failed", old))
    _write(folder, "olddied", _import_record(web, "olddied", "running", old))  # lost
    _write(folder, "newdone", _run_record(web, "newdone", "done", now - dt.timedelta(days=6)))
    _write(folder, "running", _run_record(web, "running", "running", now))
    (folder / f"followup-{web.company}-reminders.current").write_text("olddone")
    assert remove_finished(folder, now, retention({})) == 3
    left = sorted(p.name for p in folder.iterdir())
    assert left == ["newdone.json", "running.json"]
    # A running job is kept however long ago it started, as long as it moves.
    far = now + dt.timedelta(days=30)
    _write(folder, "running", {**_run_record(web, "running", "running", old),
                               "updated_at": far.isoformat()})  # fmt: skip
    assert remove_finished(folder, far, dt.timedelta(days=1)) == 1  # newdone only
    assert sorted(p.name for p in folder.iterdir()) == ["running.json"]


def test_a_removed_jobs_page_says_so_in_the_readers_language(web: Web) -> None:
    runs: RunJobs = web.app.state.services.followup_runs
    old = web.clock.now() - dt.timedelta(days=8)
    _write(runs.folder, "gone", _run_record(web, "gone", "done", old))
    _write(runs.folder, "goneimport", _import_record(web, "goneimport", "done", old))
    overdue(web, 20)
    client, csrf = web.login("invoicing")
    assert client.get("/followup/runs/gone").status_code == 200
    # Starting a job removes the finished ones past the retention.
    assert "/followup/runs/" in str(client.post("/followup/reminders", data={"csrf": csrf}).url)
    gone = client.get("/followup/runs/gone")
    assert gone.status_code == 404
    assert "fant ikke kjøringen: siden til en ferdig kjøring tas vare på i 7 dager" in gone.text
    client.cookies.set("reskontro_lang", "en")
    english = client.get("/followup/runs/gone")
    assert english.status_code == 404
    assert "page is kept for 7 days" in english.text
    admin, _ = web.login("admin")
    upload = admin.get("/payments/uploads/goneimport")
    assert upload.status_code == 404
    assert "siden til en ferdig innlesing tas vare på i 7 dager" in upload.text
    api = web.api("invoicing").get(f"/api/v1/companies/{web.company}/followup/runs/gone")
    assert api.status_code == 404
    assert api.json()["params"] == {"days": 7}


def test_the_daily_clean_up_follows_the_setting(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    runs: RunJobs = web.app.state.services.followup_runs
    now = web.clock.now()
    _write(runs.folder, "twodays", _run_record(web, "twodays", "done", now - dt.timedelta(days=2)))
    monkeypatch.setenv("RESKONTRO_FILE_STORE", str(runs.folder.parent))
    assert clean_jobs(web.sessions, web.clock, {}) == 0  # 7 days by default
    assert clean_jobs(web.sessions, web.clock, {"RESKONTRO_JOB_RETENTION_DAYS": "1"}) == 1
    assert not (runs.folder / "twodays.json").exists()
    with pytest.raises(ValidationError, match="RESKONTRO_JOB_RETENTION_DAYS"):
        retention({"RESKONTRO_JOB_RETENTION_DAYS": "0"})


class _HeldAfterFirst:
    """Holds a reminder run after its first letter is recorded, until released."""

    def __init__(self, web: Web) -> None:
        self.release = threading.Event()
        self.held = threading.Event()
        followup = web.app.state.services.followup
        real = followup.remind

        def remind(*args: Any, **kwargs: Any) -> Any:
            if "progress" in kwargs:
                progress = kwargs["progress"]

                def held(stage: RunStage, done: int, total: int) -> bool | None:
                    if stage is RunStage.RECORD and done == 1:
                        self.held.set()
                        assert self.release.wait(30)
                    return progress(stage, done, total)  # type: ignore[no-any-return]

                kwargs["progress"] = held
            return real(*args, **kwargs)

        followup.remind = remind


def _letters(web: Web) -> int:
    with web.sessions() as session:
        return session.execute(
            select(func.count()).select_from(FollowupDocument)
            .where(FollowupDocument.company_id == web.company)
        ).scalar_one()  # fmt: skip


def _finished(api: Any, url: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while (job := api.get(url).json())["state"] in {"queued", "running"}:
        assert time.monotonic() < deadline, job
        time.sleep(0.05)
    return dict(job)


def test_a_run_cancelled_through_the_api_keeps_what_it_did(web: Web) -> None:
    overdue(web, 20)
    overdue(web, 21)
    held = _HeldAfterFirst(web)
    api = web.api("invoicing")
    started = api.post(f"/api/v1/companies/{web.company}/followup/reminders/runs")
    url = started.json()["status_url"]
    assert held.held.wait(30)
    assert web.api("read_only").post(f"{url}/cancel").status_code == 403
    assert web.api("outsider").post(f"{url}/cancel").status_code in {403, 404}
    asked = api.post(f"{url}/cancel")
    assert asked.status_code == 202, asked.text
    assert asked.json()["state"] == "running"
    held.release.set()
    job = _finished(api, url)
    assert (job["state"], job["recorded"], job["planned"]) == ("cancelled", 1, 2)
    assert len(job["result"]["letters"]) == 1
    assert _letters(web) == 1
    client, _ = web.login("invoicing")
    page = client.get(url.split(f"/companies/{web.company}")[1]).text
    assert "Avbrutt etter 1 av 2" in page
    assert page.split('id="run-letters"')[1].count('href="/followup/documents/') == 1
    doc = page.split('href="/followup/documents/')[1].split('"')[0]
    assert client.get(f"/followup/documents/{doc}").content.startswith(b"%PDF")
    # Cancelling a run already over changes nothing; running again makes the rest.
    assert api.post(f"{url}/cancel").json()["state"] == "cancelled"
    again = api.post(f"/api/v1/companies/{web.company}/followup/reminders/runs")
    assert len(_finished(api, again.json()["status_url"])["result"]["letters"]) == 1
    assert _letters(web) == 2


def test_a_stale_job_is_shown_as_interrupted_not_cancelled(web: Web) -> None:
    runs: RunJobs = web.app.state.services.followup_runs
    old = web.clock.now() - STALE - dt.timedelta(seconds=1)
    _write(runs.folder, "stale", _run_record(web, "stale", "running", old))
    assert runs.cancel(web.company, "stale").state is JobState.INTERRUPTED
    assert not (runs.folder / "stale.cancel").exists()


def test_a_run_is_cancelled_from_its_page_in_chromium(web: Web, server: str, page: Page) -> None:
    """*Avbryt* on the run's page: the run stops after the letter in hand and the page
    shows the letter made and "Avbrutt etter 1 av 2"."""
    from playwright.sync_api import expect

    overdue(web, 20)
    overdue(web, 21)
    web.app.state.services.run_wait = 0.0
    held = _HeldAfterFirst(web)
    page.goto(f"{server}/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "hemmelig-passord")
    page.click("button[type=submit]")
    page.goto(f"{server}/followup/reminders")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#run")
    expect(page.locator("#run-progress")).to_be_visible()
    assert held.held.wait(30)
    page.click("#run-cancel")
    expect(page.locator("#run-progress")).to_be_visible()
    held.release.set()
    expect(page.locator("#run-cancelled")).to_contain_text("Avbrutt etter 1 av 2")
    expect(page.locator("#run-letters a[href^='/followup/documents/']")).to_have_count(1)
    assert _letters(web) == 1
