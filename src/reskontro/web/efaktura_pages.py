"""eFaktura in the API: look a private customer up (the answer kept on the card, or
saved as its delivery method), give them the data MPS matches on, and the overview.

Roles: ``invoicing`` looks up and edits (a look-up writes on the card and reads the
national identity number, audited); any role may read the overview.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from fastapi import APIRouter
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel

from reskontro.domain.delivery import CustomerKind, DeliveryMethod
from reskontro.errors import ReskontroError
from reskontro.jsonable import to_jsonable
from reskontro.services.delivery import efaktura, efaktura_card
from reskontro.services.delivery.efaktura_offer import EfakturaOffer, offer_for
from reskontro.storage.db import writing
from reskontro.web.deps import (
    ApiPrincipal,
    CheckedForm,
    PagePrincipal,
    ServicesDep,
    allowed_company,
)

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from reskontro.services.invoicing.customers import CustomerView
    from reskontro.web.deps import Services

api = APIRouter(prefix="/api/v1", tags=["v1"])
pages = APIRouter(include_in_schema=False)


def route_name() -> str | None:
    """The eFaktura route set up ("sandbox", "mps-ws", ...), or None."""
    from reskontro.channels.efaktura.settings import current_route

    try:
        route = current_route()
    except ReskontroError:
        return None
    return None if route is None else route.name


def offer(
    svc: Services, company_id: int, card: CustomerView, actor: str, *, ask: bool = True
) -> EfakturaOffer | None:
    """At invoicing: for a private customer with another delivery method, whether they
    can receive eFaktura ("Kunden kan motta eFaktura"). With ``ask`` the register is
    asked when the card has no answer from the last day (a page view asks at most once a
    day per customer, whatever the register answered); without, the card's last answer.
    None when there is nothing to offer or check (a business, eFaktura already, no route)."""
    if card.kind != CustomerKind.PERSON or card.delivery_method is DeliveryMethod.EFAKTURA:
        return None
    if route_name() is None:
        return None
    with writing():  # a GET that keeps the register's answer on the card
        return offer_for(svc.sessions, svc.clock, company_id, card.number, actor=actor, ask=ask)


class Chosen(TypedDict):
    send_by: DeliveryMethod | None
    save_on_card: bool


def chosen(form: Mapping[str, Any]) -> Chosen:
    """An invoice form's "Send som eFaktura" and "Lagre på kundekortet", for
    ``issue_invoice``/``create_and_issue_invoice``."""
    as_efaktura = bool(form.get("efaktura"))
    return {
        "send_by": DeliveryMethod.EFAKTURA if as_efaktura else None,
        "save_on_card": as_efaktura and bool(form.get("save_on_card")),
    }


def form_offer(
    svc: Services, company_id: int, cards: Sequence[CustomerView], number: object, actor: str,
    *, ask: bool,
) -> EfakturaOffer | None:  # fmt: skip
    """The new-invoice form's offer for the customer it shows chosen (a form sent back,
    or "Sjekk eFaktura" without a script, ``ask``); None when none is chosen."""
    card = next((c for c in cards if str(c.number) == str(number or "")), None)
    return None if card is None else offer(svc, company_id, card, actor, ask=ask)


def customer_context(svc: Services, company_id: int, card: CustomerView | None) -> dict[str, Any]:
    """The customer page's eFaktura card (private customers only)."""
    if card is None or card.kind != CustomerKind.PERSON or card.placeholder:
        return {"efaktura": None}
    return {"efaktura": efaktura_card.card(svc.sessions, company_id, card.number),
            "efaktura_route": route_name()}  # fmt: skip


def status_context(svc: Services, company_id: int) -> dict[str, Any]:
    """The status page's eFaktura section: the route, what the cards say, what waits."""
    from reskontro.services.delivery.efaktura_run import waiting

    try:
        overview = efaktura.overview(svc.sessions, company_id)
    except ReskontroError:
        return {"efaktura": None}
    return {"efaktura": {"overview": overview, "waiting": waiting(svc.sessions, company_id)}}


@pages.post("/customers/{number}/efaktura")
def page_look_up(
    principal: PagePrincipal,
    svc: ServicesDep,
    number: int,
    form: CheckedForm,
) -> Response:
    """Look the customer up now (the button on the customer page)."""
    cid = allowed_company(principal, "invoicing")
    efaktura.look_up_customer(
        svc.sessions, svc.clock, cid, number, fresh=True, save=bool(form.get("save_on_card")),
        actor=principal.username,
    )  # fmt: skip
    return RedirectResponse(f"/customers/{number}#efaktura", status_code=303)


@pages.post("/invoices/{invoice_id}/efaktura")
def page_check_for_invoice(
    principal: PagePrincipal, svc: ServicesDep, invoice_id: int, _form: CheckedForm
) -> Response:
    """ "Sjekk eFaktura nå" on a draft's or an invoice's page: ask the register now."""
    cid = allowed_company(principal, "invoicing")
    number = svc.books.invoice(cid, invoice_id).customer_number
    offer_for(svc.sessions, svc.clock, cid, number, actor=principal.username, fresh=True)
    return RedirectResponse(f"/invoices/{invoice_id}", status_code=303)


@pages.get("/customers/{number}/efaktura/offer")
def page_offer(principal: PagePrincipal, svc: ServicesDep, number: int) -> JSONResponse:
    """For the new-invoice form's script, when a customer is chosen: ``{"customer",
    "offer", "answer"}`` (the register asked at most once a day per customer)."""
    from reskontro.services.invoicing import customers

    cid = allowed_company(principal, "invoicing")
    found = offer(svc, cid, customers.get(svc.sessions, cid, number), principal.username)
    return JSONResponse({
        "customer": number, "offer": bool(found and found.offer),
        "answer": None if found is None or found.answer is None else found.answer.value,
    })  # fmt: skip


class LookupIn(BaseModel):
    #: Switch the card to eFaktura when the register says yes ("lagre på kundekortet").
    save: bool = False
    #: Ask the register even if the card's answer is younger than a day.
    fresh: bool = False


class PersonIn(BaseModel):
    """Left out: unchanged; ``""``: removed."""

    national_id: str | None = None
    mobile: str | None = None


@api.post("/companies/{company_id}/customers/{number}/efaktura")
def api_lookup(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, number: int, body: LookupIn
) -> Any:
    """``{"customer", "answer", "efaktura_address", "blocked", "checked_at", "cached",
    "route", "delivery_method"}``; ``answer`` is ``can_receive``, ``not_found``,
    ``blocked`` or ``unavailable`` (the register did not answer)."""
    principal.require(company_id, "invoicing")
    result = efaktura.look_up_customer(
        svc.sessions, svc.clock, company_id, number, save=body.save, fresh=body.fresh,
        actor=principal.username,
    )  # fmt: skip
    return to_jsonable(result)


@api.put("/companies/{company_id}/customers/{number}/efaktura/person")
def api_person(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, number: int, body: PersonIn
) -> Any:
    """The customer's look-up data; the national identity number comes back masked."""
    principal.require(company_id, "invoicing")
    card = efaktura_card.set_person_data(
        svc.sessions, svc.clock, company_id, number, national_id=body.national_id,
        mobile=body.mobile, actor=principal.username,
    )  # fmt: skip
    return to_jsonable(card)


@api.get("/companies/{company_id}/efaktura")
def api_overview(principal: ApiPrincipal, svc: ServicesDep, company_id: int) -> Any:
    principal.role(company_id)
    return to_jsonable(efaktura.overview(svc.sessions, company_id))
