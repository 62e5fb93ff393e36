"""The server-rendered pages, in Norwegian bokmål or English (see :mod:`.i18n`)."""

from __future__ import annotations

import secrets
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from reskontro.domain.delivery import DeliveryMethod
from reskontro.domain.followup import Bucket
from reskontro.errors import NotFound, ReskontroError, ValidationError
from reskontro.i18n import render as i18n_render
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.automation import parse_terms
from reskontro.services.automation.status import operations_brief
from reskontro.services.avtalegiro.mandates import mandate_history
from reskontro.services.avtalegiro.status import invoice_avtalegiro
from reskontro.services.delivery.send import settings as delivery_settings
from reskontro.services.followup.bucket_names import biggest_customers
from reskontro.services.invoicing import customers as customer_cards
from reskontro.services.invoicing.credit_facts import credit_note_facts, lines_left
from reskontro.services.invoicing.customer_series import customer_series
from reskontro.services.invoicing.invoice_list import STATUSES, InvoiceFilter
from reskontro.services.invoicing.kid_settings import KidSettings
from reskontro.services.invoicing.recurring import Recurring
from reskontro.services.invoicing.views import CompanyView
from reskontro.services.payments import bank_file, bank_files, payments_of_file, set_policy
from reskontro.services.payments.charges import set_payment_order, waive_fees
from reskontro.services.payments.ledger import Allocation
from reskontro.services.payments.views import inbox_count, payments_of_invoice
from reskontro.services.users import Principal, Throttled
from reskontro.storage.models_web import ROLES
from reskontro.web import draft_pages, efaktura_pages, i18n
from reskontro.web.codes import WebCode
from reskontro.web.delivery_pages import delivery_context
from reskontro.web.deps import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    CheckedForm,
    CsrfFailed,
    PagePrincipal,
    Services,
    ServicesDep,
    allowed_folder,
    current_company,
)
from reskontro.web.flash import see
from reskontro.web.fmt import parse_date, parse_ore
from reskontro.web.render import language, render

router = APIRouter(include_in_schema=False)


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _secure(request: Request, svc: Services) -> bool:
    """Cookies are ``Secure`` when asked for, or when the request came over TLS."""
    return svc.secure_cookies or request.url.scheme == "https"


def _int(value: Any, field: str) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValidationError(
            Message.of(WebCode.NOT_AN_INTEGER, label=field, value=str(value))
        ) from None


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
        response: Response = _see("/login")
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
    response = _see("/")
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
    response = _see("/login")
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
    response = _see(target)
    _set_language(response, request, svc, lang)
    return response


@router.post("/company")
def choose_company(principal: PagePrincipal, svc: ServicesDep, form: CheckedForm) -> Response:
    svc.users.select_company(principal, _int(form.get("company_id"), "firma"))
    return _see("/")


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
    f = InvoiceFilter(
        status=status or None,
        overdue=overdue,
        customer_number=_int(customer, "kunde") if customer else None,
        date_from=parse_date(date_from),
        date_to=parse_date(date_to),
        q=q,
        before=before,
    )
    page = svc.books.invoice_page(cid, f)
    drafts = svc.books.recent_drafts(cid) if f.empty else []
    rows, cursor = page.rows, page.cursor
    params = {k: v for k, v in request.query_params.items() if k != "before"}
    next_url = None
    if cursor is not None:
        params["before"] = str(cursor)
        next_url = "/invoices?" + urlencode(params)
    return render(request, "invoices.html", {
        "rows": rows, "drafts": drafts, "f": f, "next_url": next_url,
        "statuses": STATUSES,
        "customer": customer or "", "date_from": date_from or "", "date_to": date_to or "",
        "printed_none": request.query_params.get("day")
        if request.query_params.get("printed") == "0" else None,
    })  # fmt: skip


@router.get("/invoices/new")
def invoice_new(request: Request, principal: PagePrincipal, svc: ServicesDep) -> Response:
    cid = current_company(principal)
    principal.require(cid, "invoicing")
    return draft_pages.form_page(request, svc, cid, values={})


@router.post("/invoices")
def invoice_create(
    request: Request, principal: PagePrincipal, svc: ServicesDep, form: CheckedForm
) -> Response:
    return draft_pages.save_form(request, principal, svc, None, form)


@router.get("/invoices/{invoice_id}")
def invoice_detail(
    request: Request, principal: PagePrincipal, svc: ServicesDep, invoice_id: int
) -> HTMLResponse:
    cid = current_company(principal)
    view = svc.books.invoice(cid, invoice_id)
    with svc.sessions() as session:
        payments = payments_of_invoice(session, cid, invoice_id)
    history = audit.entries(svc.sessions, cid, object_type="invoice", object_id=invoice_id)
    facts = credit_note_facts(svc.sessions, cid, invoice_id)
    issued_invoice = view.number is not None and facts is None
    left = lines_left(svc.sessions, cid, invoice_id) if issued_invoice else []
    return render(request, "invoice.html", {
        "inv": view, "payments": payments, "history": history, "facts": facts,
        "lines_left": left,
        "avtalegiro": invoice_avtalegiro(svc.sessions, svc.clock, cid, invoice_id),
        **delivery_context(svc, cid, view, language(request), principal.username),
    })  # fmt: skip


@router.post("/invoices/{invoice_id}/issue")
def invoice_issue(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    invoice_id: int,
    form: CheckedForm,
) -> Response:
    cid = current_company(principal)
    principal.require(cid, "invoicing")
    as_efaktura = bool(form.get("efaktura"))  # "kan motta eFaktura": this invoice so
    svc.books.issue_invoice(
        cid, invoice_id, actor=principal.username,
        send_by=DeliveryMethod.EFAKTURA if as_efaktura else None,
        save_on_card=as_efaktura and bool(form.get("save_on_card")),
    )  # fmt: skip
    return see(request, f"/invoices/{invoice_id}", Message.of(WebCode.INVOICE_ISSUED))


@router.post("/invoices/{invoice_id}/waive-fees")
def invoice_waive_fees(
    principal: PagePrincipal,
    svc: ServicesDep,
    invoice_id: int,
    form: CheckedForm,
) -> Response:
    """Waive the invoice's open fees (audited), with the reason given."""
    cid = current_company(principal)
    principal.require(cid, "payments")
    waive_fees(
        svc.sessions, svc.clock, cid, invoice_id, reason=str(form.get("reason") or ""),
        actor=principal.username,
    )  # fmt: skip
    return _see(f"/invoices/{invoice_id}#charges")


# -- customers -----------------------------------------------------------------------


@router.get("/customers")
def customer_list(request: Request, principal: PagePrincipal, svc: ServicesDep) -> HTMLResponse:
    cid = current_company(principal)
    return render(request, "customers.html", {"customers": svc.books.customers(cid)})


@router.post("/customers")
def customer_create(
    request: Request, principal: PagePrincipal, svc: ServicesDep, form: CheckedForm
) -> Response:
    cid = current_company(principal)
    principal.require(cid, "invoicing")
    view = svc.books.create_customer(
        cid,
        name=str(form.get("name") or ""),
        email=str(form.get("email") or "") or None,
        org_number=str(form.get("org_number") or "") or None,
        actor=principal.username,
    )
    return see(request, f"/customers/{view.number}", Message.of(WebCode.CUSTOMER_CREATED))


@router.get("/customers/{number}")
def customer_detail(
    request: Request, principal: PagePrincipal, svc: ServicesDep, number: int
) -> HTMLResponse:
    cid = current_company(principal)
    ledger = svc.books.ledger(cid, number)
    invoices = svc.books.invoice_page(cid, InvoiceFilter(customer_number=number)).rows
    card = customer_cards.get(svc.sessions, cid, number)
    agreements = Recurring(svc.books).agreements(cid, customer=number)
    return render(request, "customer.html", {
        "ledger": ledger, "invoices": invoices, "card": card, "agreements": agreements,
        "mandates": mandate_history(svc.sessions, cid, number),
        **efaktura_pages.customer_context(svc, cid, card),
    })  # fmt: skip


@router.post("/customers/{number}/match")
def customer_match(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    number: int,
    form: CheckedForm,
) -> Response:
    """Close open items together ("lukke poster"): the amounts must add up."""
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
    matched = svc.inbox.match(cid, number, sources, targets, actor=principal.username)
    return see(
        request,
        f"/customers/{number}",
        Message.of(WebCode.MATCHED, amount_ore=matched.amount_ore, customer=number),
    )


# -- payments and the voucher inbox --------------------------------------------------


@router.get("/payments")
def payments_page(request: Request, principal: PagePrincipal, svc: ServicesDep) -> HTMLResponse:
    cid = current_company(principal)
    return render(request, "payments.html", {"files": bank_files(svc.sessions, cid)})


@router.get("/payments/files/{file_id}")
def payment_file_page(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    file_id: int,
    after: int | None = None,
) -> HTMLResponse:
    """One imported file: what the import did, and its payments a page at a time."""
    cid = current_company(principal)
    with svc.sessions() as session:
        file = bank_file(session, cid, file_id)
        payments, next_after = payments_of_file(session, cid, file_id, after)
    # A rejection's reason in the reader's language where it is a code.
    error = file.summary.get("error") if file.summary else None
    reason = error.get("reason") if isinstance(error, dict) else None
    rejected = i18n_render(Message.from_json(reason), language(request)) if reason else None
    return render(request, "payment_file.html", {
        "f": file, "payments": payments, "next_after": next_after, "after": after,
        "rejected": rejected,
    })  # fmt: skip


# -- settings, users, tokens, audit --------------------------------------------------


def _kid_preview(svc: Services, cid: int, settings: KidSettings, lang: str) -> dict[str, Any]:
    from reskontro.domain import kid as kidlib

    problems = [i18n_render(m, lang) for m in svc.books.check_kid_settings(cid, settings)]
    company = svc.books.company(cid)
    example = None
    if not problems:
        template = kidlib.KidTemplate.parse(
            settings.template, kidlib.Modulus.parse(settings.modulus), settings.dash
        )
        customer = max(company.next_customer_number - 1, 1)
        example = template.make(customer, company.next_invoice_number)
    return {"problems": problems, "next_kid": example}


@router.get("/settings")
def settings_page(request: Request, principal: PagePrincipal, svc: ServicesDep) -> HTMLResponse:
    cid = current_company(principal)
    company = svc.books.company_details(cid)
    settings = KidSettings(True, company.kid_template, company.kid_modulus)
    return render(request, "settings.html", {
        "company": company, "preview": _kid_preview(svc, cid, settings, language(request)),
        "recipients": svc.notifier.recipients(cid),
        "members": svc.users.members(cid), "roles": ROLES,
        "tokens": svc.users.tokens(principal.user_id),
        "series": customer_series(svc.sessions, cid), "agreement": svc.agreements.show(cid),
        "new_token": request.query_params.get("token_created"),
        "delivery": delivery_settings(svc.sessions, cid),
        "channels": svc.channels.configs(cid),
    })  # fmt: skip


@router.get("/settings/kid-preview")
def kid_preview(
    request: Request, principal: PagePrincipal, svc: ServicesDep, template: str, modulus: int = 10
) -> JSONResponse:
    cid, lang = current_company(principal), language(request)
    try:
        preview = _kid_preview(svc, cid, KidSettings(True, template, modulus), lang)
    except ReskontroError as exc:
        preview = {"problems": [i18n.exception_text(exc, lang)], "next_kid": None}
    return JSONResponse(preview)


def _checked(form: dict[str, Any], name: str) -> bool:
    return str(form.get(name) or "") not in {"", "0", "false"}


def _text(form: dict[str, Any], name: str) -> str:
    return str(form.get(name) or "").strip()


@router.post("/settings/company")
def company_save(
    request: Request, principal: PagePrincipal, svc: ServicesDep, form: CheckedForm
) -> Response:
    """The company's details (administrator only); the e-mail is the owner's address."""
    cid = current_company(principal)
    principal.require(cid, "settings")
    svc.books.update_company(
        cid, name=_text(form, "name"), org_number=_text(form, "org_number"),
        account=_text(form, "account"), address=_text(form, "address") or None,
        payment_terms_days=_int(form.get("payment_terms_days") or 14, "betalingsfrist"),
        vat_registered=_checked(form, "vat_registered"),
        foretaksregisteret=_checked(form, "foretaksregisteret"), actor=principal.username,
    )  # fmt: skip
    svc.notifier.set_owner_email(cid, _text(form, "email") or None, actor=principal.username)
    return see(request, "/settings", Message.of(WebCode.SAVED))


@router.post("/settings/notifications")
def recipient_add(
    request: Request, principal: PagePrincipal, svc: ServicesDep, form: CheckedForm
) -> Response:
    cid = current_company(principal)
    principal.require(cid, "settings")
    svc.notifier.add_recipient(
        cid, _text(form, "email"), name=_text(form, "name") or None,
        language=_text(form, "language") or "nb",
        import_summary=_checked(form, "import_summary"),
        overdue_digest=_checked(form, "overdue_digest"), actor=principal.username,
    )  # fmt: skip
    return see(request, "/settings#notifications", Message.of(WebCode.SAVED))


@router.post("/settings/notifications/remove")
def recipient_remove(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    form: CheckedForm,
) -> Response:
    cid = current_company(principal)
    principal.require(cid, "settings")
    svc.notifier.remove_recipient(cid, _text(form, "email"), actor=principal.username)
    return see(request, "/settings#notifications", Message.of(WebCode.SAVED))


@router.post("/settings/kid")
def kid_save(
    request: Request, principal: PagePrincipal, svc: ServicesDep, form: CheckedForm
) -> Response:
    cid = current_company(principal)
    principal.require(cid, "settings")
    company = svc.books.company(cid)
    svc.books.set_kid_settings(
        cid,
        KidSettings(
            bool(company.kid_enabled),
            str(form.get("template") or ""),
            _int(form.get("modulus") or 10, "modulus"),
        ),
        actor=principal.username,
    )
    return see(request, "/settings", Message.of(WebCode.SAVED))


@router.post("/settings/policy")
def policy_save(
    request: Request, principal: PagePrincipal, svc: ServicesDep, form: CheckedForm
) -> Response:
    cid = current_company(principal)
    principal.require(cid, "payments")
    set_policy(
        svc.sessions, svc.clock, cid, policy=str(form.get("policy") or ""),
        tolerance_ore=parse_ore(str(form.get("tolerance") or "0"), "toleranse"),
        actor=principal.username,
    )  # fmt: skip
    if form.get("order"):
        set_payment_order(
            svc.sessions, svc.clock, cid, str(form.get("order")), actor=principal.username
        )
    return see(request, "/settings", Message.of(WebCode.SAVED))


@router.post("/settings/users")
def user_grant(
    request: Request, principal: PagePrincipal, svc: ServicesDep, form: CheckedForm
) -> Response:
    cid = current_company(principal)
    principal.require(cid, "users")
    username = str(form.get("username") or "")
    password = str(form.get("password") or "")
    if password:
        svc.users.create_user(username, password, actor=principal.username)
    svc.users.grant(username, cid, str(form.get("role") or ""), actor=principal.username)
    return see(request, "/settings", Message.of(WebCode.SAVED))


@router.post("/settings/tokens")
def token_create(
    request: Request, principal: PagePrincipal, svc: ServicesDep, form: CheckedForm
) -> Response:
    secret = svc.users.create_token(
        principal.user_id, str(form.get("name") or "API"), actor=principal.username
    )
    # Shown once, on the next page only.
    return render(request, "token_created.html", {"secret": secret})


@router.post("/settings/tokens/{token_id}/revoke")
def token_revoke(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    token_id: int,
    _form: CheckedForm,
) -> Response:
    svc.users.revoke_token(principal.user_id, token_id, actor=principal.username)
    return see(request, "/settings", Message.of(WebCode.SAVED))


# -- bank agreement and channels, operations status ----------------------------------


def _bank_page(
    request: Request, svc: Services, cid: int, tested: dict[str, Any] | None = None
) -> HTMLResponse:
    from reskontro.storage.models import Company
    from reskontro.storage.repo import template_of

    company = svc.books.company(cid)
    with svc.sessions() as session:
        length = template_of(session.get_one(Company, cid)).length
    return render(request, "bank.html", {
        "company": company, "company_kid_length": length,
        "agreement": svc.agreements.show(cid),
        "accounts": svc.bank_accounts.of(cid),
        "channels": svc.channels.configs(cid),
        "tested": tested,
    })  # fmt: skip


@router.get("/settings/bank")
def bank_page(request: Request, principal: PagePrincipal, svc: ServicesDep) -> HTMLResponse:
    return _bank_page(request, svc, current_company(principal))


def _lengths(text: str) -> list[int]:
    return [_int(part, "KID-lengde") for part in text.replace(",", " ").split()]


@router.post("/settings/bank/agreement")
def agreement_register(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    form: CheckedForm,
) -> Response:
    cid = current_company(principal)
    principal.require(cid, "bank")
    terms = parse_terms(
        agreement_id=_text(form, "agreement_id"),
        account=_text(form, "account") or svc.books.company(cid).account,
        data_recipient=_text(form, "data_recipient"),
        kid_lengths=_lengths(_text(form, "kid_lengths")),
        kid_modulus=_text(form, "modulus") or "10",
    )
    svc.agreements.register(cid, terms, kid_on=_checked(form, "kid_on"), actor=principal.username)
    return see(request, "/settings/bank", Message.of(WebCode.SAVED))


@router.post("/settings/bank/agreement/verify")
def agreement_verify(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    form: CheckedForm,
) -> Response:
    cid = current_company(principal)
    principal.require(cid, "bank")
    svc.agreements.verify(cid, kid_on=_checked(form, "kid_on"), actor=principal.username)
    return see(request, "/settings/bank", Message.of(WebCode.SAVED))


@router.post("/settings/bank/agreement/end")
def agreement_end(
    request: Request, principal: PagePrincipal, svc: ServicesDep, _form: CheckedForm
) -> Response:
    cid = current_company(principal)
    principal.require(cid, "bank")
    svc.agreements.end(cid, actor=principal.username)
    return see(request, "/settings/bank", Message.of(WebCode.SAVED))


@router.post("/settings/bank/channels")
def channel_add(
    request: Request, principal: PagePrincipal, svc: ServicesDep, form: CheckedForm
) -> Response:
    """A new SFTP or folder channel; secrets only as ``env:NAME`` / ``file:/path``."""
    cid = current_company(principal)
    principal.require(cid, "bank")
    kind = _text(form, "kind")
    if kind == "sftp":
        svc.channels.add_sftp(
            cid, _text(form, "name"), host=_text(form, "host"),
            username=_text(form, "username"), fingerprint=_text(form, "fingerprint"),
            port=_int(form.get("port") or 22, "port"),
            password=_text(form, "password") or None, key=_text(form, "key") or None,
            key_passphrase=_text(form, "key_passphrase") or None,
            folder=_text(form, "folder") or ".", pattern=_text(form, "pattern") or "*",
            actor=principal.username,
        )  # fmt: skip
    elif kind == "folder":
        svc.channels.add_folder(
            cid, _text(form, "name"), path=allowed_folder(_text(form, "path")),
            pattern=_text(form, "pattern") or "*", actor=principal.username,
        )  # fmt: skip
    else:
        raise ValidationError("velg SFTP eller mappe")
    return see(request, "/settings/bank#channels", Message.of(WebCode.SAVED))


@router.post("/settings/bank/channels/{name}/{action}")
def channel_action(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    name: str,
    action: str,
    _form: CheckedForm,
) -> Response:
    """``enable``, ``disable`` or ``test`` (log in and list files; nothing is fetched)."""
    cid = current_company(principal)
    principal.require(cid, "bank")
    if action == "test":
        result = svc.connection_tests.run(principal, cid, svc.channels.config(cid, name))
        tested = {"name": name, "ok": result.ok,
                  "message": i18n_render(result.message, language(request))}  # fmt: skip
        return _bank_page(request, svc, cid, tested)
    if action not in {"enable", "disable"}:
        raise NotFound(f"no action {action}")
    svc.channels.set_enabled(cid, name, action == "enable", actor=principal.username)
    return see(request, "/settings/bank#channels", Message.of(WebCode.SAVED))


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
    cid = current_company(principal)
    principal.require(cid, "settings")
    svc.notifier.retry_failed(cid, actor=principal.username)
    return see(request, "/status#status-email", Message.of(WebCode.SAVED))


__all__ = ["Principal", "router"]
