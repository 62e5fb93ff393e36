"""Deduplication keys for Nets OCR Giro files and payments.

Spec: ``shared/specs/bank-file-delivery-and-dedupe.md`` §4-§5 and
``shared/specs/nets-ocr-giro-and-avtalegiro.md`` §2.1-2.4.

* Message key: (data transmitter, data recipient, transmission number). The
  transmission number is only unique per transmitter and recipient, so never key on it
  alone.
* Payment key: (assignment account, Nets date, archive reference, transaction number,
  signed amount). The transaction number tells apart two payments of the same amount
  on the same day with the same archive reference (e.g. a zero reference).

Both keys are strings starting with ``ocr:`` so that they cannot collide with keys of
other formats in the same column.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

__all__ = ["message_key", "payment_key", "payment_key_from", "payment_key_prefix"]


def message_key(data_transmitter: str, data_recipient: str, transmission_number: str) -> str:
    """Key of one transmission.

    >>> message_key("00008080", "00010200", "0170031")
    'ocr:00008080:00010200:0170031'
    """
    return f"ocr:{data_transmitter}:{data_recipient}:{transmission_number}"


def payment_key(
    account: str,
    nets_date: dt.date,
    archive_reference: str,
    transaction_number: int,
    amount_ore: int,
) -> str:
    """Key of one OCR payment, used as :attr:`IncomingPayment.key`.

    >>> import datetime as dt
    >>> payment_key("99991042764", dt.date(1992, 1, 20), "099038562", 1, -102000)
    'ocr:99991042764:1992-01-20:099038562:0000001:-102000'
    """
    prefix = payment_key_prefix(account, nets_date)
    return payment_key_from(prefix, archive_reference, f"{transaction_number:07d}", amount_ore)


def payment_key_prefix(account: str, nets_date: dt.date) -> str:
    """The start of :func:`payment_key` fixed by the account and the Nets date.

    The fast reader makes it once per distinct date and finishes each key with
    :func:`payment_key_from`.
    """
    return f"ocr:{account}:{nets_date.isoformat()}:"


def payment_key_from(
    prefix: str, archive_reference: str, transaction_number: str, amount_ore: int
) -> str:
    """:func:`payment_key` from its prefix and the transaction number as written.

    >>> payment_key_from("ocr:99991042764:1992-01-20:", "099038562", "0000001", -102000)
    'ocr:99991042764:1992-01-20:099038562:0000001:-102000'
    """
    return f"{prefix}{archive_reference}:{transaction_number}:{amount_ore}"
