"""Texts of background jobs in general (:mod:`reskontro.services.progress`)."""

from __future__ import annotations

from typing import Final

from reskontro.services.progress import JobCode

TEXTS: Final = {
    JobCode.BAD_RETENTION: (
        "{name} must be a whole number of days, at least 1 (it is {value})",
        "{name} må være et helt antall dager, minst 1 (det er {value})",
    ),
}
