"""The voucher inbox (bilagsmottak) page: payments waiting for a person.

Each is posted to a customer the user chooses (there is no default customer: see
:mod:`reskontro.web.pick`) or to an invoice by number, split over several invoices,
set aside, or marked to be paid back; each action ends with a confirmation, and a
refused one brings the user back with the message beside the field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from reskontro.domain.avtalegiro import MandateState
from reskontro.domain.payment import PaymentError
from reskontro.errors import ValidationError
from reskontro.messages import Message
from reskontro.services.avtalegiro.mandates import list_mandates
from reskontro.services.payments.undo import undo_import
from reskontro.storage.repo import invoice_id_by_number
from reskontro.web.codes import WebCode
from reskontro.web.deps import (
    CheckedForm,
    PagePrincipal,
    Services,
    ServicesDep,
    allowed_company,
    current_company,
)
from reskontro.web.flash import see
from reskontro.web.fmt import nok, parse_ore
from reskontro.web.pick import chosen, real_customers
from reskontro.web.render import render

if TYPE_CHECKING:
    from collections.abc import Callable

    from reskontro.services.payments.views import PaymentView

router = APIRouter(include_in_schema=False)

#: The inbox's views: what waits (unknown payments, and those on the placeholder
#: customer), what was set aside, or both.
SHOW: dict[str, tuple[str, ...]] = {
    "waiting": ("inbox", "placeholder"),
    "ignored": ("ignored",),
    "all": ("inbox", "placeholder", "ignored"),
}
#: How many rows the split form offers.
SPLIT_ROWS = 4


def matches(p: PaymentView, needle: str) -> bool:
    """Whether the payment's payer, account, KID, message, customer or amount holds
    ``needle`` (case aside; the amount as ``1 234,50`` or ``1234,50``)."""
    amount = nok(p.amount_ore).replace("\u00a0kr", "")
    fields = (p.payer_name, p.payer_account, p.kid, p.message, p.customer_name,
              str(p.customer_number or ""), amount, amount.replace("\u00a0", ""))  # fmt: skip
    return any(needle in (f or "").casefold() for f in fields)


@router.get("/inbox")
def inbox_page(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    q: str | None = None,
    show: str = "waiting",
) -> HTMLResponse:
    cid = current_company(principal)
    waiting = svc.inbox.waiting(cid, include=SHOW.get(show, SHOW["waiting"]))
    needle = (q or "").strip().casefold()
    if needle:
        waiting = [p for p in waiting if matches(p, needle)]
    mandates = list_mandates(svc.sessions, cid, state=MandateState.WAITING)
    return render(request, "inbox.html", {
        "waiting": waiting, "customers": real_customers(svc, cid), "q": q or "",
        "waiting_mandates": len(mandates),
        "show": show if show in SHOW else "waiting", "split_rows": range(1, SPLIT_ROWS + 1),
    })  # fmt: skip


def _invoice_id(svc: Services, cid: int, text: str, field: str) -> int:
    invoice_id = None
    if text.isdigit() and len(text) < 19:
        with svc.sessions() as session:
            invoice_id = invoice_id_by_number(session, cid, int(text))
    if invoice_id is None:
        raise ValidationError(Message.of(PaymentError.NO_INVOICE_NUMBER, invoice=text), field=field)
    return invoice_id


def _back(form: dict[str, Any]) -> str:
    """Back to the inbox as it was filtered."""
    target = str(form.get("back") or "")
    return target if target.startswith("/inbox") and not target.startswith("//") else "/inbox"


@router.post("/inbox/{payment_id}/post")
def inbox_post(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    payment_id: int,
    form: CheckedForm,
) -> Response:
    cid = allowed_company(principal, "payments")
    invoice = str(form.get("invoice_number") or "").strip()
    customer = str(form.get("customer") or form.get("customer_q") or "").strip()
    if invoice:
        invoice_id = _invoice_id(svc, cid, invoice, "invoice_number")
        view = svc.inbox.post(cid, payment_id, invoice_id=invoice_id, actor=principal.username)
        notice = Message.of(WebCode.INBOX_POSTED_INVOICE, amount_ore=view.amount_ore,
                            invoice=invoice)  # fmt: skip
    else:
        if not customer:
            raise ValidationError(Message.of(WebCode.CHOOSE_CUSTOMER_OR_INVOICE), field="customer")
        number = chosen(form, real_customers(svc, cid))
        view = svc.inbox.post(cid, payment_id, customer_number=number, actor=principal.username)
        notice = Message.of(WebCode.INBOX_POSTED_CUSTOMER, amount_ore=view.amount_ore,
                            customer=number, name=view.customer_name or "")  # fmt: skip
    return see(request, _back(form), notice)


@router.post("/inbox/{payment_id}/move")
def inbox_move(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    payment_id: int,
    form: CheckedForm,
) -> Response:
    cid = allowed_company(principal, "payments")
    number = chosen(form, real_customers(svc, cid))
    view = svc.inbox.move(cid, payment_id, customer_number=number, actor=principal.username)
    notice = Message.of(WebCode.INBOX_MOVED, amount_ore=view.amount_ore, customer=number,
                        name=view.customer_name or "")  # fmt: skip
    return see(request, _back(form), notice)


def _set_aside(refund: bool, notice: WebCode) -> Callable[..., Response]:
    def set_aside(
        request: Request,
        principal: PagePrincipal,
        svc: ServicesDep,
        payment_id: int,
        form: CheckedForm,
    ) -> Response:
        cid = allowed_company(principal, "payments")
        view = svc.inbox.set_aside(cid, payment_id, refund=refund, actor=principal.username)
        return see(request, _back(form), Message.of(notice, amount_ore=view.amount_ore))

    return set_aside


#: Set the payment aside unbooked; it stays under *Lagt til side* and can be posted.
router.post("/inbox/{payment_id}/ignore")(_set_aside(False, WebCode.INBOX_IGNORED))
#: Mark the payment to be paid back to the payer (set aside, with that reason).
router.post("/inbox/{payment_id}/refund")(_set_aside(True, WebCode.INBOX_REFUND))


@router.post("/inbox/{payment_id}/split")
def inbox_split(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    payment_id: int,
    form: CheckedForm,
) -> Response:
    """One payment over several invoices of one customer: ``invoice_N`` and ``amount_N``."""
    cid = allowed_company(principal, "payments")
    parts: list[tuple[int, int]] = []
    for row in range(1, SPLIT_ROWS + 1):
        invoice = str(form.get(f"invoice_{row}") or "").strip()
        amount = str(form.get(f"amount_{row}") or "").strip()
        if not invoice and not amount:
            continue
        invoice_id = _invoice_id(svc, cid, invoice, f"invoice_{row}")
        try:
            parts.append((invoice_id, parse_ore(amount or "0", "beløp")))
        except ValidationError as exc:
            raise ValidationError(exc.msg or exc.message, field=f"amount_{row}") from None
    view = svc.inbox.split(cid, payment_id, parts, actor=principal.username)
    notice = Message.of(WebCode.INBOX_SPLIT, n=len(parts), customer=view.customer_number or 0,
                        credit_ore=view.unallocated_ore)  # fmt: skip
    return see(request, _back(form), notice)


@router.post("/payments/files/{file_id}/undo")
def import_undo(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    file_id: int,
    _form: CheckedForm,
) -> Response:
    """Undo a whole import while none of its payments was handled by hand (admin)."""
    cid = allowed_company(principal, "settings")
    done = undo_import(svc.sessions, svc.clock, cid, file_id, actor=principal.username)
    notice = Message.of(WebCode.IMPORT_UNDONE, filename=done.filename, payments=done.payments)
    return see(request, "/payments", notice)
