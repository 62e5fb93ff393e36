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
from typing import TYPE_CHECKING, NamedTuple, Protocol

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


class InvoiceAmounts(Protocol):
    """What matching needs to know of the invoice a KID names."""

    @property
    def invoice_id(self) -> int: ...
    @property
    def customer_id(self) -> int: ...
    @property
    def number(self) -> int: ...
    @property
    def total_ore(self) -> int: ...
    @property
    def settled_ore(self) -> int: ...
    @property
    def paid_ore(self) -> int: ...
    @property
    def credited_ore(self) -> int: ...


@dataclass(frozen=True, slots=True)
class OpenInvoice:
    """An :class:`InvoiceAmounts` as a plain value (tests, one-off matching)."""

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


class Detail(enum.StrEnum):
    """Why a payment got its outcome, beyond the outcome itself."""

    FULL = "full"
    SURPLUS = "surplus"
    WITHIN_TOLERANCE = "within_tolerance"
    PART = "part"
    ALREADY_PAID = "already_paid"
    CREDITED = "credited"
    REVERSAL = "reversal"
    NEGATIVE_UNPAID = "negative_unpaid"
    ZERO = "zero"
    NO_KID = "no_kid"
    UNKNOWN_KID = "unknown_kid"


class MatchResult(NamedTuple):
    """What to book for one payment (a NamedTuple: immutable, and quick to make a
    million of)."""

    outcome: Outcome
    detail: Detail
    amount_ore: int
    kid: str | None
    #: The invoice the KID named, if any.
    invoice_id: int | None = None
    invoice_number: int | None = None
    customer_id: int | None = None
    #: Amount allocated to the invoice: positive pays, negative reverses.
    allocated_ore: int = 0
    #: An open difference within the tolerance that is written off to close the invoice.
    written_off_ore: int = 0

    @property
    def unallocated_ore(self) -> int:
        """What stays on the payment: the customer's credit, or what waits in the inbox."""
        return self.amount_ore - self.allocated_ore

    @property
    def reason(self) -> str:
        return describe(self)


def describe(r: MatchResult) -> str:
    """Why, in words a bookkeeper reads."""
    kid, number = r.kid, r.invoice_number
    texts = {
        Detail.FULL: f"KID {kid}: pays invoice {number} in full",
        Detail.SURPLUS: f"KID {kid}: pays invoice {number} and {r.unallocated_ore} øre more,"
        " kept as the customer's credit",
        Detail.WITHIN_TOLERANCE: f"KID {kid}: pays invoice {number}; {r.written_off_ore} øre"
        " short, within the company's tolerance, written off",
        Detail.PART: f"KID {kid}: pays {r.allocated_ore} øre of invoice {number}, a part payment",
        Detail.ALREADY_PAID: f"KID {kid}: invoice {number} was already paid; {r.amount_ore}"
        " øre kept as the customer's credit",
        Detail.CREDITED: f"KID {kid}: invoice {number} was credited; {r.amount_ore} øre kept"
        " as the customer's credit",
        Detail.REVERSAL: f"negative amount with KID {kid}: reverses {-r.amount_ore} øre paid on"
        f" invoice {number}",
        Detail.NEGATIVE_UNPAID: f"negative amount of {-r.amount_ore} øre with KID {kid} of"
        f" invoice {number}, which has less than that paid: needs a person",
        Detail.ZERO: f"zero amount with KID {kid}",
        Detail.NO_KID: "no KID in the payment",
        Detail.UNKNOWN_KID: f"KID {kid} belongs to no invoice",
    }
    return texts[r.detail]


def match_payment(
    amount_ore: int,
    kid: str | None,
    invoice: InvoiceAmounts | None,
    *,
    tolerance_ore: int = 0,
) -> MatchResult:
    """Decide how a payment of ``amount_ore`` with ``kid`` settles ``invoice``.

    ``invoice`` is the invoice whose KID equals the payment's (among every KID the
    company ever issued), or None.
    """
    if invoice is None:
        detail = Detail.UNKNOWN_KID if kid else Detail.NO_KID
        return MatchResult(Outcome.UNMATCHED, detail, amount_ore, kid)
    number = invoice.number
    customer = invoice.customer_id
    invoice_id = invoice.invoice_id
    open_ore = invoice.total_ore - invoice.settled_ore
    if amount_ore < 0:
        if -amount_ore <= invoice.paid_ore:
            return MatchResult(
                Outcome.REVERSED, Detail.REVERSAL, amount_ore, kid, invoice_id, number, customer,
                allocated_ore=amount_ore,
            )  # fmt: skip
        return MatchResult(
            Outcome.UNMATCHED, Detail.NEGATIVE_UNPAID, amount_ore, kid, invoice_number=number
        )
    if amount_ore == 0:
        return MatchResult(Outcome.UNMATCHED, Detail.ZERO, 0, kid, invoice_number=number)
    if open_ore <= 0:
        detail = (
            Detail.CREDITED if invoice.credited_ore >= invoice.total_ore else Detail.ALREADY_PAID
        )
        return MatchResult(Outcome.OVERPAID, detail, amount_ore, kid, invoice_id, number, customer)
    if amount_ore == open_ore:
        return MatchResult(
            Outcome.MATCHED, Detail.FULL, amount_ore, kid, invoice_id, number, customer,
            allocated_ore=amount_ore,
        )  # fmt: skip
    if amount_ore > open_ore:
        outcome = Outcome.MATCHED if amount_ore - open_ore <= tolerance_ore else Outcome.OVERPAID
        return MatchResult(
            outcome, Detail.SURPLUS, amount_ore, kid, invoice_id, number, customer,
            allocated_ore=open_ore,
        )  # fmt: skip
    short = open_ore - amount_ore
    if short <= tolerance_ore:
        return MatchResult(
            Outcome.MATCHED, Detail.WITHIN_TOLERANCE, amount_ore, kid, invoice_id, number,
            customer, allocated_ore=amount_ore, written_off_ore=short,
        )  # fmt: skip
    return MatchResult(
        Outcome.PARTIAL, Detail.PART, amount_ore, kid, invoice_id, number, customer,
        allocated_ore=amount_ore,
    )  # fmt: skip


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
