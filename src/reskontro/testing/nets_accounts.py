"""The accounts an OCR Giro file pays into, found by a scan of its own: the oracle the
tests hold :func:`reskontro.formats.nets.outline.outline` to (the import uses that).

Each OCR assignment starts with record ``NY090020``, whose positions 25-35 hold the
assignment account (``shared/specs/nets-ocr-giro-and-avtalegiro.md`` §2.3). The import
checks these against the company's accounts before it books anything, so a file for
another account is rejected with the line of the start record at fault.
"""

from __future__ import annotations

from reskontro.domain.bank_account import AccountSeen
from reskontro.formats.nets.fields import RECORD_LENGTH
from reskontro.formats.nets.records import UTF8_BOM

__all__ = ["assignment_accounts"]

_START = b"NY090020"


def assignment_accounts(data: bytes) -> tuple[AccountSeen, ...]:
    """The account and line of every OCR assignment start record, in file order.

    Records are lines (LF or CRLF) or, without terminators, 80 bytes each. Anything
    that does not look like a start record at the start of a record is left to the
    reader, which rejects a malformed file on its own.

    >>> head = b"NY000010" + b"0" * 72 + b"\\r\\n"
    >>> start = b"NY090020" + b"001008566" + b"0000002" + b"99991042764"
    >>> assignment_accounts(head + start.ljust(80, b"0") + b"\\r\\n")
    (AccountSeen(account='99991042764', line=2, path=None),)
    """
    body = data.removeprefix(UTF8_BOM)  # as the reader does (records.decode)
    lines = b"\n" in body[: RECORD_LENGTH + 2]
    found: list[AccountSeen] = []
    pos = body.find(_START)
    while pos >= 0:
        if lines:
            at_start = pos == 0 or body[pos - 1 : pos] == b"\n"
            line = body.count(b"\n", 0, pos) + 1 if at_start else 0
        else:
            at_start = pos % RECORD_LENGTH == 0
            line = pos // RECORD_LENGTH + 1
        account = body[pos + 24 : pos + 35]
        if at_start and len(account) == 11:
            found.append(AccountSeen(account.decode("latin-1"), line))
        pos = body.find(_START, pos + len(_START))
    return tuple(found)
