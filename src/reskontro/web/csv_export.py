"""Lists as CSV downloads (:mod:`reskontro.formats.csv_table`: semicolon-separated,
UTF-8 with a byte-order mark, decimal comma, dd.mm.yyyy, as Excel in a Norwegian
locale reads them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi.responses import Response

from reskontro.formats.csv_table import Cell, Ore, csv_text

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence


def csv_response(name: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Response:
    """A download of ``rows`` under ``header`` as ``name``."""
    return Response(
        csv_text(header, rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


__all__ = ["Cell", "Ore", "csv_response"]
