"""What the pages show of credit notes: a credit note's reason and the invoice it
credits (by number), and how much of each line of an invoice is left to credit, so
that a person can credit chosen lines or an amount (the crediting itself is
``Books.credit_invoice``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from reskontro.domain.invoice import InvoiceKind
from reskontro.errors import NotFound
from reskontro.messages import Message
from reskontro.storage.models import AuditEntry, Invoice, InvoiceLine
from reskontro.storage.repo import LookupCode

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session, sessionmaker


@dataclass(frozen=True, slots=True)
class CreditNoteFacts:
    """A credit note's reason and the invoice it credits."""

    reason: str | None
    credits_invoice_id: int | None
    credits_number: int | None


@dataclass(frozen=True, slots=True)
class LineLeft:
    """A line of an issued invoice and what is left of it to credit (thousandths)."""

    position: int
    description: str
    quantity_milli: int
    remaining_milli: int
    unit_price_ore: int
    vat_code: str


@dataclass(frozen=True, slots=True)
class CreditEvent:
    """The crediting of an invoice, from the audit log: when, who, which note."""

    at: dt.datetime
    actor: str
    credit_note_id: int | None
    number: int | None
    total_ore: int | None


def _invoice(session: Session, company_id: int, invoice_id: int) -> Invoice:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None or invoice.company_id != company_id:
        raise NotFound(Message.of(LookupCode.NO_INVOICE, id=invoice_id))
    return invoice


def credit_note_facts(
    sessions: sessionmaker[Session], company_id: int, invoice_id: int
) -> CreditNoteFacts | None:
    """The facts of credit note ``invoice_id``; ``None`` when it is an invoice."""
    with sessions() as session:
        note = _invoice(session, company_id, invoice_id)
        if note.kind != InvoiceKind.CREDIT_NOTE.value:
            return None
        original = (
            session.get(Invoice, note.credits_invoice_id) if note.credits_invoice_id else None
        )
        return CreditNoteFacts(
            note.our_reference, note.credits_invoice_id, original.number if original else None
        )


def lines_left(sessions: sessionmaker[Session], company_id: int, invoice_id: int) -> list[LineLeft]:
    """Each line of invoice ``invoice_id`` with what credit notes have not taken back."""
    with sessions() as session:
        invoice = _invoice(session, company_id, invoice_id)
        credited = dict(
            session.execute(
                select(InvoiceLine.credits_line_id, func.sum(InvoiceLine.quantity_milli))
                .where(InvoiceLine.credits_line_id.in_([line.id for line in invoice.lines]))
                .group_by(InvoiceLine.credits_line_id)
            )
            .tuples()
            .all()
        )
        return [
            LineLeft(
                line.position,
                line.description,
                line.quantity_milli,
                line.quantity_milli + int(credited.get(line.id) or 0),
                line.unit_price_ore,
                line.vat_code,
            )
            for line in sorted(invoice.lines, key=lambda x: x.position)
        ]


def credit_events(
    sessions: sessionmaker[Session], company_id: int, invoice_id: int
) -> list[CreditEvent]:
    """The credit notes made for invoice ``invoice_id``, as the audit log has them."""
    with sessions() as session:
        rows = session.scalars(
            select(AuditEntry).where(
                AuditEntry.company_id == company_id, AuditEntry.object_type == "invoice",
                AuditEntry.object_id == invoice_id, AuditEntry.action == "invoice.credit",
            ).order_by(AuditEntry.id)
        )  # fmt: skip
        events = []
        for row in rows:
            after = json.loads(row.after) if row.after else {}
            events.append(CreditEvent(row.at, row.actor, after.get("credit_note_id"),
                                      after.get("number"), after.get("total_ore")))  # fmt: skip
        return events
