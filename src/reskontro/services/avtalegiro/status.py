"""An invoice's AvtaleGiro status (the invoice page, the PDF, the e-mail) and the
daily flag on failed draws.

:func:`invoice_status` answers for one invoice: its claim's state, or before there is
a claim, whether the next claims file will carry one (an active mandate and a due date
far enough ahead) or the due date is too close and the invoice is paid with a giro.
``drawn`` is what the PDF and the e-mail go by: "the amount will be drawn on the due
date" instead of a giro to pay.

:func:`flag_failed_draws` (the daily job, after the bank files are booked) marks
``failed`` every sent claim still unpaid the day after the draw would have been
reported (:func:`reskontro.domain.avtalegiro_status.failed_from`); the invoice is
then followed up like any other (reminders look at what is open, not at claims).
"""

from __future__ import annotations

import datetime as dt  # noqa: TC003 - a dataclass field type
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.clock import OSLO
from reskontro.domain.avtalegiro import (
    AgreementStatus,
    ClaimState,
    Code,
    MandateState,
    claim_window,
)
from reskontro.domain.avtalegiro_status import (
    DRAWN,
    InvoiceClaimStatus,
    draw_failed,
    failed_from,
    invoice_claim_status,
)
from reskontro.domain.invoice import InvoiceKind, InvoiceStatus
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.storage.models import Invoice
from reskontro.storage.models_avtalegiro import AvtaleGiroAgreement, AvtaleGiroFile, Claim, Mandate

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock

_OPEN = (InvoiceStatus.OPEN.value, InvoiceStatus.PARTIALLY_PAID.value)


@dataclass(frozen=True, slots=True)
class InvoiceAvtaleGiro:
    """How AvtaleGiro pays (or paid, or did not pay) one invoice."""

    invoice_id: int
    status: InvoiceClaimStatus
    #: Nets draws (or drew) it on the due date: no giro to pay on the PDF or e-mail.
    drawn: bool
    due_date: dt.date
    #: The claim's amount, øre (None before the claim is written).
    amount_ore: int | None = None
    #: The day the claims file was written, and its transmission number.
    sent_on: dt.date | None = None
    transmission_number: str | None = None
    file_id: int | None = None
    #: The day a cancellation went to Nets.
    cancelled_on: dt.date | None = None
    #: Why the claim is in its state (too close, failed draw), when that needs saying.
    reason: Message | None = None


@dataclass(frozen=True, slots=True)
class FailedDraws:
    """What the daily flag marked."""

    flagged: int
    invoice_ids: tuple[int, ...] = ()


def _local(now: dt.datetime) -> dt.datetime:
    return now.astimezone(OSLO).replace(tzinfo=None)


def _file_day(session: Session, file_id: int | None) -> tuple[dt.date | None, str | None]:
    if file_id is None:
        return None, None
    row = session.get(AvtaleGiroFile, file_id)
    if row is None:  # pragma: no cover - a foreign key
        return None, None
    return row.run_date or row.created_at.date(), row.transmission_number


def invoice_status(
    session: Session, invoice: Invoice, now: dt.datetime
) -> InvoiceAvtaleGiro | None:
    """The invoice's AvtaleGiro status; None when AvtaleGiro has nothing to do with it
    (no agreement, a credit note or draft, a customer without an active mandate)."""
    if invoice.kind != InvoiceKind.INVOICE.value or invoice.due_date is None:
        return None
    claim = session.scalars(select(Claim).where(Claim.invoice_id == invoice.id)).first()
    if claim is None:
        agreement = session.scalars(
            select(AvtaleGiroAgreement.status).where(
                AvtaleGiroAgreement.company_id == invoice.company_id
            )
        ).first()
        if agreement != AgreementStatus.ACTIVE.value or invoice.currency != "NOK":
            return None
        if invoice.status not in _OPEN or not invoice.kid:
            return None
        mandate = session.scalars(
            select(Mandate.id).where(
                Mandate.customer_id == invoice.customer_id,
                Mandate.state == MandateState.ACTIVE.value,
            )
        ).first()
        window = claim_window(_local(now))
        status = invoice_claim_status(
            None, mandate_active=mandate is not None, due=invoice.due_date, window=window
        )
        if status is None:
            return None
        reason = None
        if status is InvoiceClaimStatus.TOO_LATE:
            reason = Message.of(Code.DUE_TOO_SOON, due=invoice.due_date, earliest=window.earliest)
        return InvoiceAvtaleGiro(invoice.id, status, status in DRAWN, invoice.due_date,
                                 reason=reason)  # fmt: skip
    status = InvoiceClaimStatus(claim.state)
    sent_on, transmission = _file_day(session, claim.file_id)
    cancelled_on, _ = _file_day(session, claim.cancel_file_id)
    return InvoiceAvtaleGiro(
        invoice.id, status, status in DRAWN, claim.due_date, amount_ore=claim.amount_ore,
        sent_on=sent_on, transmission_number=transmission, file_id=claim.file_id,
        cancelled_on=cancelled_on, reason=Message.loads(claim.reason) if claim.reason else None,
    )  # fmt: skip


def invoice_avtalegiro(
    sessions: sessionmaker[Session], clock: Clock, company_id: int, invoice_id: int
) -> InvoiceAvtaleGiro | None:
    """:func:`invoice_status` of the company's invoice ``invoice_id`` (None: not ours)."""
    with sessions() as session:
        invoice = session.get(Invoice, invoice_id)
        if invoice is None or invoice.company_id != company_id:
            return None
        return invoice_status(session, invoice, clock.now())


def flag_failed_draws(
    sessions: sessionmaker[Session], clock: Clock, company_id: int, *, actor: str
) -> FailedDraws:
    """Mark ``failed`` the sent claims whose draw should have been reported by now."""
    now = clock.now()
    today = _local(now).date()
    with sessions.begin() as session:
        rows = session.execute(
            select(Claim, Invoice.total_ore - Invoice.settled_ore, Invoice.number)
            .join(Invoice, Invoice.id == Claim.invoice_id)
            .where(
                Claim.company_id == company_id,
                Claim.state == ClaimState.SENT.value,
                Claim.due_date < today,
                Invoice.status.in_(_OPEN),
            )
            .order_by(Claim.id)
        ).all()
        flagged = []
        for claim, open_ore, number in rows:
            if draw_failed(state=ClaimState.SENT, open_ore=open_ore, due=claim.due_date,
                           today=today):  # fmt: skip
                claim.state = ClaimState.FAILED.value
                claim.reason = Message.of(
                    Code.DRAW_FAILED, invoice=number, due=claim.due_date,
                    since=failed_from(claim.due_date),
                ).dumps()  # fmt: skip
                claim.updated_at = now
                flagged.append(claim.invoice_id)
        if flagged:
            audit.record(
                session, at=now, actor=actor, action="avtalegiro.failed_draws",
                object_type="company", object_id=company_id, company_id=company_id,
                after={"invoices": flagged},
            )  # fmt: skip
    return FailedDraws(len(flagged), tuple(flagged))


__all__ = [
    "FailedDraws",
    "InvoiceAvtaleGiro",
    "flag_failed_draws",
    "invoice_avtalegiro",
    "invoice_status",
]
