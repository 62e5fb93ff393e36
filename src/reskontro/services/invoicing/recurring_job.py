"""The daily ``recurring`` job: ``recurring run`` for each company with agreements."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain.recurring import AgreementState
from reskontro.services.automation.jobs import Job, JobOutcome, register
from reskontro.storage.models_invoicing import RecurringAgreement

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from reskontro.services.automation.jobs import RunRef
    from reskontro.services.automation.scheduler import Automation

RECURRING = "recurring"


def _run(auto: Automation, ref: RunRef) -> JobOutcome:
    from reskontro.services.invoicing.books import Books
    from reskontro.services.invoicing.recurring import Recurring

    recurring = Recurring(Books(auto.sessions, auto.clock))
    summary = recurring.run(ref.company_id, actor=f"worker:{auto.worker_id}")
    return JobOutcome(True, summary)


def _applies(session: Session, company_id: int) -> bool:
    found = session.execute(
        select(RecurringAgreement.id)
        .where(
            RecurringAgreement.company_id == company_id,
            RecurringAgreement.state == AgreementState.ACTIVE.value,
        )
        .limit(1)
    ).first()
    return found is not None


JOB = register(
    Job(RECURRING, "Issue recurring invoices", "05:30", _run, _applies, always_listed=False)
)

__all__ = ["JOB", "RECURRING"]
