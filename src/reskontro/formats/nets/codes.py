"""Why a Nets file (OCR Giro, AvtaleGiro) cannot be read or written: codes with
parameters. The texts are in the catalogue, :mod:`reskontro.i18n.fileformats`; the
English text of each is the sentence these errors always had.

>>> problem(NetsProblem.NOT_NUMBER, text="12a", width=3).reason
"'12a' is not a number (3 digits)"
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from reskontro.errors import FileFormatError
from reskontro.messages import Message

if TYPE_CHECKING:
    from reskontro.messages import Param


class NetsProblem(enum.StrEnum):
    # Fields (fields.py): reading a field's text.
    NOT_DATE = "nets.not_date"
    BAD_DATE = "nets.bad_date"
    EXPECTED_TEXT_LITERAL = "nets.expected_literal"
    EXPECTED_FORMAT_CODE = "nets.expected_format_code"
    EXPECTED_ZEROS = "nets.expected_zeros"
    EXPECTED_BLANKS = "nets.expected_blanks"
    NOT_DIGITS = "nets.not_digits"
    NOT_NUMBER = "nets.not_number"
    OUT_OF_RANGE = "nets.out_of_range"
    UNKNOWN_CODE = "nets.unknown_code"
    EXPECTED_EITHER = "nets.expected_either"
    NOT_KID = "nets.not_kid"
    BAD_CHARACTER_AT = "nets.bad_character_at"
    NOT_YES_NO = "nets.not_yes_no"
    # Fields: writing a value.
    EXPECTED_DATE = "nets.expected_date"
    YEAR_OUTSIDE_WINDOW = "nets.year_outside_window"
    NOT_DIGIT_STRING = "nets.not_digit_string"
    EXPECTED_INT = "nets.expected_int"
    EXPECTED_MEMBER = "nets.expected_member"
    BAD_KID = "nets.bad_kid"
    EXPECTED_STR = "nets.expected_str"
    TEXT_TOO_LONG = "nets.text_too_long"
    TEXT_ENDS_BLANK = "nets.text_ends_blank"
    BAD_CHARACTER = "nets.bad_character"
    EXPECTED_BOOL = "nets.expected_bool"
    # Records.
    IN_FIELD = "nets.in_field"
    RECORD_LENGTH_OF = "nets.record_length_of"
    RECORD_LENGTH = "nets.record_length"
    RECORD_LENGTH_LINE_ENDINGS = "nets.record_length_line_endings"
    NOT_NY = "nets.not_ny"
    UNKNOWN_SERVICE = "nets.unknown_service"
    UNKNOWN_RECORD_TYPE = "nets.unknown_record_type"
    AMOUNT_ITEM_3_TYPE = "nets.amount_item_3_type"
    # The file: its order and control totals.
    NO_TRANSMISSION_START = "nets.no_transmission_start"
    NOT_ASCENDING = "nets.not_ascending"
    CONTROL_MISMATCH = "nets.control_mismatch"
    UNEXPECTED_RECORD = "nets.unexpected_record"
    AFTER_ASSIGNMENT_END = "nets.after_assignment_end"
    AFTER_TRANSMISSION_END = "nets.after_transmission_end"
    DOES_NOT_ASCEND = "nets.does_not_ascend"
    DIFFERS_FROM_ITEM_1 = "nets.differs_from_item_1"
    # Rules between records and of a whole transmission (objects).
    FREE_TEXT_TYPES = "nets.free_text_types"
    DIFFERS = "nets.differs"
    NEGATIVE_TOTAL = "nets.negative_total"
    TOO_MANY_LINES = "nets.too_many_lines"
    LINE_TOO_LONG = "nets.line_too_long"
    TOO_MANY_SPECIFICATIONS = "nets.too_many_specifications"
    SAME_PLACE = "nets.same_place"
    ITEM_2_ONLY_CANCELLATIONS = "nets.item_2_only_cancellations"
    NEEDS_ITEM_2 = "nets.needs_item_2"
    TYPE_NOT_IN_CLAIMS = "nets.type_not_in_claims"
    TYPE_NOT_IN_CANCELLATIONS = "nets.type_not_in_cancellations"
    USE_AGREEMENT_ASSIGNMENT = "nets.use_agreement_assignment"
    NO_ASSIGNMENT = "nets.no_assignment"
    CLAIMS_TO_NETS = "nets.claims_to_nets"
    CLAIMS_SENDER = "nets.claims_sender"
    NOT_EARLIEST_DUE = "nets.not_earliest_due"
    FBO_END_FILLER = "nets.fbo_end_filler"
    EMPTY_SPECIFICATION = "nets.empty_specification"
    # The fast claims file writer and its read-back (claims_file.py).
    BAD_SPECIFICATION_PLACE = "nets.bad_specification_place"
    CLAIMS_ONLY = "nets.claims_only"
    EXPECTED_RECORD = "nets.expected_record"
    NOT_PART_OF_CLAIM = "nets.not_part_of_claim"


class NetsRecord(enum.StrEnum):
    """A record kind, as messages name it (``{record:@nets.record}``)."""

    TRANSMISSION_START = "transmission_start"
    TRANSMISSION_END = "transmission_end"
    OCR_START = "ocr_start"
    OCR_END = "ocr_end"
    OCR_ITEM_1 = "ocr_item_1"
    OCR_ITEM_2 = "ocr_item_2"
    OCR_ITEM_3 = "ocr_item_3"
    AVTALEGIRO_START = "avtalegiro_start"
    AVTALEGIRO_END = "avtalegiro_end"
    AVTALEGIRO_ITEM_1 = "avtalegiro_item_1"
    AVTALEGIRO_ITEM_2 = "avtalegiro_item_2"
    SPECIFICATION = "specification"
    AGREEMENT = "agreement"
    END_OF_FILE = "end_of_file"


class NetsNumber(enum.StrEnum):
    """What must ascend within an assignment, as messages name it (``{what:@nets.number}``)."""

    TRANSACTION = "transaction_number"
    FBO_SERIAL = "fbo_serial_number"


class NetsExpected(enum.StrEnum):
    """What the reader expected where a record did not fit (``{expected:@nets.expected}``)."""

    TRANSMISSION_START = "transmission_start"
    ASSIGNMENT_START = "assignment_start"
    ASSIGNMENT_OR_END = "assignment_or_end"
    OCR_START = "ocr_start"
    ITEM_1 = "item_1"
    OCR_ITEM_2 = "ocr_item_2"
    OCR_ITEM_3 = "ocr_item_3"
    OCR_ITEM_1_OR_END = "ocr_item_1_or_end"
    AVTALEGIRO_START = "avtalegiro_start"
    AVTALEGIRO_ITEM_2 = "avtalegiro_item_2"
    AVTALEGIRO_ITEM_1_OR_END = "avtalegiro_item_1_or_end"
    AGREEMENT = "agreement"
    AGREEMENT_OR_END = "agreement_or_end"
    CLAIMS_ASSIGNMENT = "claims_assignment"
    AVTALEGIRO_END = "avtalegiro_end"
    TRANSMISSION_END = "transmission_end"


def problem(
    code: NetsProblem,
    *,
    line: int | None = None,
    field: str | None = None,
    **params: Param,
) -> FileFormatError:
    """A :class:`FileFormatError` with this code, its parameters and its place."""
    return FileFormatError(Message.of(code, **params), line=line, field=field)


def reason_of(error: FileFormatError) -> Message:
    """What ``error`` says, as its code (to raise it again elsewhere)."""
    if error.msg is None:  # pragma: no cover - an invariant: every Nets error has a code
        raise TypeError(f"a Nets error without a code: {error.reason}")
    return error.msg


def nested(error: FileFormatError) -> str:
    """``error``'s message as a parameter of another one (shown by ``{reason:msg}``)."""
    return reason_of(error).dumps()


__all__ = [
    "NetsExpected",
    "NetsNumber",
    "NetsProblem",
    "NetsRecord",
    "nested",
    "problem",
    "reason_of",
]
