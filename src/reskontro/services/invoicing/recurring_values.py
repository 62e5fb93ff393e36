"""What recurring agreements show and the pure-ish helpers of a period: the frozen
results of :mod:`.recurring`, an agreement's schedule, and one period's invoice lines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.domain.invoice import LineDraft
from reskontro.domain.recurring import AgreementState, Interval, Schedule, Timing, period_text
from reskontro.domain.vat import VatCode
from reskontro.services.invoicing.catalogue import price_at

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session

    from reskontro.domain.recurring import Period
    from reskontro.storage.models_invoicing import RecurringAgreement, RecurringLine


@dataclass(frozen=True, slots=True)
class AgreementLine:
    """A line of an agreement: its own unit price, or a product's (by id)."""

    description: str
    quantity_milli: int
    vat_code: VatCode
    unit_price_ore: int | None = None
    product_id: int | None = None


@dataclass(frozen=True, slots=True)
class AgreementInvoice:
    period_start: dt.date
    period_end: dt.date
    invoice_id: int | None


@dataclass(frozen=True, slots=True)
class AgreementView:
    id: int
    customer: int | None
    group_id: int | None
    interval: Interval
    timing: Timing
    invoice_day: int | None
    start: dt.date
    end: dt.date | None
    terms_days: int | None
    send: bool
    efaktura_if_possible: bool
    state: AgreementState
    next_invoice_date: dt.date | None
    lines: tuple[AgreementLine, ...]
    invoices: tuple[AgreementInvoice, ...]


@dataclass(frozen=True, slots=True)
class RunSummary:
    created: int
    sent: int
    #: Invoices not issued (the issue was refused, e.g. no lines, not VAT registered).
    refused: int
    invoices: tuple[int, ...]
    #: Invoices issued whose delivery was refused (e.g. no e-mail address).
    undelivered: int = 0


def schedule_of(agreement: RecurringAgreement) -> Schedule:
    return Schedule(
        Interval(agreement.interval),
        agreement.start_date,
        agreement.end_date,
        Timing(agreement.timing),
        agreement.invoice_day,
    )


def advance(agreement: RecurringAgreement) -> None:
    """Point ``next_invoice_date`` at the first period not yet invoiced."""
    following = schedule_of(agreement).next_after(agreement.last_period_start)
    agreement.next_invoice_date = following[1] if following is not None else None
    if following is None:
        agreement.state = AgreementState.ENDED.value


def period_lines(
    session: Session, lines: list[RecurringLine], period: Period, priced_on: dt.date
) -> list[LineDraft]:
    """The invoice lines of one period: product prices as they were on ``priced_on``."""
    text = period_text(period)
    out = []
    for line in lines:
        price = line.unit_price_ore
        if line.product_id is not None:
            price = price_at(session, line.product_id, priced_on)
        assert price is not None
        out.append(
            LineDraft(
                f"{line.description} ({text})", line.quantity_milli, price, VatCode(line.vat_code)
            )
        )
    return out
