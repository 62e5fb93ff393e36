"""What the invoicing use cases share: the database, the clock and the look-ups."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.errors import NotFound
from reskontro.messages import Message
from reskontro.storage.models import (
    Company,
    Invoice,
)
from reskontro.storage.repo import LookupCode, customer_by_number

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock
    from reskontro.storage.models import (
        Customer,
    )


class Base:
    """The parts every invoicing use case works with: one database, one clock."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock) -> None:
        self.sessions = sessions
        self.clock = clock

    def _company(self, session: Session, company_id: int) -> Company:
        company = session.get(Company, company_id)
        if company is None:
            raise NotFound(Message.of(LookupCode.NO_COMPANY, id=company_id))
        return company

    def _customer_by_number(self, session: Session, company_id: int, number: int) -> Customer:
        return customer_by_number(session, company_id, number)

    def _invoice(
        self, session: Session, company_id: int, invoice_id: int, *, for_update: bool = False
    ) -> Invoice:
        query = select(Invoice).where(Invoice.id == invoice_id, Invoice.company_id == company_id)
        if for_update:
            query = query.with_for_update()
        invoice = session.execute(query).scalar_one_or_none()
        if invoice is None:
            raise NotFound(Message.of(LookupCode.NO_INVOICE, id=invoice_id))
        return invoice
