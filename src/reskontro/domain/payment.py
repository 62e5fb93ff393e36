"""Incoming payments as the bank reports them, independent of the file format.

Both readers (:mod:`reskontro.formats.nets` and :mod:`reskontro.formats.camt054`)
turn their files into :class:`IncomingPayment` values; the import service dedupes,
matches and books them without knowing where they came from.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt


class PaymentState(enum.StrEnum):
    """Where a booked payment is now."""

    #: Posted to a customer (to an invoice, or as the customer's credit).
    POSTED = "posted"
    #: Waiting in the voucher inbox for a person.
    INBOX = "inbox"
    #: Recorded, not posted (the company ignores unknown KIDs).
    IGNORED = "ignored"


class BankFileStatus(enum.StrEnum):
    """What became of a received payment file."""

    IMPORTING = "importing"
    IMPORTED = "imported"
    REJECTED = "rejected"


class ImportStatus(enum.StrEnum):
    """How one import ended (an import summary's ``status``)."""

    IMPORTED = "imported"
    #: The same bytes were imported before: nothing booked.
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


class FileFormat(enum.StrEnum):
    """A payment file's format."""

    OCR = "ocr"
    CAMT054 = "camt054"
    #: A Nets transmission of AvtaleGiro only: a mandate list (or a claims file, refused).
    AVTALEGIRO = "avtalegiro"
    #: Not recognised (a file rejected before its format was known).
    UNKNOWN = "unknown"


class PaymentError(enum.StrEnum):
    """Why the voucher inbox, matching by hand or the payment settings refused."""

    POST_TO_ONE = "payment.error.post_to_one"
    ALREADY_POSTED = "payment.error.already_posted"
    NOT_ON_PLACEHOLDER = "payment.error.not_on_placeholder"
    ALREADY_ALLOCATED = "payment.error.already_allocated"
    MOVE_TO_REAL_CUSTOMER = "payment.error.move_to_real_customer"
    MATCH_NEEDS_BOTH_SIDES = "payment.error.match_needs_both_sides"
    MATCH_AMOUNTS_POSITIVE = "payment.error.match_amounts_positive"
    MATCH_UNBALANCED = "payment.error.match_unbalanced"
    PAYMENT_NOT_CUSTOMERS = "payment.error.payment_not_customers"
    PAYMENT_TOO_LITTLE = "payment.error.payment_too_little"
    CREDIT_NOTE_NOT_CUSTOMERS = "payment.error.credit_note_not_customers"
    CREDIT_NOTE_TOO_LITTLE = "payment.error.credit_note_too_little"
    SOURCE_KIND = "payment.error.source_kind"
    INVOICE_NOT_CUSTOMERS = "payment.error.invoice_not_customers"
    INVOICE_TOO_LITTLE = "payment.error.invoice_too_little"
    ISSUED_INVOICES_ONLY = "payment.error.issued_invoices_only"
    NOT_POSITIVE_BY_HAND = "payment.error.not_positive_by_hand"
    NO_PAYMENT = "payment.error.no_payment"
    NO_ISSUED_INVOICE = "payment.error.no_issued_invoice"
    NO_CREDIT_NOTE = "payment.error.no_credit_note"
    NO_INVOICE_NUMBER = "payment.error.no_invoice_number"
    POLICY_VALUES = "payment.error.policy_values"
    NEGATIVE_TOLERANCE = "payment.error.negative_tolerance"
    ORDER_VALUES = "payment.error.order_values"
    #: Importing a file (``services/payments``): why it is rejected whole.
    NOT_A_PAYMENT_FILE = "payment.error.not_a_payment_file"
    OTHER_DATA_RECIPIENT = "payment.error.other_data_recipient"
    MESSAGE_SEEN = "payment.error.message_seen"
    KEY_TWICE = "payment.error.key_twice"
    NO_CHARGE = "payment.error.no_charge"
    NOTHING_TO_WAIVE = "payment.error.nothing_to_waive"
    WAIVE_REASON = "payment.error.waive_reason"
    CURRENCY_DIFFERS = "payment.error.currency_differs"
    #: Ignoring and splitting are for payments still waiting in the inbox.
    NOT_WAITING = "payment.error.not_waiting"
    SPLIT_NEEDS_PARTS = "payment.error.split_needs_parts"
    SPLIT_TOO_MUCH = "payment.error.split_too_much"
    SPLIT_ONE_CUSTOMER = "payment.error.split_one_customer"
    #: Undoing a whole import (:mod:`reskontro.services.payments.undo`).
    UNDO_NOT_IMPORTED = "payment.error.undo_not_imported"
    NO_BANK_FILE = "payment.error.no_bank_file"
    UNDO_HANDLED_BY_HAND = "payment.error.undo_handled_by_hand"
    UNDO_NOT_PAYMENTS = "payment.error.undo_not_payments"


@dataclass(frozen=True, slots=True)
class IncomingPayment:
    """One payment into the company's account, as reported by a bank file."""

    #: The bank's own key for this payment, unique within the account that received it
    #: (OCR: Nets date + archive reference + transaction number; camt: entry and
    #: transaction references). The database enforces it unique per company.
    key: str
    #: Signed amount in øre: negative for reversals and debits.
    amount_ore: int
    #: The KID as written in the file (digits, a MOD11 KID may end in ``-``), or None.
    kid: str | None
    #: The booking / settlement date.
    date: dt.date
    #: Value date when the file gives one.
    value_date: dt.date | None = None
    #: Free text from the payer (OCR amount item 3, camt ``Ustrd``), or None.
    message: str | None = None
    #: Payer's name when known.
    payer_name: str | None = None
    #: Payer's account (BBAN or IBAN) when known.
    payer_account: str | None = None
    #: The account that received the payment (BBAN or IBAN) when known.
    account: str | None = None
    #: 1-based line of the payment's first record (OCR) or its XML element.
    line: int | None = None
    #: Where in the file, for XML an XPath-like location.
    location: str | None = None
    #: Bank reference: OCR archive reference, camt AcctSvcrRef.
    bank_reference: str | None = None
    #: Format-specific transaction type (OCR transaction type code, camt BkTxCd).
    transaction_type: str | None = None
    #: ISO 4217 code of the amount (OCR Giro is always NOK; camt says ``Ccy``).
    currency: str = "NOK"
    #: camt ``Ntry/AddtlNtryInf``: the bank's text on the entry the payment is part of.
    entry_info: str | None = None
    #: camt ``Strd/AddtlRmtInf`` lines (every ``Strd`` of the payment), one per line.
    remittance_info: str | None = None
    #: camt ``Strd/CdtrRefInf/Ref`` values that are not the KID (RF or QR references),
    #: one per line.
    creditor_reference: str | None = None


def booked_key(key: str, kid: str | None) -> str:
    """The key a payment is booked under: the bank's key and the KID (issue 11).

    The bank's keys leave the KID out (OCR: account, date, archive reference,
    transaction number, amount); two payments that differ only in KID are still two
    payments, so the KID is part of what is unique per company.

    >>> booked_key("ocr:99991042764:1992-01-20:099038562:0000001:102000", "0000531")
    'ocr:99991042764:1992-01-20:099038562:0000001:102000|kid=0000531'
    >>> booked_key("ocr:99991042764:1992-01-20:099038562:0000001:102000", None)
    'ocr:99991042764:1992-01-20:099038562:0000001:102000'
    """
    return key if kid is None else f"{key}|kid={kid}"
