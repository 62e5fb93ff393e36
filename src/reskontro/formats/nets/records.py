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

The classes live by family: :mod:`~reskontro.formats.nets.base_records` (the base
class and the transmission records), :mod:`~reskontro.formats.nets.ocr_records` and
:mod:`~reskontro.formats.nets.avtalegiro_records`; this module is the way in to all of
them and reads lines into the record class positions 1-8 name.

Line terminators (spec §1): :func:`split_lines` accepts LF, CRLF, or none at all (the
text is cut every 80 characters), with or without a terminator after the last record.
"""

from __future__ import annotations

from reskontro.formats.nets.avtalegiro_records import (
    AgreementRecord,
    AvtaleGiroAmountItem1,
    AvtaleGiroAmountItem2,
    AvtaleGiroAssignmentEnd,
    AvtaleGiroAssignmentStart,
    SpecificationRecord,
)
from reskontro.formats.nets.base_records import Record, TransmissionEnd, TransmissionStart
from reskontro.formats.nets.codes import NetsProblem as P
from reskontro.formats.nets.codes import problem
from reskontro.formats.nets.fields import RECORD_LENGTH
from reskontro.formats.nets.ocr_records import (
    OcrAmountItem1,
    OcrAmountItem2,
    OcrAmountItem3,
    OcrAssignmentEnd,
    OcrAssignmentStart,
)

__all__ = [
    "UTF8_BOM",
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
    "decode",
    "parse_line",
    "parse_lines",
    "split_lines",
]

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
        raise problem(
            P.RECORD_LENGTH,
            line=line_no,
            field="record length",
            length=len(line),
            expected=RECORD_LENGTH,
        )
    if line[:2] != "NY":
        raise problem(P.NOT_NY, line=line_no, field="format code", text=line[:2])
    service, kind = line[2:4], line[6:8]
    cls = _BY_KEY.get((service, kind))
    if cls is None:
        if service not in _SERVICE_CODES:
            raise problem(P.UNKNOWN_SERVICE, line=line_no, field="service code", service=service)
        raise problem(
            P.UNKNOWN_RECORD_TYPE, line=line_no, field="record type", kind=kind, service=service
        )
    return cls.parse(line, line_no)


#: A UTF-8 byte-order mark: some bank export tools and Windows editors put one before
#: a file. At the very start of a file it is skipped; anywhere else it is an error.
UTF8_BOM = b"\xef\xbb\xbf"


def decode(data: bytes) -> str:
    """A Nets file's text: ISO-8859-1, after one UTF-8 byte-order mark at its start.

    The mark is no record's text, so line 1 is still line 1:

    >>> decode(UTF8_BOM + b"NY000010"), decode(b"NY" + UTF8_BOM)
    ('NY000010', 'NY\xef\xbb\xbf')
    """
    return data.removeprefix(UTF8_BOM).decode("latin-1")


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
            mixed = "\r" in line or "\n" in line
            raise problem(
                P.RECORD_LENGTH_LINE_ENDINGS if mixed else P.RECORD_LENGTH,
                line=line_no,
                field="record length",
                length=len(line),
                expected=RECORD_LENGTH,
            )
    return lines


def parse_lines(text: str) -> list[Record]:
    """Read every record of a decoded file (no grammar check; see ``objects``)."""
    return [parse_line(line, line_no) for line_no, line in enumerate(split_lines(text), 1)]
