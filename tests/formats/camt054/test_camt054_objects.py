"""The object layer refuses values that contradict themselves."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest

from reskontro.errors import ValidationError
from reskontro.formats.camt054 import (
    AccountId,
    BankTransactionCode,
    Batch,
    CreditDebit,
    CreditorReference,
    CurrencyAmount,
    Entry,
    EntryDetails,
    ReferredDocument,
    Transaction,
    looks_like_kid,
)

if TYPE_CHECKING:
    from collections.abc import Callable

CRDT, DBIT = CreditDebit.CREDIT, CreditDebit.DEBIT
DAY = dt.date(2024, 1, 15)


def entry(**fields: Any) -> Entry:
    values: dict[str, Any] = {
        "amount_ore": 100,
        "currency": "NOK",
        "credit_debit": CRDT,
        "status": "BOOK",
        "booking_date": DAY,
        **fields,
    }
    return Entry(**values)


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: CurrencyAmount(-1, "NOK"), "must not be negative"),
        (lambda: AccountId("NO9315031234562", iban=True, scheme="BBAN"), "an IBAN has no scheme"),
        (lambda: BankTransactionCode("PMNT", None, "DMCT"), "domain, family and sub-family"),
        (lambda: CreditorReference("1", code="SCOR", proprietary="KID"), "exclude each other"),
        (lambda: ReferredDocument("1", code="CINV", proprietary="Faktura"), "exclude each other"),
        (lambda: Transaction(100, None, CRDT), "needs its currency"),
        (lambda: Transaction(None, "NOK", CRDT), "needs its currency"),
        (lambda: Transaction(100, "NOK", DBIT), "amount 100 contradicts DBIT"),
        (lambda: Batch(total_ore=100), "needs its currency"),
        (lambda: Batch(number_of_transactions=-1), "must not be negative"),
        (lambda: Batch(total_ore=-100, currency="NOK", credit_debit=CRDT), "contradicts CRDT"),
        (lambda: entry(amount_ore=-100), "amount -100 contradicts CRDT"),
        (
            lambda: entry(booking_time=dt.datetime.fromisoformat("2024-01-16T00:30:00+01:00")),
            "BookgDt: date 2024-01-15 is not the date of",
        ),
        (
            lambda: entry(
                value_date=DAY, value_time=dt.datetime.fromisoformat("2024-01-14T10:00:00")
            ),
            "ValDt",
        ),
        (
            lambda: entry(details=(EntryDetails(batch=Batch(total_ore=-100, currency="NOK")),)),
            "Btch: amount -100 contradicts CRDT",
        ),
    ],
)
def test_contradictions_are_refused(make: Callable[[], object], match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        make()


def test_zero_goes_either_way() -> None:
    assert Transaction(0, "NOK", DBIT).amount_ore == 0
    assert entry(amount_ore=0, credit_debit=DBIT).amount_ore == 0


def test_bank_transaction_code_text() -> None:
    assert str(BankTransactionCode("PMNT", "RCDT", "DMCT", "230")) == "PMNT/RCDT/DMCT"
    assert str(BankTransactionCode(proprietary="230")) == "230"
    assert not str(BankTransactionCode())


def test_credit_debit_sign() -> None:
    assert (CRDT.sign, DBIT.sign) == (1, -1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10000123000018", True),
        ("1000012300046-", True),
        ("12", True),
        ("1-", True),
        (" 0030010000123458 ", True),
        ("1234567890123456789012345", True),
        ("12345678901234567890123456", False),
        ("1", False),
        ("-1", False),
        ("12-3", False),
        ("RF18539007547034", False),
        ("1234 5678", False),
        ("", False),
        (None, False),
    ],
)
def test_kid_shape(text: str | None, expected: bool) -> None:
    assert looks_like_kid(text) is expected
