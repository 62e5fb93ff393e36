"""Cancellations (*sletteanmodninger*, spec §3.7) of claims already sent.

A claim that went to Nets is cancelled in the next transmission once its invoice has
less open than the claim draws (it was credited, or paid by other means), while the
due date is still ahead (:func:`reskontro.domain.avtalegiro.decide_cancellation`).
On or after the due date Nets may already have drawn it: the claim is left as it is
and the user is told, once.
"""

from __future__ import annotations

import datetime as dt  # noqa: TC003 - a dataclass field type
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain.avtalegiro import CancelDecision, ClaimState, Code, decide_cancellation
from reskontro.messages import Message
from reskontro.storage.models import Customer, Invoice
from reskontro.storage.models_avtalegiro import Claim

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True, slots=True)
class Cancellation:
    """A sent claim to cancel: what its cancellation item repeats."""

    claim_id: int
    invoice_number: int
    customer_name: str
    kid: str
    amount_ore: int
    due_date: dt.date


@dataclass(frozen=True, slots=True)
class CancelPlan:
    cancel: tuple[Cancellation, ...]
    #: Messages for claims whose invoice changed on or after the due date (told once).
    notes: tuple[Message, ...]


def plan_cancellations(session: Session, company_id: int, today: dt.date) -> CancelPlan:
    """The sent claims whose invoices now have less open than they claim."""
    rows = session.execute(
        select(
            Claim.id,
            Claim.kid,
            Claim.amount_ore,
            Claim.due_date,
            Claim.reason,
            Invoice.number,
            Invoice.total_ore - Invoice.settled_ore,
            Customer.name,
        )
        .join(Invoice, Invoice.id == Claim.invoice_id)
        .join(Customer, Customer.id == Invoice.customer_id)
        .where(
            Claim.company_id == company_id,
            Claim.state == ClaimState.SENT.value,
            Invoice.total_ore - Invoice.settled_ore < Claim.amount_ore,
        )
        .order_by(Invoice.number)
    ).all()
    cancel: list[Cancellation] = []
    notes: list[Message] = []
    for claim_id, kid, amount, due, reason, number, open_ore, name in rows:
        decision = decide_cancellation(
            state=ClaimState.SENT, claimed_ore=amount, open_ore=open_ore, due=due, today=today
        )
        if decision is CancelDecision.CANCEL:
            cancel.append(Cancellation(claim_id, number, name, kid, amount, due))
        elif decision is CancelDecision.TOO_LATE and reason is None:
            note = Message.of(Code.MAY_BE_DRAWN, invoice=number, due=due, amount_ore=amount)
            notes.append(note)
            session.get_one(Claim, claim_id).reason = note.dumps()
    return CancelPlan(tuple(cancel), tuple(notes))


__all__ = ["CancelPlan", "Cancellation", "plan_cancellations"]
