"""The print queue: paper deliveries wait until the day's print run merges their PDFs
into one file for the printer and marks them delivered.

A run takes every paper delivery still queued up to and including its day (so one
missed day is not lost), claims each (so two runs never print one twice), and writes
the PDFs in delivery order.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pypdf import PdfReader, PdfWriter
from sqlalchemy import select

from reskontro.domain.delivery import DeliveryMethod, DeliveryState
from reskontro.services.delivery import records
from reskontro.storage.models_delivery import Delivery

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock
    from reskontro.storage.filestore import FileStore


@dataclass(frozen=True, slots=True)
class PrintRun:
    """A day's print run: the merged PDF and what it holds."""

    day: dt.date
    delivery_ids: tuple[int, ...]
    invoice_ids: tuple[int, ...]
    pages: int
    #: The merged PDF (empty when nothing waited).
    pdf: bytes


def waiting(sessions: sessionmaker[Session], company_id: int, day: dt.date) -> list[int]:
    """The paper deliveries a run for ``day`` would print."""
    with sessions() as session:
        return list(
            session.scalars(
                select(Delivery.id)
                .where(
                    Delivery.company_id == company_id,
                    Delivery.method == DeliveryMethod.PRINT.value,
                    Delivery.state == DeliveryState.QUEUED.value,
                    Delivery.send_date <= day,
                )
                .order_by(Delivery.id)
            )
        )


def _unclaim(sessions: sessionmaker[Session], delivery_ids: list[int]) -> None:
    with sessions.begin() as session:
        for delivery_id in delivery_ids:
            session.get_one(Delivery, delivery_id).state = DeliveryState.QUEUED.value


def print_day(
    sessions: sessionmaker[Session],
    clock: Clock,
    company_id: int,
    day: dt.date,
    *,
    store: FileStore | None = None,
    actor: str,
) -> PrintRun:
    """Merge the day's paper invoices into one PDF and mark them delivered."""
    from reskontro.services.followup import FollowUp

    followup = FollowUp(sessions, clock, store)
    claimed: list[tuple[int, int]] = []
    for delivery_id in waiting(sessions, company_id, day):
        with sessions.begin() as session:
            if records.claim(session, delivery_id, clock.now()):
                claimed.append((delivery_id, session.get_one(Delivery, delivery_id).invoice_id))
    writer = PdfWriter()
    pages = 0
    out = io.BytesIO()
    try:
        for _delivery_id, invoice_id in claimed:
            pdf = followup.invoice_pdf(company_id, invoice_id, actor=actor).pdf
            for page in PdfReader(io.BytesIO(pdf)).pages:
                writer.add_page(page)
                pages += 1
        if claimed:
            writer.write(out)
    except BaseException:
        _unclaim(sessions, [d for d, _ in claimed])
        raise
    with sessions.begin() as session:
        for delivery_id, _ in claimed:
            row = session.get_one(Delivery, delivery_id)
            records.move(session, row, DeliveryState.DELIVERED, clock.now(), actor=actor)
    return PrintRun(
        day=day,
        delivery_ids=tuple(d for d, _ in claimed),
        invoice_ids=tuple(i for _, i in claimed),
        pages=pages,
        pdf=out.getvalue(),
    )
