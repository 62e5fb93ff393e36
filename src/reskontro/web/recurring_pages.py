"""What a user does with recurring agreements besides making them: pause, resume, end
(``POST /recurring/{id}/{action}``), and run the periods that have come due now
(``POST /recurring/run``) instead of waiting for the worker's daily run. The CLI's
``recurring pause|resume|end|run`` do the same."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from reskontro.domain.recurring import AgreementState
from reskontro.errors import NotFound
from reskontro.messages import Message
from reskontro.services.invoicing.codes import RecurringNotice
from reskontro.services.invoicing.recurring import Recurring
from reskontro.web import flash
from reskontro.web.codes import WebCode
from reskontro.web.deps import (
    CheckedForm,
    PagePrincipal,
    ServicesDep,
    allowed_company,
)
from reskontro.web.fmt import parse_date

router = APIRouter(include_in_schema=False)

_ACTIONS = {
    "pause": (AgreementState.PAUSED, RecurringNotice.PAUSED),
    "resume": (AgreementState.ACTIVE, RecurringNotice.RESUMED),
    "end": (AgreementState.ENDED, RecurringNotice.ENDED),
}


@router.post("/recurring/run")
def recurring_run(
    request: Request, principal: PagePrincipal, svc: ServicesDep, _csrf: CheckedForm
) -> Response:
    """Issue (and send, as each agreement says) every period due today; safe to repeat:
    a period is invoiced once."""
    cid = allowed_company(principal, "invoicing")
    summary = Recurring(svc.books).run(cid, today=None, actor=principal.username)
    notice = Message.of(
        RecurringNotice.RUN_DONE, created=summary.created, sent=summary.sent,
        undelivered=summary.undelivered, refused=summary.refused,
    )  # fmt: skip
    return flash.see(request, "/recurring", notice)


@router.post("/recurring/{agreement_id}/{action}")
def recurring_state(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    form: CheckedForm,
    agreement_id: int,
    action: str,
) -> Response:
    cid = allowed_company(principal, "invoicing")
    if action not in _ACTIONS:
        raise NotFound(Message.of(WebCode.NO_PAGE))
    state, notice = _ACTIONS[action]
    end = parse_date(str(form.get("end") or "")) if state is AgreementState.ENDED else None
    view = Recurring(svc.books).set_state(cid, agreement_id, state, end=end)
    return flash.see(
        request, "/recurring", Message.of(notice, agreement=agreement_id, end=view.end)
    )
