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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias, TypeVar

from reskontro.errors import FileFormatError
from reskontro.formats.nets.enums import (
    NETS_ID,
    AssignmentType,
    AvtaleGiroTransactionType,
    OcrTransactionType,
    Sign,
)
from reskontro.formats.nets.keys import message_key
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
    TransmissionEnd,
    TransmissionStart,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

    from reskontro.formats.nets.enums import RegistrationType

__all__ = [
    "Agreement",
    "AgreementAssignment",
    "Assignment",
    "AvtaleGiroClaim",
    "ClaimAssignment",
    "OcrAssignment",
    "OcrTransaction",
    "Specification",
    "Transmission",
    "assignment_from_records",
    "check_transmission_end",
    "specifications_from_text",
]

R = TypeVar("R", bound=Record)

#: Most specification records per claim (42 lines x 2 columns, spec §3.5).
MAX_SPECIFICATIONS = 84
_ZERO_ACCOUNT = "0" * 11


def _error(message: str, field: str | None = None, line: int | None = None) -> FileFormatError:
    return FileFormatError(message, line=line, field=field)


def _min_max(dates: Iterable[dt.date]) -> tuple[dt.date | None, dt.date | None]:
    unique = set(dates)
    return (min(unique), max(unique)) if unique else (None, None)


def _check_ascending(numbers: Iterable[int], what: str = "transaction number") -> None:
    previous = 0
    for number in numbers:
        if number <= previous:
            raise _error(
                f"{what}s must ascend within an assignment ({number} after {previous})", what
            )
        previous = number


# --- OCR Giro -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OcrTransaction:
    """One OCR Giro payment: amount items 1 and 2, and item 3 for types 20/21 (§2.3-2.5)."""

    #: Transaction type (§2.8).
    type: OcrTransactionType
    #: Transaction number, ascending within the assignment.
    number: int
    #: Nets date: the settlement date (*oppgjørsdato*).
    nets_date: dt.date
    #: Amount in øre as written (unsigned); see :attr:`signed_amount`.
    amount: int
    #: KID, or None when blank.
    kid: str | None
    #: Day code: day of month processed, 1-31.
    day_code: int
    #: ``-`` for a credit note.
    sign: Sign = Sign.POSITIVE
    #: Centre ID, 2 digits.
    centre_id: str = "00"
    #: Partial settlement number, one digit.
    partial_settlement_number: int = 0
    #: Serial number within the partial settlement, 5 digits.
    serial_number: str = "00000"
    #: Form number, 10 digits.
    form_number: str = "0000000000"
    #: Agreement ID / archive reference (item 2, pos 26-34), 9 digits.
    archive_reference: str = "000000000"
    #: Item 2 positions 35-41, kept as read (digits).
    filler_35_41: str = "0000000"
    #: Bank date (*oppdragsdato*), or None.
    bank_date: dt.date | None = None
    #: Debit (payer) account, 11 digits; zeros when unknown.
    debit_account: str = _ZERO_ACCOUNT
    #: Free text of amount item 3: a string (maybe empty) for types 20/21, else None.
    text: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.type, OcrTransactionType):
            raise _error(f"expected an OcrTransactionType, got {self.type!r}", "transaction type")
        if (self.text is not None) != self.type.has_text:
            raise _error(
                "types 20 and 21 have free text (amount item 3, may be ''), other types none",
                "free text",
            )

    @property
    def signed_amount(self) -> int:
        """The amount in øre, negative for a ``-`` (credit note) transaction."""
        return -self.amount if self.sign is Sign.NEGATIVE else self.amount

    @property
    def payer_account(self) -> str | None:
        """The debit account, or None when the file gives zeros."""
        return None if self.debit_account == _ZERO_ACCOUNT else self.debit_account

    @classmethod
    def from_records(
        cls, item1: OcrAmountItem1, item2: OcrAmountItem2, item3: OcrAmountItem3 | None
    ) -> OcrTransaction:
        """Combine the items of one transaction (their types and numbers must agree)."""
        for item in (item2, item3):
            if item is not None and item.transaction_type is not item1.transaction_type:
                raise _error("differs from amount item 1", "transaction type")
            if item is not None and item.transaction_number != item1.transaction_number:
                raise _error("differs from amount item 1", "transaction number")
        return cls(
            type=item1.transaction_type,
            number=item1.transaction_number,
            nets_date=item1.nets_date,
            amount=item1.amount,
            kid=item1.kid,
            day_code=item1.day_code,
            sign=item1.sign,
            centre_id=item1.centre_id,
            partial_settlement_number=item1.partial_settlement_number,
            serial_number=item1.serial_number,
            form_number=item2.form_number,
            archive_reference=item2.archive_reference,
            filler_35_41=item2.filler_35_41,
            bank_date=item2.bank_date,
            debit_account=item2.debit_account,
            text=None if item3 is None else item3.text,
        )

    def to_records(self) -> list[Record]:
        """Amount items 1, 2 and (types 20/21) 3."""
        records: list[Record] = [
            OcrAmountItem1(
                transaction_type=self.type,
                transaction_number=self.number,
                nets_date=self.nets_date,
                centre_id=self.centre_id,
                day_code=self.day_code,
                partial_settlement_number=self.partial_settlement_number,
                serial_number=self.serial_number,
                sign=self.sign,
                amount=self.amount,
                kid=self.kid,
            ),
            OcrAmountItem2(
                transaction_type=self.type,
                transaction_number=self.number,
                form_number=self.form_number,
                archive_reference=self.archive_reference,
                filler_35_41=self.filler_35_41,
                bank_date=self.bank_date,
                debit_account=self.debit_account,
            ),
        ]
        if self.text is not None:
            records.append(
                OcrAmountItem3(
                    transaction_type=self.type, transaction_number=self.number, text=self.text
                )
            )
        return records


@dataclass(frozen=True, slots=True)
class OcrAssignment:
    """An OCR Giro assignment: the payments to one agreement/account (§2.2, §2.6)."""

    #: Nets agreement ID, 9 digits.
    agreement_id: str
    #: Assignment number, 7 digits.
    number: str
    #: Assignment account (the payee's BBAN), 11 digits.
    account: str
    #: Nets date of the ``88``: when the assignment was generated.
    nets_date: dt.date
    #: The transactions, in file order.
    transactions: tuple[OcrTransaction, ...] = ()

    @property
    def num_transactions(self) -> int:
        return len(self.transactions)

    @property
    def num_records(self) -> int:
        """Records including the assignment's 20 and 88."""
        return 2 + sum(3 if t.text is not None else 2 for t in self.transactions)

    @property
    def total_amount(self) -> int:
        """Net total in øre: ``-`` transactions subtracted (§2.9)."""
        return sum(t.signed_amount for t in self.transactions)

    @property
    def earliest_date(self) -> dt.date | None:
        return _min_max(t.nets_date for t in self.transactions)[0]

    @property
    def latest_date(self) -> dt.date | None:
        return _min_max(t.nets_date for t in self.transactions)[1]

    def to_records(self) -> list[Record]:
        """Start, transactions and end with its control fields."""
        _check_ascending(t.number for t in self.transactions)
        total = self.total_amount
        if total < 0:
            raise _error(f"net total {total} is negative and cannot be written", "total amount")
        earliest, latest = _min_max(t.nets_date for t in self.transactions)
        records: list[Record] = [
            OcrAssignmentStart(
                agreement_id=self.agreement_id,
                assignment_number=self.number,
                assignment_account=self.account,
            )
        ]
        for transaction in self.transactions:
            records.extend(transaction.to_records())
        records.append(
            OcrAssignmentEnd(
                num_transactions=self.num_transactions,
                num_records=len(records) + 1,
                total_amount=total,
                nets_date=self.nets_date,
                earliest_date=earliest,
                latest_date=latest,
            )
        )
        return records


# --- AvtaleGiro -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Specification:
    """One specification record's text: half a line of the payer's notice (§3.5)."""

    #: Line 1-42.
    line: int
    #: Column 1 (characters 1-40) or 2 (characters 41-80).
    column: int
    #: The text, at most 40 characters, not blank.
    text: str


def specifications_from_text(text: str) -> tuple[Specification, ...]:
    """Split a notice text (up to 42 lines of 80 characters) into specifications.

    Blank halves are left out, since empty specification records must not be sent.

    >>> specifications_from_text("Faktura 1001\\n" + "x" * 41)
    (Specification(line=1, column=1, text='Faktura 1001'), Specification(line=2, column=1, text='xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'), Specification(line=2, column=2, text='x'))
    """  # noqa: E501
    lines = text.splitlines()
    if len(lines) > MAX_SPECIFICATIONS // 2:
        raise _error(f"{len(lines)} lines, at most 42", "specification")
    specifications = []
    for line_no, line in enumerate(lines, 1):
        if len(line) > 80:
            raise _error(f"line {line_no} is longer than 80 characters", "specification")
        for column, half in ((1, line[:40]), (2, line[40:])):
            if half.strip(" "):
                specifications.append(Specification(line_no, column, half.rstrip(" ")))
    return tuple(specifications)


@dataclass(frozen=True, slots=True)
class AvtaleGiroClaim:
    """An AvtaleGiro claim (*trekkrav*) or a cancellation of one (§3.3-3.5, §3.7)."""

    #: 02 (payee notifies), 21 (bank notifies), or 93 in a cancellation assignment.
    type: AvtaleGiroTransactionType
    #: Transaction number: > 0 and ascending within the assignment.
    number: int
    #: Due date.
    due_date: dt.date
    #: Amount in øre.
    amount: int
    #: KID (must match the payer's mandate), or None when blank.
    kid: str | None
    #: Abbreviated payer name, up to 10 characters.
    payer_name: str = ""
    #: External reference shown on the payer's statement, up to 25 characters.
    external_reference: str = ""
    #: Amount item 1 positions 22-32 (blank, or collective-notice information).
    collective_notice: str = ""
    #: Specification records in file order (notice text; used with type 21).
    specifications: tuple[Specification, ...] = ()
    #: False only for a cancellation sent without its optional amount item 2.
    has_amount_item_2: bool = True

    @property
    def specification_text(self) -> str:
        """The notice text the specifications spell, lines joined with newlines."""
        lines: dict[int, dict[int, str]] = {}
        for spec in self.specifications:
            lines.setdefault(spec.line, {})[spec.column] = spec.text
        if not lines:
            return ""
        return "\n".join(
            (lines.get(n, {}).get(1, "").ljust(40) + lines.get(n, {}).get(2, "")).rstrip(" ")
            for n in range(1, max(lines) + 1)
        )

    def check(self) -> None:
        """Rules between the claim's parts; raises ``FileFormatError`` naming the field."""
        if len(self.specifications) > MAX_SPECIFICATIONS:
            raise _error(f"{len(self.specifications)} specification records, at most 84", "line")
        places = {(s.line, s.column) for s in self.specifications}
        if len(places) != len(self.specifications):
            raise _error("two specification records for the same line and column", "line")
        if not self.has_amount_item_2:
            if self.type is not AvtaleGiroTransactionType.CANCELLATION:
                raise _error("amount item 2 is optional only in cancellations", "record type")
            if self.payer_name or self.external_reference or self.specifications:
                raise _error(
                    "payer name, reference and specifications need amount item 2",
                    "record type",
                )

    def to_records(self) -> list[Record]:
        """Amount item 1, item 2 (unless left out) and the specification records."""
        self.check()
        records: list[Record] = [
            AvtaleGiroAmountItem1(
                transaction_type=self.type,
                transaction_number=self.number,
                due_date=self.due_date,
                amount=self.amount,
                kid=self.kid,
                collective_notice=self.collective_notice,
            )
        ]
        if self.has_amount_item_2:
            records.append(
                AvtaleGiroAmountItem2(
                    transaction_type=self.type,
                    transaction_number=self.number,
                    payer_name=self.payer_name,
                    external_reference=self.external_reference,
                )
            )
        records.extend(
            SpecificationRecord(
                transaction_number=self.number, line=s.line, column=s.column, text=s.text
            )
            for s in self.specifications
        )
        return records


@dataclass(frozen=True, slots=True)
class ClaimAssignment:
    """AvtaleGiro claims (type 00, §3.2) or cancellations (type 36, §3.7) to Nets."""

    #: Assignment number, 7 digits (unique per agreement for 12 months + 1 day).
    number: str
    #: Payee account, 11 digits.
    account: str
    #: The claims (types 02/21) or cancellations (type 93).
    claims: tuple[AvtaleGiroClaim, ...] = ()
    #: ``TRANSACTIONS`` for claims, ``CANCELLATIONS`` for cancellations.
    type: AssignmentType = AssignmentType.TRANSACTIONS

    @property
    def num_transactions(self) -> int:
        return len(self.claims)

    @property
    def num_records(self) -> int:
        return 2 + sum(1 + c.has_amount_item_2 + len(c.specifications) for c in self.claims)

    @property
    def total_amount(self) -> int:
        return sum(c.amount for c in self.claims)

    @property
    def earliest_date(self) -> dt.date | None:
        return _min_max(c.due_date for c in self.claims)[0]

    @property
    def latest_date(self) -> dt.date | None:
        return _min_max(c.due_date for c in self.claims)[1]

    def check_claim_type(self, claim: AvtaleGiroClaim) -> None:
        """A claims assignment holds types 02/21, a cancellation assignment type 93."""
        cancellation = claim.type is AvtaleGiroTransactionType.CANCELLATION
        if cancellation != (self.type is AssignmentType.CANCELLATIONS):
            kind = "a cancellation" if self.type is AssignmentType.CANCELLATIONS else "a claims"
            raise _error(
                f"type {int(claim.type):02d} does not belong in {kind} assignment",
                "transaction type",
            )

    def to_records(self) -> list[Record]:
        if self.type is AssignmentType.AGREEMENTS:
            raise _error("use AgreementAssignment for FBO", "assignment type")
        _check_ascending(c.number for c in self.claims)
        records: list[Record] = [
            AvtaleGiroAssignmentStart(
                assignment_type=self.type,
                assignment_number=self.number,
                assignment_account=self.account,
            )
        ]
        for claim in self.claims:
            self.check_claim_type(claim)
            records.extend(claim.to_records())
        earliest, latest = _min_max(c.due_date for c in self.claims)
        records.append(
            AvtaleGiroAssignmentEnd(
                assignment_type=self.type,
                num_transactions=self.num_transactions,
                num_records=len(records) + 1,
                total_amount=self.total_amount,
                earliest_date=earliest,
                latest_date=latest,
            )
        )
        return records


@dataclass(frozen=True, slots=True)
class Agreement:
    """An AvtaleGiro mandate (FBO) from Nets' list (§4.2)."""

    #: FBO serial number, ascending within the assignment.
    number: int
    #: 0 full list, 1 new or changed, 2 deleted.
    registration_type: RegistrationType
    #: KID on the mandate, or None when blank.
    kid: str | None
    #: True if the payer wants a written notice.
    notify: bool

    def to_records(self) -> list[Record]:
        return [
            AgreementRecord(
                serial_number=self.number,
                registration_type=self.registration_type,
                kid=self.kid,
                notify=self.notify,
            )
        ]


@dataclass(frozen=True, slots=True)
class AgreementAssignment:
    """An AvtaleGiro mandate list, FBO (assignment type 24, §4.2)."""

    #: Assignment number, 7 digits.
    number: str
    #: Payee account, 11 digits.
    account: str
    #: The mandates.
    agreements: tuple[Agreement, ...] = ()

    @property
    def num_transactions(self) -> int:
        return len(self.agreements)

    @property
    def num_records(self) -> int:
        return 2 + len(self.agreements)

    @property
    def total_amount(self) -> int:
        return 0

    def to_records(self) -> list[Record]:
        _check_ascending((a.number for a in self.agreements), "FBO serial number")
        records: list[Record] = [
            AvtaleGiroAssignmentStart(
                assignment_type=AssignmentType.AGREEMENTS,
                assignment_number=self.number,
                assignment_account=self.account,
            )
        ]
        for agreement in self.agreements:
            records.extend(agreement.to_records())
        records.append(
            AvtaleGiroAssignmentEnd(
                assignment_type=AssignmentType.AGREEMENTS,
                num_transactions=self.num_transactions,
                num_records=len(records) + 1,
                total_amount=0,
                earliest_date=None,
                latest_date=None,
            )
        )
        return records


#: Any assignment of a transmission.
Assignment: TypeAlias = OcrAssignment | ClaimAssignment | AgreementAssignment


# --- Transmission ---------------------------------------------------------------------


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

    def check(self) -> None:
        """Rules for the transmission as a whole (used when reading and writing)."""
        if not self.assignments:
            raise _error("a transmission holds at least one assignment", "record type")
        claims = [a for a in self.assignments if isinstance(a, ClaimAssignment)]
        if len(claims) == len(self.assignments):
            if self.data_recipient != NETS_ID:
                raise _error(f"a claims file goes to Nets ({NETS_ID})", "data recipient")
            if self.data_transmitter == NETS_ID:
                raise _error(
                    "a claims file names the sender's customer unit ID, not Nets'",
                    "data transmitter",
                )
            dates = [d for a in claims if (d := a.earliest_date) is not None]
            first = min(dates) if dates else None
            if self.date != first:
                raise _error(f"is {self.date}, expected the earliest due date {first}", "Nets date")

    @classmethod
    def from_records(cls, records: Sequence[Record]) -> Transmission:
        """Read a whole file's records; ``records[0]`` is taken to be line 1."""
        cursor = _Cursor(records)
        start = cursor.take(TransmissionStart, "start of transmission (NY000010)")
        assignments: list[Assignment] = []
        while isinstance(cursor.peek(), OcrAssignmentStart | AvtaleGiroAssignmentStart):
            assignments.append(_read_assignment(cursor))
        if not assignments:
            raise cursor.unexpected("start of assignment (record type 20)")
        end_line = cursor.line
        end = cursor.take(TransmissionEnd, "start of assignment or end of transmission (NY000089)")
        if cursor.peek() is not None:
            raise _error("records after the end of transmission", "record type", cursor.line)
        transmission = cls(
            data_transmitter=start.data_transmitter,
            transmission_number=start.transmission_number,
            data_recipient=start.data_recipient,
            date=end.date,
            assignments=tuple(assignments),
        )
        check_transmission_end(
            end,
            end_line,
            num_transactions=transmission.num_transactions,
            num_records=transmission.num_records,
            total_amount=transmission.total_amount,
        )
        try:
            transmission.check()
        except FileFormatError as error:
            line = 1 if error.field and error.field.startswith("data") else end_line
            raise _error(error.reason, error.field, line) from None
        return transmission

    def to_records(self) -> list[Record]:
        """Every record of the file, with the control fields computed."""
        self.check()
        total = self.total_amount
        if total < 0:
            raise _error(f"net total {total} is negative and cannot be written", "total amount")
        records: list[Record] = [
            TransmissionStart(
                data_transmitter=self.data_transmitter,
                transmission_number=self.transmission_number,
                data_recipient=self.data_recipient,
            )
        ]
        for assignment in self.assignments:
            records.extend(assignment.to_records())
        records.append(
            TransmissionEnd(
                num_transactions=self.num_transactions,
                num_records=len(records) + 1,
                total_amount=total,
                date=self.date,
            )
        )
        return records


def check_transmission_end(
    end: TransmissionEnd,
    line: int,
    *,
    num_transactions: int,
    num_records: int,
    total_amount: int,
) -> None:
    """Compare the ``89`` control fields with what the file holds (§2.7, §3.8)."""
    _compare(line, "number of transactions", end.num_transactions, num_transactions)
    _compare(line, "number of records", end.num_records, num_records)
    _compare(line, "total amount", end.total_amount, total_amount)


def _compare(line: int, field: str, written: object, actual: object) -> None:
    if written != actual:
        raise _error(f"is {written}, but the records give {actual}", field, line)


# --- Reading --------------------------------------------------------------------------


class _Cursor:
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
        return _error(f"expected {expected}, found {found}", "record type", self.line)

    def take(self, cls: type[R], expected: str) -> R:
        record = self.peek()
        if not isinstance(record, cls):
            raise self.unexpected(expected)
        self.index += 1
        return record


def assignment_from_records(records: Sequence[Record], first_line: int = 1) -> Assignment:
    """Read one whole assignment (its 20 to its 88); ``records[0]`` is ``first_line``."""
    cursor = _Cursor(records, first_line)
    assignment = _read_assignment(cursor)
    if cursor.peek() is not None:
        raise _error("records after the end of the assignment", "record type", cursor.line)
    return assignment


def _read_assignment(cursor: _Cursor) -> Assignment:
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
        raise _error(f"{number} does not ascend (previous {previous})", field, line)


def _read_ocr_assignment(cursor: _Cursor) -> OcrAssignment:
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
    _compare(line, "number of transactions", end.num_transactions, num_transactions)
    _compare(line, "number of records", end.num_records, num_records)
    _compare(line, "total amount", end.total_amount, total_amount)
    _compare(line, "earliest Nets date", end.earliest_date, dates[0])
    _compare(line, "latest Nets date", end.latest_date, dates[1])


def _same_transaction(
    item1: OcrAmountItem1 | AvtaleGiroAmountItem1,
    other: OcrAmountItem2 | OcrAmountItem3 | AvtaleGiroAmountItem2 | SpecificationRecord,
    line: int,
) -> None:
    if other.transaction_number != item1.transaction_number:
        raise _error(
            f"{other.transaction_number} differs from amount item 1 ({item1.transaction_number})",
            "transaction number",
            line,
        )
    kind = getattr(other, "transaction_type", None)
    if kind is not None and kind is not item1.transaction_type:
        raise _error(
            f"{int(kind):02d} differs from amount item 1 ({int(item1.transaction_type):02d})",
            "transaction type",
            line,
        )


def _read_claim_assignment(cursor: _Cursor) -> ClaimAssignment:
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
            raise _error(error.reason, error.field, line) from None
        claims.append(claim)
    end_line = cursor.line
    end = cursor.take(
        AvtaleGiroAssignmentEnd, "AvtaleGiro amount item 1 (NY21tt30) or end of assignment"
    )
    assignment = ClaimAssignment(
        number=shell.number, account=shell.account, claims=tuple(claims), type=shell.type
    )
    _compare(end_line, "assignment type", end.assignment_type, assignment.type)
    _compare(end_line, "number of transactions", end.num_transactions, assignment.num_transactions)
    _compare(end_line, "number of records", end.num_records, assignment.num_records)
    _compare(end_line, "sum of amounts", end.total_amount, assignment.total_amount)
    _compare(end_line, "earliest due date", end.earliest_date, assignment.earliest_date)
    _compare(end_line, "latest due date", end.latest_date, assignment.latest_date)
    return assignment


def _read_agreement_assignment(cursor: _Cursor) -> AgreementAssignment:
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
    _compare(end_line, "assignment type", end.assignment_type, AssignmentType.AGREEMENTS)
    _compare(end_line, "number of transactions", end.num_transactions, assignment.num_transactions)
    _compare(end_line, "number of records", end.num_records, assignment.num_records)
    return assignment
