"""Moved to :mod:`reskontro.services.automation` (this path stays for this session)."""

from __future__ import annotations

from reskontro.services.automation.agreements import (
    NO_AGREEMENT,
    Agreements,
    check_kid_change,
    has_verified,
    in_force,
    require_verified,
)
from reskontro.services.automation.terms import AgreementTerms, fit_problems, parse_terms

__all__ = [
    "NO_AGREEMENT",
    "AgreementTerms",
    "Agreements",
    "check_kid_change",
    "fit_problems",
    "has_verified",
    "in_force",
    "parse_terms",
    "require_verified",
]
