"""The voucher inbox moved to :mod:`reskontro.services.payments.inbox` (and matching by
hand to :mod:`reskontro.services.payments.ledger`); this module keeps the old import
path working."""

from __future__ import annotations

from reskontro.services.payments.inbox import Inbox
from reskontro.services.payments.ledger import Allocation
from reskontro.services.payments.views import (
    FilePaymentView,
    PaymentView,
    file_payment_view,
    payment_view,
    reason_of,
    reasons_of,
)

__all__ = [
    "Allocation",
    "FilePaymentView",
    "Inbox",
    "PaymentView",
    "file_payment_view",
    "payment_view",
    "reason_of",
    "reasons_of",
]
