"""What the company's bank files say today, for the rules of
:mod:`reskontro.domain.followup_pace`: whether today's fetch failed, when the last
bank file came, and the gate every sending run (reminders, inkassovarsel, hand-off)
passes first."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from reskontro.clock import OSLO
from reskontro.domain.followup_pace import BankFacts, PaceCode, stale
from reskontro.domain.payment import BankFileStatus
from reskontro.errors import StateError
from reskontro.messages import Message
from reskontro.storage.models import BankFile
from reskontro.storage.models_automation import BankChannel, FetchRun

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from reskontro.domain.followup import FollowupPolicy


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def bank_facts(session: Session, company_id: int, today: dt.date) -> BankFacts:
    """The company's bank files and today's fetches (see :class:`BankFacts`)."""
    channels = list(
        session.execute(
            select(BankChannel.id, BankChannel.name).where(
                BankChannel.company_id == company_id, BankChannel.enabled.is_(True)
            )
        ).tuples()
    )
    last = session.execute(
        select(func.max(BankFile.received_at)).where(
            BankFile.company_id == company_id, BankFile.status == BankFileStatus.IMPORTED.value
        )
    ).scalar_one_or_none()
    last_day = _utc(last).astimezone(OSLO).date() if last is not None else None
    start = dt.datetime.combine(today, dt.time(0), tzinfo=OSLO).astimezone(dt.UTC)
    end = start + dt.timedelta(days=1)
    failed = []
    for channel_id, name in channels:
        latest = session.execute(
            select(FetchRun.status)
            .where(
                FetchRun.channel_id == channel_id,
                FetchRun.started_at >= start,
                FetchRun.started_at < end,
                FetchRun.status != "running",
            )
            .order_by(FetchRun.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        if latest == "failed":
            failed.append(name)
    return BankFacts(bool(channels) or last_day is not None, last_day, tuple(failed))


def gate(
    session: Session,
    company_id: int,
    today: dt.date,
    policy: FollowupPolicy,
    *,
    sending: bool,
    anyway: bool,
) -> tuple[BankFacts, tuple[Message, ...]]:
    """The bank facts and the warnings for a run; raises when a run that sends would
    go without today's payments and the user did not say ``anyway``."""
    facts = bank_facts(session, company_id, today)
    problem = stale(facts, today, policy.fresh_bank_days)
    if problem is None:
        return facts, ()
    if sending and not anyway:
        raise StateError(problem, field="anyway")
    if sending:
        return facts, (problem, Message.of(PaceCode.SENT_ANYWAY))
    return facts, (problem,)


__all__ = ["bank_facts", "gate"]
