"""Jinja2 templates with the Norwegian filters, rendered in the request's language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context

from reskontro.i18n import render as render_message
from reskontro.i18n import render_problem
from reskontro.messages import Message
from reskontro.services.users import Principal
from reskontro.web import (
    flash,
    i18n,
    i18n_avtalegiro,
    i18n_charges,
    i18n_delivery,
    i18n_invoicing,
    i18n_pages,
)
from reskontro.web.codes import ROLE_NAMES
from reskontro.web.fmt import date_nb, datetime_nb, nok, quantity_nb

TEMPLATES = Path(__file__).parent / "templates"

env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


@pass_context
def _status(context: Context, status: str) -> str:
    translate: i18n.Translate = context["_"]
    return translate(i18n.STATUS_NB.get(status, status))


@pass_context
def _msg(context: Context, message: Message) -> str:
    """A code with its parameters (:mod:`reskontro.messages`), in the page's language."""
    return render_message(message, context["lang"])


env.filters["nok"] = nok
#: An amount in its currency: ``1 234,50 kr`` in NOK, ``1 234,50 EUR`` in another.
env.filters["money"] = lambda ore, code="NOK": (
    nok(ore) if not code or code == "NOK" else f"{nok(ore, unit=False)}\u00a0{code}"
)
env.filters["msg"] = _msg
env.filters["date"] = date_nb
env.filters["datetime"] = datetime_nb
env.filters["quantity"] = quantity_nb
env.filters["status"] = _status
env.globals.update(
    ROLE_NAMES=ROLE_NAMES,
    LANGUAGE_NAMES=i18n.LANGUAGE_NAMES,
    FILE_STATUS=i18n.FILE_STATUS,
    AGREEMENT_STATUS=i18n.AGREEMENT_STATUS,
    RUN_STATUS=i18n.RUN_STATUS,
    MAIL_STATUS=i18n.MAIL_STATUS,
    JOB_TITLES=i18n.JOB_TITLES,
    INTERVALS=i18n_invoicing.INTERVALS,
    BUCKET_NAMES=i18n_pages.BUCKET_NAMES,
    ACCOUNT_SOURCES=i18n_pages.ACCOUNT_SOURCES,
    FOLLOWUP_STATES=i18n_pages.FOLLOWUP_STATES,
    LETTER_NAMES=i18n_pages.LETTER_NAMES,
    OBJECT_NAMES=i18n_pages.OBJECT_NAMES,
    AGREEMENT_STATES=i18n_invoicing.AGREEMENT_STATES,
    METHOD_NAMES=i18n_delivery.METHOD_NAMES,
    EFAKTURA_ANSWERS=i18n_delivery.EFAKTURA_ANSWERS,
    STATE_NAMES=i18n_delivery.STATE_NAMES,
    KIND_NAMES=i18n_delivery.KIND_NAMES,
    CHARGE_NAMES=i18n_charges.CHARGE_NAMES,
    PAYMENT_ORDERS=i18n_charges.PAYMENT_ORDERS,
    MANDATE_STATES=i18n_avtalegiro.MANDATE_STATES,
    CLAIM_STATES=i18n_avtalegiro.CLAIM_STATES,
    MANDATE_CHANGES=i18n_avtalegiro.MANDATE_CHANGES,
    ITEM_KINDS=i18n_avtalegiro.ITEM_KINDS,
    DIRECTIONS=i18n_avtalegiro.DIRECTIONS,
)


def language(request: Request) -> str:
    """The language chosen (cookie), else the browser's (``Accept-Language``), else nb."""
    return i18n.pick(request.cookies.get(i18n.COOKIE), request.headers.get("accept-language"))


def render(
    request: Request, template: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    principal: Principal | None = getattr(request.state, "principal", None)
    lang = language(request)
    base: dict[str, Any] = {
        "request": request,
        "user": principal,
        "companies": [],
        "lang": lang,
        "_": i18n.translator(lang),
        "reason": lambda reasons: i18n.reasons_text(reasons, lang),
        "file_problem": lambda problem: i18n.file_problem_text(problem, lang),
        "problems": lambda problems: "; ".join(render_problem(p, lang) for p in problems),
    }
    if principal is not None and principal.csrf is not None:
        svc = request.app.state.services
        base["csrf"] = principal.csrf
        base["companies"] = [c for c in svc.books.companies() if c.id in principal.roles]
        base["company_id"] = principal.company_id
        if principal.company_id is not None:
            base["role"] = principal.roles[principal.company_id]
            base["can"] = {
                p: principal.can(principal.company_id, p)
                for p in ("invoicing", "payments", "bank", "settings", "users")
            }
    base["flash"] = flash.taken(request) or flash.Flash()
    base.update(context)
    html = env.get_template(template).render(base)
    response = HTMLResponse(html, status_code=status)
    flash.forget(response, request)
    return response
