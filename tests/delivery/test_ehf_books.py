"""The EHF of an invoice in the books: what it states, and that it passes the official rules.

On SQLite and PostgreSQL: issued invoices with every VAT code, a credit note of part of
one, an invoice in euro with its VAT in NOK, and the refusals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import update

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.errors import NotFound, StateError
from reskontro.formats.ehf import DocumentType, EhfCode, EhfError, EndpointId, parse
from reskontro.services.delivery.ehf import EXEMPTION, ehf_bytes, ehf_document
from reskontro.storage.models import Company, Customer, Invoice
from reskontro.testing.ehf import load_validator

if TYPE_CHECKING:
    from collections.abc import Iterator

    from reskontro.services.invoicing.books import Books
    from reskontro.testing.ehf import Validator

DAY = dt.date(2026, 11, 2)
LINES = [
    LineDraft("Regnskapsføring, november", 7500, 95_000, VatCode.STANDARD),
    LineDraft("Lunsj til årsmøtet", 12_000, 18_750, VatCode.FOOD),
    LineDraft("Persontransport Ørland–Trondheim", 2000, 45_050, VatCode.LOW),
    LineDraft("Programvare levert til utlandet", 1000, 77_777, VatCode.ZERO),
    LineDraft("Legetjeneste", 1000, 120_000, VatCode.EXEMPT),
]


@pytest.fixture(scope="module")
def validator() -> Iterator[Validator]:
    try:
        loaded = load_validator()
    except ImportError as error:
        pytest.skip(f"the EHF rules cannot run here: {error}")
    yield loaded
    loaded.close()


def _setup(books: Books) -> tuple[int, int]:
    company = books.create_company(
        name="Fjordkraft Regnskap AS", org_number="123456785", account="12345678903",
        vat_registered=True, foretaksregisteret=True, actor="test",
    ).id  # fmt: skip
    books.create_customer(company, name="Ærlige Øl og Ål AS", org_number="987654325", actor="t")
    with books.sessions.begin() as session:
        session.execute(update(Company).values(street="Storgata 1", postcode="0155", city="Oslo"))
        session.execute(
            update(Customer)
            .where(Customer.org_number == "987654325")
            .values(street="Bryggen 3", postcode="5003", city="Bergen", delivery_method="ehf")
        )
    draft = books.create_invoice(
        company, customer_number=10000, lines=LINES, invoice_date=DAY, your_reference="Kari K.",
        delivery_date=dt.date(2026, 10, 31), actor="t",
    )  # fmt: skip
    books.issue_invoice(company, draft.id, issue_date=DAY, actor="t")
    return company, draft.id


def test_an_issued_invoice(books: Books, validator: Validator) -> None:
    company, invoice_id = _setup(books)
    with books.sessions() as session:
        doc = ehf_document(session, company, invoice_id)
        data = ehf_bytes(session, company, invoice_id)
        stored = session.get_one(Invoice, invoice_id)
        total, kid, number = stored.total_ore, stored.kid, stored.number
    assert validator.fatal(data) == []
    assert doc.kind is DocumentType.INVOICE
    assert doc.number == str(number)
    assert doc.total_ore == total
    assert doc.buyer.endpoint == EndpointId("0192", "987654325")
    assert doc.buyer.address.street == "Bryggen 3"
    assert doc.seller.address.city == "Oslo"
    assert doc.seller.vat_id == "NO123456785MVA"
    assert doc.buyer_reference == "Kari K."
    assert doc.payment is not None
    assert (doc.payment.account, doc.payment.kid) == ("12345678903", kid)
    assert doc.exemption == EXEMPTION
    assert [v.code for v in doc.vat] == list(VatCode)
    assert [x.quantity_milli for x in doc.lines] == [x.quantity_milli for x in LINES]
    read = parse(data)
    assert read.attachments[0].content.startswith(b"%PDF")
    assert read.attachments[0].filename == f"faktura-{number}.pdf"
    assert read == replace(doc, attachments=read.attachments)


def test_a_credit_note_of_part(books: Books, validator: Validator) -> None:
    company, invoice_id = _setup(books)
    with books.sessions() as session:
        lines = session.get_one(Invoice, invoice_id).lines
        first, exempt = lines[0].id, lines[4].id
    note = books.credit_invoice(
        company, invoice_id, lines=((first, 2500), (exempt, 1000)), reason="Feil timetall",
        actor="t",
    )  # fmt: skip
    with books.sessions() as session:
        doc = ehf_document(session, company, note.id)
        data = ehf_bytes(session, company, note.id)
        original = session.get_one(Invoice, invoice_id)
    assert validator.fatal(data) == []
    assert doc.kind is DocumentType.CREDIT_NOTE
    assert doc.credits is not None
    assert (doc.credits.number, doc.credits.issue_date) == (str(original.number), DAY)
    assert doc.total_ore == -note.total_ore > 0
    assert [(x.quantity_milli, x.net_ore) for x in doc.lines] == [(2500, 237_500), (1000, 120_000)]
    assert doc.payment is None
    assert doc.buyer_reference == "Kari K."
    assert parse(data).attachments[0].filename == f"kreditnota-{doc.number}.pdf"


def test_an_invoice_in_euro_states_its_vat_in_nok(books: Books, validator: Validator) -> None:
    company, invoice_id = _setup(books)
    with books.sessions.begin() as session:
        session.execute(
            update(Invoice).where(Invoice.id == invoice_id)
            .values(currency="EUR", exchange_rate_micro=11_734_500)
        )  # fmt: skip
        session.execute(
            update(Customer).values(buyer_reference="Innkjøp 42", peppol_id="0192:987654325")
        )
    with books.sessions() as session:
        doc = ehf_document(session, company, invoice_id)
        data = ehf_bytes(session, company, invoice_id)
    assert validator.fatal(data) == []
    assert doc.currency == "EUR"
    assert doc.vat_nok_ore == round(doc.vat_ore * 11.7345)
    assert doc.buyer_reference == "Innkjøp 42"


def test_refusals(books: Books) -> None:
    company, invoice_id = _setup(books)
    with books.sessions.begin() as session:
        session.execute(update(Invoice).values(currency="EUR"))
    with books.sessions() as session, pytest.raises(EhfError) as caught:
        ehf_document(session, company, invoice_id)
    assert caught.value.code is EhfCode.NOK_VAT_MISSING
    with books.sessions.begin() as session:
        session.execute(update(Customer).values(org_number=None, peppol_id=None))
    with books.sessions() as session, pytest.raises(EhfError) as caught:
        ehf_bytes(session, company, invoice_id)
    assert caught.value.code is EhfCode.NO_BUYER_ENDPOINT
    assert "10000" in str(caught.value)
    draft = books.create_invoice(company, customer_number=10000, lines=LINES[:1], actor="t")
    with books.sessions() as session:
        with pytest.raises(StateError):
            ehf_document(session, company, draft.id)
        with pytest.raises(NotFound):
            ehf_document(session, company, 999_999)
