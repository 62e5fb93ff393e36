"""The AvtaleGiro part of the REST API (``/api/v1``): agreement, mandates with filters,
claims files with their contents, and the button that writes the claims now."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from reskontro.domain.avtalegiro import FileDirection, MandateState
from reskontro.jsonable import to_jsonable
from reskontro.services.avtalegiro.agreement import register_agreement, show_agreement
from reskontro.services.avtalegiro.claims import write_claims
from reskontro.services.avtalegiro.files import file_contents, list_files
from reskontro.services.avtalegiro.mandates import assign_mandate, list_mandates, mandate_history
from reskontro.services.avtalegiro.status import flag_failed_draws, invoice_avtalegiro
from reskontro.web.deps import ApiPrincipal, ServicesDep

router = APIRouter(prefix="/api/v1/companies/{company_id}/avtalegiro", tags=["avtalegiro"])


class AgreementIn(BaseModel):
    agreement_id: str
    data_transmitter: str
    #: None: the OCR agreement's account.
    account: str | None = None
    bank_notifies: bool = True


class AssignIn(BaseModel):
    kid: str
    customer: int


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


@router.put("/agreement")
def agreement_put(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, body: AgreementIn
) -> Any:
    """Register or change the AvtaleGiro agreement (bank role)."""
    principal.require(company_id, "bank")
    return to_jsonable(
        register_agreement(
            svc.sessions, svc.clock, company_id, agreement_id=body.agreement_id,
            data_transmitter=body.data_transmitter, account=body.account,
            bank_notifies=body.bank_notifies, actor=principal.username,
        )
    )  # fmt: skip


@router.post("/mandates/assign")
def mandates_assign(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, body: AssignIn
) -> Any:
    """Attach a mandate waiting for a customer (its KID fits none) to a customer."""
    principal.require(company_id, "payments")
    return to_jsonable(
        assign_mandate(
            svc.sessions, svc.clock, company_id, kid=body.kid, customer_number=body.customer,
            actor=principal.username,
        )
    )  # fmt: skip


@router.get("/customers/{number}/history")
def history(principal: ApiPrincipal, svc: ServicesDep, company_id: int, number: int) -> list[Any]:
    """Every change of the customer's mandates, oldest first."""
    principal.role(company_id)
    return list(to_jsonable(mandate_history(svc.sessions, company_id, number)))


@router.get("/invoices/{invoice_id}")
def invoice(principal: ApiPrincipal, svc: ServicesDep, company_id: int, invoice_id: int) -> Any:
    """How AvtaleGiro pays the invoice (null: it does not)."""
    principal.role(company_id)
    return {
        "avtalegiro": to_jsonable(invoice_avtalegiro(svc.sessions, svc.clock, company_id,
                                                     invoice_id))
    }  # fmt: skip


@router.post("/failed-draws")
def failed_draws(principal: ApiPrincipal, svc: ServicesDep, company_id: int) -> Any:
    """Flag the sent claims whose draw was not reported (the daily job does it too)."""
    principal.require(company_id, "bank")
    return to_jsonable(flag_failed_draws(svc.sessions, svc.clock, company_id,
                                         actor=principal.username))  # fmt: skip
