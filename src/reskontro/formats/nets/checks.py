"""Checks shared by the object layer: errors, ascending numbers, control fields.

Spec: ``shared/specs/nets-ocr-giro-and-avtalegiro.md`` §1 (control records), §2.6-2.7
and §2.9 (OCR control totals), §3.6 and §3.8 (AvtaleGiro). Used by the value classes
(:mod:`~reskontro.formats.nets.ocr_objects`,
:mod:`~reskontro.formats.nets.avtalegiro_objects`), the record reader
(:mod:`~reskontro.formats.nets.reading`), :class:`~reskontro.formats.nets.objects.Transmission`
and the fast OCR reader (:mod:`~reskontro.formats.nets.ocr_stream`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from reskontro.errors import FileFormatError
from reskontro.formats.nets.codes import NetsNumber, problem
from reskontro.formats.nets.codes import NetsProblem as P

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Mapping

    from reskontro.formats.nets.base_records import Record
    from reskontro.formats.nets.enums import AssignmentType
    from reskontro.messages import Message

__all__ = [
    "AvtaleGiroControl",
    "Control",
    "TransmissionControl",
    "check_ascending",
    "check_control",
    "compare",
    "format_error",
    "min_max",
]


def format_error(
    message: Message, field: str | None = None, line: int | None = None
) -> FileFormatError:
    """A :class:`FileFormatError` naming the spec's field and, when known, the line."""
    return FileFormatError(message, line=line, field=field)


def min_max(dates: Iterable[dt.date]) -> tuple[dt.date | None, dt.date | None]:
    """Earliest and latest of ``dates`` (None, None when there are none)."""
    unique = set(dates)
    return (min(unique), max(unique)) if unique else (None, None)


#: The spec's name of the field each :class:`NetsNumber` is in.
_NUMBER_FIELD = {
    NetsNumber.TRANSACTION: "transaction number",
    NetsNumber.FBO_SERIAL: "FBO serial number",
}


def check_ascending(numbers: Iterable[int], what: NetsNumber = NetsNumber.TRANSACTION) -> None:
    """Numbers must ascend within an assignment (used when writing)."""
    previous = 0
    for number in numbers:
        if number <= previous:
            field = _NUMBER_FIELD[what]
            raise problem(P.NOT_ASCENDING, field=field, what=what, number=number, previous=previous)
        previous = number


class TransmissionControl(TypedDict):
    """The control fields of the ``89`` as the records before it give them (§2.7, §3.8)."""

    num_transactions: int
    num_records: int
    total_amount: int


class Control(TransmissionControl):
    """The control fields of an assignment's ``88`` as its records give them (§2.6,
    §2.9, §3.6)."""

    earliest_date: dt.date | None
    latest_date: dt.date | None


class AvtaleGiroControl(Control):
    """An AvtaleGiro ``88`` repeats its assignment's type (§3.6, §4.2)."""

    assignment_type: AssignmentType


def check_control(record: Record, line: int, actual: Mapping[str, object]) -> None:
    """Compare the control fields of an ``88`` or ``89`` as written with ``actual``
    (attribute → what the records give), in the order of the record's field table: the
    first that differs is named by its field in the spec."""
    for field in record.LAYOUT.fields:
        if field.attr is not None and field.attr in actual:
            compare(line, field.name, getattr(record, field.attr), actual[field.attr])


def compare(line: int, field: str, written: object, actual: object) -> None:
    """Raise at ``line`` if a control field as ``written`` differs from ``actual``."""
    if written != actual:
        raise problem(
            P.CONTROL_MISMATCH, line=line, field=field, written=str(written), actual=str(actual)
        )
