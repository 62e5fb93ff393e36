"""Matching an incoming payment to what is open: a pure function, no database.

:func:`match_payment` decides, for one payment and the state of the invoice its KID
names (if any), what to book: which invoice gets how much, what is left as the
customer's credit, and why. The import service looks invoices up and applies the
result; everything here is decided from values alone, so it is tested without a
database. The unknown-KID policy (:func:`infer_customer`) is here too.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final, NamedTuple, Protocol

from reskontro.domain.currency import NOK
from reskontro.domain.payment import PaymentState
from reskontro.messages import Message, Messages


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
    #: Fees and invoiced interest on the invoice, and what of them is settled and paid:
    #: the KID pays them with the principal (:mod:`reskontro.domain.settlement`).
    @property
    def charges_ore(self) -> int: ...
    @property
    def charges_settled_ore(self) -> int: ...
    @property
    def charges_paid_ore(self) -> int: ...


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
    #: The KID names an invoice in another currency than the payment's: it never
    #: settles it, and waits in the inbox whatever the unknown-KID policy.
    WRONG_CURRENCY = "wrong_currency"
    #: Maybe the same payment as one booked from another file: waits in the inbox
    #: (never from :func:`match_payment`; the import decides it before matching).
    POSSIBLE_DUPLICATE = "possible_duplicate"


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
    #: The payment's currency and, when it names one, its invoice's (ISO 4217).
    currency: str = NOK
    invoice_currency: str | None = None

    @property
    def unallocated_ore(self) -> int:
        """What stays on the payment: the customer's credit, or what waits in the inbox."""
        return self.amount_ore - self.allocated_ore

    @property
    def reason(self) -> Message:
        return reason_of(self)


class PaymentReason(enum.StrEnum):
    """Why matching booked a payment as it did: one code per :class:`Detail`."""

    FULL = "payment.full"
    SURPLUS = "payment.surplus"
    WITHIN_TOLERANCE = "payment.within_tolerance"
    PART = "payment.part"
    ALREADY_PAID = "payment.already_paid"
    CREDITED = "payment.credited"
    REVERSAL = "payment.reversal"
    NEGATIVE_UNPAID = "payment.negative_unpaid"
    ZERO = "payment.zero"
    NO_KID = "payment.no_kid"
    UNKNOWN_KID = "payment.unknown_kid"
    WRONG_CURRENCY = "payment.wrong_currency"
    POSSIBLE_DUPLICATE = "payment.possible_duplicate"
    #: A stored sentence no pattern knew when reasons became codes (migration 0010).
    LEGACY = "payment.legacy"


class UnmatchedReason(enum.StrEnum):
    """What the unknown-KID policy did with a payment matching found no invoice for,
    and by which clue it chose the customer (:func:`decide_unmatched`)."""

    WAITS_IN_INBOX = "payment.unmatched.inbox"
    IGNORED = "payment.unmatched.ignored"
    BY_KID_CUSTOMER_PART = "payment.unmatched.kid_customer_part"
    BY_PAYER_ACCOUNT = "payment.unmatched.payer_account"
    BY_FREE_TEXT_KID = "payment.unmatched.free_text_kid"
    BY_FREE_TEXT_INVOICE = "payment.unmatched.free_text_invoice"
    BY_UNIQUE_AMOUNT = "payment.unmatched.unique_amount"
    TO_PLACEHOLDER = "payment.unmatched.placeholder"


class DuplicateCode(enum.StrEnum):
    """Why a payment waits in the inbox as a possible repeat of one booked from another
    file (:mod:`reskontro.services.payments.duplicates`)."""

    #: ``payment``: the id of the payment it may repeat.
    POSSIBLE = "payment.duplicate.possible"


class ManualReason(enum.StrEnum):
    """What a person did with a payment in the voucher inbox."""

    TO_INVOICE = "payment.manual.invoice"
    TO_CUSTOMER = "payment.manual.customer"
    MOVED = "payment.manual.moved"
    #: Set aside: not the company's to book (state ``ignored``).
    IGNORED = "payment.manual.ignored"
    #: Set aside to be paid back to the payer (state ``ignored``, this reason last).
    REFUND = "payment.manual.refund"


def reason_of(r: MatchResult) -> Message:
    """Why, as a code and the figures its text needs (amounts in øre).

    >>> from reskontro.i18n import render
    >>> r = MatchResult(Outcome.OVERPAID, Detail.SURPLUS, 12345, "10000000017", 7, 42, 3, 12000)
    >>> render(reason_of(r), "en")
    "KID 10000000017: pays invoice 42 and 345 øre more, kept as the customer's credit"
    """
    code = _REASONS[r.detail]
    kid, number = r.kid, r.invoice_number
    if r.detail is Detail.NO_KID:
        return Message.of(code)
    if r.detail in {Detail.ZERO, Detail.UNKNOWN_KID, Detail.POSSIBLE_DUPLICATE}:
        return Message.of(code, kid=kid)
    if r.detail is Detail.SURPLUS:
        return Message.of(code, kid=kid, invoice=number, surplus_ore=r.unallocated_ore)
    if r.detail is Detail.WITHIN_TOLERANCE:
        return Message.of(code, kid=kid, invoice=number, written_off_ore=r.written_off_ore)
    if r.detail is Detail.PART:
        return Message.of(code, kid=kid, invoice=number, allocated_ore=r.allocated_ore)
    if r.detail in {Detail.ALREADY_PAID, Detail.CREDITED}:
        return Message.of(code, kid=kid, invoice=number, amount_ore=r.amount_ore)
    if r.detail is Detail.WRONG_CURRENCY:
        return Message.of(
            code, kid=kid, invoice=number, currency=r.currency, invoice_currency=r.invoice_currency
        )
    if r.detail in {Detail.REVERSAL, Detail.NEGATIVE_UNPAID}:
        return Message.of(code, kid=kid, invoice=number, reversed_ore=-r.amount_ore)
    return Message.of(code, kid=kid, invoice=number)


_REASONS: Final[dict[Detail, PaymentReason]] = {d: PaymentReason(f"payment.{d}") for d in Detail}


def match_payment(
    amount_ore: int,
    kid: str | None,
    invoice: InvoiceAmounts | None,
    *,
    tolerance_ore: int = 0,
    currency: str = NOK,
    invoice_currency: str = NOK,
) -> MatchResult:
    """Decide how a payment of ``amount_ore`` with ``kid`` settles ``invoice``.

    ``invoice`` is the invoice whose KID equals the payment's (among every KID the
    company ever issued), or None. A payment matches an invoice only in the invoice's
    currency: ``currency`` is the payment's, ``invoice_currency`` the invoice's.

    >>> match_payment(5000, None, None).detail
    <Detail.NO_KID: 'no_kid'>
    """
    if invoice is None:
        detail = Detail.UNKNOWN_KID if kid else Detail.NO_KID
        return MatchResult(Outcome.UNMATCHED, detail, amount_ore, kid, currency=currency)
    number = invoice.number
    if currency != invoice_currency:
        return MatchResult(
            Outcome.UNMATCHED, Detail.WRONG_CURRENCY, amount_ore, kid, invoice_number=number,
            currency=currency, invoice_currency=invoice_currency,
        )  # fmt: skip
    customer = invoice.customer_id
    invoice_id = invoice.invoice_id
    # What the KID asks for: the principal and the fees and interest charged on it.
    open_ore = (
        invoice.total_ore - invoice.settled_ore + invoice.charges_ore - invoice.charges_settled_ore
    )
    if amount_ore < 0:
        if -amount_ore <= invoice.paid_ore + invoice.charges_paid_ore:
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
    reason: Message


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
    #: What the free text named, for the reason: a KID, or else an invoice number.
    free_text_kid: str | None = None
    free_text_invoice: int | None = None
    #: The customer of the one open invoice whose open amount equals the payment.
    by_unique_amount: int | None = None


def infer_customer(clues: Clues) -> Inference:
    """The customer to post an unmatched payment to, in order of how telling a clue is."""
    if clues.by_kid_customer_part is not None:
        return Inference(
            clues.by_kid_customer_part, Message.of(UnmatchedReason.BY_KID_CUSTOMER_PART)
        )
    if clues.by_payer_account is not None:
        return Inference(clues.by_payer_account, Message.of(UnmatchedReason.BY_PAYER_ACCOUNT))
    if clues.by_free_text is not None:
        if clues.free_text_kid is not None:
            why = Message.of(UnmatchedReason.BY_FREE_TEXT_KID, kid=clues.free_text_kid)
        else:
            why = Message.of(UnmatchedReason.BY_FREE_TEXT_INVOICE, invoice=clues.free_text_invoice)
        return Inference(clues.by_free_text, why)
    if clues.by_unique_amount is not None:
        return Inference(clues.by_unique_amount, Message.of(UnmatchedReason.BY_UNIQUE_AMOUNT))
    return Inference(None, Message.of(UnmatchedReason.TO_PLACEHOLDER))


@dataclass(frozen=True, slots=True)
class UnmatchedDecision:
    """Where a payment that matched no invoice goes, and why."""

    state: PaymentState
    #: The customer it is posted to; None when posted means the placeholder customer
    #: "Betaling med ukjent KID" (and always None in the inbox or ignored).
    customer_id: int | None
    reasons: Messages

    @property
    def to_placeholder(self) -> bool:
        return self.state is PaymentState.POSTED and self.customer_id is None


def decide_unmatched(
    result: MatchResult, policy: UnknownKidPolicy, clues: Clues | None = None
) -> UnmatchedDecision:
    """Apply the company's unknown-KID policy to an unmatched ``result``.

    ``clues`` matter only under :attr:`UnknownKidPolicy.POST` (None: no clue at all).

    >>> r = match_payment(5000, "123", None)
    >>> decide_unmatched(r, UnknownKidPolicy.INBOX).state
    <PaymentState.INBOX: 'inbox'>
    >>> d = decide_unmatched(r, UnknownKidPolicy.POST, Clues(by_unique_amount=7))
    >>> d.customer_id, [m.code for m in d.reasons]
    (7, ['payment.unknown_kid', 'payment.unmatched.unique_amount'])
    """
    why = reason_of(result)
    if policy is UnknownKidPolicy.INBOX or result.detail is Detail.WRONG_CURRENCY:
        return UnmatchedDecision(
            PaymentState.INBOX, None, Messages((why, Message.of(UnmatchedReason.WAITS_IN_INBOX)))
        )
    if policy is UnknownKidPolicy.IGNORE:
        return UnmatchedDecision(
            PaymentState.IGNORED, None, Messages((why, Message.of(UnmatchedReason.IGNORED)))
        )
    inferred = infer_customer(clues or Clues())
    return UnmatchedDecision(
        PaymentState.POSTED, inferred.customer_id, Messages((why, inferred.reason))
    )
