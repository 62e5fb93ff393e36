"""The object layer: Transmission → assignments → transactions, with the file grammar.

Spec: ``shared/specs/nets-ocr-giro-and-avtalegiro.md``. The grammar (§1)::

    10  ( 20  ( 30 31 [32 | 49{0,84}] )*  88 )+  89

* OCR Giro assignment (§2): ``NY090020``, then per transaction amount items 1 and 2,
  and item 3 for types 20/21, then ``NY090088``. Settled AvtaleGiro claims come back
  here as type 15 (§4.1).
* AvtaleGiro claims (§3.2-3.6, type 00) and cancellations (§3.7, type 36): items 1 and
  2 (item 2 is optional in a cancellation) and 0-84 specification records after item
  2. Claims are types 02/21, cancellations type 93.
* AvtaleGiro mandate list, FBO (§4.2, type 24): ``NY219470`` records.

:meth:`Transmission.from_records` checks the grammar, that the items of a transaction
share its type and number, that transaction numbers ascend within an assignment, and
every control field of each ``88`` and of the ``89``: number of transactions, number of
records (§1: the 88 count includes its 20 and 88; the 89 count includes 10, every
20/88 and 89), total amount (OCR: signed, ``-`` subtracts, §2.9) and the earliest and
latest dates. For a file of claims to Nets (§3.1, §3.8) it also checks that the data
recipient is Nets and that the 89 date is the earliest due date. Errors carry the line
number (record index + 1) and the spec's field name. :meth:`Transmission.to_records`
writes the control fields and enforces the same rules.

The value classes live in :mod:`~reskontro.formats.nets.ocr_objects` and
:mod:`~reskontro.formats.nets.avtalegiro_objects`, the reading of an assignment in
:mod:`~reskontro.formats.nets.reading`, the shared checks in
:mod:`~reskontro.formats.nets.checks`; this module holds the file,
:class:`Transmission`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.errors import FileFormatError
from reskontro.formats.nets.avtalegiro_objects import ClaimAssignment
from reskontro.formats.nets.checks import TransmissionControl, check_control, format_error
from reskontro.formats.nets.codes import NetsExpected as X
from reskontro.formats.nets.codes import NetsProblem as P
from reskontro.formats.nets.codes import problem, reason_of
from reskontro.formats.nets.enums import NETS_ID
from reskontro.formats.nets.keys import message_key
from reskontro.formats.nets.reading import Cursor, read_assignment
from reskontro.formats.nets.records import (
    AvtaleGiroAssignmentStart,
    OcrAssignmentStart,
    TransmissionEnd,
    TransmissionStart,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from reskontro.formats.nets.reading import Assignment
    from reskontro.formats.nets.records import (
        Record,
    )

__all__ = ["Transmission"]


@dataclass(frozen=True, slots=True)
class Transmission:
    """One Nets file: a transmission (*forsendelse*) of assignments (§1)."""

    #: Data transmitter's customer unit ID, 8 digits (Nets: ``00008080``).
    data_transmitter: str
    #: Transmission number, 7 digits; unique only per transmitter and recipient.
    transmission_number: str
    #: Data recipient's customer unit ID, 8 digits.
    data_recipient: str
    #: Date of the ``89``: OCR Nets date, or the earliest due date of a claims file.
    date: dt.date | None
    #: The assignments, in file order (at least one).
    assignments: tuple[Assignment, ...]

    @classmethod
    def for_claims(
        cls,
        data_transmitter: str,
        transmission_number: str,
        assignments: tuple[ClaimAssignment, ...],
    ) -> Transmission:
        """A claims/cancellations file to Nets: recipient Nets, date the earliest due date."""
        dates = [d for a in assignments if (d := a.earliest_date) is not None]
        return cls(
            data_transmitter=data_transmitter,
            transmission_number=transmission_number,
            data_recipient=NETS_ID,
            date=min(dates) if dates else None,
            assignments=assignments,
        )

    @property
    def message_key(self) -> str:
        """Key of the file as a message: transmitter, recipient, transmission number."""
        return message_key(self.data_transmitter, self.data_recipient, self.transmission_number)

    @property
    def num_transactions(self) -> int:
        return sum(a.num_transactions for a in self.assignments)

    @property
    def num_records(self) -> int:
        return 2 + sum(a.num_records for a in self.assignments)

    @property
    def total_amount(self) -> int:
        return sum(a.total_amount for a in self.assignments)

    def control(self) -> TransmissionControl:
        """What its ``89`` says, from the assignments (§2.7, §3.8)."""
        return TransmissionControl(
            num_transactions=self.num_transactions, num_records=self.num_records,
            total_amount=self.total_amount,
        )  # fmt: skip

    def check(self) -> None:
        """Rules for the transmission as a whole (used when reading and writing)."""
        if not self.assignments:
            raise problem(P.NO_ASSIGNMENT, field="record type")
        claims = [a for a in self.assignments if isinstance(a, ClaimAssignment)]
        if len(claims) == len(self.assignments):
            if self.data_recipient != NETS_ID:
                raise problem(P.CLAIMS_TO_NETS, field="data recipient", nets=NETS_ID)
            if self.data_transmitter == NETS_ID:
                raise problem(P.CLAIMS_SENDER, field="data transmitter")
            dates = [d for a in claims if (d := a.earliest_date) is not None]
            first = min(dates) if dates else None
            if self.date != first:
                raise problem(
                    P.NOT_EARLIEST_DUE, field="Nets date", date=str(self.date), first=str(first)
                )

    @classmethod
    def from_records(cls, records: Sequence[Record]) -> Transmission:
        """Read a whole file's records; ``records[0]`` is taken to be line 1."""
        cursor = Cursor(records)
        start = cursor.take(TransmissionStart, X.TRANSMISSION_START)
        assignments: list[Assignment] = []
        while isinstance(cursor.peek(), OcrAssignmentStart | AvtaleGiroAssignmentStart):
            assignments.append(read_assignment(cursor))
        if not assignments:
            raise cursor.unexpected(X.ASSIGNMENT_START)
        end_line = cursor.line
        end = cursor.take(TransmissionEnd, X.ASSIGNMENT_OR_END)
        if cursor.peek() is not None:
            raise problem(P.AFTER_TRANSMISSION_END, line=cursor.line, field="record type")
        transmission = cls(
            data_transmitter=start.data_transmitter,
            transmission_number=start.transmission_number,
            data_recipient=start.data_recipient,
            date=end.date,
            assignments=tuple(assignments),
        )
        check_control(end, end_line, transmission.control())
        try:
            transmission.check()
        except FileFormatError as error:
            line = 1 if error.field and error.field.startswith("data") else end_line
            raise format_error(reason_of(error), error.field, line) from None
        return transmission

    def to_records(self) -> list[Record]:
        """Every record of the file, with the control fields computed."""
        self.check()
        control = self.control()
        if (total := control["total_amount"]) < 0:
            raise problem(P.NEGATIVE_TOTAL, field="total amount", total=total)
        records: list[Record] = [
            TransmissionStart(
                data_transmitter=self.data_transmitter,
                transmission_number=self.transmission_number,
                data_recipient=self.data_recipient,
            )
        ]
        for assignment in self.assignments:
            records.extend(assignment.to_records())
        records.append(TransmissionEnd(date=self.date, **control))
        return records
