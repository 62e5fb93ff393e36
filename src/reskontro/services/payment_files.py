"""Recognise a payment file and read its payments, whatever its format.

Nets OCR Giro files start with the transmission start record ``NY000010``; camt.054
files are XML whose root namespace names ``camt.054``. Anything else is rejected with
a message that says what was expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.errors import FileFormatError

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from reskontro.domain.payment import IncomingPayment

OCR = "ocr"
CAMT054 = "camt054"


@dataclass(frozen=True, slots=True)
class PaymentFileContent:
    format: str
    #: Message-level keys (one per camt notification; one for an OCR transmission).
    message_keys: tuple[str, ...]
    payments: Sequence[IncomingPayment]
    #: Shown with the file: copy/duplicate markers, dates.
    notes: tuple[str, ...] = ()


def detect_format(head: bytes) -> str:
    """``ocr`` or ``camt054`` from the first bytes of a file; raise if neither."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"NY000010"):
        return OCR
    if start.startswith(b"<"):
        return CAMT054
    raise FileFormatError(
        "not a payment file: a Nets OCR Giro file starts with NY000010 and a camt.054 file is XML",
        line=1,
    )


def read_payment_file(data: bytes) -> PaymentFileContent:
    """Parse and check a whole file; raise :class:`FileFormatError` on any problem."""
    kind = detect_format(data[:200])
    if kind == OCR:
        from reskontro.formats.nets import payments as nets_payments

        ocr = nets_payments.read_payments(data)
        return PaymentFileContent(OCR, (ocr.message_key,), ocr.payments)
    from reskontro.formats import camt054

    document = camt054.parse(data)
    payments = tuple(camt054.iter_payments(document))
    keys = tuple(camt054.message_key(document, n) for n in document.notifications)
    notes = tuple(
        f"notification {n.id} is marked {n.copy_duplicate} (copy/duplicate)"
        for n in document.notifications
        if n.copy_duplicate
    )
    return PaymentFileContent(CAMT054, keys, payments, notes)


def iter_batches(
    payments: Sequence[IncomingPayment], size: int
) -> Iterator[Sequence[IncomingPayment]]:
    for start in range(0, len(payments), size):
        yield payments[start : start + size]
