"""Jinja2 templates with the Norwegian filters, rendered with the page's context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from reskontro.web.auth import ROLE_NAMES, Principal
from reskontro.web.fmt import STATUS_NB, date_nb, datetime_nb, nok, quantity_nb

TEMPLATES = Path(__file__).parent / "templates"

env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
env.filters["nok"] = nok
env.filters["date"] = date_nb
env.filters["datetime"] = datetime_nb
env.filters["quantity"] = quantity_nb
env.filters["status"] = lambda s: STATUS_NB.get(s, s)
env.globals["ROLE_NAMES"] = ROLE_NAMES


def render(
    request: Request, template: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    principal: Principal | None = getattr(request.state, "principal", None)
    base: dict[str, Any] = {"request": request, "user": principal, "companies": []}
    if principal is not None and principal.csrf is not None:
        svc = request.app.state.services
        base["csrf"] = principal.csrf
        base["companies"] = [c for c in svc.books.companies() if c["id"] in principal.roles]
        base["company_id"] = principal.company_id
        if principal.company_id is not None:
            base["role"] = principal.roles[principal.company_id]
            base["can"] = {
                p: principal.can(principal.company_id, p)
                for p in ("invoicing", "payments", "settings", "users")
            }
    base.update(context)
    html = env.get_template(template).render(base)
    return HTMLResponse(html, status_code=status)
