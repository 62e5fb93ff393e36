"""Check whether a customer can receive EHF through Peppol, and keep the answer on the card.

One use case, :func:`check_customer`: the participant id is the card's ``peppol_id``,
else ``0192:`` and the organisation number of a Norwegian business. The look-up
(:func:`reskontro.channels.peppol.lookup`) runs outside any transaction; its answer is
then written on the customer (``peppol_can_receive`` = can receive BIS Billing 3.0
*invoices*, ``peppol_checked_at``) and in the audit log. An answer that is not definite
(DNS or SMP unavailable, a malformed answer) is audited but leaves the card's last real
answer as it was.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from reskontro.channels.peppol.reasons import PeppolCheckError
from reskontro.domain.delivery import CustomerKind, participant_id
from reskontro.errors import ValidationError
from reskontro.jsonable import to_jsonable
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.storage.repo import customer_by_number

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.channels.peppol import PeppolLookup
    from reskontro.clock import Clock
    from reskontro.storage.models import Customer


class Lookup(Protocol):
    """:func:`reskontro.channels.peppol.lookup` with its settings bound."""

    def __call__(self, participant_id: str, *, now: dt.datetime) -> PeppolLookup: ...


@dataclass(frozen=True, slots=True)
class PeppolStatus:
    """A customer's Peppol look-up and what the card says now."""

    customer_number: int
    #: The participant id looked up (``0192:923609016``).
    participant: str
    can_receive_invoice: bool
    can_receive_credit_note: bool
    #: False when the look-up could not find out (the card kept its last answer).
    definite: bool
    checked_at: dt.datetime
    smp_url: str | None
    endpoint_url: str | None
    #: Why not both document types, or why the answer is unknown.
    reason: Message | None
    #: The card after the check.
    peppol_can_receive: bool | None
    peppol_checked_at: dt.datetime | None


def participant_of(customer: Customer) -> str | None:
    """The Peppol id to look up: the card's, else 0192 + org. number of a Norwegian
    business; None when there is neither."""
    return participant_id(
        CustomerKind(customer.kind), customer.org_number, customer.country, customer.peppol_id
    )


def default_lookup() -> Lookup:
    """The look-up with the settings of the environment (SML zone, DNS server)."""
    from reskontro.channels.peppol import PeppolSettings, lookup

    settings = PeppolSettings.from_env()
    return functools.partial(lookup, sml_zone=settings.sml_zone, resolver=settings.resolver())


def check_customer(
    sessions: sessionmaker[Session],
    clock: Clock,
    company_id: int,
    customer_number: int,
    *,
    lookup: Lookup | None = None,
    actor: str = "system",
) -> PeppolStatus:
    """Look the customer up in Peppol and store the answer on the card (audited)."""
    with sessions() as session:
        participant = participant_of(customer_by_number(session, company_id, customer_number))
    if participant is None:
        message = Message.of(PeppolCheckError.NO_PARTICIPANT_ID, customer=customer_number)
        raise ValidationError(message, field="peppol_id")
    result = (lookup or default_lookup())(participant, now=clock.now())
    with sessions.begin() as session:
        customer = customer_by_number(session, company_id, customer_number)
        before = {
            "peppol_can_receive": customer.peppol_can_receive,
            "peppol_checked_at": customer.peppol_checked_at,
        }
        # The card may have changed its id while we asked: then the answer is not its.
        if result.definite and participant_of(customer) == participant:
            customer.peppol_can_receive = result.can_receive_invoice
            customer.peppol_checked_at = result.checked_at
        status = PeppolStatus(
            customer_number=customer_number,
            participant=result.participant,
            can_receive_invoice=result.can_receive_invoice,
            can_receive_credit_note=result.can_receive_credit_note,
            definite=result.definite,
            checked_at=result.checked_at,
            smp_url=result.smp_url,
            endpoint_url=result.endpoint_url,
            reason=result.reason,
            peppol_can_receive=customer.peppol_can_receive,
            peppol_checked_at=_aware(customer.peppol_checked_at),
        )
        audit.record(
            session,
            at=result.checked_at,
            actor=actor,
            action="customer.peppol_check",
            object_type="customer",
            object_id=customer.id,
            company_id=company_id,
            before=before,
            after={
                **to_jsonable(status),
                "reason_code": result.reason.code if result.reason else None,
            },
        )
        return status


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands timestamps back without their zone; they were stored in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value
