"""Texts of the shared look-ups (:mod:`reskontro.storage.repo`)."""

from __future__ import annotations

from typing import Final

from reskontro.storage.repo import LookupCode

TEXTS: Final[dict[LookupCode, tuple[str, str]]] = {
    LookupCode.NO_COMPANY: ("no company with id {id}", "fant ikke firma {id}"),
    LookupCode.NO_CUSTOMER: ("no customer with number {number}", "ingen kunde med nummer {number}"),
    LookupCode.NO_INVOICE: ("no invoice with id {id}", "fant ikke faktura {id}"),
}
