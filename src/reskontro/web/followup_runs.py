"""Reminder, inkassovarsel, betalingsoppfordring and interest runs from the web, in the
background (:mod:`reskontro.services.followup.run_jobs`): *Kjør nå* answers at once
with the run's page, which shows how far it has come (``static/app.js`` polls
``/followup/runs/{id}/state``; without script the page reloads itself) and then the
run's result. The API starts a run with 202 and a ``status_url`` to follow."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from reskontro.i18n import render as i18n_render
from reskontro.messages import Message
from reskontro.services.followup.run_jobs import RunCode, RunJob, RunKind
from reskontro.services.progress import JobState
from reskontro.web.deps import (
    ApiPrincipal,
    CheckedForm,
    PagePrincipal,
    Services,
    ServicesDep,
    allowed_company,
    current_company,
)
from reskontro.web.fmt import parse_date
from reskontro.web.followup_tabs import TABS
from reskontro.web.render import language, render

if TYPE_CHECKING:
    from reskontro.services.users import Principal

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["v1"])

#: The kinds a run can be started for, by the page's name.
KINDS = {k.value: k for k in RunKind}


def _on(value: object) -> bool:
    return str(value or "") in {"1", "on", "true"}


def start_page(principal: Principal, svc: Services, kind: str, form: dict[str, Any]) -> Response:
    """*Kjør nå*: start the run (or follow the one going on) and answer with its page;
    a short run's page shows its result at once."""
    cid = allowed_company(principal, "invoicing")
    until = parse_date(str(form.get("until") or "")) if kind == RunKind.INTEREST else None
    job = svc.followup_runs.start(
        cid, KINDS[kind], actor=principal.username, combined=_on(form.get("combined")),
        until=until,
    )  # fmt: skip
    svc.followup_runs.wait(cid, job.id, timeout=svc.run_wait)
    return RedirectResponse(f"/followup/runs/{job.id}", status_code=303)


@pages.get("/followup/runs/{job_id}")
def run_page(request: Request, principal: PagePrincipal, svc: ServicesDep, job_id: str) -> Response:
    """The run's progress while it goes on; once over, its result."""
    cid = current_company(principal)
    job = svc.followup_runs.get(cid, job_id)
    if job.state in {JobState.DONE, JobState.CANCELLED} and job.result is not None:
        cancelled = None
        if job.state is JobState.CANCELLED:
            cancelled = i18n_render(
                Message.of(RunCode.CANCELLED, done=job.recorded, total=job.planned),
                language(request),
            )
        if job.kind is RunKind.INTEREST:
            until = job.until or svc.clock.today()
            report = svc.followup.interest(cid, until=until, actor=principal.username)
            return render(request, "followup_interest.html", {
                "tabs": TABS, "report": report, "until": until, "issued": job.result.notes,
                "cancelled": cancelled,
            })  # fmt: skip
        return render(request, "followup_run.html", {
            "tabs": TABS, "kind": job.kind.value, "run": job.result, "combined": job.combined,
            "done": len(job.result.letters), "cancelled": cancelled,
        })  # fmt: skip
    return _progress(request, job)


@pages.post("/followup/runs/{job_id}/cancel")
def cancel_page(
    principal: PagePrincipal, svc: ServicesDep, _form: CheckedForm, job_id: str
) -> Response:
    """*Avbryt*: ask the run to stop between two letters; back to its page, which shows
    what it made before it stopped."""
    cid = allowed_company(principal, "invoicing")
    svc.followup_runs.cancel(cid, job_id)
    svc.followup_runs.wait(cid, job_id, timeout=svc.run_wait)
    return RedirectResponse(f"/followup/runs/{job_id}", status_code=303)


def _progress(request: Request, job: RunJob) -> HTMLResponse:
    lang = language(request)
    failed = detail = None
    if job.state is JobState.INTERRUPTED:
        failed = i18n_render(Message.of(RunCode.INTERRUPTED), lang)
    elif job.state is JobState.FAILED:
        failed = i18n_render(Message.of(RunCode.FAILED), lang)
        detail = i18n_render(job.error, lang) if job.error is not None else job.error_text
    return render(request, "followup_progress.html", {
        "tabs": TABS, "job": job, "kind": job.kind.value, "failed": failed, "detail": detail,
    })  # fmt: skip


@pages.get("/followup/runs/{job_id}/state")
def run_state(principal: PagePrincipal, svc: ServicesDep, job_id: str) -> JSONResponse:
    """The progress page's poll (``static/app.js``)."""
    cid = current_company(principal)
    return JSONResponse(_public(svc.followup_runs.get(cid, job_id)))


def _public(job: RunJob) -> dict[str, Any]:
    body = job.to_json()
    body["finished"] = job.finished
    return body


# -- API --------------------------------------------------------------------------------


def _job_json(job: RunJob, company_id: int) -> dict[str, Any]:
    body = _public(job)
    body["status_url"] = f"/api/v1/companies/{company_id}/followup/runs/{job.id}"
    return body


@api.post("/companies/{company_id}/followup/{kind}/runs", status_code=202)
def start_run(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, kind: RunKind,
    combined: bool = False, until: str | None = None,
) -> JSONResponse:  # fmt: skip
    """Start a reminder (``reminders``), inkassovarsel (``notices``, with ``combined``
    also to overdue invoices without a reminder), betalingsoppfordring (``demands``) or
    interest-note (``interest``, up to ``until``) run and answer at once (202) with the
    run; follow it at ``status_url`` until ``state`` is ``done`` (or ``failed``,
    ``interrupted``). While a run of the kind goes on for the company, that run."""
    principal.require(company_id, "invoicing")
    day = parse_date(until) if until and kind is RunKind.INTEREST else None
    job = svc.followup_runs.start(company_id, kind, actor=principal.username,
                                  combined=combined, until=day)  # fmt: skip
    body = _job_json(job, company_id)
    return JSONResponse(body, 202, headers={"Location": str(body["status_url"])})


@api.get("/companies/{company_id}/followup/runs/{job_id}")
def run_job(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, job_id: str
) -> dict[str, Any]:
    """A follow-up run: ``queued``, ``running`` (``stage`` ``record`` or ``pdf``, ``done``
    of ``total``), ``done`` (with its ``result``: the letters with their document ids,
    the claims skipped and why; for interest the notes issued), ``failed`` or
    ``interrupted``, or ``cancelled``."""
    principal.require(company_id, "invoicing")
    return _job_json(svc.followup_runs.get(company_id, job_id), company_id)


@api.post("/companies/{company_id}/followup/runs/{job_id}/cancel", status_code=202)
def cancel_run(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, job_id: str
) -> JSONResponse:
    """Ask a run to stop between two letters (an interest run: between two customers)
    and answer at once (202) with the run; it ends ``cancelled``, with the letters it
    recorded before it stopped in its ``result`` and ``recorded`` of ``planned``. A run
    already over is answered as it is."""
    principal.require(company_id, "invoicing")
    body = _job_json(svc.followup_runs.cancel(company_id, job_id), company_id)
    return JSONResponse(body, 202, headers={"Location": str(body["status_url"])})


__all__ = ["KINDS", "api", "pages", "start_page"]
