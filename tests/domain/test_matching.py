"""Matching on its own: every branch of :func:`match_payment` at its boundary amounts.

Each case sits one øre either side of where the outcome changes, so that a ``<=``
turned into ``<`` (or a reversal of the whole paid amount sent to the inbox) fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reskontro.domain.matching import (
    Clues,
    Detail,
    Outcome,
    UnknownKidPolicy,
    decide_unmatched,
    infer_customer,
    match_payment,
)
from reskontro.domain.payment import PaymentState
from reskontro.i18n import render

if TYPE_CHECKING:
    from reskontro.domain.matching import (
        MatchResult,
    )

KID = "10000000017"


@dataclass(frozen=True, slots=True)
class OpenInvoice:
    """The invoice a KID names, as a plain value (an ``InvoiceAmounts``)."""

    invoice_id: int = 7
    customer_id: int = 3
    number: int = 42
    total_ore: int = 10000
    settled_ore: int = 0
    paid_ore: int = 0
    credited_ore: int = 0
    charges_ore: int = 0
    charges_settled_ore: int = 0
    charges_paid_ore: int = 0


def match(amount: int, invoice: OpenInvoice | None = None, tolerance: int = 0) -> MatchResult:
    return match_payment(amount, KID, invoice, tolerance_ore=tolerance)


def shape(r: MatchResult) -> tuple[Outcome, Detail, int, int]:
    return r.outcome, r.detail, r.allocated_ore, r.written_off_ore


# -- no invoice ------------------------------------------------------------------


def test_no_invoice_with_and_without_a_kid() -> None:
    unknown = match_payment(5000, KID, None)
    assert shape(unknown) == (Outcome.UNMATCHED, Detail.UNKNOWN_KID, 0, 0)
    assert (unknown.invoice_id, unknown.customer_id, unknown.unallocated_ore) == (None, None, 5000)
    assert match_payment(5000, None, None).detail is Detail.NO_KID
    assert match_payment(5000, "", None).detail is Detail.NO_KID


# -- positive amounts against what is open -----------------------------------------


def test_exact_amount_pays_in_full() -> None:
    r = match(10000, OpenInvoice())
    assert shape(r) == (Outcome.MATCHED, Detail.FULL, 10000, 0)
    assert (r.invoice_id, r.invoice_number, r.customer_id) == (7, 42, 3)


def test_what_is_open_counts_not_the_total() -> None:
    partly = OpenInvoice(settled_ore=4000, paid_ore=4000)
    assert shape(match(6000, partly)) == (Outcome.MATCHED, Detail.FULL, 6000, 0)
    assert shape(match(5999, partly)) == (Outcome.PARTIAL, Detail.PART, 5999, 0)
    assert shape(match(6001, partly)) == (Outcome.OVERPAID, Detail.SURPLUS, 6000, 0)


@pytest.mark.parametrize(
    ("amount", "tolerance", "expected"),
    [
        # overpaid: the surplus within the tolerance still counts as paid in full
        (10001, 0, (Outcome.OVERPAID, Detail.SURPLUS, 10000, 0)),
        (10099, 100, (Outcome.MATCHED, Detail.SURPLUS, 10000, 0)),
        (10100, 100, (Outcome.MATCHED, Detail.SURPLUS, 10000, 0)),
        (10101, 100, (Outcome.OVERPAID, Detail.SURPLUS, 10000, 0)),
        # short: within the tolerance the difference is written off
        (9999, 0, (Outcome.PARTIAL, Detail.PART, 9999, 0)),
        (9901, 100, (Outcome.MATCHED, Detail.WITHIN_TOLERANCE, 9901, 99)),
        (9900, 100, (Outcome.MATCHED, Detail.WITHIN_TOLERANCE, 9900, 100)),
        (9899, 100, (Outcome.PARTIAL, Detail.PART, 9899, 0)),
        (1, 100, (Outcome.PARTIAL, Detail.PART, 1, 0)),
    ],
)
def test_tolerance_at_its_boundaries(
    amount: int, tolerance: int, expected: tuple[Outcome, Detail, int, int]
) -> None:
    assert shape(match(amount, OpenInvoice(), tolerance)) == expected


def test_surplus_stays_on_the_payment() -> None:
    within = match(10100, OpenInvoice(), 100)
    assert (within.allocated_ore, within.unallocated_ore) == (10000, 100)
    over = match(10101, OpenInvoice(), 100)
    assert (over.allocated_ore, over.unallocated_ore) == (10000, 101)


def test_paid_invoice_keeps_the_whole_amount_as_credit() -> None:
    paid = OpenInvoice(settled_ore=10000, paid_ore=10000)
    r = match(5000, paid)
    assert shape(r) == (Outcome.OVERPAID, Detail.ALREADY_PAID, 0, 0)
    assert (r.invoice_id, r.customer_id, r.unallocated_ore) == (7, 3, 5000)
    # one øre still open: that øre is paid, the rest is surplus
    one_open = OpenInvoice(settled_ore=9999, paid_ore=9999)
    assert shape(match(5000, one_open)) == (Outcome.OVERPAID, Detail.SURPLUS, 1, 0)


def test_credited_invoice() -> None:
    credited = OpenInvoice(settled_ore=10000, credited_ore=10000)
    assert shape(match(5000, credited)) == (Outcome.OVERPAID, Detail.CREDITED, 0, 0)
    # credited one øre short of the total: it counts as paid, not credited
    almost = OpenInvoice(settled_ore=10000, paid_ore=1, credited_ore=9999)
    assert match(5000, almost).detail is Detail.ALREADY_PAID
    # more settled than the total (paid, then credited in full)
    both = OpenInvoice(settled_ore=20000, paid_ore=10000, credited_ore=10000)
    assert shape(match(5000, both)) == (Outcome.OVERPAID, Detail.CREDITED, 0, 0)


def test_zero_amount_needs_a_person() -> None:
    r = match(0, OpenInvoice())
    assert shape(r) == (Outcome.UNMATCHED, Detail.ZERO, 0, 0)
    assert (r.invoice_id, r.invoice_number, r.customer_id) == (None, 42, None)


# -- negative amounts: reversals -------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (-1, (Outcome.REVERSED, Detail.REVERSAL, -1, 0)),  # part
        (-5999, (Outcome.REVERSED, Detail.REVERSAL, -5999, 0)),
        (-6000, (Outcome.REVERSED, Detail.REVERSAL, -6000, 0)),  # all that was paid
        (-6001, (Outcome.UNMATCHED, Detail.NEGATIVE_UNPAID, 0, 0)),  # more than paid
    ],
)
def test_reversal_of_part_all_or_more_than_paid(
    amount: int, expected: tuple[Outcome, Detail, int, int]
) -> None:
    paid = OpenInvoice(settled_ore=6000, paid_ore=6000)
    r = match(amount, paid)
    assert shape(r) == expected
    if r.outcome is Outcome.REVERSED:
        assert (r.invoice_id, r.customer_id, r.unallocated_ore) == (7, 3, 0)
    else:
        assert (r.invoice_id, r.invoice_number, r.customer_id) == (None, 42, None)


def test_reversal_of_an_unpaid_or_credited_invoice_needs_a_person() -> None:
    assert match(-1, OpenInvoice()).detail is Detail.NEGATIVE_UNPAID
    credited = OpenInvoice(settled_ore=10000, credited_ore=10000)
    assert match(-100, credited).detail is Detail.NEGATIVE_UNPAID


def test_reversal_ignores_the_tolerance() -> None:
    paid = OpenInvoice(settled_ore=6000, paid_ore=6000)
    assert match(-6001, paid, tolerance=100).detail is Detail.NEGATIVE_UNPAID


# -- invariants --------------------------------------------------------------------

amounts = st.integers(min_value=-50_000, max_value=50_000)


@given(
    amount=amounts,
    total=st.integers(min_value=1, max_value=40_000),
    paid=st.integers(min_value=0, max_value=40_000),
    credited=st.integers(min_value=0, max_value=40_000),
    tolerance=st.integers(min_value=0, max_value=500),
)
def test_what_matching_books_adds_up(
    amount: int, total: int, paid: int, credited: int, tolerance: int
) -> None:
    invoice = OpenInvoice(
        total_ore=total, settled_ore=paid + credited, paid_ore=paid, credited_ore=credited
    )
    r = match(amount, invoice, tolerance)
    open_ore = total - paid - credited
    assert r.allocated_ore + r.unallocated_ore == amount
    if r.allocated_ore > 0:
        assert r.allocated_ore + r.written_off_ore <= open_ore
    if r.allocated_ore < 0:
        assert -r.allocated_ore <= paid
    assert 0 <= r.written_off_ore <= tolerance
    if r.outcome is Outcome.MATCHED:
        assert r.allocated_ore + r.written_off_ore == open_ore
    if r.outcome is Outcome.UNMATCHED:
        assert (r.allocated_ore, r.invoice_id) == (0, None)
    assert "{" not in render(r.reason, "en")
    assert "{" not in render(r.reason, "nb")


# -- the unknown-KID policy -------------------------------------------------------


def test_decide_unmatched_under_each_policy() -> None:
    r = match_payment(5000, KID, None)
    inbox = decide_unmatched(r, UnknownKidPolicy.INBOX, Clues(by_payer_account=9))
    assert (inbox.state, inbox.customer_id, inbox.to_placeholder) == (
        PaymentState.INBOX, None, False,
    )  # fmt: skip
    assert [render(m, "en") for m in inbox.reasons] == [
        f"KID {KID} belongs to no invoice",
        "waits in the voucher inbox",
    ]
    ignored = decide_unmatched(r, UnknownKidPolicy.IGNORE)
    assert (ignored.state, ignored.customer_id) == (PaymentState.IGNORED, None)
    posted = decide_unmatched(r, UnknownKidPolicy.POST, Clues(by_payer_account=9))
    assert (posted.state, posted.customer_id, posted.to_placeholder) == (
        PaymentState.POSTED, 9, False,
    )  # fmt: skip
    nowhere = decide_unmatched(r, UnknownKidPolicy.POST)
    assert (nowhere.state, nowhere.customer_id, nowhere.to_placeholder) == (
        PaymentState.POSTED, None, True,
    )  # fmt: skip
    assert render(nowhere.reasons.items[1], "en") == (
        "no clue to the customer: posted to 'Betaling med ukjent KID'"
    )


def test_clues_in_order_of_how_telling_they_are() -> None:
    every = Clues(1, 2, 3, "123", None, 4)
    assert infer_customer(every).customer_id == 1
    assert infer_customer(Clues(None, 2, 3, "123", None, 4)).customer_id == 2
    by_text = infer_customer(Clues(None, None, 3, None, 55, 4))
    assert (by_text.customer_id, render(by_text.reason, "en")) == (
        3, "posted to the customer by free text names invoice number 55",
    )  # fmt: skip
    by_kid = infer_customer(Clues(by_free_text=3, free_text_kid="123"))
    assert render(by_kid.reason, "nb") == "bokført på kunden fordi fritekst nevner KID 123"
    assert infer_customer(Clues(by_unique_amount=4)).customer_id == 4
    assert infer_customer(Clues()).customer_id is None
