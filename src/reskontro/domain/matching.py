"""Matching an incoming payment to what is open: a pure function, no database.

:func:`match_payment` decides, for one payment and the state of the invoice its KID
names (if any), what to book: which invoice gets how much, what is left as the
customer's credit, and why. The import service looks invoices up and applies the
result; everything here is decided from values alone, so it is tested without a
database. The unknown-KID policy (:func:`infer_customer`) is here too.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reskontro.domain import kid as kidlib


class Outcome(enum.StrEnum):
    """How one payment ended; each payment gets exactly one."""

    #: Paid its invoice in full (within the company's tolerance).
    MATCHED = "matched"
    #: Paid part of its invoice; the rest is still open.
    PARTIAL = "partial"
    #: Paid more than was open (or the invoice was already paid or credited): the
    #: surplus is the customer's credit.
    OVERPAID = "overpaid"
    #: A negative amount that reverses an earlier payment of its invoice.
    REVERSED = "reversed"
    #: Found no invoice: the unknown-KID policy decides the rest.
    UNMATCHED = "unmatched"


class UnknownKidPolicy(enum.StrEnum):
    """What to do with a payment whose KID names no invoice (as Tripletex offers)."""

    #: The payment waits in the voucher inbox for a person (the default).
    INBOX = "inbox"
    #: Post it to the customer we can infer, else to "Betaling med ukjent KID".
    POST = "post"
    #: Record it and list it in the import summary; post nothing.
    IGNORE = "ignore"


@dataclass(frozen=True, slots=True)
class OpenInvoice:
    """What matching needs to know of the invoice a KID names."""

    invoice_id: int
    customer_id: int
    number: int
    total_ore: int
    settled_ore: int
    paid_ore: int
    credited_ore: int

    @property
    def open_ore(self) -> int:
        return self.total_ore - self.settled_ore


@dataclass(frozen=True, slots=True)
class MatchResult:
    outcome: Outcome
    #: The invoice that gets money (or, for a reversal, gives it back), if any.
    invoice_id: int | None = None
    customer_id: int | None = None
    #: Amount allocated to the invoice: positive pays, negative reverses.
    allocated_ore: int = 0
    #: An open difference within the tolerance that is written off to close the invoice.
    written_off_ore: int = 0
    #: What stays on the payment, unallocated: the customer's credit (or, without a
    #: customer, what waits in the inbox).
    unallocated_ore: int = 0
    #: Why, in words a bookkeeper reads.
    reason: str = ""


def match_payment(
    amount_ore: int,
    kid: str | None,
    invoice: OpenInvoice | None,
    *,
    tolerance_ore: int = 0,
) -> MatchResult:
    """Decide how a payment of ``amount_ore`` with ``kid`` settles ``invoice``.

    ``invoice`` is the invoice whose KID equals the payment's (among every KID the
    company ever issued), or None.
    """
    if invoice is None:
        why = "no KID in the payment" if not kid else f"KID {kid} belongs to no invoice"
        return MatchResult(Outcome.UNMATCHED, unallocated_ore=amount_ore, reason=why)
    number = invoice.number
    customer = invoice.customer_id
    open_ore = invoice.open_ore
    if amount_ore < 0:
        back = -amount_ore
        if back <= invoice.paid_ore:
            return MatchResult(
                Outcome.REVERSED,
                invoice_id=invoice.invoice_id,
                customer_id=customer,
                allocated_ore=amount_ore,
                reason=f"negative amount with KID {kid}: reverses {back} øre paid on invoice"
                f" {number}",
            )
        return MatchResult(
            Outcome.UNMATCHED,
            unallocated_ore=amount_ore,
            reason=f"negative amount of {back} øre with KID {kid} of invoice {number},"
            f" which has only {invoice.paid_ore} øre paid: needs a person",
        )
    if amount_ore == 0:
        return MatchResult(
            Outcome.UNMATCHED, unallocated_ore=0, reason=f"zero amount with KID {kid}"
        )
    if open_ore <= 0:
        state = "credited" if invoice.credited_ore >= invoice.total_ore else "already paid"
        return MatchResult(
            Outcome.OVERPAID,
            customer_id=customer,
            unallocated_ore=amount_ore,
            reason=f"KID {kid}: invoice {number} is {state}; {amount_ore} øre kept as the"
            " customer's credit",
        )
    if amount_ore >= open_ore:
        surplus = amount_ore - open_ore
        if surplus == 0:
            return MatchResult(
                Outcome.MATCHED,
                invoice_id=invoice.invoice_id,
                customer_id=customer,
                allocated_ore=open_ore,
                reason=f"KID {kid}: pays invoice {number} in full",
            )
        outcome = Outcome.MATCHED if surplus <= tolerance_ore else Outcome.OVERPAID
        return MatchResult(
            outcome,
            invoice_id=invoice.invoice_id,
            customer_id=customer,
            allocated_ore=open_ore,
            unallocated_ore=surplus,
            reason=f"KID {kid}: pays invoice {number} and {surplus} øre more, kept as the"
            " customer's credit",
        )
    short = open_ore - amount_ore
    if short <= tolerance_ore:
        return MatchResult(
            Outcome.MATCHED,
            invoice_id=invoice.invoice_id,
            customer_id=customer,
            allocated_ore=amount_ore,
            written_off_ore=short,
            reason=f"KID {kid}: pays invoice {number}; {short} øre short, within the"
            f" tolerance of {tolerance_ore} øre, written off",
        )
    return MatchResult(
        Outcome.PARTIAL,
        invoice_id=invoice.invoice_id,
        customer_id=customer,
        allocated_ore=amount_ore,
        reason=f"KID {kid}: pays {amount_ore} øre of invoice {number}; {short} øre still open",
    )


@dataclass(frozen=True, slots=True)
class Inference:
    customer_id: int | None
    reason: str


@dataclass(frozen=True, slots=True)
class Clues:
    """What the company's books can tell about an unmatched payment's customer.

    Each field is looked up by the service; None means "nothing found that way".
    """

    #: The customer whose number the KID's customer part gives (KID well formed
    #: under the company's template, check digit right).
    by_kid_customer_part: int | None = None
    #: The one customer whose earlier payments came from the payer's account.
    by_payer_account: int | None = None
    #: The customer of an invoice whose number or KID the free text names.
    by_free_text: int | None = None
    #: What the free text named, for the reason.
    free_text_hint: str | None = None
    #: The customer of the one open invoice whose open amount equals the payment.
    by_unique_amount: int | None = None


def infer_customer(clues: Clues) -> Inference:
    """The customer to post an unmatched payment to, in order of how telling a clue is."""
    if clues.by_kid_customer_part is not None:
        return Inference(clues.by_kid_customer_part, "customer part of a well-formed KID")
    if clues.by_payer_account is not None:
        return Inference(clues.by_payer_account, "payer account seen on the customer's payments")
    if clues.by_free_text is not None:
        return Inference(clues.by_free_text, f"free text names {clues.free_text_hint}")
    if clues.by_unique_amount is not None:
        return Inference(clues.by_unique_amount, "the only open invoice with this amount")
    return Inference(None, "no clue to the customer")


_NUMBERS = re.compile(r"\d[\d -]*\d|\d")


def numbers_in_text(text: str | None) -> list[str]:
    """Digit runs in free text that may be a KID or an invoice number (spaces inside
    a run are dropped, as payers write ``00300 10000 12345 8``)."""
    if not text:
        return []
    found = []
    for match in _NUMBERS.finditer(text):
        digits = re.sub(r"[ -]", "", match.group())
        if digits:
            found.append(digits)
    return found


def kid_customer_part(kid: str | None, template: kidlib.KidTemplate) -> int | None:
    """The customer number in a KID that is well formed under ``template``, or None."""
    if not kid:
        return None
    try:
        decoded = template.decode(kid)
    except ValueError:
        return None
    return decoded.customer_number
