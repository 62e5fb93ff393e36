"""ISO 20022 camt.054 (BkToCstmrDbtCdtNtfctn): incoming payments with KID from the bank.

Spec: ``shared/specs/camt054.md`` (paths, KID, batches, versions) and
``shared/specs/bank-file-delivery-and-dedupe.md`` §5 (keys). Versions .02 (the
Norwegian common guideline) to .08, detected from the namespace.

Layers, netsgiro style:

- :mod:`.safexml` – hardened XML reading (no DTD/entities/network, bounded size);
- :mod:`.objects` – frozen values for what the message says;
- :mod:`.reader` (on :mod:`.elements`) / :mod:`.writer` – elements -> :mod:`.objects` and back:
  :func:`build` :class:`Document` -> bytes, ``parse(build(d)) == d``;
- :mod:`.stream` – the file read incrementally (``iterparse``, flat memory):
  :func:`parse` bytes or a path -> :class:`Document`;
- :mod:`.checks` – the control totals (batch, entry, ``TxsSummry``);
- :mod:`.payments` – :class:`~reskontro.domain.payment.IncomingPayment` values;
  :mod:`.keys` – the dedupe keys.

Typical use: ``for payment in iter_payments(data): ...`` (all or nothing, for import),
``PaymentStream(path)`` for a large file, or ``extract_payments(parse(data))`` for the
payments and every problem with its place.
"""

from __future__ import annotations

from .checks import check_document
from .keys import message_key, normalise_account, notification_key, payment_key
from .objects import (
    AccountId,
    BankTransactionCode,
    Batch,
    CreditDebit,
    CreditorReference,
    CurrencyAmount,
    Document,
    Entry,
    EntryDetails,
    Notification,
    ReferredDocument,
    RemittanceAmounts,
    StructuredRemittance,
    Transaction,
    TransactionsSummary,
    looks_like_kid,
)
from .payments import (
    PaymentExtraction,
    PaymentStream,
    Problem,
    extract_payments,
    iter_payments,
)
from .safexml import MAX_SIZE
from .stream import parse
from .versions import SUPPORTED_VERSIONS
from .writer import build

__all__ = [
    "MAX_SIZE",
    "SUPPORTED_VERSIONS",
    "AccountId",
    "BankTransactionCode",
    "Batch",
    "CreditDebit",
    "CreditorReference",
    "CurrencyAmount",
    "Document",
    "Entry",
    "EntryDetails",
    "Notification",
    "PaymentExtraction",
    "PaymentStream",
    "Problem",
    "ReferredDocument",
    "RemittanceAmounts",
    "StructuredRemittance",
    "Transaction",
    "TransactionsSummary",
    "build",
    "check_document",
    "extract_payments",
    "iter_payments",
    "looks_like_kid",
    "message_key",
    "normalise_account",
    "notification_key",
    "parse",
    "payment_key",
]
