"""The company's bank accounts and, per account, where its incoming payments come from.

A company may receive payments on more than one account. Each account says which
source of payment files the company chose for it (issue 11): Nets OCR Giro, camt.054
from the bank, or both. A payment file for an account the company does not have, or
in a format not chosen for that account, is rejected whole before anything is booked.
Accounts are kept as Norwegian BBANs (11 digits); a Norwegian IBAN is taken as its BBAN.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from reskontro.domain.payment import FileFormat


class AccountSource(enum.StrEnum):
    """Which payment files the company takes for an account."""

    #: Nets OCR Giro files only.
    OCR = "ocr"
    #: camt.054 notifications from the bank only.
    CAMT = "camt"
    #: Both (payments reported in both are booked once: see ``docs/payments.md``).
    BOTH = "both"

    def takes(self, kind: FileFormat) -> bool:
        """Whether a payment file of ``kind`` may book payments to this account."""
        if self is AccountSource.BOTH:
            return True
        return (kind == FileFormat.OCR) == (self is AccountSource.OCR)


class AccountCode(enum.StrEnum):
    """Why a file or an account was refused (rendered by each interface)."""

    #: A payment file names an account the company does not have.
    NOT_COMPANYS = "bank_account.not_companys"
    #: A payment file's format is not the source chosen for its account.
    SOURCE_NOT_CHOSEN = "bank_account.source_not_chosen"
    SOURCE_VALUES = "bank_account.source_values"
    INVALID = "bank_account.invalid"
    UNKNOWN = "bank_account.unknown"
    LAST_ONE = "bank_account.last_one"


_NORWEGIAN_IBAN = re.compile(r"NO\d{2}(\d{11})")


def account_key(account: str) -> str:
    """An account as compared: no blanks or dots, upper case, a Norwegian IBAN as its BBAN.

    >>> account_key("NO93 8601 1117 947"), account_key("1503.12.34562")
    ('86011117947', '15031234562')
    """
    compact = "".join(account.replace(".", " ").split()).upper()
    match = _NORWEGIAN_IBAN.fullmatch(compact)
    return match.group(1) if match else compact


@dataclass(frozen=True, slots=True)
class AccountSeen:
    """An account a payment file books to, and where the file names it."""

    #: As :func:`account_key` gives it.
    account: str
    #: 1-based line of the OCR assignment start record, or of camt's ``Ntfctn/Acct``.
    line: int | None = None
    #: XPath of camt's ``Ntfctn/Acct`` (None for OCR).
    path: str | None = None


__all__ = ["AccountCode", "AccountSeen", "AccountSource", "account_key"]
