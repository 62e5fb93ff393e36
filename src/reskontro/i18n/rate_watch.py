"""Texts of the warnings about dated rates (:mod:`reskontro.domain.rate_watch`)."""

from __future__ import annotations

from typing import Final

from reskontro.domain.rate_watch import RateWatch

TEXTS: Final[dict[RateWatch, tuple[str, str]]] = {
    RateWatch.INTEREST_AHEAD: (
        "no late-payment interest rate is known from {day:date} (in {days} days):"
        " add it when it is published (reskontro rates)",
        "ingen forsinkelsesrente er kjent fra {day:date} (om {days} dager):"
        " legg den inn når den er kunngjort (satser)",
    ),
    RateWatch.INTEREST_MISSING: (
        "no late-payment interest rate is known from {day:date}: interest from then on"
        " is not yet published and not counted; add the rate (reskontro rates)",
        "ingen forsinkelsesrente er kjent fra {day:date}: renter fra da av er ikke"
        " kunngjort ennå og regnes ikke med; legg inn satsen (satser)",
    ),
    RateWatch.INKASSOSATS_AHEAD: (
        "no inkassosats is known for {year} (in {days} days): add it when it is published"
        " (reskontro rates)",
        "ingen inkassosats er kjent for {year} (om {days} dager): legg den inn når den er"
        " kunngjort (satser)",
    ),
    RateWatch.INKASSOSATS_CARRIED: (
        "no inkassosats is known for {year}: fees are 1/20 of the {from_year} sats of"
        " {amount_ore:kr} until it is added (reskontro rates)",
        "ingen inkassosats er kjent for {year}: gebyrene er 1/20 av satsen for"
        " {from_year} på {amount_ore:kr} til den nye er lagt inn (satser)",
    ),
    RateWatch.INTEREST_NOT_PUBLISHED: (
        "interest from {day:date} is not yet published: counted up to the day before",
        "renter fra {day:date} er ikke kunngjort ennå: regnet til og med dagen før",
    ),
}
