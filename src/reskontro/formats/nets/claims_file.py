"""A claims file to Nets, written and checked fast (spec §3): 100 000 claims in seconds.

:func:`reskontro.formats.nets.build` writes any transmission through the record layer:
every record an object, every field checked twice. For a file of claims that is some
40 µs a record, and a claims file of 100 000 invoices has half a million records.
:func:`write_claims_file` writes the same bytes (the tests compare it with
:func:`~reskontro.formats.nets.build` on every file they write) straight from the
objects, with the same field codecs checking every value that varies; the fixed parts
of each record are constants.

:func:`check_claims_file` is the read-back a writer owes its caller: every record
80 characters and of a kind a claims file holds, the transaction numbers and the
amounts of every item 1 summed per assignment and compared with its ``88`` and with
the ``89`` (counts, record counts, sums, due dates). The full reader
(:func:`~reskontro.formats.nets.parse`) checks more, and reads the same files in the
tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.formats.nets.avtalegiro_objects import ClaimAssignment
from reskontro.formats.nets.checks import Control, check_control
from reskontro.formats.nets.codes import NetsExpected as X
from reskontro.formats.nets.codes import NetsNumber, problem
from reskontro.formats.nets.codes import NetsProblem as P
from reskontro.formats.nets.enums import AssignmentType
from reskontro.formats.nets.fields import (
    _TEXT_BAD,
    Kid,
    Number,
    Text,
    date_from_ddmmyy,
    ddmmyy,
)
from reskontro.formats.nets.records import (
    AvtaleGiroAssignmentEnd,
    AvtaleGiroAssignmentStart,
    TransmissionEnd,
    TransmissionStart,
    decode,
    parse_line,
    split_lines,
)

if TYPE_CHECKING:
    import datetime as dt

    from reskontro.errors import FileFormatError
    from reskontro.formats.nets.avtalegiro_objects import AvtaleGiroClaim, Specification
    from reskontro.formats.nets.objects import Transmission

__all__ = ["ClaimsFileTotals", "check_claims_file", "write_claims_file"]

_NUMBER = Number(7, minimum=1)
_AMOUNT = Number(17)
_KID = Kid()
_NOTICE = Text(11)
_NAME = Text(10)
_REFERENCE = Text(25)
_SPEC = Text(40)
_BLANKS_25 = " " * 25
_ZEROS_20 = "0" * 20


def _claim_lines(claim: AvtaleGiroClaim, dates: dict[dt.date, str]) -> list[str]:
    claim.check()
    kind = f"{int(claim.type):02d}"
    number = _NUMBER.encode(claim.number)
    due = dates.get(claim.due_date)
    if due is None:
        due = dates[claim.due_date] = ddmmyy(claim.due_date)
    lines = [
        f"NY21{kind}30{number}{due}{_NOTICE.encode(claim.collective_notice)}"
        f"{_AMOUNT.encode(claim.amount)}{_KID.encode(claim.kid)}000000"
    ]
    if claim.has_amount_item_2:
        lines.append(
            f"NY21{kind}31{number}{_NAME.encode(claim.payer_name)}{_BLANKS_25}"
            f"{_REFERENCE.encode(claim.external_reference)}00000"
        )
    specs = claim.specifications
    if specs and not _plain(specs):
        for spec in specs:  # the slow path, for the error naming what is wrong
            if not 1 <= spec.line <= 42 or spec.column not in (1, 2) or not spec.text:
                raise problem(P.BAD_SPECIFICATION_PLACE, field="line", line_no=spec.line,
                              column=spec.column)  # fmt: skip
            _SPEC.encode(spec.text)
    lines.extend(
        f"NY212149{number}4{spec.line:03d}{spec.column}{spec.text:<40}{_ZEROS_20}" for spec in specs
    )
    return lines


def _plain(specs: tuple[Specification, ...]) -> bool:
    """Every specification in range, its text 1-40 printable characters not ending in
    a blank: the checks of :data:`_SPEC` for a whole notice at once."""
    for spec in specs:
        text = spec.text
        if (
            not 1 <= spec.line <= 42
            or spec.column not in (1, 2)
            or not 0 < len(text) <= 40
            or text[-1] == " "
        ):
            return False
    return _TEXT_BAD.search("".join(spec.text for spec in specs)) is None


def write_claims_file(transmission: Transmission, *, line_ending: str = "\r\n") -> bytes:
    """The bytes :func:`~reskontro.formats.nets.build` writes for a claims transmission."""
    transmission.check()
    dates: dict[dt.date, str] = {}
    lines = [TransmissionStart(transmission.data_transmitter, transmission.transmission_number,
                               transmission.data_recipient).to_line()]  # fmt: skip
    for assignment in transmission.assignments:
        if not isinstance(assignment, ClaimAssignment):
            raise problem(P.CLAIMS_ONLY, field="assignment type")
        start = len(lines)
        lines.append(
            AvtaleGiroAssignmentStart(assignment.type, assignment.number, assignment.account)
            .to_line()
        )  # fmt: skip
        previous = 0
        for claim in assignment.claims:
            if claim.number <= previous:
                raise problem(P.NOT_ASCENDING, field="transaction number",
                              what=NetsNumber.TRANSACTION, number=claim.number,
                              previous=previous)  # fmt: skip
            previous = claim.number
            assignment.check_claim_type(claim)
            lines.extend(_claim_lines(claim, dates))
        lines.append(
            AvtaleGiroAssignmentEnd(
                assignment.type, assignment.num_transactions, len(lines) - start + 1,
                assignment.total_amount, assignment.earliest_date, assignment.latest_date,
            ).to_line()
        )  # fmt: skip
    lines.append(
        TransmissionEnd(
            transmission.num_transactions,
            len(lines) + 1,
            transmission.total_amount,
            transmission.date,
        ).to_line()
    )
    return "".join(line + line_ending for line in lines).encode("latin-1")


@dataclass(frozen=True, slots=True)
class ClaimsFileTotals:
    """What a claims file holds, as read back."""

    transmission_number: str
    claims: int
    cancellations: int
    #: Sum of the claims (cancellations not included), øre.
    claims_amount: int
    cancellations_amount: int


def _expected(expected: X, line: int) -> FileFormatError:
    return problem(P.EXPECTED_RECORD, line=line, field="record type", expected=expected)


def check_claims_file(data: bytes) -> ClaimsFileTotals:
    """Read a claims file back: structure, transaction numbers, every control field."""
    lines = split_lines(decode(data))
    first = parse_line(lines[0], 1)
    if not isinstance(first, TransmissionStart):
        raise _expected(X.TRANSMISSION_START, 1)
    totals = {AssignmentType.TRANSACTIONS: [0, 0], AssignmentType.CANCELLATIONS: [0, 0]}
    index, all_transactions, all_amount = 1, 0, 0
    earliest_all: dt.date | None = None
    while index < len(lines) - 1:
        start = parse_line(lines[index], index + 1)
        if not isinstance(start, AvtaleGiroAssignmentStart) or start.assignment_type not in totals:
            raise _expected(X.CLAIMS_ASSIGNMENT, index + 1)
        begin, index = index, index + 1
        count = amount = previous = 0
        dates: set[str] = set()
        while index < len(lines) - 1 and lines[index][6:8] != "88":
            line = lines[index]
            kind, number_text = line[6:8], line[8:15]
            number = int(number_text) if number_text.isdigit() else -1
            if kind == "30" and line[32:49].isdigit():
                if number <= previous:
                    raise problem(P.DOES_NOT_ASCEND, line=index + 1, field="transaction number",
                                  number=number, previous=previous)  # fmt: skip
                previous, count = number, count + 1
                amount += int(line[32:49])
                dates.add(line[15:21])
            elif kind not in ("31", "49") or number != previous:
                raise problem(P.NOT_PART_OF_CLAIM, line=index + 1, field="record type",
                              kind=kind, number=number_text)  # fmt: skip
            index += 1
        end = parse_line(lines[index], index + 1)
        if not isinstance(end, AvtaleGiroAssignmentEnd):
            raise _expected(X.AVTALEGIRO_END, index + 1)
        days = sorted(date_from_ddmmyy(d) for d in dates)
        check_control(end, index + 1, Control(
            num_transactions=count, num_records=index - begin + 1, total_amount=amount,
            earliest_date=days[0] if days else None, latest_date=days[-1] if days else None,
        ))  # fmt: skip
        totals[start.assignment_type][0] += count
        totals[start.assignment_type][1] += amount
        all_transactions += count
        all_amount += amount
        if end.earliest_date and (earliest_all is None or end.earliest_date < earliest_all):
            earliest_all = end.earliest_date
        index += 1
    last = parse_line(lines[-1], len(lines))
    if not isinstance(last, TransmissionEnd) or index != len(lines) - 1:
        raise _expected(X.TRANSMISSION_END, len(lines))
    check_control(last, len(lines), {
        "num_transactions": all_transactions, "num_records": len(lines),
        "total_amount": all_amount, "date": earliest_all,
    })  # fmt: skip
    claims, cancels = totals[AssignmentType.TRANSACTIONS], totals[AssignmentType.CANCELLATIONS]
    return ClaimsFileTotals(first.transmission_number, claims[0], cancels[0], claims[1],
                            cancels[1])  # fmt: skip
