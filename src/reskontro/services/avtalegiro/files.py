"""AvtaleGiro files kept: mandate lists read and claims transmissions written."""

from __future__ import annotations

import datetime as dt  # noqa: TC003 - a dataclass field type
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain.avtalegiro import ClaimState, Code, FileDirection
from reskontro.errors import NotFound
from reskontro.formats import nets
from reskontro.formats.nets import AgreementAssignment, AssignmentType, ClaimAssignment
from reskontro.messages import Message
from reskontro.storage.models_avtalegiro import AvtaleGiroFile, Claim

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker


@dataclass(frozen=True, slots=True)
class FileView:
    id: int
    direction: FileDirection
    filename: str
    transmission_number: str | None
    run_date: dt.date | None
    claims: int
    cancellations: int
    amount_ore: int
    new: int
    changed: int
    deleted: int
    created_at: dt.datetime
    sent_at: dt.datetime | None
    sent_to: str | None


@dataclass(frozen=True, slots=True)
class FileItem:
    """One claim, cancellation or mandate of a file, as the file says it."""

    #: ``claim``, ``cancellation`` or ``mandate``.
    kind: str
    number: int
    kid: str | None
    amount_ore: int
    due_date: dt.date | None
    transaction_type: int | None
    payer_name: str
    external_reference: str
    notify: bool | None
    registration_type: int | None
    #: A claim's state now (sent, cancelled, settled, failed) and its invoice.
    state: ClaimState | None = None
    invoice_id: int | None = None


@dataclass(frozen=True, slots=True)
class FileContents:
    file: FileView
    items: tuple[FileItem, ...]


def _view(row: AvtaleGiroFile) -> FileView:
    return FileView(
        id=row.id, direction=FileDirection(row.direction), filename=row.filename,
        transmission_number=row.transmission_number, run_date=row.run_date,
        claims=row.claims, cancellations=row.cancellations, amount_ore=row.amount_ore,
        new=row.new, changed=row.changed, deleted=row.deleted, created_at=row.created_at,
        sent_at=row.sent_at, sent_to=row.sent_to,
    )  # fmt: skip


def list_files(
    sessions: sessionmaker[Session],
    company_id: int,
    *,
    direction: FileDirection | None = None,
    limit: int = 200,
) -> tuple[FileView, ...]:
    """The company's AvtaleGiro files, newest first (without their bytes)."""
    query = select(AvtaleGiroFile).where(AvtaleGiroFile.company_id == company_id)
    if direction is not None:
        query = query.where(AvtaleGiroFile.direction == direction.value)
    query = query.order_by(AvtaleGiroFile.id.desc()).limit(limit)
    with sessions() as session:
        return tuple(_view(row) for row in session.scalars(query))


def file_contents(sessions: sessionmaker[Session], company_id: int, file_id: int) -> FileContents:
    """A kept file read again with the full reader: its claims or mandates."""
    with sessions() as session:
        row = session.get(AvtaleGiroFile, file_id)
        if row is None or row.company_id != company_id:
            raise NotFound(Message.of(Code.NO_FILE, id=file_id))
        view, data = _view(row), row.content
        claims = {
            number: (ClaimState(state), invoice_id)
            for number, state, invoice_id in session.execute(
                select(Claim.transaction_number, Claim.state, Claim.invoice_id).where(
                    Claim.file_id == file_id
                )
            )
        }
    items: list[FileItem] = []
    for assignment in nets.parse(data).assignments:
        if isinstance(assignment, ClaimAssignment):
            kind = "cancellation" if assignment.type is AssignmentType.CANCELLATIONS else "claim"
            items.extend(
                FileItem(
                    kind,
                    c.number,
                    c.kid,
                    c.amount,
                    c.due_date,
                    int(c.type),
                    c.payer_name,
                    c.external_reference,
                    None,
                    None,
                    *(claims.get(c.number, (None, None)) if kind == "claim" else (None, None)),
                )
                for c in assignment.claims
            )
        elif isinstance(assignment, AgreementAssignment):
            items.extend(
                FileItem(
                    "mandate",
                    a.number,
                    a.kid,
                    0,
                    None,
                    None,
                    "",
                    "",
                    a.notify,
                    int(a.registration_type),
                )
                for a in assignment.agreements
            )
    return FileContents(view, tuple(items))


__all__ = ["FileContents", "FileItem", "FileView", "file_contents", "list_files"]
