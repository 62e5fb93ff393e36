"""The company's bank accounts on the bank settings page, and in the API: each account
with the source of its payments (``ocr``, ``camt`` or ``both``); a payment file for an
account not listed is rejected (issue 11)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel

from reskontro.jsonable import to_jsonable
from reskontro.messages import Message
from reskontro.web.codes import WebCode
from reskontro.web.deps import (
    ApiPrincipal,
    PagePrincipal,
    ServicesDep,
    allowed_company,
    checked_form,
)
from reskontro.web.flash import see

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["v1"])

Json = dict[str, Any]


@router.post("/settings/bank/accounts")
async def account_add(request: Request, principal: PagePrincipal, svc: ServicesDep) -> Response:
    form = await checked_form(request, principal)
    cid = allowed_company(principal, "bank")
    svc.bank_accounts.add(
        cid, str(form.get("account") or ""), str(form.get("source") or "both"),
        actor=principal.username,
    )  # fmt: skip
    return see(request, "/settings/bank#accounts", Message.of(WebCode.SAVED))


@router.post("/settings/bank/accounts/{account}/remove")
async def account_remove(
    request: Request, principal: PagePrincipal, svc: ServicesDep, account: str
) -> Response:
    await checked_form(request, principal)
    cid = allowed_company(principal, "bank")
    svc.bank_accounts.remove(cid, account, actor=principal.username)
    return see(request, "/settings/bank#accounts", Message.of(WebCode.SAVED))


class AccountIn(BaseModel):
    """An account (11 digits or a Norwegian IBAN) and the source of its payments."""

    account: str
    source: str = "both"


@api.get("/companies/{company_id}/accounts")
def accounts(principal: ApiPrincipal, svc: ServicesDep, company_id: int) -> Json:
    """The company's bank accounts and the source of payments of each."""
    principal.role(company_id)
    return {"accounts": to_jsonable(svc.bank_accounts.of(company_id))}


@api.post("/companies/{company_id}/accounts", status_code=201)
def add_account(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, body: AccountIn
) -> Json:
    """Add an account, or set the source of one listed (admin, bank roles)."""
    principal.require(company_id, "bank")
    views = svc.bank_accounts.add(company_id, body.account, body.source, actor=principal.username)
    return {"accounts": to_jsonable(views)}


@api.delete("/companies/{company_id}/accounts/{account}")
def remove_account(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, account: str
) -> Json:
    """Remove an account: payment files for it are rejected from now on."""
    principal.require(company_id, "bank")
    views = svc.bank_accounts.remove(company_id, account, actor=principal.username)
    return {"accounts": to_jsonable(views)}
