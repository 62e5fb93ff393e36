"""Delivery in the web app and the API: an invoice's PDF and EHF, sending it (again),
its delivery history; the customer card's edit form and its REST twin.

Roles: anyone with a role in the company may download; ``invoicing`` may send and
edit customers.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from reskontro.domain.delivery import CustomerKind, DeliveryMethod
from reskontro.errors import NotFound, ReskontroError, ValidationError
from reskontro.jsonable import to_jsonable
from reskontro.messages import Message
from reskontro.services.delivery import print_queue, send
from reskontro.services.invoicing import customers
from reskontro.services.invoicing.customers import CardChanges
from reskontro.services.invoicing.views import InvoiceView
from reskontro.web import i18n
from reskontro.web.codes import WebCode
from reskontro.web.deps import (
    ApiPrincipal,
    CheckedForm,
    PagePrincipal,
    Services,
    ServicesDep,
    allowed_company,
)
from reskontro.web.deps import current_company as company_of
from reskontro.web.fmt import parse_date
from reskontro.web.render import language, render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["v1"])

#: The customer card's fields as the edit form and the API name them.
CARD_FIELDS = (
    "name", "kind", "email", "invoice_email", "org_number", "street", "postcode", "city",
    "country", "language", "delivery_method", "peppol_id", "buyer_reference",
)  # fmt: skip


def ehf_available() -> bool:
    """Whether this installation can make EHF documents (the EHF module is present)."""
    return importlib.util.find_spec("reskontro.services.delivery.ehf") is not None


def invoice_pdf(svc: Services, company_id: int, invoice_id: int, actor: str) -> tuple[bytes, str]:
    from reskontro.services.followup import FollowUp

    result = FollowUp(svc.sessions, svc.clock, svc.store).invoice_pdf(
        company_id, invoice_id, actor=actor
    )
    return result.pdf, result.filename


def invoice_ehf(svc: Services, company_id: int, invoice_id: int) -> tuple[bytes, str]:
    if not ehf_available():
        raise NotFound("EHF is not available in this installation")
    from reskontro.services.delivery.run import default_ehf

    with svc.sessions() as session:
        data = default_ehf(session, company_id, invoice_id)
    return data, f"ehf-{invoice_id}.xml"


def _download(data: bytes, filename: str, media_type: str) -> Response:
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def delivery_context(
    svc: Services,
    company_id: int,
    invoice: InvoiceView,
    lang: str,
    actor: str = "web",
    *,
    may_invoice: bool = True,
) -> dict[str, Any]:
    """What the invoice page shows about delivery; for a private customer with another
    method, whether they can receive eFaktura ("kan motta eFaktura"). Only a user who
    may invoice (``may_invoice``) gets the offer, so only their page view asks the
    register (which reads the customer's national identity number, audited)."""
    from reskontro.web.efaktura_pages import offer

    history = send.deliveries(svc.sessions, company_id, invoice.id)
    card = customers.get(svc.sessions, company_id, invoice.customer_number)
    rows = [{"view": v, "reason": i18n_render(v.reason, lang) if v.reason else ""} for v in history]
    open_invoice = invoice.kind == "invoice" and invoice.status != "credited"
    # A draft's page asks the register at most once a day per customer; an issued
    # invoice's page only shows the card's answer. "Sjekk eFaktura nå" asks again.
    found = None
    if open_invoice and may_invoice:
        found = offer(svc, company_id, card, actor, ask=invoice.number is None)
    return {
        "efaktura_offer": bool(found and found.offer),
        "efaktura_check": found if found is not None and not found.offer else None,
        "deliveries": rows,
        "card": card,
        "methods": list(DeliveryMethod),
        "ehf_available": ehf_available(),
        "sent_before": bool(history),
    }


def i18n_render(message: Any, lang: str) -> str:
    from reskontro.i18n import render as render_message

    return render_message(message, lang)


# -- pages ------------------------------------------------------------------------------


@pages.get("/invoices/{invoice_id}/pdf")
def page_pdf(principal: PagePrincipal, svc: ServicesDep, invoice_id: int) -> Response:
    cid = company_of(principal)
    principal.role(cid)
    data, name = invoice_pdf(svc, cid, invoice_id, principal.username)
    return _download(data, name, "application/pdf")


@pages.get("/invoices/{invoice_id}/ehf")
def page_ehf(principal: PagePrincipal, svc: ServicesDep, invoice_id: int) -> Response:
    cid = company_of(principal)
    principal.role(cid)
    data, name = invoice_ehf(svc, cid, invoice_id)
    return _download(data, name, "application/xml")


@pages.post("/invoices/{invoice_id}/send")
def page_send(
    principal: PagePrincipal,
    svc: ServicesDep,
    invoice_id: int,
    form: CheckedForm,
) -> Response:
    cid = allowed_company(principal, "invoicing")
    method = str(form.get("method") or "")
    if method and method not in set(DeliveryMethod):
        raise ValidationError(Message.of(WebCode.UNKNOWN_CHOICE, value=method), field="method")
    send.send(
        svc.sessions, svc.clock, cid, invoice_id,
        DeliveryMethod(method) if method else None, actor=principal.username,
        save=bool(form.get("save_on_card")),
    )  # fmt: skip
    return RedirectResponse(f"/invoices/{invoice_id}#delivery", status_code=303)


@pages.post("/invoices/print")
def page_print(principal: PagePrincipal, svc: ServicesDep, form: CheckedForm) -> Response:
    """The day's paper invoices as one PDF (as ``reskontro print``); marks them delivered."""
    cid = allowed_company(principal, "invoicing")
    day = parse_date(str(form.get("date") or "").strip()) or svc.clock.today()
    run = print_queue.print_day(
        svc.sessions, svc.clock, cid, day, store=svc.store, actor=principal.username
    )
    if not run.pdf:
        return RedirectResponse(f"/invoices?printed=0&day={day.isoformat()}", status_code=303)
    return _download(run.pdf, f"utskrift-{day.isoformat()}.pdf", "application/pdf")


@pages.post("/settings/delivery")
def page_delivery_settings(
    principal: PagePrincipal,
    svc: ServicesDep,
    form: CheckedForm,
) -> Response:
    """Send invoices on issue, or hold them for a manual send (administrator)."""
    cid = allowed_company(principal, "settings")
    value = str(form.get("send_on_issue") or "") == "1"
    send.set_send_on_issue(svc.sessions, svc.clock, cid, value, actor=principal.username)
    return RedirectResponse("/settings#delivery", status_code=303)


@pages.post("/settings/access-point")
def page_access_point(
    principal: PagePrincipal,
    svc: ServicesDep,
    form: CheckedForm,
) -> Response:
    """The company's own access point for EHF, or the installation's (administrator)."""
    from reskontro.services.delivery.access_point import set_access_point

    cid = allowed_company(principal, "settings")
    set_access_point(
        svc.sessions, svc.clock, cid, channel=str(form.get("channel") or "").strip() or None,
        folder=str(form.get("folder") or "").strip() or None, actor=principal.username,
    )  # fmt: skip
    return RedirectResponse("/settings#delivery", status_code=303)


@pages.get("/customers/{number}/edit")
def page_customer_edit(
    request: Request, principal: PagePrincipal, svc: ServicesDep, number: int
) -> Response:
    cid = allowed_company(principal, "invoicing")
    card = customers.get(svc.sessions, cid, number)
    return _edit_form(request, card.as_dict(), None, None)


def _edit_form(
    request: Request, values: dict[str, Any], error: str | None, field: str | None
) -> Response:
    return render(request, "customer_edit.html", {
        "c": values, "error": error, "error_field": field,
        "methods": list(DeliveryMethod), "kinds": list(CustomerKind),
    }, status=400 if error else 200)  # fmt: skip


@pages.post("/customers/{number}/edit")
def page_customer_save(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    number: int,
    form: CheckedForm,
) -> Response:
    cid = allowed_company(principal, "invoicing")
    values = {name: str(form.get(name) or "").strip() for name in CARD_FIELDS}
    changes = CardChanges(**{k: v for k, v in values.items() if k in CARD_FIELDS})
    try:
        customers.update(svc.sessions, svc.clock, cid, number, changes, actor=principal.username)
    except ReskontroError as exc:
        text = i18n.exception_text(exc, language(request))
        return _edit_form(request, {**values, "number": number}, text, exc.field)
    return RedirectResponse(f"/customers/{number}", status_code=303)


# -- the API ----------------------------------------------------------------------------


class SendIn(BaseModel):
    method: DeliveryMethod | None = None


class CustomerPatch(BaseModel):
    """Fields to change; those left out stay, ``""`` clears an optional one."""

    name: str | None = None
    kind: CustomerKind | None = None
    email: str | None = None
    invoice_email: str | None = None
    org_number: str | None = None
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    country: str | None = None
    language: str | None = None
    delivery_method: DeliveryMethod | None = None
    peppol_id: str | None = None
    buyer_reference: str | None = None


@api.post("/companies/{company_id}/invoices/{invoice_id}/send")
def api_send(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, invoice_id: int, body: SendIn
) -> Any:
    """Send an issued document: ``{"id", "method", "status", "reason"}``; a send that a
    rule forbids is ``refused`` with the rule (HTTP 200: the refusal is recorded)."""
    principal.require(company_id, "invoicing")
    result = send.send(
        svc.sessions, svc.clock, company_id, invoice_id, body.method, actor=principal.username
    )
    return to_jsonable(result)


@api.get("/companies/{company_id}/invoices/{invoice_id}/deliveries")
def api_deliveries(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, invoice_id: int
) -> Any:
    principal.role(company_id)
    return to_jsonable(send.deliveries(svc.sessions, company_id, invoice_id))


@api.get("/companies/{company_id}/invoices/{invoice_id}/pdf")
def api_pdf(principal: ApiPrincipal, svc: ServicesDep, company_id: int, invoice_id: int) -> Any:
    principal.role(company_id)
    data, name = invoice_pdf(svc, company_id, invoice_id, principal.username)
    return _download(data, name, "application/pdf")


@api.get("/companies/{company_id}/invoices/{invoice_id}/ehf")
def api_ehf(principal: ApiPrincipal, svc: ServicesDep, company_id: int, invoice_id: int) -> Any:
    principal.role(company_id)
    data, name = invoice_ehf(svc, company_id, invoice_id)
    return _download(data, name, "application/xml")


@api.patch("/companies/{company_id}/customers/{number}")
def api_customer_update(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, number: int, body: CustomerPatch
) -> Any:
    """Change a customer's card; returns the card."""
    principal.require(company_id, "invoicing")
    changes = CardChanges(**body.model_dump(exclude_unset=True))
    view = customers.update(svc.sessions, svc.clock, company_id, number, changes,
                            actor=principal.username)  # fmt: skip
    return to_jsonable(view)
