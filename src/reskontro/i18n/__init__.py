"""The one catalogue: the text of every code (:mod:`reskontro.messages`) in English and
bokmål, and how a message is rendered in either.

The catalogue is split by flow: each module of this package holds ``TEXTS``, a mapping
from the members of that flow's code enums to ``(english, bokmål)``. Modules are found
by themselves; a new flow adds a module and nothing else. A test checks that every
member of every enum named here has both texts with the same parameters.

Placeholders are ``str.format`` fields with an optional spec saying how to show the
value in the reader's language:

- ``{amount_ore:kr}``: øre as kroner (nb ``1 234,50 kr``, en ``NOK 1,234.50``);
- ``{due:date}``: a date (or ISO text) — nb ``25.11.2026``, en ``2026-11-25``;
- ``{method:@delivery.method}``: the value is itself a code under that prefix, shown by
  its own text (``delivery.method.email`` → "e-mail" / "e-post");
- ``{due:dmy}``: a date as Norwegians write it in either language (``25.11.2026``),
  where a text quotes the law's way of writing a date;
- ``{amount_ore:nok}``: øre as kroner with Norwegian digits and no unit (``1 234,50``),
  for a text that names its unit itself;
- ``{reason:msg}``: the value is another message (:meth:`Message.dumps`), rendered in
  the same language (an error that wraps another's reason);
- ``{x}``: the value as it is.

>>> from reskontro.messages import Message
>>> render(Message.of("test.amount", amount_ore=123450), "nb")
'Beløp 1\\xa0234,50\\xa0kr'
>>> render(Message.of("test.amount", amount_ore=-5), "en")
'Amount NOK -0.05'
>>> render(Message.of("no.such.code", x=1), "en")
'no.such.code (x=1)'
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import string
from functools import cache
from typing import TYPE_CHECKING, Final, Literal

from reskontro.domain.money import format_nok

if TYPE_CHECKING:
    import enum
    from collections.abc import Mapping

    from reskontro.messages import Message, Problem

Lang = Literal["en", "nb"]
LANGS: Final[tuple[Lang, ...]] = ("en", "nb")
NBSP: Final = "\u00a0"

#: Texts used by this module's own doctests and tests.
_BUILTIN: Final[dict[str, tuple[str, str]]] = {
    "test.amount": ("Amount {amount_ore:kr}", "Beløp {amount_ore:kr}"),
}


@cache
def catalogue() -> dict[str, tuple[str, str]]:
    """Every code's ``(english, bokmål)``, gathered from this package's modules."""
    found: dict[str, tuple[str, str]] = dict(_BUILTIN)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        texts: Mapping[enum.StrEnum, tuple[str, str]] = getattr(module, "TEXTS", {})
        for code, pair in texts.items():
            key = str(code)
            if key in found:
                raise RuntimeError(f"code {key} has texts in two catalogue modules")
            found[key] = pair
    return found


@cache
def enums() -> tuple[type[enum.StrEnum], ...]:
    """The code enums the catalogue covers (each must be covered whole)."""
    seen: dict[type[enum.StrEnum], None] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for code in getattr(module, "TEXTS", {}):
            seen[type(code)] = None
    return tuple(seen)


def _amount(ore: int, lang: Lang) -> str:
    if lang == "nb":
        sign = "−" if ore < 0 else ""
        return f"{sign}{format_nok(abs(ore), thousands=NBSP)}{NBSP}kr"
    sign = "-" if ore < 0 else ""
    return f"NOK {sign}{format_nok(abs(ore), thousands=',', decimal='.')}"


def _date(value: object, lang: Lang) -> str:
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    if not isinstance(day, dt.date):
        return str(value)
    return day.strftime("%d.%m.%Y") if lang == "nb" else day.isoformat()


def _dmy(value: object) -> str:
    """``25.11.2026`` from a date or ISO text (other values as they are).

    >>> _dmy(dt.date(2026, 11, 25)), _dmy("2026-11-25"), _dmy("x")
    ('25.11.2026', '25.11.2026', 'x')
    """
    day = value
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return value
    return day.strftime("%d.%m.%Y") if isinstance(day, dt.date) else str(day)


class _Formatter(string.Formatter):
    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        if value is None:
            return ""
        if format_spec == "kr":
            return _amount(int(value), self.lang)  # type: ignore[call-overload]
        if format_spec == "date":
            return _date(value, self.lang)
        if format_spec == "dmy":
            return _dmy(value)
        if format_spec == "msg":
            from reskontro.messages import Message

            try:
                return render(Message.loads(str(value)), self.lang)
            except (ValueError, TypeError, KeyError):  # not a message: shown as it is
                return str(value)
        if format_spec == "nok":
            return format_nok(value) if isinstance(value, int) else str(value)
        if format_spec.startswith("@"):
            code = f"{format_spec[1:]}.{value}"
            pair = catalogue().get(code)
            return str(value) if pair is None else pair[LANGS.index(self.lang)]
        if isinstance(value, bool):
            return ("yes" if value else "no") if self.lang == "en" else ("ja" if value else "nei")
        return str(super().format_field(value, format_spec))


def text_of(code: str, lang: Lang) -> str | None:
    pair = catalogue().get(code)
    return None if pair is None else pair[LANGS.index(lang)]


def render(message: Message, lang: Lang | str = "en") -> str:
    """``message`` in ``lang`` (``"en"`` or ``"nb"``; anything else is English).

    A code without a text (a catalogue gap the tests did not catch) shows as the code
    and its parameters rather than failing the page that shows it.
    """
    chosen: Lang = "nb" if lang == "nb" else "en"
    template = text_of(message.code, chosen)
    if template is None:
        args = ", ".join(f"{k}={v}" for k, v in message.params)
        return f"{message.code} ({args})" if args else message.code
    return str(_Formatter(chosen).vformat(template, (), message.kwargs))


def render_problem(problem: Problem, lang: Lang | str = "en") -> str:
    """A problem with its location first, as a list of problems is read."""
    text = render(problem.message, lang)
    if problem.line is None and problem.path is None:
        return text
    parts = []
    if problem.path:
        parts.append(problem.path)
    if problem.line is not None:
        parts.append(f"linje {problem.line}" if lang == "nb" else f"line {problem.line}")
    return f"{', '.join(parts)}: {text}"


def placeholders(template: str) -> set[str]:
    """The parameter names a text uses (for the completeness test)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


__all__ = [
    "LANGS",
    "Lang",
    "catalogue",
    "enums",
    "placeholders",
    "render",
    "render_problem",
    "text_of",
]
