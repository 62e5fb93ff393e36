"""Mandate lists (FBO) from Nets: who pays by AvtaleGiro, and who wants a notice.

Spec §4.2. Registration types: ``0`` a full list (mandates missing from it have
ended), ``1`` new or changed (every one is processed: the notify flag may have
changed), ``2`` deleted. A mandate's customer is the one whose number stands at the
KID's customer-number positions (:func:`.agreement.customer_position`); a mandate
whose KID fits no customer *waits* for a person (:func:`assign_mandate`). Every change
is kept as the mandate's history.

A list of 100 000 mandates is applied with a handful of statements: the company's
mandates and customer numbers are read once, new mandates and history rows are
inserted in bulk, changed ones updated in bulk by primary key.
"""

from __future__ import annotations

import datetime as dt  # noqa: TC003 - a dataclass field type
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from sqlalchemy import bindparam, insert, select, update

from reskontro.domain.avtalegiro import Code, FileDirection, MandateChange, MandateState
from reskontro.domain.avtalegiro import customer_number_in as _number_in
from reskontro.errors import NotFound, StateError, ValidationError
from reskontro.formats import nets
from reskontro.formats.nets import AgreementAssignment, RegistrationType
from reskontro.gcpause import collector_paused
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.avtalegiro.agreement import agreement_of, company_of, customer_position
from reskontro.storage.models import Customer
from reskontro.storage.models_avtalegiro import AvtaleGiroFile, Mandate, MandateEvent
from reskontro.storage.repo import customer_by_number

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock
    from reskontro.formats.nets import Transmission

_ACTIVE, _WAITING, _ENDED = (s.value for s in MandateState)


@dataclass(frozen=True, slots=True)
class MandateResult:
    """What a mandate list did."""

    new: int
    changed: int
    deleted: int
    #: Mandates in force whose KID fits no customer (after this list).
    waiting: int


@dataclass(frozen=True, slots=True)
class MandateView:
    #: The customer's number, or None while the mandate waits for a person.
    customer: int | None
    kid: str
    notify: bool
    #: In force at Nets (waiting ones too).
    active: bool
    state: MandateState
    customer_name: str | None
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class MandateEventView:
    kid: str
    change: MandateChange
    state: MandateState
    notify: bool
    registration_type: int | None
    at: dt.datetime
    actor: str


def is_mandate_list(transmission: Transmission) -> bool:
    """The file holds an FBO list (Nets may send one beside OCR assignments)."""
    return any(isinstance(a, AgreementAssignment) for a in transmission.assignments)


@dataclass(slots=True)
class _Known:
    id: int
    customer_id: int | None
    notify: bool
    state: str


#: Core statements: a list of 100 000 mandates is written with executemany.
_MANDATES = cast("Table", Mandate.__table__)
_EVENTS = cast("Table", MandateEvent.__table__)
_UPDATE = (
    update(_MANDATES)
    .where(_MANDATES.c.id == bindparam("b_id"))
    .values(
        customer_id=bindparam("b_customer_id"),
        notify=bindparam("b_notify"),
        state=bindparam("b_state"),
        updated_at=bindparam("b_updated_at"),
    )
)


def _update(known: _Known, now: dt.datetime) -> dict[str, object]:
    return {
        "b_id": known.id,
        "b_customer_id": known.customer_id,
        "b_notify": known.notify,
        "b_state": known.state,
        "b_updated_at": now,
    }


def apply_mandate_list(
    session: Session,
    company_id: int,
    transmission: Transmission,
    *,
    data: bytes,
    filename: str,
    now: dt.datetime,
    actor: str,
) -> MandateResult:
    """Apply a parsed mandate list inside the caller's transaction, and keep the file."""
    if not is_mandate_list(transmission):
        raise ValidationError(Message.of(Code.NOT_A_MANDATE_LIST, filename=filename))
    agreement = agreement_of(session, company_id)
    company = company_of(session, company_id)
    first, last = customer_position(company)
    assignments = [a for a in transmission.assignments if isinstance(a, AgreementAssignment)]
    for assignment in assignments:
        if assignment.account != agreement.account:
            raise ValidationError(
                Message.of(
                    Code.MANDATE_ACCOUNT, account=assignment.account, expected=agreement.account
                )
            )
    file_row = AvtaleGiroFile(
        company_id=company_id, direction=FileDirection.MANDATES.value, filename=filename,
        sha256=hashlib.sha256(data).hexdigest(), content=data,
        transmission_number=transmission.transmission_number, created_at=now, actor=actor,
        claims=0, cancellations=0, amount_ore=0,
    )  # fmt: skip
    session.add(file_row)
    session.flush()
    known = {
        kid: _Known(id_, customer, notify, state)
        for id_, kid, customer, notify, state in session.execute(
            select(
                Mandate.id, Mandate.kid, Mandate.customer_id, Mandate.notify, Mandate.state
            ).where(Mandate.company_id == company_id)
        )
    }
    customers: dict[int, int] = {
        number: id_
        for id_, number in session.execute(
            select(Customer.id, Customer.number).where(
                Customer.company_id == company_id, Customer.is_placeholder.is_(False)
            )
        )
    }
    counts = dict.fromkeys(MandateChange, 0)
    inserts: dict[str, dict[str, object]] = {}
    updates: list[dict[str, object]] = []
    events: list[dict[str, object]] = []
    seen: set[str] = set()
    full_list = False

    def event(mandate_id: int, customer_id: int | None, kind: int | None, change: MandateChange,
              state: str, notify: bool) -> None:  # fmt: skip
        counts[change] += 1
        events.append({
            "company_id": company_id, "mandate_id": mandate_id, "customer_id": customer_id,
            "file_id": file_row.id, "registration_type": kind, "change": change.value,
            "state": state, "notify": notify, "at": now, "actor": actor,
        })  # fmt: skip

    for assignment in assignments:
        for record in assignment.agreements:
            if record.kid is None:
                raise ValidationError(
                    Message.of(Code.MANDATE_WITHOUT_KID, number=record.number, filename=filename)
                )
            kid, kind = record.kid, int(record.registration_type)
            old = known.get(kid)
            if old is not None and not old.id:  # new in this very list: change the insert
                del known[kid]
                inserts.pop(kid)
                seen.discard(kid)
                old = None
            if record.registration_type is RegistrationType.DELETED:
                seen.discard(kid)
                if old is not None and old.state != _ENDED:
                    old.state = _ENDED
                    updates.append(_update(old, now))
                    event(old.id, old.customer_id, kind, MandateChange.DELETED, _ENDED, old.notify)
                continue
            full_list |= record.registration_type is RegistrationType.FULL_LIST
            seen.add(kid)
            number = _number_in(kid, first, last)
            customer_id = customers.get(number) if number is not None else None
            if old is None:
                state = _ACTIVE if customer_id is not None else _WAITING
                inserts[kid] = {
                    "company_id": company_id, "kid": kid, "customer_id": customer_id,
                    "notify": record.notify, "state": state, "created_at": now,
                    "updated_at": now,
                }  # fmt: skip
                known[kid] = _Known(0, customer_id, record.notify, state)
                continue
            # A customer a person assigned stays, unless the KID now names one.
            customer_id = customer_id if customer_id is not None else old.customer_id
            state = _ACTIVE if customer_id is not None else _WAITING
            if old.state != _ENDED and (old.notify, old.customer_id) == (
                record.notify,
                customer_id,
            ):
                continue
            change = MandateChange.NEW if old.state == _ENDED else MandateChange.CHANGED
            old.customer_id, old.notify, old.state = customer_id, record.notify, state
            updates.append(_update(old, now))
            event(old.id, customer_id, kind, change, state, record.notify)
    if full_list:
        for kid, old in known.items():
            if old.id and kid not in seen and old.state != _ENDED:
                old.state = _ENDED
                updates.append(_update(old, now))
                event(old.id, old.customer_id, 0, MandateChange.DELETED, _ENDED, old.notify)
    if inserts:
        session.execute(insert(_MANDATES), list(inserts.values()))
        created = session.execute(
            select(Mandate.id, Mandate.kid).where(
                Mandate.company_id == company_id, Mandate.created_at == now
            )
        )
        for id_, kid in created:
            row = known[kid]
            if not row.id:
                row.id = id_
                event(id_, row.customer_id, None, MandateChange.NEW, row.state, row.notify)
    if updates:
        session.execute(_UPDATE, updates)
    if events:
        session.execute(insert(_EVENTS), events)
    file_row.new = counts[MandateChange.NEW]
    file_row.changed = counts[MandateChange.CHANGED]
    file_row.deleted = counts[MandateChange.DELETED]
    waiting = sum(1 for m in known.values() if m.state == _WAITING)
    result = MandateResult(file_row.new, file_row.changed, file_row.deleted, waiting)
    audit.record(
        session, at=now, actor=actor, action="avtalegiro.mandates",
        object_type="avtalegiro_file", object_id=file_row.id, company_id=company_id,
        after={"filename": filename, "new": result.new, "changed": result.changed,
               "deleted": result.deleted, "waiting": waiting},
    )  # fmt: skip
    return result


def read_mandates(
    sessions: sessionmaker[Session],
    clock: Clock,
    company_id: int,
    data: bytes,
    *,
    filename: str,
    actor: str,
) -> MandateResult:
    """Read a mandate list (a Nets file of FBO assignments) and apply it."""
    with collector_paused():
        transmission = nets.parse(data)
        with sessions.begin() as session:
            return apply_mandate_list(
                session, company_id, transmission, data=data, filename=filename,
                now=clock.now(), actor=actor,
            )  # fmt: skip


def list_mandates(
    sessions: sessionmaker[Session],
    company_id: int,
    *,
    state: MandateState | None = None,
    customer: int | None = None,
    notify: bool | None = None,
    kid: str | None = None,
    limit: int | None = None,
) -> tuple[MandateView, ...]:
    """The company's mandates, by customer number then KID, filtered."""
    query = (
        select(Mandate, Customer.number, Customer.name)
        .outerjoin(Customer, Customer.id == Mandate.customer_id)
        .where(Mandate.company_id == company_id)
        .order_by(Customer.number.is_(None), Customer.number, Mandate.kid)
    )
    if state is not None:
        query = query.where(Mandate.state == state.value)
    if customer is not None:
        query = query.where(Customer.number == customer)
    if notify is not None:
        query = query.where(Mandate.notify.is_(notify))
    if kid:
        query = query.where(Mandate.kid.contains(kid.strip()))
    if limit is not None:
        query = query.limit(limit)
    with sessions() as session:
        return tuple(
            MandateView(
                customer=number,
                kid=m.kid,
                notify=m.notify,
                active=m.state != _ENDED,
                state=MandateState(m.state),
                customer_name=name,
                updated_at=m.updated_at,
            )
            for m, number, name in session.execute(query)
        )


def assign_mandate(
    sessions: sessionmaker[Session],
    clock: Clock,
    company_id: int,
    *,
    kid: str,
    customer_number: int,
    actor: str,
) -> MandateView:
    """A person names the customer of a mandate that waits."""
    now = clock.now()
    with sessions.begin() as session:
        mandate = session.execute(
            select(Mandate).where(Mandate.company_id == company_id, Mandate.kid == kid.strip())
        ).scalar_one_or_none()
        if mandate is None:
            raise NotFound(Message.of(Code.NO_MANDATE, kid=kid), field="kid")
        if mandate.state != _WAITING:
            raise StateError(Message.of(Code.NOT_WAITING, kid=kid, state=mandate.state))
        customer = customer_by_number(session, company_id, customer_number)
        mandate.customer_id, mandate.state, mandate.updated_at = customer.id, _ACTIVE, now
        session.add(
            MandateEvent(
                company_id=company_id, mandate_id=mandate.id, customer_id=customer.id,
                change=MandateChange.ASSIGNED.value, state=_ACTIVE, notify=mandate.notify,
                at=now, actor=actor,
            )
        )  # fmt: skip
        session.flush()
        return MandateView(
            customer=customer.number, kid=mandate.kid, notify=mandate.notify, active=True,
            state=MandateState.ACTIVE, customer_name=customer.name, updated_at=now,
        )  # fmt: skip


def mandate_history(
    sessions: sessionmaker[Session], company_id: int, customer_number: int
) -> tuple[MandateEventView, ...]:
    """Every change of the customer's mandates, oldest first."""
    with sessions() as session:
        customer = customer_by_number(session, company_id, customer_number)
        rows = session.execute(
            select(MandateEvent, Mandate.kid)
            .join(Mandate, Mandate.id == MandateEvent.mandate_id)
            .where(MandateEvent.customer_id == customer.id)
            .order_by(MandateEvent.at, MandateEvent.id)
        )
        return tuple(
            MandateEventView(
                kid=kid,
                change=MandateChange(e.change),
                state=MandateState(e.state),
                notify=e.notify,
                registration_type=e.registration_type,
                at=e.at,
                actor=e.actor,
            )
            for e, kid in rows
        )


__all__ = [
    "MandateEventView",
    "MandateResult",
    "MandateView",
    "apply_mandate_list",
    "assign_mandate",
    "is_mandate_list",
    "list_mandates",
    "mandate_history",
    "read_mandates",
]
