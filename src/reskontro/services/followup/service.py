"""The follow-up use cases over one database, as one object (the CLI, the web app and
the mailer hold one); each part lives in the module named for what it does."""

from __future__ import annotations

from reskontro.services.followup.handoff import Handoffs
from reskontro.services.followup.holds import Holds
from reskontro.services.followup.interest import Interest
from reskontro.services.followup.outbox import Outbox
from reskontro.services.followup.overdue import OverdueReports
from reskontro.services.followup.rates import Rates
from reskontro.services.followup.reminders import Reminders
from reskontro.services.followup.settings import Settings


class FollowUp(OverdueReports, Reminders, Interest, Handoffs, Outbox, Holds, Settings, Rates):
    """Follow-up use cases over one database."""


__all__ = ["FollowUp"]
