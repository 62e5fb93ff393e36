"""What the pages read from a form and where they send the browser next."""

from __future__ import annotations

from typing import Any

from fastapi.responses import RedirectResponse

from reskontro.errors import ValidationError
from reskontro.messages import Message
from reskontro.web.codes import WebCode


def see_url(url: str) -> RedirectResponse:
    """303 to ``url``: the answer to a form that worked, without a notice."""
    return RedirectResponse(url, status_code=303)


def form_int(value: Any, field: str) -> int:
    """A whole number typed in a form (``field`` names it in the message)."""
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValidationError(
            Message.of(WebCode.NOT_AN_INTEGER, label=field, value=str(value))
        ) from None


def form_checked(form: dict[str, Any], name: str) -> bool:
    """A checkbox: ticked unless empty, ``0`` or ``false``."""
    return str(form.get(name) or "") not in {"", "0", "false"}


def form_text(form: dict[str, Any], name: str) -> str:
    return str(form.get(name) or "").strip()


__all__ = ["form_checked", "form_int", "form_text", "see_url"]
