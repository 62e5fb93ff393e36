"""Settling an issued invoice: the one rule that moves what is settled and paid of it
(its principal and the fees and interest charged on it), and its status with them.

A payment allocated to an invoice pays it (``settled`` and ``paid`` both move); a
difference within the tolerance is written off (``settled`` only); a credit note set
against it credits it (``settled`` only; the credit note's own ``settled`` moves the
other way). The status follows from the amounts (:func:`status_of`), never set apart
from them. Import, the voucher inbox, matching by hand and credit notes all call
:func:`settle`; the database guards the same bounds with CHECK constraints.

Fees (reminder, inkassovarsel, betalingsoppfordring) and invoiced interest are
*charges* on the invoice: open items of the same claim, paid by the same KID. A
payment is spread over the open charges and the principal in the company's
:class:`PaymentOrder` (fees, then interest, then principal by default); a reversal
takes back in the opposite order; a credit note credits the principal only; a waived
fee is settled without being paid (:func:`waive`). An invoice is *paid* when its
principal and its charges are settled.

>>> inv = Amounts(total_ore=10000, settled_ore=0, paid_ore=0, credited_ore=0)
>>> settle(inv, paid_ore=4000)
>>> (inv.settled_ore, inv.paid_ore, inv.status)
(4000, 4000, 'partially_paid')
>>> settle(inv, paid_ore=5990, written_off_ore=10)
>>> (inv.settled_ore, inv.status)
(10000, 'paid')
>>> inv = Amounts(total_ore=431423, settled_ore=0, paid_ore=0, credited_ore=0)
>>> fee = Charge(ChargeKind.REMINDER_FEE, 3800)
>>> charge(inv, fee)
>>> settle(inv, paid_ore=435223, charges=[fee])
>>> (inv.settled_ore, fee.settled_ore, owed_of(inv), inv.status)
(431423, 3800, 0, 'paid')
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from reskontro.domain.invoice import InvoiceKind, InvoiceStatus, status_of

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence


class ChargeKind(enum.StrEnum):
    """What is charged on an invoice besides its principal."""

    REMINDER_FEE = "reminder_fee"
    INKASSOVARSEL_FEE = "inkassovarsel_fee"
    BETALINGSOPPFORDRING_FEE = "betalingsoppfordring_fee"
    INTEREST = "interest"

    @property
    def is_fee(self) -> bool:
        return self is not ChargeKind.INTEREST


class PaymentOrder(enum.StrEnum):
    """In which order a payment settles an invoice's parts (a company setting)."""

    #: Fees, then interest, then the principal (the default; the usual order in
    #: Norwegian practice, cf. inkassoloven § 18 on the debtor's own choice).
    FEES_INTEREST_PRINCIPAL = "fees_interest_principal"
    #: Interest, then fees, then the principal.
    INTEREST_FEES_PRINCIPAL = "interest_fees_principal"
    #: The principal first, then fees, then interest.
    PRINCIPAL_FEES_INTEREST = "principal_fees_interest"


class Settleable(Protocol):
    """An issued invoice's amounts as stored (an ORM row or a value being booked)."""

    total_ore: int
    settled_ore: int
    paid_ore: int
    credited_ore: int
    status: str
    charges_ore: int
    charges_settled_ore: int
    charges_paid_ore: int


class ChargeAmounts(Protocol):
    """One charge on an invoice as stored (an ORM row or a value being booked)."""

    kind: str
    amount_ore: int
    settled_ore: int
    paid_ore: int


@dataclass(slots=True)
class Amounts:
    """A :class:`Settleable` as a plain value."""

    total_ore: int
    settled_ore: int
    paid_ore: int
    credited_ore: int
    status: str = InvoiceStatus.OPEN.value
    charges_ore: int = 0
    charges_settled_ore: int = 0
    charges_paid_ore: int = 0


@dataclass(slots=True)
class Charge:
    """A :class:`ChargeAmounts` as a plain value."""

    kind: str
    amount_ore: int
    settled_ore: int = 0
    paid_ore: int = 0


def open_of(inv: Settleable) -> int:
    """What is open of the principal."""
    return inv.total_ore - inv.settled_ore


def charges_open_of(inv: Settleable) -> int:
    """What is open of the fees and interest charged on the invoice."""
    return inv.charges_ore - inv.charges_settled_ore


def owed_of(inv: Settleable) -> int:
    """What the invoice's KID asks for in all: principal, fees and interest open."""
    return open_of(inv) + charges_open_of(inv)


def invoice_status(inv: Settleable, kind: InvoiceKind = InvoiceKind.INVOICE) -> InvoiceStatus:
    """The status an issued invoice (or credit note) has by its amounts: paid when its
    principal and its charges are settled."""
    return status_of(
        issued=True,
        kind=kind,
        total_ore=inv.total_ore,
        paid_ore=inv.paid_ore + inv.charges_paid_ore,
        credited_ore=inv.credited_ore,
        open_ore=owed_of(inv),
    )


_PRINCIPAL = "principal"
_RANK: dict[PaymentOrder, tuple[str, ...]] = {
    PaymentOrder.FEES_INTEREST_PRINCIPAL: ("fee", "interest", _PRINCIPAL),
    PaymentOrder.INTEREST_FEES_PRINCIPAL: ("interest", "fee", _PRINCIPAL),
    PaymentOrder.PRINCIPAL_FEES_INTEREST: (_PRINCIPAL, "fee", "interest"),
}


def _ordered(charges: Sequence[ChargeAmounts], order: PaymentOrder) -> list[ChargeAmounts | None]:
    """The parts in the order a payment settles them (None is the principal); charges
    of one rank oldest first, as given."""
    rank = _RANK[order]

    def group(c: ChargeAmounts) -> str:
        return "interest" if c.kind == ChargeKind.INTEREST.value else "fee"

    out: list[ChargeAmounts | None] = []
    for name in rank:
        if name == _PRINCIPAL:
            out.append(None)
        else:
            out.extend(c for c in charges if group(c) == name)
    return out


def settle(
    inv: Settleable,
    *,
    paid_ore: int = 0,
    written_off_ore: int = 0,
    credited_ore: int = 0,
    kind: InvoiceKind = InvoiceKind.INVOICE,
    status: bool = True,
    charges: Sequence[ChargeAmounts] = (),
    order: PaymentOrder = PaymentOrder.FEES_INTEREST_PRINCIPAL,
) -> None:
    """Move ``inv``'s settled amount by what is paid (negative: reversed), written off
    and set off by credit notes, its paid amount by what is paid, and its status.

    What is paid or written off is spread over ``charges`` (the invoice's charges with
    something open, or paid when reversing) and the principal in ``order``; a
    reversal takes back in the opposite order. ``charges`` left empty: the principal
    only (an invoice with no open charge). ``credited_ore`` here is a credit note's
    amount *set against* the invoice (not its ``credited_ore``, which counts credit
    notes issued for it); it credits the principal only. On a credit note itself,
    pass ``kind=CREDIT_NOTE`` and the amount used as a negative number.
    ``status=False`` leaves the status to one :func:`restatus` after a batch of
    settlements (the import settles a million payments; the status is written once
    per invoice).
    """
    if not charges:
        inv.settled_ore += paid_ore + written_off_ore + credited_ore
        inv.paid_ore += paid_ore
    else:
        parts = _ordered(charges, order)
        if paid_ore < 0:
            _reverse(inv, reversed(parts), -paid_ore)
        else:
            _apply(inv, parts, paid_ore, paid=True)
        if written_off_ore < 0:
            _unwrite(inv, reversed(parts), -written_off_ore)
        else:
            _apply(inv, parts, written_off_ore, paid=False)
        inv.settled_ore += credited_ore
    if status:
        restatus(inv, kind)


def _apply(
    inv: Settleable, parts: Sequence[ChargeAmounts | None], amount: int, *, paid: bool
) -> None:
    left = amount
    for part in parts:
        if left <= 0:
            break
        if part is None:
            use = min(left, open_of(inv))
            inv.settled_ore += use
            inv.paid_ore += use if paid else 0
        else:
            use = min(left, part.amount_ore - part.settled_ore)
            part.settled_ore += use
            inv.charges_settled_ore += use
            if paid:
                part.paid_ore += use
                inv.charges_paid_ore += use
        left -= use
    if left > 0:
        # More than is open (the caller allocates at most what is open): the principal
        # takes it, and the database's bounds refuse it.
        inv.settled_ore += left
        inv.paid_ore += left if paid else 0


def _reverse(inv: Settleable, parts: Iterable[ChargeAmounts | None], amount: int) -> None:
    left = amount
    for part in parts:
        if left <= 0:
            break
        if part is None:
            use = min(left, inv.paid_ore)
            inv.settled_ore -= use
            inv.paid_ore -= use
        else:
            use = min(left, part.paid_ore)
            part.settled_ore -= use
            part.paid_ore -= use
            inv.charges_settled_ore -= use
            inv.charges_paid_ore -= use
        left -= use
    if left > 0:
        inv.settled_ore -= left
        inv.paid_ore -= left


def _unwrite(inv: Settleable, parts: Iterable[ChargeAmounts | None], amount: int) -> None:
    """Take back a write-off (settled, not paid), in the opposite order."""
    left = amount
    for part in parts:
        if left <= 0:
            break
        if part is None:
            use = min(left, inv.settled_ore - inv.paid_ore)
            inv.settled_ore -= use
        else:
            use = min(left, part.settled_ore - part.paid_ore)
            part.settled_ore -= use
            inv.charges_settled_ore -= use
        left -= use
    inv.settled_ore -= left


def charge(inv: Settleable, c: ChargeAmounts) -> None:
    """Put a new charge (a fee, invoiced interest) on ``inv``; its status follows."""
    inv.charges_ore += c.amount_ore
    restatus(inv)


def waive(inv: Settleable, c: ChargeAmounts) -> int:
    """Waive what is open of a charge (it is settled, not paid); returns the amount."""
    amount = c.amount_ore - c.settled_ore
    c.settled_ore += amount
    inv.charges_settled_ore += amount
    restatus(inv)
    return amount


def restatus(inv: Settleable, kind: InvoiceKind = InvoiceKind.INVOICE) -> str:
    """Set (and return) ``inv``'s status from its amounts."""
    inv.status = invoice_status(inv, kind).value
    return inv.status


__all__ = [
    "Amounts",
    "Charge",
    "ChargeAmounts",
    "ChargeKind",
    "PaymentOrder",
    "Settleable",
    "charge",
    "charges_open_of",
    "invoice_status",
    "open_of",
    "owed_of",
    "restatus",
    "settle",
    "waive",
]
