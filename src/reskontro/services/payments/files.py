"""Recognise a payment file and read its payments, whatever its format.

Nets OCR Giro files start with the transmission start record ``NY000010``; camt.054
files are XML whose root namespace names ``camt.054``. Anything else is rejected with
a message that says what was expected. A stored file is opened once
(:func:`recognise`): its head says the format, once, and an OCR file's bytes are read
in the same go and handed on; a camt.054 file is streamed from the store. A Nets file
is outlined in one pass (:func:`reskontro.formats.nets.outline.outline`: its
assignments' accounts, and AvtaleGiro in it) and then read as a stream.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from reskontro.domain.payment import FileFormat, PaymentError
from reskontro.errors import FileFormatError
from reskontro.formats.nets.outline import AVTALEGIRO, OCR_GIRO, outline
from reskontro.messages import Message

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence
    from pathlib import Path

    from reskontro.domain.bank_account import AccountSeen
    from reskontro.domain.payment import IncomingPayment
    from reskontro.formats.nets.outline import Outline

OCR = FileFormat.OCR
CAMT054 = FileFormat.CAMT054


#: The bytes read to recognise a file.
HEAD = 200


@dataclass(frozen=True, slots=True)
class PaymentFileContent:
    #: ``ocr``, ``camt054``, or ``avtalegiro`` for a Nets file with an AvtaleGiro
    #: mandate list and no OCR payments.
    format: FileFormat
    #: Message-level keys (one per camt notification; one for an OCR transmission).
    #: For a camt.054 stream they fill as its payments are read: complete once the
    #: payments have been iterated to the end.
    message_keys: Sequence[str]
    #: The payments: a sequence when read whole, a stream from :func:`open_payment_file`
    #: (which may raise :class:`FileFormatError` part way: discard what came before).
    payments: Iterable[IncomingPayment]
    #: Shown with the file: copy/duplicate markers, dates (complete, like
    #: ``message_keys``, once the payments have been read).
    notes: Sequence[str] = ()
    #: How many payments there are (or, for a stream, about how many), for progress.
    expected: int = 0
    #: OCR: the data recipient of the transmission (the payee's customer unit ID at
    #: Nets), checked against the company's OCR agreement before anything is booked.
    recipient: str | None = None
    #: The accounts the file books to, with where it names them (OCR: every assignment,
    #: known at once; camt: one per notification, filling as the stream is read).
    accounts: Sequence[AccountSeen] = ()
    #: A Nets file: its assignments (AvtaleGiro claims or a mandate list in it).
    outline: Outline | None = None


@dataclass(frozen=True, slots=True)
class Recognised:
    """A stored file, recognised: its format and, for a Nets file, its bytes."""

    format: FileFormat
    data: bytes | None = None


def recognise(path: Path) -> Recognised:
    """Open a stored file once: its head says the format (``FileFormatError`` when it is
    none we read); a Nets file is read whole in the same go, a camt.054 file is left
    to be streamed from ``path`` (flat memory in its size)."""
    with path.open("rb") as f:
        kind = detect_format(f.read(HEAD))
        if kind == CAMT054:
            return Recognised(kind)
        f.seek(0)
        return Recognised(kind, f.read())


def _nets_format(found: Outline) -> FileFormat:
    """``avtalegiro`` for a mandate list without OCR payments, else ``ocr``."""
    if not found.has(OCR_GIRO) and found.has(AVTALEGIRO):
        return FileFormat.AVTALEGIRO
    return OCR


def detect_format(head: bytes) -> FileFormat:
    """``ocr`` or ``camt054`` from the first bytes of a file; raise if neither."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"NY000010"):
        return OCR
    if start.startswith(b"<"):
        return CAMT054
    raise FileFormatError(Message.of(PaymentError.NOT_A_PAYMENT_FILE), line=1)


def read_payment_file(data: bytes, kind: FileFormat | None = None) -> PaymentFileContent:
    """Parse and check a whole file (of ``kind``, detected when not given); raise
    :class:`FileFormatError` on any problem."""
    kind = kind or detect_format(data[:HEAD])
    if kind != CAMT054:
        from reskontro.formats.nets import payments as nets_payments

        ocr = nets_payments.read_payments(data)
        found = outline(data)
        return PaymentFileContent(
            _nets_format(found), (ocr.message_key,), ocr.payments, (), len(ocr.payments),
            ocr.data_recipient, found.accounts, found,
        )  # fmt: skip
    from reskontro.formats import camt054

    stream = camt054.PaymentStream(data, currency=None)
    payments = tuple(stream)
    return PaymentFileContent(
        CAMT054, tuple(stream.message_keys), payments, tuple(stream.notes), len(payments),
        accounts=tuple(stream.accounts),
    )  # fmt: skip


#: Bytes per camt.054 payment (a ``Ntry`` with one ``TxDtls``), to estimate a stream's length.
_CAMT_BYTES_PER_PAYMENT = 1300


def open_camt_path(path: Path) -> PaymentFileContent:
    """A camt.054 file's payments as a stream read from ``path`` (flat memory).

    Like the OCR stream of :func:`open_payment_file`, it may raise part way or at the
    end (a problem anywhere rejects the whole file, with every problem listed); its
    ``message_keys`` and ``notes`` are complete once the payments have been read.
    """
    from reskontro.formats import camt054

    stream = camt054.PaymentStream(path, currency=None)
    expected = max(1, path.stat().st_size // _CAMT_BYTES_PER_PAYMENT)
    return PaymentFileContent(
        CAMT054, stream.message_keys, stream, stream.notes, expected, accounts=stream.accounts
    )


#: Bytes per OCR transaction (items 1 and 2 with CRLF), to estimate a stream's length.
_OCR_BYTES_PER_PAYMENT = 164


def open_payment_file(data: bytes, kind: FileFormat | None = None) -> PaymentFileContent:
    """Like :func:`read_payment_file`, but an OCR file's payments come as a stream.

    A Nets file of a million transactions would take half a gigabyte as payment
    objects; streamed, the import holds one batch at a time. The stream checks
    everything :func:`read_payment_file` checks, but may raise part way (a wrong
    control total is only seen at the end of its assignment): the caller books the
    whole file in one transaction, so what came before is rolled back with it.
    """
    kind = kind or detect_format(data[:HEAD])
    if kind == CAMT054:
        return read_payment_file(data, kind)
    from reskontro.formats.nets import payments as nets_payments
    from reskontro.formats.nets.keys import message_key
    from reskontro.formats.nets.records import TransmissionStart

    first = data[:HEAD].lstrip(b"\xef\xbb\xbf \t\r\n")[:80].decode("latin-1")
    start = TransmissionStart.parse(first, 1)
    key = message_key(start.data_transmitter, start.data_recipient, start.transmission_number)
    expected = max(1, len(data) // _OCR_BYTES_PER_PAYMENT)
    found = outline(data)
    return PaymentFileContent(
        _nets_format(found), (key,), nets_payments.iter_payments(data), (), expected,
        start.data_recipient, found.accounts, found,
    )  # fmt: skip


def iter_batches(payments: Iterable[IncomingPayment], size: int) -> Iterator[list[IncomingPayment]]:
    """The payments in lists of at most ``size``."""
    iterator = iter(payments)
    while batch := list(islice(iterator, size)):
        yield batch
