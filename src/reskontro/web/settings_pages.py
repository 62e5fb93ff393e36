"""The settings pages: company details, the KID template and its preview, the unknown-KID
policy, e-mail recipients, users and API tokens."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from reskontro.errors import ReskontroError
from reskontro.i18n import render as i18n_render
from reskontro.messages import Message
from reskontro.services.delivery.send import settings as delivery_settings
from reskontro.services.invoicing.customer_series import customer_series
from reskontro.services.invoicing.kid_settings import KidSettings
from reskontro.services.payments import set_policy
from reskontro.services.payments.charges import set_payment_order
from reskontro.storage.models_web import ROLES
from reskontro.web import i18n
from reskontro.web.codes import WebCode
from reskontro.web.deps import (
    CheckedForm,
    PagePrincipal,
    Services,
    ServicesDep,
    allowed_company,
    current_company,
)
from reskontro.web.flash import see
from reskontro.web.fmt import parse_ore
from reskontro.web.forms import form_checked, form_int, form_text
from reskontro.web.render import language, render

router = APIRouter(include_in_schema=False)


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


@router.post("/settings/company")
def company_save(
    request: Request, principal: PagePrincipal, svc: ServicesDep, form: CheckedForm
) -> Response:
    """The company's details (administrator only); the e-mail is the owner's address."""
    cid = allowed_company(principal, "settings")
    svc.books.update_company(
        cid, name=form_text(form, "name"), org_number=form_text(form, "org_number"),
        account=form_text(form, "account"), address=form_text(form, "address") or None,
        payment_terms_days=form_int(form.get("payment_terms_days") or 14, "betalingsfrist"),
        vat_registered=form_checked(form, "vat_registered"),
        foretaksregisteret=form_checked(form, "foretaksregisteret"), actor=principal.username,
    )  # fmt: skip
    svc.notifier.set_owner_email(cid, form_text(form, "email") or None, actor=principal.username)
    return see(request, "/settings", Message.of(WebCode.SAVED))


@router.post("/settings/notifications")
def recipient_add(
    request: Request, principal: PagePrincipal, svc: ServicesDep, form: CheckedForm
) -> Response:
    cid = allowed_company(principal, "settings")
    svc.notifier.add_recipient(
        cid, form_text(form, "email"), name=form_text(form, "name") or None,
        language=form_text(form, "language") or "nb",
        import_summary=form_checked(form, "import_summary"),
        overdue_digest=form_checked(form, "overdue_digest"), actor=principal.username,
    )  # fmt: skip
    return see(request, "/settings#notifications", Message.of(WebCode.SAVED))


@router.post("/settings/notifications/remove")
def recipient_remove(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    form: CheckedForm,
) -> Response:
    cid = allowed_company(principal, "settings")
    svc.notifier.remove_recipient(cid, form_text(form, "email"), actor=principal.username)
    return see(request, "/settings#notifications", Message.of(WebCode.SAVED))


@router.post("/settings/kid")
def kid_save(
    request: Request, principal: PagePrincipal, svc: ServicesDep, form: CheckedForm
) -> Response:
    cid = allowed_company(principal, "settings")
    company = svc.books.company(cid)
    svc.books.set_kid_settings(
        cid,
        KidSettings(
            bool(company.kid_enabled),
            str(form.get("template") or ""),
            form_int(form.get("modulus") or 10, "modulus"),
        ),
        actor=principal.username,
    )
    return see(request, "/settings", Message.of(WebCode.SAVED))


@router.post("/settings/policy")
def policy_save(
    request: Request, principal: PagePrincipal, svc: ServicesDep, form: CheckedForm
) -> Response:
    cid = allowed_company(principal, "payments")
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
    cid = allowed_company(principal, "users")
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


__all__ = ["router"]
