"""Codes used in Nets OCR Giro and AvtaleGiro records.

Spec: ``shared/specs/nets-ocr-giro-and-avtalegiro.md`` §1 (service, record and
assignment codes), §2.8 (OCR transaction types), §3.3 and §3.7 (AvtaleGiro transaction
types), §4.2 (FBO registration types). Each enum's values are the codes as written in
the file.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

__all__ = [
    "NETS_ID",
    "AssignmentType",
    "AvtaleGiroTransactionType",
    "OcrTransactionType",
    "RecordType",
    "RegistrationType",
    "ServiceCode",
    "Sign",
]

#: Nets' own customer unit ID: the data transmitter of files from Nets and the data
#: recipient of files to Nets (spec §1, "Terminology").
NETS_ID = "00008080"


class ServiceCode(IntEnum):
    """Positions 3-4 of every record (spec §1)."""

    #: Transmission start and end records.
    NONE = 0
    #: OCR Giro.
    OCR_GIRO = 9
    #: AvtaleGiro.
    AVTALEGIRO = 21


class RecordType(IntEnum):
    """Positions 7-8 of every record (spec §1)."""

    TRANSMISSION_START = 10
    ASSIGNMENT_START = 20
    AMOUNT_ITEM_1 = 30
    AMOUNT_ITEM_2 = 31
    AMOUNT_ITEM_3 = 32
    SPECIFICATION = 49
    AGREEMENT = 70
    ASSIGNMENT_END = 88
    TRANSMISSION_END = 89


class AssignmentType(IntEnum):
    """Positions 5-6 of the assignment start (20) and end (88) records (spec §1)."""

    #: OCR transactions, or AvtaleGiro payment claims.
    TRANSACTIONS = 0
    #: AvtaleGiro mandate (FBO) list, from Nets.
    AGREEMENTS = 24
    #: AvtaleGiro cancellation requests, to Nets.
    CANCELLATIONS = 36


class OcrTransactionType(IntEnum):
    """OCR Giro transaction types, positions 5-6 of amount items 1/2/3 (spec §2.8)."""

    #: Giro debited to an account.
    GIRO_DEBITED_ACCOUNT = 10
    #: Standing order (*faste oppdrag*).
    STANDING_ORDER = 11
    #: Direct remittance.
    DIRECT_REMITTANCE = 12
    #: BTG, business terminal giro.
    BUSINESS_TERMINAL_GIRO = 13
    #: Counter giro (*skrankegiro*).
    COUNTER_GIRO = 14
    #: A settled AvtaleGiro claim ([AG] §3.2).
    AVTALEGIRO = 15
    #: TeleGiro.
    TELEGIRO = 16
    #: Giro paid in cash.
    CASH_GIRO = 17
    #: Terminal/internet: reversal with KID.
    REVERSAL_WITH_KID = 18
    #: Terminal/internet: purchase with KID.
    PURCHASE_WITH_KID = 19
    #: Terminal/internet: reversal with free text (has amount item 3).
    REVERSAL_WITH_TEXT = 20
    #: Terminal/internet: purchase with free text (has amount item 3).
    PURCHASE_WITH_TEXT = 21

    @property
    def has_text(self) -> bool:
        """True for the types that carry amount item 3 (free text), 20 and 21."""
        return self in _TEXT_TYPES


_TEXT_TYPES = frozenset(
    {OcrTransactionType.REVERSAL_WITH_TEXT, OcrTransactionType.PURCHASE_WITH_TEXT}
)


class AvtaleGiroTransactionType(IntEnum):
    """AvtaleGiro transaction types, positions 5-6 of amount items 1/2 (spec §3.3, §3.7)."""

    #: No notification from the bank; the payee notifies the payer.
    PAYEE_NOTIFICATION = 2
    #: The bank notifies the payer ("AvtaleGiro info"); may carry specification records.
    BANK_NOTIFICATION = 21
    #: An item in a cancellation assignment.
    CANCELLATION = 93


class RegistrationType(IntEnum):
    """FBO registration type, position 16 of the ``NY219470`` record (spec §4.2)."""

    #: Part of a full list of all mandates.
    FULL_LIST = 0
    #: New or changed mandate.
    NEW_OR_CHANGED = 1
    #: Deleted mandate.
    DELETED = 2


class Sign(StrEnum):
    """Sign of an OCR amount, position 32 of amount item 1 (spec §2.3, §2.9)."""

    #: An ordinary payment: the amount counts as positive.
    POSITIVE = "0"
    #: A credit note: the amount is subtracted in the control totals.
    NEGATIVE = "-"
