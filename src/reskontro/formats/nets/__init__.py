"""Nets OCR Giro and AvtaleGiro files: read and write.

Spec: ``shared/specs/nets-ocr-giro-and-avtalegiro.md`` (field by field) and
``shared/specs/bank-file-delivery-and-dedupe.md`` §5 (keys).

Layers, after python-netsgiro:

* :mod:`.records`: one class per 80-character record, ``parse(line, line_no)`` ↔
  ``to_line()``; every field checked.
* :mod:`.objects`: :class:`Transmission` → assignments (:mod:`.ocr_objects`,
  :mod:`.avtalegiro_objects`) → transactions, with the grammar (:mod:`.reading`) and
  every control total (:mod:`.checks`) checked; ``from_records()`` ↔ ``to_records()``.
* :mod:`.payments`: OCR transactions as
  :class:`~reskontro.domain.payment.IncomingPayment`, with a fast reader
  (:mod:`.ocr_stream`, its pattern generated from the field tables by :mod:`.grammar`).

:func:`parse` and :func:`build` are the file-level pair. Reading accepts LF, CRLF or
no line terminators (cut every 80 characters) and decodes ISO-8859-1. Any structural
error rejects the whole file with :class:`~reskontro.errors.FileFormatError` (line
number and field). :func:`build` writes ISO-8859-1 with a CRLF after every record by
default (the DOS/bank convention; Nets' specs name no terminator); pass
``line_ending="\\n"`` or ``""`` for LF or none.
"""

from __future__ import annotations

from reskontro.formats.nets.avtalegiro_objects import (
    Agreement,
    AgreementAssignment,
    AvtaleGiroClaim,
    ClaimAssignment,
    Specification,
    specifications_from_text,
)
from reskontro.formats.nets.enums import (
    NETS_ID,
    AssignmentType,
    AvtaleGiroTransactionType,
    OcrTransactionType,
    RegistrationType,
    Sign,
)
from reskontro.formats.nets.keys import message_key, payment_key
from reskontro.formats.nets.objects import Transmission
from reskontro.formats.nets.ocr_objects import OcrAssignment, OcrTransaction
from reskontro.formats.nets.payments import (
    PaymentFile,
    iter_payments,
    payment_from_transaction,
    payments_from_transmission,
    read_payments,
)
from reskontro.formats.nets.reading import Assignment
from reskontro.formats.nets.records import decode, parse_lines

__all__ = [
    "NETS_ID",
    "Agreement",
    "AgreementAssignment",
    "Assignment",
    "AssignmentType",
    "AvtaleGiroClaim",
    "AvtaleGiroTransactionType",
    "ClaimAssignment",
    "OcrAssignment",
    "OcrTransaction",
    "OcrTransactionType",
    "PaymentFile",
    "RegistrationType",
    "Sign",
    "Specification",
    "Transmission",
    "build",
    "iter_payments",
    "message_key",
    "parse",
    "payment_from_transaction",
    "payment_key",
    "payments_from_transmission",
    "read_payments",
    "specifications_from_text",
]

#: Line terminators :func:`build` can write.
LINE_ENDINGS = ("\r\n", "\n", "")


def parse(data: bytes) -> Transmission:
    """Read a whole Nets file (ISO-8859-1, a UTF-8 byte-order mark at its start
    skipped) and check it; raises ``FileFormatError``."""
    return Transmission.from_records(parse_lines(decode(data)))


def build(transmission: Transmission, *, line_ending: str = "\r\n") -> bytes:
    """Write a transmission as ISO-8859-1 bytes, ``line_ending`` after every record."""
    if line_ending not in LINE_ENDINGS:  # the caller's code chooses it, never a user
        raise ValueError(f"line_ending must be one of {LINE_ENDINGS!r}")
    lines = [record.to_line() for record in transmission.to_records()]
    return "".join(line + line_ending for line in lines).encode("latin-1")
