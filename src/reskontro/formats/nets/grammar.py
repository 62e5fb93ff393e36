"""The record grammar as regular expressions, generated from the field tables.

The fast OCR reader (:mod:`~reskontro.formats.nets.ocr_stream`) matches a whole
transaction with one compiled regular expression. That expression is not written by
hand: :func:`record_pattern` builds it from the same
:class:`~reskontro.formats.nets.fields.Layout` that :meth:`Record.parse
<reskontro.formats.nets.records.Record.parse>` reads, and :func:`field_pattern` gives
each kind of field a pattern that accepts exactly the texts its codec's ``decode``
accepts. A field changed in :mod:`~reskontro.formats.nets.records` (position, width,
fixed value, digits only, range) therefore changes both readers.

Rules between fields (``Record._check``) are not part of a record pattern; the one
the OCR reader needs (amount item 3 only for types 20 and 21) it states with a mark
on the transaction type (:func:`field_pattern`). A record pattern has no anchors.
Every field is fixed-width except the KID ("blanks, then the KID"), which a
look-ahead holds to its width: the rest of the record and then ``end`` (what must
follow the record, e.g. its line terminator) must match right after its width.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

from reskontro.formats.nets.fields import (
    FIRST_YEAR,
    KID_VALUE,
    LAST_YEAR,
    TEXT_CHARACTERS,
    Date,
    Digits,
    IntCode,
    Kid,
    Literal,
    Number,
    OptionalDate,
    StrCode,
    Text,
    YesNo,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Mapping
    from enum import IntEnum

    from reskontro.formats.nets.fields import Codec, Layout

__all__ = ["DDMMYY", "field_pattern", "record_pattern"]

# Leap years in the window are exactly the years divisible by 4 (1900 and 2100 are
# outside it), so "YY divisible by 4" decides 29 February.
# An invariant of the code (checked at import), so no code and no user's text.
if FIRST_YEAR <= 1900 or LAST_YEAR >= 2100:  # pragma: no cover
    raise ImportError("DDMMYY below assumes no century year but 2000 in the window")

#: A valid ``DDMMYY`` date in the century window (spec §1): days per month, and 29
#: February only in leap years; :func:`~reskontro.formats.nets.fields.date_from_ddmmyy`
#: accepts exactly these.
DDMMYY = (
    "(?:(?:0[1-9]|1[0-9]|2[0-8])(?:0[1-9]|1[0-2])[0-9]{2}"
    "|(?:29|30)(?:0[13-9]|1[0-2])[0-9]{2}"
    "|31(?:0[13578]|1[02])[0-9]{2}"
    "|2902(?:[02468][048]|[13579][26]))"
)


def _digit_class(digits: Iterable[int]) -> str:
    """``[0-9]``-style class of the digits (a lone digit as itself).

    >>> _digit_class([1, 2]), _digit_class(range(10)), _digit_class([3])
    ('[12]', '[0-9]', '3')
    """
    values = sorted(set(digits))
    if len(values) == 1:
        return str(values[0])
    runs: list[list[int]] = []
    for value in values:
        if runs and runs[-1][-1] == value - 1:
            runs[-1].append(value)
        else:
            runs.append([value])
    parts = (f"{r[0]}-{r[-1]}" if len(r) > 2 else "".join(map(str, r)) for r in runs)
    return f"[{''.join(parts)}]"


def _any_digits(width: int) -> str:
    return "[0-9]" if width == 1 else f"[0-9]{{{width}}}"


def _between(low: str, high: str) -> str:
    """Pattern of the digit strings from ``low`` to ``high`` (same width).

    >>> _between("01", "31")
    '(?:0[1-9]|[12][0-9]|3[01])'
    """
    if low == high:
        return low
    if len(low) == 1:
        return _digit_class(range(int(low), int(high) + 1))
    if low[0] == high[0]:
        return low[0] + _between(low[1:], high[1:])
    rest = len(low) - 1
    first, last = int(low[0]), int(high[0])
    head = tail = ""
    if low[1:] != "0" * rest:
        head = low[0] + _between(low[1:], "9" * rest)
        first += 1
    if high[1:] != "9" * rest:
        tail = high[0] + _between("0" * rest, high[1:])
        last -= 1
    middle = _digit_class(range(first, last + 1)) + _any_digits(rest) if first <= last else ""
    parts = [p for p in (head, middle, tail) if p]
    return parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})"


def _number(codec: Number) -> str:
    width = codec.width
    if codec.maximum == 10**width - 1:
        if codec.minimum == 0:
            return _any_digits(width)
        # Everything but a few small values: cheaper as a look-ahead than as branches.
        below = _between("0" * width, f"{codec.minimum - 1:0{width}d}")
        return f"(?!{below}){_any_digits(width)}"
    return _between(f"{codec.minimum:0{width}d}", f"{codec.maximum:0{width}d}")


def _codes(codes: Iterable[str]) -> str:
    """Alternatives for fixed-width digit codes, grouped on all but the last digit.

    >>> _codes(f"{n:02d}" for n in range(10, 22))
    '1[0-9]|2[01]'
    """
    by_prefix: dict[str, list[int]] = {}
    for code in sorted(codes):
        by_prefix.setdefault(code[:-1], []).append(int(code[-1]))
    return "|".join(prefix + _digit_class(last) for prefix, last in by_prefix.items())


def _kid(width: int, name: str | None = None, rest: str = "") -> str:
    """The KID field: all blanks, or blanks then the KID (in group ``name``).

    "Blanks, then digits" has no width of its own: the look-ahead holds it to
    ``width`` characters by matching ``rest`` (the rest of the record and what must
    follow it) right after them.
    """
    value = KID_VALUE if name is None else f"(?P<{name}>{KID_VALUE})"
    return f"(?=[ 0-9-]{{{width}}}{rest})(?: {{{width}}}| *{value})"


def field_pattern(
    codec: Codec[Any], *, mark: tuple[str, Callable[[Any], bool]] | None = None
) -> str:
    """A pattern that matches exactly the texts ``codec.decode`` accepts.

    ``mark=(name, test)`` (codes only) puts an empty group ``name`` after the codes
    whose enum member passes ``test``, so the pattern can branch on it later.

    >>> field_pattern(Number(2, minimum=1, maximum=31))
    '(?:0[1-9]|[12][0-9]|3[01])'
    >>> field_pattern(Number(7, minimum=1))
    '(?!0000000)[0-9]{7}'
    """
    # The patterns are made from this package's field tables at import: a wrong call
    # is a programmer's error (TypeError), never a user's.
    if mark is not None and not isinstance(codec, IntCode):
        raise TypeError(f"only a code field can be marked, not {type(codec).__name__}")
    match codec:
        case Literal():
            return re.escape(codec.text)
        case Digits():
            return _any_digits(codec.width)
        case Number():
            return _number(codec)
        case IntCode():
            members: list[IntEnum] = list(cast("type[IntEnum]", codec.enum))
            marked = [] if mark is None else [m for m in members if mark[1](m)]
            plain = _codes(f"{int(m):0{codec.width}d}" for m in members if m not in marked)
            if not marked:
                return f"(?:{plain})"
            name = mark[0]  # type: ignore[index]
            flagged = _codes(f"{int(m):0{codec.width}d}" for m in marked)
            return f"(?:{plain + '|' if plain else ''}(?:{flagged})(?P<{name}>))"
        case StrCode():
            values = [member.value for member in codec.enum]
            if all(len(value) == 1 for value in values):
                return f"[{''.join(re.escape(value) for value in values)}]"
            return f"(?:{'|'.join(map(re.escape, values))})"  # pragma: no cover - none yet
        case Date():
            return DDMMYY
        case OptionalDate():
            return f"(?:000000|{DDMMYY})"
        case Kid():
            return _kid(codec.width)
        case Text():
            return f"[{TEXT_CHARACTERS}]{{{codec.width}}}"
        case YesNo():
            return "[JN]"
    raise TypeError(f"no pattern for {type(codec).__name__} fields")  # pragma: no cover


def record_pattern(
    layout: Layout,
    *,
    groups: Mapping[str, str] | None = None,
    same: Mapping[str, str] | None = None,
    deferred: Collection[str] = (),
    marks: Mapping[str, tuple[str, Callable[[Any], bool]]] | None = None,
    end: str = r"\Z",
) -> str:
    """The pattern of one record, field by field from its table.

    ``end`` is the pattern of what must follow the record (its line terminator); the
    pattern does not match it, but a KID field uses it to keep to its width.

    * ``groups``: attribute -> group name; the group holds the field as written,
      except a KID, whose group holds the KID without padding (None when blank).
    * ``same``: attribute -> name of an earlier group the field must equal.
    * ``deferred``: attributes matched only as digits of their width; the caller
      checks them with the field's codec (e.g. a date read once per distinct value).
    * ``marks``: attribute -> ``(group, test)`` as in :func:`field_pattern`.
    """
    groups = groups or {}
    same = same or {}
    marks = marks or {}
    parts = []
    for index, field in enumerate(layout.fields):
        attr = field.attr
        if attr is not None and attr in same:
            parts.append(f"(?P={same[attr]})")
            continue
        if attr is not None and attr in deferred:
            pattern = _any_digits(field.codec.width)
        else:
            pattern = field_pattern(field.codec, mark=marks.get(attr) if attr else None)
        if attr is not None and attr in groups:
            name = groups[attr]
            pattern = f"(?P<{name}>{pattern})"
        if isinstance(field.codec, Kid) and attr not in deferred:
            rest = "".join(field_pattern(after.codec) for after in layout.fields[index + 1 :])
            pattern = _kid(field.codec.width, groups.get(attr or ""), f"{rest}(?:{end})")
        parts.append(pattern)
    return "".join(parts)
