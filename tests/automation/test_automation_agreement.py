"""The OCR agreement with Nets, and KID on invoices only while a verified one exists —
in the service and in the database itself, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from reskontro.domain import kid as kidlib
from reskontro.errors import StateError, ValidationError
from reskontro.i18n import render
from reskontro.services.automation import Agreements, fit_problems, parse_terms
from reskontro.services.invoicing.kid_settings import KidSettings

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from sqlalchemy.engine import Engine

    from reskontro.clock import FixedClock
    from reskontro.messages import Message
    from reskontro.services.invoicing.books import Books
    from reskontro.services.invoicing.views import CompanyView


#: Tests whose subject does not depend on the engine run on SQLite only (speed).
sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def en(messages: Iterable[Message]) -> list[str]:
    """Problems and warnings are codes; the CLI shows them in English."""
    return [render(m, "en") for m in messages]


def terms(**overrides: Any) -> Any:
    values: dict[str, Any] = {
        "agreement_id": "000012345",
        "account": "1234.56.78903",
        "data_recipient": "00105625",
        "kid_lengths": [11],
        "kid_modulus": 10,
    }
    values.update(overrides)
    return parse_terms(**values)


@pytest.fixture
def company(books: Books) -> int:
    view = books.create_company(
        name="Test AS", org_number="123456785", account="12345678903", actor="t",
        kid_enabled=False,
    )  # fmt: skip
    return int(view.id)


def kid_on(books: Books, company_id: int) -> CompanyView:
    current = books.company(company_id)
    return books.set_kid_settings(
        company_id,
        KidSettings(True, current.kid_template, current.kid_modulus),
        actor="t",
    )


def test_a_fitting_agreement_is_verified_and_lets_kid_be_switched_on(
    books: Books, clock: FixedClock, company: int
) -> None:
    agreements = Agreements(books.sessions, clock)
    with pytest.raises(StateError, match="no verified OCR agreement"):
        kid_on(books, company)
    view = agreements.register(company, terms(), actor="t")
    assert (view.status, view.verified, en(view.problems)) == ("verified", True, [])
    assert view.kid_enabled is False
    assert kid_on(books, company).kid_enabled is True


@sqlite_only
def test_what_does_not_fit_is_said_exactly_and_kid_stays_off(
    books: Books, clock: FixedClock, company: int
) -> None:
    agreements = Agreements(books.sessions, clock)
    view = agreements.register(
        company, terms(kid_lengths=[13, 15], kid_modulus=11, account="15030012345"),
        kid_on=True, actor="t",
    )  # fmt: skip
    assert view.status == "registered"
    assert en(view.problems) == [
        "the KID template {CustomerNo:5}{InvoiceNo:5} makes KIDs of 11 digits (with the check"
        " digit), but the agreement registers lengths 13, 15 with Nets: change the template"
        " (reskontro company kid --template ...) or ask Nets to register length 11",
        "the KID template uses MOD10 check digits, but the agreement registers MOD11: change it"
        " (reskontro company kid --modulus 11) or ask Nets to register MOD10",
        "the agreement covers account 1503.00.12345, but invoices ask customers to pay to"
        " 1234.56.78903: KID payments to that account would not be reported under this"
        " agreement",
    ]
    assert view.kid_enabled is False  # --kid-on is not honoured while it does not fit
    with pytest.raises(StateError):
        kid_on(books, company)
    with pytest.raises(ValidationError, match="does not fit: the KID template"):
        agreements.verify(company, actor="t")
    # Fix the template to what Nets registered; re-register with the right account.
    books.set_kid_settings(
        company, KidSettings(False, "{CustomerNo:6}{InvoiceNo:6}", 11), actor="t"
    )
    agreements.register(company, terms(kid_lengths=[13, 15], kid_modulus=11), actor="t")
    view = agreements.verify(company, kid_on=True, actor="t")
    assert (view.status, view.kid_enabled) == ("verified", True)
    assert en(view.warnings) == [
        "MOD11 can give '-' as the check digit, which some banks refuse;"
        " consider reskontro company kid --refuse-dash"
    ]


def test_the_form_of_every_field_is_checked_at_once() -> None:
    with pytest.raises(ValidationError) as info:
        parse_terms(
            agreement_id="1234", account="12345678900", data_recipient="abc",
            kid_lengths=[1, 30], kid_modulus=12,
        )  # fmt: skip
    message = info.value.message
    for part in (
        "agreement ID is 9 digits",
        "bank account '12345678900' is not valid",
        "data recipient ID (kundeenhet-ID) is 8 digits",
        "KID lengths are 2 to 25",
        "modulus is 10 or 11",
    ):
        assert part in message
    with pytest.raises(ValidationError, match="KID length"):
        parse_terms(
            agreement_id="000012345", account="12345678903", data_recipient="00105625",
            kid_lengths=[], kid_modulus=10,
        )  # fmt: skip


def test_the_fit_check_is_pure() -> None:
    template = kidlib.KidTemplate.parse("{CustomerNo:5}{InvoiceNo:5}", 10)
    assert fit_problems(terms(kid_lengths=[9, 11]), template, "12345678903") == ()


@sqlite_only
def test_creating_a_company_with_kid_on_is_unchanged(books: Books) -> None:
    """Companies were always created with KID on; the rule is on switching it on."""
    view = books.create_company(
        name="Gammel AS", org_number="123456785", account="12345678903", actor="t"
    )
    assert view.kid_enabled is True


@sqlite_only
def test_ending_the_agreement_switches_kid_off(
    books: Books, clock: FixedClock, company: int
) -> None:
    agreements = Agreements(books.sessions, clock)
    agreements.register(company, terms(), kid_on=True, actor="t")
    assert books.company(company).kid_enabled is True
    view = agreements.end(company, actor="t")
    assert (view.status, view.kid_switched_off) == ("ended", True)
    assert books.company(company).kid_enabled is False
    with pytest.raises(StateError):
        kid_on(books, company)
    assert agreements.show(company) is None
    # A new agreement replaces it; the ended one is not taken up again.
    agreements.register(company, terms(agreement_id="000099999"), actor="t")
    with pytest.raises(Exception, match="has ended"):
        agreements.register(company, terms(), actor="t")


@sqlite_only
def test_open_invoices_with_kids_the_agreement_does_not_cover_are_named(
    books: Books, clock: FixedClock
) -> None:
    from reskontro.domain.invoice import LineDraft
    from reskontro.domain.vat import VatCode

    cid = books.create_company(
        name="Test AS", org_number="123456785", account="12345678903", actor="t"
    ).id
    customer = books.create_customer(cid, name="K", actor="t")
    draft = books.create_invoice(
        cid, customer_number=customer.number,
        lines=[LineDraft("x", 1000, 10000, VatCode.EXEMPT)], actor="t",
    )  # fmt: skip
    issued = books.issue_invoice(cid, draft.id, actor="t")
    view = Agreements(books.sessions, clock).register(cid, terms(kid_lengths=[11, 13]), actor="t")
    assert en(view.warnings) == []
    books.set_kid_settings(cid, KidSettings(True, "{CustomerNo:6}{InvoiceNo:6}", 10), actor="t")
    view = Agreements(books.sessions, clock).register(cid, terms(kid_lengths=[13]), actor="t")
    assert view.verified
    assert en(view.warnings) == [
        f"1 open invoice(s) carry KIDs of 11 digits, which the agreement does not register"
        f" (e.g. invoice {issued.number}): banks may refuse payments with them"
    ]


def test_the_database_refuses_kid_on_without_a_verified_agreement(
    engine: Engine, books: Books, clock: FixedClock, company: int
) -> None:
    """Written around the ORM: the trigger from migration 0002 holds on both engines."""
    switch_on = text("UPDATE company SET kid_enabled = true WHERE id = :id")
    with pytest.raises(IntegrityError, match="no verified OCR agreement"), engine.begin() as conn:
        conn.execute(switch_on, {"id": company})
    Agreements(books.sessions, clock).register(company, terms(), actor="t")
    with engine.begin() as conn:
        conn.execute(switch_on, {"id": company})
        # Switching off, and "on" while already on, are never refused.
        conn.execute(text("UPDATE company SET kid_enabled = false WHERE id = :id"), {"id": company})
    with engine.begin() as conn:
        conn.execute(text("UPDATE ocr_agreement SET status = 'registered', verified_at = NULL"))
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(switch_on, {"id": company})


def test_while_kid_is_on_the_set_up_must_keep_fitting_the_agreement(
    books: Books, clock: FixedClock, company: int
) -> None:
    agreements = Agreements(books.sessions, clock)
    agreements.register(company, terms(kid_lengths=[11, 13]), kid_on=True, actor="t")
    # A template of 13 digits is registered too: fine.
    books.set_kid_settings(company, KidSettings(True, "{CustomerNo:6}{InvoiceNo:6}", 10), actor="t")
    # 15 digits is not: said before anything changes.
    with pytest.raises(StateError, match="would not fit: the KID template") as info:
        books.set_kid_settings(
            company, KidSettings(True, "{CustomerNo:7}{InvoiceNo:7}", 10), actor="t"
        )
    assert "registers lengths 11, 13" in info.value.message
    assert books.company(company).kid_template == "{CustomerNo:6}{InvoiceNo:6}"
    # Nor can a registration that does not fit replace the verified one under KID.
    with pytest.raises(ValidationError, match="was not saved"):
        agreements.register(company, terms(kid_lengths=[11]), actor="t")
    view = agreements.show(company)
    assert view is not None
    assert list(view.kid_lengths) == [11, 13]
    # With KID off, the template is free again.
    books.set_kid_settings(
        company, KidSettings(False, "{CustomerNo:7}{InvoiceNo:7}", 10), actor="t"
    )


def test_ocr_file_for_another_data_recipient_is_rejected(
    books: Books, clock: FixedClock, company: int, tmp_path: Path
) -> None:
    """With an OCR agreement in force, a file addressed to another customer unit at
    Nets is not this company's: rejected whole with the reason, nothing booked; the
    company's own file is booked."""
    from reskontro.services.payments import PaymentImporter
    from reskontro.storage.filestore import FileStore
    from reskontro.testing.ocr import Pay, ocr_file

    Agreements(books.sessions, clock).register(company, terms(), actor="t")
    importer = PaymentImporter(books.sessions, clock, FileStore(tmp_path / "files"))
    foreign = ocr_file([Pay(10000, None, text="x")], recipient="00999999")
    summary = importer.import_bytes(company, foreign, "other.txt", actor="t")
    assert summary.status == "rejected"
    assert summary.error is not None
    assert summary.error["line"] == 1
    assert summary.error["field"] == "data recipient"
    assert "00999999" in summary.error["message"]
    assert "00105625" in summary.error["message"]
    ours = ocr_file([Pay(10000, None, text="x")], transmission_number="1000002")
    assert importer.import_bytes(company, ours, "ours.txt", actor="t").status == "imported"
