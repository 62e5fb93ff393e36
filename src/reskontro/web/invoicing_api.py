"""REST endpoints of bulk and recurring invoicing (under ``/api/v1``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from reskontro.domain.invoice import LineDraft
from reskontro.domain.recurring import Interval, Timing
from reskontro.jsonable import to_jsonable
from reskontro.services.invoicing.bulk import Bulk, Selection
from reskontro.services.invoicing.catalogue import Catalogue
from reskontro.services.invoicing.recurring import AgreementLine, Recurring
from reskontro.web.api import LineIn
from reskontro.web.deps import ApiPrincipal, ServicesDep

router = APIRouter(prefix="/api/v1", tags=["v1"])

Json = dict[str, Any]


class BulkIn(BaseModel):
    """Customers (``all``, ``group`` or ``customers``) and the lines they all get."""

    all: bool = False
    group: str | None = None
    customers: list[int] = Field(default_factory=list)
    lines: list[LineIn] = Field(min_length=1)
    invoice_date: dt.date | None = None
    terms_days: int | None = Field(default=None, ge=0, le=365)
    efaktura_if_possible: bool = True
    #: The same run id again resumes that run (and issues nothing twice).
    run_id: str | None = Field(default=None, max_length=64)


class RecurringIn(BaseModel):
    customer_number: int | None = None
    group: str | None = None
    lines: list[LineIn] = Field(min_length=1)
    every: Interval = Interval.MONTH
    start: dt.date | None = None
    end: dt.date | None = None
    timing: Timing = Timing.ADVANCE
    invoice_day: int | None = Field(default=None, ge=1, le=31)
    terms_days: int | None = Field(default=None, ge=0, le=365)
    send: bool = True
    efaktura_if_possible: bool = True


class RunIn(BaseModel):
    date: dt.date | None = None


def _drafts(lines: list[LineIn]) -> list[LineDraft]:
    return [LineDraft(x.description, x.quantity_milli, x.unit_price_ore, x.vat) for x in lines]


def _selection(body: BulkIn) -> Selection:
    return Selection(all=body.all, group=body.group, numbers=tuple(body.customers))


@router.post("/companies/{company_id}/bulk/preview")
def bulk_preview(principal: ApiPrincipal, svc: ServicesDep, company_id: int, body: BulkIn) -> Json:
    """What a bulk run would issue: count, total, delivery methods, refusals."""
    principal.require(company_id, "invoicing")
    preview = Bulk(svc.books).preview(company_id, _selection(body), _drafts(body.lines))
    data: Json = to_jsonable(preview)
    return data


@router.post("/companies/{company_id}/bulk", status_code=201)
def bulk_run(principal: ApiPrincipal, svc: ServicesDep, company_id: int, body: BulkIn) -> Json:
    """Issue and send; give ``run_id`` to make a retry safe."""
    principal.require(company_id, "invoicing")
    bulk = Bulk(svc.books)
    key = bulk.start(
        company_id, _selection(body), _drafts(body.lines), run_id=body.run_id,
        invoice_date=body.invoice_date, terms_days=body.terms_days,
        efaktura_if_possible=body.efaktura_if_possible, actor=principal.username,
    )  # fmt: skip
    data: Json = to_jsonable(bulk.run(company_id, key))
    return data


@router.get("/companies/{company_id}/recurring")
def recurring_list(principal: ApiPrincipal, svc: ServicesDep, company_id: int) -> list[Json]:
    principal.role(company_id)  # every role may read
    data: list[Json] = to_jsonable(Recurring(svc.books).agreements(company_id))
    return data


@router.post("/companies/{company_id}/recurring", status_code=201)
def recurring_create(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, body: RecurringIn
) -> Json:
    principal.require(company_id, "invoicing")
    group_id = None
    if body.group is not None:
        group_id = Catalogue(svc.sessions).add_to_group(company_id, body.group, []).id
    view = Recurring(svc.books).create(
        company_id,
        lines=[
            AgreementLine(x.description, x.quantity_milli, x.vat, x.unit_price_ore)
            for x in body.lines
        ],
        interval=body.every, customer=body.customer_number, group_id=group_id,
        start=body.start, end=body.end, timing=body.timing, invoice_day=body.invoice_day,
        terms_days=body.terms_days, send=body.send,
        efaktura_if_possible=body.efaktura_if_possible, actor=principal.username,
    )  # fmt: skip
    data: Json = to_jsonable(view)
    return data


@router.post("/companies/{company_id}/recurring/run")
def recurring_run(principal: ApiPrincipal, svc: ServicesDep, company_id: int, body: RunIn) -> Json:
    """Issue every period due by ``date`` (default today); safe to repeat."""
    principal.require(company_id, "invoicing")
    summary = Recurring(svc.books).run(company_id, today=body.date, actor=principal.username)
    data: Json = to_jsonable(summary)
    return data
