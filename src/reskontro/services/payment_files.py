"""Payment files moved to :mod:`reskontro.services.payments.files`; this module keeps
the old import path working."""

from __future__ import annotations

from reskontro.services.payments.files import (
    CAMT054,
    OCR,
    PaymentFileContent,
    detect_format,
    iter_batches,
    open_payment_file,
    read_payment_file,
)

__all__ = [
    "CAMT054",
    "OCR",
    "PaymentFileContent",
    "detect_format",
    "iter_batches",
    "open_payment_file",
    "read_payment_file",
]
