"""The customer card: kind, structured address, delivery method, Peppol id (issue 12)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from reskontro.domain.delivery import CustomerKind, DeliveryMethod
from reskontro.errors import InvalidNumber, NotFound, ValidationError
from reskontro.services.invoicing import customers
from reskontro.services.invoicing.customers import CardChanges
from reskontro.storage.db import session_factory

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from reskontro.clock import FixedClock
    from reskontro.services.invoicing.books import Books


@pytest.fixture
def company(books: Books) -> int:
    view = books.create_company(
        name="Selger AS", org_number="123456785", account="12345678903", actor="t"
    )
    return int(view.id)


def test_create_with_the_whole_card(engine: Engine, clock: FixedClock, company: int) -> None:
    card = CardChanges(
        name="Nordlys Bakeri AS", kind="business", org_number="923 609 016",
        delivery_method="ehf", street="Storgata 1", postcode="0150", city="Oslo",
        invoice_email="faktura@nordlys.no", buyer_reference="PO-7",
    )  # fmt: skip
    view = customers.create(session_factory(engine), clock, company, card, actor="t")
    assert view.kind is CustomerKind.BUSINESS
    assert view.delivery_method is DeliveryMethod.EHF
    # An EHF customer with an org number gets its 0192 Peppol id.
    assert view.peppol_id == "0192:923609016"
    assert view.postal_address.lines() == ("Storgata 1", "0150 Oslo")
    assert view.send_to_email == "faktura@nordlys.no"
    assert customers.get(session_factory(engine), company, view.number) == view


def test_defaults_are_a_business_in_norway_by_email_when_it_has_an_address(
    books: Books, company: int
) -> None:
    view = books.create_customer(company, name="Kari", email="kari@example.no", actor="t")
    assert (view.kind, view.delivery_method, view.country) == ("business", "email", "NO")


@pytest.mark.parametrize(
    ("card", "method", "peppol_id"),
    [
        # Nothing to send e-mail to: print (a card by e-mail could never be delivered).
        ({}, "print", None),
        ({"kind": "person"}, "print", None),
        ({"kind": "person", "org_number": "923609016"}, "print", None),
        # A Norwegian business with an organisation number: EHF to its 0192 Peppol id.
        ({"org_number": "923609016"}, "ehf", "0192:923609016"),
        ({"peppol_id": "0088:7300010000001"}, "ehf", "0088:7300010000001"),
        ({"org_number": "923609016", "country": "SE"}, "print", None),
        # An address for invoices is enough for e-mail, whatever else the card has.
        ({"org_number": "923609016", "invoice_email": "f@nordlys.no"}, "email", None),
        ({"kind": "person", "email": "kari@example.no"}, "email", None),
        # A method named is kept (even when it cannot deliver yet).
        ({"delivery_method": "email"}, "email", None),
    ],
)
def test_a_new_card_without_a_method_gets_one_that_can_deliver(
    books: Books, company: int, card: dict[str, str], method: str, peppol_id: str | None
) -> None:
    view = customers.create(books.sessions, books.clock, company,
                            CardChanges(name="Nordlys", **card), actor="t")  # fmt: skip
    assert (view.delivery_method, view.peppol_id) == (method, peppol_id)


@pytest.mark.parametrize(
    ("changes", "error", "words"),
    [
        (CardChanges(postcode="150"), ValidationError, "postcode"),
        (CardChanges(peppol_id="987654325"), ValidationError, "peppol_id"),
        (CardChanges(peppol_id="0192:123456789"), InvalidNumber, "organisation number"),
        (CardChanges(email="kari"), ValidationError, "email"),
        (CardChanges(invoice_email="a@b"), ValidationError, "invoice_email"),
        (CardChanges(country="Norway"), ValidationError, "country"),
        (CardChanges(delivery_method="fax"), ValidationError, "delivery_method"),
        (CardChanges(kind="firm"), ValidationError, "kind"),
        (CardChanges(name=" "), ValidationError, "name"),
    ],
)
def test_update_refuses_bad_fields(
    books: Books, engine: Engine, clock: FixedClock, company: int,
    changes: CardChanges, error: type[ValidationError], words: str,
) -> None:  # fmt: skip
    number = books.create_customer(company, name="Kari", actor="t").number
    with pytest.raises(error) as raised:
        customers.update(session_factory(engine), clock, company, number, changes, actor="t")
    assert words in (raised.value.field or str(raised.value))
    assert books.customer(company, number).postcode is None


def test_update_changes_only_what_is_given_and_audits(
    books: Books, engine: Engine, clock: FixedClock, company: int
) -> None:
    sessions = session_factory(engine)
    number = books.create_customer(company, name="Kari", email="kari@example.com", actor="t").number
    view = customers.update(
        sessions, clock, company, number,
        CardChanges(kind=CustomerKind.PERSON, delivery_method=DeliveryMethod.PRINT,
                    street="Gate 2", postcode="5003", city="Bergen", peppol_id="9908:123456785"),
        actor="t",
    )  # fmt: skip
    assert (view.name, view.email, view.kind, view.delivery_method) == (
        "Kari", "kari@example.com", CustomerKind.PERSON, DeliveryMethod.PRINT,
    )  # fmt: skip
    assert view.peppol_id == "9908:123456785"
    cleared = customers.update(
        sessions, clock, company, number, CardChanges(street="", peppol_id=""), actor="t"
    )
    assert (cleared.street, cleared.peppol_id, cleared.city) == (None, None, "Bergen")
    with engine.connect() as conn:
        actions = conn.execute(
            text("SELECT action FROM audit_log WHERE object_type = 'customer' ORDER BY id")
        ).scalars()
        assert list(actions) == ["customer.create", "customer.update", "customer.update"]
    with pytest.raises(NotFound):
        customers.update(sessions, clock, company, 99999, CardChanges(name="X"), actor="t")


def test_foreign_postcodes_are_free_text(engine: Engine, clock: FixedClock, company: int) -> None:
    view = customers.create(
        session_factory(engine), clock, company,
        CardChanges(name="Svensk AB", country="se", postcode="114 55", city="Stockholm"),
        actor="t",
    )  # fmt: skip
    assert (view.country, view.postcode) == ("SE", "114 55")


def test_schema_refuses_unknown_method_and_kind(books: Books, engine: Engine, company: int) -> None:
    books.create_customer(company, name="Kari", actor="t")
    for column, value in (("delivery_method", "fax"), ("kind", "firm")):
        with engine.begin() as conn, pytest.raises(IntegrityError):
            conn.execute(text(f"UPDATE customer SET {column} = :v"), {"v": value})
    with engine.begin() as conn:
        for method in DeliveryMethod:
            conn.execute(text("UPDATE customer SET delivery_method = :v"), {"v": method.value})
