"""Typed results as JSON: what the CLI's ``--json`` prints and what the API can send.

A use case returns frozen dataclasses; this turns one (or a list of them) into plain
JSON values without a per-type ``to_dict``: dataclass fields by name, enums by value,
dates as ISO text (moments ISO 8601 with their offset; a naive one, as SQLite returns
them, is UTC), tuples as lists, and a :class:`~reskontro.messages.Message` as its
text in the language asked for (English for the CLI). Amounts stay integer øre.

>>> import dataclasses, datetime as dt, enum
>>> class S(enum.StrEnum):
...     OPEN = "open"
>>> @dataclasses.dataclass(frozen=True)
... class R:
...     id: int
...     status: S
...     due: dt.date
...     tags: tuple[str, ...] = ()
>>> to_jsonable(R(1, S.OPEN, dt.date(2026, 12, 1), ("a",)))
{'id': 1, 'status': 'open', 'due': '2026-12-01', 'tags': ['a']}

A field whose metadata says ``coded`` shows its message (or each of its messages) as
code, parameters and text (:func:`coded`). A field's metadata can name its JSON key
(``key``: for keys that are no Python names, ``"from"`` or ``"0-30"``), leave it out
(``json``: ``False``) or leave it out when it is ``None`` (``omit_none``: a key present
only sometimes):

>>> @dataclasses.dataclass(frozen=True)
... class B:
...     from_: dt.date = dataclasses.field(metadata={"key": "from"})
...     note: str | None = dataclasses.field(default=None, metadata={"omit_none": True})
>>> to_jsonable(B(dt.date(2026, 1, 2)))
{'from': '2026-01-02'}
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any

from reskontro.messages import Message, Messages


def coded(message: Message, lang: str = "en") -> dict[str, object]:
    """A message with its code and parameters, and its text in ``lang`` (a field whose
    metadata says ``coded``: a reason a script may act on by its code).

    >>> coded(Message.of("test.amount", amount_ore=100))
    {'code': 'test.amount', 'params': {'amount_ore': 100}, 'text': 'Amount NOK 1.00'}
    """
    from reskontro.i18n import render

    return {**message.to_json(), "text": render(message, lang)}


def to_jsonable(value: Any, *, lang: str = "en") -> Any:
    """``value`` as JSON-ready data (see the module's description)."""
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime):
        # A moment always with its offset: the database's naive values are UTC.
        return (value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Message):
        from reskontro.i18n import render

        return render(value, lang)
    if isinstance(value, Messages):
        from reskontro.i18n import render

        return "; ".join(render(m, lang) for m in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if not f.metadata.get("json", True) or (item is None and f.metadata.get("omit_none")):
                continue
            if f.metadata.get("coded") and isinstance(item, Message):
                out[f.metadata.get("key", f.name)] = coded(item, lang)
                continue
            if f.metadata.get("coded") and isinstance(item, Messages):
                out[f.metadata.get("key", f.name)] = [coded(m, lang) for m in item]
                continue
            out[f.metadata.get("key", f.name)] = to_jsonable(item, lang=lang)
        return out
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v, lang=lang) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v, lang=lang) for v in value]
    raise TypeError(f"no JSON form for {type(value).__name__}")


__all__ = ["coded", "to_jsonable"]
