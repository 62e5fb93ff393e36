"""The invoice form, new and for changing a draft; deleting a draft. A form that
cannot be saved comes back with what was typed and the error beside its field."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from reskontro.domain.currency import parse_currency, parse_rate, rate_text
from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.errors import ReskontroError, ValidationError
from reskontro.i18n.invoicing import FormError
from reskontro.messages import Message
from reskontro.services.invoicing.drafts import DraftFields
from reskontro.services.invoicing.views import InvoiceView
from reskontro.web import i18n
from reskontro.web.deps import CheckedForm, PagePrincipal, Services, ServicesDep, allowed_company
from reskontro.web.efaktura_pages import chosen, form_offer, route_name
from reskontro.web.fmt import date_nb, parse_date, parse_ore, parse_quantity, quantity_nb
from reskontro.web.forms import form_int
from reskontro.web.render import language, render

router = APIRouter(include_in_schema=False)
LINES = 20
SHOWN = 5


def lines_from_form(form: dict[str, Any]) -> list[LineDraft]:
    """The form's lines; a line with a price but no description is refused (it used to
    be dropped without a word)."""
    lines = []
    for i in range(LINES):
        text = str(form.get(f"description_{i}", "")).strip()
        price = str(form.get(f"price_{i}") or "").strip()
        if not text:
            if price and parse_ore(price, f"linje {i + 1}: pris") != 0:
                message = Message.of(FormError.LINE_WITHOUT_DESCRIPTION, line=i + 1)
                raise ValidationError(message, field=f"description_{i}")
            continue
        lines.append(
            LineDraft(
                text,
                parse_quantity(str(form.get(f"quantity_{i}") or "1")),
                parse_ore(price or "0", f"linje {i + 1}: pris"),
                VatCode.parse(str(form.get(f"vat_{i}") or "25")),
            )
        )
    return lines


def form_page(
    request: Request,
    svc: Services,
    cid: int,
    *,
    values: dict[str, Any],
    action: str = "/invoices",
    error: ReskontroError | None = None,
    ask: bool = False,
    actor: str = "web",
) -> Response:
    customers = [c for c in svc.books.customers(cid) if not c.placeholder]
    efaktura = form_offer(svc, cid, customers, values.get("customer"), actor, ask=ask)
    rows = max(SHOWN, 1 + max((i for i in range(LINES) if values.get(f"description_{i}")),
                              default=-1))  # fmt: skip
    return render(request, "invoice_new.html", {
        "customers": customers, "vat_codes": [v.value for v in VatCode],
        "company": svc.books.company(cid), "values": values, "action": action,
        "rows": min(rows, LINES),
        "error": i18n.exception_text(error, language(request)) if error else None,
        "error_field": error.field if error else None,
        "efaktura": efaktura, "efaktura_route": route_name(),
    }, status=400 if error else 200)  # fmt: skip


def _save(form: dict[str, Any], svc: Services, cid: int, draft: int | None, actor: str) -> int:
    """Write (or change) the draft; with ``issue``, a new one is written and issued in one
    transaction (a failed issue leaves no draft behind)."""
    fields = DraftFields(
        customer_number=form_int(form.get("customer"), "kunde"),
        lines=lines_from_form(form),
        due=parse_date(str(form.get("due_date") or "")),
        your_reference=str(form.get("your_reference") or "") or None,
        currency=parse_currency(str(form.get("currency") or "")),
        exchange_rate_micro=parse_rate(str(form.get("exchange_rate") or "")),
    )
    if draft is None and form.get("issue"):
        return svc.books.create_and_issue_invoice(cid, fields, actor=actor, **chosen(form)).id
    if draft is None:
        return svc.books.create_invoice(
            cid, customer_number=fields.customer_number, lines=fields.lines, due=fields.due,
            your_reference=fields.your_reference, currency=fields.currency,
            exchange_rate_micro=fields.exchange_rate_micro, actor=actor,
        ).id  # fmt: skip
    svc.books.update_draft(
        cid, draft, customer_number=fields.customer_number, lines=fields.lines, due=fields.due,
        your_reference=fields.your_reference, currency=fields.currency,
        exchange_rate_micro=fields.exchange_rate_micro, actor=actor,
    )  # fmt: skip
    return draft


def save_form(
    request: Request,
    principal: PagePrincipal,
    svc: Services,
    draft: int | None,
    form: dict[str, Any],
) -> Response:
    cid = allowed_company(principal, "invoicing")
    values = {k: str(v) for k, v in form.items() if k != "csrf"}
    action = "/invoices" if draft is None else f"/invoices/{draft}/edit"
    if form.get("check_efaktura"):  # "Sjekk eFaktura" without a script: nothing is saved
        return form_page(request, svc, cid, values=values, action=action, ask=True,
                         actor=principal.username)  # fmt: skip
    try:
        invoice_id = _save(form, svc, cid, draft, principal.username)
        if draft is not None and form.get("issue"):
            svc.books.issue_invoice(cid, invoice_id, actor=principal.username, **chosen(form))
    except ReskontroError as exc:
        shown = bool(form.get("efaktura_shown"))  # the offer was on the form: keep it there
        return form_page(request, svc, cid, values=values, action=action, error=exc,
                         ask=shown, actor=principal.username)  # fmt: skip
    return RedirectResponse(f"/invoices/{invoice_id}", status_code=303)


def _values_of(view: InvoiceView) -> dict[str, Any]:
    values: dict[str, Any] = {
        "customer": str(view.customer_number),
        "due_date": date_nb(view.due_date) if view.due_date else "",
        # The invoice view does not carry the reference: the form starts it empty.
        "your_reference": "",
        "currency": view.currency,
        "exchange_rate": rate_text(view.exchange_rate_micro),
    }
    for i, line in enumerate(view.lines or ()):
        ore = line.unit_price_ore
        values[f"description_{i}"] = line.description
        values[f"quantity_{i}"] = quantity_nb(line.quantity_milli)
        values[f"price_{i}"] = f"{ore // 100},{ore % 100:02d}"
        values[f"vat_{i}"] = line.vat
    return values


@router.get("/invoices/{invoice_id}/edit")
def draft_edit(
    request: Request, principal: PagePrincipal, svc: ServicesDep, invoice_id: int
) -> Response:
    cid = allowed_company(principal, "invoicing")
    view = svc.books.invoice(cid, invoice_id)
    if view.number is not None:
        return RedirectResponse(f"/invoices/{invoice_id}", status_code=303)
    return form_page(request, svc, cid, values=_values_of(view),
                     action=f"/invoices/{invoice_id}/edit")  # fmt: skip


@router.post("/invoices/{invoice_id}/edit")
def draft_save(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    invoice_id: int,
    form: CheckedForm,
) -> Response:
    return save_form(request, principal, svc, invoice_id, form)


@router.post("/invoices/{invoice_id}/delete")
def draft_delete(
    principal: PagePrincipal,
    svc: ServicesDep,
    invoice_id: int,
    _form: CheckedForm,
) -> Response:
    cid = allowed_company(principal, "invoicing")
    svc.books.delete_draft(cid, invoice_id, actor=principal.username)
    return RedirectResponse("/invoices", status_code=303)
