"""Texts of the customer statement (:mod:`reskontro.services.invoicing.statement`)."""

from __future__ import annotations

from reskontro.services.invoicing.statement import StatementError as S

TEXTS: dict[S, tuple[str, str]] = {
    S.PERIOD: (
        "the period starts {start:date}, after it ends ({end:date})",
        "perioden starter {start:date}, etter at den slutter ({end:date})",
    ),
}
