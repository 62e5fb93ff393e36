"""``reskontro demand``: the betalingsoppfordring (inkassoloven § 10) of a company that
collects its own claims, the last letter before the hand-off (the shape of ``collect``)."""

from __future__ import annotations

from typing import Annotated

import typer

from reskontro.cli.common import CompanyOption, Context, DbOption, JsonOption, actor
from reskontro.cli.followup_common import (
    Anyway,
    DateOption,
    DryRun,
    NoInterest,
    OutDir,
    run_policy,
    service,
)


def demand_command(
    dry_run: DryRun = False,
    out: OutDir = None,
    no_interest: NoInterest = False,
    no_fees: Annotated[bool, typer.Option("--no-fees", help="Charge no fees this run.")] = False,
    deadline_days: Annotated[
        int | None, typer.Option(help="Deadline in days (at least 14).")
    ] = None,
    no_fetch: Annotated[
        bool, typer.Option("--no-fetch", help="Do not fetch bank files first.")
    ] = False,
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

    ctx = Context(db)
    followup = service(ctx, fetch=not no_fetch, date=date)
    cid = ctx.company(company)
    policy = run_policy(followup, cid, deadline_days=deadline_days, no_fees=no_fees)
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
