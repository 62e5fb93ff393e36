"""eFaktura at invoicing: look a private customer up in MPS' eFaktura 2.0 register,
keep the answer on the card, and choose eFaktura when the customer can receive it.

- :func:`look_up_customer` — ``reskontro efaktura lookup CUSTOMER``: asks the register
  (unless the card's answer is younger than a day, or ``fresh=True``).
- :func:`efaktura_if_possible` — **the hook for bulk and recurring invoicing**
  ("Send som eFaktura hvis mulig"): inside the caller's transaction, the method to
  send one customer's invoice by; a private customer the register knows is switched
  to eFaktura on the card.
- :func:`efaktura_if_possible_many` — the same for a whole bulk run: the customers
  not looked up in the last day are asked in one call, so nobody is asked twice.
- :func:`blocked_list` — the issuer's blocked list, read once a day per route.

The register being down (or not set up) never stops invoicing: the customer's own
method is used and nothing on the card changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.channels.efaktura import EfakturaUnavailable, PersonAnswer, PersonQuery
from reskontro.clock import OSLO
from reskontro.domain.delivery import CustomerKind, DeliveryMethod
from reskontro.domain.efaktura import LOOKUP_TTL_HOURS, Answer
from reskontro.services import audit
from reskontro.services.delivery.efaktura_card import read_national_id
from reskontro.storage.models import Customer
from reskontro.storage.repo import customer_by_number

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.channels.efaktura import EfakturaRoute
    from reskontro.clock import Clock


@dataclass(frozen=True, slots=True)
class EfakturaLookup:
    """A customer's look-up and what the card says now."""

    customer: int
    answer: Answer
    efaktura_address: str | None
    blocked: bool
    #: When the answer was got (now, or the card's cached answer's time).
    checked_at: dt.datetime | None
    #: True when the card's answer (younger than a day) was used.
    cached: bool
    #: The route asked ("sandbox", "mps-ws", ...), or None when none is set up.
    route: str | None
    delivery_method: DeliveryMethod


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def _fresh(customer: Customer, now: dt.datetime) -> bool:
    """A definite answer younger than a day ("the register did not answer", kept by a
    page view, is not one: a send asks again)."""
    checked = _aware(customer.efaktura_checked_at)
    return (
        checked is not None
        and customer.efaktura_answer not in (None, Answer.UNAVAILABLE)
        and now - checked < dt.timedelta(hours=LOOKUP_TTL_HOURS)
    )


def _query(session: Session, customer: Customer, now: dt.datetime, actor: str) -> PersonQuery:
    return PersonQuery(
        ref=str(customer.id),
        national_id=read_national_id(session, customer, now=now, actor=actor, purpose="efaktura"),
        mobile=customer.mobile,
        email=customer.email,
        name=customer.name,
        street=customer.street,
        postcode=customer.postcode,
    )


#: The issuer's blocked list per route, read at most once a day (Oslo): the route
#: itself (kept, so that its id is not reused), the day, the list.
_BLOCKED: dict[int, tuple[EfakturaRoute, dt.date, frozenset[str]]] = {}


def blocked_list(route: EfakturaRoute, now: dt.datetime) -> frozenset[str]:
    """The eFaktura addresses that have blocked us, as the route gave them today: the
    list is asked for once a day per route, not with every look-up. Raises
    :class:`EfakturaUnavailable` like the route (nothing is kept then)."""
    day = now.astimezone(OSLO).date()
    kept = _BLOCKED.get(id(route))
    if kept is not None and kept[1] == day:
        return kept[2]
    found = route.blocked()
    for key in [k for k, (_, d, _) in _BLOCKED.items() if d != day]:
        del _BLOCKED[key]
    _BLOCKED[id(route)] = (route, day, found)
    return found


def _answer_of(found: PersonAnswer, blocked: frozenset[str]) -> Answer:
    if found.identifier is None:
        return Answer.NOT_FOUND
    if found.blocked or found.identifier in blocked:
        return Answer.BLOCKED
    return Answer.CAN_RECEIVE


def _keep(
    session: Session,
    customer: Customer,
    found: PersonAnswer,
    answer: Answer,
    *,
    now: dt.datetime,
    actor: str,
    switch: bool,
    cached: bool = False,
) -> None:
    """Write a definite answer on the card (audited); with ``switch``, a customer who
    can receive eFaktura is switched to it."""
    before = {
        "efaktura_address": customer.efaktura_address,
        "efaktura_answer": customer.efaktura_answer,
        "efaktura_blocked": customer.efaktura_blocked,
        "delivery_method": customer.delivery_method,
    }
    customer.efaktura_address = found.identifier
    customer.efaktura_answer = answer.value
    customer.efaktura_blocked = answer is Answer.BLOCKED
    if not cached:  # a cached answer keeps the time it was got
        customer.efaktura_checked_at = now
    if switch and answer is Answer.CAN_RECEIVE:
        customer.delivery_method = DeliveryMethod.EFAKTURA.value
    audit.record(
        session, at=now, actor=actor, action="customer.efaktura_lookup",
        object_type="customer", object_id=customer.id, company_id=customer.company_id,
        before=before,
        after={
            "efaktura_address": customer.efaktura_address, "efaktura_answer": answer.value,
            "efaktura_blocked": customer.efaktura_blocked,
            "delivery_method": customer.delivery_method,
        },
    )  # fmt: skip


def _method_for(customer: Customer) -> DeliveryMethod:
    if (
        customer.efaktura_answer == Answer.CAN_RECEIVE
        and customer.delivery_method == DeliveryMethod.EFAKTURA
    ):
        return DeliveryMethod.EFAKTURA
    if customer.delivery_method == DeliveryMethod.EFAKTURA:
        # on the card, but the register says no (any more): e-mail, else print
        return (
            DeliveryMethod.EMAIL
            if (customer.invoice_email or customer.email)
            else (DeliveryMethod.PRINT)
        )
    return DeliveryMethod(customer.delivery_method)


def _route(route: EfakturaRoute | None) -> EfakturaRoute | None:
    if route is not None:
        return route
    from reskontro.channels.efaktura.settings import current_route

    return current_route()


def answer_for(
    session: Session,
    customer: Customer,
    route: EfakturaRoute | None,
    *,
    now: dt.datetime,
    actor: str,
    save: bool = False,
) -> Answer:
    """Can this customer receive eFaktura, at a send? The card's eFaktura address
    when it has one (MPS rejects it if it is no longer good), the card's answer when
    younger than a day, else the register's (kept on the card). ``save`` switches the
    card to eFaktura when the answer is yes."""
    if customer.efaktura_answer == Answer.CAN_RECEIVE and customer.efaktura_address:
        if save and customer.delivery_method != DeliveryMethod.EFAKTURA:
            cached = PersonAnswer(str(customer.id), customer.efaktura_address)
            _keep(
                session, customer, cached, Answer.CAN_RECEIVE, now=now, actor=actor,
                switch=True, cached=True,
            )  # fmt: skip
        return Answer.CAN_RECEIVE
    if _fresh(customer, now):
        return Answer(customer.efaktura_answer or Answer.NOT_FOUND)
    if route is None:
        return Answer.UNAVAILABLE
    if customer.kind != CustomerKind.PERSON:
        return Answer.NOT_FOUND
    try:
        found = route.look_up([_query(session, customer, now, actor)])[0]
        blocked = blocked_list(route, now)
    except EfakturaUnavailable:
        return Answer.UNAVAILABLE
    answer = _answer_of(found, blocked)
    _keep(session, customer, found, answer, now=now, actor=actor, switch=save)
    return answer


def efaktura_if_possible_many(
    session: Session,
    company_id: int,
    customer_ids: Sequence[int],
    *,
    now: dt.datetime,
    actor: str,
    route: EfakturaRoute | None = None,
) -> dict[int, DeliveryMethod]:
    """The method for each customer of a bulk run, inside the caller's transaction.
    Private customers not looked up in the last day are asked in one call (and the
    blocked list once); those who can receive eFaktura are switched to it."""
    customers = session.scalars(
        select(Customer).where(Customer.company_id == company_id, Customer.id.in_(customer_ids))
    ).all()
    chosen = _route(route)
    ask = [
        c
        for c in customers
        if c.kind == CustomerKind.PERSON and not _fresh(c, now) and chosen is not None
    ]
    if ask and chosen is not None:
        try:
            answers = chosen.look_up([_query(session, c, now, actor) for c in ask])
            blocked = blocked_list(chosen, now)
        except EfakturaUnavailable:
            answers, blocked = [], frozenset()
        by_ref = {a.ref: a for a in answers}
        for customer in ask:
            found = by_ref.get(str(customer.id))
            if found is not None:
                answer = _answer_of(found, blocked)
                _keep(session, customer, found, answer, now=now, actor=actor, switch=True)
    for customer in customers:
        if (
            customer.kind == CustomerKind.PERSON
            and customer not in ask
            and _fresh(customer, now)
            and customer.efaktura_answer == Answer.CAN_RECEIVE
            and customer.delivery_method != DeliveryMethod.EFAKTURA
        ):
            cached = PersonAnswer(str(customer.id), customer.efaktura_address)
            _keep(
                session, customer, cached, Answer.CAN_RECEIVE, now=now, actor=actor, switch=True,
                cached=True,
            )  # fmt: skip
    return {c.id: _method_for(c) for c in customers}


def efaktura_if_possible(
    session: Session,
    company_id: int,
    customer_id: int,
    *,
    now: dt.datetime,
    actor: str,
    route: EfakturaRoute | None = None,
) -> DeliveryMethod:
    """The method to send this customer's invoice by, when "Send som eFaktura hvis
    mulig" is chosen: eFaktura for a private customer the register knows (the card
    is switched to it), else the customer's own method. Never raises for the
    register being down; route None = the one the environment sets up."""
    methods = efaktura_if_possible_many(
        session, company_id, [customer_id], now=now, actor=actor, route=route
    )
    if customer_id not in methods:
        customer = session.get_one(Customer, customer_id)
        return DeliveryMethod(customer.delivery_method)
    return methods[customer_id]


def look_up_customer(
    sessions: sessionmaker[Session],
    clock: Clock,
    company_id: int,
    number: int,
    *,
    route: EfakturaRoute | None = None,
    save: bool = False,
    fresh: bool = False,
    actor: str,
) -> EfakturaLookup:
    """Can this customer receive eFaktura? The card's answer when younger than a day
    (unless ``fresh``), else the register's, kept on the card. ``save`` switches the
    card to eFaktura when the answer is yes ("lagre på kundekortet")."""
    now = clock.now()
    chosen = _route(route)
    with sessions.begin() as session:
        customer = customer_by_number(session, company_id, number)
        cached = _fresh(customer, now) and not fresh
        answer: Answer
        if cached:
            answer = Answer(customer.efaktura_answer or Answer.NOT_FOUND)
            if save and answer is Answer.CAN_RECEIVE:
                _keep(
                    session, customer, PersonAnswer(str(customer.id), customer.efaktura_address),
                    answer, now=now, actor=actor, switch=True, cached=True,
                )  # fmt: skip
        elif chosen is None or customer.kind != CustomerKind.PERSON:
            answer = Answer.UNAVAILABLE if chosen is None else Answer.NOT_FOUND
        else:
            try:
                found = chosen.look_up([_query(session, customer, now, actor)])[0]
                blocked = blocked_list(chosen, now)
            except EfakturaUnavailable:
                answer = Answer.UNAVAILABLE
            else:
                answer = _answer_of(found, blocked)
                _keep(session, customer, found, answer, now=now, actor=actor, switch=save)
        return EfakturaLookup(
            customer=number,
            answer=answer,
            efaktura_address=customer.efaktura_address,
            blocked=customer.efaktura_blocked,
            checked_at=_aware(customer.efaktura_checked_at),
            cached=cached,
            route=None if chosen is None else chosen.name,
            delivery_method=DeliveryMethod(customer.delivery_method),
        )


@dataclass(frozen=True, slots=True)
class EfakturaOverview:
    """The route in use and what the cards say (``reskontro efaktura status``)."""

    route: str | None
    persons: int
    can_receive: int
    by_efaktura: int
    blocked: int
    never_looked_up: int


def overview(sessions: sessionmaker[Session], company_id: int) -> EfakturaOverview:
    from sqlalchemy import func

    from reskontro.channels.efaktura.settings import current_route

    chosen = current_route()
    with sessions() as session:
        rows = session.execute(
            select(Customer.efaktura_answer, Customer.delivery_method, func.count())
            .where(Customer.company_id == company_id, Customer.kind == CustomerKind.PERSON.value)
            .group_by(Customer.efaktura_answer, Customer.delivery_method)
        ).all()
    return EfakturaOverview(
        route=None if chosen is None else chosen.name,
        persons=sum(n for _, _, n in rows),
        can_receive=sum(n for a, _, n in rows if a == Answer.CAN_RECEIVE),
        by_efaktura=sum(n for _, m, n in rows if m == DeliveryMethod.EFAKTURA),
        blocked=sum(n for a, _, n in rows if a == Answer.BLOCKED),
        never_looked_up=sum(n for a, _, n in rows if a is None),
    )
