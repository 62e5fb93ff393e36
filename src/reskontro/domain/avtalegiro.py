"""AvtaleGiro rules: when a claim may go to Nets, what it says, when to cancel it (pure).

Spec: ``shared/specs/nets-ocr-giro-and-avtalegiro.md`` §3 (claims), §3.7
(cancellations), §3.9 (lead time), §4.2 (mandates).

**Lead time.** Nets wants a claim at least **4 calendar days** before its due date;
a file sent **after 14:00** Oslo time is processed the next day, so it needs 5. A file
that reaches Nets on a weekend or public holiday is processed on the next working day,
and the days of notice count calendar days but not public holidays (as netsgiro's
``get_minimum_due_date`` does). A due date is at most **12 months** ahead. The caller
passes the local (Europe/Oslo) time; nothing here reads a clock.

>>> window = claim_window(dt.datetime(2026, 11, 25, 9, 0))  # a Wednesday morning
>>> window.earliest, window.latest
(datetime.date(2026, 11, 29), datetime.date(2027, 11, 25))
>>> decide_claim(dt.date(2026, 11, 28), window)
<ClaimDecision.TOO_SOON: 'too_soon'>
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.domain.calendar import next_working_day, public_holidays
from reskontro.domain.money import format_nok

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "CUTOFF",
    "LEAD_DAYS",
    "MAX_MONTHS",
    "AgreementStatus",
    "CancelDecision",
    "ClaimDecision",
    "ClaimState",
    "ClaimWindow",
    "Code",
    "FileDirection",
    "MandateChange",
    "MandateState",
    "NoticeLine",
    "claim_window",
    "customer_number_in",
    "decide_cancellation",
    "decide_claim",
    "notice_text",
    "short_name",
]

#: Calendar days of notice Nets wants before a due date (§3.9).
LEAD_DAYS = 4
#: Files sent at or after this Oslo time are processed the next day.
CUTOFF = dt.time(14, 0)
#: A due date is at most this many months ahead (§3.3).
MAX_MONTHS = 12
#: Notice text: lines of at most 80 characters, at most 42 lines (§3.5).
NOTICE_WIDTH = 80
NOTICE_LINES = 42
#: Payer short name (§3.4) and external reference (§3.4) widths.
SHORT_NAME_WIDTH = 10
REFERENCE_WIDTH = 25


class ClaimState(enum.StrEnum):
    """Where an invoice's AvtaleGiro claim is (one claim per invoice, ever)."""

    #: In a claims transmission to Nets.
    SENT = "sent"
    #: Not sent: the due date was too close when the invoice came up; the invoice is
    #: paid the ordinary way (a giro) instead.
    TOO_LATE = "too_late"
    #: Credited or paid otherwise after it was sent: cancelled in a later transmission.
    CANCELLED = "cancelled"
    #: Nets drew the amount (OCR transaction type 15).
    SETTLED = "settled"
    #: The due date passed with no draw (no cover, mandate ended): normal follow-up.
    FAILED = "failed"


class AgreementStatus(enum.StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


class Code(enum.StrEnum):
    """Errors and reasons of the AvtaleGiro flow (texts: :mod:`reskontro.i18n.avtalegiro`)."""

    NO_AGREEMENT = "avtalegiro.no_agreement"
    AGREEMENT_ENDED = "avtalegiro.agreement_ended"
    AGREEMENT_ID = "avtalegiro.agreement_id"
    DATA_TRANSMITTER = "avtalegiro.data_transmitter"
    NOT_OCR_ACCOUNT = "avtalegiro.not_ocr_account"
    NO_CUSTOMER_POSITION = "avtalegiro.no_customer_position"
    NOT_A_MANDATE_LIST = "avtalegiro.not_a_mandate_list"
    MANDATE_ACCOUNT = "avtalegiro.mandate_account"
    MANDATE_WITHOUT_KID = "avtalegiro.mandate_without_kid"
    NO_MANDATE = "avtalegiro.no_mandate"
    NOT_WAITING = "avtalegiro.not_waiting"
    DUE_TOO_SOON = "avtalegiro.due_too_soon"
    MAY_BE_DRAWN = "avtalegiro.may_be_drawn"
    NOT_NOK = "avtalegiro.not_nok"
    CLAIMS_FILE = "avtalegiro.claims_file"
    NO_CHANNEL = "avtalegiro.no_channel"
    OUTBOUND_IS_INBOUND = "avtalegiro.outbound_is_inbound"
    DRAW_FAILED = "avtalegiro.draw_failed"
    SERIES_EXHAUSTED = "avtalegiro.series_exhausted"
    NO_FILE = "avtalegiro.no_file"
    CLAIMS_READ_BACK = "avtalegiro.claims_read_back"
    SENT_TO_NETS = "avtalegiro.sent_to_nets"
    NOT_SENT = "avtalegiro.not_sent"


class MandateState(enum.StrEnum):
    """A payer's AvtaleGiro mandate (FBO) as Nets last reported it."""

    #: In force, and its KID names one of our customers.
    ACTIVE = "active"
    #: In force at Nets, but its KID fits no customer: waits for a person.
    WAITING = "waiting"
    #: Deleted at Nets (type 2) or missing from a full list (type 0).
    ENDED = "ended"


class MandateChange(enum.StrEnum):
    """What one mandate record did (the mandate's history)."""

    NEW = "new"
    CHANGED = "changed"
    DELETED = "deleted"
    UNCHANGED = "unchanged"
    #: Assigned to a customer by a person.
    ASSIGNED = "assigned"


class FileDirection(enum.StrEnum):
    """AvtaleGiro files: mandate lists in from Nets, claims transmissions out."""

    MANDATES = "mandates"
    CLAIMS = "claims"


class ClaimDecision(enum.StrEnum):
    """What to do with an unclaimed invoice of a payer with a mandate, today."""

    CLAIM = "claim"
    #: Due before the earliest date Nets accepts: flag it, the invoice gets a giro.
    TOO_SOON = "too_soon"
    #: Due more than 12 months ahead: wait for a later run.
    TOO_FAR = "too_far"


class CancelDecision(enum.StrEnum):
    """What to do with a sent claim whose invoice changed."""

    KEEP = "keep"
    CANCEL = "cancel"
    #: The due date has come: Nets may already have drawn it; tell the user.
    TOO_LATE = "too_late"


@dataclass(frozen=True, slots=True)
class ClaimWindow:
    """The due dates a claims file sent now may carry (inclusive)."""

    #: The working day Nets processes the file.
    processed_on: dt.date
    earliest: dt.date
    latest: dt.date

    def __contains__(self, due: object) -> bool:
        return isinstance(due, dt.date) and self.earliest <= due <= self.latest


def _add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months; a day the month lacks is its last day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def claim_window(now_local: dt.datetime) -> ClaimWindow:
    """The earliest and latest due dates for a file sent at ``now_local`` (Oslo time).

    >>> w = claim_window(dt.datetime(2026, 11, 27, 14, 0))  # Friday 14:00: on Monday
    >>> w.processed_on, w.earliest
    (datetime.date(2026, 11, 30), datetime.date(2026, 12, 4))
    """
    today = now_local.date()
    sent = today if now_local.time() < CUTOFF else today + dt.timedelta(days=1)
    processed = next_working_day(sent)
    earliest, counted = processed, 0
    while counted < LEAD_DAYS:
        earliest += dt.timedelta(days=1)
        if earliest not in public_holidays(earliest.year):
            counted += 1
    return ClaimWindow(processed, earliest, _add_months(today, MAX_MONTHS))


def decide_claim(due: dt.date, window: ClaimWindow) -> ClaimDecision:
    if due < window.earliest:
        return ClaimDecision.TOO_SOON
    if due > window.latest:
        return ClaimDecision.TOO_FAR
    return ClaimDecision.CLAIM


def decide_cancellation(
    *, state: ClaimState, claimed_ore: int, open_ore: int, due: dt.date, today: dt.date
) -> CancelDecision:
    """A sent claim is cancelled once less is open than it claims (the invoice was
    credited or paid by other means), while its due date is still ahead.

    >>> decide_cancellation(state=ClaimState.SENT, claimed_ore=500, open_ore=0,
    ...                     due=dt.date(2026, 12, 9), today=dt.date(2026, 12, 9))
    <CancelDecision.TOO_LATE: 'too_late'>
    """
    if state is not ClaimState.SENT or open_ore >= claimed_ore:
        return CancelDecision.KEEP
    return CancelDecision.CANCEL if today < due else CancelDecision.TOO_LATE


def customer_number_in(kid: str, first: int, last: int) -> int | None:
    """The customer number at 1-based positions ``first``-``last`` of a mandate's KID.

    >>> customer_number_in("000112000507155", 1, 5)
    11
    >>> customer_number_in("12", 1, 5) is None
    True
    """
    part = kid[first - 1 : last]
    if len(kid) < last or not part.isdigit() or not part.isascii():
        return None
    number = int(part)
    return number or None


def short_name(name: str) -> str:
    """The payer's abbreviated name (§3.4): 10 characters, ISO-8859-1 only."""
    cleaned = name.encode("latin-1", "replace").decode("latin-1")
    return " ".join(cleaned.split())[:SHORT_NAME_WIDTH].rstrip()


@dataclass(frozen=True, slots=True)
class NoticeLine:
    """An invoice line as the bank's notice shows it."""

    description: str
    amount_ore: int


def _row(left: str, amount_ore: int) -> str:
    amount = format_nok(amount_ore)
    room = NOTICE_WIDTH - len(amount) - 1
    return " ".join(left.split())[:room].ljust(room) + " " + amount


def _dmy(day: dt.date) -> str:
    """``25.11.2026`` (``strftime`` costs several times more, 100 000 times a file)."""
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def notice_text(
    *,
    invoice_number: int,
    invoice_date: dt.date,
    due: dt.date,
    lines: Sequence[NoticeLine],
    total_ore: int,
) -> str:
    """The specification text of a type-21 claim: ≤ 42 lines of ≤ 80 characters.

    A header, one row per invoice line (those that do not fit are summed in one row),
    and the total.

    >>> print(notice_text(invoice_number=1001, invoice_date=dt.date(2026, 11, 25),
    ...       due=dt.date(2026, 12, 9), lines=[NoticeLine("Rådgivning", 125000)],
    ...       total_ore=125000))  # doctest: +NORMALIZE_WHITESPACE
    Faktura 1001  Fakturadato 25.11.2026  Forfall 09.12.2026
    Rådgivning   1 250,00
    Å betale   1 250,00
    """
    header = f"Faktura {invoice_number}  Fakturadato {_dmy(invoice_date)}  Forfall {_dmy(due)}"
    room = NOTICE_LINES - 2
    rows = [_row(line.description, line.amount_ore) for line in lines[:room]]
    if len(lines) > room:
        rest = lines[room - 1 :]
        rows[room - 1] = _row(f"{len(rest)} linjer til", sum(x.amount_ore for x in rest))
    text = "\n".join([header[:NOTICE_WIDTH], *rows, _row("Å betale", total_ore)])
    return text.encode("latin-1", "replace").decode("latin-1")
