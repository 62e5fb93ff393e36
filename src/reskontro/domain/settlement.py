"""Settling an issued invoice: the one rule that moves what is settled and paid of it,
and its status with them.

A payment allocated to an invoice pays it (``settled`` and ``paid`` both move); a
difference within the tolerance is written off (``settled`` only); a credit note set
against it credits it (``settled`` only; the credit note's own ``settled`` moves the
other way). The status follows from the amounts (:func:`status_of`), never set apart
from them. Import, the voucher inbox, matching by hand and credit notes all call
:func:`settle`; the database guards the same bounds with CHECK constraints.

>>> inv = Amounts(total_ore=10000, settled_ore=0, paid_ore=0, credited_ore=0)
>>> settle(inv, paid_ore=4000)
>>> (inv.settled_ore, inv.paid_ore, inv.status)
(4000, 4000, 'partially_paid')
>>> settle(inv, paid_ore=5990, written_off_ore=10)
>>> (inv.settled_ore, inv.status)
(10000, 'paid')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from reskontro.domain.invoice import InvoiceKind, InvoiceStatus, status_of


class Settleable(Protocol):
    """An issued invoice's amounts as stored (an ORM row or a value being booked)."""

    total_ore: int
    settled_ore: int
    paid_ore: int
    credited_ore: int
    status: str


@dataclass(slots=True)
class Amounts:
    """A :class:`Settleable` as a plain value."""

    total_ore: int
    settled_ore: int
    paid_ore: int
    credited_ore: int
    status: str = InvoiceStatus.OPEN.value


def invoice_status(inv: Settleable, kind: InvoiceKind = InvoiceKind.INVOICE) -> InvoiceStatus:
    """The status an issued invoice (or credit note) has by its amounts."""
    return status_of(
        issued=True,
        kind=kind,
        total_ore=inv.total_ore,
        paid_ore=inv.paid_ore,
        credited_ore=inv.credited_ore,
        open_ore=inv.total_ore - inv.settled_ore,
    )


def settle(
    inv: Settleable,
    *,
    paid_ore: int = 0,
    written_off_ore: int = 0,
    credited_ore: int = 0,
    kind: InvoiceKind = InvoiceKind.INVOICE,
    status: bool = True,
) -> None:
    """Move ``inv``'s settled amount by what is paid (negative: reversed), written off
    and set off by credit notes, its paid amount by what is paid, and its status.

    ``credited_ore`` here is a credit note's amount *set against* the invoice (not its
    ``credited_ore``, which counts credit notes issued for it); on a credit note
    itself, pass ``kind=CREDIT_NOTE`` and the amount used as a negative number.
    ``status=False`` leaves the status to one :func:`restatus` after a batch of
    settlements (the import settles a million payments; the status is written once
    per invoice).
    """
    inv.settled_ore += paid_ore + written_off_ore + credited_ore
    inv.paid_ore += paid_ore
    if status:
        restatus(inv, kind)


def restatus(inv: Settleable, kind: InvoiceKind = InvoiceKind.INVOICE) -> str:
    """Set (and return) ``inv``'s status from its amounts."""
    inv.status = invoice_status(inv, kind).value
    return inv.status


__all__ = ["Amounts", "Settleable", "invoice_status", "restatus", "settle"]
