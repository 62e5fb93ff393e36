"""Seller identifiers: organisation number, VAT display, Norwegian bank account.

Uses python-stdnum (``stdnum.no.orgnr``, ``stdnum.no.kontonr``) rather than our own
check digit code: it is the well-kept reference for these numbers.
"""

from __future__ import annotations

import enum

from stdnum import exceptions as stdnum_exceptions
from stdnum.no import kontonr, orgnr

from reskontro.errors import InvalidNumber
from reskontro.messages import Message


class NumberCode(enum.StrEnum):
    """What is wrong with a seller's number (texts: :mod:`reskontro.i18n.invoicing`)."""

    BAD_ORG_NUMBER = "company.bad_org_number"
    BAD_ACCOUNT = "company.bad_account"
    ACCOUNT_LENGTH = "company.account_length"


class NumberFault(enum.StrEnum):
    """Why a number is not valid (shown as ``{fault:@company.fault}``)."""

    LENGTH = "company.fault.length"
    CHECKSUM = "company.fault.checksum"
    FORMAT = "company.fault.format"


def _fault(exc: stdnum_exceptions.ValidationError) -> str:
    if isinstance(exc, stdnum_exceptions.InvalidLength):
        return "length"
    if isinstance(exc, stdnum_exceptions.InvalidChecksum):
        return "checksum"
    return "format"


def validate_org_number(number: str) -> str:
    """Return the 9-digit organisation number, or raise :class:`InvalidNumber`.

    >>> validate_org_number("123 456 785")
    '123456785'
    """
    try:
        return str(orgnr.validate(number))
    except stdnum_exceptions.ValidationError as exc:
        raise InvalidNumber(
            Message.of(NumberCode.BAD_ORG_NUMBER, number=number, fault=_fault(exc))
        ) from None


def validate_account(number: str) -> str:
    """Return the 11-digit Norwegian bank account number, or raise :class:`InvalidNumber`.

    >>> validate_account("1234.56.78903")
    '12345678903'
    """
    try:
        value = str(kontonr.validate(number))
    except stdnum_exceptions.ValidationError as exc:
        raise InvalidNumber(
            Message.of(NumberCode.BAD_ACCOUNT, number=number, fault=_fault(exc))
        ) from None
    if len(value) != 11:
        raise InvalidNumber(Message.of(NumberCode.ACCOUNT_LENGTH, number=number))
    return value


def format_org_number(number: str, *, vat_registered: bool) -> str:
    """``123 456 785`` or, for a VAT-registered seller, ``NO 123 456 785 MVA``.

    >>> format_org_number("123456785", vat_registered=True)
    'NO 123 456 785 MVA'
    """
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    return f"NO {spaced} MVA" if vat_registered else spaced


def format_account(number: str) -> str:
    """``1234.56.78903`` as Norwegian accounts are printed.

    >>> format_account("12345678903")
    '1234.56.78903'
    """
    return str(kontonr.format(number))
