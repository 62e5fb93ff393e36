"""The audit log: who did what, when, with the state before and after; written by
every use case (:func:`record`), read a page at a time (:func:`entries`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from reskontro.jsonable import to_jsonable
from reskontro.storage.models import AuditEntry

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker


@dataclasses.dataclass(frozen=True, slots=True)
class AuditRecord:
    """One entry of the log; ``before`` and ``after`` are the states as JSON text."""

    id: int
    at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: int | None
    before: str | None
    after: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class AuditChoices:
    """Who, which actions and which kinds of objects a company's log holds."""

    actors: tuple[str, ...]
    actions: tuple[str, ...]
    object_types: tuple[str, ...]


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


def entries(
    sessions: sessionmaker[Session],
    company_id: int,
    *,
    object_type: str | None = None,
    object_id: int | None = None,
    actor: str | None = None,
    action: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    before: int | None = None,
    limit: int = 200,
) -> list[AuditRecord]:
    """The company's audit entries, newest first, filtered; ``before`` is the keyset
    cursor (entries with a lower id)."""
    query = select(AuditEntry).where(AuditEntry.company_id == company_id)
    if object_type is not None:
        query = query.where(AuditEntry.object_type == object_type)
    if object_id is not None:
        query = query.where(AuditEntry.object_id == object_id)
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if action:
        query = query.where(AuditEntry.action == action)
    if date_from is not None:
        start = dt.datetime.combine(date_from, dt.time(), tzinfo=dt.UTC)
        query = query.where(AuditEntry.at >= start)
    if date_to is not None:
        end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
        query = query.where(AuditEntry.at < end)
    if before is not None:
        query = query.where(AuditEntry.id < before)
    with sessions() as session:
        rows = session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit))
        return [
            AuditRecord(e.id, e.at, e.actor, e.action, e.object_type, e.object_id, e.before,
                        e.after)
            for e in rows
        ]  # fmt: skip


def choices(sessions: sessionmaker[Session], company_id: int) -> AuditChoices:
    """Who, which actions and which kinds of objects the company's log holds."""
    with sessions() as session:

        def distinct(column: Any) -> tuple[str, ...]:
            rows = session.scalars(
                select(column)
                .where(AuditEntry.company_id == company_id)
                .distinct()
                .order_by(column)
            )
            return tuple(str(r) for r in rows if r)

        return AuditChoices(
            distinct(AuditEntry.actor),
            distinct(AuditEntry.action),
            distinct(AuditEntry.object_type),
        )
