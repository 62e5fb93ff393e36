"""The record base class, the field kinds shared by every table, and the transmission.

Spec: ``shared/specs/nets-ocr-giro-and-avtalegiro.md`` §1, §2.1, §2.7, §3.1, §3.8.
:class:`Record` reads and writes a record from its field table
(:class:`~reskontro.formats.nets.fields.Layout`); the OCR and AvtaleGiro record
families are in :mod:`~reskontro.formats.nets.ocr_records` and
:mod:`~reskontro.formats.nets.avtalegiro_records`; :mod:`~reskontro.formats.nets.records`
is the record layer's way in (every record, and reading lines).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeAlias

from reskontro.errors import FileFormatError
from reskontro.formats.nets.codes import NetsProblem as P
from reskontro.formats.nets.codes import NetsRecord, nested, problem, reason_of
from reskontro.formats.nets.fields import (
    RECORD_LENGTH,
    Codec,
    Digits,
    Filler,
    Layout,
    Literal,
    Number,
    OptionalDate,
)

if TYPE_CHECKING:
    import datetime as dt

__all__ = [
    "AMOUNT",
    "COUNT",
    "NY",
    "TRANSACTION_NUMBER",
    "Record",
    "TransmissionEnd",
    "TransmissionStart",
    "item_layout",
    "layout",
]

#: Field kinds every record family uses in its table.
NY = Literal("NY", P.EXPECTED_FORMAT_CODE)
TRANSACTION_NUMBER = Number(7, minimum=1)
COUNT = Number(8)
AMOUNT = Number(17)

#: A row of a field table: first and last position, the spec's name, the attribute
#: (None for literals and fillers) and the field kind.
Row: TypeAlias = tuple[int, int, str, str | None, Codec[Any]]


def layout(
    service: str, kind: tuple[str, str | None, Codec[Any]], record: str, *rows: Row
) -> Layout:
    """A record's field table: positions 1-8 as every record has them (spec §1) — the
    format code ``NY``, the ``service`` code, the transmission, assignment or
    transaction type (its name, attribute and kind), the ``record`` type — then ``rows``."""
    name, attr, codec = kind
    return Layout(
        (1, 2, "format code", None, NY),
        (3, 4, "service code", None, Literal(service)),
        (5, 6, name, attr, codec),
        (7, 8, "record type", None, Literal(record)),
        *rows,
    )


def item_layout(service: str, kind: Codec[Any], record: str, *rows: Row) -> Layout:
    """The field table of an item of a transaction: positions 1-8, with the transaction
    type (an attribute unless it is fixed), and its transaction number at 9-15."""
    attr = None if isinstance(kind, Literal) else "transaction_type"
    return layout(
        service, ("transaction type", attr, kind), record,
        (9, 15, "transaction number", "transaction_number", TRANSACTION_NUMBER), *rows,
    )  # fmt: skip


class Record:
    """Base class of all records: field-table driven ``parse`` and ``to_line``."""

    __slots__ = ()

    #: The record's field table, positions 1-80.
    LAYOUT: ClassVar[Layout]
    #: How messages name the record (its texts are in the catalogue).
    RECORD: ClassVar[NetsRecord]

    def __post_init__(self) -> None:
        for field in self.LAYOUT.fields:
            if field.attr is not None:
                try:
                    field.codec.check(getattr(self, field.attr))
                except FileFormatError as error:
                    raise FileFormatError(reason_of(error), field=field.name) from None
        self._check()

    def _check(self) -> None:
        """Rules between fields; raise ``FileFormatError(message, field=...)``."""

    @classmethod
    def parse(cls, line: str, line_no: int | None = None) -> Self:
        """Read one record from an 80-character line; ``line_no`` goes into errors."""
        if len(line) != RECORD_LENGTH:
            raise problem(
                P.RECORD_LENGTH_OF,
                line=line_no,
                field="record length",
                record=cls.RECORD,
                length=len(line),
                expected=RECORD_LENGTH,
            )
        values: dict[str, Any] = {}
        for field in cls.LAYOUT.fields:
            try:
                value = field.codec.decode(line[field.start - 1 : field.end])
            except FileFormatError as error:
                raise problem(
                    P.IN_FIELD,
                    line=line_no,
                    field=field.name,
                    reason=nested(error),
                    start=field.start,
                    end=field.end,
                    record=cls.RECORD,
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
            raise FileFormatError(reason_of(error), line=line_no, field=error.field) from None
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

    RECORD: ClassVar[NetsRecord] = NetsRecord.TRANSMISSION_START
    LAYOUT: ClassVar[Layout] = layout(
        "00", ("transmission type", None, Literal("00")), "10",
        (9, 16, "data transmitter", "data_transmitter", Digits(8)),
        (17, 23, "transmission number", "transmission_number", Digits(7)),
        (24, 31, "data recipient", "data_recipient", Digits(8)),
        (32, 80, "filler", None, Filler(49)),
    )  # fmt: skip


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

    RECORD: ClassVar[NetsRecord] = NetsRecord.TRANSMISSION_END
    LAYOUT: ClassVar[Layout] = layout(
        "00", ("transmission type", None, Literal("00")), "89",
        (9, 16, "number of transactions", "num_transactions", COUNT),
        (17, 24, "number of records", "num_records", COUNT),
        (25, 41, "total amount", "total_amount", AMOUNT),
        (42, 47, "Nets date", "date", OptionalDate()),
        (48, 80, "filler", None, Filler(33)),
    )  # fmt: skip
