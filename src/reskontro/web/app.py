"""The FastAPI application: server-rendered pages and the REST API over the services.

``create_app(sessions, clock)`` is the factory; ``reskontro serve`` runs it with uvicorn.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from reskontro.errors import Conflict, NotFound, ReskontroError, StateError, ValidationError
from reskontro.i18n import render as i18n_render
from reskontro.limits import INT64_MAX, InputCode
from reskontro.messages import Message
from reskontro.services.users import Forbidden, LoginFailed, Throttled
from reskontro.storage.filestore import FileStore
from reskontro.web import (
    account,
    api,
    audit_pages,
    avtalegiro_api,
    avtalegiro_pages,
    bank_account_pages,
    bank_settings_pages,
    credit_pages,
    customer_pages,
    delivery_pages,
    docs,
    draft_pages,
    efaktura_pages,
    export_pages,
    flash,
    followup_pages,
    followup_runs,
    i18n,
    inbox_pages,
    invoice_pages,
    invoicing_api,
    invoicing_pages,
    kid_pages,
    pages,
    recurring_pages,
    settings_api,
    settings_pages,
    statement_pages,
    threads,
    upload_pages,
)
from reskontro.web.codes import WebCode
from reskontro.web.deps import CsrfFailed, LoginRequired, Services
from reskontro.web.headers import SecurityHeaders
from reskontro.web.limits import BodyLimit
from reskontro.web.readonly import ReadOnlyRequests
from reskontro.web.render import language, render

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock

STATIC = Path(__file__).parent / "static"

#: Our errors → HTTP statuses, in one place (most specific first).
STATUSES: tuple[tuple[type[ReskontroError], int], ...] = (
    (LoginRequired, 401),
    (LoginFailed, 401),
    (Throttled, 429),
    (Forbidden, 403),
    (CsrfFailed, 403),
    (NotFound, 404),
    (ValidationError, 422),
    (StateError, 409),
    (Conflict, 409),
)


def status_of(exc: ReskontroError) -> int:
    for cls, status in STATUSES:
        if isinstance(exc, cls):
            return status
    return 400


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def _on_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ReskontroError)  # registered for ReskontroError only
    status = status_of(exc)
    if _is_api(request):
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        body: dict[str, object] = {"error": type(exc).__name__, "message": exc.message}
        if exc.msg is not None:
            body["code"] = exc.msg.code
            body["params"] = exc.msg.to_json()["params"]
        if exc.field is not None:
            body["field"] = exc.field
        return JSONResponse(body, status, headers=headers)
    if isinstance(exc, LoginRequired):
        return RedirectResponse("/login", status_code=303)
    message = i18n.exception_text(exc, language(request))
    if not isinstance(exc, Forbidden | CsrfFailed | Throttled):
        back = flash.back_with_error(request, message, exc.field)
        if back is not None:
            return back
    return render(request, "error.html", {"status": status, "message": message}, status)


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if _is_api(request):
        return JSONResponse({"error": "HTTPError", "message": exc.detail}, exc.status_code)
    if exc.status_code == 404:
        message = i18n_render(Message.of(WebCode.NO_PAGE), language(request))
    else:
        message = i18n.error_text(str(exc.detail), language(request))
    return render(request, "error.html", {"status": exc.status_code, "message": message},
                  exc.status_code)  # fmt: skip


async def _on_invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"where": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg")}
        for e in exc.errors()
    ]
    if _is_api(request):
        return JSONResponse({"error": "ValidationError", "problems": problems}, 422)
    message = "; ".join(f"{p['where']}: {p['message']}" for p in problems)
    return render(request, "error.html", {"status": 422, "message": message}, 422)


async def _on_out_of_range(request: Request, exc: Exception) -> Response:
    """A number beyond what Python hands the database (SQLite: ``OverflowError``) or the
    database holds (PostgreSQL: numeric value out of range) is bad input: 422."""
    assert isinstance(exc, OverflowError | DataError)
    return await _on_error(
        request, ValidationError(Message.of(InputCode.OUT_OF_RANGE, limit=INT64_MAX))
    )


def create_app(
    sessions: sessionmaker[Session],
    clock: Clock,
    *,
    store: FileStore | None = None,
    secure_cookies: bool = False,
) -> FastAPI:
    """The web app over one database. ``secure_cookies`` when served behind TLS."""
    app = FastAPI(
        lifespan=threads.request_threads,
        title="reskontro",
        summary="Kundereskontro: fakturaer med KID, innbetalinger, oppfølging.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.services = Services(sessions, clock, store or FileStore.of(sessions), secure_cookies)
    app.add_exception_handler(ReskontroError, _on_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_invalid_request)
    app.add_exception_handler(OverflowError, _on_out_of_range)
    app.add_exception_handler(DataError, _on_out_of_range)

    app.add_middleware(ReadOnlyRequests)
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(delivery_pages.pages)
    app.include_router(draft_pages.router)
    app.include_router(pages.router)
    app.include_router(invoice_pages.router)
    app.include_router(customer_pages.router)
    app.include_router(settings_pages.router)
    app.include_router(bank_settings_pages.router)
    app.include_router(inbox_pages.router)
    app.include_router(kid_pages.router)
    app.include_router(bank_account_pages.router)
    app.include_router(bank_account_pages.api)
    app.include_router(audit_pages.router)
    app.include_router(credit_pages.router)
    app.include_router(followup_runs.pages)
    app.include_router(followup_runs.api)
    app.include_router(followup_pages.router)
    app.include_router(account.router)
    app.include_router(api.router)
    app.include_router(settings_api.router)
    app.include_router(invoicing_pages.router)
    app.include_router(recurring_pages.router)
    app.include_router(invoicing_api.router)
    app.include_router(delivery_pages.api)
    app.include_router(efaktura_pages.api)
    app.include_router(efaktura_pages.pages)
    app.include_router(avtalegiro_api.router)
    app.include_router(avtalegiro_pages.router)
    app.include_router(upload_pages.pages)
    app.include_router(upload_pages.api)
    app.include_router(statement_pages.pages)
    app.include_router(export_pages.pages)
    app.include_router(export_pages.api)
    app.include_router(statement_pages.api)
    docs.add_docs(app)
    return app
