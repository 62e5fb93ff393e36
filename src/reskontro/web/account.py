"""The user's own account: changing one's password.

A new password ends the user's other sessions, and revokes their API tokens unless
they tick "keep my API tokens": whoever knew the old password may have opened a
session or made a token with it.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from reskontro.errors import ValidationError
from reskontro.i18n import render as render_message
from reskontro.messages import Message
from reskontro.web.codes import WebCode
from reskontro.web.deps import CheckedForm, PagePrincipal, ServicesDep
from reskontro.web.render import language, render

router = APIRouter(include_in_schema=False)


@router.get("/settings/password")
def password_page(request: Request, principal: PagePrincipal) -> HTMLResponse:
    del principal
    return render(request, "password.html", {"done": None})


@router.post("/settings/password")
def password_change(
    request: Request, principal: PagePrincipal, svc: ServicesDep, form: CheckedForm
) -> Response:
    new = str(form.get("new") or "")
    if new != str(form.get("repeat") or ""):
        raise ValidationError(Message.of(WebCode.PASSWORDS_DIFFER), field="repeat")
    changed = svc.users.change_own_password(
        principal, str(form.get("current") or ""), new, keep_tokens=form.get("keep_tokens") == "on"
    )
    done = Message.of(
        WebCode.PASSWORD_CHANGED,
        sessions=changed.sessions_ended,
        tokens=changed.tokens_revoked,
    )
    return render(request, "password.html", {"done": render_message(done, language(request))})
