"""Holds (no letters for a customer or an invoice, until a day or released) and
disputes (no letters and no hand-off while the debtor objects, inkassoloven § 17)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain.followup_codes import FollowupError
from reskontro.errors import NotFound, StateError, ValidationError
from reskontro.jsonable import to_jsonable
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.followup.base import Service, claim_row, invoice_of
from reskontro.storage.models_followup import FollowupHold
from reskontro.storage.repo import customer_by_number

if TYPE_CHECKING:
    import datetime as dt


@dataclass(frozen=True, slots=True)
class Hold:
    id: int
    customer_id: int | None
    invoice_id: int | None
    reason: str
    until: dt.date | None
    actor: str
    created_at: dt.datetime
    released_at: dt.datetime | None

    @classmethod
    def of(cls, hold: FollowupHold) -> Hold:
        return cls(
            hold.id, hold.customer_id, hold.invoice_id, hold.reason, hold.until, hold.actor,
            hold.created_at, hold.released_at,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Dispute:
    """An invoice's dispute as it is now."""

    invoice_id: int
    number: int | None
    disputed: bool
    reason: str | None


class Holds(Service):
    def add_hold(
        self,
        company_id: int,
        *,
        customer_number: int | None = None,
        invoice_id: int | None = None,
        reason: str,
        until: dt.date | None = None,
        actor: str,
    ) -> Hold:
        """Hold back letters for a customer or an invoice (until a day, or released)."""
        if (customer_number is None) == (invoice_id is None):
            raise ValidationError(Message.of(FollowupError.HOLD_TARGET), field="customer")
        if not reason.strip():
            raise ValidationError(Message.of(FollowupError.HOLD_REASON), field="reason")
        now = self.clock.now()
        with self.sessions.begin() as session:
            customer_id = None
            if customer_number is not None:
                customer_id = customer_by_number(session, company_id, customer_number).id
            if invoice_id is not None:
                invoice_of(session, company_id, invoice_id)
            hold = FollowupHold(
                company_id=company_id, customer_id=customer_id, invoice_id=invoice_id,
                reason=reason.strip(), until=until, created_at=now, actor=actor,
            )  # fmt: skip
            session.add(hold)
            session.flush()
            view = Hold.of(hold)
            audit.record(
                session, at=now, actor=actor, action="followup.hold",
                object_type="invoice" if invoice_id else "customer",
                object_id=invoice_id or customer_id, company_id=company_id,
                after=to_jsonable(view),
            )  # fmt: skip
            return view

    def release_hold(self, company_id: int, hold_id: int, *, actor: str) -> Hold:
        now = self.clock.now()
        with self.sessions.begin() as session:
            hold = session.get(FollowupHold, hold_id)
            if hold is None or hold.company_id != company_id:
                raise NotFound(Message.of(FollowupError.NO_HOLD, hold_id=hold_id))
            if hold.released_at is not None:
                raise StateError(Message.of(FollowupError.HOLD_RELEASED, hold_id=hold_id))
            hold.released_at = now
            hold.released_by = actor
            view = Hold.of(hold)
            audit.record(
                session, at=now, actor=actor, action="followup.hold_release",
                object_type="invoice" if hold.invoice_id else "customer",
                object_id=hold.invoice_id or hold.customer_id, company_id=company_id,
                after=to_jsonable(view),
            )  # fmt: skip
            return view

    def holds(self, company_id: int, *, all_holds: bool = False) -> list[Hold]:
        today = self.clock.today()
        with self.sessions() as session:
            query = select(FollowupHold).where(FollowupHold.company_id == company_id)
            if not all_holds:
                query = query.where(
                    FollowupHold.released_at.is_(None),
                    (FollowupHold.until.is_(None)) | (FollowupHold.until >= today),
                )
            return [Hold.of(h) for h in session.scalars(query.order_by(FollowupHold.id))]

    def dispute(
        self, company_id: int, invoice_id: int, *, reason: str | None, resolve: bool = False,
        actor: str,
    ) -> Dispute:  # fmt: skip
        """Mark an invoice disputed (no letters, no hand-off) or the dispute resolved."""
        if not resolve and not (reason or "").strip():
            raise ValidationError(Message.of(FollowupError.DISPUTE_REASON), field="reason")
        with self.sessions.begin() as session:
            invoice = invoice_of(session, company_id, invoice_id)
            claim = claim_row(session, invoice)
            before = {"disputed": claim.disputed, "reason": claim.dispute_reason}
            claim.disputed = not resolve
            claim.dispute_reason = None if resolve else (reason or "").strip()
            after = Dispute(invoice_id, invoice.number, claim.disputed, claim.dispute_reason)
            audit.record(
                session, at=self.clock.now(), actor=actor,
                action="followup.dispute_resolved" if resolve else "followup.dispute",
                object_type="invoice", object_id=invoice_id, company_id=company_id,
                before=before, after={"disputed": after.disputed, "reason": after.reason},
            )  # fmt: skip
            return after


__all__ = ["Dispute", "Hold", "Holds"]
