"""Property: parse(build(document)) == document, and the output validates, for every version.

The strategy generates documents that the chosen version can express and whose control
totals agree (the reader checks them), so the property exercises the checks too.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

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
    extract_payments,
    parse,
)
from reskontro.formats.camt054.objects import ENTRY_STATUS_CODES

XSD = Path(__file__).resolve().parents[3].parent / "shared" / "validation" / "camt"
CRDT, DBIT = CreditDebit.CREDIT, CreditDebit.DEBIT
T = TypeVar("T")
PROFILE = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@functools.cache
def schema(version: int) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD / f"camt.054.001.{version:02d}.xsd")))


# Text that XML carries as it is: letters (Norwegian ones too), digits, blanks, markup
# characters and a few beyond the BMP; no control characters.
ALPHABET = st.sampled_from(
    "abcXYZ019 æøåÆØÅéü€&<>\"'|\\/-.,:;#" + "\u00a0\u2028\U0001f600\U00020000"
)


def text(max_size: int = 35) -> st.SearchStrategy[str]:
    return st.text(ALPHABET, min_size=1, max_size=max_size)


def optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


codes = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=4)
currencies = st.sampled_from(["NOK", "SEK", "EUR"])
amounts = st.integers(min_value=0, max_value=10**12)
dates = st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31))
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)
datetimes = st.datetimes(
    dt.datetime.fromisoformat("1990-01-01T00:00:00"),
    dt.datetime.fromisoformat("2099-12-31T00:00:00"),
    timezones=st.none() | offsets,
)
directions = st.sampled_from([CRDT, DBIT])
numbers = st.integers(min_value=0, max_value=10**11 - 1)
accounts = st.one_of(
    numbers.map(lambda n: AccountId(f"NO93{n:011d}", iban=True)),
    st.builds(AccountId, numbers.map(lambda n: f"{n:011d}"), scheme=st.none() | st.just("BBAN")),
)


def signed(ore: int, direction: CreditDebit) -> int:
    return ore * direction.sign


def direction_of(amount: int, draw: st.DrawFn) -> CreditDebit:
    return draw(directions) if amount == 0 else (CRDT if amount > 0 else DBIT)


@st.composite
def structured(draw: st.DrawFn, currency: str) -> StructuredRemittance:
    money = st.builds(CurrencyAmount, amounts, st.just(currency))
    return StructuredRemittance(
        referred_documents=tuple(
            draw(
                st.lists(
                    st.builds(
                        ReferredDocument,
                        optional(text()),
                        code=st.none() | st.sampled_from(["CINV", "CREN"]),
                    ),
                    max_size=2,
                )
            )
        ),
        amounts=draw(
            optional(
                st.builds(RemittanceAmounts, optional(money), optional(money), optional(money))
            )
        ),
        creditor_reference=draw(
            optional(
                st.one_of(
                    st.builds(CreditorReference, optional(text()), code=st.just("SCOR")),
                    st.builds(CreditorReference, optional(text()), proprietary=text()),
                    st.builds(CreditorReference, numbers.map(lambda n: f"{n:02d}-")),
                )
            )
        ),
        additional_info=tuple(draw(st.lists(text(50), max_size=3))),
    )


bank_codes = st.one_of(
    st.builds(BankTransactionCode, codes, codes, codes, optional(text())),
    st.builds(BankTransactionCode, proprietary=text()),
)


@st.composite
def transaction(
    draw: st.DrawFn, version: int, entry_direction: CreditDebit, currency: str, with_amount: bool
) -> Transaction:
    direction = entry_direction if version == 2 else draw(directions)
    amount = signed(draw(amounts), direction) if with_amount else None
    return Transaction(
        amount_ore=amount,
        currency=currency if with_amount else None,
        credit_debit=direction,
        account_servicer_ref=draw(optional(text())),
        instruction_id=draw(optional(text())),
        end_to_end_id=draw(optional(text())),
        tx_id=draw(optional(text())),
        bank_transaction_code=draw(optional(bank_codes)),
        debtor_name=draw(optional(text(50))),
        debtor_account=draw(optional(accounts)),
        ultimate_debtor_name=draw(optional(text(50))),
        unstructured=tuple(draw(st.lists(text(50), max_size=2))),
        structured=tuple(draw(st.lists(structured(currency), max_size=2))),
        additional_info=draw(optional(text(50))),
    )


@st.composite
def entry(draw: st.DrawFn, version: int, currency: str) -> Entry:
    """An entry whose batch and transaction totals agree, as :mod:`checks` wants them."""
    planned = draw(directions)
    # .03–.06 need TxDtls/Amt; elsewhere an entry may also carry transactions without.
    with_amounts = version in (3, 4, 5, 6) or draw(st.booleans())
    details: list[EntryDetails] = []
    parts: list[int | None] = []
    real = False
    for _ in range(draw(st.integers(0, 2))):
        count = draw(st.integers(0, 3))
        transactions = tuple(
            draw(transaction(version, planned, currency, with_amounts)) for _ in range(count)
        )
        known = bool(transactions) and with_amounts
        total = sum(tx.amount_ore or 0 for tx in transactions) if known else None
        if total is None and draw(st.booleans()):
            total = signed(draw(amounts), planned)
        batch = None
        if draw(st.booleans()):
            batch_total = total if draw(st.booleans()) else None
            batch = Batch(
                message_id=draw(optional(text())),
                payment_information_id=draw(optional(text())),
                number_of_transactions=len(transactions) if draw(st.booleans()) else None,
                total_ore=batch_total,
                currency=None if batch_total is None else currency,
                credit_debit=None if batch_total is None else direction_of(batch_total, draw),
            )
        stated = batch is not None and batch.total_ore is not None
        if known or (stated and not transactions):
            parts.append(total if known else batch.total_ore if batch else None)
            real = True
        elif transactions:
            parts.append(None)  # amounts missing: the entry amount is not checked
        else:
            parts.append(0)  # an empty NtryDtls adds nothing (and switches nothing off)
        details.append(EntryDetails(batch=batch, transactions=transactions))
    if real and all(part is not None for part in parts):
        amount = sum(part or 0 for part in parts)
    else:
        amount = signed(draw(amounts), planned)
    # .02 transactions go the entry's direction, so a zero entry keeps the planned one.
    direction = planned if amount == 0 else direction_of(amount, draw)
    statuses = list(ENTRY_STATUS_CODES) + ([] if version <= 6 else ["FUTR", "PROPRIETARY"])
    booking_time = draw(optional(datetimes))
    value_time = draw(optional(datetimes))
    return Entry(
        amount_ore=amount,
        currency=currency,
        credit_debit=direction,
        status=draw(st.sampled_from(statuses)),
        booking_date=booking_time.date() if booking_time else draw(optional(dates)),
        value_date=value_time.date() if value_time else draw(optional(dates)),
        reversal=draw(st.booleans()),
        entry_ref=draw(optional(text())),
        account_servicer_ref=draw(optional(text())),
        bank_transaction_code=draw(optional(bank_codes)),
        details=tuple(details),
        additional_info=draw(optional(text(50))),
        booking_time=booking_time,
        value_time=value_time,
    )


@st.composite
def summary(draw: st.DrawFn, entries: tuple[Entry, ...], version: int) -> TransactionsSummary:
    """Control totals that agree with ``entries``, each one present or not."""
    net = sum(e.amount_ore for e in entries)
    credit = [e.amount_ore for e in entries if e.credit_debit is CRDT]
    debit = [-e.amount_ore for e in entries if e.credit_debit is DBIT]

    def maybe(value: int) -> int | None:
        return value if draw(st.booleans()) else None

    with_net = draw(st.booleans())
    net_direction = direction_of(net, draw)
    return TransactionsSummary(
        count=maybe(len(entries)),
        sum_ore=maybe(sum(abs(e.amount_ore) for e in entries)),
        net_ore=abs(net) if with_net else None,
        net_credit_debit=net_direction
        if with_net or (version < 4 and draw(st.booleans()))
        else None,
        credit_count=maybe(len(credit)),
        credit_sum_ore=maybe(sum(credit)),
        debit_count=maybe(len(debit)),
        debit_sum_ore=maybe(sum(debit)),
    )


@st.composite
def notification(draw: st.DrawFn, version: int) -> Notification:
    currency = draw(currencies)
    entries = tuple(draw(st.lists(entry(version, currency), max_size=2)))
    created = draw(datetimes if version <= 6 else optional(datetimes))
    return Notification(
        id=draw(text()),
        account=draw(accounts),
        created=created,
        currency=draw(st.none() | st.just(currency)),
        copy_duplicate=draw(st.none() | st.sampled_from(["CODU", "COPY", "DUPL"])),
        summary=draw(st.none() | summary(entries, version)),
        entries=entries,
    )


@st.composite
def documents(draw: st.DrawFn) -> Document:
    version = draw(st.sampled_from(SUPPORTED_VERSIONS))
    return Document(
        message_id=draw(text()),
        created=draw(datetimes),
        notifications=tuple(draw(st.lists(notification(version), min_size=1, max_size=2))),
        version=version,
    )


@PROFILE
@given(documents())
def test_parse_build_round_trip(document: Document) -> None:
    data = build(document)
    parsed = parse(data)
    assert parsed == document
    checker = schema(document.version)
    assert checker.validate(etree.fromstring(data)), str(checker.error_log)
    # The payments too, locations included; only the source lines are new.
    before, after = extract_payments(document), extract_payments(parsed)
    assert [replace(p, line=None) for p in after.payments] == list(before.payments)
    assert [replace(p, line=None) for p in after.problems] == list(before.problems)
