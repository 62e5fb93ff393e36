"""The customer pages: the list, a new customer, a customer's page with its open items,
and closing items by hand; and the payment pages: the past imports and one import."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from reskontro.errors import ValidationError
from reskontro.i18n import render as i18n_render
from reskontro.messages import Message
from reskontro.services.avtalegiro.mandates import mandate_history
from reskontro.services.invoicing import customers as customer_cards
from reskontro.services.invoicing.invoice_list import InvoiceFilter
from reskontro.services.invoicing.recurring import Recurring
from reskontro.services.payments import bank_file, bank_files, payments_of_file
from reskontro.services.payments.ledger import Allocation
from reskontro.web import efaktura_pages
from reskontro.web.codes import WebCode
from reskontro.web.deps import (
    CheckedForm,
    PagePrincipal,
    ServicesDep,
    allowed_company,
    current_company,
)
from reskontro.web.flash import see
from reskontro.web.fmt import parse_ore
from reskontro.web.forms import form_int
from reskontro.web.render import language, render

router = APIRouter(include_in_schema=False)


# -- customers -----------------------------------------------------------------------


@router.get("/customers")
def customer_list(request: Request, principal: PagePrincipal, svc: ServicesDep) -> HTMLResponse:
    cid = current_company(principal)
    return render(request, "customers.html", {"customers": svc.books.customers(cid)})


@router.post("/customers")
def customer_create(
    request: Request, principal: PagePrincipal, svc: ServicesDep, form: CheckedForm
) -> Response:
    cid = allowed_company(principal, "invoicing")
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
    cid = allowed_company(principal, "payments")
    sources: list[Allocation] = []
    targets: list[Allocation] = []
    for key, value in form.items():
        text = str(value).strip()
        if not key.startswith("use_") or not text:
            continue
        kind, _, item_id = key.removeprefix("use_").rpartition("_")
        if kind not in {"invoice", "payment", "credit_note"}:
            raise ValidationError(Message.of(WebCode.UNKNOWN_CHOICE, value=key))
        amount = parse_ore(text, f"beløp for {kind} {item_id}")
        if amount == 0:
            continue
        allocation = Allocation(kind, form_int(item_id, "post"), amount)
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


__all__ = ["router"]
