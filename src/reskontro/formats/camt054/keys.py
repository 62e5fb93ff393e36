"""Dedupe keys of camt.054 messages and payments.

Spec: ``shared/specs/bank-file-delivery-and-dedupe.md`` §5.2 (message key) and §5.3
(payment key, and the fallback fingerprint when the bank gives no reference at all).
Every key is ``|``-separated parts (``\\`` and ``|`` escaped) starting with
``camt054`` (or :data:`FINGERPRINT`), so it cannot collide with another format's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from .objects import Document, Notification

__all__ = [
    "FINGERPRINT",
    "fingerprint",
    "message_key",
    "normalise_account",
    "notification_key",
    "payment_key",
]

_NORWEGIAN_IBAN = re.compile(r"NO[0-9]{2}([0-9]{11})\Z")
#: First part of the fallback fingerprint key (dedupe spec §5.3).
FINGERPRINT = "camt054-fp"


def normalise_account(account: str) -> str:
    """An account for keys: no blanks, upper case, and a Norwegian IBAN as its BBAN.

    >>> normalise_account("NO93 8601 1117 947"), normalise_account("15031234562")
    ('86011117947', '15031234562')
    """
    compact = "".join(account.split()).upper()
    match = _NORWEGIAN_IBAN.match(compact)
    return match.group(1) if match else compact


def _join(*parts: object) -> str:
    """``|``-separated parts; ``\\`` and ``|`` inside a part are escaped."""
    return "|".join(str(part).replace("\\", "\\\\").replace("|", "\\|") for part in parts)


def message_key(document: Document, notification: Notification) -> str:
    """The message-level dedupe key: message id, notification id and our account.

    Seen before with other bytes means a re-delivery to look at, not to drop
    (dedupe spec §5.2; ``CpyDplctInd`` is a hint).
    """
    return notification_key(document.message_id, notification)


def notification_key(message_id: str, notification: Notification) -> str:
    """:func:`message_key` from the message id (when the document is read as a stream)."""
    return _join(
        "camt054", message_id, notification.id, normalise_account(notification.account.value)
    )


def payment_key(
    *,
    account: str,
    entry_ref: str | None,
    transaction_ref: str | None,
    position: int | None,
    amount_ore: int,
    booking_date: dt.date,
) -> str:
    """The payment key of dedupe spec §5.3 as a string.

    (our account, ``Ntry/AcctSvcrRef``, ``TxDtls/Refs/AcctSvcrRef`` or the 1-based
    position of the ``TxDtls`` in its entry, signed amount, booking date). ``position``
    is None for an entry without ``TxDtls``. Only for a payment with *neither* bank
    reference does :func:`extract_payments` use the fallback fingerprint instead.

    >>> import datetime as dt
    >>> payment_key(account="15031234562", entry_ref="ARK-1", transaction_ref=None,
    ...             position=2, amount_ore=125000, booking_date=dt.date(2024, 1, 15))
    'camt054|15031234562|ARK-1|#2|125000|2024-01-15'
    """
    if transaction_ref is not None:
        transaction = transaction_ref
    elif position is not None:
        transaction = f"#{position}"
    else:  # the entry itself is the payment
        transaction = ""
    return _join(
        "camt054",
        normalise_account(account),
        entry_ref or "",
        transaction,
        amount_ore,
        booking_date.isoformat(),
    )


def fingerprint(account: str, booking_date: dt.date, amount_ore: int, text: str, payer: str) -> str:
    """Fallback key (dedupe spec §5.3) when the bank gives no reference at all.

    (account, booking date, amount, KID or blank-normalised text, payer account); the
    caller appends the occurrence number within the file.
    """
    return _join(
        FINGERPRINT,
        normalise_account(account),
        booking_date.isoformat(),
        amount_ore,
        " ".join(text.split()),
        normalise_account(payer),
    )
