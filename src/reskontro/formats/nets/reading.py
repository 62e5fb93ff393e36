"""Reading records into assignments: the grammar of an assignment (§1).

Spec: ``shared/specs/nets-ocr-giro-and-avtalegiro.md``. :func:`read_assignment`
walks an assignment's records with a :class:`Cursor`, checks that the items of a
transaction share its type and number, that transaction numbers ascend, and every
control field of the ``88``; errors carry the line number and the spec's field name.
:meth:`Transmission.from_records <reskontro.formats.nets.objects.Transmission.from_records>`
reads a whole file with it.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, TypeAlias, TypeVar

from reskontro.errors import FileFormatError
from reskontro.formats.nets.avtalegiro_objects import (
    Agreement,
    AgreementAssignment,
    AvtaleGiroClaim,
    ClaimAssignment,
    Specification,
)
from reskontro.formats.nets.checks import check_control, format_error
from reskontro.formats.nets.codes import NetsExpected as X
from reskontro.formats.nets.codes import NetsProblem as P
from reskontro.formats.nets.codes import NetsRecord, problem, reason_of
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
    from collections.abc import Callable, Sequence

__all__ = ["Assignment", "Cursor", "assignment_from_records", "read_assignment"]

R = TypeVar("R", bound=Record)
Item = TypeVar("Item", OcrTransaction, AvtaleGiroClaim, Agreement)

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

    def unexpected(self, expected: X) -> FileFormatError:
        record = self.peek()
        found = NetsRecord.END_OF_FILE if record is None else record.RECORD
        return problem(
            P.UNEXPECTED_RECORD,
            line=self.line,
            field="record type",
            expected=expected,
            found=found,
        )

    def take(self, cls: type[R], expected: X) -> R:
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
        raise problem(P.AFTER_ASSIGNMENT_END, line=cursor.line, field="record type")
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
    raise cursor.unexpected(X.ASSIGNMENT_START)


def _ascending(number: int, previous: int, line: int, field: str = "transaction number") -> None:
    if number <= previous:
        raise problem(P.DOES_NOT_ASCEND, line=line, field=field, number=number, previous=previous)


def _items(
    cursor: Cursor,
    first: type[Record],
    read: Callable[[Cursor], Item],
    check: Callable[[Item], None] | None = None,
    field: str = "transaction number",
) -> tuple[Item, ...]:
    """An assignment's transactions (or mandates): while the next record is a ``first``,
    one is ``read`` from its records, its number must ascend, and ``check`` passes; an
    error names the item's first line."""
    items: list[Item] = []
    while isinstance(cursor.peek(), first):
        line = cursor.line
        item = read(cursor)
        _ascending(item.number, items[-1].number if items else 0, line, field)
        if check is not None:
            try:
                check(item)
            except FileFormatError as error:
                raise format_error(reason_of(error), error.field, line) from None
        items.append(item)
    return tuple(items)


def _read_ocr_assignment(cursor: Cursor) -> OcrAssignment:
    start = cursor.take(OcrAssignmentStart, X.OCR_START)
    transactions = _items(cursor, OcrAmountItem1, _read_ocr_transaction)
    end_line = cursor.line
    end = cursor.take(OcrAssignmentEnd, X.OCR_ITEM_1_OR_END)
    assignment = OcrAssignment(
        agreement_id=start.agreement_id,
        number=start.assignment_number,
        account=start.assignment_account,
        nets_date=end.nets_date,
        transactions=transactions,
    )
    check_control(end, end_line, assignment.control())
    return assignment


def _read_ocr_transaction(cursor: Cursor) -> OcrTransaction:
    item1 = cursor.take(OcrAmountItem1, X.ITEM_1)
    item2 = cursor.take(OcrAmountItem2, X.OCR_ITEM_2)
    _same_transaction(item1, item2, cursor.line - 1)
    item3 = None
    if item1.transaction_type.has_text:
        item3 = cursor.take(OcrAmountItem3, X.OCR_ITEM_3)
        _same_transaction(item1, item3, cursor.line - 1)
    return OcrTransaction.from_records(item1, item2, item3)


def _same_transaction(
    item1: OcrAmountItem1 | AvtaleGiroAmountItem1,
    other: OcrAmountItem2 | OcrAmountItem3 | AvtaleGiroAmountItem2 | SpecificationRecord,
    line: int,
) -> None:
    if other.transaction_number != item1.transaction_number:
        raise problem(
            P.DIFFERS_FROM_ITEM_1,
            line=line,
            field="transaction number",
            value=other.transaction_number,
            item_1=item1.transaction_number,
        )
    kind = getattr(other, "transaction_type", None)
    if kind is not None and kind is not item1.transaction_type:
        raise problem(
            P.DIFFERS_FROM_ITEM_1,
            line=line,
            field="transaction type",
            value=f"{int(kind):02d}",
            item_1=f"{int(item1.transaction_type):02d}",
        )


def _read_claim_assignment(cursor: Cursor) -> ClaimAssignment:
    start = cursor.take(AvtaleGiroAssignmentStart, X.AVTALEGIRO_START)
    shell = ClaimAssignment(
        number=start.assignment_number,
        account=start.assignment_account,
        type=start.assignment_type,
    )

    def check(claim: AvtaleGiroClaim) -> None:
        shell.check_claim_type(claim)
        claim.check()

    claims = _items(cursor, AvtaleGiroAmountItem1, partial(_read_claim, shell.type), check)
    end_line = cursor.line
    end = cursor.take(AvtaleGiroAssignmentEnd, X.AVTALEGIRO_ITEM_1_OR_END)
    assignment = ClaimAssignment(
        number=shell.number, account=shell.account, claims=claims, type=shell.type
    )
    check_control(end, end_line, assignment.control())
    return assignment


def _read_claim(kind: AssignmentType, cursor: Cursor) -> AvtaleGiroClaim:
    """Amount item 1, then item 2 (optional in a cancellation) and its specifications."""
    item1 = cursor.take(AvtaleGiroAmountItem1, X.ITEM_1)
    item2: AvtaleGiroAmountItem2 | None = None
    specifications: list[Specification] = []
    if isinstance(cursor.peek(), AvtaleGiroAmountItem2) or kind is not AssignmentType.CANCELLATIONS:
        item2 = cursor.take(AvtaleGiroAmountItem2, X.AVTALEGIRO_ITEM_2)
        _same_transaction(item1, item2, cursor.line - 1)
        while isinstance(spec := cursor.peek(), SpecificationRecord):
            _same_transaction(item1, spec, cursor.line)
            cursor.index += 1
            specifications.append(Specification(spec.line, spec.column, spec.text))
    return AvtaleGiroClaim.from_records(item1, item2, tuple(specifications))


def _read_agreement_assignment(cursor: Cursor) -> AgreementAssignment:
    start = cursor.take(AvtaleGiroAssignmentStart, X.AVTALEGIRO_START)
    agreements = _items(cursor, AgreementRecord, _read_agreement, field="FBO serial number")
    end_line = cursor.line
    end = cursor.take(AvtaleGiroAssignmentEnd, X.AGREEMENT_OR_END)
    assignment = AgreementAssignment(
        number=start.assignment_number,
        account=start.assignment_account,
        agreements=agreements,
    )
    check_control(end, end_line, assignment.control())
    return assignment


def _read_agreement(cursor: Cursor) -> Agreement:
    record = cursor.take(AgreementRecord, X.AGREEMENT)
    return Agreement(
        number=record.serial_number,
        registration_type=record.registration_type,
        kid=record.kid,
        notify=record.notify,
    )
