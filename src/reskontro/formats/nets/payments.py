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
* :func:`iter_payments` and :func:`read_payments` read the bytes directly with the
  fast reader of :mod:`~reskontro.formats.nets.ocr_stream`, whose pattern is
  generated from the record layer's field tables; it checks everything ``parse()``
  checks and, whenever it meets something it does not accept, hands the whole file
  to ``parse()``, which raises the precise :class:`~reskontro.errors.FileFormatError`
  (line and field).

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
from typing import TYPE_CHECKING

from reskontro.domain.payment import IncomingPayment
from reskontro.formats.nets.codes import NetsProblem as P
from reskontro.formats.nets.codes import problem
from reskontro.formats.nets.keys import message_key, payment_key
from reskontro.formats.nets.ocr_objects import OcrAssignment
from reskontro.formats.nets.ocr_stream import Header, stream
from reskontro.formats.nets.records import decode
from reskontro.gcpause import collector_paused

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator

    from reskontro.formats.nets.objects import Transmission
    from reskontro.formats.nets.ocr_objects import OcrTransaction

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


def iter_payments(data: bytes) -> Iterator[IncomingPayment]:
    """Stream the payments of an OCR Giro file (ISO-8859-1 bytes), checking as it goes.

    Every check of :func:`reskontro.formats.nets.parse` is made, but the control
    totals of an assignment are compared after its payments have been yielded: a
    :class:`~reskontro.errors.FileFormatError` can come after some payments, and the
    caller must then discard them all (the file is rejected whole). Use
    :func:`read_payments` to validate the whole file before getting anything.
    """
    return stream(decode(data), Header())


def read_payments(data: bytes) -> PaymentFile:
    """Read an OCR Giro file, validating it whole, and return all its payments.

    Raises :class:`~reskontro.errors.FileFormatError` with line and field if anything
    in the file is wrong; then nothing is returned. AvtaleGiro assignments in the same
    file (e.g. an FBO list) are checked and give no payments.
    """
    header = Header()
    with collector_paused():
        payments = tuple(stream(decode(data), header))
    if header.start is None:  # pragma: no cover - _stream sets it or raises
        raise problem(P.NO_TRANSMISSION_START, line=1)
    return PaymentFile(
        data_transmitter=header.start.data_transmitter,
        transmission_number=header.start.transmission_number,
        data_recipient=header.start.data_recipient,
        date=header.date,
        payments=payments,
    )
