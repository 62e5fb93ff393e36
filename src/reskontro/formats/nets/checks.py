"""Checks shared by the object layer: errors, ascending numbers, control fields.

Spec: ``shared/specs/nets-ocr-giro-and-avtalegiro.md`` §1 (control records), §2.6-2.7
and §2.9 (OCR control totals), §3.6 and §3.8 (AvtaleGiro). Used by the value classes
(:mod:`~reskontro.formats.nets.ocr_objects`,
:mod:`~reskontro.formats.nets.avtalegiro_objects`), the record reader
(:mod:`~reskontro.formats.nets.reading`), :class:`~reskontro.formats.nets.objects.Transmission`
and the fast OCR reader (:mod:`~reskontro.formats.nets.ocr_stream`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.errors import FileFormatError
from reskontro.formats.nets.codes import NetsProblem as P
from reskontro.formats.nets.codes import problem

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from reskontro.formats.nets.records import OcrAssignmentEnd, TransmissionEnd
    from reskontro.messages import Message

__all__ = [
    "check_ascending",
    "check_ocr_assignment_end",
    "check_transmission_end",
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


def check_ascending(numbers: Iterable[int], what: str = "transaction number") -> None:
    """Numbers must ascend within an assignment (used when writing)."""
    previous = 0
    for number in numbers:
        if number <= previous:
            raise problem(P.NOT_ASCENDING, field=what, what=what, number=number, previous=previous)
        previous = number


def check_transmission_end(
    end: TransmissionEnd,
    line: int,
    *,
    num_transactions: int,
    num_records: int,
    total_amount: int,
) -> None:
    """Compare the ``89`` control fields with what the file holds (§2.7, §3.8)."""
    compare(line, "number of transactions", end.num_transactions, num_transactions)
    compare(line, "number of records", end.num_records, num_records)
    compare(line, "total amount", end.total_amount, total_amount)


def check_ocr_assignment_end(
    end: OcrAssignmentEnd,
    line: int,
    *,
    num_transactions: int,
    num_records: int,
    total_amount: int,
    dates: tuple[dt.date | None, dt.date | None],
) -> None:
    """Compare the OCR ``88`` control fields with its transactions (§2.6, §2.9)."""
    compare(line, "number of transactions", end.num_transactions, num_transactions)
    compare(line, "number of records", end.num_records, num_records)
    compare(line, "total amount", end.total_amount, total_amount)
    compare(line, "earliest Nets date", end.earliest_date, dates[0])
    compare(line, "latest Nets date", end.latest_date, dates[1])


def compare(line: int, field: str, written: object, actual: object) -> None:
    """Raise at ``line`` if a control field as ``written`` differs from ``actual``."""
    if written != actual:
        raise problem(
            P.CONTROL_MISMATCH, line=line, field=field, written=str(written), actual=str(actual)
        )
