"""eFaktura in the API: look a private customer up (the answer kept on the card, or
saved as its delivery method), give them the data MPS matches on, and the overview.

Roles: ``invoicing`` looks up and edits (a look-up writes on the card and reads the
national identity number, audited); any role may read the overview.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from reskontro.jsonable import to_jsonable
from reskontro.services.delivery import efaktura, efaktura_card
from reskontro.web.deps import ApiPrincipal, ServicesDep

api = APIRouter(prefix="/api/v1", tags=["v1"])


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
