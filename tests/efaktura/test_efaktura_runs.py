""" "Send som eFaktura hvis mulig" in bulk and recurring invoicing (issue 13 with 15):
each private customer looked up once per run, switched where the register says yes
and invoiced as eFaktura; not when MPS' rules would refuse the run; the register
down stops nothing; recurring switches a customer who turns eFaktura on later."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from reskontro.channels.efaktura import (
    ConsignmentStatus,
    EfakturaUnavailable,
    InvoiceOutcome,
    PersonAnswer,
)
from reskontro.channels.efaktura import settings as efaktura_settings
from reskontro.domain.delivery import DeliveryMethod, DeliveryState
from reskontro.domain.efaktura import ConsignmentState
from reskontro.domain.invoice import LineDraft
from reskontro.domain.recurring import Interval
from reskontro.domain.vat import VatCode
from reskontro.services.delivery.efaktura_card import KEY_VARIABLE
from reskontro.services.delivery.run import Deliverer
from reskontro.services.invoicing import customers
from reskontro.services.invoicing.bulk import Bulk, Selection
from reskontro.services.invoicing.customers import CardChanges
from reskontro.services.invoicing.recurring import AgreementLine, Recurring
from reskontro.storage.models import Customer
from reskontro.storage.models_delivery import Delivery

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reskontro.channels.efaktura import Consignment, PersonQuery
    from reskontro.clock import FixedClock
    from reskontro.services.invoicing.books import Books

LINE = LineDraft("Kontingent", 1000, 50000, VatCode.EXEMPT)


class Register:
    """A register where the persons named in ``accepting`` (by name) can receive
    eFaktura; counts who was asked; ``down`` makes it unavailable."""

    name = "test"

    def __init__(self) -> None:
        self.accepting: set[str] = set()
        self.asked: list[str] = []
        self.down = False

    def look_up(self, queries: Sequence[PersonQuery]) -> list[PersonAnswer]:
        if self.down:
            raise EfakturaUnavailable("down")
        self.asked.extend(q.ref for q in queries)
        return [
            PersonAnswer(q.ref, f"EF-{q.ref}" if q.name in self.accepting else None)
            for q in queries
        ]

    def blocked(self) -> frozenset[str]:
        return frozenset()

    def submit(self, consignment: Consignment) -> ConsignmentStatus:
        outcomes = tuple(InvoiceOutcome(i.invoice_number, True) for i in consignment.invoices)
        return ConsignmentStatus(consignment.consignment_id, ConsignmentState.PROCESSED, outcomes)

    def status(self, consignment_id: str) -> ConsignmentStatus:
        return ConsignmentStatus(consignment_id, ConsignmentState.PROCESSED)


@pytest.fixture
def register(monkeypatch: pytest.MonkeyPatch) -> Register:
    monkeypatch.setenv(KEY_VARIABLE, Fernet.generate_key().decode())
    the_register = Register()
    monkeypatch.setattr(efaktura_settings, "current_route", lambda _env=None: the_register)
    return the_register


def _company(books: Books, clock: FixedClock, names: Sequence[str]) -> int:
    company = int(books.create_company(
        name="Klubb", org_number="123456785", account="86011117947", vat_registered=True,
        actor="t",
    ).id)  # fmt: skip
    for name in names:
        changes = CardChanges(
            name=name, kind="person", email=f"{name.lower()}@x.no", street="Gata 1",
            postcode="0150", city="Oslo",
        )  # fmt: skip
        customers.create(books.sessions, clock, company, changes, actor="t")
    books.create_customer(company, name="Firma AS", email="firma@x.no", actor="t")
    return company


def _methods(books: Books) -> dict[str, str]:
    with books.sessions() as session:
        rows = session.execute(select(Customer.name, Customer.delivery_method)).all()
    return dict(rows)  # type: ignore[arg-type]


def test_bulk_switches_those_who_can_and_asks_each_once(
    books: Books, clock: FixedClock, register: Register
) -> None:
    company = _company(books, clock, ["Kari", "Nils"])
    register.accepting.add("Kari")
    bulk = Bulk(books)
    key = bulk.start(company, Selection(all=True), [LINE], run_id="r1", actor="t")
    result = bulk.run(company, key)
    assert (result.issued, result.sent.efaktura, result.sent.email) == (3, 1, 2)
    assert _methods(books) == {"Kari": "efaktura", "Nils": "email", "Firma AS": "email"}
    assert sorted(register.asked) == sorted(set(register.asked))  # nobody twice
    assert len(register.asked) == 2  # the business is not looked up
    # The same day: the answers are cached, nobody is asked again.
    again = bulk.start(company, Selection(all=True), [LINE], run_id="r2", actor="t")
    assert bulk.run(company, again).sent.efaktura == 1
    assert len(register.asked) == 2
    Deliverer(books.sessions, clock, efaktura=register).run()
    with books.sessions() as session:
        states = session.scalars(
            select(Delivery.state).where(Delivery.method == DeliveryMethod.EFAKTURA.value)
        ).all()
    assert states == [DeliveryState.DELIVERED.value] * 2


def test_bulk_without_the_choice_or_against_the_rules_switches_nobody(
    books: Books, clock: FixedClock, register: Register
) -> None:
    company = _company(books, clock, ["Kari"])
    register.accepting.add("Kari")
    bulk = Bulk(books)
    off = bulk.start(
        company, Selection(all=True), [LINE], run_id="off", efaktura_if_possible=False, actor="t"
    )
    assert bulk.run(company, off).sent.efaktura == 0
    too_soon = bulk.start(
        company, Selection(all=True), [LINE], run_id="soon", terms_days=2, actor="t"
    )
    assert bulk.run(company, too_soon).sent.efaktura == 0
    assert register.asked == []
    assert _methods(books)["Kari"] == "email"
    ok = bulk.start(company, Selection(all=True), [LINE], run_id="ok", terms_days=3, actor="t")
    assert bulk.run(company, ok).sent.efaktura == 1


def test_bulk_with_the_register_down_invoices_everyone(
    books: Books, clock: FixedClock, register: Register
) -> None:
    company = _company(books, clock, ["Kari"])
    register.accepting.add("Kari")
    register.down = True
    bulk = Bulk(books)
    result = bulk.run(company, bulk.start(company, Selection(all=True), [LINE], actor="t"))
    assert (result.issued, result.sent.email, result.sent.efaktura) == (2, 2, 0)


def test_recurring_switches_a_customer_who_turns_efaktura_on_later(
    books: Books, clock: FixedClock, register: Register
) -> None:
    company = _company(books, clock, ["Kari", "Nils"])
    recurring = Recurring(books)
    line = AgreementLine("Leie", 1000, VatCode.EXEMPT, 100_00)
    start = clock.today()
    on = recurring.create(
        company, lines=[line], interval=Interval.MONTH, customer=10000, start=start, actor="t"
    )
    assert on.efaktura_if_possible is True  # ticked by default
    recurring.create(
        company, lines=[line], interval=Interval.MONTH, customer=10001, start=start,
        efaktura_if_possible=False, actor="t",
    )  # fmt: skip
    register.accepting.update({"Kari", "Nils"})
    assert recurring.run(company, today=start, actor="t").created == 2
    assert _methods(books) == {"Kari": "efaktura", "Nils": "email", "Firma AS": "email"}
    # Nils turns eFaktura on; his agreement does not ask. Kari's next month goes as eFaktura.
    clock.at += dt.timedelta(days=32)
    assert recurring.run(company, today=clock.today(), actor="t").created == 2
    assert _methods(books)["Nils"] == "email"
    with books.sessions() as session:
        methods = session.scalars(select(Delivery.method).order_by(Delivery.id)).all()
    assert methods.count("efaktura") == 2


def test_recurring_asks_again_at_the_next_invoicing(
    books: Books, clock: FixedClock, register: Register
) -> None:
    company = _company(books, clock, ["Nils"])
    recurring = Recurring(books)
    line = AgreementLine("Leie", 1000, VatCode.EXEMPT, 100_00)
    recurring.create(
        company, lines=[line], interval=Interval.MONTH, customer=10000, start=clock.today(),
        actor="t",
    )  # fmt: skip
    recurring.run(company, today=clock.today(), actor="t")
    assert _methods(books)["Nils"] == "email"
    register.accepting.add("Nils")  # turns eFaktura on in the online bank
    clock.at += dt.timedelta(days=32)
    recurring.run(company, today=clock.today(), actor="t")
    assert _methods(books)["Nils"] == "efaktura"
    assert len(register.asked) == 2
