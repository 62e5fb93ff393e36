"""One-time messages across a redirect, and forms that keep what the user typed.

After an action a page redirects (303) and the next page shows a confirmation: the
*flash*. When an action fails, the user is sent back to the page the form was on,
with the message beside the field at fault (``ReskontroError.field``) and the values
as typed; a form names itself with a hidden ``_form`` input when a page has several
forms with the same fields (one per row of the voucher inbox).

The flash travels in a short-lived cookie, signed with the session's CSRF secret so
that only this session's pages show it; passwords and files are never kept.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from fastapi.responses import RedirectResponse

from reskontro.i18n import render as render_message

if TYPE_CHECKING:
    from fastapi import Request
    from fastapi.responses import Response

    from reskontro.messages import Message
    from reskontro.services.users import Principal

COOKIE = "reskontro_flash"
#: Form fields never written back into a page.
SECRET_FIELDS = frozenset({"csrf", "password", "current", "new", "repeat", "key_passphrase"})
#: A cookie is at most 4 kB; values beyond this are not kept (the message still is).
MAX_VALUES = 2500


@dataclass(frozen=True, slots=True)
class Flash:
    """What the next page shows once: a confirmation, or an error with the form's input."""

    notice: str | None = None
    error: str | None = None
    form: str = ""
    field: str | None = None
    values: dict[str, str] = dataclasses.field(default_factory=dict)
    #: The path the failed form was posted to (app.js finds the form by it).
    action: str = ""
    #: Set once the page has shown the error beside its field (see :meth:`error_for`).
    seen: dict[str, bool] = dataclasses.field(default_factory=dict, compare=False)

    def value(self, form: str, name: str, default: object = "") -> str:
        """What the user typed in ``name`` of ``form``, else ``default``."""
        if self.error is not None and self.form == form and name in self.values:
            return self.values[name]
        return "" if default is None else str(default)

    def error_for(self, form: str, name: str) -> str | None:
        """The error, if it belongs beside ``name`` of ``form``; the page then does not
        repeat it at the top (:meth:`shown_beside`)."""
        if self.error is not None and self.form == form and self.field == name:
            self.seen["beside"] = True
            return self.error
        return None

    def shown_beside(self) -> bool:
        return self.seen.get("beside", False)

    def form_json(self) -> str:
        """The failed form for app.js, which puts the input back into any form of the
        page and the error beside its field (forms without :func:`val`/``err``)."""
        return json.dumps({"action": self.action, "form": self.form, "field": self.field,
                           "error": self.error, "values": self.values})  # fmt: skip


def _sign(key: str, payload: str) -> str:
    return hmac.new(key.encode(), payload.encode(), hashlib.sha256).hexdigest()[:32]


def _encode(flash: Flash, key: str) -> str:
    data = {"n": flash.notice, "e": flash.error, "f": flash.form, "d": flash.field,
            "v": flash.values, "a": flash.action}  # fmt: skip
    payload = base64.urlsafe_b64encode(json.dumps(data).encode()).decode()
    return f"{payload}.{_sign(key, payload)}"


def _decode(text: str, key: str) -> Flash | None:
    payload, _, signature = text.rpartition(".")
    if not payload or not hmac.compare_digest(signature, _sign(key, payload)):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(payload.encode()))
        values = {str(k): str(v) for k, v in dict(data.get("v") or {}).items()}
        return Flash(data.get("n"), data.get("e"), str(data.get("f") or ""), data.get("d"),
                     values, str(data.get("a") or ""))  # fmt: skip
    except (ValueError, TypeError, AttributeError):
        return None


def _key(request: Request) -> str | None:
    principal: Principal | None = getattr(request.state, "principal", None)
    return principal.csrf if principal is not None else None


def _secure(request: Request) -> bool:
    return bool(request.app.state.services.secure_cookies) or request.url.scheme == "https"


def _set(response: Response, request: Request, flash: Flash) -> None:
    key = _key(request)
    if key is None:
        return
    response.set_cookie(
        COOKIE, _encode(flash, key), max_age=120, httponly=True, samesite="lax",
        secure=_secure(request),
    )  # fmt: skip


def see(request: Request, url: str, notice: Message | None = None) -> RedirectResponse:
    """Redirect (303) to ``url``, which then shows ``notice`` in the user's language."""
    from reskontro.web.render import language

    response = RedirectResponse(url, status_code=303)
    if notice is not None:
        _set(response, request, Flash(notice=render_message(notice, language(request))))
    return response


def taken(request: Request) -> Flash | None:
    """This request's flash, if its cookie is present and this session's."""
    text = request.cookies.get(COOKIE)
    key = _key(request)
    if not text or key is None:
        return None
    return _decode(text, key)


def forget(response: Response, request: Request) -> None:
    if COOKIE in request.cookies:
        response.delete_cookie(COOKIE)


def _kept(form: dict[str, Any]) -> dict[str, str]:
    values: dict[str, str] = {}
    size = 0
    for name, value in form.items():
        if name in SECRET_FIELDS or not isinstance(value, str):
            continue
        size += len(name) + len(value)
        if size > MAX_VALUES:
            break
        values[name] = value
    return values


def back_with_error(request: Request, text: str, field_name: str | None) -> Response | None:
    """Send a failed form back to the page it was posted from, with ``text`` beside
    ``field_name`` and the input kept; ``None`` when there is no such page (no
    same-site ``Referer``, no session) and the error page is shown instead."""
    if request.method != "POST" or _key(request) is None:
        return None
    referer = urlsplit(request.headers.get("referer") or "")
    if referer.netloc != request.url.netloc or not referer.path.startswith("/"):
        return None
    if referer.path.startswith("//"):
        return None
    form: dict[str, Any] = getattr(request.state, "form", None) or {}
    target = referer.path + (f"?{referer.query}" if referer.query else "")
    response = RedirectResponse(target, status_code=303)
    flash = Flash(error=text, form=str(form.get("_form") or ""), field=field_name,
                  values=_kept(form), action=request.url.path)  # fmt: skip
    _set(response, request, flash)
    return response
