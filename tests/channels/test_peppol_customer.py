"""``check_customer`` and ``reskontro customer peppol``: the look-up kept on the customer
card, on SQLite and PostgreSQL, against the loopback SML and SMP."""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import TYPE_CHECKING, Any

import dns.rcode
import pytest
from sqlalchemy import select

from reskontro.channels.peppol import PeppolDocument, lookup
from reskontro.channels.peppol.reasons import PeppolCheckError, PeppolReason
from reskontro.errors import NotFound, ValidationError
from reskontro.services.delivery.peppol import PeppolStatus, check_customer
from reskontro.services.invoicing import customers
from reskontro.services.invoicing.customers import CardChanges
from reskontro.storage import db
from reskontro.storage.db import session_factory
from reskontro.storage.models import AuditEntry
from reskontro.testing.cli import run

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.channels.peppol import PeppolLookup
    from reskontro.clock import FixedClock
    from reskontro.services.delivery.peppol import Lookup
    from reskontro.services.invoicing.books import Books
    from reskontro.testing.peppol import PeppolNetwork

ORG = "923609016"
OTHER_ORG = "745707327"


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return session_factory(engine)


@pytest.fixture
def company(books: Books) -> int:
    view = books.create_company(
        name="Selger AS", org_number="123456785", account="12345678903", actor="t"
    )
    return int(view.id)


def _customer(sessions: sessionmaker[Session], clock: FixedClock, company: int, **card: str) -> int:
    view = customers.create(sessions, clock, company, CardChanges(**card), actor="t")
    return view.number


def _lookup(net: PeppolNetwork) -> Lookup:
    return functools.partial(lookup, **net.lookup_options())


def test_a_business_is_looked_up_by_its_org_number(
    sessions: sessionmaker[Session], clock: FixedClock, company: int, net: PeppolNetwork
) -> None:
    net.register("0192:" + ORG)
    number = _customer(sessions, clock, company, name="Nordlys AS", org_number=ORG)
    status = check_customer(sessions, clock, company, number, lookup=_lookup(net), actor="t")
    assert isinstance(status, PeppolStatus)
    assert status.participant == "0192:" + ORG
    assert (status.can_receive_invoice, status.can_receive_credit_note) == (True, True)
    assert status.definite
    assert status.reason is None
    assert status.peppol_can_receive is True
    assert status.peppol_checked_at == clock.now()
    card = customers.get(sessions, company, number)
    assert card.peppol_can_receive is True
    assert card.peppol_checked_at is not None
    assert card.peppol_checked_at.replace(tzinfo=dt.UTC) == clock.now().replace(tzinfo=dt.UTC)
    with sessions() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "customer.peppol_check")
        ).one()
    assert entry.actor == "t"
    assert json.loads(entry.before or "{}") == {
        "peppol_can_receive": None,
        "peppol_checked_at": None,
    }
    after = json.loads(entry.after or "{}")
    assert after["can_receive_invoice"] is True
    assert after["reason_code"] is None


def test_the_cards_peppol_id_comes_first_and_a_no_is_kept(
    sessions: sessionmaker[Session], clock: FixedClock, company: int, net: PeppolNetwork
) -> None:
    net.register("0192:" + ORG)
    number = _customer(
        sessions, clock, company, name="Nordlys AS", org_number=ORG, peppol_id="0192:" + OTHER_ORG
    )
    status = check_customer(sessions, clock, company, number, lookup=_lookup(net))
    assert status.participant == "0192:" + OTHER_ORG
    assert status.reason is not None
    assert status.reason.code == PeppolReason.NOT_REGISTERED
    assert status.peppol_can_receive is False
    assert customers.get(sessions, company, number).peppol_can_receive is False


def test_invoice_only_counts_as_can_receive(
    sessions: sessionmaker[Session], clock: FixedClock, company: int, net: PeppolNetwork
) -> None:
    net.register("0192:" + ORG, [PeppolDocument.INVOICE])
    number = _customer(sessions, clock, company, name="Nordlys AS", org_number=ORG)
    status = check_customer(sessions, clock, company, number, lookup=_lookup(net))
    assert (status.can_receive_invoice, status.can_receive_credit_note) == (True, False)
    assert status.peppol_can_receive is True


def test_an_unknown_answer_keeps_the_last_real_one(
    sessions: sessionmaker[Session], clock: FixedClock, company: int, net: PeppolNetwork
) -> None:
    net.register("0192:" + ORG)
    number = _customer(sessions, clock, company, name="Nordlys AS", org_number=ORG)
    first = check_customer(sessions, clock, company, number, lookup=_lookup(net))
    net.serve(net.group_path("0192:" + ORG), b"", 503)
    later = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    clock.at = later
    status = check_customer(sessions, clock, company, number, lookup=_lookup(net))
    assert not status.definite
    assert status.reason is not None
    assert status.reason.code == PeppolReason.SMP_HTTP_ERROR
    assert status.checked_at == later
    assert status.peppol_can_receive is True
    assert status.peppol_checked_at == first.checked_at
    with sessions() as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.action == "customer.peppol_check")
        ).all()
    assert len(actions) == 2


def test_a_person_without_peppol_id_cannot_be_looked_up(
    sessions: sessionmaker[Session], clock: FixedClock, company: int, net: PeppolNetwork
) -> None:
    number = _customer(sessions, clock, company, name="Kari", kind="person")
    with pytest.raises(ValidationError) as raised:
        check_customer(sessions, clock, company, number, lookup=_lookup(net))
    assert raised.value.msg is not None
    assert raised.value.msg.code == PeppolCheckError.NO_PARTICIPANT_ID
    assert raised.value.field == "peppol_id"
    assert net.dns.queries == []
    with pytest.raises(NotFound):
        check_customer(sessions, clock, company, 999, lookup=_lookup(net))


def test_a_card_changed_during_the_look_up_keeps_its_state(
    sessions: sessionmaker[Session], clock: FixedClock, company: int, net: PeppolNetwork
) -> None:
    net.register("0192:" + ORG)
    number = _customer(sessions, clock, company, name="Nordlys AS", org_number=ORG)
    inner = _lookup(net)

    def changing(participant_id: str, *, now: dt.datetime) -> PeppolLookup:
        result = inner(participant_id, now=now)
        changes = CardChanges(peppol_id="0192:" + OTHER_ORG)
        customers.update(sessions, clock, company, number, changes, actor="t")
        return result

    status = check_customer(sessions, clock, company, number, lookup=changing)
    assert status.can_receive_invoice
    assert status.peppol_can_receive is None


@pytest.fixture
def cli_engines(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Dispose of the engines the in-process CLI opens (a process would just exit)."""
    opened: list[Engine] = []
    original = db.make_engine

    def make_engine(*args: Any, **kwargs: Any) -> Engine:
        engine = original(*args, **kwargs)
        opened.append(engine)
        return engine

    monkeypatch.setattr(db, "make_engine", make_engine)
    yield
    for engine in opened:
        engine.dispose()


@pytest.mark.usefixtures("cli_engines")
def test_cli_customer_peppol(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db_url: str,
    sessions: sessionmaker[Session],
    clock: FixedClock,
    company: int,
    tls_net: PeppolNetwork,
    tls_files: tuple[Path, Path],
) -> None:
    # Production settings: HTTPS with a verified certificate (trusted through the
    # standard SSL_CERT_FILE), the zone and the DNS server from the environment.
    monkeypatch.setenv("RESKONTRO_PEPPOL_SML_ZONE", tls_net.zone)
    monkeypatch.setenv("RESKONTRO_PEPPOL_DNS_SERVER", f"127.0.0.1:{tls_net.dns.port}")
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_files[0]))
    tls_net.register("0192:" + ORG, [PeppolDocument.INVOICE])
    yes = _customer(sessions, clock, company, name="Nordlys AS", org_number=ORG)
    no = _customer(sessions, clock, company, name="Fjord AS", org_number=OTHER_ORG)

    result = run(capsys, "customer", "peppol", str(yes), "--db", db_url, "--json")
    assert result.code == 0, result.err
    assert result.json["participant"] == "0192:" + ORG
    assert result.json["can_receive_invoice"] is True
    assert result.json["can_receive_credit_note"] is False
    assert result.json["reason"] == "cannot receive a Peppol BIS Billing 3.0 credit note"
    assert result.json["peppol_can_receive"] is True
    assert result.json["smp_url"] == tls_net.smp.base + "/"

    result = run(capsys, "customer", "peppol", str(yes), "--db", db_url)
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        f"customer {yes} (0192:{ORG}): can receive EHF invoices",
        "  cannot receive a Peppol BIS Billing 3.0 credit note",
        f"  SMP: {tls_net.smp.base}/",
        "  access point: https://ap.example/as4",
    ]
    tls_net.register("0192:" + ORG)
    result = run(capsys, "customer", "peppol", str(yes), "--db", db_url)
    assert f"(0192:{ORG}): can receive EHF invoices and credit notes" in result.out

    result = run(capsys, "customer", "peppol", str(no), "--db", db_url)
    assert result.code == 0, result.err
    assert f"customer {no} (0192:{OTHER_ORG}): cannot receive EHF invoices" in result.out
    assert "not registered in the Peppol network" in result.out

    tls_net.dns.rcode = dns.rcode.SERVFAIL
    result = run(capsys, "customer", "peppol", str(yes), "--db", db_url)
    assert result.code == 1
    assert "unknown" in result.out
    assert "try again later" in result.out
    shown = run(capsys, "customer", "show", str(yes), "--db", db_url, "--json")
    assert shown.json["peppol_can_receive"] is True

    person = _customer(sessions, clock, company, name="Kari", kind="person")
    result = run(capsys, "customer", "peppol", str(person), "--db", db_url)
    assert result.code == 1
    assert "has no Peppol id" in result.err
