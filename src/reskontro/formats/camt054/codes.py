"""Why a camt.054 file is refused, or an entry of it is no payment: codes with
parameters. The texts are in the catalogue, :mod:`reskontro.i18n.fileformats`; the
English text of each is the sentence these errors always had.

>>> problem(CamtProblem.NOT_A_DATE, raw="2026-13", path="BookgDt").message
"BookgDt: '2026-13' is not a date (YYYY-MM-DD)"
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from reskontro.errors import FileFormatError, ValidationError
from reskontro.messages import Message

if TYPE_CHECKING:
    from reskontro.messages import Param


class CamtProblem(enum.StrEnum):
    # Values (values.py).
    NOT_DECIMAL = "camt.not_decimal"
    TOO_MANY_DIGITS = "camt.too_many_digits"
    NOT_WHOLE_ORE = "camt.not_whole_ore"
    NOT_A_DATE = "camt.not_a_date"
    BAD_DATE = "camt.bad_date"
    NOT_A_DATETIME = "camt.not_a_datetime"
    BAD_DATETIME = "camt.bad_datetime"
    NOT_A_COUNT = "camt.not_a_count"
    # Control totals (checks.py).
    BATCH_COUNT = "camt.batch_count"
    TRANSACTION_CURRENCY = "camt.transaction_currency"
    BATCH_CURRENCY = "camt.batch_currency"
    BATCH_TOTAL = "camt.batch_total"
    ENTRY_DETAILS_TOTAL = "camt.entry_details_total"
    SUMMARY_TOTAL = "camt.summary_total"
    NET_DIRECTION = "camt.net_direction"
    # Entries that are no payment (payments.py).
    REPEATED_KEY = "camt.repeated_key"
    NOT_BOOKED = "camt.not_booked"
    NO_BOOKING_DATE = "camt.no_booking_date"
    CANNOT_SPLIT = "camt.cannot_split"
    ENTRY_PAYMENTS_TOTAL = "camt.entry_payments_total"
    OTHER_CURRENCY = "camt.other_currency"
    AND_ONE_MORE = "camt.and_one_more"
    AND_MORE = "camt.and_more"
    # Elements and the message (elements.py, reader.py, stream.py, versions.py).
    MISSING_ELEMENT = "camt.missing_element"
    EMPTY_ELEMENT = "camt.empty_element"
    EMPTY_STATUS = "camt.empty_status"
    BAD_REVERSAL = "camt.bad_reversal"
    BAD_DIRECTION = "camt.bad_direction"
    BAD_CURRENCY = "camt.bad_currency"
    NO_ELEMENT = "camt.no_element"
    NO_NOTIFICATION_MESSAGE = "camt.no_notification_message"
    NO_NOTIFICATION = "camt.no_notification"
    NO_GROUP_HEADER = "camt.no_group_header"
    BAD_ROOT = "camt.bad_root"
    VERSION_NOT_SUPPORTED = "camt.version_not_supported"
    NAMESPACE_NOT_SUPPORTED = "camt.namespace_not_supported"
    NO_NAMESPACE = "camt.no_namespace"
    # Untrusted XML (safexml.py).
    TOO_LARGE = "camt.too_large"
    DECLARATION = "camt.declaration"
    DECLARATION_ASKED = "camt.declaration_asked"
    NOT_WELL_FORMED = "camt.not_well_formed"
    # Building the objects (objects.py, values.py).
    AMOUNT_CONTRADICTS = "camt.amount_contradicts"
    CODE_AND_PROPRIETARY = "camt.code_and_proprietary"
    NEGATIVE_AMOUNT = "camt.negative_amount"
    IBAN_WITH_SCHEME = "camt.iban_with_scheme"
    PARTIAL_DOMAIN = "camt.partial_domain"
    TRANSACTION_AMOUNT_CURRENCY = "camt.transaction_amount_currency"
    BATCH_TOTAL_CURRENCY = "camt.batch_total_currency"
    NEGATIVE_COUNT = "camt.negative_count"
    DATE_NOT_OF_TIME = "camt.date_not_of_time"
    # Writing a version (writer.py).
    CANNOT_WRITE = "camt.cannot_write"
    NEEDS_CREATED = "camt.needs_created"
    NET_AND_DIRECTION = "camt.net_and_direction"
    STATUS_NOT_IN_VERSION = "camt.status_not_in_version"
    V2_DIRECTION = "camt.v2_direction"
    V2_CURRENCY = "camt.v2_currency"
    NEEDS_AMOUNT = "camt.needs_amount"


def problem(
    code: CamtProblem, *, line: int | None = None, path: str | None = None, **params: Param
) -> FileFormatError:
    """A :class:`FileFormatError` with this code, its parameters and its place."""
    return FileFormatError(Message.of(code, **params), line=line, path=path)


def invalid(code: CamtProblem, **params: Param) -> ValidationError:
    """A :class:`ValidationError` with this code: an object or a document that cannot be
    built or written (not a file's problem, so without a place)."""
    return ValidationError(Message.of(code, **params))


def reason_of(error: FileFormatError) -> Message:
    """What ``error`` says, as its code (to raise it again elsewhere)."""
    if error.msg is None:  # pragma: no cover - an invariant: every camt.054 error has a code
        raise TypeError(f"a camt.054 error without a code: {error.reason}")
    return error.msg


__all__ = ["CamtProblem", "invalid", "problem", "reason_of"]
