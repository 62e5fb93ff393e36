"""Pages of bulk and recurring invoicing: "Gruppefakturering" (select, preview, run,
result) and "Repeterende" (the agreements and a form for a new one)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from reskontro.domain.invoice import LineDraft
from reskontro.domain.recurring import Interval, Timing
from reskontro.domain.vat import VatCode
from reskontro.errors import ValidationError
from reskontro.services.invoicing.bulk import Bulk, Selection
from reskontro.services.invoicing.catalogue import Catalogue
from reskontro.services.invoicing.recurring import AgreementLine, Recurring
from reskontro.web.deps import (
    CheckedForm,
    PagePrincipal,
    ServicesDep,
    current_company,
)
from reskontro.web.fmt import parse_date, parse_ore, parse_quantity
from reskontro.web.render import render

router = APIRouter(include_in_schema=False)
LINES = 3


def _lines(form: dict[str, Any]) -> list[LineDraft]:
    lines = []
    for i in range(LINES):
        text = str(form.get(f"description_{i}", "")).strip()
        if text:
            lines.append(
                LineDraft(
                    text,
                    parse_quantity(str(form.get(f"quantity_{i}") or "1")),
                    parse_ore(str(form.get(f"price_{i}") or "0"), f"linje {i + 1}: pris"),
                    VatCode.parse(str(form.get(f"vat_{i}") or "25")),
                )
            )
    return lines


def _selection(form: dict[str, Any]) -> Selection:
    who = str(form.get("who") or "all")
    if who == "group":
        return Selection(group=str(form.get("group") or ""))
    if who == "list":
        text = str(form.get("customers") or "")
        try:
            numbers = tuple(int(x) for x in text.replace(" ", ",").split(",") if x.strip())
        except ValueError:
            raise ValidationError(
                f"kunder: {text!r} er ikke kundenumre", field="customers"
            ) from None
        return Selection(numbers=numbers)
    return Selection(all=True)


def _interval(text: str) -> Interval:
    try:
        return Interval(text)
    except ValueError:
        raise ValidationError(f"intervall: {text!r} er ukjent", field="every") from None


def _customer_number(text: str) -> int:
    if not text.strip().isdigit() or len(text.strip()) > 18:
        raise ValidationError(f"kunde: {text!r} er ikke et kundenummer", field="customer")
    return int(text)


def _form_context(svc: ServicesDep, cid: int, form: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "form": form or {},
        "groups": Catalogue(svc.sessions).groups(cid),
        "vat_codes": [v.value for v in VatCode],
        "lines": LINES,
    }


@router.get("/invoicing/bulk")
def bulk_page(request: Request, principal: PagePrincipal, svc: ServicesDep) -> HTMLResponse:
    cid = current_company(principal)
    principal.require(cid, "invoicing")
    return render(request, "bulk.html", {**_form_context(svc, cid, None), "preview": None})


@router.post("/invoicing/bulk/preview")
def bulk_preview(
    request: Request, principal: PagePrincipal, svc: ServicesDep, form: CheckedForm
) -> Response:
    """The same computation as the run, shown; the run button carries a fresh run id,
    so a double click or a reload runs it once."""
    cid = current_company(principal)
    principal.require(cid, "invoicing")
    preview = Bulk(svc.books).preview(cid, _selection(form), _lines(form))
    return render(request, "bulk.html", {
        **_form_context(svc, cid, form), "preview": preview, "run_id": uuid.uuid4().hex,
    })  # fmt: skip


@router.post("/invoicing/bulk/run")
def bulk_run(principal: PagePrincipal, svc: ServicesDep, form: CheckedForm) -> Response:
    cid = current_company(principal)
    principal.require(cid, "invoicing")
    bulk = Bulk(svc.books)
    key = bulk.start(
        cid, _selection(form), _lines(form), run_id=str(form.get("run_id") or "") or None,
        invoice_date=parse_date(str(form.get("invoice_date") or "")),
        efaktura_if_possible=bool(form.get("efaktura_if_possible")), actor=principal.username,
    )  # fmt: skip
    bulk.run(cid, key)
    return RedirectResponse(f"/invoicing/bulk/{key}", status_code=303)


@router.get("/invoicing/bulk/{run_id}")
def bulk_result(
    request: Request, principal: PagePrincipal, svc: ServicesDep, run_id: str
) -> HTMLResponse:
    cid = current_company(principal)
    return render(request, "bulk_result.html", {"result": Bulk(svc.books).result(cid, run_id)})


@router.get("/recurring")
def recurring_page(request: Request, principal: PagePrincipal, svc: ServicesDep) -> HTMLResponse:
    cid = current_company(principal)
    customers = [c for c in svc.books.customers(cid) if not c.placeholder]
    return render(request, "recurring.html", {
        **_form_context(svc, cid, None), "agreements": Recurring(svc.books).agreements(cid),
        "customers": customers, "intervals": [i.value for i in Interval],
    })  # fmt: skip


@router.post("/recurring")
def recurring_create(
    principal: PagePrincipal,
    svc: ServicesDep,
    form: CheckedForm,
) -> Response:
    cid = current_company(principal)
    principal.require(cid, "invoicing")
    Recurring(svc.books).create(
        cid,
        lines=[
            AgreementLine(x.description, x.quantity_milli, x.vat_code, x.unit_price_ore)
            for x in _lines(form)
        ],
        interval=_interval(str(form.get("every") or "month")),
        customer=_customer_number(str(form.get("customer") or "")),
        start=parse_date(str(form.get("start") or "")),
        end=parse_date(str(form.get("end") or "")),
        timing=Timing.ARREARS if form.get("arrears") else Timing.ADVANCE,
        send=bool(form.get("send")),
        efaktura_if_possible=bool(form.get("efaktura_if_possible")),
        actor=principal.username,
    )
    return RedirectResponse("/recurring", status_code=303)
