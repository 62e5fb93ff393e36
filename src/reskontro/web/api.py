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
from reskontro.jsonable import to_jsonable
from reskontro.services import audit as audit_log
from reskontro.services.invoicing.drafts import DraftFields
from reskontro.services.invoicing.invoice_list import InvoiceFilter
from reskontro.services.payments import bank_file, bank_files, payments_of_file
from reskontro.web import efaktura_pages
from reskontro.web.deps import ApiPrincipal, ServicesDep

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
    is booked (its ``format``: ``ocr``, ``camt054``, ``avtalegiro`` for a Nets mandate
    list, ``unknown`` when it was not recognised). ``POST .../payments/uploads``
    answers at once instead (202) and runs the import in the background."""
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
    shown = {k: v for k, v in to_jsonable(file).items() if k != "stored_path"}
    return {**shown, "payments": to_jsonable(payments), "next": next_after}


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
