"""Past hand-offs to debt collection and their files (CSV and JSON as exported), for
download after the run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain.followup_codes import FollowupError
from reskontro.errors import NotFound
from reskontro.messages import Message
from reskontro.storage.models_followup import FollowupHandoff

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.storage.filestore import FileStore

#: The two files of a hand-off, by name ending.
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@dataclass(frozen=True, slots=True)
class HandoffSummary:
    id: int
    handed_over_on: dt.date
    claims: int
    principal_ore: int
    fees_ore: int
    interest_ore: int
    actor: str


def _row(session: Session, company_id: int, handoff_id: int) -> FollowupHandoff:
    row = session.get(FollowupHandoff, handoff_id)
    if row is None or row.company_id != company_id:
        raise NotFound(Message.of(FollowupError.NO_HANDOFF, id=handoff_id))
    return row


def handoffs(sessions: sessionmaker[Session], company_id: int) -> list[HandoffSummary]:
    """The company's hand-offs, newest first."""
    with sessions() as session:
        rows = session.scalars(
            select(FollowupHandoff)
            .where(FollowupHandoff.company_id == company_id)
            .order_by(FollowupHandoff.id.desc())
        )
        return [HandoffSummary(r.id, r.handed_over_on, r.claims, r.principal_ore, r.fees_ore,
                               r.interest_ore, r.actor) for r in rows]  # fmt: skip


def handoff_file(
    sessions: sessionmaker[Session], store: FileStore, company_id: int, handoff_id: int, kind: str
) -> tuple[str, bytes]:
    """The file name and bytes of hand-off ``handoff_id`` as ``kind`` (csv or json)."""
    with sessions() as session:
        row = _row(session, company_id, handoff_id)
        sha = row.csv_sha256 if kind == "csv" else row.json_sha256 if kind == "json" else None
    if sha is None:
        raise NotFound(Message.of(FollowupError.NO_HANDOFF_FILE, kind=kind, id=handoff_id))
    return f"handoff-{handoff_id}.{kind}", store.read(sha)
