"""The AvtaleGiro part of the REST API (``/api/v1``): agreement, mandates with filters,
claims files with their contents, and the button that writes the claims now."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from reskontro.domain.avtalegiro import FileDirection, MandateState
from reskontro.jsonable import to_jsonable
from reskontro.services.avtalegiro.agreement import show_agreement
from reskontro.services.avtalegiro.claims import write_claims
from reskontro.services.avtalegiro.files import file_contents, list_files
from reskontro.services.avtalegiro.mandates import list_mandates
from reskontro.web.deps import ApiPrincipal, ServicesDep

router = APIRouter(prefix="/api/v1/companies/{company_id}/avtalegiro", tags=["avtalegiro"])


@router.get("/agreement")
def agreement(principal: ApiPrincipal, svc: ServicesDep, company_id: int) -> dict[str, Any]:
    """The AvtaleGiro agreement (null: none)."""
    principal.role(company_id)
    return {"agreement": to_jsonable(show_agreement(svc.sessions, company_id))}


@router.get("/mandates")
def mandates(
    principal: ApiPrincipal,
    svc: ServicesDep,
    company_id: int,
    state: MandateState | None = None,
    customer: int | None = None,
    notify: bool | None = None,
    kid: str | None = None,
) -> list[Any]:
    """The payers' mandates, filtered by state, customer number, notice wanted, KID."""
    principal.role(company_id)
    rows = list_mandates(
        svc.sessions, company_id, state=state, customer=customer, notify=notify, kid=kid
    )
    return list(to_jsonable(rows))


@router.get("/files")
def files(
    principal: ApiPrincipal,
    svc: ServicesDep,
    company_id: int,
    direction: FileDirection | None = None,
) -> list[Any]:
    """Mandate lists read and claims files written, newest first."""
    principal.role(company_id)
    return list(to_jsonable(list_files(svc.sessions, company_id, direction=direction)))


@router.get("/files/{file_id}")
def file(principal: ApiPrincipal, svc: ServicesDep, company_id: int, file_id: int) -> Any:
    """One file with its contents: every claim, cancellation or mandate in it."""
    principal.role(company_id)
    return to_jsonable(file_contents(svc.sessions, company_id, file_id))


@router.post("/claims")
def claims(principal: ApiPrincipal, svc: ServicesDep, company_id: int) -> Any:
    """Write the claims due now (the button); the daily job sends the file to Nets."""
    principal.require(company_id, "bank")
    return to_jsonable(write_claims(svc.sessions, svc.clock, company_id, actor=principal.username))
