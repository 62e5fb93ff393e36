"""A company's follow-up pace (:class:`~reskontro.domain.followup.FollowupPolicy`):
days before the first reminder, deadline, reminders before the notice, grace days,
fees, the smallest amount followed up. The law's limits always hold."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, TypeVar

from reskontro.domain.followup import FollowupPolicy
from reskontro.services import audit
from reskontro.services.followup.base import Service, company_of
from reskontro.storage.models_followup import FollowupSettings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


T = TypeVar("T")


def _or(value: T | None, kept: T) -> T:
    return kept if value is None else value


def policy_of(row: FollowupSettings | None) -> FollowupPolicy:
    if row is None:
        return FollowupPolicy()
    return FollowupPolicy(
        first_reminder_days=row.first_reminder_days,
        deadline_days=row.deadline_days,
        max_reminders=row.max_reminders,
        grace_days=row.grace_days,
        charge_fees=row.charge_fees,
        min_open_ore=row.min_open_ore,
        transit_bank_days=row.transit_bank_days,
        fresh_bank_days=row.fresh_bank_days,
    )


def company_policy(session: Session, company_id: int) -> FollowupPolicy:
    return policy_of(session.get(FollowupSettings, company_id))


class Settings(Service):
    def policy(self, company_id: int) -> FollowupPolicy:
        with self.sessions() as session:
            company_of(session, company_id)
            return company_policy(session, company_id)

    def set_policy(
        self,
        company_id: int,
        *,
        first_reminder_days: int | None = None,
        deadline_days: int | None = None,
        max_reminders: int | None = None,
        grace_days: int | None = None,
        charge_fees: bool | None = None,
        min_open_ore: int | None = None,
        transit_bank_days: int | None = None,
        fresh_bank_days: int | None = None,
        actor: str,
    ) -> FollowupPolicy:
        """Change the settings given (``None`` keeps one); returns them all."""
        with self.sessions.begin() as session:
            company_of(session, company_id)
            row = session.get(FollowupSettings, company_id)
            before = policy_of(row)
            after = FollowupPolicy(  # validates
                first_reminder_days=_or(first_reminder_days, before.first_reminder_days),
                deadline_days=_or(deadline_days, before.deadline_days),
                max_reminders=_or(max_reminders, before.max_reminders),
                grace_days=_or(grace_days, before.grace_days),
                charge_fees=_or(charge_fees, before.charge_fees),
                min_open_ore=_or(min_open_ore, before.min_open_ore),
                transit_bank_days=_or(transit_bank_days, before.transit_bank_days),
                fresh_bank_days=_or(fresh_bank_days, before.fresh_bank_days),
            )
            if row is None:
                session.add(FollowupSettings(company_id=company_id, **asdict(after)))
            else:
                for key, value in asdict(after).items():
                    setattr(row, key, value)
            audit.record(
                session, at=self.clock.now(), actor=actor, action="followup.settings",
                object_type="company", object_id=company_id, company_id=company_id,
                before=asdict(before), after=asdict(after),
            )  # fmt: skip
            return after


__all__ = ["Settings", "company_policy", "policy_of"]
