"""Fixed-width fields of Nets records: how each kind is read, checked and written.

Spec: ``shared/specs/nets-ocr-giro-and-avtalegiro.md`` §1 "General rules":

* records are exactly 80 characters; positions are 1-based and inclusive;
* numeric fields are right-aligned and zero-padded, digits only;
* alphanumeric fields are left-aligned and blank-padded;
* the KID is right-aligned and blank-padded; a MOD11 KID may end in ``-`` (§5);
* fillers are zeros unless the spec says blanks;
* dates are ``DDMMYY``; ``000000`` means "no date" where the spec allows it. The century
  window is the one netsgiro uses (``strptime('%d%m%y')``): ``69``-``99`` is 19xx and
  ``00``-``68`` is 20xx.

Each codec reads a field's text (``decode``) and writes a value (``encode``). Both
check everything they can and raise :class:`~reskontro.errors.FileFormatError`
without a location; the record layer adds the line number and the field name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Any, Generic, TypeVar

from reskontro.formats.nets.codes import NetsProblem as P
from reskontro.formats.nets.codes import problem

__all__ = [
    "KID_VALUE",
    "RECORD_LENGTH",
    "TEXT_CHARACTERS",
    "Codec",
    "Date",
    "Digits",
    "Field",
    "Filler",
    "IntCode",
    "Kid",
    "Layout",
    "Literal",
    "Number",
    "OptionalDate",
    "StrCode",
    "Text",
    "YesNo",
    "date_from_ddmmyy",
    "ddmmyy",
]

#: Every record is exactly this long (spec §1).
RECORD_LENGTH = 80

#: First and last year the two-digit year can stand for (spec §1, century window).
FIRST_YEAR = 1969
LAST_YEAR = 2068

T = TypeVar("T")
E = TypeVar("E", bound=IntEnum)
S = TypeVar("S", bound=StrEnum)

#: A KID without its padding: digits, a MOD11 KID may end in ``-`` (spec §5).
KID_VALUE = r"[0-9]+-?"
#: Characters a free-text field may hold: printable ISO-8859-1 (no C0/C1 controls).
TEXT_CHARACTERS = r"\x20-\x7e\xa0-\xff"

_DIGITS = re.compile(r"[0-9]*")
_KID_FIELD = re.compile(rf" *({KID_VALUE})?")  # blanks, then the KID (spec §5)
_KID_VALUE = re.compile(KID_VALUE)
_TEXT_BAD = re.compile(rf"[^{TEXT_CHARACTERS}]")


def _is_digits(text: str) -> bool:
    return _DIGITS.fullmatch(text) is not None


def date_from_ddmmyy(text: str) -> dt.date:
    """Read a ``DDMMYY`` date with the spec's century window.

    >>> date_from_ddmmyy("200192")
    datetime.date(1992, 1, 20)
    >>> date_from_ddmmyy("170604")
    datetime.date(2004, 6, 17)
    """
    if len(text) != 6 or not _is_digits(text):
        raise problem(P.NOT_DATE, text=text)
    yy = int(text[4:])
    year = 1900 + yy if yy >= FIRST_YEAR % 100 else 2000 + yy
    try:
        return dt.date(year, int(text[2:4]), int(text[:2]))
    except ValueError:
        raise problem(P.BAD_DATE, text=text) from None


def ddmmyy(value: dt.date) -> str:
    """Write a date as ``DDMMYY``; the year must be inside the century window.

    >>> ddmmyy(dt.date(2004, 6, 17))
    '170604'
    """
    if type(value) is not dt.date:
        raise problem(P.EXPECTED_DATE, got=type(value).__name__)
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise problem(P.YEAR_OUTSIDE_WINDOW, year=value.year, first=FIRST_YEAR, last=LAST_YEAR)
    return value.strftime("%d%m%y")


class Codec(Generic[T]):
    """How one kind of field is read and written."""

    __slots__ = ("width",)

    def __init__(self, width: int) -> None:
        #: Number of characters in the record.
        self.width = width

    def decode(self, text: str) -> T:  # pragma: no cover - every codec overrides it
        raise NotImplementedError

    def encode(self, value: Any) -> str:  # pragma: no cover - every codec overrides it
        raise NotImplementedError

    def check(self, value: Any) -> None:
        """Raise :class:`FileFormatError` if ``value`` cannot be written."""
        self.encode(value)


class Literal(Codec[None]):
    """A fixed text: a record identifier part or a filler. No attribute."""

    __slots__ = ("code", "text")

    def __init__(self, text: str, code: P = P.EXPECTED_TEXT_LITERAL) -> None:
        super().__init__(len(text))
        self.text = text
        #: What the error says when the text differs (``{text}`` found, ``{expected}``).
        self.code = code

    def decode(self, text: str) -> None:
        if text != self.text:
            raise problem(self.code, text=text, expected=self.text)

    def encode(self, value: Any) -> str:  # noqa: ARG002 - a literal has no value
        return self.text


class Filler(Literal):
    """A filler: zeros unless the spec says blanks."""

    __slots__ = ()

    def __init__(self, width: int, char: str = "0") -> None:
        super().__init__(char * width, P.EXPECTED_ZEROS if char == "0" else P.EXPECTED_BLANKS)


class Digits(Codec[str]):
    """A numeric identifier kept as text (account, agreement ID, numbers): digits only."""

    __slots__ = ()

    def decode(self, text: str) -> str:
        if not _is_digits(text):
            raise problem(P.NOT_DIGITS, text=text, width=self.width)
        return text

    def encode(self, value: Any) -> str:
        if not isinstance(value, str) or len(value) != self.width or not _is_digits(value):
            raise problem(P.NOT_DIGIT_STRING, value=repr(value), width=self.width)
        return value


class Number(Codec[int]):
    """A count, amount or serial: zero-padded digits, read as ``int``."""

    __slots__ = ("maximum", "minimum")

    def __init__(self, width: int, minimum: int = 0, maximum: int | None = None) -> None:
        super().__init__(width)
        self.minimum = minimum
        self.maximum = 10**width - 1 if maximum is None else maximum

    def decode(self, text: str) -> int:
        if not _is_digits(text):
            raise problem(P.NOT_NUMBER, text=text, width=self.width)
        value = int(text)
        self._check_range(value)
        return value

    def _check_range(self, value: int) -> None:
        if not self.minimum <= value <= self.maximum:
            raise problem(P.OUT_OF_RANGE, value=value, minimum=self.minimum, maximum=self.maximum)

    def encode(self, value: Any) -> str:
        if type(value) is not int:
            raise problem(P.EXPECTED_INT, got=type(value).__name__)
        self._check_range(value)
        return f"{value:0{self.width}d}"


class IntCode(Codec[E]):
    """A numeric code read into an :class:`~enum.IntEnum`."""

    __slots__ = ("enum",)

    def __init__(self, enum: type[E], width: int = 2) -> None:
        super().__init__(width)
        self.enum = enum

    def decode(self, text: str) -> E:
        if _is_digits(text):
            try:
                return self.enum(int(text))
            except ValueError:
                pass
        raise problem(P.UNKNOWN_CODE, text=text, kind=self.enum.__name__)

    def encode(self, value: Any) -> str:
        if not isinstance(value, self.enum):
            raise problem(P.EXPECTED_MEMBER, kind=self.enum.__name__, value=repr(value))
        return f"{int(value):0{self.width}d}"


class StrCode(Codec[S]):
    """A one-character code read into a :class:`~enum.StrEnum` (the OCR sign)."""

    __slots__ = ("enum",)

    def __init__(self, enum: type[S], width: int = 1) -> None:
        super().__init__(width)
        self.enum = enum

    def decode(self, text: str) -> S:
        try:
            return self.enum(text)
        except ValueError:
            first, second = (m.value for m in self.enum)  # the OCR sign: two values
            raise problem(P.EXPECTED_EITHER, text=text, first=first, second=second) from None

    def encode(self, value: Any) -> str:
        if not isinstance(value, self.enum):
            raise problem(P.EXPECTED_MEMBER, kind=self.enum.__name__, value=repr(value))
        return value.value


class Date(Codec[dt.date]):
    """A required ``DDMMYY`` date."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__(6)

    def decode(self, text: str) -> dt.date:
        return date_from_ddmmyy(text)

    def encode(self, value: Any) -> str:
        return ddmmyy(value)


class OptionalDate(Codec[dt.date | None]):
    """A ``DDMMYY`` date where ``000000`` means "no date" (``None``)."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__(6)

    def decode(self, text: str) -> dt.date | None:
        return None if text == "000000" else date_from_ddmmyy(text)

    def encode(self, value: Any) -> str:
        return "000000" if value is None else ddmmyy(value)


class Kid(Codec[str | None]):
    """The KID: right-aligned, blank-padded; digits, a MOD11 KID may end in ``-``.

    A blank field reads as ``None``.
    """

    __slots__ = ()

    def __init__(self, width: int = 25) -> None:
        super().__init__(width)

    def decode(self, text: str) -> str | None:
        match = _KID_FIELD.fullmatch(text)
        if match is None:
            raise problem(P.NOT_KID, text=text)
        return match[1]

    def encode(self, value: Any) -> str:
        if value is None:
            return " " * self.width
        if (
            not isinstance(value, str)
            or len(value) > self.width
            or _KID_VALUE.fullmatch(value) is None
        ):
            raise problem(P.BAD_KID, value=repr(value), width=self.width)
        return value.rjust(self.width)


class Text(Codec[str]):
    """Alphanumeric free text: left-aligned, blank-padded, printable ISO-8859-1.

    Reading strips the padding on the right. A value to write must not end in a blank
    (it would not survive a round trip) and must fit the field.
    """

    __slots__ = ()

    def decode(self, text: str) -> str:
        bad = _TEXT_BAD.search(text)
        if bad is not None:
            raise problem(P.BAD_CHARACTER_AT, char=bad[0], position=bad.start() + 1)
        return text.rstrip(" ")

    def encode(self, value: Any) -> str:
        if not isinstance(value, str):
            raise problem(P.EXPECTED_STR, got=type(value).__name__)
        if len(value) > self.width:
            raise problem(P.TEXT_TOO_LONG, value=repr(value), width=self.width)
        if value.endswith(" "):
            raise problem(P.TEXT_ENDS_BLANK, value=repr(value))
        bad = _TEXT_BAD.search(value)
        if bad is not None:
            raise problem(P.BAD_CHARACTER, char=bad[0])
        return value.ljust(self.width)


class YesNo(Codec[bool]):
    """A ``J``/``N`` flag (FBO notify flag, spec §4.2)."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__(1)

    def decode(self, text: str) -> bool:
        if text == "J":
            return True
        if text == "N":
            return False
        raise problem(P.NOT_YES_NO, text=text)

    def encode(self, value: Any) -> str:
        if type(value) is not bool:
            raise problem(P.EXPECTED_BOOL, value=repr(value))
        return "J" if value else "N"


@dataclass(frozen=True, slots=True)
class Field:
    """One row of a record's field table."""

    #: First position, 1-based, as in the spec.
    start: int
    #: Last position, inclusive.
    end: int
    #: The field's name in the spec; used in error messages.
    name: str
    #: The record attribute that holds the value, or None for literals and fillers.
    attr: str | None
    #: How the field is read and written.
    codec: Codec[Any]


class Layout:
    """A record's field table: contiguous fields covering positions 1-80."""

    __slots__ = ("fields",)

    def __init__(self, *rows: tuple[int, int, str, str | None, Codec[Any]]) -> None:
        fields = tuple(Field(*row) for row in rows)
        # The field tables are this package's code: a wrong one is a programmer's
        # error, found at import (TypeError), never a user's.
        position = 1
        for field in fields:
            width = field.end - field.start + 1
            if field.start != position or width != field.codec.width:
                msg = f"layout error at {field.name!r} (pos {field.start}-{field.end})"
                raise TypeError(msg)
            position = field.end + 1
        if position != RECORD_LENGTH + 1:
            raise TypeError(f"layout covers {position - 1} positions, not {RECORD_LENGTH}")
        #: The fields in position order.
        self.fields = fields

    @property
    def attrs(self) -> tuple[str, ...]:
        """The attribute names, in position order."""
        return tuple(f.attr for f in self.fields if f.attr is not None)
