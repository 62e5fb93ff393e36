"""Bulk invoicing (*gruppefakturering*): the states of a run and of its items (pure)."""

from __future__ import annotations

import enum


class BulkRunState(enum.StrEnum):
    """A run is ``running`` until every item is issued or refused."""

    RUNNING = "running"
    DONE = "done"


class BulkItemState(enum.StrEnum):
    """One customer's invoice in a run: waiting, issued (with its invoice), or refused
    (with the rule that refused it)."""

    PENDING = "pending"
    ISSUED = "issued"
    REFUSED = "refused"


__all__ = ["BulkItemState", "BulkRunState"]
