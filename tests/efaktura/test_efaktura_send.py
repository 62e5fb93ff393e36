"""Sending eFaktura (issue 13): MPS' rules first, the customer's eFaktura address, the
worker handing consignments to MPS and polling them, a rejected eFaktura falling
back to the customer's next method, and the register down never stopping invoicing.
Against the sandbox register and against the loopback MPS web service."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from reskontro.channels.efaktura import EfakturaUnavailable
from reskontro.channels.efaktura import settings as efaktura_settings
from reskontro.channels.efaktura.sandbox import DEMO_PERSONS, SandboxRegister
from reskontro.channels.efaktura.soap import SoapRoute, SoapSettings
from reskontro.domain.delivery import DeliveryMethod, DeliveryState, Refusal
from reskontro.domain.efaktura import Rule
from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.messages import Message
from reskontro.services.delivery import send
from reskontro.services.delivery.efaktura_card import KEY_VARIABLE, set_person_data
from reskontro.services.delivery.records import DeliveryReason
from reskontro.services.delivery.run import Deliverer
from reskontro.services.invoicing import customers
from reskontro.services.invoicing.customers import CardChanges
from reskontro.storage.db import session_factory
from reskontro.storage.models import Customer, Invoice
from reskontro.testing.efaktura import LoopbackMps, RunningMps

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.channels.efaktura import EfakturaRoute, PersonAnswer, PersonQuery
    from reskontro.clock import FixedClock
    from reskontro.services.delivery.records import DeliveryView, SendResult
    from reskontro.services.invoicing.books import Books

KARI, OLA, PER, RITA = DEMO_PERSONS
LINE = [LineDraft("Abonnement", 1000, 19900, VatCode.STANDARD)]


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


def small_ehf(session: Session, company_id: int, invoice_id: int) -> bytes:
    return f"<Invoice id='{invoice_id}'/>".encode()


class Shop:
    def __init__(self, books: Books, clock: FixedClock, engine: Engine) -> None:
        self.books, self.clock = books, clock
        self.sessions: sessionmaker[Session] = session_factory(engine)
        self.cid = int(books.create_company(
            name="Selger AS", org_number="123456785", account="86011117947", vat_registered=True,
            actor="t",
        ).id)  # fmt: skip
        self.route: EfakturaRoute | None = None

    def person(self, who: object = None, method: str = "email", **card: str) -> int:
        name = getattr(who, "name", "Nils Ukjent")
        mobile = card.pop("mobile", None)
        changes = CardChanges(
            name=name, kind="person", delivery_method=method, email=card.pop("email", "n@x.no"),
            street="Gata 1", postcode="0150", city="Oslo", **card,
        )  # fmt: skip
        number = customers.create(self.sessions, self.clock, self.cid, changes, actor="t").number
        nid = getattr(who, "national_id", None)
        if nid or mobile:
            set_person_data(
                self.sessions,
                self.clock,
                self.cid,
                number,
                national_id=nid,
                mobile=mobile,
                actor="t",
            )
        return number

    def invoice(self, number: int, *, terms_days: int = 14) -> int:
        due = self.clock.today() + dt.timedelta(days=terms_days)
        draft = self.books.create_invoice(
            self.cid, customer_number=number, lines=LINE, due=due, actor="t"
        )
        return int(self.books.issue_invoice(self.cid, draft.id, actor="t").id)

    def send(self, invoice: int, method: DeliveryMethod | None = DeliveryMethod.EFAKTURA,
             save: bool = False) -> SendResult:  # fmt: skip
        return send.send(self.sessions, self.clock, self.cid, invoice, method, actor="t", save=save)

    def history(self, invoice: int) -> list[DeliveryView]:
        return send.deliveries(self.sessions, self.cid, invoice)

    def deliver(self) -> Deliverer:
        deliverer = Deliverer(self.sessions, self.clock, efaktura=self.route, ehf=small_ehf)
        deliverer.run()
        return deliverer

    def card(self, number: int) -> Customer:
        with self.sessions() as session:
            return session.scalars(
                select(Customer).where(Customer.company_id == self.cid, Customer.number == number)
            ).one()


@pytest.fixture
def shop(books: Books, clock: FixedClock, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Shop:
    monkeypatch.setenv(KEY_VARIABLE, Fernet.generate_key().decode())
    monkeypatch.delenv("RESKONTRO_EFAKTURA", raising=False)
    the_shop = Shop(books, clock, engine)
    monkeypatch.setattr(efaktura_settings, "current_route", lambda _environ=None: the_shop.route)
    return the_shop


def test_the_rules_come_first_and_name_themselves(shop: Shop) -> None:
    shop.route = register = CountingRegister()
    kari = shop.person(KARI)
    for days, code in ((2, Rule.DUE_TOO_SOON), (366, Rule.DUE_TOO_LATE)):
        result = shop.send(shop.invoice(kari, terms_days=days))
        assert (result.status, result.reason and result.reason.code) == (
            DeliveryState.REFUSED, code,
        )  # fmt: skip
    assert register.asked == []  # nothing looked up when a rule forbids the send
    for days in (3, 365):
        assert shop.send(shop.invoice(kari, terms_days=days)).status is DeliveryState.QUEUED
    with shop.sessions.begin() as session:
        invoice = session.get_one(Invoice, shop.invoice(kari))
        invoice.currency = "EUR"
        euro = invoice.id
    refused = shop.send(euro)
    assert refused.reason is not None
    assert (refused.reason.code, refused.reason["currency"]) == (Rule.NOT_NOK, "EUR")


def test_not_set_up_not_found_and_blocked_are_refused_when_asked_for(shop: Shop) -> None:
    nobody = shop.person()
    refused = shop.send(shop.invoice(nobody))
    assert refused.reason is not None
    assert refused.reason.code == Refusal.EFAKTURA_UNAVAILABLE
    shop.route = SandboxRegister()
    assert shop.send(shop.invoice(nobody)).reason == Message.of(Refusal.EFAKTURA_NOT_FOUND)
    per = shop.person(PER)
    blocked = shop.send(shop.invoice(per))
    assert blocked.reason is not None
    assert blocked.reason.code == Refusal.EFAKTURA_BLOCKED


def test_kari_switched_saved_and_delivered_through_the_sandbox(shop: Shop) -> None:
    shop.route = SandboxRegister()
    kari = shop.person(KARI)
    invoice = shop.invoice(kari)
    assert [d.method for d in shop.history(invoice)] == [DeliveryMethod.EMAIL]
    result = shop.send(invoice, save=True)
    assert (result.method, result.status) == (DeliveryMethod.EFAKTURA, DeliveryState.QUEUED)
    assert shop.card(kari).delivery_method == DeliveryMethod.EFAKTURA
    assert shop.history(invoice)[0].recipient == KARI.identifier
    report = shop.deliver().run()
    assert shop.history(invoice)[0].state is DeliveryState.DELIVERED
    assert report.efaktura.submitted == 0  # the first round did it
    # The next invoice goes by eFaktura by itself (the card says so).
    second = shop.invoice(kari)
    assert shop.history(second)[0].method is DeliveryMethod.EFAKTURA


def test_rejected_efaktura_falls_back_to_email_else_print(shop: Shop) -> None:
    shop.route = SandboxRegister()
    rita = shop.person(RITA, method="efaktura")
    invoice = shop.invoice(rita)
    shop.deliver()
    fallback, failed = shop.history(invoice)
    assert (failed.method, failed.state) == (DeliveryMethod.EFAKTURA, DeliveryState.FAILED)
    assert failed.reason is not None
    assert failed.reason.code == DeliveryReason.EFAKTURA_REJECTED
    assert (fallback.method, fallback.state) == (DeliveryMethod.EMAIL, DeliveryState.QUEUED)
    assert fallback.reason is not None
    assert (fallback.reason.code, fallback.reason["delivery"]) == (
        DeliveryReason.EFAKTURA_FALLBACK, failed.id,
    )  # fmt: skip
    no_mail = shop.person(RITA, method="efaktura", email="")
    paper = shop.invoice(no_mail)
    shop.deliver()
    assert shop.history(paper)[0].method is DeliveryMethod.PRINT


def test_register_down_never_stops_invoicing(shop: Shop) -> None:
    shop.route = register = CountingRegister()
    register.down = True
    ola = shop.person(OLA, method="efaktura", mobile="92345678", email=OLA.email)
    invoice = shop.invoice(ola)
    [went] = shop.history(invoice)
    assert (went.method, went.state) == (DeliveryMethod.EMAIL, DeliveryState.QUEUED)
    assert went.reason is not None
    assert went.reason.code == DeliveryReason.EFAKTURA_REGISTER_DOWN
    # Not set up at all: the same, and the delivery says so.
    shop.route = None
    [other] = shop.history(shop.invoice(ola))
    assert (other.method, other.reason and other.reason.code) == (
        DeliveryMethod.EMAIL, Refusal.EFAKTURA_UNAVAILABLE,
    )  # fmt: skip
    # Known to the register before: no look-up, queued; MPS down at submit: retried.
    register.down = False
    shop.route = register
    assert shop.send(invoice).status is DeliveryState.QUEUED
    shop.route = None
    shop.deliver()
    assert shop.history(invoice)[0].state is DeliveryState.QUEUED  # waiting with backoff


def test_loopback_mps_submit_poll_and_reject(shop: Shop) -> None:
    state = LoopbackMps()
    state.add_person("EF-KARI", national_id=KARI.national_id)
    state.add_person("EF-OLA", mobile="92345678", email=OLA.email)
    state.rejecting.add("EF-OLA")
    with RunningMps(state) as mps:
        shop.route = SoapRoute(SoapSettings(wsdl=mps.wsdl, issuer=state.issuer))
        kari = shop.person(KARI, method="efaktura")
        ola = shop.person(OLA, method="efaktura", mobile="92345678", email=OLA.email)
        good, bad = shop.invoice(kari), shop.invoice(ola)
        assert shop.history(good)[0].recipient == "EF-KARI"
        shop.deliver()
        assert shop.history(good)[0].state is DeliveryState.DELIVERED
        fallback, failed = shop.history(bad)
        assert failed.reason is not None
        assert (failed.state, failed.reason["error_code"]) == (DeliveryState.FAILED, "5003")
        assert fallback.method is DeliveryMethod.EMAIL
        assert [op for op, _ in state.calls].count("addInvoices") == 1
        state.down = True
        third = shop.invoice(kari)
        shop.deliver()
        assert shop.history(third)[0].state is DeliveryState.QUEUED
        state.down = False
        shop.clock.at += dt.timedelta(minutes=2)
        shop.deliver()
        assert shop.history(third)[0].state is DeliveryState.DELIVERED


def test_the_daily_job_polls_consignments(shop: Shop) -> None:
    from types import SimpleNamespace

    from reskontro.services.automation.jobs import REGISTRY, RunRef
    from reskontro.services.delivery.efaktura_run import submit_due

    state = LoopbackMps()
    state.add_person("EF-KARI", national_id=KARI.national_id)
    job = REGISTRY["efaktura_status"]
    with RunningMps(state) as mps:
        shop.route = SoapRoute(SoapSettings(wsdl=mps.wsdl, issuer=state.issuer))
        invoice = shop.invoice(shop.person(KARI, method="efaktura"))
        with shop.sessions() as session:
            assert job.applies(session, shop.cid) is False
        assert submit_due(shop.sessions, shop.clock, shop.route).submitted == 1
        assert shop.history(invoice)[0].state is DeliveryState.SENT
        with shop.sessions() as session:
            assert job.applies(session, shop.cid) is True
        auto = SimpleNamespace(sessions=shop.sessions, clock=shop.clock, worker_id="w")
        ref = RunRef(1, job.name, shop.cid, "2026-11-25", "schedule")
        outcome = job.run(auto, ref)  # type: ignore[arg-type]
        assert outcome.ok
        assert shop.history(invoice)[0].state is DeliveryState.DELIVERED
        assert ("addInvoices", 1) in state.calls
    shop.route = None
    assert job.run(auto, ref).ok is False  # type: ignore[arg-type]
