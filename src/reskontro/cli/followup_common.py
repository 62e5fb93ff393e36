"""What the follow-up commands share: the service, options, JSON and .eml output."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reskontro.cli.common import actor, print_json
from reskontro.domain.followup import FollowupPolicy
from reskontro.domain.money import parse_nok
from reskontro.jsonable import to_jsonable

if TYPE_CHECKING:
    from collections.abc import Callable

    from reskontro.cli.common import Context
    from reskontro.clock import Clock
    from reskontro.services.followup import FollowUp

DateOption = Annotated[
    str | None, typer.Option("--date", help="Look as of this day (default today).")
]
OutDir = Annotated[
    Path | None, typer.Option("--out", help="Also write the PDFs (and .eml e-mails) here.")
]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Show what would happen; change nothing.")]
Anyway = Annotated[
    bool,
    typer.Option(
        "--anyway",
        help="Send even though today's bank files are missing (the fetch failed or the"
        " last file is older than the company allows).",
    ),
]
NoInterest = Annotated[
    bool, typer.Option("--no-interest", help="Leave late-payment interest off the letters.")
]
NoFees = Annotated[bool, typer.Option("--no-fees", help="Charge no fees this run.")]
DeadlineDays = Annotated[int | None, typer.Option(help="Deadline in days (at least 14).")]
NoFetch = Annotated[bool, typer.Option("--no-fetch", help="Do not fetch bank files first.")]


def print_result(value: object, **extra: object) -> None:
    """A use case's result as the one JSON document ``--json`` prints, with ``extra``
    keys (files written) after its own."""
    data = to_jsonable(value)
    if extra:
        data = {**data, **to_jsonable(extra)}
    print_json(data)


def _fetch_hook(ctx: Context, clock: Clock) -> Callable[[int], object] | None:
    """Fetch new bank files first when the company has a bank channel (issue 5's
    automation); without it, or without channels, the run goes on as it is."""
    try:
        from reskontro.channels.mailer import SmtpSettings
        from reskontro.services.automation.channels import BankChannels
        from reskontro.services.automation.scheduler import build_automation
    except ImportError:  # pragma: no cover - the automation is not installed
        return None

    def fetch(company_id: int) -> object:
        if not BankChannels(ctx.sessions, clock).configs(company_id, enabled_only=True):
            return None
        auto = build_automation(ctx.sessions, clock, smtp=SmtpSettings.from_env())
        return auto.fetcher.fetch(company_id, actor=actor()).to_json()

    return fetch


def clock_for(date: str | None) -> Clock:
    """The real clock, or with ``--date`` one standing at noon (Oslo) of that day: the
    run is as it would have been that day."""
    import datetime as dt

    from reskontro.cli.common import parse_date
    from reskontro.clock import OSLO, FixedClock, SystemClock

    day = parse_date(date, "--date")
    if day is None:
        return SystemClock()
    return FixedClock(dt.datetime.combine(day, dt.time(12), tzinfo=OSLO).astimezone(dt.UTC))


def service(ctx: Context, *, fetch: bool = False, date: str | None = None) -> FollowUp:
    from reskontro.services.followup import FollowUp
    from reskontro.storage.filestore import FileStore

    hook = _fetch_hook(ctx, clock_for(date)) if fetch else None
    return FollowUp(ctx.sessions, clock_for(date), FileStore.of(ctx.sessions), fetch_payments=hook)


def letter_run(
    db: str | None,
    company: int | None,
    *,
    no_fetch: bool,
    date: str | None,
    **options: Any,
) -> tuple[FollowUp, int, FollowupPolicy]:
    """What a letter run (remind, collect, demand) starts from: the service, fetching
    bank files first unless ``--no-fetch``; the company; the policy with the run's
    ``options`` (those of :func:`run_policy`)."""
    from reskontro.cli.common import Context

    ctx = Context(db)
    followup = service(ctx, fetch=not no_fetch, date=date)
    company_id = ctx.company(company)
    return followup, company_id, run_policy(followup, company_id, **options)


def run_policy(
    followup: FollowUp,
    company_id: int,
    *,
    deadline_days: int | None = None,
    first_after: int | None = None,
    max_reminders: int | None = None,
    no_fees: bool = False,
    min_amount: str | None = None,
) -> FollowupPolicy:
    """The company's settings with this run's options."""
    base = followup.policy(company_id)
    return FollowupPolicy(
        first_reminder_days=first_after if first_after is not None else base.first_reminder_days,
        deadline_days=deadline_days if deadline_days is not None else base.deadline_days,
        max_reminders=max_reminders if max_reminders is not None else base.max_reminders,
        grace_days=base.grace_days,
        charge_fees=base.charge_fees and not no_fees,
        min_open_ore=parse_nok(min_amount) if min_amount is not None else base.min_open_ore,
        transit_bank_days=base.transit_bank_days,
        fresh_bank_days=base.fresh_bank_days,
    )


def write_eml(followup: FollowUp, company_id: int, message_id: int, out: Path) -> Path:
    from reskontro.formats.pdf.message import to_mime

    company = followup.books.company_details(company_id)
    email = followup.email(company_id, message_id)
    sender = company.email or "faktura@localhost"
    path = out / f"message-{message_id}.eml"
    path.write_bytes(to_mime(email, sender, company.name))
    return path


__all__ = [
    "Anyway",
    "DateOption",
    "DeadlineDays",
    "DryRun",
    "NoFees",
    "NoFetch",
    "NoInterest",
    "OutDir",
    "letter_run",
    "print_result",
    "run_policy",
    "service",
    "write_eml",
]
