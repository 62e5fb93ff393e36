"""CSV downloads of the lists, with the list's filters applied: the invoice list, the
customer list, a bank file's payments and the voucher inbox, from the pages and the
API. Each reads the same query as its page; the columns are in
:mod:`reskontro.services.exports`, the format in :mod:`reskontro.formats.csv_table`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from reskontro.services.exports import Table, customers_table, invoices_table, payments_table
from reskontro.services.invoicing import customers
from reskontro.services.invoicing.invoice_list import InvoiceFilter
from reskontro.services.payments.views import bank_file, payments_of_file
from reskontro.web.deps import ApiPrincipal, PagePrincipal, Services, ServicesDep, current_company
from reskontro.web.fmt import parse_date
from reskontro.web.inbox_pages import SHOW, matches
from reskontro.web.render import language

if TYPE_CHECKING:
    from reskontro.services.payments.views import PaymentView

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["v1"])

#: The most rows one export holds (the list's first ones, in its order).
EXPORT_MAX = 100_000
#: Rows read at a time while walking a list.
CHUNK = 1000


def _download(table: Table, name: str) -> Response:
    return Response(
        table.csv(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _invoices(svc: Services, cid: int, f: InvoiceFilter) -> list[Any]:
    """Every invoice the list shows with filter ``f``, page after page (keyset)."""
    rows: list[Any] = []
    while len(rows) < EXPORT_MAX:
        page = svc.books.invoice_page(cid, f, limit=CHUNK)
        rows.extend(page.rows)
        if page.cursor is None:
            break
        f = dataclasses.replace(f, before=page.cursor)
    return rows[:EXPORT_MAX]


def _file_payments(svc: Services, cid: int, file_id: int) -> list[PaymentView]:
    out: list[PaymentView] = []
    after = None
    with svc.sessions() as session:
        bank_file(session, cid, file_id)  # 404 for another company's file
        while len(out) < EXPORT_MAX:
            page, after = payments_of_file(session, cid, file_id, after, CHUNK)
            out.extend(page)
            if after is None:
                break
    return out[:EXPORT_MAX]


def _inbox(svc: Services, cid: int, q: str | None, show: str) -> list[PaymentView]:
    waiting = svc.inbox.waiting(cid, include=SHOW.get(show, SHOW["waiting"]))
    needle = (q or "").strip().casefold()
    return [p for p in waiting if matches(p, needle)] if needle else list(waiting)


# -- pages ------------------------------------------------------------------------------


@pages.get("/invoices.csv")
def invoices_csv(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    status: str | None = None,
    overdue: bool = False,
    customer: Annotated[str | None, Query()] = None,
    date_from: str | None = None,
    date_to: str | None = None,
    q: str | None = None,
) -> Response:
    """The invoice list as filtered on the page (all its pages)."""
    cid = current_company(principal)
    number = customer.strip() if customer else ""
    f = InvoiceFilter(
        status=status or None, overdue=overdue,
        customer_number=int(number) if number.isdigit() and len(number) < 19 else None,
        date_from=parse_date(date_from), date_to=parse_date(date_to), q=q,
    )  # fmt: skip
    lang = language(request)
    rows = _invoices(svc, cid, f)
    return _download(
        invoices_table(rows, lang), "fakturaer.csv" if lang == "nb" else "invoices.csv"
    )


@pages.get("/customers.csv")
def customers_csv(request: Request, principal: PagePrincipal, svc: ServicesDep) -> Response:
    cid = current_company(principal)
    lang = language(request)
    table = customers_table(customers.listing(svc.sessions, cid), lang)
    return _download(table, "kunder.csv" if lang == "nb" else "customers.csv")


@pages.get("/payments/files/{file_id}/payments.csv")
def file_payments_csv(
    request: Request, principal: PagePrincipal, svc: ServicesDep, file_id: int
) -> Response:
    """Every payment of an imported file."""
    cid = current_company(principal)
    lang = language(request)
    table = payments_table(_file_payments(svc, cid, file_id), lang)
    return _download(table, f"{'innbetalinger' if lang == 'nb' else 'payments'}-{file_id}.csv")


@pages.get("/inbox.csv")
def inbox_csv(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    q: str | None = None,
    show: str = "waiting",
) -> Response:
    """The voucher inbox as filtered on the page (search and *Vis*)."""
    cid = current_company(principal)
    lang = language(request)
    table = payments_table(_inbox(svc, cid, q, show), lang)
    return _download(table, "bilagsmottak.csv" if lang == "nb" else "inbox.csv")


# -- API ----------------------------------------------------------------------------------


@api.get("/companies/{company_id}/invoices.csv")
def api_invoices_csv(
    principal: ApiPrincipal,
    svc: ServicesDep,
    company_id: int,
    status: str | None = None,
    overdue: bool = False,
    customer_number: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    q: str | None = None,
) -> Response:
    """The invoice list as CSV (``;``, decimal comma, UTF-8 with BOM), filtered as
    ``GET /invoices`` is, every page; headers in English."""
    principal.role(company_id)
    f = InvoiceFilter(status, overdue, customer_number, date_from, date_to, q)
    return _download(invoices_table(_invoices(svc, company_id, f), "en"), "invoices.csv")


@api.get("/companies/{company_id}/customers.csv")
def api_customers_csv(principal: ApiPrincipal, svc: ServicesDep, company_id: int) -> Response:
    """The customers as CSV."""
    principal.role(company_id)
    table = customers_table(customers.listing(svc.sessions, company_id), "en")
    return _download(table, "customers.csv")


@api.get("/companies/{company_id}/payments/files/{file_id}/payments.csv")
def api_file_payments_csv(
    principal: ApiPrincipal, svc: ServicesDep, company_id: int, file_id: int
) -> Response:
    """Every payment of an imported file as CSV."""
    principal.role(company_id)
    table = payments_table(_file_payments(svc, company_id, file_id), "en")
    return _download(table, f"payments-{file_id}.csv")


@api.get("/companies/{company_id}/inbox.csv")
def api_inbox_csv(
    principal: ApiPrincipal,
    svc: ServicesDep,
    company_id: int,
    q: str | None = None,
    show: str = "waiting",
) -> Response:
    """The voucher inbox as CSV (``show``: waiting, ignored or all; ``q``: search)."""
    principal.role(company_id)
    return _download(payments_table(_inbox(svc, company_id, q, show), "en"), "inbox.csv")
