"""The audit log as sentences in the reader's language (:mod:`.audit_codes`), filtered
by user, action, object and date, a page at a time (newest first)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from reskontro.i18n import render as render_message
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.web.audit_codes import AuditCode, code_of
from reskontro.web.deps import PagePrincipal, ServicesDep, current_company
from reskontro.web.fmt import parse_date
from reskontro.web.render import language, render

if TYPE_CHECKING:
    from reskontro.services.audit import AuditRecord

router = APIRouter(include_in_schema=False)
PAGE = 50
#: Where an object of the log is shown, by its type.
LINKS = {"invoice": "/invoices/{id}", "bank_file": "/payments/files/{id}"}


@dataclass(frozen=True, slots=True)
class AuditLine:
    """One entry as the page shows it."""

    id: int
    at: object
    actor: str
    action: str
    sentence: str
    object_type: str
    object_id: int | None
    link: str | None
    before: str
    after: str


def _pretty(text: str | None) -> str:
    if not text:
        return ""
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, indent=1)[:2000]
    except ValueError:
        return text[:2000]


def line_of(e: AuditRecord, lang: str) -> AuditLine:
    code = code_of(e.action)
    message = Message.of(code, action=e.action) if code is AuditCode.OTHER else Message.of(code)
    link = LINKS.get(e.object_type)
    return AuditLine(
        e.id, e.at, e.actor, e.action, render_message(message, lang), e.object_type, e.object_id,
        link.format(id=e.object_id) if link and e.object_id is not None else None,
        _pretty(e.before), _pretty(e.after),
    )  # fmt: skip


def _id(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else None


@router.get("/audit")
def audit_page(
    request: Request,
    principal: PagePrincipal,
    svc: ServicesDep,
    actor: str | None = None,
    action: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    before: str | None = None,
) -> HTMLResponse:
    cid = current_company(principal)
    lang = language(request)
    entries = audit.entries(
        svc.sessions, cid, actor=actor or None, action=action or None,
        object_type=object_type or None, object_id=_id(object_id),
        date_from=parse_date(date_from), date_to=parse_date(date_to), before=_id(before),
        limit=PAGE + 1,
    )  # fmt: skip
    choices = audit.choices(svc.sessions, cid)
    actors, actions, types = choices.actors, choices.actions, choices.object_types
    lines = [line_of(e, lang) for e in entries[:PAGE]]
    next_url = None
    if len(entries) > PAGE:
        params = {k: v for k, v in request.query_params.items() if k != "before" and v}
        params["before"] = str(lines[-1].id)
        next_url = "/audit?" + urlencode(params)
    names = {a: render_message(Message.of(code_of(a), action=a), lang) for a in actions}
    return render(request, "audit.html", {
        "lines": lines, "next_url": next_url, "actors": actors, "actions": names,
        "types": types, "f": {"actor": actor or "", "action": action or "",
                              "object_type": object_type or "", "object_id": object_id or "",
                              "date_from": date_from or "", "date_to": date_to or ""},
    })  # fmt: skip
