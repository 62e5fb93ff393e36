"""The REST API under ``/api/v1``: bearer-token auth, the same services as the pages.

Amounts are integer øre; quantities are thousandths (``quantity_milli``); dates ISO.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from reskontro.domain.currency import parse_currency, parse_rate
from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.errors import ValidationError
from reskontro.i18n import render
from reskontro.jsonable import to_jsonable
from reskontro.services import audit as audit_log
from reskontro.services.automation import parse_terms
from reskontro.services.invoicing.drafts import DraftFields
from reskontro.services.invoicing.invoice_list import InvoiceFilter
from reskontro.services.payments import bank_file, bank_files, payments_of_file
from reskontro.web import efaktura_pages
from reskontro.web.deps import ApiPrincipal, ServicesDep, allowed_folder

CallNext = Callable[[Request], Awaitable[Response]]

router = APIRouter(prefix="/api/v1", tags=["v1"])


class LineIn(BaseModel):
    description: str = Field(min_length=1, max_length=500)
    quantity_milli: int = Field(default=1000, ge=0)
    unit_price_ore: int = Field(ge=0)
    vat: VatCode = VatCode.STANDARD


class InvoiceIn(BaseModel):
    customer_number: int
    lines: list[LineIn] = Field(min_length=1)
    due_date: dt.date | None = None
    your_reference: str | None = None
    #: ISO 4217 (NOK when left out); prices are in it.
    currency: str = "NOK"
    #: NOK per unit of ``currency``; needed when a foreign-currency invoice carries VAT.
    exchange_rate: Decimal | None = None
    issue: bool = False
    #: With ``issue``: send this invoice as eFaktura ("kan motta eFaktura"; MPS' rules
    #: checked, a broken one refuses the issue), and ``save_on_card`` makes it the
    #: customer's method when the register says yes.
    send_as_efaktura: bool = False
    save_on_card: bool = False


class CreditIn(BaseModel):
    reason: str | None = None


class CustomerIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    email: str | None = None
    org_number: str | None = None


class PostIn(BaseModel):
    customer_number: int | None = None
    invoice_id: int | None = None


class MoveIn(BaseModel):
    customer_number: int


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


Json = dict[str, Any]


def _json(value: object) -> Json:
    """A typed result as the JSON the API answers (:func:`to_jsonable`)."""
    data: Json = to_jsonable(value)
    return data


@router.get("/companies")
def companies(principal: ApiPrincipal, svc: ServicesDep) -> list[Json]:
    """The companies this token's user belongs to, with the user's role in each."""
    return [
        {**_json(c), "role": principal.roles[c.id]}
        for c in svc.books.companies()
        if c.id in principal.roles
    ]


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
            raise ValidationError("a folder channel needs a path")
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


@router.get("/companies/{company_id}/invoices")
def invoices(
    principal: ApiPrincipal,
    svc: ServicesDep,
    company_id: int,
    status: str | None = None,
    overdue: bool = False,
    customer_number: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    q: str | None = None,
    before: int | None = None,
    limit: Annotated[int, Field(ge=1, le=500)] = 50,
) -> Json:
    """Invoices newest first; pass ``next_before`` back as ``before`` for the next page."""
    principal.role(company_id)
    f = InvoiceFilter(status, overdue, customer_number, date_from, date_to, q, before)
    page = svc.books.invoice_page(company_id, f, limit=limit)
    return {"invoices": list(page.rows), "next_before": page.cursor}


@router.post("/companies/{company_id}/invoices", status_code=201)
def create_invoice(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, body: InvoiceIn
) -> Json:
    """Write a draft (and issue it at once with ``issue: true``)."""
    principal.require(company_id, "invoicing")
    lines = [
        LineDraft(x.description, x.quantity_milli, x.unit_price_ore, x.vat) for x in body.lines
    ]
    draft = DraftFields(
        body.customer_number, lines, due=body.due_date, your_reference=body.your_reference,
        currency=parse_currency(body.currency),
        exchange_rate_micro=parse_rate(
            None if body.exchange_rate is None else str(body.exchange_rate)
        ),
    )  # fmt: skip
    if body.issue:
        view = svc.books.create_and_issue_invoice(
            company_id, draft, actor=principal.username,
            **efaktura_pages.chosen({"efaktura": body.send_as_efaktura,
                                     "save_on_card": body.save_on_card}),
        )  # fmt: skip
    else:
        view = svc.books.create_invoice(
            company_id, customer_number=draft.customer_number, lines=draft.lines,
            due=draft.due, your_reference=draft.your_reference, currency=draft.currency,
            exchange_rate_micro=draft.exchange_rate_micro, actor=principal.username,
        )  # fmt: skip
    return _json(view)


@router.get("/companies/{company_id}/invoices/{invoice_id}")
def invoice(principal: ApiPrincipal, svc: ServicesDep, company_id: int, invoice_id: int) -> Json:
    principal.role(company_id)
    return _json(svc.books.invoice(company_id, invoice_id))


@router.post("/companies/{company_id}/invoices/{invoice_id}/issue")
def issue(principal: ApiPrincipal, svc: ServicesDep, company_id: int, invoice_id: int) -> Json:
    principal.require(company_id, "invoicing")
    return _json(svc.books.issue_invoice(company_id, invoice_id, actor=principal.username))


@router.post("/companies/{company_id}/invoices/{invoice_id}/credit", status_code=201)
def credit(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, invoice_id: int, body: CreditIn
) -> Json:
    """Credit the whole invoice; the credit note is returned."""
    principal.require(company_id, "invoicing")
    return _json(
        svc.books.credit_invoice(
            company_id, invoice_id, reason=body.reason, actor=principal.username
        )
    )


@router.get("/companies/{company_id}/customers")
def customers(principal: ApiPrincipal, svc: ServicesDep, company_id: int) -> list[Json]:
    principal.role(company_id)
    return [_json(c) for c in svc.books.customers(company_id)]


@router.post("/companies/{company_id}/customers", status_code=201)
def create_customer(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, body: CustomerIn
) -> Json:
    principal.require(company_id, "invoicing")
    return _json(svc.books.create_customer(
        company_id, name=body.name, email=body.email, org_number=body.org_number,
        actor=principal.username,
    ))  # fmt: skip


@router.get("/companies/{company_id}/customers/{number}")
def customer(principal: ApiPrincipal, svc: ServicesDep, company_id: int, number: int) -> Json:
    principal.role(company_id)
    return _json(svc.books.customer(company_id, number))


@router.get("/companies/{company_id}/customers/{number}/ledger")
def ledger(principal: ApiPrincipal, svc: ServicesDep, company_id: int, number: int) -> Json:
    """The customer's open items and balance."""
    principal.role(company_id)
    return _json(svc.books.ledger(company_id, number))


@router.post("/companies/{company_id}/payments/import")
async def import_payments(
    principal: ApiPrincipal,
    svc: ServicesDep,
    company_id: int,
    file: Annotated[UploadFile, File(description="Nets OCR Giro or camt.054")],
) -> Json:
    """Import a bank file (multipart upload) and answer with the import summary once it
    is booked. ``POST .../payments/uploads`` answers at once instead (202) and runs the
    import in the background."""
    from reskontro.web.upload_pages import stored_upload

    principal.require(company_id, "payments")
    # Streamed into the store, then imported, in a worker thread: every other request
    # is answered meanwhile.
    stored = await run_in_threadpool(stored_upload, svc, file.file)
    summary = await run_in_threadpool(
        svc.importer.import_stored,
        company_id,
        stored,
        file.filename or "upload",
        actor=principal.username,
    )
    return summary.to_json()


@router.get("/companies/{company_id}/payments/files")
def payment_files(principal: ApiPrincipal, svc: ServicesDep, company_id: int) -> list[Json]:
    principal.role(company_id)
    return [
        {k: v for k, v in to_jsonable(f).items() if k != "stored_path"}
        for f in bank_files(svc.sessions, company_id)
    ]


@router.get("/companies/{company_id}/payments/files/{file_id}")
def payment_file(
    principal: ApiPrincipal,
    svc: ServicesDep,
    company_id: int,
    file_id: int,
    after: int | None = None,
) -> Json:
    """A file, its import summary, and a page of its payments (``next``: the ``after``
    of the next page, or null)."""
    principal.role(company_id)
    with svc.sessions() as session:
        file = bank_file(session, company_id, file_id)
        payments, next_after = payments_of_file(session, company_id, file_id, after)
    return {**to_jsonable(file), "payments": to_jsonable(payments), "next": next_after}


@router.get("/companies/{company_id}/inbox")
def inbox(principal: ApiPrincipal, svc: ServicesDep, company_id: int) -> list[Json]:
    """Payments waiting for a person, and those parked on "Betaling med ukjent KID"."""
    principal.role(company_id)
    waiting: list[Json] = to_jsonable(
        svc.inbox.waiting(company_id, include=("inbox", "placeholder"))
    )
    return waiting


@router.post("/companies/{company_id}/inbox/{payment_id}/post")
def inbox_post(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, payment_id: int, body: PostIn
) -> Json:
    principal.require(company_id, "payments")
    posted: Json = to_jsonable(svc.inbox.post(
        company_id, payment_id, customer_number=body.customer_number,
        invoice_id=body.invoice_id, actor=principal.username,
    ))  # fmt: skip
    return posted


@router.post("/companies/{company_id}/inbox/{payment_id}/move")
def inbox_move(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, payment_id: int, body: MoveIn
) -> Json:
    principal.require(company_id, "payments")
    moved: Json = to_jsonable(
        svc.inbox.move(
            company_id, payment_id, customer_number=body.customer_number, actor=principal.username
        )
    )
    return moved


@router.get("/companies/{company_id}/audit")
def audit(principal: ApiPrincipal, svc: ServicesDep, company_id: int) -> list[Json]:
    principal.role(company_id)
    return [
        {"id": e.id, "at": e.at.isoformat(), "actor": e.actor, "action": e.action,
         "object_type": e.object_type, "object_id": e.object_id,
         "before": e.before, "after": e.after}
        for e in audit_log.entries(svc.sessions, company_id)
    ]  # fmt: skip
