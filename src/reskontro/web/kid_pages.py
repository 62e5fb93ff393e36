"""The customer-number series' start, set from the KID settings (administrators), so
that a KID template with a shorter customer part can be set up."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from reskontro.errors import ValidationError
from reskontro.messages import Message
from reskontro.services.invoicing.customer_series import set_customer_series_start
from reskontro.web.codes import WebCode
from reskontro.web.deps import (
    CheckedForm,
    PagePrincipal,
    ServicesDep,
    allowed_company,
)
from reskontro.web.flash import see

router = APIRouter(include_in_schema=False)


@router.post("/settings/customer-series")
def series_save(
    request: Request, principal: PagePrincipal, svc: ServicesDep, form: CheckedForm
) -> Response:
    cid = allowed_company(principal, "settings")
    text = str(form.get("start") or "").strip()
    if not text.isdigit() or len(text) > 18:
        raise ValidationError(Message.of(WebCode.UNKNOWN_CHOICE, value=text), field="start")
    done = set_customer_series_start(svc.sessions, svc.clock, cid, int(text),
                                     actor=principal.username)  # fmt: skip
    return see(request, "/settings", Message.of(WebCode.SERIES_SAVED, start=done.next_number))
