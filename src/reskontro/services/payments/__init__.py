"""Payments in: import bank files, match and book them, the voucher inbox, matching by
hand on the customer ledger, and the payment settings.

- :mod:`.files`: recognise a payment file (once) and read its payments;
- :mod:`.importer`: one file, all or nothing (:class:`PaymentImporter`);
- :mod:`.booking`: a batch of payments, set-based (:class:`~.booking.Booker`);
- :mod:`.clues`: clues to unknown customers, for a whole batch at once;
- :mod:`.summary`: what an import did (:class:`ImportSummary`);
- :mod:`.inbox`: the voucher inbox (:class:`Inbox`);
- :mod:`.ledger`: matching by hand (:func:`~.ledger.match_items`);
- :mod:`.views`: payments and files as shown, and their reasons;
- :mod:`.settings`: the unknown-KID policy and tolerance (:func:`set_policy`).

The rules themselves are pure, in :mod:`reskontro.domain.matching` (matching and the
unknown-KID decision) and :mod:`reskontro.domain.settlement` (what settling does to
an invoice). The names the old ``services/payments.py`` had are re-exported here.
"""

from __future__ import annotations

from reskontro.services.payments.booking import BATCH, PAYMENT_COLUMNS
from reskontro.services.payments.importer import IMPORT_LOCK, PaymentImporter
from reskontro.services.payments.inbox import Inbox
from reskontro.services.payments.ledger import Allocation, LedgerMatch
from reskontro.services.payments.settings import (
    PLACEHOLDER_NUMBER,
    PaymentPolicy,
    ensure_placeholder,
    set_policy,
)
from reskontro.services.payments.summary import ImportSummary, InvoiceTouched
from reskontro.services.payments.views import (
    BankFileDetail,
    BankFileView,
    FilePaymentView,
    PaymentView,
    bank_file,
    bank_file_view,
    bank_files,
    payment_view,
    payments_of_file,
    reason_of,
    reasons_of,
)

__all__ = [
    "BATCH",
    "IMPORT_LOCK",
    "PAYMENT_COLUMNS",
    "PLACEHOLDER_NUMBER",
    "Allocation",
    "BankFileDetail",
    "BankFileView",
    "FilePaymentView",
    "ImportSummary",
    "Inbox",
    "InvoiceTouched",
    "LedgerMatch",
    "PaymentImporter",
    "PaymentPolicy",
    "PaymentView",
    "bank_file",
    "bank_file_view",
    "bank_files",
    "ensure_placeholder",
    "payment_view",
    "payments_of_file",
    "reason_of",
    "reasons_of",
    "set_policy",
]
