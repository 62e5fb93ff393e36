"""When follow-up may act on what the bank has told it (pure).

**Fresh payments first.** A run that sends (reminders, inkassovarsel, hand-off) for a
company that gets its payments as bank files goes only when today's fetch did not fail
and the last bank file is no older than the company allows (``fresh_bank_days`` bank
days, default 1): else a customer who paid yesterday gets a letter today.

**Deadlines in bank days.** A payment ordered on a letter's last day reaches the
bank's file some bank days later (``transit_bank_days``, default 2; over Easter that is
up to a week). A bank file received on a day covers the payments up to the bank day
before it (the bank makes its files overnight). So the next step for a claim is taken
only once the files cover the deadline plus the transit days.

Bank days are the working days of :mod:`reskontro.domain.calendar` (weekdays that are
not Norwegian public holidays).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.domain.calendar import add_bank_days, bank_days_back, previous_bank_day
from reskontro.messages import Message

if TYPE_CHECKING:
    import datetime as dt

#: Bank days a payment needs from the payer's order to the bank's file.
DEFAULT_TRANSIT_BANK_DAYS = 2
#: How old (in bank days) the last bank file may be for a run to send.
DEFAULT_FRESH_BANK_DAYS = 1


class PaceCode(enum.StrEnum):
    """Why a run waits for the bank (texts: :mod:`reskontro.i18n.followup_pace`)."""

    FETCH_FAILED = "pace.fetch_failed"
    NO_BANK_FILE = "pace.no_bank_file"
    BANK_FILE_OLD = "pace.bank_file_old"
    PAYMENTS_NOT_IN = "pace.payments_not_in"
    SENT_ANYWAY = "pace.sent_anyway"
    POLICY_TRANSIT = "pace.policy_transit"
    POLICY_FRESH = "pace.policy_fresh"


def covered_through(file_day: dt.date) -> dt.date:
    """The last day a bank file received on ``file_day`` covers."""
    return previous_bank_day(file_day)


def arrival_day(deadline: dt.date, transit_bank_days: int) -> dt.date:
    """The bank day a payment ordered on ``deadline`` is in the bank's books by."""
    return add_bank_days(deadline, transit_bank_days)


def payments_not_in(
    deadline: dt.date, through: dt.date | None, transit_bank_days: int
) -> Message | None:
    """Why the step after a letter with ``deadline`` must wait, or None: the bank
    files imported (covering ``through``; None when the company has none) do not yet
    cover a payment made on the deadline."""
    if through is None:
        return None
    arrives = arrival_day(deadline, transit_bank_days)
    if through >= arrives:
        return None
    return Message.of(PaceCode.PAYMENTS_NOT_IN, deadline=deadline, arrives=arrives, through=through)


@dataclass(frozen=True, slots=True)
class BankFacts:
    """What the company's bank files say today."""

    #: The company gets payments as bank files (a channel is set up, or files came).
    uses_bank_files: bool
    #: The day (Oslo) the last bank file was received, if any.
    last_file_day: dt.date | None
    #: Channels whose last fetch today failed.
    failed_channels: tuple[str, ...] = ()

    @property
    def payments_through(self) -> dt.date | None:
        """The last day the imported files cover (None: no bank files to wait for)."""
        if not self.uses_bank_files or self.last_file_day is None:
            return None
        return covered_through(self.last_file_day)


def stale(facts: BankFacts, today: dt.date, fresh_bank_days: int) -> Message | None:
    """Why a sending run must not go today, or None."""
    if not facts.uses_bank_files:
        return None
    if facts.failed_channels:
        return Message.of(PaceCode.FETCH_FAILED, channels=", ".join(facts.failed_channels))
    if facts.last_file_day is None:
        return Message.of(PaceCode.NO_BANK_FILE)
    oldest = bank_days_back(today, fresh_bank_days)
    if facts.last_file_day < oldest:
        return Message.of(
            PaceCode.BANK_FILE_OLD, day=facts.last_file_day, days=fresh_bank_days, oldest=oldest
        )
    return None


__all__ = [
    "DEFAULT_FRESH_BANK_DAYS",
    "DEFAULT_TRANSIT_BANK_DAYS",
    "BankFacts",
    "PaceCode",
    "arrival_day",
    "covered_through",
    "payments_not_in",
    "stale",
]
