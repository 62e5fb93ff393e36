"""Moved to :mod:`reskontro.services.automation` (this path stays for this session)."""

from __future__ import annotations

from reskontro.services.automation.jobs import REGISTRY, Job, JobOutcome, RunRef, register
from reskontro.services.automation.scheduler import (
    LEASE,
    RETRY_AFTER,
    Automation,
    RunResult,
    Scheduler,
    build_automation,
    parse_time,
)
from reskontro.services.automation.status import automation_status

__all__ = [
    "LEASE",
    "REGISTRY",
    "RETRY_AFTER",
    "Automation",
    "Job",
    "JobOutcome",
    "RunRef",
    "RunResult",
    "Scheduler",
    "automation_status",
    "build_automation",
    "parse_time",
    "register",
]
