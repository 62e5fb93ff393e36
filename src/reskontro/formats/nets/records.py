"""The record layer: one class per 80-character Nets record, ``parse`` ↔ ``to_line``.

Spec: ``shared/specs/nets-ocr-giro-and-avtalegiro.md``. Each class quotes its field
table from the spec section named in its docstring:

======================  ==========  =================================================
record                  identifier  spec
======================  ==========  =================================================
TransmissionStart       NY000010    §2.1, §3.1
TransmissionEnd         NY000089    §2.7, §3.8, §4.2
OcrAssignmentStart      NY090020    §2.2
OcrAssignmentEnd        NY090088    §2.6
OcrAmountItem1          NY09tt30    §2.3
OcrAmountItem2          NY09tt31    §2.4
OcrAmountItem3          NY09tt32    §2.5 (types 20 and 21 only)
AvtaleGiroAssignmentStart NY21aa20  §3.2, §3.7, §4.2 (aa = 00 claims, 24 FBO, 36 cancel)
AvtaleGiroAssignmentEnd NY21aa88    §3.6, §3.7, §4.2
AvtaleGiroAmountItem1   NY21tt30    §3.3, §3.7 (tt = 02, 21, 93)
AvtaleGiroAmountItem2   NY21tt31    §3.4, §3.7
SpecificationRecord     NY212149    §3.5
AgreementRecord         NY219470    §4.2 (FBO)
======================  ==========  =================================================

Records are frozen values that are valid by construction: building one with a value
that cannot be written raises :class:`~reskontro.errors.FileFormatError` naming the
field. :meth:`Record.parse` checks every field of a line (digits, dates, fillers,
KID, codes, length) and raises ``FileFormatError`` with the line number and the spec's
field name.

Line terminators (spec §1): :func:`split_lines` accepts LF, CRLF, or none at all (the
text is cut every 80 characters), with or without a terminator after the last record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Self

from reskontro.errors import FileFormatError
from reskontro.formats.nets.enums import (
    AssignmentType,
    AvtaleGiroTransactionType,
    OcrTransactionType,
    RegistrationType,
    Sign,
)
from reskontro.formats.nets.fields import (
    RECORD_LENGTH,
    Date,
    Digits,
    Filler,
    IntCode,
    Kid,
    Layout,
    Literal,
    Number,
    OptionalDate,
    StrCode,
    Text,
    YesNo,
)

if TYPE_CHECKING:
    import datetime as dt

__all__ = [
    "AgreementRecord",
    "AvtaleGiroAmountItem1",
    "AvtaleGiroAmountItem2",
    "AvtaleGiroAssignmentEnd",
    "AvtaleGiroAssignmentStart",
    "OcrAmountItem1",
    "OcrAmountItem2",
    "OcrAmountItem3",
    "OcrAssignmentEnd",
    "OcrAssignmentStart",
    "Record",
    "SpecificationRecord",
    "TransmissionEnd",
    "TransmissionStart",
    "parse_line",
    "parse_lines",
    "split_lines",
]

# Field kinds used in the tables below.
_NY = Literal("NY", "format code 'NY'")
_TRANSACTION_NUMBER = Number(7, minimum=1)
_COUNT = Number(8)
_AMOUNT = Number(17)


class Record:
    """Base class of all records: field-table driven ``parse`` and ``to_line``."""

    __slots__ = ()

    #: The record's field table, positions 1-80.
    LAYOUT: ClassVar[Layout]
    #: How the record is named in messages.
    DESCRIPTION: ClassVar[str]

    def __post_init__(self) -> None:
        for field in self.LAYOUT.fields:
            if field.attr is not None:
                try:
                    field.codec.check(getattr(self, field.attr))
                except FileFormatError as error:
                    raise FileFormatError(error.reason, field=field.name) from None
        self._check()

    def _check(self) -> None:
        """Rules between fields; raise ``FileFormatError(message, field=...)``."""

    @classmethod
    def parse(cls, line: str, line_no: int | None = None) -> Self:
        """Read one record from an 80-character line; ``line_no`` goes into errors."""
        if len(line) != RECORD_LENGTH:
            raise FileFormatError(
                f"{cls.DESCRIPTION} is {len(line)} characters, expected {RECORD_LENGTH}",
                line=line_no,
                field="record length",
            )
        values: dict[str, Any] = {}
        for field in cls.LAYOUT.fields:
            try:
                value = field.codec.decode(line[field.start - 1 : field.end])
            except FileFormatError as error:
                raise FileFormatError(
                    f"{error.reason} (pos {field.start}-{field.end} of {cls.DESCRIPTION})",
                    line=line_no,
                    field=field.name,
                ) from None
            if field.attr is not None:
                values[field.attr] = value
        # The values come from checked text, so the constructor's checks (which write
        # every field again) are skipped; only the rules between fields remain.
        record = object.__new__(cls)
        for name, value in values.items():
            object.__setattr__(record, name, value)
        try:
            record._check()  # noqa: SLF001 - our own class
        except FileFormatError as error:
            raise FileFormatError(error.reason, line=line_no, field=error.field) from None
        return record

    def to_line(self) -> str:
        """Write the record as exactly 80 characters (no line terminator)."""
        return "".join(
            field.codec.encode(None if field.attr is None else getattr(self, field.attr))
            for field in self.LAYOUT.fields
        )


# --- Transmission ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TransmissionStart(Record):
    """Start of transmission ``NY000010`` (spec §2.1; §3.1 for files sent to Nets)."""

    #: Data transmitter: sender's customer unit ID (``00008080`` for files from Nets).
    data_transmitter: str
    #: Transmission number: serial from the transmitter, 7 digits.
    transmission_number: str
    #: Data recipient: recipient's customer unit ID (``00008080`` for files to Nets).
    data_recipient: str

    DESCRIPTION: ClassVar[str] = "start of transmission (NY000010)"
    LAYOUT: ClassVar[Layout] = Layout(
        # pos      spec field name          attribute               kind
        (1, 2, "format code", None, _NY),
        (3, 4, "service code", None, Literal("00")),
        (5, 6, "transmission type", None, Literal("00")),
        (7, 8, "record type", None, Literal("10")),
        (9, 16, "data transmitter", "data_transmitter", Digits(8)),
        (17, 23, "transmission number", "transmission_number", Digits(7)),
        (24, 31, "data recipient", "data_recipient", Digits(8)),
        (32, 80, "filler", None, Filler(49)),
    )


@dataclass(frozen=True, slots=True)
class TransmissionEnd(Record):
    """End of transmission ``NY000089`` (spec §2.7, §3.8, §4.2)."""

    #: Number of transactions in the whole transmission.
    num_transactions: int
    #: Number of records, including every 10/20/88/89 record.
    num_records: int
    #: Total amount in øre (OCR: net of signed amounts, spec §2.9).
    total_amount: int
    #: OCR: Nets date (generation); claims: earliest due date; FBO only: may be None.
    date: dt.date | None

    DESCRIPTION: ClassVar[str] = "end of transmission (NY000089)"
    LAYOUT: ClassVar[Layout] = Layout(
        (1, 2, "format code", None, _NY),
        (3, 4, "service code", None, Literal("00")),
        (5, 6, "transmission type", None, Literal("00")),
        (7, 8, "record type", None, Literal("89")),
        (9, 16, "number of transactions", "num_transactions", _COUNT),
        (17, 24, "number of records", "num_records", _COUNT),
        (25, 41, "total amount", "total_amount", _AMOUNT),
        (42, 47, "Nets date", "date", OptionalDate()),
        (48, 80, "filler", None, Filler(33)),
    )


# --- OCR Giro -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OcrAssignmentStart(Record):
    """Start of OCR assignment ``NY090020`` (spec §2.2)."""

    #: Nets agreement ID (*avtale-ID*) for the account, 9 digits.
    agreement_id: str
    #: Assignment number: serial within the transmission, 7 digits.
    assignment_number: str
    #: Assignment account: the payee's account (BBAN), 11 digits.
    assignment_account: str

    DESCRIPTION: ClassVar[str] = "start of OCR assignment (NY090020)"
    LAYOUT: ClassVar[Layout] = Layout(
        (1, 2, "format code", None, _NY),
        (3, 4, "service code", None, Literal("09")),
        (5, 6, "assignment type", None, Literal("00")),
        (7, 8, "record type", None, Literal("20")),
        (9, 17, "agreement ID", "agreement_id", Digits(9)),
        (18, 24, "assignment number", "assignment_number", Digits(7)),
        (25, 35, "assignment account", "assignment_account", Digits(11)),
        (36, 80, "filler", None, Filler(45)),
    )


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

    DESCRIPTION: ClassVar[str] = "end of OCR assignment (NY090088)"
    LAYOUT: ClassVar[Layout] = Layout(
        (1, 2, "format code", None, _NY),
        (3, 4, "service code", None, Literal("09")),
        (5, 6, "assignment type", None, Literal("00")),
        (7, 8, "record type", None, Literal("88")),
        (9, 16, "number of transactions", "num_transactions", _COUNT),
        (17, 24, "number of records", "num_records", _COUNT),
        (25, 41, "total amount", "total_amount", _AMOUNT),
        (42, 47, "Nets date", "nets_date", Date()),
        (48, 53, "earliest Nets date", "earliest_date", OptionalDate()),
        (54, 59, "latest Nets date", "latest_date", OptionalDate()),
        (60, 80, "filler", None, Filler(21)),
    )


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

    DESCRIPTION: ClassVar[str] = "OCR amount item 1 (NY09tt30)"
    LAYOUT: ClassVar[Layout] = Layout(
        (1, 2, "format code", None, _NY),
        (3, 4, "service code", None, Literal("09")),
        (5, 6, "transaction type", "transaction_type", IntCode(OcrTransactionType)),
        (7, 8, "record type", None, Literal("30")),
        (9, 15, "transaction number", "transaction_number", _TRANSACTION_NUMBER),
        (16, 21, "Nets date", "nets_date", Date()),
        (22, 23, "centre ID", "centre_id", Digits(2)),
        (24, 25, "day code", "day_code", Number(2, minimum=1, maximum=31)),
        (26, 26, "partial settlement number", "partial_settlement_number", Number(1)),
        (27, 31, "serial number", "serial_number", Digits(5)),
        (32, 32, "sign", "sign", StrCode(Sign)),
        (33, 49, "amount", "amount", _AMOUNT),
        (50, 74, "KID", "kid", Kid()),
        (75, 80, "filler", None, Filler(6)),
    )

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

    DESCRIPTION: ClassVar[str] = "OCR amount item 2 (NY09tt31)"
    LAYOUT: ClassVar[Layout] = Layout(
        (1, 2, "format code", None, _NY),
        (3, 4, "service code", None, Literal("09")),
        (5, 6, "transaction type", "transaction_type", IntCode(OcrTransactionType)),
        (7, 8, "record type", None, Literal("31")),
        (9, 15, "transaction number", "transaction_number", _TRANSACTION_NUMBER),
        (16, 25, "form number", "form_number", Digits(10)),
        (26, 34, "agreement ID / archive reference", "archive_reference", Digits(9)),
        (35, 41, "filler (pos 35-41)", "filler_35_41", Digits(7)),
        (42, 47, "bank date", "bank_date", OptionalDate()),
        (48, 58, "debit account", "debit_account", Digits(11)),
        (59, 80, "filler", None, Filler(22)),
    )


@dataclass(frozen=True, slots=True)
class OcrAmountItem3(Record):
    """OCR amount item 3 ``NY09tt32``, types 20 and 21 only (spec §2.5)."""

    #: Transaction type: 20 or 21.
    transaction_type: OcrTransactionType
    #: Transaction number, as in item 1.
    transaction_number: int
    #: Free text from the payment terminal or internet payment (up to 40 characters).
    text: str

    DESCRIPTION: ClassVar[str] = "OCR amount item 3 (NY09tt32)"
    LAYOUT: ClassVar[Layout] = Layout(
        (1, 2, "format code", None, _NY),
        (3, 4, "service code", None, Literal("09")),
        (5, 6, "transaction type", "transaction_type", IntCode(OcrTransactionType)),
        (7, 8, "record type", None, Literal("32")),
        (9, 15, "transaction number", "transaction_number", _TRANSACTION_NUMBER),
        (16, 55, "free text", "text", Text(40)),
        (56, 80, "filler", None, Filler(25)),
    )

    def _check(self) -> None:
        if not self.transaction_type.has_text:
            raise FileFormatError(
                f"amount item 3 exists only for transaction types 20 and 21, "
                f"not {int(self.transaction_type):02d}",
                field="transaction type",
            )


# --- AvtaleGiro -----------------------------------------------------------------------


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

    DESCRIPTION: ClassVar[str] = "start of AvtaleGiro assignment (NY21aa20)"
    LAYOUT: ClassVar[Layout] = Layout(
        (1, 2, "format code", None, _NY),
        (3, 4, "service code", None, Literal("21")),
        (5, 6, "assignment type", "assignment_type", IntCode(AssignmentType)),
        (7, 8, "record type", None, Literal("20")),
        (9, 17, "filler", None, Filler(9)),
        (18, 24, "assignment number", "assignment_number", Digits(7)),
        (25, 35, "assignment account", "assignment_account", Digits(11)),
        (36, 80, "filler", None, Filler(45)),
    )


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

    DESCRIPTION: ClassVar[str] = "end of AvtaleGiro assignment (NY21aa88)"
    LAYOUT: ClassVar[Layout] = Layout(
        (1, 2, "format code", None, _NY),
        (3, 4, "service code", None, Literal("21")),
        (5, 6, "assignment type", "assignment_type", IntCode(AssignmentType)),
        (7, 8, "record type", None, Literal("88")),
        (9, 16, "number of transactions", "num_transactions", _COUNT),
        (17, 24, "number of records", "num_records", _COUNT),
        (25, 41, "sum of amounts", "total_amount", _AMOUNT),
        (42, 47, "earliest due date", "earliest_date", OptionalDate()),
        (48, 53, "latest due date", "latest_date", OptionalDate()),
        (54, 80, "filler", None, Filler(27)),
    )

    def _check(self) -> None:
        if self.assignment_type is AssignmentType.AGREEMENTS and (
            self.total_amount or self.earliest_date or self.latest_date
        ):
            raise FileFormatError(
                "positions 25-80 of the end of an FBO assignment are filler (zeros)",
                field="filler",
            )


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

    DESCRIPTION: ClassVar[str] = "AvtaleGiro amount item 1 (NY21tt30)"
    LAYOUT: ClassVar[Layout] = Layout(
        (1, 2, "format code", None, _NY),
        (3, 4, "service code", None, Literal("21")),
        (5, 6, "transaction type", "transaction_type", IntCode(AvtaleGiroTransactionType)),
        (7, 8, "record type", None, Literal("30")),
        (9, 15, "transaction number", "transaction_number", _TRANSACTION_NUMBER),
        (16, 21, "due date", "due_date", Date()),
        (22, 32, "filler (pos 22-32)", "collective_notice", Text(11)),
        (33, 49, "amount", "amount", _AMOUNT),
        (50, 74, "KID", "kid", Kid()),
        (75, 80, "filler", None, Filler(6)),
    )


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

    DESCRIPTION: ClassVar[str] = "AvtaleGiro amount item 2 (NY21tt31)"
    LAYOUT: ClassVar[Layout] = Layout(
        (1, 2, "format code", None, _NY),
        (3, 4, "service code", None, Literal("21")),
        (5, 6, "transaction type", "transaction_type", IntCode(AvtaleGiroTransactionType)),
        (7, 8, "record type", None, Literal("31")),
        (9, 15, "transaction number", "transaction_number", _TRANSACTION_NUMBER),
        (16, 25, "abbreviated payer name", "payer_name", Text(10)),
        (26, 50, "filler", None, Filler(25, " ")),
        (51, 75, "external reference", "external_reference", Text(25)),
        (76, 80, "filler", None, Filler(5)),
    )


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

    DESCRIPTION: ClassVar[str] = "AvtaleGiro specification (NY212149)"
    LAYOUT: ClassVar[Layout] = Layout(
        (1, 2, "format code", None, _NY),
        (3, 4, "service code", None, Literal("21")),
        (5, 6, "transaction type", None, Literal("21")),
        (7, 8, "record type", None, Literal("49")),
        (9, 15, "transaction number", "transaction_number", _TRANSACTION_NUMBER),
        (16, 16, "payment notice", None, Literal("4")),
        (17, 19, "line", "line", Number(3, minimum=1, maximum=42)),
        (20, 20, "column", "column", Number(1, minimum=1, maximum=2)),
        (21, 60, "text", "text", Text(40)),
        (61, 80, "filler", None, Filler(20)),
    )

    def _check(self) -> None:
        if not self.text:
            raise FileFormatError("empty specification records must not be sent", field="text")


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

    DESCRIPTION: ClassVar[str] = "AvtaleGiro agreement (NY219470)"
    LAYOUT: ClassVar[Layout] = Layout(
        (1, 2, "format code", None, _NY),
        (3, 4, "service code", None, Literal("21")),
        (5, 6, "transaction type", None, Literal("94")),
        (7, 8, "record type", None, Literal("70")),
        (9, 15, "FBO serial number", "serial_number", _TRANSACTION_NUMBER),
        (16, 16, "registration type", "registration_type", IntCode(RegistrationType, 1)),
        (17, 41, "KID", "kid", Kid()),
        (42, 42, "notify flag", "notify", YesNo()),
        (43, 80, "filler", None, Filler(38)),
    )


# --- Lines ----------------------------------------------------------------------------

#: Record class by (service code, record type), positions 3-4 and 7-8.
_BY_KEY: dict[tuple[str, str], type[Record]] = {
    ("00", "10"): TransmissionStart,
    ("00", "89"): TransmissionEnd,
    ("09", "20"): OcrAssignmentStart,
    ("09", "88"): OcrAssignmentEnd,
    ("09", "30"): OcrAmountItem1,
    ("09", "31"): OcrAmountItem2,
    ("09", "32"): OcrAmountItem3,
    ("21", "20"): AvtaleGiroAssignmentStart,
    ("21", "88"): AvtaleGiroAssignmentEnd,
    ("21", "30"): AvtaleGiroAmountItem1,
    ("21", "31"): AvtaleGiroAmountItem2,
    ("21", "49"): SpecificationRecord,
    ("21", "70"): AgreementRecord,
}
_SERVICE_CODES = frozenset(service for service, _ in _BY_KEY)


def parse_line(line: str, line_no: int | None = None) -> Record:
    """Read one line into the record class its positions 1-8 name."""
    if len(line) != RECORD_LENGTH:
        raise FileFormatError(
            f"record is {len(line)} characters, expected {RECORD_LENGTH}",
            line=line_no,
            field="record length",
        )
    if line[:2] != "NY":
        raise FileFormatError(
            f"{line[:2]!r} found, expected 'NY' (pos 1-2)", line=line_no, field="format code"
        )
    service, kind = line[2:4], line[6:8]
    cls = _BY_KEY.get((service, kind))
    if cls is None:
        if service not in _SERVICE_CODES:
            raise FileFormatError(
                f"{service!r} is not a known service code (pos 3-4)",
                line=line_no,
                field="service code",
            )
        raise FileFormatError(
            f"{kind!r} is not a known record type for service {service} (pos 7-8)",
            line=line_no,
            field="record type",
        )
    return cls.parse(line, line_no)


def split_lines(text: str) -> list[str]:
    """Cut a decoded file into its 80-character records.

    Accepts LF or CRLF terminators (decided by the first line break), with or without
    one after the last record, and files without any line break (cut every 80
    characters). Every record must be exactly 80 characters.
    """
    if "\n" not in text:
        lines = [text[i : i + RECORD_LENGTH] for i in range(0, len(text), RECORD_LENGTH)]
    else:
        first = text.index("\n")
        terminator = "\r\n" if text[first - 1 : first] == "\r" else "\n"
        lines = text.split(terminator)
        if lines[-1] == "":
            lines.pop()
    for line_no, line in enumerate(lines, 1):
        if len(line) != RECORD_LENGTH:
            raise FileFormatError(
                f"record is {len(line)} characters, expected {RECORD_LENGTH}"
                + (" (mixed line endings?)" if "\r" in line or "\n" in line else ""),
                line=line_no,
                field="record length",
            )
    return lines


def parse_lines(text: str) -> list[Record]:
    """Read every record of a decoded file (no grammar check; see ``objects``)."""
    return [parse_line(line, line_no) for line_no, line in enumerate(split_lines(text), 1)]
