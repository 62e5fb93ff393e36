"""Reading records into assignments: the grammar of an assignment (§1).

Spec: ``shared/specs/nets-ocr-giro-and-avtalegiro.md``. :func:`read_assignment`
walks an assignment's records with a :class:`Cursor`, checks that the items of a
transaction share its type and number, that transaction numbers ascend, and every
control field of the ``88``; errors carry the line number and the spec's field name.
:meth:`Transmission.from_records <reskontro.formats.nets.objects.Transmission.from_records>`
reads a whole file with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias, TypeVar

from reskontro.errors import FileFormatError
from reskontro.formats.nets.avtalegiro_objects import (
    Agreement,
    AgreementAssignment,
    AvtaleGiroClaim,
    ClaimAssignment,
    Specification,
)
from reskontro.formats.nets.checks import check_ocr_assignment_end, compare, format_error
from reskontro.formats.nets.codes import reason_of
from reskontro.formats.nets.enums import AssignmentType
from reskontro.formats.nets.ocr_objects import OcrAssignment, OcrTransaction
from reskontro.formats.nets.records import (
    AgreementRecord,
    AvtaleGiroAmountItem1,
    AvtaleGiroAmountItem2,
    AvtaleGiroAssignmentEnd,
    AvtaleGiroAssignmentStart,
    OcrAmountItem1,
    OcrAmountItem2,
    OcrAmountItem3,
    OcrAssignmentEnd,
    OcrAssignmentStart,
    Record,
    SpecificationRecord,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["Assignment", "Cursor", "assignment_from_records", "read_assignment"]

R = TypeVar("R", bound=Record)

#: Any assignment of a transmission.
Assignment: TypeAlias = OcrAssignment | ClaimAssignment | AgreementAssignment


class Cursor:
    """Walks a sequence of records; ``records[i]`` is line ``first_line + i``."""

    __slots__ = ("first_line", "index", "records")

    def __init__(self, records: Sequence[Record], first_line: int = 1) -> None:
        self.records = records
        self.index = 0
        self.first_line = first_line

    @property
    def line(self) -> int:
        return self.first_line + self.index

    def peek(self) -> Record | None:
        return self.records[self.index] if self.index < len(self.records) else None

    def unexpected(self, expected: str) -> FileFormatError:
        record = self.peek()
        found = "end of file" if record is None else record.DESCRIPTION
        return format_error(f"expected {expected}, found {found}", "record type", self.line)

    def take(self, cls: type[R], expected: str) -> R:
        record = self.peek()
        if not isinstance(record, cls):
            raise self.unexpected(expected)
        self.index += 1
        return record


def assignment_from_records(records: Sequence[Record], first_line: int = 1) -> Assignment:
    """Read one whole assignment (its 20 to its 88); ``records[0]`` is ``first_line``."""
    cursor = Cursor(records, first_line)
    assignment = read_assignment(cursor)
    if cursor.peek() is not None:
        raise format_error("records after the end of the assignment", "record type", cursor.line)
    return assignment


def read_assignment(cursor: Cursor) -> Assignment:
    """Read one assignment (its 20 to its 88) from the cursor on."""
    start = cursor.peek()
    if isinstance(start, OcrAssignmentStart):
        return _read_ocr_assignment(cursor)
    if isinstance(start, AvtaleGiroAssignmentStart):
        if start.assignment_type is AssignmentType.AGREEMENTS:
            return _read_agreement_assignment(cursor)
        return _read_claim_assignment(cursor)
    raise cursor.unexpected("start of assignment (record type 20)")


def _ascending(number: int, previous: int, line: int, field: str = "transaction number") -> None:
    if number <= previous:
        raise format_error(f"{number} does not ascend (previous {previous})", field, line)


def _read_ocr_assignment(cursor: Cursor) -> OcrAssignment:
    start = cursor.take(OcrAssignmentStart, "start of OCR assignment")
    transactions: list[OcrTransaction] = []
    while isinstance(cursor.peek(), OcrAmountItem1):
        line = cursor.line
        item1 = cursor.take(OcrAmountItem1, "amount item 1")
        item2 = cursor.take(OcrAmountItem2, "OCR amount item 2 (NY09tt31)")
        _same_transaction(item1, item2, cursor.line - 1)
        item3 = None
        if item1.transaction_type.has_text:
            item3 = cursor.take(OcrAmountItem3, "OCR amount item 3 (NY09tt32)")
            _same_transaction(item1, item3, cursor.line - 1)
        _ascending(item1.transaction_number, transactions[-1].number if transactions else 0, line)
        transactions.append(OcrTransaction.from_records(item1, item2, item3))
    end_line = cursor.line
    end = cursor.take(OcrAssignmentEnd, "OCR amount item 1 (NY09tt30) or end of OCR assignment")
    assignment = OcrAssignment(
        agreement_id=start.agreement_id,
        number=start.assignment_number,
        account=start.assignment_account,
        nets_date=end.nets_date,
        transactions=tuple(transactions),
    )
    check_ocr_assignment_end(
        end,
        end_line,
        num_transactions=assignment.num_transactions,
        num_records=assignment.num_records,
        total_amount=assignment.total_amount,
        dates=(assignment.earliest_date, assignment.latest_date),
    )
    return assignment


def _same_transaction(
    item1: OcrAmountItem1 | AvtaleGiroAmountItem1,
    other: OcrAmountItem2 | OcrAmountItem3 | AvtaleGiroAmountItem2 | SpecificationRecord,
    line: int,
) -> None:
    if other.transaction_number != item1.transaction_number:
        raise format_error(
            f"{other.transaction_number} differs from amount item 1 ({item1.transaction_number})",
            "transaction number",
            line,
        )
    kind = getattr(other, "transaction_type", None)
    if kind is not None and kind is not item1.transaction_type:
        raise format_error(
            f"{int(kind):02d} differs from amount item 1 ({int(item1.transaction_type):02d})",
            "transaction type",
            line,
        )


def _read_claim_assignment(cursor: Cursor) -> ClaimAssignment:
    start = cursor.take(AvtaleGiroAssignmentStart, "start of AvtaleGiro assignment")
    shell = ClaimAssignment(
        number=start.assignment_number,
        account=start.assignment_account,
        type=start.assignment_type,
    )
    claims: list[AvtaleGiroClaim] = []
    while isinstance(cursor.peek(), AvtaleGiroAmountItem1):
        line = cursor.line
        item1 = cursor.take(AvtaleGiroAmountItem1, "amount item 1")
        item2: AvtaleGiroAmountItem2 | None = None
        specifications: list[Specification] = []
        following = cursor.peek()
        if (
            isinstance(following, AvtaleGiroAmountItem2)
            or shell.type is not AssignmentType.CANCELLATIONS
        ):
            item2 = cursor.take(AvtaleGiroAmountItem2, "AvtaleGiro amount item 2 (NY21tt31)")
            _same_transaction(item1, item2, cursor.line - 1)
            while isinstance(spec := cursor.peek(), SpecificationRecord):
                _same_transaction(item1, spec, cursor.line)
                cursor.index += 1
                specifications.append(Specification(spec.line, spec.column, spec.text))
        _ascending(item1.transaction_number, claims[-1].number if claims else 0, line)
        claim = AvtaleGiroClaim(
            type=item1.transaction_type,
            number=item1.transaction_number,
            due_date=item1.due_date,
            amount=item1.amount,
            kid=item1.kid,
            payer_name=item2.payer_name if item2 else "",
            external_reference=item2.external_reference if item2 else "",
            collective_notice=item1.collective_notice,
            specifications=tuple(specifications),
            has_amount_item_2=item2 is not None,
        )
        try:
            shell.check_claim_type(claim)
            claim.check()
        except FileFormatError as error:
            raise format_error(reason_of(error), error.field, line) from None
        claims.append(claim)
    end_line = cursor.line
    end = cursor.take(
        AvtaleGiroAssignmentEnd, "AvtaleGiro amount item 1 (NY21tt30) or end of assignment"
    )
    assignment = ClaimAssignment(
        number=shell.number, account=shell.account, claims=tuple(claims), type=shell.type
    )
    compare(end_line, "assignment type", end.assignment_type, assignment.type)
    compare(end_line, "number of transactions", end.num_transactions, assignment.num_transactions)
    compare(end_line, "number of records", end.num_records, assignment.num_records)
    compare(end_line, "sum of amounts", end.total_amount, assignment.total_amount)
    compare(end_line, "earliest due date", end.earliest_date, assignment.earliest_date)
    compare(end_line, "latest due date", end.latest_date, assignment.latest_date)
    return assignment


def _read_agreement_assignment(cursor: Cursor) -> AgreementAssignment:
    start = cursor.take(AvtaleGiroAssignmentStart, "start of AvtaleGiro assignment")
    agreements: list[Agreement] = []
    while isinstance(cursor.peek(), AgreementRecord):
        line = cursor.line
        record = cursor.take(AgreementRecord, "AvtaleGiro agreement")
        previous = agreements[-1].number if agreements else 0
        _ascending(record.serial_number, previous, line, "FBO serial number")
        agreements.append(
            Agreement(
                number=record.serial_number,
                registration_type=record.registration_type,
                kid=record.kid,
                notify=record.notify,
            )
        )
    end_line = cursor.line
    end = cursor.take(
        AvtaleGiroAssignmentEnd, "AvtaleGiro agreement (NY219470) or end of assignment"
    )
    assignment = AgreementAssignment(
        number=start.assignment_number,
        account=start.assignment_account,
        agreements=tuple(agreements),
    )
    compare(end_line, "assignment type", end.assignment_type, AssignmentType.AGREEMENTS)
    compare(end_line, "number of transactions", end.num_transactions, assignment.num_transactions)
    compare(end_line, "number of records", end.num_records, assignment.num_records)
    return assignment
