"""The bank settings page: the OCR agreement with Nets and the bank channels."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from reskontro.errors import NotFound, ValidationError
from reskontro.i18n import render as i18n_render
from reskontro.messages import Message
from reskontro.services.automation import parse_terms
from reskontro.web.codes import WebCode
from reskontro.web.deps import (
    CheckedForm,
    PagePrincipal,
    Services,
    ServicesDep,
    allowed_company,
    allowed_folder,
    current_company,
)
from reskontro.web.flash import see
from reskontro.web.forms import form_checked, form_int, form_text
from reskontro.web.render import language, render

router = APIRouter(include_in_schema=False)


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
    return [form_int(part, "KID-lengde") for part in text.replace(",", " ").split()]


@router.post("/settings/bank/agreement")
def agreement_register(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    form: CheckedForm,
) -> Response:
    cid = allowed_company(principal, "bank")
    terms = parse_terms(
        agreement_id=form_text(form, "agreement_id"),
        account=form_text(form, "account") or svc.books.company(cid).account,
        data_recipient=form_text(form, "data_recipient"),
        kid_lengths=_lengths(form_text(form, "kid_lengths")),
        kid_modulus=form_text(form, "modulus") or "10",
    )
    svc.agreements.register(
        cid, terms, kid_on=form_checked(form, "kid_on"), actor=principal.username
    )
    return see(request, "/settings/bank", Message.of(WebCode.SAVED))


@router.post("/settings/bank/agreement/verify")
def agreement_verify(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    form: CheckedForm,
) -> Response:
    cid = allowed_company(principal, "bank")
    svc.agreements.verify(cid, kid_on=form_checked(form, "kid_on"), actor=principal.username)
    return see(request, "/settings/bank", Message.of(WebCode.SAVED))


@router.post("/settings/bank/agreement/end")
def agreement_end(
    request: Request, principal: PagePrincipal, svc: ServicesDep, _form: CheckedForm
) -> Response:
    cid = allowed_company(principal, "bank")
    svc.agreements.end(cid, actor=principal.username)
    return see(request, "/settings/bank", Message.of(WebCode.SAVED))


@router.post("/settings/bank/channels")
def channel_add(
    request: Request, principal: PagePrincipal, svc: ServicesDep, form: CheckedForm
) -> Response:
    """A new SFTP or folder channel; secrets only as ``env:NAME`` / ``file:/path``."""
    cid = allowed_company(principal, "bank")
    kind = form_text(form, "kind")
    if kind == "sftp":
        svc.channels.add_sftp(
            cid, form_text(form, "name"), host=form_text(form, "host"),
            username=form_text(form, "username"), fingerprint=form_text(form, "fingerprint"),
            port=form_int(form.get("port") or 22, "port"),
            password=form_text(form, "password") or None, key=form_text(form, "key") or None,
            key_passphrase=form_text(form, "key_passphrase") or None,
            folder=form_text(form, "folder") or ".", pattern=form_text(form, "pattern") or "*",
            actor=principal.username,
        )  # fmt: skip
    elif kind == "folder":
        svc.channels.add_folder(
            cid, form_text(form, "name"), path=allowed_folder(form_text(form, "path")),
            pattern=form_text(form, "pattern") or "*", actor=principal.username,
        )  # fmt: skip
    else:
        raise ValidationError(Message.of(WebCode.CHOOSE_CHANNEL_KIND), field="kind")
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
    cid = allowed_company(principal, "bank")
    if action == "test":
        result = svc.connection_tests.run(principal, cid, svc.channels.config(cid, name))
        tested = {"name": name, "ok": result.ok,
                  "message": i18n_render(result.message, language(request))}  # fmt: skip
        return _bank_page(request, svc, cid, tested)
    if action not in {"enable", "disable"}:
        raise NotFound(Message.of(WebCode.NO_PAGE))
    svc.channels.set_enabled(cid, name, action == "enable", actor=principal.username)
    return see(request, "/settings/bank#channels", Message.of(WebCode.SAVED))


__all__ = ["router"]
