"""The numbers the books hold, and the code for one beyond them.

Ids, numbers and amounts are 64-bit integers in the database. A number beyond that
(``99999999999999999999`` typed into a URL or an option) is bad input, said once for
every interface: the web answers 422, the CLI prints an error line.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

#: The largest value of a database ``BIGINT`` (and of SQLite's ``INTEGER``).
INT64_MAX: Final = 2**63 - 1


class InputCode(StrEnum):
    """Texts in :mod:`reskontro.i18n.web`."""

    OUT_OF_RANGE = "input.number_out_of_range"
