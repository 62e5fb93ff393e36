"""The web app's words for fees and interest on an invoice and the payment order
(bokmål ids, as in :mod:`reskontro.web.i18n`) and their English texts, merged into its
catalogue."""

from __future__ import annotations

from typing import Final

#: Charge kinds (:class:`reskontro.domain.settlement.ChargeKind`).
CHARGE_NAMES: Final = {
    "reminder_fee": "Purregebyr",
    "inkassovarsel_fee": "Gebyr for inkassovarsel",
    "betalingsoppfordring_fee": "Gebyr for betalingsoppfordring",
    "interest": "Forsinkelsesrente",
}
#: Payment orders (:class:`reskontro.domain.settlement.PaymentOrder`).
PAYMENT_ORDERS: Final = {
    "fees_interest_principal": "gebyrer, så renter, så hovedstol",
    "interest_fees_principal": "renter, så gebyrer, så hovedstol",
    "principal_fees_interest": "hovedstol, så gebyrer, så renter",
}

EN: Final[dict[str, str]] = {
    "Purregebyr": "Reminder fee",
    "Gebyr for inkassovarsel": "Debt collection notice fee",
    "Gebyr for betalingsoppfordring": "Demand for payment fee",
    "Forsinkelsesrente": "Late-payment interest",
    "gebyrer, så renter, så hovedstol": "fees, then interest, then principal",
    "renter, så gebyrer, så hovedstol": "interest, then fees, then principal",
    "hovedstol, så gebyrer, så renter": "principal, then fees, then interest",
    "En innbetaling dekker først": "A payment covers first",
    "Gebyrer og renter": "Fees and interest",
    "Gebyrer og renter hører til fakturaen og betales med samme KID.": (
        "Fees and interest belong to the invoice and are paid with the same KID."
    ),
    "Frafalt": "Waived",
    "Frafalle gebyrene?": "Waive the fees?",
    "Frafall gebyrer": "Waive fees",
    "med fakturaen": "with the invoice",
}

__all__ = ["CHARGE_NAMES", "EN", "PAYMENT_ORDERS"]
