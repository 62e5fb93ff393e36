"""The server-rendered pages (Norwegian bokmål)."""

from __future__ import annotations

import json
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.errors import ReskontroError, ValidationError
from reskontro.services.books import KidSettings
from reskontro.services.inbox import Allocation
from reskontro.services.payments import bank_files, set_policy
from reskontro.storage.models_web import ROLES
from reskontro.web import queries
from reskontro.web.auth import Principal, Throttled
from reskontro.web.deps import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    CsrfFailed,
    PagePrincipal,
    Services,
    ServicesDep,
    checked_form,
    current_company,
)
from reskontro.web.fmt import parse_date, parse_ore, parse_quantity
from reskontro.web.render import render

router = APIRouter(include_in_schema=False)

MAX_UPLOAD = 50 * 1024 * 1024


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _secure(request: Request, svc: Services) -> bool:
    """Cookies are ``Secure`` when asked for, or when the request came over TLS."""
    return svc.secure_cookies or request.url.scheme == "https"


def _int(value: Any, field: str) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValidationError(f"{field}: {value!r} er ikke et heltall") from None


# -- health, login, logout -----------------------------------------------------------


@router.get("/healthz")
def health() -> JSONResponse:
    return JSONResponse({"status": "ok"})


@router.get("/login")
def login_page(request: Request, error: str | None = None) -> HTMLResponse:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    response = render(request, "login.html", {"login_csrf": token, "error": error})
    svc: Services = request.app.state.services
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
    try:
        secret, _ = svc.users.login(username, password)
    except Throttled as exc:
        return render(request, "login.html", {"login_csrf": expected, "error": exc.message}, 429)
    except ReskontroError as exc:
        return render(request, "login.html", {"login_csrf": expected, "error": exc.message}, 401)
    response = _see("/")
    response.set_cookie(
        SESSION_COOKIE, secret, httponly=True, samesite="lax", secure=_secure(request, svc),
        max_age=12 * 3600,
    )  # fmt: skip
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
async def logout(request: Request, principal: PagePrincipal, svc: ServicesDep) -> Response:
    await checked_form(request, principal)
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        svc.users.logout(secret)
    response = _see("/login")
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.post("/company")
async def choose_company(request: Request, principal: PagePrincipal, svc: ServicesDep) -> Response:
    form = await checked_form(request, principal)
    svc.users.select_company(principal, _int(form.get("company_id"), "firma"))
    return _see("/")


# -- dashboard -----------------------------------------------------------------------


@router.get("/")
def dashboard(request: Request, principal: PagePrincipal, svc: ServicesDep) -> HTMLResponse:
    cid = current_company(principal)
    today = svc.clock.today()
    with svc.sessions() as session:
        totals = queries.status_totals(session, cid)
        inbox = queries.inbox_count(session, cid)
    aging = svc.followup.aging(cid, today=today)["totals"]
    buckets = [("0–30 dager", aging["0-30"]), ("31–60 dager", aging["31-60"]),
               ("61–90 dager", aging["61-90"]), ("Over 90 dager", aging["90+"])]  # fmt: skip
    biggest = max([b for _, b in buckets] + [1])
    return render(request, "dashboard.html", {
        "company": svc.books.company(cid), "totals": totals, "inbox": inbox,
        "overdue_ore": aging["overdue_ore"], "not_due_ore": aging["not_due"],
        "buckets": buckets, "biggest": biggest, "today": today,
    })  # fmt: skip


# -- invoices ------------------------------------------------------------------------


@router.get("/invoices")
def invoice_list(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    status: str | None = None,
    overdue: bool = False,
    customer: Annotated[str | None, Query()] = None,
    date_from: str | None = None,
    date_to: str | None = None,
    q: str | None = None,
    before: int | None = None,
) -> HTMLResponse:
    cid = current_company(principal)
    f = queries.InvoiceFilter(
        status=status or None,
        overdue=overdue,
        customer_number=_int(customer, "kunde") if customer else None,
        date_from=parse_date(date_from),
        date_to=parse_date(date_to),
        q=q,
        before=before,
    )
    with svc.sessions() as session:
        rows, cursor = queries.list_invoices(session, cid, f, svc.clock.today())
        no_filter = not any(
            (f.status, f.overdue, f.customer_number, f.date_from, f.date_to, f.q, f.before)
        )
        drafts = queries.drafts(session, cid) if no_filter else []
    params = {k: v for k, v in request.query_params.items() if k != "before"}
    next_url = None
    if cursor is not None:
        params["before"] = str(cursor)
        next_url = "/invoices?" + "&".join(f"{k}={v}" for k, v in params.items())
    return render(request, "invoices.html", {
        "rows": rows, "drafts": drafts, "f": f, "next_url": next_url,
        "statuses": queries.STATUSES,
        "customer": customer or "", "date_from": date_from or "", "date_to": date_to or "",
    })  # fmt: skip


@router.get("/invoices/new")
def invoice_new(request: Request, principal: PagePrincipal, svc: ServicesDep) -> HTMLResponse:
    cid = current_company(principal)
    principal.require(cid, "invoicing")
    customers = [c for c in svc.books.customers(cid) if not c["placeholder"]]
    return render(request, "invoice_new.html", {
        "customers": customers, "vat_codes": [v.value for v in VatCode],
        "company": svc.books.company(cid),
    })  # fmt: skip


def _lines_from_form(form: dict[str, Any]) -> list[LineDraft]:
    lines = []
    for i in range(20):
        text = str(form.get(f"description_{i}", "")).strip()
        if not text:
            continue
        lines.append(
            LineDraft(
                text,
                parse_quantity(str(form.get(f"quantity_{i}") or "1")),
                parse_ore(str(form.get(f"price_{i}") or "0"), f"linje {i + 1}: pris"),
                VatCode(str(form.get(f"vat_{i}") or "25")),
            )
        )
    return lines


@router.post("/invoices")
async def invoice_create(request: Request, principal: PagePrincipal, svc: ServicesDep) -> Response:
    form = await checked_form(request, principal)
    cid = current_company(principal)
    principal.require(cid, "invoicing")
    view = svc.books.create_invoice(
        cid,
        customer_number=_int(form.get("customer"), "kunde"),
        lines=_lines_from_form(form),
        due=parse_date(str(form.get("due_date") or "")),
        your_reference=str(form.get("your_reference") or "") or None,
        actor=principal.username,
    )
    if form.get("issue"):
        svc.books.issue_invoice(cid, view["id"], actor=principal.username)
    return _see(f"/invoices/{view['id']}")


@router.get("/invoices/{invoice_id}")
def invoice_detail(
    request: Request, principal: PagePrincipal, svc: ServicesDep, invoice_id: int
) -> HTMLResponse:
    cid = current_company(principal)
    view = svc.books.invoice(cid, invoice_id)
    with svc.sessions() as session:
        payments = queries.payments_of_invoice(session, cid, invoice_id)
        history = queries.audit_entries(session, cid, object_type="invoice", object_id=invoice_id)
    return render(request, "invoice.html", {
        "inv": view, "payments": payments, "history": history,
    })  # fmt: skip


@router.post("/invoices/{invoice_id}/issue")
async def invoice_issue(
    request: Request, principal: PagePrincipal, svc: ServicesDep, invoice_id: int
) -> Response:
    await checked_form(request, principal)
    cid = current_company(principal)
    principal.require(cid, "invoicing")
    svc.books.issue_invoice(cid, invoice_id, actor=principal.username)
    return _see(f"/invoices/{invoice_id}")


@router.post("/invoices/{invoice_id}/credit")
async def invoice_credit(
    request: Request, principal: PagePrincipal, svc: ServicesDep, invoice_id: int
) -> Response:
    form = await checked_form(request, principal)
    cid = current_company(principal)
    principal.require(cid, "invoicing")
    note = svc.books.credit_invoice(
        cid, invoice_id, reason=str(form.get("reason") or "") or None, actor=principal.username
    )
    return _see(f"/invoices/{note['id']}")


# -- customers -----------------------------------------------------------------------


@router.get("/customers")
def customer_list(request: Request, principal: PagePrincipal, svc: ServicesDep) -> HTMLResponse:
    cid = current_company(principal)
    return render(request, "customers.html", {"customers": svc.books.customers(cid)})


@router.post("/customers")
async def customer_create(request: Request, principal: PagePrincipal, svc: ServicesDep) -> Response:
    form = await checked_form(request, principal)
    cid = current_company(principal)
    principal.require(cid, "invoicing")
    view = svc.books.create_customer(
        cid,
        name=str(form.get("name") or ""),
        email=str(form.get("email") or "") or None,
        org_number=str(form.get("org_number") or "") or None,
        actor=principal.username,
    )
    return _see(f"/customers/{view['number']}")


@router.get("/customers/{number}")
def customer_detail(
    request: Request, principal: PagePrincipal, svc: ServicesDep, number: int
) -> HTMLResponse:
    cid = current_company(principal)
    ledger = svc.books.ledger(cid, number)
    with svc.sessions() as session:
        invoices, _ = queries.list_invoices(
            session, cid, queries.InvoiceFilter(customer_number=number), svc.clock.today()
        )
    return render(request, "customer.html", {"ledger": ledger, "invoices": invoices})


@router.post("/customers/{number}/match")
async def customer_match(
    request: Request, principal: PagePrincipal, svc: ServicesDep, number: int
) -> Response:
    """Close open items together ("lukke poster"): the amounts must add up."""
    form = await checked_form(request, principal)
    cid = current_company(principal)
    principal.require(cid, "payments")
    sources: list[Allocation] = []
    targets: list[Allocation] = []
    for key, value in form.items():
        text = str(value).strip()
        if not key.startswith("use_") or not text:
            continue
        kind, _, item_id = key.removeprefix("use_").rpartition("_")
        if kind not in {"invoice", "payment", "credit_note"}:
            raise ValidationError(f"ukjent post {key!r}")
        amount = parse_ore(text, f"beløp for {kind} {item_id}")
        if amount == 0:
            continue
        allocation = Allocation(kind, _int(item_id, "post"), amount)
        (targets if kind == "invoice" else sources).append(allocation)
    svc.inbox.match(cid, number, sources, targets, actor=principal.username)
    return _see(f"/customers/{number}")


# -- payments and the voucher inbox --------------------------------------------------


@router.get("/payments")
def payments_page(request: Request, principal: PagePrincipal, svc: ServicesDep) -> HTMLResponse:
    cid = current_company(principal)
    return render(request, "payments.html", {"files": bank_files(svc.sessions, cid)})


@router.post("/payments/upload")
async def payments_upload(
    request: Request, principal: PagePrincipal, svc: ServicesDep
) -> HTMLResponse:
    form = await checked_form(request, principal)
    cid = current_company(principal)
    principal.require(cid, "payments")
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        if isinstance(upload, UploadFile):
            await upload.close()
        raise ValidationError("velg en fil å laste opp")
    data = await upload.read(MAX_UPLOAD + 1)
    await upload.close()
    if len(data) > MAX_UPLOAD:
        raise ValidationError("filen er større enn 50 MB")
    summary = svc.importer.import_bytes(cid, data, upload.filename, actor=principal.username)
    return render(request, "import_summary.html", {"s": summary})


@router.get("/inbox")
def inbox_page(request: Request, principal: PagePrincipal, svc: ServicesDep) -> HTMLResponse:
    cid = current_company(principal)
    waiting = svc.inbox.waiting(cid, include=("inbox", "placeholder"))
    customers = [c for c in svc.books.customers(cid) if not c["placeholder"]]
    return render(request, "inbox.html", {"waiting": waiting, "customers": customers})


@router.post("/inbox/{payment_id}/post")
async def inbox_post(
    request: Request, principal: PagePrincipal, svc: ServicesDep, payment_id: int
) -> Response:
    form = await checked_form(request, principal)
    cid = current_company(principal)
    principal.require(cid, "payments")
    invoice = str(form.get("invoice_number") or "").strip()
    customer = str(form.get("customer") or "").strip()
    if invoice:
        with svc.sessions() as session:
            rows, _ = queries.list_invoices(
                session, cid, queries.InvoiceFilter(q=invoice), svc.clock.today(), limit=1
            )
        if not rows or str(rows[0]["number"]) != invoice:
            raise ValidationError(f"ingen faktura med nummer {invoice}")
        svc.inbox.post(cid, payment_id, invoice_id=rows[0]["id"], actor=principal.username)
    else:
        svc.inbox.post(
            cid, payment_id, customer_number=_int(customer, "kunde"), actor=principal.username
        )
    return _see("/inbox")


@router.post("/inbox/{payment_id}/move")
async def inbox_move(
    request: Request, principal: PagePrincipal, svc: ServicesDep, payment_id: int
) -> Response:
    form = await checked_form(request, principal)
    cid = current_company(principal)
    principal.require(cid, "payments")
    svc.inbox.move(
        cid, payment_id, customer_number=_int(form.get("customer"), "kunde"),
        actor=principal.username,
    )  # fmt: skip
    return _see("/inbox")


# -- settings, users, tokens, audit --------------------------------------------------


def _kid_preview(svc: Services, cid: int, settings: KidSettings) -> dict[str, Any]:
    from reskontro.domain import kid as kidlib

    problems = svc.books.check_kid_settings(cid, settings)
    company = svc.books.company(cid)
    example = None
    if not problems:
        template = kidlib.KidTemplate.parse(
            settings.template, kidlib.Modulus.parse(settings.modulus), settings.dash
        )
        customer = max(company["next_customer_number"] - 1, 1)
        example = template.make(customer, company["next_invoice_number"])
    return {"problems": problems, "next_kid": example}


@router.get("/settings")
def settings_page(request: Request, principal: PagePrincipal, svc: ServicesDep) -> HTMLResponse:
    cid = current_company(principal)
    company = svc.books.company(cid)
    settings = KidSettings(True, company["kid_template"], company["kid_modulus"])
    return render(request, "settings.html", {
        "company": company, "preview": _kid_preview(svc, cid, settings),
        "members": svc.users.members(cid), "roles": ROLES,
        "tokens": svc.users.tokens(principal.user_id),
        "new_token": request.query_params.get("token_created"),
    })  # fmt: skip


@router.get("/settings/kid-preview")
def kid_preview(
    principal: PagePrincipal, svc: ServicesDep, template: str, modulus: int = 10
) -> JSONResponse:
    cid = current_company(principal)
    try:
        preview = _kid_preview(svc, cid, KidSettings(True, template, modulus))
    except ReskontroError as exc:
        preview = {"problems": [exc.message], "next_kid": None}
    return JSONResponse(preview)


@router.post("/settings/kid")
async def kid_save(request: Request, principal: PagePrincipal, svc: ServicesDep) -> Response:
    form = await checked_form(request, principal)
    cid = current_company(principal)
    principal.require(cid, "settings")
    company = svc.books.company(cid)
    svc.books.set_kid_settings(
        cid,
        KidSettings(
            bool(company["kid_enabled"]),
            str(form.get("template") or ""),
            _int(form.get("modulus") or 10, "modulus"),
        ),
        actor=principal.username,
    )
    return _see("/settings")


@router.post("/settings/policy")
async def policy_save(request: Request, principal: PagePrincipal, svc: ServicesDep) -> Response:
    form = await checked_form(request, principal)
    cid = current_company(principal)
    principal.require(cid, "payments")
    set_policy(
        svc.sessions, svc.clock, cid, policy=str(form.get("policy") or ""),
        tolerance_ore=parse_ore(str(form.get("tolerance") or "0"), "toleranse"),
        actor=principal.username,
    )  # fmt: skip
    return _see("/settings")


@router.post("/settings/users")
async def user_grant(request: Request, principal: PagePrincipal, svc: ServicesDep) -> Response:
    form = await checked_form(request, principal)
    cid = current_company(principal)
    principal.require(cid, "users")
    username = str(form.get("username") or "")
    password = str(form.get("password") or "")
    if password:
        svc.users.create_user(username, password, actor=principal.username)
    svc.users.grant(username, cid, str(form.get("role") or ""), actor=principal.username)
    return _see("/settings")


@router.post("/settings/tokens")
async def token_create(request: Request, principal: PagePrincipal, svc: ServicesDep) -> Response:
    form = await checked_form(request, principal)
    secret = svc.users.create_token(
        principal.user_id, str(form.get("name") or "API"), actor=principal.username
    )
    # Shown once, on the next page only.
    return render(request, "token_created.html", {"secret": secret})


@router.post("/settings/tokens/{token_id}/revoke")
async def token_revoke(
    request: Request, principal: PagePrincipal, svc: ServicesDep, token_id: int
) -> Response:
    await checked_form(request, principal)
    svc.users.revoke_token(principal.user_id, token_id, actor=principal.username)
    return _see("/settings")


@router.get("/audit")
def audit_page(request: Request, principal: PagePrincipal, svc: ServicesDep) -> HTMLResponse:
    cid = current_company(principal)
    with svc.sessions() as session:
        entries = queries.audit_entries(session, cid)
    rows = [{"e": e, "before": _pretty(e.before), "after": _pretty(e.after)} for e in entries]
    return render(request, "audit.html", {"rows": rows})


def _pretty(text: str | None) -> str:
    if not text:
        return ""
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, indent=1)[:2000]
    except ValueError:
        return text[:2000]


__all__ = ["Principal", "router"]
