"""eFaktura at invoicing: the customer's look-up data (encrypted, masked, audited),
the look-up kept on the card and cached for a day, and the hook for bulk/recurring."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import func, select

from reskontro.channels.efaktura import (
    EfakturaUnavailable,
)
from reskontro.channels.efaktura.sandbox import DEMO_PERSONS, SandboxRegister
from reskontro.domain.delivery import DeliveryMethod
from reskontro.domain.efaktura import Answer
from reskontro.errors import ValidationError
from reskontro.services.delivery.efaktura import (
    efaktura_if_possible,
    efaktura_if_possible_many,
    look_up_customer,
    overview,
)
from reskontro.services.delivery.efaktura_card import KEY_VARIABLE, set_person_data
from reskontro.services.invoicing import customers
from reskontro.services.invoicing.customers import CardChanges
from reskontro.storage.db import session_factory
from reskontro.storage.models import AuditEntry, Customer

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.channels.efaktura import (
        PersonAnswer,
        PersonQuery,
    )
    from reskontro.clock import FixedClock
    from reskontro.services.invoicing.books import Books

KARI, OLA, PER, _RITA = DEMO_PERSONS


class CountingRegister(SandboxRegister):
    """The sandbox, counting look-ups; ``down`` makes it unavailable."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.down = False

    def look_up(self, queries: Sequence[PersonQuery]) -> list[PersonAnswer]:
        if self.down:
            raise EfakturaUnavailable("down")
        self.asked.extend(q.ref for q in queries)
        return super().look_up(queries)


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_VARIABLE, Fernet.generate_key().decode())
    monkeypatch.delenv("RESKONTRO_EFAKTURA", raising=False)


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return session_factory(engine)


@pytest.fixture
def company(books: Books) -> int:
    view = books.create_company(
        name="Selger AS", org_number="123456785", account="86011117947", actor="t"
    )
    return int(view.id)


def _person(
    sessions: sessionmaker[Session], clock: FixedClock, company: int, name: str, **card: str
) -> int:
    changes = CardChanges(name=name, kind="person", delivery_method="print", street="Gata 1",
                          postcode="0150", city="Oslo", **card)  # fmt: skip
    return customers.create(sessions, clock, company, changes, actor="t").number


def test_national_id_is_encrypted_masked_and_its_reads_audited(
    sessions: sessionmaker[Session], clock: FixedClock, company: int
) -> None:
    number = _person(sessions, clock, company, "Kari Nordmann")
    card = set_person_data(
        sessions, clock, company, number, national_id=KARI.national_id, mobile="+47 912 34 567",
        actor="t",
    )  # fmt: skip
    assert card.national_id == "010100*****"
    assert card.mobile == "91234567"
    with sessions() as session:
        stored = session.scalars(select(Customer.national_id_enc)).one()
        assert stored is not None
        assert KARI.national_id not in stored
        logged = session.scalars(select(AuditEntry.after)).all()
        assert all(KARI.national_id not in (row or "") for row in logged)
    look_up_customer(sessions, clock, company, number, route=SandboxRegister(), actor="t")
    with sessions() as session:
        reads = session.scalar(
            select(func.count()).where(AuditEntry.action == "customer.national_id_read")
        )
    assert reads == 1
    with pytest.raises(ValidationError) as info:
        set_person_data(sessions, clock, company, number, national_id="01010012357", actor="t")
    assert info.value.field == "national_id"
    cleared = set_person_data(
        sessions, clock, company, number, national_id="", mobile="", actor="t"
    )
    assert (cleared.national_id, cleared.mobile) == (None, None)


def test_national_id_needs_a_person_and_a_key(
    sessions: sessionmaker[Session], clock: FixedClock, company: int, books: Books,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    business = books.create_customer(company, name="Firma AS", actor="t").number
    with pytest.raises(ValidationError, match="private customer"):
        set_person_data(
            sessions, clock, company, int(business), national_id=KARI.national_id, actor="t"
        )
    number = _person(sessions, clock, company, "Kari")
    monkeypatch.delenv(KEY_VARIABLE)
    with pytest.raises(ValidationError, match=KEY_VARIABLE):
        set_person_data(sessions, clock, company, number, national_id=KARI.national_id, actor="t")
    monkeypatch.setenv(KEY_VARIABLE, "not-a-key")
    with pytest.raises(ValidationError, match=KEY_VARIABLE):
        set_person_data(sessions, clock, company, number, national_id=KARI.national_id, actor="t")


def test_look_up_keeps_the_answer_and_caches_it_for_a_day(
    sessions: sessionmaker[Session], clock: FixedClock, company: int
) -> None:
    number = _person(sessions, clock, company, "Kari Nordmann")
    set_person_data(sessions, clock, company, number, national_id=KARI.national_id, actor="t")
    register = CountingRegister()
    first = look_up_customer(sessions, clock, company, number, route=register, actor="t")
    assert (first.answer, first.efaktura_address, first.cached) == (
        Answer.CAN_RECEIVE, KARI.identifier, False,
    )  # fmt: skip
    assert first.delivery_method is DeliveryMethod.PRINT  # not saved
    clock.at += dt.timedelta(hours=23)
    second = look_up_customer(
        sessions, clock, company, number, route=register, save=True, actor="t"
    )
    assert second.cached
    assert second.delivery_method is DeliveryMethod.EFAKTURA  # lagre på kundekortet
    assert len(register.asked) == 1
    clock.at += dt.timedelta(hours=2)
    third = look_up_customer(sessions, clock, company, number, route=register, actor="t")
    assert not third.cached
    assert len(register.asked) == 2


def test_register_down_changes_nothing(
    sessions: sessionmaker[Session], clock: FixedClock, company: int
) -> None:
    number = _person(sessions, clock, company, "Kari Nordmann")
    set_person_data(sessions, clock, company, number, national_id=KARI.national_id, actor="t")
    register = CountingRegister()
    register.down = True
    result = look_up_customer(sessions, clock, company, number, route=register, actor="t")
    assert result.answer is Answer.UNAVAILABLE
    assert result.checked_at is None
    none = look_up_customer(sessions, clock, company, number, actor="t")
    assert (none.answer, none.route) == (Answer.UNAVAILABLE, None)


def test_blocked_and_unknown(
    sessions: sessionmaker[Session], clock: FixedClock, company: int
) -> None:
    per = _person(sessions, clock, company, PER.name, email=PER.email)
    nobody = _person(sessions, clock, company, "Nils Ukjent", email="nils@example.no")
    blocked = look_up_customer(
        sessions, clock, company, per, route=SandboxRegister(), save=True, actor="t"
    )
    assert (blocked.answer, blocked.blocked, blocked.delivery_method) == (
        Answer.BLOCKED, True, DeliveryMethod.PRINT,
    )  # fmt: skip
    unknown = look_up_customer(sessions, clock, company, nobody, route=SandboxRegister(), actor="t")
    assert unknown.answer is Answer.NOT_FOUND


def test_bulk_hook_asks_each_customer_once_and_switches_the_cards(
    sessions: sessionmaker[Session], clock: FixedClock, company: int, books: Books
) -> None:
    kari = _person(sessions, clock, company, "Kari Nordmann")
    set_person_data(sessions, clock, company, kari, national_id=KARI.national_id, actor="t")
    ola = _person(sessions, clock, company, "Ola", email=OLA.email)
    set_person_data(sessions, clock, company, ola, mobile=OLA.mobile, actor="t")
    per = _person(sessions, clock, company, PER.name, email=PER.email)
    firm = int(
        books.create_customer(company, name="Firma AS", email="post@firma.no", actor="t").number
    )
    register = CountingRegister()
    with sessions.begin() as session:
        ids = {
            n: session.scalars(select(Customer.id).where(Customer.number == n)).one()
            for n in (kari, ola, per, firm)
        }
        methods = efaktura_if_possible_many(
            session, company, list(ids.values()), now=clock.now(), actor="t", route=register
        )
        again = efaktura_if_possible(
            session, company, ids[kari], now=clock.now(), actor="t", route=register
        )
    assert methods == {
        ids[kari]: DeliveryMethod.EFAKTURA, ids[ola]: DeliveryMethod.EFAKTURA,
        ids[per]: DeliveryMethod.PRINT, ids[firm]: DeliveryMethod.EMAIL,
    }  # fmt: skip
    assert again is DeliveryMethod.EFAKTURA
    assert sorted(register.asked) == sorted(str(ids[n]) for n in (kari, ola, per))
    assert customers.get(sessions, company, kari).delivery_method is DeliveryMethod.EFAKTURA
    status = overview(sessions, company)
    assert (status.persons, status.can_receive, status.by_efaktura, status.blocked) == (3, 2, 2, 1)


def test_bulk_hook_with_the_register_down_keeps_the_own_method(
    sessions: sessionmaker[Session], clock: FixedClock, company: int
) -> None:
    kari = _person(sessions, clock, company, "Kari Nordmann")
    set_person_data(sessions, clock, company, kari, national_id=KARI.national_id, actor="t")
    register = CountingRegister()
    register.down = True
    with sessions.begin() as session:
        cid = session.scalars(select(Customer.id).where(Customer.number == kari)).one()
        method = efaktura_if_possible(
            session, company, cid, now=clock.now(), actor="t", route=register
        )
        unset = efaktura_if_possible(session, company, cid, now=clock.now(), actor="t")
        elsewhere = efaktura_if_possible(session, company + 999, cid, now=clock.now(), actor="t")
    assert method is unset is elsewhere is DeliveryMethod.PRINT


def test_a_card_on_efaktura_the_register_no_longer_knows_falls_back(
    sessions: sessionmaker[Session], clock: FixedClock, company: int
) -> None:
    with_mail = _person(sessions, clock, company, "Nils", email="nils@example.no")
    no_mail = _person(sessions, clock, company, "Nora")
    for number in (with_mail, no_mail):
        customers.update(
            sessions, clock, company, number, CardChanges(delivery_method="efaktura"), actor="t"
        )
    with sessions.begin() as session:
        ids = list(session.scalars(select(Customer.id).order_by(Customer.number)))
        methods = efaktura_if_possible_many(
            session, company, ids, now=clock.now(), actor="t", route=SandboxRegister()
        )
    assert sorted(methods.values()) == sorted([DeliveryMethod.EMAIL, DeliveryMethod.PRINT])
