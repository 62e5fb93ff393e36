"""At invoicing, "Kunden kan motta eFaktura": whether to offer eFaktura for one invoice
to a private customer whose delivery method is something else.

A page view asks the register **at most once a day per customer**: the card's answer
is used while it is younger than a day, whatever it was — also "the register did not
answer" (kept on the card as ``unavailable`` with the time, so a register that is down
makes one page view wait for the client's timeout, not every one). The user's explicit
"Sjekk eFaktura nå" asks again (``fresh``). Sends, bulk and recurring runs do not
trust an ``unavailable`` answer: they ask the register again (see
:mod:`reskontro.services.delivery.efaktura`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.channels.efaktura import EfakturaUnavailable
from reskontro.domain.delivery import CustomerKind, DeliveryMethod
from reskontro.domain.efaktura import LOOKUP_TTL_HOURS, Answer
from reskontro.services import audit
from reskontro.services.delivery.efaktura import (
    _answer_of,
    _aware,
    _keep,
    _query,
    _route,
    blocked_list,
)
from reskontro.storage.repo import customer_by_number

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.channels.efaktura import EfakturaRoute
    from reskontro.clock import Clock
    from reskontro.storage.models import Customer


@dataclass(frozen=True, slots=True)
class EfakturaOffer:
    """What the invoicing pages show about eFaktura for one customer."""

    customer: int
    #: "Kunden kan motta eFaktura": a private customer with another delivery method
    #: whom the register knows.
    offer: bool
    #: The answer the offer rests on; None when nothing is known.
    answer: Answer | None
    checked_at: dt.datetime | None
    #: True when the register was asked for this answer (False: the card's).
    asked: bool
    #: Whether asking makes sense at all: a private customer with another delivery
    #: method, and an eFaktura route set up ("Sjekk eFaktura nå").
    can_check: bool


def _known_today(customer: Customer, now: dt.datetime) -> bool:
    checked = _aware(customer.efaktura_checked_at)
    return (
        checked is not None
        and customer.efaktura_answer is not None
        and now - checked < dt.timedelta(hours=LOOKUP_TTL_HOURS)
    )


def _ask(session: Session, customer: Customer, route: EfakturaRoute, now: dt.datetime,
         actor: str) -> None:  # fmt: skip
    """Ask the register and keep the answer on the card, "did not answer" too."""
    try:
        found = route.look_up([_query(session, customer, now, actor)])[0]
        blocked = blocked_list(route, now)
    except EfakturaUnavailable:
        before = customer.efaktura_answer
        customer.efaktura_answer = Answer.UNAVAILABLE.value
        customer.efaktura_checked_at = now
        audit.record(
            session, at=now, actor=actor, action="customer.efaktura_lookup",
            object_type="customer", object_id=customer.id, company_id=customer.company_id,
            before={"efaktura_answer": before},
            after={"efaktura_answer": Answer.UNAVAILABLE.value},
        )  # fmt: skip
        return
    _keep(session, customer, found, _answer_of(found, blocked), now=now, actor=actor,
          switch=False)  # fmt: skip


def offer_for(
    sessions: sessionmaker[Session],
    clock: Clock,
    company_id: int,
    number: int,
    *,
    actor: str,
    ask: bool = True,
    fresh: bool = False,
    route: EfakturaRoute | None = None,
) -> EfakturaOffer:
    """Whether to offer eFaktura for this customer's invoice. With ``ask`` the register
    is asked when the card has no answer from the last day; without, only the card's
    last answer counts; ``fresh`` (the user's "Sjekk eFaktura nå") asks in any case."""
    now = clock.now()
    chosen = _route(route)
    with sessions.begin() as session:
        customer = customer_by_number(session, company_id, number)
        can_check = (
            chosen is not None
            and customer.kind == CustomerKind.PERSON
            and customer.delivery_method != DeliveryMethod.EFAKTURA
        )
        asked = False
        if (
            can_check
            and chosen is not None
            and (fresh or (ask and not _known_today(customer, now)))
        ):
            _ask(session, customer, chosen, now, actor)
            asked = True
        answer = None if customer.efaktura_answer is None else Answer(customer.efaktura_answer)
        return EfakturaOffer(
            customer=number,
            offer=can_check and answer is Answer.CAN_RECEIVE,
            answer=answer,
            checked_at=_aware(customer.efaktura_checked_at),
            asked=asked,
            can_check=can_check,
        )


__all__ = ["EfakturaOffer", "offer_for"]
