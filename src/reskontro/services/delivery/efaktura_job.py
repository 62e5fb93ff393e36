"""The daily ``efaktura_status`` job: poll MPS for the company's eFaktura consignments
that are still ``sent`` (the worker's delivery round polls too, every tick; this job
is the scheduled catch-up, and what the status page lists)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain.delivery import DeliveryMethod, DeliveryState
from reskontro.services.automation.jobs import Job, JobOutcome, register
from reskontro.storage.models_delivery import Delivery

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from reskontro.services.automation.jobs import RunRef
    from reskontro.services.automation.scheduler import Automation

EFAKTURA_STATUS = "efaktura_status"


def _run(auto: Automation, ref: RunRef) -> JobOutcome:
    from reskontro.channels.efaktura.settings import ROUTE
    from reskontro.messages import Message, Messages
    from reskontro.services.automation.codes import JobCode
    from reskontro.services.delivery.efaktura_run import poll
    from reskontro.worker import efaktura_route

    route = efaktura_route()
    if route is None:
        why = Message.of(JobCode.EFAKTURA_NOT_SET_UP, variable=ROUTE)
        return JobOutcome(False, reasons=Messages((why,)))
    return JobOutcome(True, poll(auto.sessions, auto.clock, route, company_id=ref.company_id))


def _applies(session: Session, company_id: int) -> bool:
    found = session.execute(
        select(Delivery.id)
        .where(
            Delivery.company_id == company_id,
            Delivery.method == DeliveryMethod.EFAKTURA.value,
            Delivery.state == DeliveryState.SENT.value,
        )
        .limit(1)
    ).first()
    return found is not None


JOB = register(
    Job(EFAKTURA_STATUS, "Poll eFaktura consignments", "08:00", _run, _applies,
        always_listed=False)
)  # fmt: skip

__all__ = ["EFAKTURA_STATUS", "JOB"]
