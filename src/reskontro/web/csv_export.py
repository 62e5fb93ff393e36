"""Lists as CSV for a spreadsheet: semicolon-separated, UTF-8 with a byte-order mark,
amounts in kroner with a decimal comma and dates as dd.mm.yyyy (as Excel in a
Norwegian locale reads them)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import TYPE_CHECKING

from fastapi.responses import Response

from reskontro.web.fmt import nok

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

#: A cell: text, a whole number, a date, or an amount in øre (:class:`Ore`).
Cell = str | int | dt.date | None


class Ore(int):
    """An amount in øre, written as kroner (``1234,50``)."""


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Ore):
        return nok(int(value), unit=False).replace("\u00a0", "").replace("−", "-")
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    return str(value)


def csv_response(name: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Response:
    """A download of ``rows`` under ``header`` as ``name``."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return Response(
        "\ufeff" + out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
