"""Reasons and errors as values: a code plus typed parameters, never a sentence.

A service says *why* (a payment went where it went, a send was refused, an input is
wrong) with a :class:`Message`: a member of a ``StrEnum`` of codes and the parameters
the text needs. Nothing here is in any language. Each interface renders a message in
its reader's language from the one catalogue (:mod:`reskontro.i18n`): the CLI in
English, the web app and e-mails in bokmål or English. Messages are stored as values
too (:meth:`Message.to_json` / :meth:`Message.from_json`), so a stored reason is shown
in whatever language its reader chooses later.

>>> import enum
>>> class Demo(enum.StrEnum):
...     PAID = "demo.paid"
>>> m = Message.of(Demo.PAID, invoice=12, amount_ore=5000)
>>> m.code, m["invoice"]
('demo.paid', 12)
>>> Message.from_json(m.to_json()) == m
True

A batch of problems is a tuple of :class:`Problem`, each with its location:

>>> Problem(m, line=3).where
'line 3'
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    import enum
    from collections.abc import Iterator, Mapping

#: What a parameter may hold. Dates travel as ``datetime.date`` and are stored as
#: ISO text; the catalogue's ``{name:date}`` renders either.
Param: TypeAlias = str | int | bool | None | dt.date


@dataclass(frozen=True, slots=True)
class Message:
    """A code and its parameters (sorted by name, so equal messages compare equal)."""

    #: The code: a member of a ``StrEnum`` whose values are namespaced by flow
    #: (``"payment.pays_in_full"``). Stored and compared as its string value.
    code: str
    params: tuple[tuple[str, Param], ...] = ()

    @classmethod
    def of(cls, code: enum.StrEnum | str, /, **params: Param) -> Message:
        return cls(str(code), tuple(sorted(params.items())))

    def __getitem__(self, name: str) -> Param:
        for key, value in self.params:
            if key == name:
                return value
        raise KeyError(name)

    def get(self, name: str, default: Param = None) -> Param:
        try:
            return self[name]
        except KeyError:
            return default

    @property
    def kwargs(self) -> dict[str, Param]:
        return dict(self.params)

    def to_json(self) -> dict[str, object]:
        """``{"code": ..., "params": {...}}`` with dates as ISO text."""
        return {
            "code": self.code,
            "params": {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in self.params},
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, value: Mapping[str, object]) -> Message:
        params = value.get("params") or {}
        if not isinstance(params, dict):
            raise TypeError("message params must be an object")
        return cls.of(str(value["code"]), **params)

    @classmethod
    def loads(cls, text: str) -> Message:
        loaded = json.loads(text)
        if not isinstance(loaded, dict):
            raise TypeError("a stored message is a JSON object")
        return cls.from_json(loaded)


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of a batch (a file, a form, a run), with where it is."""

    message: Message
    #: The input field or argument at fault, by its logical name (``"org_number"``);
    #: the CLI shows it as its option, the web beside the form field.
    field: str | None = None
    line: int | None = None
    #: An XPath or a file name.
    path: str | None = None

    @property
    def where(self) -> str:
        parts = []
        if self.path:
            parts.append(self.path)
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append(f"field {self.field}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Messages:
    """Several messages that belong together (e.g. the steps of a booking), in order."""

    items: tuple[Message, ...] = field(default_factory=tuple)

    def __iter__(self) -> Iterator[Message]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def dumps(self) -> str:
        return json.dumps([m.to_json() for m in self.items], ensure_ascii=False, sort_keys=True)

    @classmethod
    def loads(cls, text: str | None) -> Messages:
        if not text:
            return cls()
        loaded = json.loads(text)
        if isinstance(loaded, dict):
            loaded = [loaded]
        return cls(tuple(Message.from_json(item) for item in loaded))


__all__ = ["Message", "Messages", "Param", "Problem"]
