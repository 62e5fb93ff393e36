"""An invoice in another currency than NOK, through the books: a payment settles it only
in its own currency (a NOK payment with its KID waits in the inbox with the reason,
whatever the unknown-KID policy; by hand it is refused), the ledger keeps the
currencies apart, aging and reminders are NOK-only and say so, the PDF states the
currency and the VAT in NOK."""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING, Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from reskontro.domain.followup import Skip
from reskontro.domain.followup_codes import Why
from reskontro.domain.invoice import LineDraft
from reskontro.domain.matching import (
    Detail,
    Outcome,
    PaymentReason,
    UnknownKidPolicy,
    decide_unmatched,
    match_payment,
)
from reskontro.domain.payment import PaymentError, PaymentState
from reskontro.domain.vat import VatCode
from reskontro.errors import ValidationError
from reskontro.formats.camt054 import (
    AccountId,
    CreditDebit,
    CreditorReference,
    Document,
    Entry,
    EntryDetails,
    Notification,
    StructuredRemittance,
    Transaction,
    build,
)
from reskontro.formats.pdf import render_invoice
from reskontro.formats.pdf.message import invoice_email
from reskontro.i18n import render
from reskontro.services.followup import FollowUp
from reskontro.services.followup.documents import printed_invoice
from reskontro.services.payments import PaymentImporter, set_policy
from reskontro.services.payments.inbox import Inbox
from reskontro.storage.filestore import FileStore
from reskontro.storage.models import Company, Customer, Invoice, Payment
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from pathlib import Path

    from reskontro.clock import FixedClock
    from reskontro.services.invoicing.books import Books

DAY = dt.date(2026, 10, 1)
RATE = 11_752_500  # NOK per EUR × 1 000 000


def _camt(kid: str, amount_ore: int, currency: str, ref: str) -> bytes:
    remittance = StructuredRemittance(creditor_reference=CreditorReference(kid, code="SCOR"))
    tx = Transaction(amount_ore, currency, CreditDebit.CREDIT, account_servicer_ref=f"TX-{ref}",
                     structured=(remittance,))  # fmt: skip
    entry = Entry(amount_ore=amount_ore, currency=currency, credit_debit=CreditDebit.CREDIT,
                  status="BOOK", booking_date=DAY, value_date=DAY, account_servicer_ref=ref,
                  details=(EntryDetails(transactions=(tx,)),))  # fmt: skip
    created = dt.datetime.fromisoformat("2026-10-02T05:00:00")
    notification = Notification(id=f"N-{ref}", account=AccountId("12345678903", scheme="BBAN"),
                                created=created, entries=(entry,))  # fmt: skip
    return build(Document(message_id=f"M-{ref}", created=created, notifications=(notification,)))


@pytest.fixture
def setup(books: Books, clock: FixedClock, tmp_path: Path) -> dict[str, Any]:
    company = books.create_company(
        name="Test AS", org_number="123456785", account="12345678903", vat_registered=True,
        actor="t",
    )  # fmt: skip
    cid = company.id
    customer = books.create_customer(cid, name="Svenska Kunden AB", actor="t")
    line = [LineDraft("Konsulenttime", 2000, 10000, VatCode.STANDARD)]
    eur = books.create_invoice(cid, customer_number=customer.number, lines=line,
                               currency="EUR", exchange_rate_micro=RATE, actor="t")  # fmt: skip
    nok = books.create_invoice(cid, customer_number=customer.number, lines=line, actor="t")
    return {
        "company": cid,
        "customer": customer.number,
        "eur": books.issue_invoice(cid, eur.id, issue_date=DAY, actor="t"),
        "nok": books.issue_invoice(cid, nok.id, issue_date=DAY, actor="t"),
        "importer": PaymentImporter(books.sessions, clock, FileStore(tmp_path / "files")),
        "inbox": Inbox(books.sessions, clock),
        "followup": FollowUp(books.sessions, clock, FileStore(tmp_path / "files")),
    }


def _payments(books: Books, kid: str, currency: str) -> list[Payment]:
    with books.sessions() as session:
        return list(
            session.scalars(
                select(Payment)
                .where(Payment.kid == kid, Payment.currency == currency)
                .order_by(Payment.id)
            )
        )


def test_matching_is_by_the_invoice_currency() -> None:
    class Inv:
        invoice_id, customer_id, number = 1, 2, 1001
        total_ore, settled_ore, paid_ore, credited_ore = 25000, 0, 0, 0
        charges_ore, charges_settled_ore, charges_paid_ore = 0, 0, 0

    r = match_payment(25000, "123", Inv(), currency="NOK", invoice_currency="EUR")
    assert (r.outcome, r.detail, r.allocated_ore, r.invoice_id) == (
        Outcome.UNMATCHED, Detail.WRONG_CURRENCY, 0, None,
    )  # fmt: skip
    assert r.reason.code == PaymentReason.WRONG_CURRENCY
    assert render(r.reason, "en") == (
        "KID 123 names invoice 1001, which is in EUR; a payment in NOK does not settle it"
    )
    for policy in UnknownKidPolicy:  # never posted, never ignored: a person looks at it
        assert decide_unmatched(r, policy).state is PaymentState.INBOX
    same = match_payment(25000, "123", Inv(), currency="EUR", invoice_currency="EUR")
    assert same.outcome is Outcome.MATCHED


def test_a_payment_settles_an_invoice_only_in_its_currency(
    books: Books, clock: FixedClock, setup: dict[str, Any]
) -> None:
    cid, eur, nok, imp = setup["company"], setup["eur"], setup["nok"], setup["importer"]
    set_policy(books.sessions, clock, cid, policy=UnknownKidPolicy.POST.value, actor="t")
    # OCR Giro is NOK: the EUR invoice's KID does not settle it.
    ocr = imp.import_bytes(cid, ocr_file([Pay(eur.total_ore, eur.kid)]), "o.txt", actor="t")
    assert ocr.status == "imported"
    [wrong] = _payments(books, eur.kid, "NOK")
    assert (wrong.state, wrong.invoice_id, wrong.allocated_ore) == ("inbox", None, 0)
    assert wrong.detail == Detail.WRONG_CURRENCY.value
    assert "payment.wrong_currency" in (wrong.reasons or "")
    # camt: a NOK entry with the EUR invoice's KID waits too; an EUR one pays it.
    assert imp.import_bytes(cid, _camt(eur.kid, eur.total_ore, "NOK", "A"), "a.xml",
                            actor="t").status == "imported"  # fmt: skip
    assert [p.state for p in _payments(books, eur.kid, "NOK")] == ["inbox", "inbox"]
    paid = imp.import_bytes(cid, _camt(eur.kid, eur.total_ore, "EUR", "B"), "b.xml",
                            actor="t")  # fmt: skip
    assert paid.status == "imported", paid
    assert books.invoice(cid, eur.id).status == "paid"
    # an EUR payment with the NOK invoice's KID: inbox, the NOK invoice stays open
    imp.import_bytes(cid, _camt(nok.kid, nok.total_ore, "EUR", "C"), "c.xml", actor="t")
    assert [p.state for p in _payments(books, nok.kid, "EUR")] == ["inbox"]
    assert books.invoice(cid, nok.id).status == "open"
    # by hand: the NOK payment in the inbox cannot settle the EUR invoice either
    eur2 = books.create_invoice(cid, customer_number=setup["customer"], currency="EUR",
                                exchange_rate_micro=RATE, actor="t",
                                lines=[LineDraft("x", 1000, 100, VatCode.STANDARD)])  # fmt: skip
    eur2 = books.issue_invoice(cid, eur2.id, issue_date=DAY, actor="t")
    with pytest.raises(ValidationError) as caught:
        setup["inbox"].post(cid, wrong.id, invoice_id=eur2.id, actor="t")
    assert caught.value.msg is not None
    assert caught.value.msg.code == PaymentError.CURRENCY_DIFFERS
    assert books.invoice(cid, eur2.id).status == "open"


def test_ledger_aging_and_reminders_keep_currencies_apart(
    books: Books, setup: dict[str, Any]
) -> None:
    cid, eur, nok = setup["company"], setup["eur"], setup["nok"]
    ledger = books.ledger(cid, setup["customer"])
    assert {i.number: i.currency for i in ledger.items} == {
        eur.number: "EUR", nok.number: "NOK",
    }  # fmt: skip
    assert ledger.balance_ore == nok.total_ore
    assert ledger.balances == {"NOK": nok.total_ore, "EUR": eur.total_ore}

    followup = setup["followup"]
    aging = followup.aging(cid)
    assert aging.totals.balance_ore == nok.total_ore
    assert aging.left_out == 1
    assert aging.note is not None
    assert aging.note.code == Why.AGING_NOK_ONLY
    assert "left out" in render(aging.note, "en")

    run = followup.remind(cid, dry_run=True, actor="t")
    assert [letter.invoice_number for letter in run.letters] == [nok.number]
    [skipped] = [s for s in run.skipped if s.number == eur.number]
    assert skipped.code is Skip.NOT_NOK
    assert render(skipped.reason, "nb") == (
        "i EUR: purringer og inkassovarsler sendes bare for fakturaer i NOK"
    )


def test_the_pdf_states_the_currency_and_the_vat_in_nok(
    books: Books, setup: dict[str, Any]
) -> None:
    cid, eur = setup["company"], setup["eur"]
    with books.sessions() as session:
        invoice = session.get_one(Invoice, eur.id)
        doc = printed_invoice(
            session, session.get_one(Company, cid), invoice,
            session.get_one(Customer, invoice.customer_id),
        )  # fmt: skip
    assert (doc.currency, doc.exchange_rate_micro) == ("EUR", RATE)
    text = PdfReader(io.BytesIO(render_invoice(doc))).pages[0].extract_text()
    assert "Å betale (EUR)" in text
    assert "Beløpene er i EUR. Mva. i NOK etter kurs 11,7525: 587,63 kr." in text
    assert "på 250,00 EUR med forfall" in invoice_email(doc, b"%PDF", "f.pdf").text
    assert eur.vat_nok_ore == 58763
    assert eur.exchange_rate == "11.7525"
