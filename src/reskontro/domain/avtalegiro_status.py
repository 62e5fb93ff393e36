"""How an invoice is paid when its customer has an AvtaleGiro mandate (pure).

The invoice page, the PDF and the e-mail all ask the same question: will Nets draw
this invoice on its due date, or does the customer pay it with a giro? The answer
comes from the invoice's claim (one per invoice, ever) and, before there is one,
from whether the customer has an active mandate and the due date is far enough
ahead for the next claims file (:func:`reskontro.domain.avtalegiro.claim_window`).

**Failed draw.** Nets draws on the due date and reports the draw in the OCR file of
the next working day. A sent claim still unpaid after that day has failed (no cover,
mandate ended at the payer's bank): it is flagged, and the invoice is followed up like
any other.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from reskontro.domain.avtalegiro import ClaimState
from reskontro.domain.calendar import next_working_day

if TYPE_CHECKING:
    from reskontro.domain.avtalegiro import ClaimWindow


class InvoiceClaimStatus(enum.StrEnum):
    """An invoice's AvtaleGiro status as the invoice page shows it."""

    #: The customer has an active mandate; the next claims file will carry the claim.
    TO_BE_SENT = "to_be_sent"
    SENT = "sent"
    CANCELLED = "cancelled"
    SETTLED = "settled"
    FAILED = "failed"
    #: The due date is (or was) too close for a claim: paid with a normal giro.
    TOO_LATE = "too_late"


#: The statuses in which Nets draws (or drew) the invoice on its due date.
DRAWN = frozenset({InvoiceClaimStatus.TO_BE_SENT, InvoiceClaimStatus.SENT,
                   InvoiceClaimStatus.SETTLED})  # fmt: skip


def invoice_claim_status(
    claim: ClaimState | None, *, mandate_active: bool, due: dt.date, window: ClaimWindow
) -> InvoiceClaimStatus | None:
    """The invoice's status; None when AvtaleGiro has nothing to do with it.

    >>> from reskontro.domain.avtalegiro import claim_window
    >>> w = claim_window(dt.datetime(2026, 11, 25, 9, 0))  # earliest due: 29 November
    >>> invoice_claim_status(None, mandate_active=True, due=dt.date(2026, 11, 29), window=w)
    <InvoiceClaimStatus.TO_BE_SENT: 'to_be_sent'>
    >>> invoice_claim_status(None, mandate_active=True, due=dt.date(2026, 11, 28), window=w)
    <InvoiceClaimStatus.TOO_LATE: 'too_late'>
    >>> invoice_claim_status(None, mandate_active=False, due=dt.date(2026, 12, 9), window=w)
    """
    if claim is not None:
        return InvoiceClaimStatus(claim.value)
    if not mandate_active:
        return None
    if due < window.earliest:
        return InvoiceClaimStatus.TOO_LATE
    return InvoiceClaimStatus.TO_BE_SENT


def failed_from(due: dt.date) -> dt.date:
    """The first day a sent claim still unpaid counts as failed: the day after the
    working day after its due date (the day the draw would have been reported).

    >>> failed_from(dt.date(2026, 12, 11))  # a Friday: reported Monday 14th
    datetime.date(2026, 12, 15)
    >>> failed_from(dt.date(2026, 12, 9))  # a Wednesday
    datetime.date(2026, 12, 11)
    """
    return next_working_day(due + dt.timedelta(days=1)) + dt.timedelta(days=1)


def draw_failed(*, state: ClaimState, open_ore: int, due: dt.date, today: dt.date) -> bool:
    """A sent claim with something still open on or after :func:`failed_from`.

    >>> draw_failed(state=ClaimState.SENT, open_ore=500, due=dt.date(2026, 12, 9),
    ...             today=dt.date(2026, 12, 10))
    False
    >>> draw_failed(state=ClaimState.SENT, open_ore=500, due=dt.date(2026, 12, 9),
    ...             today=dt.date(2026, 12, 11))
    True
    """
    return state is ClaimState.SENT and open_ore > 0 and today >= failed_from(due)


__all__ = ["DRAWN", "InvoiceClaimStatus", "draw_failed", "failed_from", "invoice_claim_status"]
