"""A rejected bank file's problems as they are stored (``bank_file.problems``): each a
code with its parameters and its place, rendered by each reader in its language (the
file list and page in the web, ``payments files`` in the CLI, the API).

A problem raised without a code (a reader of ``formats/`` that still words its errors
in English) is kept as :attr:`FileProblemCode.AS_WRITTEN` with that text, as are the
English texts stored before the codes (migration ``0022_bank_file_problems``).

>>> import enum
>>> from reskontro.errors import FileFormatError
>>> stored = dumps(problems_of(FileFormatError("no start of transmission", line=1)))
>>> [(p.message.code, p.message["text"], p.line) for p in loads(stored)]
[('payment.file.as_written', 'no start of transmission', 1)]
>>> english(loads(stored))
'line 1: no start of transmission'
"""

from __future__ import annotations

import enum
import json
from typing import TYPE_CHECKING

from reskontro.i18n import render
from reskontro.messages import Message, Problem

if TYPE_CHECKING:
    from reskontro.errors import FileFormatError


class FileProblemCode(enum.StrEnum):
    #: A problem known only by its English text (``text``).
    AS_WRITTEN = "payment.file.as_written"


def problems_of(exc: FileFormatError) -> tuple[Problem, ...]:
    """Every problem of a rejection, each with its place."""
    return tuple(
        Problem(
            problem.msg or Message.of(FileProblemCode.AS_WRITTEN, text=problem.reason),
            field=problem.field,
            line=problem.line,
            path=problem.path,
        )
        for problem in exc.every
    )


def dumps(problems: tuple[Problem, ...]) -> str:
    """The JSON ``bank_file.problems`` holds: a list of code, params and place."""
    return json.dumps(
        [
            {**p.message.to_json(), "field": p.field, "line": p.line, "path": p.path}
            for p in problems
        ],
        ensure_ascii=False,
        sort_keys=True,
    )


def loads(text: str | None) -> tuple[Problem, ...]:
    """The problems :func:`dumps` stored (none for no text)."""
    if not text:
        return ()
    return tuple(
        Problem(
            Message.from_json(item),
            field=item.get("field"),
            line=item.get("line"),
            path=item.get("path"),
        )
        for item in json.loads(text)
    )


def english(problems: tuple[Problem, ...]) -> str | None:
    """The problems in English, one a line with its place (the CLI's text)."""
    if not problems:
        return None
    return "\n".join(
        f"{p.where}: {render(p.message, 'en')}" if p.where else render(p.message, "en")
        for p in problems
    )


__all__ = ["FileProblemCode", "dumps", "english", "loads", "problems_of"]
