"""Issue 11, finding 3: a payment file for an account the company does not have is
rejected whole, and a file from a source not chosen for its account too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select

from reskontro.domain.bank_account import AccountSource
from reskontro.errors import NotFound, ValidationError
from reskontro.services.bank_accounts import BankAccounts
from reskontro.services.payments import PaymentImporter
from reskontro.storage.filestore import FileStore
from reskontro.storage.models import BankFile, Payment
from reskontro.testing.camt import camt_file, kid_entry
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from reskontro.clock import FixedClock
    from reskontro.services.invoicing.books import Books

OURS = "12345678903"
FOREIGN = "86011117947"


@pytest.fixture
def company(books: Books) -> int:
    return int(
        books.create_company(name="Konto AS", org_number="123456785", account=OURS, actor="t").id
    )


@pytest.fixture
def importer(books: Books, clock: FixedClock, tmp_path: Path) -> PaymentImporter:
    return PaymentImporter(books.sessions, clock, FileStore(tmp_path / "files"))


@pytest.fixture
def accounts(books: Books, clock: FixedClock) -> BankAccounts:
    return BankAccounts(books.sessions, clock)


def _booked(books: Books, company: int) -> int:
    with books.sessions() as session:
        return int(
            session.execute(
                select(func.count()).select_from(Payment).where(Payment.company_id == company)
            ).scalar_one()
        )


def test_the_main_account_is_listed_with_both_sources(company: int, accounts: BankAccounts) -> None:
    [main] = accounts.of(company)
    assert (main.account, main.source, main.main) == (OURS, AccountSource.BOTH, True)


def test_an_ocr_file_for_another_account_is_rejected_whole(
    books: Books, company: int, importer: PaymentImporter
) -> None:
    data = ocr_file([Pay(10000, "12345678902"), Pay(500, None, text="x")], account=FOREIGN)
    summary = importer.import_bytes(company, data, "foreign.txt", actor="t")
    assert summary.status == "rejected"
    assert summary.error is not None
    assert summary.error["line"] == 2  # the assignment start record
    assert summary.error["reason"] == {
        "code": "bank_account.not_companys", "params": {"account": FOREIGN}
    }  # fmt: skip
    assert _booked(books, company) == 0
    with books.sessions() as session:
        row = session.execute(select(BankFile)).scalar_one()
    assert row.status == "rejected"
    # The problem is stored as a code with its place (bank_file.problems).
    assert json.loads(row.problems or "[]")[0]["params"] == {"account": FOREIGN}
    assert Path(row.stored_path).read_bytes() == data  # kept for inspection


def test_a_camt_file_for_another_account_is_rejected_at_its_acct(
    books: Books, company: int, importer: PaymentImporter
) -> None:
    data = camt_file(kid_entry(10000, "12345678902"), account=FOREIGN)
    summary = importer.import_bytes(company, data, "foreign.xml", actor="t")
    assert summary.status == "rejected"
    assert summary.error is not None
    assert summary.error["path"] == "/Document/BkToCstmrDbtCdtNtfctn/Ntfctn[1]/Acct"
    line = (
        data.decode()
        .splitlines()
        .index(next(x for x in data.decode().splitlines() if "<Acct>" in x))
    )
    assert summary.error["line"] == line + 1
    assert _booked(books, company) == 0


def test_a_second_account_and_a_norwegian_iban(
    books: Books, company: int, importer: PaymentImporter, accounts: BankAccounts
) -> None:
    listed = accounts.add(company, "NO93 8601 1117 947", "camt", actor="t")
    assert [(a.account, a.source.value, a.main) for a in listed] == [
        (OURS, "both", True), (FOREIGN, "camt", False),
    ]  # fmt: skip
    iban = camt_file(kid_entry(10000, "12345678902"), account="NO9386011117947").replace(
        b"<Othr><Id>NO9386011117947</Id><SchmeNm><Cd>BBAN</Cd></SchmeNm></Othr>",
        b"<IBAN>NO9386011117947</IBAN>",
    )
    assert importer.import_bytes(company, iban, "iban.xml", actor="t").status == "imported"
    assert _booked(books, company) == 1


def test_a_file_from_a_source_not_chosen_is_rejected(
    books: Books, company: int, importer: PaymentImporter, accounts: BankAccounts
) -> None:
    accounts.add(company, OURS, "camt", actor="t")
    summary = importer.import_bytes(
        company, ocr_file([Pay(100, "12345678902")]), "o.txt", actor="t"
    )
    assert summary.status == "rejected"
    assert summary.error is not None
    assert summary.error["reason"] == {
        "code": "bank_account.source_not_chosen",
        "params": {"account": OURS, "format": "ocr", "source": "camt"},
    }
    accounts.add(company, OURS, "ocr", actor="t")
    camt = camt_file(kid_entry(10000, "12345678902"), account=OURS)
    assert importer.import_bytes(company, camt, "c.xml", actor="t").status == "rejected"
    assert importer.import_bytes(company, ocr_file([Pay(100, "12345678902")]), "o.txt",
                                 actor="t").status == "imported"  # fmt: skip
    assert _booked(books, company) == 1


def test_a_camt_file_with_a_foreign_notification_after_ours_books_nothing(
    books: Books, company: int, importer: PaymentImporter
) -> None:
    ours = camt_file(kid_entry(10000, "12345678902"), account=OURS).decode()
    foreign = camt_file(kid_entry(20000, "12345678902", number=2), account=FOREIGN).decode()
    start = foreign.index("<Ntfctn>")
    end = foreign.index("</Ntfctn>") + len("</Ntfctn>")
    second = foreign[start:end].replace("<Id>NTF-1</Id>", "<Id>NTF-2</Id>")
    both = ours.replace("</Ntfctn>", "</Ntfctn>\n    " + second, 1)
    summary = importer.import_bytes(company, both.encode(), "two.xml", actor="t")
    assert summary.status == "rejected", summary
    assert summary.error is not None
    assert summary.error["path"] == "/Document/BkToCstmrDbtCdtNtfctn/Ntfctn[2]/Acct"
    assert _booked(books, company) == 0


def test_accounts_are_checked_when_added_and_removed(company: int, accounts: BankAccounts) -> None:
    with pytest.raises(ValidationError) as bad:
        accounts.add(company, "12345678900", "both", actor="t")
    assert bad.value.msg is not None
    assert bad.value.msg.code == "bank_account.invalid"
    with pytest.raises(ValidationError) as source:
        accounts.add(company, FOREIGN, "fax", actor="t")
    assert source.value.msg is not None
    assert source.value.msg.code == "bank_account.source_values"
    with pytest.raises(ValidationError) as last:
        accounts.remove(company, OURS, actor="t")
    assert last.value.msg is not None
    assert last.value.msg.code == "bank_account.last_one"
    with pytest.raises(NotFound):
        accounts.remove(company, FOREIGN, actor="t")
    accounts.add(company, FOREIGN, "both", actor="t")
    assert [a.account for a in accounts.remove(company, OURS, actor="t")] == [FOREIGN]


def test_changing_the_main_account_lists_it(
    books: Books, company: int, accounts: BankAccounts
) -> None:
    books.update_company(
        company, name="Konto AS", org_number="123456785", account=FOREIGN,
        payment_terms_days=14, vat_registered=False, foretaksregisteret=False, actor="t",
    )  # fmt: skip
    assert [(a.account, a.main) for a in accounts.of(company)] == [(OURS, False), (FOREIGN, True)]
