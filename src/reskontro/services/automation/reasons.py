"""Why a fetch, a fetched file, a job run or an e-mail failed: a
:class:`~reskontro.messages.Message` (or several), stored with its row as JSON and
rendered by each interface — the web in the reader's language, the CLI in English
(:func:`english`), ``--json`` with code, parameters and English text (:data:`CODED`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from reskontro.messages import Message, Messages
from reskontro.services.automation.codes import FetchCode

if TYPE_CHECKING:
    import enum

    from reskontro.errors import ReskontroError

#: A dataclass field's metadata: in ``--json`` the message as its code and parameters,
#: and its English text (:func:`reskontro.jsonable.coded`).
CODED: Final = {"coded": True}


def english(reason: Message | Messages | None) -> str | None:
    """A reason (or several, joined by "; ") in English; None if there is none."""
    from reskontro.i18n import render

    found = Messages((reason,)) if isinstance(reason, Message) else reason
    return "; ".join(render(m, "en") for m in found) or None if found else None


def reason_of(exc: ReskontroError, as_written: enum.StrEnum = FetchCode.AS_WRITTEN) -> Message:
    """An error as a message: its code, or its English text kept as it was written
    (under ``as_written``, the flow's code for a text without one)."""
    return exc.msg if exc.msg is not None else Message.of(as_written, text=exc.message)


def loaded(stored: str | None) -> Message | None:
    """A message stored as JSON (None stays None)."""
    return None if stored is None else Message.loads(stored)


__all__ = ["CODED", "english", "loaded", "reason_of"]
