"""build(): every version validates against the official XSD and reads back unchanged."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from reskontro.errors import ValidationError
from reskontro.formats.camt054 import (
    SUPPORTED_VERSIONS,
    AccountId,
    BankTransactionCode,
    Batch,
    CreditDebit,
    CreditorReference,
    CurrencyAmount,
    Document,
    Entry,
    EntryDetails,
    Notification,
    ReferredDocument,
    RemittanceAmounts,
    StructuredRemittance,
    Transaction,
    TransactionsSummary,
    build,
    iter_payments,
    parse,
)

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
CRDT, DBIT = CreditDebit.CREDIT, CreditDebit.DEBIT
UTC = dt.UTC


@functools.cache
def schema(version: int) -> etree.XMLSchema:
    path = SHARED / "validation" / "camt" / f"camt.054.001.{version:02d}.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


def assert_valid(data: bytes, version: int) -> None:
    checker = schema(version)
    if not checker.validate(etree.fromstring(data)):
        raise AssertionError(str(checker.error_log))


KID = StructuredRemittance(creditor_reference=CreditorReference("10000123000018", code="SCOR"))
RICH = Document(
    message_id="MSG-RICH-1",
    created=dt.datetime(2024, 1, 16, 5, 12, 44, tzinfo=UTC),
    notifications=(
        Notification(
            id="NTF-1",
            account=AccountId("NO9315031234562", iban=True),
            created=dt.datetime.fromisoformat("2024-01-16T05:12:44.500000"),
            currency="NOK",
            copy_duplicate="COPY",
            summary=TransactionsSummary(
                count=3,
                sum_ore=133000,
                net_ore=67000,
                net_credit_debit=CRDT,
                credit_count=2,
                credit_sum_ore=100000,
                debit_count=1,
                debit_sum_ore=33000,
            ),
            entries=(
                Entry(
                    amount_ore=70000,
                    currency="NOK",
                    credit_debit=CRDT,
                    status="BOOK",
                    booking_date=dt.date(2024, 1, 15),
                    value_date=dt.date(2024, 1, 16),
                    entry_ref="1",
                    account_servicer_ref="ARK-1",
                    bank_transaction_code=BankTransactionCode("PMNT", "RCDT", "DMCT", "230"),
                    details=(
                        EntryDetails(
                            batch=Batch(
                                message_id="B-1",
                                payment_information_id="P-1",
                                number_of_transactions=2,
                                total_ore=70000,
                                currency="NOK",
                                credit_debit=CRDT,
                            ),
                            transactions=(
                                Transaction(
                                    50000,
                                    "NOK",
                                    CRDT,
                                    account_servicer_ref="TX-1",
                                    instruction_id="I-1",
                                    end_to_end_id="NOTPROVIDED",
                                    tx_id="T-1",
                                    bank_transaction_code=BankTransactionCode(proprietary="KID"),
                                    debtor_name="Kari Nordmann",
                                    debtor_account=AccountId("12345678903", scheme="BBAN"),
                                    ultimate_debtor_name="Ola Nordmann",
                                    unstructured=("Faktura 10023", "kundenr 4711"),
                                    structured=(
                                        KID,
                                        StructuredRemittance(
                                            referred_documents=(
                                                ReferredDocument("10023", code="CINV"),
                                                ReferredDocument("K-9", proprietary="Kreditnota"),
                                                ReferredDocument(None),
                                            ),
                                            amounts=RemittanceAmounts(
                                                due_payable=CurrencyAmount(60000, "NOK"),
                                                credit_note=CurrencyAmount(10000, "NOK"),
                                                remitted=CurrencyAmount(50000, "NOK"),
                                            ),
                                            creditor_reference=CreditorReference(
                                                "ISR 1", proprietary="ISR Reference"
                                            ),
                                            additional_info=("a", "b", "c"),
                                        ),
                                        StructuredRemittance(
                                            creditor_reference=CreditorReference(None)
                                        ),
                                    ),
                                    additional_info="Husleie",
                                ),
                                Transaction(20000, "NOK", CRDT, debtor_account=AccountId("DE1")),
                            ),
                        ),
                        EntryDetails(batch=Batch()),
                    ),
                    additional_info="OCR",
                ),
                Entry(
                    amount_ore=-33000,
                    currency="NOK",
                    credit_debit=DBIT,
                    status="BOOK",
                    reversal=True,
                    booking_date=dt.date(2024, 1, 15),
                    booking_time=dt.datetime(2024, 1, 15, 23, 0, tzinfo=UTC),
                    value_date=dt.date(2024, 1, 15),
                    value_time=dt.datetime.fromisoformat("2024-01-15T23:00:00"),
                    account_servicer_ref="ARK-2",
                ),
                Entry(
                    amount_ore=30000,
                    currency="NOK",
                    credit_debit=CRDT,
                    status="PDNG",
                    booking_date=None,
                    details=(EntryDetails(transactions=(Transaction(30000, "NOK", CRDT),)),),
                ),
            ),
        ),
        Notification(
            id="NTF-2",
            account=AccountId("15031234562"),
            created=dt.datetime.fromisoformat("2024-01-16T00:00:00"),
        ),
    ),
)


@pytest.mark.parametrize("version", SUPPORTED_VERSIONS)
def test_built_documents_validate_and_read_back(version: int) -> None:
    document = replace(RICH, version=version)
    data = build(document)
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<Document xmlns=")
    assert_valid(data, version)
    assert parse(data) == document


@pytest.mark.parametrize("version", [7, 8])
def test_newer_versions_allow_what_older_ones_do_not(version: int) -> None:
    entry = RICH.notifications[0].entries[2]
    loose = replace(
        entry,
        status="PROPRIETARY-STATUS",
        details=(
            EntryDetails(
                transactions=(Transaction(None, None, DBIT), Transaction(None, None, CRDT))
            ),
        ),
    )
    document = replace(
        RICH,
        version=version,
        notifications=(replace(RICH.notifications[1], created=None, entries=(loose,)),),
    )
    data = build(document)
    assert_valid(data, version)
    assert parse(data) == document


def test_built_synthetic_file_gives_the_payments_of_the_real_one() -> None:
    samples = SHARED / "samples" / "camt"
    old = parse((samples / "synthetic-no-camt054.001.02.xml").read_bytes())
    new = (samples / "synthetic-no-camt054.001.08.xml").read_bytes()
    built = build(replace(old, version=8))
    assert_valid(built, 8)
    assert [replace(p, line=None) for p in iter_payments(built)] == [
        replace(p, line=None) for p in iter_payments(new)
    ]


def one_transaction(transaction: Transaction, version: int, **entry_fields: Any) -> Document:
    fields: dict[str, Any] = {"status": "BOOK", **entry_fields}
    entry = replace(
        RICH.notifications[0].entries[2],
        details=(EntryDetails(transactions=(transaction,)),),
        **fields,
    )
    return replace(
        RICH, version=version, notifications=(replace(RICH.notifications[1], entries=(entry,)),)
    )


@pytest.mark.parametrize(
    ("document", "match"),
    [
        (one_transaction(Transaction(-30000, "NOK", DBIT), 2), "no TxDtls/CdtDbtInd"),
        (one_transaction(Transaction(30000, "EUR", CRDT), 2), "in the entry's currency"),
        (one_transaction(Transaction(None, None, CRDT), 5), "camt.054.001.05 needs TxDtls/Amt"),
        (
            one_transaction(Transaction(30000, "NOK", CRDT), 6, status="FUTR"),
            "knows only the statuses BOOK, PDNG, INFO, not 'FUTR'",
        ),
        (
            replace(RICH, notifications=(replace(RICH.notifications[1], created=None),)),
            "camt.054.001.02 needs Ntfctn/CreDtTm",
        ),
        (
            replace(
                RICH,
                version=4,
                notifications=(
                    replace(RICH.notifications[1], summary=TransactionsSummary(net_ore=1)),
                ),
            ),
            "the net amount and its CdtDbtInd go together",
        ),
        (replace(RICH, message_id="bad\x00text"), "cannot write camt.054"),
        (replace(RICH, version=9), "version 9 is not supported"),
    ],
)
def test_what_a_version_cannot_express_is_refused(document: Document, match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        build(document)
