"""Crediting from the invoice page: the whole invoice, chosen lines (a quantity of
each) or an amount on a line, with a reason (``reskontro invoice credit ID --line
N[:QTY]``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from reskontro.errors import ValidationError
from reskontro.messages import Message
from reskontro.services.invoicing.credit_facts import LineLeft, lines_left
from reskontro.web.codes import WebCode
from reskontro.web.deps import (
    CheckedForm,
    PagePrincipal,
    ServicesDep,
    allowed_company,
)
from reskontro.web.flash import see
from reskontro.web.fmt import parse_ore, quantity_nb

router = APIRouter(include_in_schema=False)


def _quantity(text: str, field: str) -> int:
    """``1,5`` → 1500 thousandths."""
    try:
        milli = parse_ore(text, "antall") * 10
    except ValidationError:
        raise ValidationError(
            Message.of(WebCode.CREDIT_QUANTITY, value=text), field=field
        ) from None
    if milli <= 0:
        raise ValidationError(Message.of(WebCode.CREDIT_QUANTITY, value=text), field=field)
    return milli


def _wanted(form: dict[str, object], line: LineLeft) -> int | None:
    """The thousandths of ``line`` the form asks to credit: a quantity, or an amount
    excluding VAT (turned into the quantity it is at the line's price)."""
    qty = str(form.get(f"qty_{line.position}") or "").strip()
    amount = str(form.get(f"amount_{line.position}") or "").strip()
    if not qty and not amount:
        return None
    if qty:
        milli = _quantity(qty, f"qty_{line.position}")
    else:
        field = f"amount_{line.position}"
        ore = parse_ore(amount, "beløp")
        if ore <= 0 or line.unit_price_ore <= 0:
            raise ValidationError(Message.of(WebCode.CREDIT_QUANTITY, value=amount), field=field)
        milli = round(ore * 1000 / line.unit_price_ore)
    if milli > line.remaining_milli:
        left = quantity_nb(line.remaining_milli)
        field = f"qty_{line.position}" if qty else f"amount_{line.position}"
        message = Message.of(WebCode.CREDIT_MORE_THAN_LEFT, line=line.position, left=left)
        raise ValidationError(message, field=field)
    return milli


@router.post("/invoices/{invoice_id}/credit")
def invoice_credit(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    invoice_id: int,
    form: CheckedForm,
) -> Response:
    """Credit the whole invoice (no line chosen) or the chosen lines and amounts."""
    cid = allowed_company(principal, "invoicing")
    reason = str(form.get("reason") or "").strip() or None
    chosen: tuple[tuple[int, int], ...] | None = None
    if str(form.get("part") or "") == "1":
        left = lines_left(svc.sessions, cid, invoice_id)
        pairs = [(line.position, _wanted(form, line)) for line in left]
        chosen = tuple((position, milli) for position, milli in pairs if milli)
        if not chosen:
            raise ValidationError(Message.of(WebCode.CREDIT_NOTHING_CHOSEN), field="qty_1")
    note = svc.books.credit_invoice(cid, invoice_id, lines=chosen, reason=reason,
                                    actor=principal.username)  # fmt: skip
    notice = Message.of(WebCode.CREDIT_NOTE_MADE_FOR, number=note.number or 0,
                        amount_ore=-int(note.total_ore))  # fmt: skip
    return see(request, f"/invoices/{note.id}", notice)
