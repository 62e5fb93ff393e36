"""The audit log: who did what, when, with the state before and after."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING

from reskontro.jsonable import to_jsonable
from reskontro.storage.models import AuditEntry

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session


def _dump(value: object) -> str | None:
    """A state as JSON: a typed result by its JSON form, a mapping as it is."""
    if value is None:
        return None
    if dataclasses.is_dataclass(value):
        value = to_jsonable(value)
    return json.dumps(value, default=str, ensure_ascii=False, sort_keys=True)


def record(
    session: Session,
    *,
    at: dt.datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: int | None,
    company_id: int | None,
    before: object = None,
    after: object = None,
) -> None:
    session.add(
        AuditEntry(
            company_id=company_id,
            at=at,
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            before=_dump(before),
            after=_dump(after),
        )
    )
