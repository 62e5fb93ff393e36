"""What every command shares: the database option, output, and error mapping."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import sys
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from reskontro.clock import SystemClock
from reskontro.domain.money import format_nok
from reskontro.errors import ValidationError
from reskontro.jsonable import to_jsonable

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.services.invoicing.books import Books

_T = TypeVar("_T")

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL; else $RESKONTRO_DATABASE_URL, else SQLite under ./var/.",
        show_default=False,
    ),
]
CompanyOption = Annotated[
    int | None,
    typer.Option("--company", help="Company id; may be left out when there is only one."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document.")]
CsvOption = Annotated[
    bool,
    typer.Option(
        "--csv",
        help="Print the list as CSV for a spreadsheet (';'-separated, decimal comma,"
        " dd.mm.yyyy, UTF-8 with a byte-order mark).",
    ),
]


def print_csv(text: str) -> None:
    """A CSV document on standard output, as is (its own line ends)."""
    sys.stdout.write(text)


console = Console(width=None if sys.stdout.isatty() else 160)
err_console = Console(stderr=True, soft_wrap=True, highlight=False)


def actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # pragma: no cover - no user name in the environment
        return "cli"


#: ``reskontro --db URL COMMAND``: the database named before the command (set by the
#: app's callback on every run); a command's own ``--db`` wins over it.
GLOBAL_DB: dict[str, str | None] = {"url": None}


@dataclass
class Context:
    """Opens the database lazily, bringing its schema up to date on first use."""

    url: str | None

    def __post_init__(self) -> None:
        if self.url is None:
            self.url = GLOBAL_DB["url"]

    @cached_property
    def engine(self) -> Engine:
        from reskontro.storage import migrate
        from reskontro.storage.db import make_engine

        engine = make_engine(self.url)
        migrate.ensure_current(engine)
        return engine

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        from reskontro.storage.db import session_factory

        return session_factory(self.engine)

    @cached_property
    def books(self) -> Books:
        from reskontro.services.invoicing.books import Books

        return Books(self.sessions, SystemClock())

    def company(self, company_id: int | None) -> int:
        return self.books.resolve_company(company_id)


def open_company(db: str | None, company: int | None) -> tuple[Context, int]:
    """The database of ``--db`` and the id of ``--company`` (the only company when it is
    left out)."""
    ctx = Context(db)
    return ctx, ctx.company(company)


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, default=str) + "\n")


def parse_date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    raise ValidationError(f"{option}: not a date: {text!r} (write YYYY-MM-DD or DD.MM.YYYY)")


def nok(ore: int | None) -> str:
    return "" if ore is None else format_nok(ore)


def table(title: str, columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> None:
    out = Table(title=title)
    for column in columns:
        if column.lower() in {"amount", "open", "paid", "total", "balance"}:
            out.add_column(column, justify="right")
        else:
            out.add_column(column)
    for row in rows:
        out.add_row(*("" if v is None else str(v) for v in row))
    console.print(out)


def answer(json: bool, value: object, text: str) -> None:
    """What a command answers: ``value`` as one JSON document with ``--json``, else
    ``text``."""
    if json:
        print_json(to_jsonable(value))
    else:
        typer.echo(text)


def table_or_json(
    json: bool,
    rows: Sequence[_T],
    title: str,
    columns: Iterable[str],
    row: Callable[[_T], Iterable[Any]],
) -> None:
    """A list command's answer: ``rows`` as JSON with ``--json``, else a table with a
    line of ``row(item)`` for each."""
    if json:
        print_json(to_jsonable(rows))
    else:
        table(title, columns, (row(item) for item in rows))
