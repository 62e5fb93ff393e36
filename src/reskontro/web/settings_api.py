"""The REST API's company settings under ``/api/v1/companies/{id}``: details, e-mail
recipients, the OCR agreement, bank channels, the operations status and retrying
e-mails (the same services as the settings and bank pages)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from reskontro.errors import ValidationError
from reskontro.i18n import render
from reskontro.jsonable import to_jsonable
from reskontro.messages import Message
from reskontro.services.automation import parse_terms
from reskontro.web.api import Json, _json
from reskontro.web.codes import WebCode
from reskontro.web.deps import ApiPrincipal, ServicesDep, allowed_folder

CallNext = Callable[[Request], Awaitable[Response]]

router = APIRouter(prefix="/api/v1", tags=["v1"])


class CompanyIn(BaseModel):
    """The company's details; ``email`` is the owner's address (gets every notice)."""

    name: str = Field(min_length=1, max_length=200)
    org_number: str
    account: str
    address: str | None = None
    email: str | None = None
    payment_terms_days: int = Field(default=14, ge=0, le=365)
    vat_registered: bool = False
    foretaksregisteret: bool = False


class RecipientIn(BaseModel):
    email: str
    name: str | None = None
    language: str = "nb"
    import_summary: bool = True
    overdue_digest: bool = True


class AgreementIn(BaseModel):
    """The OCR agreement as Nets registered it."""

    agreement_id: str
    data_recipient: str
    account: str | None = None
    kid_lengths: list[int] = Field(min_length=1)
    kid_modulus: int = 10
    kid_on: bool = False


class VerifyIn(BaseModel):
    kid_on: bool = False


class ChannelIn(BaseModel):
    """An SFTP or folder channel. Secrets only as references: ``env:NAME``, ``file:/path``."""

    kind: str = Field(pattern="^(sftp|folder)$")
    name: str
    host: str | None = None
    port: int = 22
    username: str | None = None
    fingerprint: str | None = None
    password: str | None = None
    key: str | None = None
    key_passphrase: str | None = None
    folder: str = "."
    path: str | None = None
    pattern: str = "*"
    after_fetch: str = "keep"
    move_to: str | None = None


@router.get("/companies/{company_id}")
def company(principal: ApiPrincipal, svc: ServicesDep, company_id: int) -> Json:
    """The company's details, KID set-up and number series."""
    principal.role(company_id)
    return _json(svc.books.company_details(company_id))


@router.put("/companies/{company_id}")
def update_company(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, body: CompanyIn
) -> Json:
    """Change the company's details (administrator only); audited with before and after."""
    principal.require(company_id, "settings")
    svc.books.update_company(
        company_id, name=body.name, org_number=body.org_number, account=body.account,
        address=body.address, payment_terms_days=body.payment_terms_days,
        vat_registered=body.vat_registered, foretaksregisteret=body.foretaksregisteret,
        actor=principal.username,
    )  # fmt: skip
    svc.notifier.set_owner_email(company_id, body.email or None, actor=principal.username)
    return _json(svc.books.company_details(company_id))


@router.get("/companies/{company_id}/notifications")
def recipients(principal: ApiPrincipal, svc: ServicesDep, company_id: int) -> Json:
    """Who gets import summaries and overdue digests by e-mail (``owner`` gets all)."""
    principal.role(company_id)
    return _json(svc.notifier.recipients(company_id))


@router.post("/companies/{company_id}/notifications", status_code=201)
def add_recipient(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, body: RecipientIn
) -> Json:
    """Add a recipient, or change what an address gets (administrator only)."""
    principal.require(company_id, "settings")
    view = svc.notifier.add_recipient(
        company_id, body.email, name=body.name, language=body.language,
        import_summary=body.import_summary, overdue_digest=body.overdue_digest,
        actor=principal.username,
    )  # fmt: skip
    return _json(view)


@router.delete("/companies/{company_id}/notifications/{email}", status_code=204)
def remove_recipient(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, email: str
) -> Response:
    principal.require(company_id, "settings")
    svc.notifier.remove_recipient(company_id, email, actor=principal.username)
    return Response(status_code=204)


@router.get("/companies/{company_id}/agreement")
def agreement(principal: ApiPrincipal, svc: ServicesDep, company_id: int) -> Json:
    """The OCR agreement in force, checked against the company now (null: none)."""
    principal.role(company_id)
    return {"agreement": to_jsonable(svc.agreements.show(company_id))}


@router.post("/companies/{company_id}/agreement", status_code=201)
def register_agreement(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, body: AgreementIn
) -> Json:
    """Register the OCR agreement; it is verified at once if it fits (admin, bank roles)."""
    principal.require(company_id, "bank")
    terms = parse_terms(
        agreement_id=body.agreement_id,
        account=body.account or svc.books.company(company_id).account,
        data_recipient=body.data_recipient,
        kid_lengths=body.kid_lengths,
        kid_modulus=body.kid_modulus,
    )
    view = svc.agreements.register(company_id, terms, kid_on=body.kid_on, actor=principal.username)
    return _json(view)


@router.post("/companies/{company_id}/agreement/verify")
def verify_agreement(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, body: VerifyIn
) -> Json:
    principal.require(company_id, "bank")
    view = svc.agreements.verify(company_id, kid_on=body.kid_on, actor=principal.username)
    return _json(view)


@router.post("/companies/{company_id}/agreement/end")
def end_agreement(principal: ApiPrincipal, svc: ServicesDep, company_id: int) -> Json:
    """The agreement has ended at Nets; KID on new invoices goes off with it."""
    principal.require(company_id, "bank")
    return _json(svc.agreements.end(company_id, actor=principal.username))


@router.get("/companies/{company_id}/channels")
def channels(principal: ApiPrincipal, svc: ServicesDep, company_id: int) -> list[Json]:
    """Bank channels: settings and secret *references*, never secrets."""
    principal.role(company_id)
    return [_json(c) for c in svc.channels.configs(company_id)]


@router.post("/companies/{company_id}/channels", status_code=201)
def add_channel(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, body: ChannelIn
) -> Json:
    principal.require(company_id, "bank")
    if body.kind == "folder":
        if not body.path:
            raise ValidationError(Message.of(WebCode.FOLDER_NEEDS_PATH), field="path")
        view = svc.channels.add_folder(
            company_id, body.name, path=allowed_folder(body.path), pattern=body.pattern,
            after_fetch=body.after_fetch, move_to=body.move_to, actor=principal.username,
        )  # fmt: skip
        return _json(view)
    view = svc.channels.add_sftp(
        company_id, body.name, host=body.host or "", username=body.username or "",
        fingerprint=body.fingerprint or "", port=body.port, password=body.password,
        key=body.key, key_passphrase=body.key_passphrase, folder=body.folder,
        pattern=body.pattern, after_fetch=body.after_fetch, move_to=body.move_to,
        actor=principal.username,
    )  # fmt: skip
    return _json(view)


@router.post("/companies/{company_id}/channels/{name}/enable")
def enable_channel(principal: ApiPrincipal, svc: ServicesDep, company_id: int, name: str) -> Json:
    principal.require(company_id, "bank")
    view = svc.channels.set_enabled(company_id, name, True, actor=principal.username)
    return _json(view)


@router.post("/companies/{company_id}/channels/{name}/disable")
def disable_channel(principal: ApiPrincipal, svc: ServicesDep, company_id: int, name: str) -> Json:
    principal.require(company_id, "bank")
    view = svc.channels.set_enabled(company_id, name, False, actor=principal.username)
    return _json(view)


@router.post("/companies/{company_id}/channels/{name}/test")
def test_channel(principal: ApiPrincipal, svc: ServicesDep, company_id: int, name: str) -> Json:
    """Administrators: can the channel be reached? Answers ``ok`` and "connected" or
    "could not connect", nothing more (no listing, no reason); a few tests a minute."""
    result = svc.connection_tests.run(principal, company_id, svc.channels.config(company_id, name))
    return {"channel": result.channel, "ok": result.ok, "message": render(result.message, "en")}


@router.get("/companies/{company_id}/status")
def status(principal: ApiPrincipal, svc: ServicesDep, company_id: int) -> Json:
    """Channels (last fetch), scheduled jobs (last and next run), the e-mail outbox."""
    principal.role(company_id)
    return _json(svc.operations_status(company_id))


@router.post("/companies/{company_id}/email/retry")
def email_retry(principal: ApiPrincipal, svc: ServicesDep, company_id: int) -> Json:
    """Queue the company's given-up e-mails again; answers how many."""
    principal.require(company_id, "settings")
    return {"queued": svc.notifier.retry_failed(company_id, actor=principal.username)}


__all__ = ["router"]
