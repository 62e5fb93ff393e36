"""The daily ``followup`` job: the reminder run, then the inkassovarsel run, after the
morning's fetch, for a company that switched it on
(``reskontro schedule set followup --on [--at 08:00]``).

The runs are the same as ``reskontro remind`` and ``reskontro collect``: they wait
for today's bank files (:mod:`reskontro.domain.followup_pace`), and when those are
missing the job fails and the scheduler tries again later (a worker: after 15
minutes, 1 hour, 3 hours; ``run-daily``: exit status 1, for cron to report). Their
letters go out with the same round's delivery. The hand-off to debt collection stays a
person's decision (``reskontro handoff``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.errors import StateError
from reskontro.messages import Message, Messages
from reskontro.services.automation.codes import JobCode
from reskontro.services.automation.jobs import Job, JobOutcome, NoDetail, register
from reskontro.storage.models_automation import JobSchedule

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from reskontro.services.automation.jobs import RunRef
    from reskontro.services.automation.scheduler import Automation

FOLLOWUP = "followup"


@dataclass(frozen=True, slots=True)
class FollowupJobResult:
    """What the day's follow-up did: letters by kind, and the runs' warnings."""

    reminders: int
    notices: int
    warnings: tuple[Message, ...]


def _run(auto: Automation, ref: RunRef) -> JobOutcome:
    from reskontro.services.followup import FollowUp
    from reskontro.storage.filestore import FileStore

    followup = FollowUp(auto.sessions, auto.clock, FileStore.of(auto.sessions))
    actor = f"worker:{auto.worker_id}"
    try:
        reminders = followup.remind(ref.company_id, actor=actor)
        notices = followup.collect(ref.company_id, actor=actor)
    except StateError as exc:  # the bank's files are not in: later, not now
        why = exc.msg or Message.of(JobCode.AS_WRITTEN, text=exc.message)
        return JobOutcome(False, NoDetail(), Messages((why,)))
    warnings = tuple(dict.fromkeys(reminders.warnings + notices.warnings))
    return JobOutcome(
        True, FollowupJobResult(len(reminders.letters), len(notices.letters), warnings)
    )


def _applies(session: Session, company_id: int) -> bool:
    """Only where the company switched it on: letters never start by surprise."""
    row = session.get(JobSchedule, (company_id, FOLLOWUP))
    return row is not None and row.enabled


JOB = register(
    Job(
        FOLLOWUP,
        "Reminders and inkassovarsel (after the fetch)",
        "08:00",
        _run,
        _applies,
        always_listed=False,
    )
)

__all__ = ["FOLLOWUP", "JOB", "FollowupJobResult"]
