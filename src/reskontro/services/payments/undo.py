"""Undoing a whole import, while no person has touched any of its payments.

A file read into the wrong company, or twice under two names, is taken back whole:
each automatic allocation is reversed on its invoice (:func:`settle` with the
opposite amounts), the payments and the file's record are deleted (the same bytes can
then be imported again), and the undo is audited with what the file was. Refused as
soon as one payment was handled by hand (posted, moved, split, matched or set aside in
the inbox) or the file touched AvtaleGiro (mandates, settled claims): those are undone
one by one, by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, select, update

from reskontro.domain.payment import BankFileStatus
from reskontro.domain.payment import PaymentError as E
from reskontro.errors import NotFound, StateError
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.payments.charges import settle_invoice
from reskontro.services.payments.views import reasons_of
from reskontro.storage.models import BankFile, BankMessage, Invoice, Payment, PaymentAllocation
from reskontro.storage.models_automation import FetchedFile
from reskontro.storage.models_avtalegiro import Claim

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock

#: Reasons a person adds to a payment (:class:`reskontro.domain.matching.ManualReason`).
_BY_HAND = "payment.manual."


@dataclass(frozen=True, slots=True)
class ImportUndone:
    """What undoing an import took back."""

    file_id: int
    filename: str
    payments: int
    amount_ore: int
    invoices: int


def _handled_by_hand(session: Session, payments: list[Payment]) -> int | None:
    """The first payment a person touched, if any."""
    ids = [p.id for p in payments]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found = session.scalar(
            select(PaymentAllocation.payment_id)
            .where(PaymentAllocation.payment_id.in_(chunk))
            .limit(1)
        )
        if found is not None:
            return int(found)
    for p in payments:
        if p.reasons and any(m.code.startswith(_BY_HAND) for m in reasons_of(p)):
            return p.id
    return None


def undo_import(
    sessions: sessionmaker[Session], clock: Clock, company_id: int, file_id: int, *, actor: str
) -> ImportUndone:
    """Take back the import of bank file ``file_id`` (see the module)."""
    now = clock.now()
    with sessions.begin() as session:
        file = session.execute(
            select(BankFile)
            .where(BankFile.id == file_id, BankFile.company_id == company_id)
            .with_for_update()
        ).scalar_one_or_none()
        if file is None:
            raise NotFound(Message.of(E.NO_BANK_FILE, file=file_id))
        if file.status != BankFileStatus.IMPORTED.value:
            raise StateError(Message.of(E.UNDO_NOT_IMPORTED, file=file_id))
        summary = json.loads(file.summary) if file.summary else {}
        payments = list(
            session.scalars(
                select(Payment)
                .where(Payment.company_id == company_id, Payment.bank_file_id == file.id)
                .order_by(Payment.id)
                .with_for_update()
            )
        )
        claimed = session.scalar(
            select(Claim.id).join(Payment, Payment.id == Claim.payment_id)
            .where(Payment.bank_file_id == file.id).limit(1)
        )  # fmt: skip
        if summary.get("mandates") or claimed is not None:
            raise StateError(Message.of(E.UNDO_NOT_PAYMENTS, file=file_id))
        touched = _handled_by_hand(session, payments)
        if touched is not None:
            raise StateError(Message.of(E.UNDO_HANDLED_BY_HAND, payment=touched))
        invoices: set[int] = set()
        for p in payments:
            if p.invoice_id is None or not (p.invoice_amount_ore or p.written_off_ore):
                continue
            invoice = session.execute(
                select(Invoice).where(Invoice.id == p.invoice_id).with_for_update()
            ).scalar_one()
            # Fees and interest the payment paid are taken back with the principal.
            settle_invoice(
                session, invoice, paid_ore=-p.invoice_amount_ore,
                written_off_ore=-p.written_off_ore,
            )  # fmt: skip
            invoices.add(invoice.id)
        session.flush()
        session.execute(delete(Payment).where(Payment.bank_file_id == file.id))
        session.execute(delete(BankMessage).where(BankMessage.bank_file_id == file.id))
        session.execute(
            update(FetchedFile).where(FetchedFile.bank_file_id == file.id).values(bank_file_id=None)
        )
        done = ImportUndone(file.id, file.filename, len(payments),
                            sum(p.amount_ore for p in payments), len(invoices))  # fmt: skip
        before = {"filename": file.filename, "sha256": file.sha256, "format": file.format,
                  "payments": file.payments, "amount_ore": file.amount_ore,
                  "received_at": file.received_at.isoformat(), "summary": summary}  # fmt: skip
        session.delete(file)
        audit.record(
            session, at=now, actor=actor, action="payments.undo_import", object_type="bank_file",
            object_id=file_id, company_id=company_id, before=before,
            after={"payments_removed": done.payments, "invoices_reopened": done.invoices},
        )  # fmt: skip
        return done
