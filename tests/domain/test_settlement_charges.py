"""Fees and interest as charges on the invoice: a customer's balance always equals the
sum of its open items, over any sequence of issue, fee, payment, reversal, waiver and
credit note (property test); the payment order is the company's."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from reskontro.domain.matching import Outcome, match_payment
from reskontro.domain.settlement import (
    Amounts,
    Charge,
    ChargeKind,
    PaymentOrder,
    charge,
    owed_of,
    settle,
    waive,
)


@dataclass
class _Invoice:
    """An invoice as matching and settling see it."""

    number: int
    amounts: Amounts
    charges: list[Charge] = field(default_factory=list)
    invoice_id: int = 0
    customer_id: int = 1

    def __getattr__(self, name: str) -> int:
        return int(getattr(self.amounts, name))


@dataclass
class _Customer:
    invoices: list[_Invoice] = field(default_factory=list)
    credit_ore: int = 0  # unallocated money and unused credit notes (positive)
    #: What the books say the customer owes: charged less settled by any means.
    expected_ore: int = 0


Op = tuple[str, int, int]
ops = st.lists(
    st.tuples(
        st.sampled_from(["issue", "fee", "interest", "pay", "reverse", "waive", "credit"]),
        st.integers(0, 5),
        st.integers(1, 200_000),
    ),
    max_size=40,
)


def _run(sequence: list[Op], order: PaymentOrder, tolerance: int) -> _Customer:
    c = _Customer()
    for what, which, amount in sequence:
        if what == "issue" or not c.invoices:
            inv = _Invoice(len(c.invoices) + 1, Amounts(amount, 0, 0, 0))
            inv.invoice_id = inv.number
            c.invoices.append(inv)
            c.expected_ore += amount
            continue
        inv = c.invoices[which % len(c.invoices)]
        a = inv.amounts
        if what in {"fee", "interest"}:
            kind = ChargeKind.INTEREST if what == "interest" else ChargeKind.REMINDER_FEE
            new = Charge(kind.value, amount % 20_000 + 1)
            inv.charges.append(new)
            charge(a, new)
            c.expected_ore += new.amount_ore
        elif what in {"pay", "reverse"}:
            signed = amount if what == "pay" else -amount
            r = match_payment(signed, "1", inv, tolerance_ore=tolerance)
            if r.outcome is Outcome.UNMATCHED:
                continue
            settle(a, paid_ore=r.allocated_ore, written_off_ore=r.written_off_ore,
                   charges=inv.charges, order=order)  # fmt: skip
            c.credit_ore += r.unallocated_ore
            c.expected_ore -= signed + r.written_off_ore
        elif what == "waive":
            for x in inv.charges:
                c.expected_ore -= waive(a, x)
        else:  # a credit note of at most what is not yet credited
            credited = min(amount, a.total_ore - a.credited_ore)
            if credited <= 0:
                continue
            used = min(credited, a.total_ore - a.settled_ore)
            settle(a, credited_ore=used, charges=inv.charges, order=order)
            a.credited_ore += credited
            c.credit_ore += credited - used
            c.expected_ore -= credited
    return c


@settings(max_examples=300, deadline=None)
@given(ops, st.sampled_from(list(PaymentOrder)), st.sampled_from([0, 100]))
def test_balance_is_the_sum_of_open_items(
    sequence: list[Op], order: PaymentOrder, tolerance: int
) -> None:
    c = _run(sequence, order, tolerance)
    open_items = sum(owed_of(i.amounts) for i in c.invoices) - c.credit_ore
    assert open_items == c.expected_ore
    for inv in c.invoices:
        a = inv.amounts
        assert 0 <= a.paid_ore <= a.settled_ore <= a.total_ore
        assert a.charges_ore == sum(x.amount_ore for x in inv.charges)
        assert a.charges_settled_ore == sum(x.settled_ore for x in inv.charges)
        assert a.charges_paid_ore == sum(x.paid_ore for x in inv.charges)
        for x in inv.charges:
            assert 0 <= x.paid_ore <= x.settled_ore <= x.amount_ore
        if owed_of(a) == 0 and a.credited_ore < a.total_ore:
            assert a.status == "paid"


def test_fees_then_interest_then_principal_by_default() -> None:
    a = Amounts(100000, 0, 0, 0)
    fee, interest = Charge("reminder_fee", 3800), Charge("interest", 1000)
    charge(a, fee)
    charge(a, interest)
    settle(a, paid_ore=4000, charges=[fee, interest])
    assert (fee.settled_ore, interest.settled_ore, a.settled_ore) == (3800, 200, 0)
    settle(a, paid_ore=1000, charges=[fee, interest], order=PaymentOrder.INTEREST_FEES_PRINCIPAL)
    assert (interest.settled_ore, a.settled_ore) == (1000, 200)
    # A reversal takes back the other way: the principal first.
    settle(a, paid_ore=-300, charges=[fee, interest])
    assert (a.settled_ore, interest.settled_ore) == (0, 900)
    assert a.status == "partially_paid"


def test_principal_first_leaves_the_fee_open_and_the_invoice_not_paid() -> None:
    a = Amounts(100000, 0, 0, 0)
    fee = Charge("reminder_fee", 3800)
    charge(a, fee)
    settle(a, paid_ore=100000, charges=[fee], order=PaymentOrder.PRINCIPAL_FEES_INTEREST)
    assert (a.settled_ore, fee.settled_ore, owed_of(a), a.status) == (
        100000, 0, 3800, "partially_paid",
    )  # fmt: skip
    assert waive(a, fee) == 3800
    assert (owed_of(a), a.status) == (0, "paid")


def test_undoing_a_payment_with_a_write_off_restores_fee_and_principal() -> None:
    a = Amounts(100000, 0, 0, 0)
    fee = Charge("reminder_fee", 3800)
    charge(a, fee)
    settle(a, paid_ore=103790, written_off_ore=10, charges=[fee])
    assert (owed_of(a), a.status) == (0, "paid")
    settle(a, paid_ore=-103790, written_off_ore=-10, charges=[fee])
    assert (a.settled_ore, a.paid_ore, fee.settled_ore, fee.paid_ore) == (0, 0, 0, 0)
    assert (owed_of(a), a.status) == (103800, "open")
