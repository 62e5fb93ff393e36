"""``reskontro rates|followup``: dated rates; a company's follow-up settings, holds,
disputes, an invoice's history, the e-mails composed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reskontro.cli.common import (
    CompanyOption,
    Context,
    DbOption,
    JsonOption,
    actor,
    nok,
    open_company,
    parse_date,
    table,
)
from reskontro.cli.followup_common import print_result, service, write_eml
from reskontro.clock import oslo_time
from reskontro.domain.followup import percent_to_bp
from reskontro.domain.interest import format_rate
from reskontro.domain.money import parse_nok
from reskontro.errors import ValidationError
from reskontro.jsonable import to_jsonable
from reskontro.services.followup.rates import InkassosatsRow, InterestRow

if TYPE_CHECKING:
    from reskontro.services.followup.rates import RateRow

rates_app = typer.Typer(
    help="Dated rates: inkassosats (reminder fees), forsinkelsesrente, reminder regime.",
    no_args_is_help=True,
)
followup_app = typer.Typer(
    help="Follow-up settings, holds, disputes, an invoice's history, e-mails.",
    no_args_is_help=True,
)


# -- rates ------------------------------------------------------------------------------


@rates_app.command("list")
def rates_list(db: DbOption = None, json: JsonOption = False) -> None:
    """Every dated rate: shipped with reskontro or added here. VERIFY = secondary source."""
    rows = service(Context(db)).rates()
    if json:
        print_result(rows)
        return
    table(
        "Dated rates",
        ["Kind", "From", "Value", "Fee", "Verify", "Origin", "Source"],
        (
            (r.kind, r.valid_from, _rate_value(r),
             nok(r.fee_ore) if isinstance(r, InkassosatsRow) else "",
             "VERIFY" if r.verify else "", r.origin, r.source[:60])
            for r in rows
        ),
    )  # fmt: skip


def _rate_value(row: RateRow) -> str:
    if isinstance(row, InkassosatsRow):
        return f"{nok(row.amount_ore)} kr"
    if isinstance(row, InterestRow):
        policy = row.policy_rate_bp
        extra = f" (policy {format_rate(policy)})" if policy is not None else ""
        return format_rate(row.rate_bp) + extra
    return str(row.name)


@rates_app.command("add")
def rates_add(
    kind: Annotated[str, typer.Argument(help="inkassosats, interest or regime.")],
    valid_from: Annotated[str, typer.Option("--from", "--valid-from", help="First day it holds.")],
    amount: Annotated[str | None, typer.Option(help="Inkassosats in NOK, e.g. 750.")] = None,
    rounding: Annotated[
        str, typer.Option(help="Fee rounding for an inkassosats: krone or ore.")
    ] = "krone",
    rate: Annotated[
        str | None, typer.Option(help="Forsinkelsesrente in percent p.a., e.g. 12.25.")
    ] = None,
    policy_rate: Annotated[
        str | None, typer.Option(help="Norges Bank's policy rate; the rate is it + 8.")
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", "--regime", help="Regime name, e.g. inkassolov-2026.")
    ] = None,
    source: Annotated[str, typer.Option(help="Where the value comes from.")] = "",
    verify: Annotated[
        bool, typer.Option("--verify", help="Mark it as not checked against Lovdata.")
    ] = False,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Add a dated rate (or correct the one of that kind and date)."""
    start = parse_date(valid_from, "--from")
    if start is None:  # pragma: no cover - typer requires the option
        raise ValidationError("--from is needed")
    view = service(Context(db)).add_rate(
        kind, start,
        amount_ore=parse_nok(amount) if amount is not None else None,
        fee_rounding=rounding,
        rate_bp=percent_to_bp(rate, "--rate") if rate is not None else None,
        policy_rate_bp=percent_to_bp(policy_rate, "--policy-rate") if policy_rate else None,
        regime=name, source=source, verify=verify, actor=actor(),
    )  # fmt: skip
    if json:
        print_result(view)
    else:
        typer.echo(f"{kind} from {view.valid_from} saved")


# -- followup: settings, holds, disputes, history, e-mail --------------------------------


@followup_app.command("settings")
def followup_settings(
    first_after: Annotated[int | None, typer.Option("--first-after", "--first-reminder-days",
                                                    help="Days past due before reminder 1.")]
    = None,
    deadline_days: Annotated[int | None, typer.Option(help="Deadline (at least 14).")] = None,
    max_reminders: Annotated[int | None, typer.Option(help="Reminders before the notice.")]
    = None,
    grace_days: Annotated[
        int | None, typer.Option(help="Days after a deadline before it counts as missed.")
    ] = None,
    fees: Annotated[bool | None, typer.Option("--fees/--no-fees", help="Charge fees.")] = None,
    min_amount: Annotated[str | None, typer.Option(help="Smallest amount to remind (NOK).")]
    = None,
    self_collect: Annotated[bool | None, typer.Option(
        "--self-collect/--no-self-collect",
        help="The company collects its own claims: a betalingsoppfordring (reskontro demand)"
             " after the inkassovarsel, before the hand-off.")] = None,
    transit_bank_days: Annotated[int | None, typer.Option(
        help="Bank days a payment needs to reach the bank's file (default 2).")] = None,
    fresh_bank_days: Annotated[int | None, typer.Option(
        help="How old (bank days) the last bank file may be for a run to send (default 1).")]
    = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:  # fmt: skip
    """Show or change the company's follow-up pace (the law's limits always hold)."""
    ctx, cid = open_company(db, company)
    followup = service(ctx)
    changes = (first_after, deadline_days, max_reminders, grace_days, fees, min_amount,
               transit_bank_days, fresh_bank_days, self_collect)  # fmt: skip
    if any(v is not None for v in changes):
        policy = followup.set_policy(
            cid, first_reminder_days=first_after, deadline_days=deadline_days,
            max_reminders=max_reminders, grace_days=grace_days, charge_fees=fees,
            min_open_ore=parse_nok(min_amount) if min_amount is not None else None,
            transit_bank_days=transit_bank_days, fresh_bank_days=fresh_bank_days,
            self_collect=self_collect, actor=actor(),
        )  # fmt: skip
    else:
        policy = followup.policy(cid)
    if json:
        print_result(policy)
        return
    for key, value in to_jsonable(policy).items():
        typer.echo(f"{key:>20}: {value}")


@followup_app.command("hold")
def followup_hold(
    reason: Annotated[str, typer.Option(help="Why (shown in every run).")],
    customer: Annotated[int | None, typer.Option(help="Customer number.")] = None,
    invoice: Annotated[int | None, typer.Option(help="Invoice id.")] = None,
    until: Annotated[str | None, typer.Option(help="Last day of the hold.")] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Hold back reminders and notices for a customer or an invoice."""
    ctx, company_id = open_company(db, company)
    view = service(ctx).add_hold(
        company_id, customer_number=customer, invoice_id=invoice, reason=reason,
        until=parse_date(until, "--until"), actor=actor(),
    )  # fmt: skip
    if json:
        print_result(view)
    else:
        typer.echo(f"hold {view.id} added")


@followup_app.command("holds")
def followup_holds(
    all_holds: Annotated[bool, typer.Option("--all", help="Also released and past holds.")]
    = False,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:  # fmt: skip
    """List holds."""
    ctx, company_id = open_company(db, company)
    rows = service(ctx).holds(company_id, all_holds=all_holds)
    if json:
        print_result(rows)
        return
    table(
        "Holds",
        ["Id", "Customer id", "Invoice id", "Until", "Reason", "Released"],
        ((h.id, h.customer_id, h.invoice_id, h.until, h.reason,
          oslo_time(h.released_at) if h.released_at else None) for h in rows),
    )  # fmt: skip


@followup_app.command("release")
def followup_release(
    hold_id: Annotated[int, typer.Argument(help="The hold's id.")],
    company: CompanyOption = None,
    db: DbOption = None,
) -> None:
    """Release a hold."""
    ctx, company_id = open_company(db, company)
    service(ctx).release_hold(company_id, hold_id, actor=actor())
    typer.echo(f"hold {hold_id} released")


@followup_app.command("dispute")
def followup_dispute(
    invoice_id: Annotated[int, typer.Argument(help="The invoice's id.")],
    reason: Annotated[str | None, typer.Option(help="The debtor's objection.")] = None,
    resolve: Annotated[bool, typer.Option("--resolve", help="The dispute is settled.")] = False,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Mark an invoice disputed: no reminders, notices or hand-off until resolved."""
    ctx, company_id = open_company(db, company)
    view = service(ctx).dispute(
        company_id, invoice_id, reason=reason, resolve=resolve, actor=actor()
    )
    if json:
        print_result(view)
    else:
        state = "disputed" if view.disputed else "no longer disputed"
        typer.echo(f"invoice {view.number} is {state}")


@followup_app.command("history")
def followup_history(
    invoice_id: Annotated[int, typer.Argument(help="The invoice's id.")],
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """An invoice's documents (PDFs, letters, interest notes) and events."""
    ctx, company_id = open_company(db, company)
    view = service(ctx).history(company_id, invoice_id)
    if json:
        print_result(view)
        return
    table(
        f"Documents of invoice {view.number}",
        ["Id", "Kind", "Date", "Deadline", "Fee", "Interest", "File", "E-mail"],
        ((d.id, d.kind, d.sent_on, d.deadline, nok(d.fee_ore), nok(d.interest_ore), d.filename,
          d.message_id) for d in view.documents),
    )  # fmt: skip
    table(
        "Events",
        ["At (Oslo)", "Who", "What"],
        ((oslo_time(e.at, seconds=True), e.actor, e.action) for e in view.events),
    )


@followup_app.command("messages")
def followup_messages(
    status: Annotated[str | None, typer.Option(help="pending, print, sent or failed.")] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """E-mails composed by follow-up runs (and letters to print)."""
    ctx, company_id = open_company(db, company)
    rows = service(ctx).messages(company_id, status=status)
    if json:
        print_result(rows)
        return
    table(
        "Messages",
        ["Id", "To", "Subject", "Status", "Documents"],
        ((m.id, m.to or "(print)", m.subject, m.status, ", ".join(str(d) for d in m.documents))
         for m in rows),
    )  # fmt: skip


@followup_app.command("email")
def followup_email(
    message_id: Annotated[int, typer.Argument(help="The message's id.")],
    out: Annotated[Path, typer.Option("--out", help="The .eml file to write.")],
    company: CompanyOption = None,
    db: DbOption = None,
) -> None:
    """Write a composed e-mail with its PDFs as an .eml file."""
    ctx, company_id = open_company(db, company)
    out.parent.mkdir(parents=True, exist_ok=True)
    written = write_eml(service(ctx), company_id, message_id, out.parent)
    written.replace(out)
    typer.echo(f"wrote {out}")


__all__ = ["followup_app", "rates_app"]
