"""extract_payments / iter_payments and the dedupe keys (dedupe spec §5)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from reskontro.errors import FileFormatError
from reskontro.formats.camt054 import (
    AccountId,
    BankTransactionCode,
    CreditDebit,
    CreditorReference,
    Document,
    Entry,
    EntryDetails,
    Notification,
    StructuredRemittance,
    Transaction,
    build,
    extract_payments,
    iter_payments,
    message_key,
    normalise_account,
    payment_key,
)

CRDT, DBIT = CreditDebit.CREDIT, CreditDebit.DEBIT
DAY = dt.date(2024, 1, 15)
ACCOUNT = AccountId("15031234562", scheme="BBAN")
NTFCTN = "/Document/BkToCstmrDbtCdtNtfctn/Ntfctn[1]"


def transaction(amount: int | None, **fields: Any) -> Transaction:
    currency = None if amount is None else "NOK"
    direction = DBIT if amount is not None and amount < 0 else CRDT
    return replace(Transaction(amount, currency, direction), **fields)


def entry(amount: int, *transactions: Transaction, **fields: Any) -> Entry:
    details = (EntryDetails(transactions=transactions),) if transactions else ()
    return replace(
        Entry(
            amount_ore=amount,
            currency="NOK",
            credit_debit=DBIT if amount < 0 else CRDT,
            status="BOOK",
            booking_date=DAY,
            value_date=DAY + dt.timedelta(days=1),
            account_servicer_ref="ARK-1",
            details=details,
        ),
        **fields,
    )


def document(*entries: Entry, account: AccountId = ACCOUNT) -> Document:
    return Document(
        message_id="MSG-1",
        created=dt.datetime.fromisoformat("2024-01-16T05:00:00"),
        notifications=(
            Notification(
                id="NTF-1",
                account=account,
                created=dt.datetime.fromisoformat("2024-01-16T05:00:00"),
                entries=entries,
            ),
        ),
    )


def test_a_transaction_is_a_payment() -> None:
    kid = StructuredRemittance(creditor_reference=CreditorReference("10000123000018", code="SCOR"))
    found = transaction(
        125000,
        account_servicer_ref="TX-1",
        debtor_name="Kari Nordmann",
        debtor_account=AccountId("12345678903", scheme="BBAN"),
        structured=(kid,),
        bank_transaction_code=BankTransactionCode(proprietary="KID"),
    )
    [payment] = iter_payments(document(entry(125000, found)))
    assert payment.key == "camt054|15031234562|ARK-1|TX-1|125000|2024-01-15"
    assert (payment.amount_ore, payment.kid, payment.date, payment.value_date) == (
        125000,
        "10000123000018",
        DAY,
        dt.date(2024, 1, 16),
    )
    assert (payment.payer_name, payment.payer_account, payment.account) == (
        "Kari Nordmann",
        "12345678903",
        "15031234562",
    )
    assert payment.location == f"{NTFCTN}/Ntry[1]/NtryDtls[1]/TxDtls[1]"
    assert payment.line is None  # built in code, not parsed
    assert (payment.bank_reference, payment.transaction_type) == ("TX-1", "KID")


def test_an_entry_without_transaction_details_is_one_payment() -> None:
    found = entry(
        99000,
        additional_info="Innbetaling",
        bank_transaction_code=BankTransactionCode("PMNT", "RCDT", "DMCT"),
    )
    [payment] = iter_payments(document(found))
    assert payment.key == "camt054|15031234562|ARK-1||99000|2024-01-15"
    assert (payment.amount_ore, payment.message, payment.kid) == (99000, "Innbetaling", None)
    assert payment.location == f"{NTFCTN}/Ntry[1]"
    assert (payment.bank_reference, payment.transaction_type) == ("ARK-1", "PMNT/RCDT/DMCT")


def test_a_single_transaction_without_amount_takes_the_entry_amount() -> None:
    [payment] = iter_payments(document(entry(-5000, transaction(None, credit_debit=DBIT))))
    assert payment.amount_ore == -5000
    assert payment.key == "camt054|15031234562|ARK-1|#1|-5000|2024-01-15"


def test_several_transactions_without_amount_are_a_problem() -> None:
    doc = document(entry(5000, transaction(None), transaction(None)))
    extraction = extract_payments(doc)
    assert extraction.payments == ()
    assert [p.location for p in extraction.problems] == [
        f"{NTFCTN}/Ntry[1]/NtryDtls[1]/TxDtls[1]",
        f"{NTFCTN}/Ntry[1]/NtryDtls[1]/TxDtls[2]",
    ]
    with pytest.raises(FileFormatError, match=r"cannot be split \(and 1 more problem\)") as caught:
        list(iter_payments(doc))
    assert caught.value.path == f"{NTFCTN}/Ntry[1]/NtryDtls[1]/TxDtls[1]"


def test_positions_count_across_entry_details() -> None:
    two = replace(
        entry(300),
        details=(
            EntryDetails(transactions=(transaction(100),)),
            EntryDetails(transactions=(transaction(200),)),
        ),
    )
    payments = list(iter_payments(document(two)))
    assert [p.key for p in payments] == [
        "camt054|15031234562|ARK-1|#1|100|2024-01-15",
        "camt054|15031234562|ARK-1|#2|200|2024-01-15",
    ]
    assert [p.location for p in payments] == [
        f"{NTFCTN}/Ntry[1]/NtryDtls[1]/TxDtls[1]",
        f"{NTFCTN}/Ntry[1]/NtryDtls[2]/TxDtls[1]",
    ]


@pytest.mark.parametrize("status", ["PDNG", "INFO"])
def test_only_booked_entries_are_payments(status: str) -> None:
    doc = document(entry(100, status=status), entry(200, account_servicer_ref="ARK-2"))
    extraction = extract_payments(doc)
    assert [p.amount_ore for p in extraction.payments] == [200]
    [problem] = extraction.problems
    assert problem.location == f"{NTFCTN}/Ntry[1]"
    assert f"status is {status}, not BOOK" in problem.message
    with pytest.raises(FileFormatError, match="not booked"):
        list(iter_payments(doc))


def test_a_booked_entry_needs_a_booking_date() -> None:
    [problem] = extract_payments(document(entry(100, booking_date=None))).problems
    assert problem.message == "booked entry without BookgDt"


def test_other_currencies_are_problems_not_payments() -> None:
    doc = document(replace(entry(100), currency="EUR"), entry(200, account_servicer_ref="ARK-2"))
    extraction = extract_payments(doc)
    assert [p.amount_ore for p in extraction.payments] == [200]
    assert [p.message for p in extraction.problems] == [
        "the amount is in EUR, not NOK: not a payment into a NOK account"
    ]
    assert [p.amount_ore for p in extract_payments(doc, currency="EUR").payments] == [100]


def test_fingerprint_when_the_bank_gives_no_reference() -> None:
    kid = StructuredRemittance(creditor_reference=CreditorReference("10000123000018"))
    same = transaction(
        500, structured=(kid,), debtor_account=AccountId("NO93 8601 1117 947", iban=True)
    )
    text = transaction(700, unstructured=("Faktura  10023,", "kundenr 4711"))
    doc = document(
        entry(500, same, account_servicer_ref=None),
        entry(500, same, account_servicer_ref=None),
        entry(700, text, account_servicer_ref=None),
    )
    keys = [p.key for p in iter_payments(doc)]
    assert keys == [
        "camt054-fp|15031234562|2024-01-15|500|10000123000018|86011117947|1",
        "camt054-fp|15031234562|2024-01-15|500|10000123000018|86011117947|2",
        "camt054-fp|15031234562|2024-01-15|700|Faktura 10023, kundenr 4711||1",
    ]


def test_a_repeated_key_in_one_file_is_a_problem() -> None:
    doc = document(entry(100, transaction(100)), entry(100, transaction(100)))
    extraction = extract_payments(doc)
    assert len(extraction.payments) == 1
    [problem] = extraction.problems
    assert problem.location == f"{NTFCTN}/Ntry[2]/NtryDtls[1]/TxDtls[1]"
    assert (
        "repeats the payment at /Document/BkToCstmrDbtCdtNtfctn/Ntfctn[1]/Ntry[1]"
        in problem.message
    )


def test_keys_do_not_depend_on_the_account_form() -> None:
    iban = document(entry(100), account=AccountId("NO9315031234562", iban=True))
    bban = document(entry(100))
    assert [p.key for p in iter_payments(iban)] == [p.key for p in iter_payments(bban)]
    assert message_key(iban, iban.notifications[0]) == message_key(bban, bban.notifications[0])
    assert message_key(bban, bban.notifications[0]) == "camt054|MSG-1|NTF-1|15031234562"


def test_key_parts_are_escaped() -> None:
    key = payment_key(
        account="1",
        entry_ref="A|B",
        transaction_ref="C\\D",
        position=1,
        amount_ore=-1,
        booking_date=DAY,
    )
    assert key == "camt054|1|A\\|B|C\\\\D|-1|2024-01-15"


def test_normalise_account() -> None:
    assert normalise_account(" no93 8601 1117 947 ") == "86011117947"
    assert normalise_account("FI1431313001234567") == "FI1431313001234567"
    assert normalise_account("NO9386011117947X") == "NO9386011117947X"


def test_iter_payments_reads_bytes_too() -> None:
    doc = document(entry(100, transaction(100, account_servicer_ref="TX-1")))
    from_bytes = [replace(p, line=None) for p in iter_payments(build(doc))]
    assert from_bytes == list(iter_payments(doc))


def test_iter_payments_raises_when_called_not_when_iterated() -> None:
    with pytest.raises(FileFormatError, match="not booked"):
        iter_payments(document(entry(100, status="PDNG")))
    with pytest.raises(FileFormatError, match="not well-formed XML"):
        iter_payments(b"<Document")
