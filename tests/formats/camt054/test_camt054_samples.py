"""Every camt.054 sample in ``shared/samples/camt``, with the parsed result written out in full.

The expected values were read off the XML by hand (see ``shared/samples/README.md``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from reskontro.domain.payment import IncomingPayment
from reskontro.errors import FileFormatError
from reskontro.formats.camt054 import (
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
    extract_payments,
    iter_payments,
    parse,
)

SAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "samples" / "camt"
CRDT, DBIT = CreditDebit.CREDIT, CreditDebit.DEBIT
PLUS_ONE = dt.timezone(dt.timedelta(hours=1))
ROOT = "/Document/BkToCstmrDbtCdtNtfctn/Ntfctn[1]"


def read(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def scor(ref: str) -> StructuredRemittance:
    return StructuredRemittance(creditor_reference=CreditorReference(ref, code="SCOR"))


# -- synthetic Norwegian files: .02 and .08 carry the same data ---------------------------

DMCT = BankTransactionCode("PMNT", "RCDT", "DMCT")
SYNTHETIC = Document(
    message_id="SYNTH-C54C-20240115-000001",
    created=dt.datetime.fromisoformat("2024-01-16T05:12:44"),
    version=2,
    notifications=(
        Notification(
            id="SYNTH-15031234562-20240115-1",
            account=AccountId("15031234562", scheme="BBAN"),
            created=dt.datetime.fromisoformat("2024-01-16T05:12:44"),
            currency="NOK",
            entries=(
                Entry(
                    amount_ore=375000,
                    currency="NOK",
                    credit_debit=CRDT,
                    status="BOOK",
                    booking_date=dt.date(2024, 1, 15),
                    value_date=dt.date(2024, 1, 15),
                    entry_ref="1",
                    account_servicer_ref="SYNTH-ARK-20240115-000001",
                    bank_transaction_code=DMCT,
                    details=(
                        EntryDetails(
                            batch=Batch(
                                number_of_transactions=3,
                                total_ore=375000,
                                currency="NOK",
                                credit_debit=CRDT,
                            ),
                            transactions=(
                                Transaction(
                                    125000,
                                    "NOK",
                                    CRDT,
                                    account_servicer_ref="SYNTH-TX-000000101",
                                    end_to_end_id="NOTPROVIDED",
                                    debtor_name="Kari Nordmann",
                                    debtor_account=AccountId("12345678903", scheme="BBAN"),
                                    structured=(scor("10000123000018"),),
                                ),
                                Transaction(
                                    200000,
                                    "NOK",
                                    CRDT,
                                    account_servicer_ref="SYNTH-TX-000000102",
                                    end_to_end_id="NOTPROVIDED",
                                    debtor_name="Ola Nordmann",
                                    debtor_account=AccountId("98765432103", scheme="BBAN"),
                                    structured=(scor("10000456000023"),),
                                ),
                                Transaction(
                                    50000,
                                    "NOK",
                                    CRDT,
                                    account_servicer_ref="SYNTH-TX-000000103",
                                    end_to_end_id="NOTPROVIDED",
                                    debtor_name="Eksempelkunde Bygg AS",
                                    debtor_account=AccountId("60111234569", scheme="BBAN"),
                                    structured=(scor("1000012300046"),),
                                ),
                            ),
                        ),
                    ),
                ),
                Entry(
                    amount_ore=99000,
                    currency="NOK",
                    credit_debit=CRDT,
                    status="BOOK",
                    booking_date=dt.date(2024, 1, 15),
                    value_date=dt.date(2024, 1, 16),
                    entry_ref="2",
                    account_servicer_ref="SYNTH-ARK-20240115-000002",
                    bank_transaction_code=DMCT,
                    details=(
                        EntryDetails(
                            transactions=(
                                Transaction(
                                    99000,
                                    "NOK",
                                    CRDT,
                                    account_servicer_ref="SYNTH-TX-000000201",
                                    end_to_end_id="NOTPROVIDED",
                                    debtor_name="Per Hansen",
                                    debtor_account=AccountId("32009876544", scheme="BBAN"),
                                    unstructured=("Faktura 10023 og 10024, kundenr 4711",),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)


def synthetic_payment(
    entry: int, tx: int, amount: int, kid: str | None, payer: tuple[str, str], line: int
) -> IncomingPayment:
    entry_ref = f"SYNTH-ARK-20240115-00000{entry}"
    tx_ref = f"SYNTH-TX-000000{entry}0{tx}"
    return IncomingPayment(
        key=f"camt054|15031234562|{entry_ref}|{tx_ref}|{amount}|2024-01-15",
        amount_ore=amount,
        kid=kid,
        date=dt.date(2024, 1, 15),
        value_date=dt.date(2024, 1, entry + 14),
        message="Faktura 10023 og 10024, kundenr 4711" if kid is None else None,
        payer_name=payer[0],
        payer_account=payer[1],
        account="15031234562",
        line=line,
        location=f"{ROOT}/Ntry[{entry}]/NtryDtls[1]/TxDtls[{tx}]",
        bank_reference=tx_ref,
        transaction_type="PMNT/RCDT/DMCT",
    )


SYNTHETIC_02_PAYMENTS = [
    synthetic_payment(1, 1, 125000, "10000123000018", ("Kari Nordmann", "12345678903"), 72),
    synthetic_payment(1, 2, 200000, "10000456000023", ("Ola Nordmann", "98765432103"), 113),
    synthetic_payment(1, 3, 50000, "1000012300046", ("Eksempelkunde Bygg AS", "60111234569"), 151),
    synthetic_payment(2, 1, 99000, None, ("Per Hansen", "32009876544"), 214),
]


def test_synthetic_02_parses_in_full() -> None:
    assert parse(read("synthetic-no-camt054.001.02.xml")) == SYNTHETIC


def test_synthetic_08_is_the_same_data() -> None:
    assert parse(read("synthetic-no-camt054.001.08.xml")) == replace(SYNTHETIC, version=8)


def test_synthetic_02_payments() -> None:
    payments = list(iter_payments(read("synthetic-no-camt054.001.02.xml")))
    assert payments == SYNTHETIC_02_PAYMENTS
    assert len(payments) == 4
    assert sum(p.amount_ore for p in payments) == 474000
    assert [p.kid for p in payments] == ["10000123000018", "10000456000023", "1000012300046", None]


def test_synthetic_02_and_08_give_identical_payments() -> None:
    def without_line(data: bytes) -> list[IncomingPayment]:
        return [replace(p, line=None) for p in iter_payments(data)]

    old = without_line(read("synthetic-no-camt054.001.02.xml"))
    new = without_line(read("synthetic-no-camt054.001.08.xml"))
    assert old == new
    assert len({p.key for p in new}) == 4
    assert [p.line for p in iter_payments(read("synthetic-no-camt054.001.08.xml"))] == [
        73,
        118,
        160,
        229,
    ]


# -- Handelsbanken Finland (kajala/django-jbank), camt.054.001.02 ------------------------

ESCT = BankTransactionCode("PMNT", "RCDT", "ESCT")
JBANK_USTRD = (
    "3131090U20130000                   PANO/INSATTN  EUR            216,85",
    "KURSSI/KURS        9,60400MAKSU/UPPDR.  SEK           2082,58",
    "ULK.ARVOPV/UTL.VALUT.DAG 01.02.2017MAKSUMR./BET. ORDER",
    "PARTIAL PYMT 170124         INV 43459",
    "INV EUR 357",
)


def jbank_entry(
    number: int, amount: int, ref: str, transaction: Transaction, code: BankTransactionCode = ESCT
) -> Entry:
    return Entry(
        amount_ore=amount,
        currency="EUR",
        credit_debit=CRDT,
        status="BOOK",
        booking_date=dt.date(2017, 1, 22),
        value_date=dt.date(2017, 1, 22),
        entry_ref=f"556677889920271222000010000{number}",
        account_servicer_ref=ref,
        bank_transaction_code=code,
        details=(EntryDetails(transactions=(transaction,)),),
    )


def eur(ore: int) -> CurrencyAmount:
    return CurrencyAmount(ore, "EUR")


def referred(code: str, number: str, amounts: RemittanceAmounts) -> StructuredRemittance:
    return StructuredRemittance(
        referred_documents=(ReferredDocument(number, code=code),), amounts=amounts
    )


JBANK = Document(
    message_id="CAMT08224820170203001",
    created=dt.datetime.fromisoformat("2017-02-03T08:23:10"),
    version=2,
    notifications=(
        Notification(
            id="55667788992027122200001",
            account=AccountId("FI1431313001234567", iban=True),
            created=dt.datetime.fromisoformat("2017-02-03T08:23:10"),
            currency="EUR",
            summary=TransactionsSummary(count=4, sum_ore=704800, net_credit_debit=CRDT),
            entries=(
                jbank_entry(
                    1,
                    8816,
                    "201701312588CECZ0804",
                    Transaction(
                        8816,
                        "EUR",
                        CRDT,
                        end_to_end_id="End To End ID 11",
                        debtor_name="SUOMI OY",
                        unstructured=("9597349",),
                    ),
                ),
                jbank_entry(
                    2,
                    74245,
                    "20170123456",
                    Transaction(
                        74245,
                        "EUR",
                        CRDT,
                        end_to_end_id="End to End ID 12",
                        debtor_name="TEST OY",
                        structured=(
                            StructuredRemittance(
                                amounts=RemittanceAmounts(remitted=eur(137113)),
                                creditor_reference=CreditorReference("9544208", code="SCOR"),
                            ),
                            referred("CREN", "9582095", RemittanceAmounts(credit_note=eur(62868))),
                        ),
                    ),
                ),
                jbank_entry(
                    3,
                    600054,
                    "201702013131LG123456",
                    Transaction(
                        600054,
                        "EUR",
                        CRDT,
                        end_to_end_id="EndToEndId 13",
                        debtor_name="DEBTOR FINLAND OY",
                        structured=(
                            referred("CINV", " 9580572", RemittanceAmounts(remitted=eur(625670))),
                            referred(
                                "CREN",
                                "00000000000009580521",
                                RemittanceAmounts(credit_note=eur(16646)),
                            ),
                            referred(
                                "CREN",
                                "00000000000009579095",
                                RemittanceAmounts(credit_note=eur(8970)),
                            ),
                        ),
                    ),
                ),
                jbank_entry(
                    4,
                    21685,
                    "170130313190U60111",
                    # InstdAmt is SEK 2082.58; TxAmt EUR 216.85 is the booked amount.
                    Transaction(
                        21685, "EUR", CRDT, debtor_name="Debtor Name", unstructured=JBANK_USTRD
                    ),
                    BankTransactionCode("PMNT", "RCDT", "XBCT"),
                ),
            ),
        ),
    ),
)


def test_jbank_parses_in_full() -> None:
    document = parse(read("jbank-handelsbanken-fi-camt054.001.02.xml"))
    assert document == JBANK
    second = document.notifications[0].entries[1].transactions[0]
    assert second.kid == "9544208"  # a Finnish SCOR reference has the shape of a KID
    assert [(doc.code, doc.number) for doc, _ in second.referred_documents] == [("CREN", "9582095")]
    assert document.notifications[0].entries[3].transactions[0].message == "\n".join(JBANK_USTRD)


def test_jbank_is_not_a_nok_file() -> None:
    data = read("jbank-handelsbanken-fi-camt054.001.02.xml")
    with pytest.raises(FileFormatError, match="amount is in EUR, not NOK") as caught:
        list(iter_payments(data))
    assert caught.value.path == f"{ROOT}/Ntry[1]/NtryDtls[1]/TxDtls[1]"
    assert caught.value.line == 64
    assert "and 3 more problems" in str(caught.value)


def test_jbank_payments_in_eur() -> None:
    payments = list(
        iter_payments(read("jbank-handelsbanken-fi-camt054.001.02.xml"), currency="EUR")
    )
    assert len(payments) == 4
    assert sum(p.amount_ore for p in payments) == 704800
    assert [p.kid for p in payments] == [None, "9544208", None, None]
    assert [p.key for p in payments] == [
        "camt054|FI1431313001234567|201701312588CECZ0804|#1|8816|2017-01-22",
        "camt054|FI1431313001234567|20170123456|#1|74245|2017-01-22",
        "camt054|FI1431313001234567|201702013131LG123456|#1|600054|2017-01-22",
        "camt054|FI1431313001234567|170130313190U60111|#1|21685|2017-01-22",
    ]
    assert [p.message for p in payments] == ["9597349", None, None, "\n".join(JBANK_USTRD)]
    assert [p.payer_name for p in payments] == [
        "SUOMI OY",
        "TEST OY",
        "DEBTOR FINLAND OY",
        "Debtor Name",
    ]
    assert [p.line for p in payments] == [64, 116, 193, 286]
    assert {p.transaction_type for p in payments} == {"PMNT/RCDT/ESCT", "PMNT/RCDT/XBCT"}


# -- genkgo/camt: one debit entry with three TxDtls --------------------------------------

ICDT = BankTransactionCode("PMNT", "ICDT", "DMCT")


def isr(number: str) -> StructuredRemittance:
    return StructuredRemittance(
        creditor_reference=CreditorReference(
            f"ISR ref number {number}", proprietary="ISR Reference"
        ),
        additional_info=(f"Additional Remittance Information {number}",),
    )


def v3_blocks() -> tuple[StructuredRemittance, ...]:
    return tuple(
        StructuredRemittance(
            creditor_reference=CreditorReference(f"Ref number V3 block {n}", code="SCOR"),
            additional_info=(f"Additional Remittance Information V3 block {n}",),
        )
        for n in (1, 2)
    )


V3_USTRD = (
    "Unstructured Remittance Information V3 block 1",
    "Unstructured Remittance Information V3 block 2",
)
GENKGO_CREATED = dt.datetime(2007, 10, 18, 12, 30, tzinfo=PLUS_ONE)


def genkgo_v2_transaction(**fields: Any) -> Transaction:
    return replace(
        Transaction(None, None, DBIT, end_to_end_id="MUELL/FINP/RA12345", debtor_name="MUELLER"),
        **fields,
    )


GENKGO_V2 = Document(
    message_id="AAAASESS-FP-ACCR001",
    created=GENKGO_CREATED,
    version=2,
    notifications=(
        Notification(
            id="AAAASESS-FP-ACCR001",
            account=AccountId("CH2801234000123456789"),
            created=GENKGO_CREATED,
            copy_duplicate="CODU",
            entries=(
                Entry(
                    amount_ore=-20000000,
                    currency="SEK",
                    credit_debit=DBIT,
                    status="BOOK",
                    booking_date=dt.date(2007, 10, 18),
                    booking_time=dt.datetime(2007, 10, 18, 13, 15, tzinfo=PLUS_ONE),
                    value_date=dt.date(2007, 10, 18),
                    account_servicer_ref="AAAASESS-FP-ACCR001",
                    bank_transaction_code=ICDT,
                    details=(
                        EntryDetails(
                            transactions=(
                                genkgo_v2_transaction(
                                    unstructured=("Unstructured Remittance Information V1",),
                                    structured=(isr("V1"),),
                                ),
                                genkgo_v2_transaction(structured=(isr("V2"),)),
                                genkgo_v2_transaction(
                                    unstructured=V3_USTRD, structured=v3_blocks()
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)


def test_genkgo_v2_parses_in_full() -> None:
    document = parse(read("genkgo-camt054.v2.xml"))
    assert document == GENKGO_V2
    assert document.notifications[0].copy_duplicate == "CODU"
    transactions = document.notifications[0].entries[0].transactions
    assert [tx.kid for tx in transactions] == [None, None, None]  # the refs are words
    assert [len(tx.creditor_references) for tx in transactions] == [1, 1, 2]
    assert transactions[2].message == "\n".join(V3_USTRD)


def test_genkgo_v2_has_no_payment_amounts() -> None:
    # Three TxDtls without any amount: the entry amount cannot be split (spec §5).
    extraction = extract_payments(parse(read("genkgo-camt054.v2.xml")), currency="SEK")
    assert extraction.payments == ()
    assert [(p.location, p.line) for p in extraction.problems] == [
        (f"{ROOT}/Ntry[1]/NtryDtls[1]/TxDtls[1]", 79),
        (f"{ROOT}/Ntry[1]/NtryDtls[1]/TxDtls[2]", 103),
        (f"{ROOT}/Ntry[1]/NtryDtls[1]/TxDtls[3]", 126),
    ]
    assert all("cannot be split" in p.message for p in extraction.problems)


def genkgo_v8_transaction(number: int, amount: int, **fields: Any) -> Transaction:
    instruction = min(number, 2)
    return replace(
        Transaction(
            amount,
            "CHF",
            CRDT,
            instruction_id=f"UXC06170000006PI00001II0000{instruction}",
            end_to_end_id=f"UXC06170000006PI00001EE0000{instruction}",
            bank_transaction_code=BankTransactionCode("PMNT", "ICDT", "DMCT", "Z24"),
            debtor_name="UNIFITS GmbH",
            debtor_account=AccountId("CH2801234000123456789", iban=True),
        ),
        **fields,
    )


GENKGO_V8 = Document(
    message_id="AAAASESS-FP-ACCR001",
    created=GENKGO_CREATED,
    version=8,
    notifications=(
        Notification(
            id="AAAASESS-FP-ACCR001",
            account=AccountId("CH2801234000123456789", iban=True),
            created=GENKGO_CREATED,
            copy_duplicate="CODU",
            entries=(
                Entry(
                    amount_ore=-20000000,
                    currency="SEK",
                    credit_debit=DBIT,
                    status="BOOK",
                    booking_date=dt.date(2007, 10, 18),
                    value_date=dt.date(2007, 10, 18),
                    account_servicer_ref="ACSR160617103200001",
                    bank_transaction_code=BankTransactionCode("PMNT", "ICDT", "DMCT", "Z24"),
                    details=(
                        EntryDetails(
                            batch=Batch(
                                message_id="UXC06170000006",
                                payment_information_id="UXC06170000006PI00001",
                                number_of_transactions=2,
                                total_ore=-630,
                                currency="CHF",
                                credit_debit=DBIT,
                            ),
                            transactions=(
                                genkgo_v8_transaction(
                                    1,
                                    310,
                                    unstructured=("Unstructured Remittance Information V1",),
                                    structured=(isr("V1"),),
                                ),
                                genkgo_v8_transaction(2, 320, structured=(isr("V2"),)),
                                genkgo_v8_transaction(
                                    3, 320, unstructured=V3_USTRD, structured=v3_blocks()
                                ),
                            ),
                        ),
                    ),
                    additional_info="Order",
                ),
            ),
        ),
    ),
)


def test_genkgo_v8_totals_disagree() -> None:
    # Reported to the lead: NbOfTxs 2 with three TxDtls, TtlAmt CHF 6.3 DBIT against
    # CHF 3.1 + 3.2 + 3.2 CRDT, on an entry of SEK 200000 DBIT.
    with pytest.raises(
        FileFormatError, match="NbOfTxs is 2 but the NtryDtls has 3 TxDtls"
    ) as caught:
        parse(read("genkgo-camt054.v8.xml"))
    assert caught.value.path == f"{ROOT}/Ntry[1]/NtryDtls[1]/Btch/NbOfTxs"
    assert caught.value.line == 92  # NbOfTxs itself (its Btch starts on line 89)


def test_genkgo_v8_parses_in_full_without_the_total_checks() -> None:
    document = parse(read("genkgo-camt054.v8.xml"), check_totals=False)
    assert document == GENKGO_V8
    extraction = extract_payments(document, currency="SEK")
    # The CHF transactions sit on a SEK entry: none is a payment into the SEK account.
    assert extraction.payments == ()
    assert [p.message for p in extraction.problems] == [
        "the amount is in CHF, not SEK: not a payment into a SEK account"
    ] * 3
    assert [p.line for p in extraction.problems] == [96, 187, 272]


@pytest.mark.parametrize(
    "name",
    [
        "synthetic-no-camt054.001.02.xml",
        "synthetic-no-camt054.001.08.xml",
        "jbank-handelsbanken-fi-camt054.001.02.xml",
        "genkgo-camt054.v2.xml",
    ],
)
def test_samples_survive_build_and_parse(name: str) -> None:
    document = parse(read(name))
    assert parse(build(document)) == document


def test_every_sample_is_covered() -> None:
    assert sorted(p.name for p in SAMPLES.glob("*.xml")) == [
        "genkgo-camt054.v2.xml",
        "genkgo-camt054.v8.xml",
        "jbank-handelsbanken-fi-camt054.001.02.xml",
        "synthetic-no-camt054.001.02.xml",
        "synthetic-no-camt054.001.08.xml",
    ]
