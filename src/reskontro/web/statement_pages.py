"""The customer statement (kontoutskrift) as PDF from the customer page, and in the API
as PDF or JSON (:mod:`reskontro.services.invoicing.statement`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from reskontro.formats.pdf.statement import StatementDocument, render_statement
from reskontro.jsonable import to_jsonable
from reskontro.services.invoicing.statement import customer_statement
from reskontro.web.deps import ApiPrincipal, PagePrincipal, Services, ServicesDep, current_company
from reskontro.web.fmt import parse_date

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["v1"])


def _pdf(doc: StatementDocument) -> Response:
    stem = "statement" if doc.language == "en" else "kontoutskrift"
    name = f"{stem}-{doc.buyer.number}-{doc.date_to.isoformat()}.pdf"
    return Response(
        render_statement(doc),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _statement(
    svc: Services, cid: int, number: int, start: dt.date | None, end: dt.date | None
) -> StatementDocument:
    return customer_statement(svc.sessions, svc.clock, cid, number, date_from=start, date_to=end)


@pages.get("/customers/{number}/statement.pdf")
def statement_page(
    principal: PagePrincipal,
    svc: ServicesDep,
    number: int,
    date_from: str | None = None,
    date_to: str | None = None,
) -> Response:
    """The statement for the period chosen on the customer page (``dd.mm.åååå``)."""
    cid = current_company(principal)
    principal.role(cid)
    return _pdf(_statement(svc, cid, number, parse_date(date_from), parse_date(date_to)))


@api.get("/companies/{company_id}/customers/{number}/statement")
def statement_api(
    principal: ApiPrincipal,
    svc: ServicesDep,
    company_id: int,
    number: int,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> Any:
    """The customer statement for ``date_from`` … ``date_to`` (default: the year so far):
    balance brought forward, movements with the running balance, closing balance, and
    the open items now."""
    principal.role(company_id)
    return to_jsonable(_statement(svc, company_id, number, date_from, date_to))


@api.get("/companies/{company_id}/customers/{number}/statement.pdf")
def statement_api_pdf(
    principal: ApiPrincipal,
    svc: ServicesDep,
    company_id: int,
    number: int,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> Response:
    """The same statement as PDF."""
    principal.role(company_id)
    return _pdf(_statement(svc, company_id, number, date_from, date_to))
