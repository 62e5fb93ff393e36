"""``reskontro demand``: the betalingsoppfordring (inkassoloven § 10) of a company that
collects its own claims, the last letter before the hand-off (the shape of ``collect``)."""

from __future__ import annotations

import typer

from reskontro.cli.common import CompanyOption, DbOption, JsonOption, actor
from reskontro.cli.followup_common import (
    Anyway,
    DateOption,
    DeadlineDays,
    DryRun,
    NoFees,
    NoFetch,
    NoInterest,
    OutDir,
    letter_run,
)


def demand_command(
    dry_run: DryRun = False,
    out: OutDir = None,
    no_interest: NoInterest = False,
    no_fees: NoFees = False,
    deadline_days: DeadlineDays = None,
    no_fetch: NoFetch = False,
    date: DateOption = None,
    anyway: Anyway = False,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Send the betalingsoppfordring (inkassoloven § 10) where an inkassovarsel's deadline
    was missed, for a company that collects its own claims (followup settings
    --self-collect): pay or object within 14 days, fee 3/20 of the inkassosats."""
    from reskontro.cli.followup_cmds import _letters_out

    followup, cid, policy = letter_run(
        db, company, no_fetch=no_fetch, date=date, deadline_days=deadline_days, no_fees=no_fees
    )
    report = followup.demand(
        cid,
        dry_run=dry_run,
        policy=policy,
        with_interest=not no_interest,
        anyway=anyway,
        actor=actor(),
    )
    _letters_out(followup, cid, report, out, json)


def register(app: typer.Typer) -> None:
    app.command("demand")(demand_command)


__all__ = ["register"]
