"""What a Nets transmission holds, from one pass over its bytes before it is read in
full: the start record of every assignment, OCR Giro (service code ``09``) and
AvtaleGiro (``21``: claims ``00``, cancellations ``36``, a mandate list ``24``), with
the assignment account and line of each OCR one (``shared/specs/nets-ocr-giro-and-
avtalegiro.md`` §2.3, §3).

The import needs all of it before it books anything: the accounts are checked against
the company's, an AvtaleGiro claims file is refused and a mandate list applied. One
regular expression finds every start record at once (a plain ``bytes.find`` per kind
scanned the file once per kind, each slowed by the ``NY`` that starts every record).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reskontro.domain.bank_account import AccountSeen
from reskontro.formats.nets.fields import RECORD_LENGTH
from reskontro.formats.nets.records import UTF8_BOM

__all__ = ["AVTALEGIRO", "OCR_GIRO", "AssignmentStart", "Outline", "outline"]

#: Service codes (positions 3-4 of every record).
OCR_GIRO = "09"
AVTALEGIRO = "21"
#: An assignment start record: ``NY``, service code, assignment type, record type 20.
_START = re.compile(rb"NY(09|21)(\d\d)20")


@dataclass(frozen=True, slots=True)
class AssignmentStart:
    """An assignment's start record: its service, its type and its line (1-based)."""

    service: str
    #: Positions 5-6: ``00`` for OCR Giro and AvtaleGiro claims, ``24`` a mandate
    #: list, ``36`` cancellations.
    kind: str
    line: int
    #: OCR Giro: the assignment account (positions 25-35).
    account: str | None = None


@dataclass(frozen=True, slots=True)
class Outline:
    assignments: tuple[AssignmentStart, ...]

    @property
    def accounts(self) -> tuple[AccountSeen, ...]:
        """The account and line of every OCR assignment, in file order."""
        return tuple(
            AccountSeen(a.account, a.line) for a in self.assignments if a.account is not None
        )

    def has(self, service: str, *kinds: str) -> bool:
        """Whether an assignment of ``service`` (of one of ``kinds``, if given) is there."""
        return any(a.service == service and (not kinds or a.kind in kinds)
                   for a in self.assignments)  # fmt: skip


def outline(data: bytes) -> Outline:
    """The assignments of a Nets file, from their start records.

    Records are lines (LF or CRLF) or, without terminators, 80 bytes each; a UTF-8
    byte-order mark before the file is skipped. What does not look like a start record
    at the start of a record is left to the reader, which rejects a malformed file.

    >>> head = b"NY000010" + b"0" * 72 + b"\\r\\n"
    >>> start = b"NY090020" + b"001008566" + b"0000002" + b"99991042764"
    >>> found = outline(head + start.ljust(80, b"0") + b"\\r\\nNY212420" + b"0" * 72)
    >>> found.accounts
    (AccountSeen(account='99991042764', line=2, path=None),)
    >>> found.has(AVTALEGIRO, "24"), found.has(AVTALEGIRO, "00", "36")
    (True, False)
    """
    base = len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0
    lines = b"\n" in data[base : base + RECORD_LENGTH + 2]
    found: list[AssignmentStart] = []
    line, counted = 1, base  # the line at byte ``counted``, counted as the scan goes
    for match in _START.finditer(data, base):
        pos = match.start()
        if lines:
            if pos != base and data[pos - 1] != 0x0A:  # b"\n"
                continue
            line += data.count(b"\n", counted, pos)
            counted = pos
            at = line
        else:
            if (pos - base) % RECORD_LENGTH:
                continue
            at = (pos - base) // RECORD_LENGTH + 1
        service, kind = match[1].decode("ascii"), match[2].decode("ascii")
        account = None
        if service == OCR_GIRO:
            raw = data[pos + 24 : pos + 35]
            if len(raw) != 11:
                continue
            account = raw.decode("latin-1")
        found.append(AssignmentStart(service, kind, at, account))
    return Outline(tuple(found))
