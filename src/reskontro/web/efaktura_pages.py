"""eFaktura in the API: look a private customer up (the answer kept on the card, or
saved as its delivery method), give them the data MPS matches on, and the overview.

Roles: ``invoicing`` looks up and edits (a look-up writes on the card and reads the
national identity number, audited); any role may read the overview.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from reskontro.domain.delivery import CustomerKind, DeliveryMethod
from reskontro.domain.efaktura import Answer
from reskontro.errors import ReskontroError
from reskontro.jsonable import to_jsonable
from reskontro.services.delivery import efaktura, efaktura_card
from reskontro.storage.db import writing
from reskontro.web.deps import ApiPrincipal, CheckedForm, PagePrincipal, ServicesDep
from reskontro.web.deps import current_company as company_of

if TYPE_CHECKING:
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
) -> bool:
    """At invoicing (``ask``): a private customer with another delivery method is
    looked up (the card's answer when younger than a day); the answer when it is "kan
    motta eFaktura". A register that does not answer offers nothing.
    Without ``ask`` only the card's last answer counts (no call to the register)."""
    if card.kind != CustomerKind.PERSON or card.delivery_method is DeliveryMethod.EFAKTURA:
        return False
    if route_name() is None:
        return False
    if not ask:
        kept = efaktura_card.card(svc.sessions, company_id, card.number)
        return kept.answer == Answer.CAN_RECEIVE
    try:
        with writing():  # a GET that keeps the register's answer on the card
            found = efaktura.look_up_customer(
                svc.sessions, svc.clock, company_id, card.number, actor=actor
            )
    except ReskontroError:
        return False
    return found.answer is Answer.CAN_RECEIVE


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
    cid = company_of(principal)
    principal.require(cid, "invoicing")
    efaktura.look_up_customer(
        svc.sessions, svc.clock, cid, number, fresh=True, save=bool(form.get("save_on_card")),
        actor=principal.username,
    )  # fmt: skip
    return RedirectResponse(f"/customers/{number}#efaktura", status_code=303)


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
