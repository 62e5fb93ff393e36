"""OCR Giro transactions as :class:`~reskontro.domain.payment.IncomingPayment` values.

Spec: ``shared/specs/nets-ocr-giro-and-avtalegiro.md`` §2 (OCR Giro records), §2.9
(control totals), ``shared/specs/bank-file-delivery-and-dedupe.md`` §5 (keys).

Mapping of one OCR transaction to an ``IncomingPayment``:

================  ========================================================================
field             from
================  ========================================================================
key               :func:`~reskontro.formats.nets.keys.payment_key`: assignment account,
                  Nets date, archive reference, transaction number, signed amount
amount_ore        item 1 amount, negative when the sign (pos 32) is ``-``
kid               item 1 KID, None when blank
date              item 1 Nets date: the settlement date (*oppgjørsdato*) on which the
                  money is on the payee's account. The bank date of item 2 is the payer's
                  order date, not a value date; it stays on ``OcrTransaction.bank_date``.
value_date        None (OCR has no separate value date)
message           item 3 free text (types 20/21), None when absent or blank
payer_account     item 2 debit account, None when zeros
account           the assignment account
line              line number of item 1
bank_reference    item 2 archive reference (pos 26-34), 9 digits as written
transaction_type  the two-digit transaction type, e.g. ``"10"``
================  ========================================================================

Two ways in, always with the same result:

* :func:`payments_from_transmission` maps a parsed
  :class:`~reskontro.formats.nets.objects.Transmission` (slow path, via ``parse()``).
* :func:`iter_payments` and :func:`read_payments` read the bytes directly (fast path).
  The fast path checks everything ``parse()`` checks: every field of every record,
  with one compiled regular expression per transaction (items 1 and 2, and 3 for
  types 20/21; digits only; dates checked once per distinct value), the grammar,
  ascending transaction numbers, and the control fields of every ``88`` and of the
  ``89``. Whenever the fast path meets something it does not accept, it hands the
  whole file to ``parse()``, which raises the precise
  :class:`~reskontro.errors.FileFormatError` (line and field) or, should the fast
  path have been stricter than needed, supplies the remaining payments.

When an error surfaces (the whole file is rejected either way):

* :func:`iter_payments` **streams**: it checks the file as it reads it, so payments
  come out before the control totals at the end have been checked, and a
  ``FileFormatError`` can be raised after some payments were yielded. The caller
  must then drop every payment it got from that file (the import service books a
  file in one database transaction and rolls it back). This keeps memory flat and
  is the fastest way through a large file.
* :func:`read_payments` validates the **whole file first** and returns every payment
  in a :class:`PaymentFile`, or raises and returns nothing.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, NoReturn

from reskontro.domain.payment import IncomingPayment
from reskontro.errors import FileFormatError
from reskontro.formats.nets.fields import RECORD_LENGTH, date_from_ddmmyy
from reskontro.formats.nets.keys import message_key, payment_key
from reskontro.formats.nets.objects import (
    OcrAssignment,
    Transmission,
    assignment_from_records,
    check_ocr_assignment_end,
    check_transmission_end,
)
from reskontro.formats.nets.records import (
    OcrAssignmentEnd,
    OcrAssignmentStart,
    TransmissionEnd,
    TransmissionStart,
    parse_line,
    parse_lines,
)
from reskontro.gcpause import collector_paused

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator

    from reskontro.formats.nets.objects import OcrTransaction

__all__ = [
    "PaymentFile",
    "iter_payments",
    "payment_from_transaction",
    "payments_from_transmission",
    "read_payments",
]


@dataclasses.dataclass(frozen=True, slots=True)
class PaymentFile:
    """The payments of one OCR Giro file and what identifies the file."""

    #: Data transmitter (``00008080`` for Nets).
    data_transmitter: str
    #: Transmission number.
    transmission_number: str
    #: Data recipient: the customer unit ID the file was made for.
    data_recipient: str
    #: Nets date of the ``89`` (None if ``000000``).
    date: dt.date | None
    #: Every OCR transaction of the file, in file order.
    payments: tuple[IncomingPayment, ...]

    @property
    def message_key(self) -> str:
        """(data transmitter, data recipient, transmission number) as one string."""
        return message_key(self.data_transmitter, self.data_recipient, self.transmission_number)


# --- Slow path ------------------------------------------------------------------------


def payment_from_transaction(
    transaction: OcrTransaction, account: str, line: int | None = None
) -> IncomingPayment:
    """Map one OCR transaction of the assignment with ``account`` (see module doc)."""
    amount = transaction.signed_amount
    return IncomingPayment(
        key=payment_key(
            account,
            transaction.nets_date,
            transaction.archive_reference,
            transaction.number,
            amount,
        ),
        amount_ore=amount,
        kid=transaction.kid,
        date=transaction.nets_date,
        message=transaction.text or None,
        payer_account=transaction.payer_account,
        account=account,
        line=line,
        bank_reference=transaction.archive_reference,
        transaction_type=f"{int(transaction.type):02d}",
    )


def payments_from_transmission(transmission: Transmission) -> list[IncomingPayment]:
    """Every OCR transaction of a parsed transmission, with its line number."""
    payments = []
    line = 2  # the first assignment's start record
    for assignment in transmission.assignments:
        if isinstance(assignment, OcrAssignment):
            item_line = line + 1
            for transaction in assignment.transactions:
                payments.append(
                    payment_from_transaction(transaction, assignment.account, item_line)
                )
                item_line += 2 if transaction.text is None else 3
        line += assignment.num_records
    return payments


# --- Fast path ------------------------------------------------------------------------

#: A valid ``DDMMYY`` date in the century window (spec §1): days per month, and 29
#: February only in leap years (in 1969-2068 those are the years divisible by 4).
_DDMMYY = r"""
    (?: (?:0[1-9]|1[0-9]|2[0-8]) (?:0[1-9]|1[0-2]) [0-9]{2}
      | (?:29|30) (?:0[13-9]|1[0-2]) [0-9]{2}
      | 31 (?:0[13578]|1[02]) [0-9]{2}
      | 2902 (?:[02468][048]|[13579][26])
    )
"""

#: One OCR transaction: amount items 1 and 2, and 3 for types 20/21 (spec §2.3-2.5),
#: each record followed by the file's line terminator (``<EOL>``). Every field is
#: checked as strictly as :mod:`~reskontro.formats.nets.records` checks it; the Nets
#: date by :func:`date_from_ddmmyy` once per distinct value.
_TRANSACTION = r"""
    NY09                                # amount item 1: format code, service code
    (?P<type>1[0-9]|2[01](?P<has_text>))  # transaction type; 20/21 have amount item 3
    30                                  # record type
    (?P<number>[0-9]{7})                # transaction number
    (?P<nets_date>[0-9]{6})             # Nets date (checked once per value, below)
    [0-9]{2}                            # centre ID
    (?:0[1-9]|[12][0-9]|3[01])          # day code 01-31
    [0-9]                               # partial settlement number
    [0-9]{5}                            # serial number
    (?P<sign>[-0])                      # sign
    (?P<amount>[0-9]{17})               # amount
    (?=[\ 0-9-]{25}0{6}(?!0))          # the KID field is exactly 25 characters wide:
    (?:\ *(?P<kid>[0-9]+-?)|\ {25})     # right-aligned digits (MOD11 '-'), or blank
    0{6}                                # filler
    <EOL>
    NY09(?P=type)31(?P=number)          # amount item 2: same type and number
    [0-9]{10}                           # form number
    (?P<reference>[0-9]{9})             # agreement ID / archive reference
    [0-9]{7}                            # filler (pos 35-41), digits
    (?:000000|<DATE>)                   # bank date
    (?P<debit_account>[0-9]{11})        # debit account
    0{22}                               # filler
    <EOL>
    (?(has_text)                        # amount item 3, types 20 and 21 only
        NY09(?P=type)32(?P=number)
        (?P<text>[\x20-\x7e\xa0-\xff]{40})  # free text: printable ISO-8859-1
        0{25}                           # filler
        <EOL>
    )
"""

#: The transaction pattern for each line terminator the reader accepts.
_TRANSACTION_PATTERNS = {
    terminator: re.compile(
        _TRANSACTION.replace("<DATE>", _DDMMYY).replace("<EOL>", re.escape(terminator)),
        re.VERBOSE,
    )
    for terminator in ("", "\n", "\r\n")
}

_ZERO_ACCOUNT = "0" * 11
#: The fields of ``IncomingPayment``, in order, as the fast path fills them.
_PAYMENT_FIELDS = (
    "key",
    "amount_ore",
    "kid",
    "date",
    "value_date",
    "message",
    "payer_name",
    "payer_account",
    "account",
    "line",
    "location",
    "bank_reference",
    "transaction_type",
    "entry_info",
    "remittance_info",
    "creditor_reference",
)


class _Fallback(Exception):  # control flow only; never leaves this module
    """The fast path gives the file to the slow path."""


class _PaymentSlots:
    """Same slot layout as ``IncomingPayment``, but assignable.

    Creating a frozen dataclass runs ``object.__setattr__`` once per field, which is
    most of the cost of the fast path. Instead we fill an instance of this class and
    then switch its ``__class__`` to ``IncomingPayment``: Python allows that between
    classes with the same slots. The result is an ordinary ``IncomingPayment``
    (``type(p) is IncomingPayment``, equal to one built by its constructor); tests
    check it. :data:`_ASSIGN_CLASS` turns the trick off if ``IncomingPayment`` ever
    changes shape.
    """

    __slots__ = _PAYMENT_FIELDS

    key: str
    amount_ore: int
    kid: str | None
    date: dt.date
    value_date: dt.date | None
    message: str | None
    payer_name: str | None
    payer_account: str | None
    account: str | None
    line: int | None
    location: str | None
    bank_reference: str | None
    transaction_type: str | None
    entry_info: str | None
    remittance_info: str | None
    creditor_reference: str | None


def _class_assignment_works() -> bool:
    fields = tuple(f.name for f in dataclasses.fields(IncomingPayment))
    if fields != _PAYMENT_FIELDS or "__post_init__" in vars(IncomingPayment):
        return False
    probe = _PaymentSlots()
    for name in _PAYMENT_FIELDS:
        setattr(probe, name, None)
    try:
        probe.__class__ = IncomingPayment  # type: ignore[assignment]
    except TypeError:
        return False
    result: object = probe
    return type(result) is IncomingPayment


#: Whether the fast path may build payments by ``__class__`` assignment.
_ASSIGN_CLASS = _class_assignment_works()


def _terminator(text: str) -> str:
    """The line terminator, decided as :func:`records.split_lines` decides it."""
    first = text.find("\n")
    if first < 0:
        return ""
    if first == RECORD_LENGTH:
        return "\n"
    if first == RECORD_LENGTH + 1 and text[RECORD_LENGTH] == "\r":
        return "\r\n"
    raise _Fallback


def _record(text: str, pos: int, terminator: str) -> str:
    """The record at ``pos``, which must be followed by the terminator or end the text."""
    end = pos + RECORD_LENGTH
    if text[end : end + len(terminator)] != terminator and end != len(text):
        raise _Fallback
    return text[pos:end]


def _give_up() -> NoReturn:
    """Leave the fast path for the slow one."""
    raise _Fallback


class _Header:
    """What the fast path learns about the transmission while it streams."""

    __slots__ = ("date", "start")

    def __init__(self) -> None:
        self.start: TransmissionStart | None = None
        self.date: dt.date | None = None


def _stream(text: str, header: _Header) -> Iterator[IncomingPayment]:
    """The fast path as a generator; falls back to the slow path on any doubt.

    ``yielded`` and ``in_assignment`` count the payments handed out, so that a
    fallback halfway through gives only the rest.
    """
    yielded = in_assignment = 0
    try:
        if not _ASSIGN_CLASS:  # pragma: no cover - only if IncomingPayment changes shape
            _give_up()
        terminator = _terminator(text)
        step = RECORD_LENGTH + len(terminator)
        pattern = _TRANSACTION_PATTERNS[terminator]
        size = len(text)
        header.start = TransmissionStart.parse(_record(text, 0, terminator), 1)
        new = object.__new__
        num_transactions = 0
        num_records = 2
        total = 0
        ocr_assignments = 0
        pos = step
        while True:
            head = text[pos : pos + 8]
            if head == "NY090020":
                line = pos // step + 1
                assignment = OcrAssignmentStart.parse(_record(text, pos, terminator), line)
                account = assignment.assignment_account
                prefix = f"ocr:{account}:"
                line += 1
                #: Nets date as written -> (date, key prefix up to the date).
                dates: dict[str, tuple[dt.date, str]] = {}
                previous = "0000000"
                subtotal = 0
                match = None
                in_assignment = 0
                scanner = pattern.scanner(text, pos + step)  # type: ignore[attr-defined]
                for match in iter(scanner.match, None):
                    (kind, has_text, number, nets_date, sign, amount, kid, reference,
                     debit_account, free_text) = match.groups()  # fmt: skip
                    if number <= previous:
                        _give_up()
                    previous = number
                    try:
                        date, date_prefix = dates[nets_date]
                    except KeyError:
                        date = date_from_ddmmyy(nets_date)
                        date_prefix = f"{prefix}{date.isoformat()}:"
                        dates[nets_date] = date, date_prefix
                    ore = int(amount)
                    if sign == "-":
                        ore = -ore
                    subtotal += ore
                    p = new(_PaymentSlots)
                    p.key = f"{date_prefix}{reference}:{number}:{ore}"
                    p.amount_ore = ore
                    p.kid = kid
                    p.date = date
                    p.value_date = None
                    p.payer_name = None
                    p.payer_account = None if debit_account == _ZERO_ACCOUNT else debit_account
                    p.account = account
                    p.line = line
                    p.location = None
                    p.bank_reference = reference
                    p.transaction_type = kind
                    p.entry_info = p.remittance_info = p.creditor_reference = None
                    if has_text is None:
                        p.message = None
                        line += 2
                    else:
                        p.message = free_text.rstrip(" ") or None
                        line += 3
                    p.__class__ = IncomingPayment  # type: ignore[assignment]
                    yield p  # type: ignore[misc]
                    in_assignment += 1
                yielded += in_assignment
                count, in_assignment = in_assignment, 0
                end_pos = pos + step if match is None else match.end()
                end_line = end_pos // step + 1
                end = OcrAssignmentEnd.parse(_record(text, end_pos, terminator), end_line)
                values = [d for d, _ in dates.values()]
                records = (end_pos - pos) // step + 1
                check_ocr_assignment_end(
                    end,
                    end_line,
                    num_transactions=count,
                    num_records=records,
                    total_amount=subtotal,
                    dates=(min(values), max(values)) if values else (None, None),
                )
                num_transactions += count
                num_records += records
                total += subtotal
                ocr_assignments += 1
                pos = end_pos + step
            elif head[:4] == "NY21" and head[6:] == "20":
                end_pos = pos + step
                while not (text.startswith("NY21", end_pos) and text.startswith("88", end_pos + 6)):
                    end_pos += step
                    if end_pos >= size:
                        _give_up()
                other = assignment_from_records(
                    [
                        parse_line(_record(text, at, terminator), at // step + 1)
                        for at in range(pos, end_pos + 1, step)
                    ],
                    pos // step + 1,
                )
                num_transactions += other.num_transactions
                num_records += other.num_records
                total += other.total_amount
                pos = end_pos + step
            else:
                break
        if not ocr_assignments or text[pos + RECORD_LENGTH :] not in ("", terminator):
            # No OCR assignment (the claims-file rules apply, or the file is bad), or
            # something after the end of transmission: let the slow path decide.
            _give_up()
        end_line = pos // step + 1
        transmission_end = TransmissionEnd.parse(_record(text, pos, terminator), end_line)
        check_transmission_end(
            transmission_end,
            end_line,
            num_transactions=num_transactions,
            num_records=num_records,
            total_amount=total,
        )
        header.date = transmission_end.date
    except (_Fallback, FileFormatError):
        # The slow path raises the precise error, or (if the fast path was stricter
        # than needed) gives the payments the fast path has not yielded yet.
        transmission = Transmission.from_records(parse_lines(text))
        header.start = TransmissionStart(
            data_transmitter=transmission.data_transmitter,
            transmission_number=transmission.transmission_number,
            data_recipient=transmission.data_recipient,
        )
        header.date = transmission.date
        yield from payments_from_transmission(transmission)[yielded + in_assignment :]


def iter_payments(data: bytes) -> Iterator[IncomingPayment]:
    """Stream the payments of an OCR Giro file (ISO-8859-1 bytes), checking as it goes.

    Every check of :func:`reskontro.formats.nets.parse` is made, but the control
    totals of an assignment are compared after its payments have been yielded: a
    :class:`~reskontro.errors.FileFormatError` can come after some payments, and the
    caller must then discard them all (the file is rejected whole). Use
    :func:`read_payments` to validate the whole file before getting anything.
    """
    return _stream(data.decode("latin-1"), _Header())


def read_payments(data: bytes) -> PaymentFile:
    """Read an OCR Giro file, validating it whole, and return all its payments.

    Raises :class:`~reskontro.errors.FileFormatError` with line and field if anything
    in the file is wrong; then nothing is returned. AvtaleGiro assignments in the same
    file (e.g. an FBO list) are checked and give no payments.
    """
    header = _Header()
    with collector_paused():
        payments = tuple(_stream(data.decode("latin-1"), header))
    if header.start is None:  # pragma: no cover - _stream sets it or raises
        raise FileFormatError("no start of transmission", line=1)
    return PaymentFile(
        data_transmitter=header.start.data_transmitter,
        transmission_number=header.start.transmission_number,
        data_recipient=header.start.data_recipient,
        date=header.date,
        payments=payments,
    )
