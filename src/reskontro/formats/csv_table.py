"""Lists as CSV for a spreadsheet: semicolon-separated, UTF-8 with a byte-order mark,
amounts with a decimal comma and no thousands separator, dates as dd.mm.yyyy, lines
ending CRLF: what Excel in a Norwegian locale opens as numbers and dates.

>>> csv_text(("Nr.", "Beløp", "Dato"), [(1, Ore(-123450), dt.date(2026, 11, 25))])
'\\ufeffNr.;Beløp;Dato\\r\\n1;-1234,50;25.11.2026\\r\\n'
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

#: A cell: text, a whole number, a date, or an amount in øre (:class:`Ore`).
Cell = str | int | dt.date | None

BOM = "\ufeff"


class Ore(int):
    """An amount in øre (or a currency's minor unit), written ``1234,50``."""


def cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Ore):
        whole, minor = divmod(abs(int(value)), 100)
        return f"{'-' if value < 0 else ''}{whole},{minor:02d}"
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    return str(value)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """The CSV document, byte-order mark first."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return BOM + out.getvalue()


__all__ = ["BOM", "Cell", "Ore", "cell", "csv_text"]
