"""The invoice pages: the list with its filters, a new invoice, an invoice's page, issuing
it and waiving its fees."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from reskontro.domain.delivery import DeliveryMethod
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.avtalegiro.status import invoice_avtalegiro
from reskontro.services.invoicing.credit_facts import credit_note_facts, lines_left
from reskontro.services.invoicing.invoice_list import STATUSES, InvoiceFilter
from reskontro.services.payments.charges import waive_fees
from reskontro.services.payments.views import payments_of_invoice
from reskontro.web import draft_pages
from reskontro.web.codes import WebCode
from reskontro.web.delivery_pages import delivery_context
from reskontro.web.deps import (
    CheckedForm,
    PagePrincipal,
    ServicesDep,
    allowed_company,
    current_company,
)
from reskontro.web.flash import see
from reskontro.web.fmt import parse_date
from reskontro.web.forms import form_int, see_url
from reskontro.web.render import language, render

router = APIRouter(include_in_schema=False)


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
        customer_number=form_int(customer, "kunde") if customer else None,
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
    cid = allowed_company(principal, "invoicing")
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
        **delivery_context(svc, cid, view, language(request), principal.username,
                           may_invoice=principal.can(cid, "invoicing")),
    })  # fmt: skip


@router.post("/invoices/{invoice_id}/issue")
def invoice_issue(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    invoice_id: int,
    form: CheckedForm,
) -> Response:
    cid = allowed_company(principal, "invoicing")
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
    cid = allowed_company(principal, "payments")
    waive_fees(
        svc.sessions, svc.clock, cid, invoice_id, reason=str(form.get("reason") or ""),
        actor=principal.username,
    )  # fmt: skip
    return see_url(f"/invoices/{invoice_id}#charges")


__all__ = ["router"]
