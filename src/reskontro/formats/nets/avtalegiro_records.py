"""AvtaleGiro records: claims, cancellations, specifications and mandates (FBO).

Spec: ``shared/specs/nets-ocr-giro-and-avtalegiro.md`` §3.2-3.7 and §4.2. Each class
quotes its field table from the spec section named in its docstring.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from reskontro.formats.nets.base_records import (
    AMOUNT,
    COUNT,
    TRANSACTION_NUMBER,
    Record,
    item_layout,
    layout,
)
from reskontro.formats.nets.codes import NetsProblem as P
from reskontro.formats.nets.codes import NetsRecord, problem
from reskontro.formats.nets.enums import (
    AssignmentType,
    AvtaleGiroTransactionType,
    RegistrationType,
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
    Text,
    YesNo,
)

if TYPE_CHECKING:
    import datetime as dt

    from reskontro.formats.nets.fields import (
        Layout,
    )

__all__ = [
    "AgreementRecord",
    "AvtaleGiroAmountItem1",
    "AvtaleGiroAmountItem2",
    "AvtaleGiroAssignmentEnd",
    "AvtaleGiroAssignmentStart",
    "SpecificationRecord",
]


@dataclass(frozen=True, slots=True)
class AvtaleGiroAssignmentStart(Record):
    """Start of AvtaleGiro assignment ``NY21aa20``: claims (00), FBO (24), cancellations (36).

    Spec §3.2 (claims), §3.7 (cancellations, same layout), §4.2 (FBO, same layout).
    """

    #: Assignment type: 00 claims, 24 FBO mandate list, 36 cancellations.
    assignment_type: AssignmentType
    #: Assignment number, 7 digits (unique per payee agreement for 12 months + 1 day).
    assignment_number: str
    #: Assignment account: the payee account, 11 digits.
    assignment_account: str

    RECORD: ClassVar[NetsRecord] = NetsRecord.AVTALEGIRO_START
    LAYOUT: ClassVar[Layout] = layout(
        "21", ("assignment type", "assignment_type", IntCode(AssignmentType)), "20",
        (9, 17, "filler", None, Filler(9)),
        (18, 24, "assignment number", "assignment_number", Digits(7)),
        (25, 35, "assignment account", "assignment_account", Digits(11)),
        (36, 80, "filler", None, Filler(45)),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class AvtaleGiroAssignmentEnd(Record):
    """End of AvtaleGiro assignment ``NY21aa88`` (spec §3.6, §3.7, §4.2).

    In an FBO assignment (type 24) positions 25-80 are filler: the sum must be 0 and
    the dates None.
    """

    #: Assignment type, as in the start record.
    assignment_type: AssignmentType
    #: Number of transactions (claims, cancellations or FBO records).
    num_transactions: int
    #: Number of records, including the assignment's 20 and 88.
    num_records: int
    #: Sum of item-1 amounts in øre (0 for FBO).
    total_amount: int
    #: Earliest due date (None: ``000000``).
    earliest_date: dt.date | None
    #: Latest due date (None: ``000000``).
    latest_date: dt.date | None

    RECORD: ClassVar[NetsRecord] = NetsRecord.AVTALEGIRO_END
    LAYOUT: ClassVar[Layout] = layout(
        "21", ("assignment type", "assignment_type", IntCode(AssignmentType)), "88",
        (9, 16, "number of transactions", "num_transactions", COUNT),
        (17, 24, "number of records", "num_records", COUNT),
        (25, 41, "sum of amounts", "total_amount", AMOUNT),
        (42, 47, "earliest due date", "earliest_date", OptionalDate()),
        (48, 53, "latest due date", "latest_date", OptionalDate()),
        (54, 80, "filler", None, Filler(27)),
    )  # fmt: skip

    def _check(self) -> None:
        if self.assignment_type is AssignmentType.AGREEMENTS and (
            self.total_amount or self.earliest_date or self.latest_date
        ):
            raise problem(P.FBO_END_FILLER, field="filler")


@dataclass(frozen=True, slots=True)
class AvtaleGiroAmountItem1(Record):
    """AvtaleGiro amount item 1 ``NY21tt30`` (spec §3.3; cancellation item §3.7)."""

    #: Transaction type: 02, 21, or 93 in a cancellation.
    transaction_type: AvtaleGiroTransactionType
    #: Transaction number: > 0, ascending within the assignment.
    transaction_number: int
    #: Due date.
    due_date: dt.date
    #: Amount in øre.
    amount: int
    #: KID, or None when blank.
    kid: str | None
    #: Positions 22-32: blank filler, or collective-notice (*samlevarsel*) information.
    collective_notice: str = ""

    RECORD: ClassVar[NetsRecord] = NetsRecord.AVTALEGIRO_ITEM_1
    LAYOUT: ClassVar[Layout] = item_layout(
        "21", IntCode(AvtaleGiroTransactionType), "30",
        (16, 21, "due date", "due_date", Date()),
        (22, 32, "filler (pos 22-32)", "collective_notice", Text(11)),
        (33, 49, "amount", "amount", AMOUNT),
        (50, 74, "KID", "kid", Kid()),
        (75, 80, "filler", None, Filler(6)),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class AvtaleGiroAmountItem2(Record):
    """AvtaleGiro amount item 2 ``NY21tt31`` (spec §3.4; optional in cancellations)."""

    #: Transaction type, as in item 1.
    transaction_type: AvtaleGiroTransactionType
    #: Transaction number, as in item 1.
    transaction_number: int
    #: Abbreviated payer name, up to 10 characters.
    payer_name: str = ""
    #: External reference (*fremmedreferanse*), up to 25 characters; blank if unused.
    external_reference: str = ""

    RECORD: ClassVar[NetsRecord] = NetsRecord.AVTALEGIRO_ITEM_2
    LAYOUT: ClassVar[Layout] = item_layout(
        "21", IntCode(AvtaleGiroTransactionType), "31",
        (16, 25, "abbreviated payer name", "payer_name", Text(10)),
        (26, 50, "filler", None, Filler(25, " ")),
        (51, 75, "external reference", "external_reference", Text(25)),
        (76, 80, "filler", None, Filler(5)),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class SpecificationRecord(Record):
    """AvtaleGiro specification ``NY212149``: half a line of notice text (spec §3.5)."""

    #: Transaction number of the claim it belongs to.
    transaction_number: int
    #: Line of the notice, 1-42.
    line: int
    #: Column: 1 = characters 1-40 of the line, 2 = characters 41-80.
    column: int
    #: The text; never blank ("empty specification records must not be sent").
    text: str

    RECORD: ClassVar[NetsRecord] = NetsRecord.SPECIFICATION
    LAYOUT: ClassVar[Layout] = item_layout(
        "21", Literal("21"), "49",
        (16, 16, "payment notice", None, Literal("4")),
        (17, 19, "line", "line", Number(3, minimum=1, maximum=42)),
        (20, 20, "column", "column", Number(1, minimum=1, maximum=2)),
        (21, 60, "text", "text", Text(40)),
        (61, 80, "filler", None, Filler(20)),
    )  # fmt: skip

    def _check(self) -> None:
        if not self.text:
            raise problem(P.EMPTY_SPECIFICATION, field="text")


@dataclass(frozen=True, slots=True)
class AgreementRecord(Record):
    """AvtaleGiro mandate (FBO) ``NY219470`` (spec §4.2)."""

    #: FBO serial number within the assignment.
    serial_number: int
    #: Registration type: 0 full list, 1 new or changed, 2 deleted.
    registration_type: RegistrationType
    #: KID registered on the mandate, or None when blank.
    kid: str | None
    #: Notify flag: True (``J``) if the payer wants written notice.
    notify: bool

    RECORD: ClassVar[NetsRecord] = NetsRecord.AGREEMENT
    LAYOUT: ClassVar[Layout] = layout(
        "21", ("transaction type", None, Literal("94")), "70",
        (9, 15, "FBO serial number", "serial_number", TRANSACTION_NUMBER),
        (16, 16, "registration type", "registration_type", IntCode(RegistrationType, 1)),
        (17, 41, "KID", "kid", Kid()),
        (42, 42, "notify flag", "notify", YesNo()),
        (43, 80, "filler", None, Filler(38)),
    )  # fmt: skip
