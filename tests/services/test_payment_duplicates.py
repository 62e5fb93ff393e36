"""Issue 11, finding 2: one payment, one booking, across files and formats.

The same payments in an OCR file and again in camt.054 are booked once; in camt
without the bank's references, or an OCR file repeated under new transaction numbers,
they wait in the voucher inbox as possible duplicates, shown beside the payment they
may repeat; and payments that differ only in KID are two payments.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import func, select

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.i18n import render
from reskontro.jsonable import to_jsonable
from reskontro.services.payments import PaymentImporter
from reskontro.services.payments.inbox import Inbox
from reskontro.storage.filestore import FileStore
from reskontro.storage.models import Invoice, Payment
from reskontro.testing.camt import camt_file, kid_entry
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from pathlib import Path

    from reskontro.clock import FixedClock
    from reskontro.services.invoicing.books import Books

BOOKED = "2026-11-20"  # the OCR files' Nets date


@pytest.fixture
def setup(books: Books, clock: FixedClock, tmp_path: Path) -> dict[str, Any]:
    cid = books.create_company(
        name="Dobbel AS", org_number="123456785", account="12345678903", actor="t"
    ).id
    customer = books.create_customer(cid, name="Kunde", actor="t")
    invoices = []
    for price in (100000, 50000, 20000):
        draft = books.create_invoice(
            cid, customer_number=customer.number,
            lines=[LineDraft("x", 1000, price, VatCode.ZERO)], actor="t",
        )  # fmt: skip
        invoices.append(books.issue_invoice(cid, draft.id, actor="t"))
    return {
        "company": cid,
        "inv": invoices,
        "importer": PaymentImporter(books.sessions, clock, FileStore(tmp_path / "files")),
        "inbox": Inbox(books.sessions, clock),
    }


def camt_of(pays: list[Pay], *, references: bool = True, message_id: str = "MSG-1") -> bytes:
    """The same payments as the bank's camt.054: with the OCR archive reference as the
    transaction's ``AcctSvcrRef``, or with no bank reference at all."""
    entries = []
    for number, p in enumerate(pays, start=1):
        entry = kid_entry(p.amount_ore, p.kid, number=number, booked=BOOKED)
        if references:
            entry = entry.replace(
                f"<AcctSvcrRef>TX-{number:012d}</AcctSvcrRef>",
                f"<AcctSvcrRef>{p.archive_reference or f'{number:09d}'}</AcctSvcrRef>",
            )
        else:
            entry = re.sub(r"\s*<Refs>.*?</Refs>", "", entry, flags=re.DOTALL)
            entry = re.sub(r"\s*<AcctSvcrRef>NTRY-\d+</AcctSvcrRef>", "", entry)
        entries.append(entry)
    return camt_file(*entries, message_id=message_id)


def _payments(books: Books, cid: int) -> int:
    with books.sessions() as session:
        return int(
            session.execute(
                select(func.count()).select_from(Payment).where(Payment.company_id == cid)
            ).scalar_one()
        )


def _paid(books: Books, invoice_id: int) -> int:
    with books.sessions() as session:
        return session.get_one(Invoice, invoice_id).paid_ore


def test_ocr_then_camt_of_the_same_350_payments_books_each_once(
    books: Books, setup: dict[str, Any]
) -> None:
    cid, inv, imp = setup["company"], setup["inv"], setup["importer"]
    pays = [Pay(i.total_ore, i.kid) for i in inv]
    pays += [Pay(10000 + n, f"{n:06d}") for n in range(350 - len(pays))]
    first = imp.import_bytes(cid, ocr_file(pays), "ocr.txt", actor="t")
    assert (first.status, first.payments, first.matched) == ("imported", 350, 3)
    again = imp.import_bytes(cid, camt_of(pays), "camt.xml", actor="t")
    assert again.status == "imported"
    assert (again.payments, again.duplicate_payments, again.possible_duplicates) == (0, 350, 0)
    assert again.to_json()["duplicates"] == 350
    assert _payments(books, cid) == 350  # no double bookings
    assert [_paid(books, i.id) for i in inv] == [i.total_ore for i in inv]
    # and the other way round, for a company that switches back
    pays_2 = [Pay(20000 + n, f"9{n:05d}") for n in range(5)]
    assert (
        imp.import_bytes(cid, camt_of(pays_2, message_id="MSG-2"), "c2.xml", actor="t").payments
        == 5
    )
    back = imp.import_bytes(
        cid, ocr_file(pays_2, transmission_number="1000002"), "o2.txt", actor="t"
    )
    assert (back.payments, back.duplicate_payments) == (0, 5)


def test_camt_without_bank_references_after_ocr_waits_beside_the_ocr_payments(
    books: Books, setup: dict[str, Any]
) -> None:
    cid, inv, imp, inbox = setup["company"], setup["inv"], setup["importer"], setup["inbox"]
    pays = [Pay(inv[0].total_ore, inv[0].kid), Pay(4200, "123456")]
    imp.import_bytes(cid, ocr_file(pays), "ocr.txt", actor="t")
    summary = imp.import_bytes(cid, camt_of(pays, references=False), "camt.xml", actor="t")
    assert (summary.payments, summary.inbox, summary.possible_duplicates) == (2, 2, 2)
    assert (summary.matched, summary.duplicate_payments) == (0, 0)
    assert _paid(books, inv[0].id) == inv[0].total_ore  # paid once, not overpaid
    waiting = [p for p in inbox.waiting(cid) if p.possible_duplicate_of]
    assert len(waiting) == 2
    first = next(p for p in waiting if p.kid == inv[0].kid)
    other = first.possible_duplicate
    assert other is not None
    assert other.id == first.possible_duplicate_of
    assert (other.kid, other.amount_ore, other.bank_reference) == (
        first.kid, first.amount_ore, "000000001",
    )  # fmt: skip
    assert first.bank_reference is None
    shown = to_jsonable(first)
    assert shown["possible_duplicate_of"] == other.id
    assert shown["possible_duplicate"]["id"] == other.id
    why = next(iter(first.reason))
    assert render(why, "en").startswith(f"possible duplicate of payment {other.id}")
    assert render(why, "nb").startswith(f"mulig duplikat av betaling {other.id}")


def test_ocr_records_repeated_under_new_transaction_numbers_wait_in_the_inbox(
    books: Books, setup: dict[str, Any]
) -> None:
    cid, inv, imp = setup["company"], setup["inv"], setup["importer"]
    a = Pay(inv[0].total_ore, inv[0].kid, archive_reference="000000111")
    b = Pay(3000, "654321", archive_reference="000000222")
    new = Pay(inv[1].total_ore, inv[1].kid, archive_reference="000000333")
    imp.import_bytes(cid, ocr_file([a, b]), "o1.txt", actor="t")
    # the same two records again, now as transactions 2 and 3 of another transmission
    summary = imp.import_bytes(
        cid, ocr_file([new, a, b], transmission_number="1000002"), "o2.txt", actor="t"
    )
    assert summary.status == "imported"
    assert (summary.payments, summary.matched, summary.possible_duplicates) == (3, 1, 2)
    assert summary.duplicate_payments == 0
    assert _paid(books, inv[0].id) == inv[0].total_ore
    assert _paid(books, inv[1].id) == inv[1].total_ore


def test_payments_that_differ_only_in_kid_are_both_booked(
    books: Books, setup: dict[str, Any]
) -> None:
    cid, inv, imp = setup["company"], setup["inv"], setup["importer"]
    one = Pay(20000, inv[2].kid, archive_reference="000000777")
    two = Pay(20000, "111111", archive_reference="000000777")
    imp.import_bytes(cid, ocr_file([one]), "o1.txt", actor="t")
    # same account, date, archive reference, transaction number (1) and amount
    summary = imp.import_bytes(cid, ocr_file([two], transmission_number="1000002"), "o2.txt",
                               actor="t")  # fmt: skip
    assert (summary.payments, summary.duplicate_payments, summary.possible_duplicates) == (1, 0, 0)
    assert _payments(books, cid) == 2


@pytest.mark.parametrize("language", ["nb", "en"])
def test_import_summary_mail_lists_the_possible_duplicates(
    books: Books, setup: dict[str, Any], language: str
) -> None:
    from reskontro.services.automation import notifications

    cid, inv, imp = setup["company"], setup["inv"], setup["importer"]
    pays = [Pay(inv[0].total_ore, inv[0].kid), Pay(4200, "123456")]
    imp.import_bytes(cid, ocr_file(pays), "ocr.txt", actor="t")
    summary = imp.import_bytes(cid, camt_of(pays, references=False), "camt.xml", actor="t")
    with books.sessions() as session:
        before = {
            p.kid: p.id
            for p in session.scalars(select(Payment).where(Payment.bank_file_id != summary.file_id))
        }
        context = notifications.import_context(session, cid, summary, None)
    rendered = notifications.render("import_summary", language, context)
    heading = "Mulige duplikater (2)" if language == "nb" else "Possible duplicates (2)"
    may_be = "kan være betaling" if language == "nb" else "may be payment"
    for text in (rendered.text, rendered.html):
        assert heading in text
    for kid in (inv[0].kid, "123456"):
        assert f"{may_be} {before[kid]}" in rendered.text
        assert f">{before[kid]}<" in rendered.html


def test_undoing_the_other_file_leaves_no_dangling_duplicate(
    books: Books, clock: FixedClock, setup: dict[str, Any]
) -> None:
    from reskontro.services.payments.undo import undo_import

    cid, inv, imp = setup["company"], setup["inv"], setup["importer"]
    pays = [Pay(inv[0].total_ore, inv[0].kid), Pay(4200, "123456")]
    first = imp.import_bytes(cid, ocr_file(pays), "ocr.txt", actor="t")
    second = imp.import_bytes(cid, camt_of(pays, references=False), "camt.xml", actor="t")
    assert second.possible_duplicates == 2
    assert first.file_id is not None
    undo_import(books.sessions, clock, cid, first.file_id, actor="t")
    with books.sessions() as session:
        left = session.scalars(select(Payment).where(Payment.bank_file_id == second.file_id))
        rows = [(p.state, p.duplicate_of, p.detail) for p in left]
    assert rows == [("inbox", None, "possible_duplicate")] * 2
    assert len([p for p in setup["inbox"].waiting(cid) if p.bank_file_id == second.file_id]) == 2
