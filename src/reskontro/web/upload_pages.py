"""Uploading a bank file, from the page and the API: the upload is streamed into the
file store and its import runs in the background (:mod:`reskontro.services.payments.jobs`);
the answer comes at once, with a page (or a JSON state) that follows the import."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as FormFile

from reskontro.errors import ValidationError
from reskontro.i18n import render as i18n_render
from reskontro.messages import Message
from reskontro.services.payments.jobs import ImportJob, JobState, UploadCode
from reskontro.web.deps import (
    ApiPrincipal,
    CheckedForm,
    PagePrincipal,
    Services,
    ServicesDep,
    allowed_company,
    current_company,
)
from reskontro.web.flash import see
from reskontro.web.limits import MAX_UPLOAD
from reskontro.web.render import language, render

if TYPE_CHECKING:
    from typing import BinaryIO

    from reskontro.storage.filestore import StoredFile

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["v1"])


def _store(svc: Services, stream: BinaryIO) -> StoredFile:
    """Copy the upload (already spooled to disk by the form parser) into the store; a
    file over :data:`MAX_UPLOAD` is refused and not kept."""
    stored = svc.store.put_stream(stream)
    if stored.size > MAX_UPLOAD:
        stored.path.unlink(missing_ok=True)
        raise ValidationError(Message.of(UploadCode.TOO_LARGE, limit_mb=MAX_UPLOAD >> 20),
                              field="file")  # fmt: skip
    return stored


def _to_file(request: Request, job: ImportJob) -> Response:
    """The file's page, which shows what the import did; a file imported before is
    shown with a notice that nothing was booked again."""
    url = f"/payments/files/{job.file_id}"
    if job.status == "duplicate":
        return see(request, url, job_notice(job))
    return RedirectResponse(url, status_code=303)


def job_notice(job: ImportJob) -> Message:
    """What the file page says once the job is over."""
    name = job.filename
    if job.state is JobState.DONE:
        if job.status == "duplicate":
            return Message.of(UploadCode.DUPLICATE, name=name)
        if job.status == "rejected":
            return Message.of(UploadCode.REJECTED, name=name)
        return Message.of(UploadCode.IMPORTED, name=name, n=job.done, amount_ore=job.amount_ore)
    if job.state is JobState.INTERRUPTED:
        return Message.of(UploadCode.INTERRUPTED, name=name)
    return Message.of(UploadCode.FAILED, name=name)


# -- pages ------------------------------------------------------------------------------


@pages.post("/payments/upload")
def payments_upload(
    request: Request, principal: PagePrincipal, svc: ServicesDep, form: CheckedForm
) -> Response:
    """Take the file and answer at once with the page that follows its import."""
    cid = allowed_company(principal, "payments")
    upload = form.get("file")
    if not isinstance(upload, FormFile) or not upload.filename:
        raise ValidationError(Message.of(UploadCode.NO_FILE), field="file")
    stored = _store(svc, upload.file)
    job = svc.import_jobs.start(cid, stored, upload.filename, actor=principal.username)
    job = svc.import_jobs.wait(cid, job.id, timeout=svc.upload_wait)
    if job.finished and job.file_id is not None:
        return _to_file(request, job)
    return RedirectResponse(f"/payments/uploads/{job.id}", status_code=303)


@pages.get("/payments/uploads/{job_id}")
def upload_page(
    request: Request, principal: PagePrincipal, svc: ServicesDep, job_id: str
) -> Response:
    """The import's progress while it runs; once over, the file's page with a notice."""
    cid = current_company(principal)
    job = svc.import_jobs.get(cid, job_id)
    if job.finished:
        if job.file_id is not None:
            return _to_file(request, job)
        return render(request, "import_progress.html", {
            "job": job, "failed": i18n_render(job_notice(job), language(request)),
            "detail": _detail(job, language(request)),
        })  # fmt: skip
    return render(request, "import_progress.html", {"job": job, "failed": None, "detail": None})


@pages.get("/payments/uploads/{job_id}/state")
def upload_state(principal: PagePrincipal, svc: ServicesDep, job_id: str) -> JSONResponse:
    """The progress page's poll (``static/app.js``)."""
    cid = current_company(principal)
    return JSONResponse(svc.import_jobs.get(cid, job_id).to_json())


def _detail(job: ImportJob, lang: str) -> str | None:
    if job.error is not None:
        return i18n_render(job.error, lang)
    return job.error_text


# -- API --------------------------------------------------------------------------------


def _job_json(job: ImportJob, company_id: int) -> dict[str, Any]:
    body = job.to_json()
    body["status_url"] = f"/api/v1/companies/{company_id}/payments/uploads/{job.id}"
    if job.file_id is not None:
        body["file_url"] = f"/api/v1/companies/{company_id}/payments/files/{job.file_id}"
    return body


@api.post("/companies/{company_id}/payments/uploads", status_code=202)
async def start_upload(
    principal: ApiPrincipal,
    svc: ServicesDep,
    company_id: int,
    file: Annotated[UploadFile, File(description="Nets OCR Giro or camt.054")],
) -> JSONResponse:
    """Take a bank file and answer at once (202) with the import job; follow it at
    ``status_url`` (``GET``) until ``state`` is ``done`` (or ``failed``)."""
    principal.require(company_id, "payments")
    stored = await run_in_threadpool(_store, svc, file.file)
    job = svc.import_jobs.start(company_id, stored, file.filename or "upload",
                                actor=principal.username)  # fmt: skip
    body = _job_json(job, company_id)
    return JSONResponse(body, 202, headers={"Location": str(body["status_url"])})


@api.get("/companies/{company_id}/payments/uploads/{job_id}")
def upload_job(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, job_id: str
) -> dict[str, Any]:
    """An import job: ``queued``, ``running`` (``done`` of ``total`` payments read),
    ``done`` (with the bank file, ``file_id``, and its ``status``), ``failed`` or
    ``interrupted``."""
    principal.require(company_id, "payments")
    return _job_json(svc.import_jobs.get(company_id, job_id), company_id)


def stored_upload(svc: Services, stream: BinaryIO) -> StoredFile:
    """The synchronous API import's copy of its upload (the same checks)."""
    return _store(svc, stream)


__all__ = ["api", "job_notice", "pages", "stored_upload"]
