"""Texts of the customer-number series (:mod:`reskontro.services.invoicing.customer_series`)."""

from __future__ import annotations

from reskontro.services.invoicing.customer_series import SeriesError as S

TEXTS: dict[S, tuple[str, str]] = {
    S.START_RANGE: (
        "the series starts at 1 to {maximum}, not {start}",
        "serien starter på 1 til {maximum}, ikke {start}",
    ),
    S.START_IN_USE: (
        "customer number {largest} is in use already; the series must start above it, not at"
        " {start}",
        "kundenummer {largest} er allerede i bruk; serien må starte over det, ikke på {start}",
    ),
}
