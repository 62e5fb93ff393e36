"""The server-rendered pages, in Norwegian bokmål or English (see :mod:`.i18n`): health,
login and logout, the language and company choice, the dashboard and the operations
status. The other pages are in the ``*_pages`` modules, by what they are about."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from reskontro.domain.followup import Bucket
from reskontro.errors import ReskontroError
from reskontro.messages import Message
from reskontro.services.automation.status import operations_brief
from reskontro.services.followup.bucket_names import biggest_customers
from reskontro.services.invoicing.views import CompanyView
from reskontro.services.payments.views import inbox_count
from reskontro.services.users import Principal, Throttled
from reskontro.web import efaktura_pages, i18n
from reskontro.web.codes import WebCode
from reskontro.web.deps import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    CheckedForm,
    CsrfFailed,
    PagePrincipal,
    Services,
    ServicesDep,
    allowed_company,
    current_company,
)
from reskontro.web.flash import see
from reskontro.web.forms import form_int, see_url
from reskontro.web.render import language, render

router = APIRouter(include_in_schema=False)


def _secure(request: Request, svc: Services) -> bool:
    """Cookies are ``Secure`` when asked for, or when the request came over TLS."""
    return svc.secure_cookies or request.url.scheme == "https"


# -- health, login, logout -----------------------------------------------------------


@router.get("/healthz")
def health() -> JSONResponse:
    return JSONResponse({"status": "ok"})


def _set_language(response: Response, request: Request, svc: Services, lang: str) -> None:
    response.set_cookie(
        i18n.COOKIE, lang, max_age=365 * 24 * 3600, httponly=True, samesite="lax",
        secure=_secure(request, svc),
    )  # fmt: skip


@router.get("/login")
def login_page(request: Request, lang: str | None = None) -> Response:
    """The login form; ``?lang=en`` (or ``nb``) chooses the language first."""
    svc: Services = request.app.state.services
    if lang is not None:
        response: Response = see_url("/login")
        if lang in i18n.LANGUAGES:
            _set_language(response, request, svc, lang)
        return response
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    response = render(request, "login.html", {"login_csrf": token, "error": None})
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request, svc)
    )
    return response


@router.post("/login")
def login(
    request: Request,
    svc: ServicesDep,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf: Annotated[str, Form()],
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not expected or not secrets.compare_digest(expected, csrf):
        raise CsrfFailed
    ip = request.client.host if request.client else None
    try:
        secret, principal = svc.users.login(username, password, ip=ip)
    except ReskontroError as exc:
        status = 429 if isinstance(exc, Throttled) else 401
        error = i18n.exception_text(exc, language(request))
        return render(request, "login.html", {"login_csrf": expected, "error": error}, status)
    response = see_url("/")
    response.set_cookie(
        SESSION_COOKIE, secret, httponly=True, samesite="lax", secure=_secure(request, svc),
        max_age=12 * 3600,
    )  # fmt: skip
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    if i18n.COOKIE not in request.cookies:
        # The user's own choice, made before on another browser.
        preferred = svc.users.language(principal.user_id)
        if preferred != language(request):
            _set_language(response, request, svc, preferred)
    return response


@router.post("/logout")
def logout(
    request: Request, _principal: PagePrincipal, svc: ServicesDep, _form: CheckedForm
) -> Response:
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        svc.users.logout(secret)
    response = see_url("/login")
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.post("/settings/language")
def choose_language(
    request: Request, principal: PagePrincipal, svc: ServicesDep, form: CheckedForm
) -> Response:
    """Remember the language in a cookie and as the user's own preference."""
    lang = str(form.get("lang") or "")
    svc.users.set_language(principal.user_id, lang)
    target = str(form.get("next") or "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    response = see_url(target)
    _set_language(response, request, svc, lang)
    return response


@router.post("/company")
def choose_company(principal: PagePrincipal, svc: ServicesDep, form: CheckedForm) -> Response:
    svc.users.select_company(principal, form_int(form.get("company_id"), "firma"))
    return see_url("/")


# -- dashboard -----------------------------------------------------------------------


def _kid_warning(svc: Services, cid: int, company: CompanyView) -> str | None:
    """The OCR agreement's state while invoices get KIDs without a verified one: no
    agreement, or one registered and not verified; ``None`` when all is well."""
    if not company.kid_enabled:
        return None
    agreement = svc.agreements.show(cid)
    if agreement is None:
        return "none"
    return None if agreement.status == "verified" else str(agreement.status)


@router.get("/")
def dashboard(request: Request, principal: PagePrincipal, svc: ServicesDep) -> HTMLResponse:
    cid = current_company(principal)
    today = svc.clock.today()
    totals = svc.books.status_totals(cid)
    with svc.sessions() as session:
        inbox = inbox_count(session, cid)
        ops = operations_brief(session, cid, today)
        # Each bar names the customers owing most in it (cheap; unnamed when big).
        who = biggest_customers(session, cid, today)
    aging = svc.followup.aging_totals(cid, today=today)
    keys = (Bucket.DAYS_0_30, Bucket.DAYS_31_60, Bucket.DAYS_61_90, Bucket.OVER_90)
    buckets = [(label, aging.bucket(k)) for label, k in zip(i18n.AGING_BUCKETS, keys, strict=True)]
    biggest = max([b for _, b in buckets] + [1])
    company = svc.books.company(cid)
    return render(request, "dashboard.html", {
        "company": company, "kid_warning": _kid_warning(svc, cid, company),
        "totals": totals, "inbox": inbox,
        "overdue_ore": aging.overdue_ore, "not_due_ore": aging.not_due,
        "buckets": buckets, "biggest": biggest, "today": today, "ops": ops,
        "aging_note": svc.followup.aging_note(cid),
        "bucket_keys": [k.value for k in keys],
        "bucket_customers": {k.value: who.get(k, ()) for k in keys},
    })  # fmt: skip


# -- operations status ---------------------------------------------------------------


@router.get("/status")
def status_page(request: Request, principal: PagePrincipal, svc: ServicesDep) -> HTMLResponse:
    """Bank channels (last fetch), scheduled jobs (last run, next run), the e-mail outbox."""
    cid = current_company(principal)
    return render(request, "status.html", {
        "status": svc.operations_status(cid), "outbox": svc.notifier.outbox(cid, limit=20),
        **efaktura_pages.status_context(svc, cid),
    })  # fmt: skip


@router.post("/status/email/retry")
def email_retry(
    request: Request, principal: PagePrincipal, svc: ServicesDep, _form: CheckedForm
) -> Response:
    """Queue the company's given-up e-mails again (after the mail settings are fixed)."""
    cid = allowed_company(principal, "settings")
    svc.notifier.retry_failed(cid, actor=principal.username)
    return see(request, "/status#status-email", Message.of(WebCode.SAVED))


__all__ = ["Principal", "router"]
