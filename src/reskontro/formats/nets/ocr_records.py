"""OCR Giro records: assignment start and end, amount items 1, 2 and 3.

Spec: ``shared/specs/nets-ocr-giro-and-avtalegiro.md`` §2.2-2.6. Each class quotes its
field table from the spec section named in its docstring; the fast OCR reader's
pattern is generated from these same tables (:mod:`~reskontro.formats.nets.grammar`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from reskontro.formats.nets.base_records import (
    AMOUNT,
    COUNT,
    Record,
    item_layout,
    layout,
)
from reskontro.formats.nets.codes import NetsProblem as P
from reskontro.formats.nets.codes import NetsRecord, problem
from reskontro.formats.nets.enums import (
    OcrTransactionType,
    Sign,
)
from reskontro.formats.nets.fields import (
    Date,
    Digits,
    Filler,
    IntCode,
    Kid,
    Literal,
    Number,
    OptionalDate,
    StrCode,
    Text,
)

if TYPE_CHECKING:
    import datetime as dt

    from reskontro.formats.nets.fields import (
        Layout,
    )

__all__ = [
    "OcrAmountItem1",
    "OcrAmountItem2",
    "OcrAmountItem3",
    "OcrAssignmentEnd",
    "OcrAssignmentStart",
]


@dataclass(frozen=True, slots=True)
class OcrAssignmentStart(Record):
    """Start of OCR assignment ``NY090020`` (spec §2.2)."""

    #: Nets agreement ID (*avtale-ID*) for the account, 9 digits.
    agreement_id: str
    #: Assignment number: serial within the transmission, 7 digits.
    assignment_number: str
    #: Assignment account: the payee's account (BBAN), 11 digits.
    assignment_account: str

    RECORD: ClassVar[NetsRecord] = NetsRecord.OCR_START
    LAYOUT: ClassVar[Layout] = layout(
        "09", ("assignment type", None, Literal("00")), "20",
        (9, 17, "agreement ID", "agreement_id", Digits(9)),
        (18, 24, "assignment number", "assignment_number", Digits(7)),
        (25, 35, "assignment account", "assignment_account", Digits(11)),
        (36, 80, "filler", None, Filler(45)),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class OcrAssignmentEnd(Record):
    """End of OCR assignment ``NY090088`` (spec §2.6)."""

    #: Number of transactions (item 1 + item 2 (+ item 3) count as one).
    num_transactions: int
    #: Number of records, including this assignment's 20 and 88.
    num_records: int
    #: Total amount in øre: sum of item-1 amounts, ``-`` signed ones subtracted (§2.9).
    total_amount: int
    #: Nets date: the date the assignment was generated.
    nets_date: dt.date
    #: Earliest Nets date among the transactions (None: ``000000``).
    earliest_date: dt.date | None
    #: Latest Nets date among the transactions (None: ``000000``).
    latest_date: dt.date | None

    RECORD: ClassVar[NetsRecord] = NetsRecord.OCR_END
    LAYOUT: ClassVar[Layout] = layout(
        "09", ("assignment type", None, Literal("00")), "88",
        (9, 16, "number of transactions", "num_transactions", COUNT),
        (17, 24, "number of records", "num_records", COUNT),
        (25, 41, "total amount", "total_amount", AMOUNT),
        (42, 47, "Nets date", "nets_date", Date()),
        (48, 53, "earliest Nets date", "earliest_date", OptionalDate()),
        (54, 59, "latest Nets date", "latest_date", OptionalDate()),
        (60, 80, "filler", None, Filler(21)),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class OcrAmountItem1(Record):
    """OCR amount item 1 ``NY09tt30`` (spec §2.3)."""

    #: Transaction type, 10-21 (§2.8).
    transaction_type: OcrTransactionType
    #: Transaction number: serial within the assignment.
    transaction_number: int
    #: Nets date: processing/settlement date (*oppgjørsdato*).
    nets_date: dt.date
    #: Centre ID: first two digits of the bank data centre.
    centre_id: str
    #: Day code: day of month processed, 1-31.
    day_code: int
    #: Partial settlement number (*delavregningsnr*), one digit.
    partial_settlement_number: int
    #: Serial number (*løpenummer*) within the partial settlement, 5 digits.
    serial_number: str
    #: Sign: ``-`` for a credit note (negative amount).
    sign: Sign
    #: Amount in øre, unsigned as written.
    amount: int
    #: KID, or None when blank.
    kid: str | None

    RECORD: ClassVar[NetsRecord] = NetsRecord.OCR_ITEM_1
    LAYOUT: ClassVar[Layout] = item_layout(
        "09", IntCode(OcrTransactionType), "30",
        (16, 21, "Nets date", "nets_date", Date()),
        (22, 23, "centre ID", "centre_id", Digits(2)),
        (24, 25, "day code", "day_code", Number(2, minimum=1, maximum=31)),
        (26, 26, "partial settlement number", "partial_settlement_number", Number(1)),
        (27, 31, "serial number", "serial_number", Digits(5)),
        (32, 32, "sign", "sign", StrCode(Sign)),
        (33, 49, "amount", "amount", AMOUNT),
        (50, 74, "KID", "kid", Kid()),
        (75, 80, "filler", None, Filler(6)),
    )  # fmt: skip

    @property
    def signed_amount(self) -> int:
        """The amount in øre with the sign applied."""
        return -self.amount if self.sign is Sign.NEGATIVE else self.amount


@dataclass(frozen=True, slots=True)
class OcrAmountItem2(Record):
    """OCR amount item 2 ``NY09tt31`` (spec §2.4)."""

    #: Transaction type, as in item 1.
    transaction_type: OcrTransactionType
    #: Transaction number, as in item 1.
    transaction_number: int
    #: Form number (*blankettnummer*), 10 digits.
    form_number: str
    #: Agreement ID / archive reference, 9 digits (meaning depends on the type, §2.4).
    archive_reference: str
    #: Positions 35-41: a filler per the spec but non-zero in real files ("postgiro
    #: account" in older parsers); digits, kept as read.
    filler_35_41: str
    #: Bank date (*oppdragsdato*), None when ``000000``.
    bank_date: dt.date | None
    #: Debit account: the payer's account, or zeros when unknown; 11 digits.
    debit_account: str

    RECORD: ClassVar[NetsRecord] = NetsRecord.OCR_ITEM_2
    LAYOUT: ClassVar[Layout] = item_layout(
        "09", IntCode(OcrTransactionType), "31",
        (16, 25, "form number", "form_number", Digits(10)),
        (26, 34, "agreement ID / archive reference", "archive_reference", Digits(9)),
        (35, 41, "filler (pos 35-41)", "filler_35_41", Digits(7)),
        (42, 47, "bank date", "bank_date", OptionalDate()),
        (48, 58, "debit account", "debit_account", Digits(11)),
        (59, 80, "filler", None, Filler(22)),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class OcrAmountItem3(Record):
    """OCR amount item 3 ``NY09tt32``, types 20 and 21 only (spec §2.5)."""

    #: Transaction type: 20 or 21.
    transaction_type: OcrTransactionType
    #: Transaction number, as in item 1.
    transaction_number: int
    #: Free text from the payment terminal or internet payment (up to 40 characters).
    text: str

    RECORD: ClassVar[NetsRecord] = NetsRecord.OCR_ITEM_3
    LAYOUT: ClassVar[Layout] = item_layout(
        "09", IntCode(OcrTransactionType), "32",
        (16, 55, "free text", "text", Text(40)),
        (56, 80, "filler", None, Filler(25)),
    )  # fmt: skip

    def _check(self) -> None:
        if not self.transaction_type.has_text:
            kind = f"{int(self.transaction_type):02d}"
            raise problem(P.AMOUNT_ITEM_3_TYPE, field="transaction type", kind=kind)
