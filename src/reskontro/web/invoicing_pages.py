"""Pages of bulk and recurring invoicing: "Gruppefakturering" (select, preview, run,
result) and "Repeterende" (the agreements and a form for a new one)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from reskontro.domain.invoice import LineDraft
from reskontro.domain.recurring import Interval, Timing
from reskontro.domain.vat import VatCode
from reskontro.errors import ValidationError
from reskontro.messages import Message
from reskontro.services.invoicing.bulk import CHUNK, Bulk, Selection
from reskontro.services.invoicing.catalogue import Catalogue, price_now
from reskontro.services.invoicing.lines_file import lines_per_customer
from reskontro.services.invoicing.recurring import AgreementLine, Recurring
from reskontro.web.bulk_runs import run_in_background
from reskontro.web.codes import WebCode
from reskontro.web.deps import (
    CheckedForm,
    PagePrincipal,
    ServicesDep,
    allowed_company,
    current_company,
)
from reskontro.web.fmt import parse_date, parse_ore, parse_quantity
from reskontro.web.limits import MAX_UPLOAD
from reskontro.web.render import render

router = APIRouter(include_in_schema=False)
LINES = 3


def _lines(form: dict[str, Any], catalogue: Catalogue | None = None, cid: int = 0,
           day: dt.date | None = None) -> list[LineDraft]:  # fmt: skip
    """The form's lines; a line that picks a product takes its text, VAT and price on
    ``day`` (the text may be changed)."""
    lines = []
    for i in range(LINES):
        text = str(form.get(f"description_{i}", "")).strip()
        code = str(form.get(f"product_{i}") or "").strip()
        if code and catalogue is not None and day is not None:
            line = catalogue.line(
                cid, code, parse_quantity(str(form.get(f"quantity_{i}") or "1")), day
            )
            lines.append(dataclasses.replace(line, description=text or line.description))
        elif text:
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
                Message.of(WebCode.NOT_CUSTOMER_NUMBERS, value=text), field="customers"
            ) from None
        return Selection(numbers=numbers)
    return Selection(all=True)


def _interval(text: str) -> Interval:
    try:
        return Interval(text)
    except ValueError:
        raise ValidationError(
            Message.of(WebCode.UNKNOWN_INTERVAL, value=text), field="every"
        ) from None


def _customer_number(text: str) -> int:
    if not text.strip().isdigit() or len(text.strip()) > 18:
        raise ValidationError(
            Message.of(WebCode.NOT_A_CUSTOMER_NUMBER, value=text), field="customer"
        )
    return int(text)


def _form_context(svc: ServicesDep, cid: int, form: dict[str, Any] | None) -> dict[str, Any]:
    catalogue = Catalogue(svc.sessions)
    return {
        "form": form or {},
        "groups": catalogue.groups(cid),
        "products": catalogue.products(cid),
        "vat_codes": [v.value for v in VatCode],
        "lines": LINES,
    }


def _bulk_input(
    svc: ServicesDep, cid: int, form: dict[str, Any]
) -> tuple[list[LineDraft], dict[int, list[LineDraft]] | None, dt.date]:
    """The common lines, the lines per customer (an uploaded CSV file, or its text
    carried from the preview to the run), and the invoice date they are priced on.
    The upload is spooled by the form parser already: read here, in the thread pool."""
    day = parse_date(str(form.get("invoice_date") or "")) or svc.clock.today()
    upload = form.get("lines_file")
    if isinstance(upload, UploadFile):
        try:
            data = upload.file.read(MAX_UPLOAD + 1)
        finally:
            upload.file.close()
        if len(data) > MAX_UPLOAD:
            raise ValidationError(
                Message.of(WebCode.FILE_TOO_LARGE, limit_mb=MAX_UPLOAD >> 20), field="lines_file"
            )
        if data:
            try:
                form["lines_csv"] = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                form["lines_csv"] = data.decode("cp1252")
    text = str(form.get("lines_csv") or "")
    per_customer = lines_per_customer(svc.sessions, cid, text, day) if text.strip() else None
    return _lines(form, Catalogue(svc.sessions), cid, day), per_customer, day


@router.get("/invoicing/bulk")
def bulk_page(request: Request, principal: PagePrincipal, svc: ServicesDep) -> HTMLResponse:
    cid = allowed_company(principal, "invoicing")
    return render(request, "bulk.html", {**_form_context(svc, cid, None), "preview": None})


@router.post("/invoicing/bulk/preview")
def bulk_preview(
    request: Request, principal: PagePrincipal, svc: ServicesDep, form: CheckedForm
) -> Response:
    """The same computation as the run, shown; the run button carries a fresh run id,
    so a double click or a reload runs it once."""
    cid = allowed_company(principal, "invoicing")
    lines, per_customer, _ = _bulk_input(svc, cid, form)
    selection = _selection(form) if form.get("who") != "file" else Selection()
    preview = Bulk(svc.books).preview(cid, selection, lines, per_customer)
    return render(request, "bulk.html", {
        **_form_context(svc, cid, form), "preview": preview, "run_id": uuid.uuid4().hex,
    })  # fmt: skip


@router.post("/invoicing/bulk/run")
def bulk_run(principal: PagePrincipal, svc: ServicesDep, form: CheckedForm) -> Response:
    cid = allowed_company(principal, "invoicing")
    bulk = Bulk(svc.books)
    lines, per_customer, _ = _bulk_input(svc, cid, form)
    selection = _selection(form) if form.get("who") != "file" else Selection()
    key = bulk.start(
        cid, selection, lines, run_id=str(form.get("run_id") or "") or None,
        invoice_date=parse_date(str(form.get("invoice_date") or "")),
        efaktura_if_possible=bool(form.get("efaktura_if_possible")),
        per_customer=per_customer, actor=principal.username,
    )  # fmt: skip
    if bulk.progress(cid, key).pending <= CHUNK:  # one chunk: the result at once
        bulk.run(cid, key)
    else:
        run_in_background(bulk, cid, key)
    return RedirectResponse(f"/invoicing/bulk/{key}", status_code=303)


@router.get("/invoicing/bulk/{run_id}")
def bulk_result(
    request: Request, principal: PagePrincipal, svc: ServicesDep, run_id: str
) -> HTMLResponse:
    """The run's result; while it runs, its progress (a run left pending by a server
    that stopped is started again here)."""
    cid = current_company(principal)
    bulk = Bulk(svc.books)
    progress = bulk.progress(cid, run_id)
    if progress.pending and principal.can(cid, "invoicing"):
        run_in_background(bulk, cid, run_id)
    return render(request, "bulk_result.html", {
        "result": bulk.result(cid, run_id), "progress": progress,
    })  # fmt: skip


@router.get("/invoicing/bulk/{run_id}/progress")
def bulk_progress(principal: PagePrincipal, svc: ServicesDep, run_id: str) -> JSONResponse:
    """How far the run has come: what the result page polls."""
    progress = Bulk(svc.books).progress(current_company(principal), run_id)
    return JSONResponse({
        "state": progress.state.value, "total": progress.total, "done": progress.done,
        "issued": progress.issued, "refused": progress.refused, "pending": progress.pending,
    })  # fmt: skip


def _agreement_lines(svc: ServicesDep, cid: int, form: dict[str, Any]) -> list[AgreementLine]:
    """Lines of their own, or a product's: the line then follows the product's price."""
    picked = {i for i in range(LINES) if str(form.get(f"product_{i}") or "").strip()}
    own = {k: v for k, v in form.items() if not any(k == f"description_{i}" for i in picked)}
    lines = [
        AgreementLine(x.description, x.quantity_milli, x.vat_code, x.unit_price_ore)
        for x in _lines(own)
    ]
    catalogue = Catalogue(svc.sessions)
    for i in range(LINES):
        code = str(form.get(f"product_{i}") or "").strip()
        if code:
            product_id, text, vat = catalogue.product_id(cid, code)
            quantity = parse_quantity(str(form.get(f"quantity_{i}") or "1"))
            description = str(form.get(f"description_{i}") or "").strip() or text
            lines.append(AgreementLine(description, quantity, vat, product_id=product_id))
    return lines


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
    cid = allowed_company(principal, "invoicing")
    Recurring(svc.books).create(
        cid,
        lines=_agreement_lines(svc, cid, form),
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


@router.get("/products")
def products_page(request: Request, principal: PagePrincipal, svc: ServicesDep) -> HTMLResponse:
    """The price list: each product with its price today and every price it has had."""
    cid = current_company(principal)
    today = svc.clock.today()
    products = [(p, price_now(p, today)) for p in Catalogue(svc.sessions).products(cid)]
    return render(request, "products.html", {
        "products": products, "vat_codes": [v.value for v in VatCode],
    })  # fmt: skip


@router.post("/products")
def product_save(principal: PagePrincipal, svc: ServicesDep, form: CheckedForm) -> Response:
    """A new product, or a new price from a date (issued invoices keep theirs)."""
    cid = allowed_company(principal, "invoicing")
    vat = str(form.get("vat") or "").strip()
    Catalogue(svc.sessions).set_product(
        cid, code=str(form.get("code") or "").strip(),
        unit_price_ore=parse_ore(str(form.get("price") or ""), "pris"),
        valid_from=parse_date(str(form.get("valid_from") or "")) or svc.clock.today(),
        description=str(form.get("description") or "").strip() or None,
        vat_code=VatCode.parse(vat) if vat else None,
        unit=str(form.get("unit") or "").strip() or None,
    )  # fmt: skip
    return RedirectResponse("/products", status_code=303)
