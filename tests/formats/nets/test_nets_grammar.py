"""The generated record patterns accept exactly the lines whose every field decodes.

(Rules between fields, ``Record._check``, are not part of a record pattern.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reskontro.errors import FileFormatError
from reskontro.formats.nets import records
from reskontro.formats.nets.fields import RECORD_LENGTH, Number
from reskontro.formats.nets.grammar import field_pattern, record_pattern

REPO = Path(__file__).resolve().parents[3]
SAMPLES = REPO / ".." / "shared" / "samples" / "nets"
RECORD_CLASSES = [
    cls
    for name in records.__all__
    if isinstance(cls := getattr(records, name), type)
    and issubclass(cls, records.Record)
    and cls is not records.Record
]
#: Characters put at every position of every sample line.
PROBES = "0 9-NAJ\x00é"


def _lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(SAMPLES.glob("*.txt")):
        lines.extend(path.read_bytes().decode("latin-1").splitlines())
    return [line for line in lines if len(line) == RECORD_LENGTH]


def _accepted(cls: type[records.Record], line: str) -> bool:
    """Whether every field of ``line`` decodes as ``cls.parse`` decodes it."""
    if len(line) != RECORD_LENGTH:
        return False
    try:
        for field in cls.LAYOUT.fields:
            field.codec.decode(line[field.start - 1 : field.end])
    except FileFormatError:
        return False
    return True


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda cls: cls.__name__)
def test_pattern_agrees_with_parse_on_every_sample_line_and_its_mutations(
    cls: type[records.Record],
) -> None:
    pattern = re.compile(record_pattern(cls.LAYOUT))
    checked = 0
    for line in _lines():
        candidates = [line]
        if _accepted(cls, line):
            candidates += [line[:i] + c + line[i + 1 :] for i in range(len(line)) for c in PROBES]
            candidates += [line[:i] + line[i + 1 :] + "0" for i in range(len(line))]
        for candidate in candidates:
            expected = _accepted(cls, candidate)
            assert (pattern.match(candidate) is not None) == expected, (cls, candidate)
            checked += expected
    assert checked > 0, f"no sample line of {cls.__name__}"


def test_number_ranges() -> None:
    for width, low, high in [(2, 1, 31), (3, 1, 42), (1, 1, 2), (3, 7, 930), (7, 1, 9_999_999)]:
        pattern = re.compile(field_pattern(Number(width, minimum=low, maximum=high)))
        for value in range(10**width if width < 4 else 2000):
            text = f"{value:0{width}d}"
            assert (pattern.fullmatch(text) is not None) == (low <= value <= high), text
