"""What every follow-up use case shares: the service's parts and the look-ups."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, TypeAlias

from sqlalchemy import select

from reskontro.domain.followup_codes import FollowupError
from reskontro.errors import NotFound, StateError
from reskontro.messages import Message
from reskontro.services.invoicing.books import Books
from reskontro.storage.filestore import FileStore
from reskontro.storage.models import Company, Invoice
from reskontro.storage.models_followup import FollowupClaim

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock

    #: Called with the company id before a reminder run; returns what it fetched.
    FetchPayments: TypeAlias = Callable[[int], object]


class RunStage(StrEnum):
    """Where a run is, for its progress (:data:`Progress`)."""

    #: Letters (or interest notes) recorded in the run's one transaction.
    RECORD = "record"
    #: After it committed: their PDFs made.
    PDF = "pdf"


if TYPE_CHECKING:
    #: Called as a run goes: its stage, how many done of how many; answering ``False``
    #: while letters are recorded asks the run to stop before the next one.
    Progress: TypeAlias = Callable[[RunStage, int, int], bool | None]


class Service:
    """The parts every follow-up use case works with (one database, one clock, one
    file store; :class:`~reskontro.services.followup.FollowUp` is all of them)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        store: FileStore | None = None,
        *,
        fetch_payments: FetchPayments | None = None,
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.store = store or FileStore.of(sessions)
        self.fetch_payments = fetch_payments
        self.books = Books(sessions, clock)


def company_of(session: Session, company_id: int, *, lock: bool = False) -> Company:
    query = select(Company).where(Company.id == company_id)
    if lock:
        # Two runs for one company wait for each other (PostgreSQL; SQLite's writer
        # lock already serialises them).
        query = query.with_for_update()
    company = session.execute(query).scalar_one_or_none()
    if company is None:
        raise NotFound(Message.of(FollowupError.NO_COMPANY, company_id=company_id))
    return company


def invoice_of(session: Session, company_id: int, invoice_id: int) -> Invoice:
    """An issued invoice of the company."""
    invoice = session.get(Invoice, invoice_id)
    if invoice is None or invoice.company_id != company_id:
        raise NotFound(Message.of(FollowupError.NO_INVOICE, invoice_id=invoice_id))
    if invoice.number is None:
        raise StateError(Message.of(FollowupError.INVOICE_DRAFT, invoice_id=invoice_id))
    return invoice


def claim_row(session: Session, invoice: Invoice) -> FollowupClaim:
    """The invoice's follow-up row, made when it has none yet."""
    row = session.get(FollowupClaim, invoice.id)
    if row is None:
        row = FollowupClaim(invoice_id=invoice.id, company_id=invoice.company_id,
                            disputed=False, is_interest_note=False)  # fmt: skip
        session.add(row)
        session.flush()
    return row


__all__ = ["RunStage", "Service", "claim_row", "company_of", "invoice_of"]
