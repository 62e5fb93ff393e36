"""The AvtaleGiro pages: the agreement (view, register or change), the mandates with
filters (the ones waiting for a customer are attached here), the files read and
written with their contents, and "Send krav nå" (the same services as ``reskontro
avtalegiro claims`` and ``reskontro avtalegiro send``).

Roles as on the bank page: anyone in the company reads; ``bank`` registers the
agreement and writes claims; ``payments`` attaches a waiting mandate to a customer
(it is voucher-inbox work).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from reskontro.domain.avtalegiro import Code, FileDirection, MandateState
from reskontro.errors import ReskontroError, ValidationError
from reskontro.messages import Message
from reskontro.services.avtalegiro.agreement import register_agreement, show_agreement
from reskontro.services.avtalegiro.claims import write_claims
from reskontro.services.avtalegiro.files import file_contents, list_files
from reskontro.services.avtalegiro.mandates import assign_mandate, list_mandates
from reskontro.services.avtalegiro.sending import has_outbound, send_pending
from reskontro.web.codes import WebCode
from reskontro.web.deps import (
    CheckedForm,
    PagePrincipal,
    ServicesDep,
    allowed_company,
    current_company,
)
from reskontro.web.flash import see
from reskontro.web.render import language, render

router = APIRouter(include_in_schema=False)
PAGE = "/settings/avtalegiro"
#: Mandates shown on the page at most (the filters narrow it down).
LIMIT = 500


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _number(text: str, field: str) -> int:
    value = text.strip()
    if not value.isdigit():
        raise ValidationError(Message.of(WebCode.NOT_A_CUSTOMER_NUMBER, value=text), field=field)
    return int(value)


def _filters(state: str, customer: str, notify: str) -> dict[str, Any]:
    return {
        "state": MandateState(state) if state in MandateState.__members__.values() else None,
        "customer": int(customer) if customer.strip().isdigit() else None,
        "notify": {"yes": True, "no": False}.get(notify),
    }


@router.get(PAGE)
def avtalegiro_page(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    state: str = "",
    customer: str = "",
    notify: str = "",
) -> HTMLResponse:
    cid = current_company(principal)
    filters = _filters(state, customer, notify)
    return render(request, "avtalegiro.html", {
        "agreement": show_agreement(svc.sessions, cid),
        "mandates": list_mandates(svc.sessions, cid, limit=LIMIT, **filters),
        "files": list_files(svc.sessions, cid, limit=50),
        "filter": {"state": state, "customer": customer, "notify": notify},
        "states": [s.value for s in MandateState],
        "limit": LIMIT, "nothing_sent": request.query_params.get("claims") == "none",
    })  # fmt: skip


@router.post(f"{PAGE}/agreement")
def agreement_save(principal: PagePrincipal, svc: ServicesDep, form: CheckedForm) -> Response:
    cid = allowed_company(principal, "bank")
    register_agreement(
        svc.sessions, svc.clock, cid,
        agreement_id=str(form.get("agreement_id") or "").strip(),
        data_transmitter=str(form.get("data_transmitter") or "").strip(),
        account=str(form.get("account") or "").strip() or None,
        bank_notifies=bool(form.get("bank_notifies")), actor=principal.username,
    )  # fmt: skip
    return _see(PAGE)


def _write_and_send(
    svc: ServicesDep, cid: int, actor: str, lang: str
) -> tuple[int | None, Message | None]:
    """The claims file written and the files not sent yet sent: the file's id, and
    what the page says about the sending."""
    run = write_claims(svc.sessions, svc.clock, cid, actor=actor)
    with svc.sessions() as session:
        if not has_outbound(session, cid):
            return run.file_id, Message.of(Code.NO_CHANNEL, company=cid)
    try:
        sent = send_pending(svc.sessions, svc.clock, cid, actor=actor)
    except ReskontroError as exc:
        return run.file_id, Message.of(Code.NOT_SENT, error=exc.text(lang))
    if not sent:
        return run.file_id, None
    return run.file_id, Message.of(Code.SENT_TO_NETS, files=len(sent), sent_to=sent[0].sent_to)


@router.post(f"{PAGE}/claims")
def claims_now(
    request: Request, principal: PagePrincipal, svc: ServicesDep, _form: CheckedForm
) -> Response:
    """ "Send krav nå": write the claims due now and send every claims file not sent
    yet to Nets through the agreement's outbound channel (as ``reskontro avtalegiro
    send``). Without a channel, or when the upload fails, the file waits for the next
    daily run; the page says which. A plain ``def``: it runs in the thread pool, off
    the server's event loop (the SFTP client runs a loop of its own)."""
    cid = allowed_company(principal, "bank")
    file_id, notice = _write_and_send(svc, cid, principal.username, language(request))
    if file_id is None:
        return see(request, f"{PAGE}?claims=none#files", notice)
    return see(request, f"{PAGE}/files/{file_id}", notice)


@router.post(f"{PAGE}/mandates/assign")
def mandate_assign(principal: PagePrincipal, svc: ServicesDep, form: CheckedForm) -> Response:
    """Attach a mandate whose KID fits no customer to the customer a person names."""
    cid = allowed_company(principal, "payments")
    assign_mandate(
        svc.sessions, svc.clock, cid, kid=str(form.get("kid") or ""),
        customer_number=_number(str(form.get("customer") or ""), "customer"),
        actor=principal.username,
    )  # fmt: skip
    return _see(f"{PAGE}?state=waiting#mandates")


@router.get(PAGE + "/files/{file_id}")
def file_page(
    request: Request, principal: PagePrincipal, svc: ServicesDep, file_id: int
) -> HTMLResponse:
    cid = current_company(principal)
    contents = file_contents(svc.sessions, cid, file_id)
    totals = {
        kind: sum(i.amount_ore for i in contents.items if i.kind == kind)
        for kind in ("claim", "cancellation")
    }
    return render(request, "avtalegiro_file.html", {"c": contents, "totals": totals,
                                                    "direction": FileDirection})  # fmt: skip


__all__ = ["router"]
