"""``reskontro overdue|aging|remind|collect|interest|handoff|pdf|rates|followup``:
follow-up of what is unpaid, and the documents a customer receives.

This module holds what is unpaid and the letter runs; :mod:`.followup_claim_cmds`
interest, hand-off and PDFs; :mod:`.followup_admin_cmds` rates, settings, holds,
disputes, history and e-mails."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from reskontro.cli.common import (
    CompanyOption,
    DbOption,
    JsonOption,
    actor,
    console,
    err_console,
    nok,
    open_company,
    parse_date,
    table,
)
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
    print_result,
    service,
    write_eml,
)
from reskontro.domain.followup import Bucket, LetterKind
from reskontro.i18n import render

if TYPE_CHECKING:
    from pathlib import Path

    from reskontro.services.followup import FollowUp
    from reskontro.services.followup.letters import LetterSent, PlannedLetter
    from reskontro.services.followup.overdue import OverdueInvoice
    from reskontro.services.followup.reminders import LetterRun


def register(app: typer.Typer) -> None:
    """Add the follow-up commands to the main ``reskontro`` app."""
    from reskontro.cli import followup_admin_cmds, followup_claim_cmds, followup_demand_cmds

    app.command("overdue")(overdue_command)
    app.command("aging")(aging_command)
    app.command("remind")(remind_command)
    app.command("collect")(collect_command)
    followup_demand_cmds.register(app)
    app.command("interest")(followup_claim_cmds.interest_command)
    app.command("handoff")(followup_claim_cmds.handoff_command)
    app.add_typer(followup_claim_cmds.pdf_app, name="pdf")
    app.add_typer(followup_admin_cmds.rates_app, name="rates")
    app.add_typer(followup_admin_cmds.followup_app, name="followup")


# -- overdue and aging ------------------------------------------------------------------


def overdue_command(
    date: DateOption = None, company: CompanyOption = None, db: DbOption = None,
    json: JsonOption = False,
) -> None:  # fmt: skip
    """Overdue invoices, oldest first, with what follow-up they had."""
    ctx, company_id = open_company(db, company)
    view = service(ctx).overdue(company_id, today=parse_date(date, "--date"))
    if json:
        print_result(view)
        return
    table(
        f"Overdue on {view.date}",
        ["Invoice", "Customer", "Due", "Days", "Open", "Fees", "Last letter", "Note", "KID"],
        (
            (
                i.number, f"{i.customer_number} {i.customer_name}", i.due_date,
                i.days_overdue, nok(i.open_ore), nok(i.fees_ore) if i.fees_ore else "",
                f"{i.last_letter.kind} {i.last_letter.sent_on}" if i.last_letter else "",
                _flags(i), i.kid,
            )
            for i in view.invoices
        ),
    )  # fmt: skip
    table(
        "Per customer",
        ["Customer", "Invoices", "Oldest due", "Open"],
        (
            (f"{c.customer_number} {c.customer_name}", c.invoices, c.oldest_due, nok(c.open_ore))
            for c in view.customers
        ),
    )
    console.print(f"Overdue in all: {nok(view.open_ore)} kr")


def _flags(item: OverdueInvoice) -> str:
    flags = []
    if item.disputed:
        flags.append("disputed")
    if item.hold:
        flags.append("hold")
    if item.handed_over:
        flags.append("handed over")
    return ", ".join(flags)


AGING_HEADS = {Bucket.NOT_DUE: "Not due", Bucket.DAYS_0_30: "0-30", Bucket.DAYS_31_60: "31-60",
               Bucket.DAYS_61_90: "61-90", Bucket.OVER_90: "Over 90"}  # fmt: skip


def aging_command(
    date: DateOption = None, company: CompanyOption = None, db: DbOption = None,
    json: JsonOption = False,
) -> None:  # fmt: skip
    """Open items per customer by days past due: 0-30, 31-60, 61-90, over 90."""
    ctx, company_id = open_company(db, company)
    view = service(ctx).aging(company_id, today=parse_date(date, "--date"))
    if json:
        print_result(view)
        return
    columns = ["Customer", *AGING_HEADS.values(), "Credit", "Balance"]
    rows = [
        [f"{c.customer_number} {c.customer_name}", *(nok(c.bucket(b)) for b in AGING_HEADS),
         nok(c.credit), nok(c.balance_ore)]
        for c in view.customers
    ]  # fmt: skip
    totals = view.totals
    rows.append(["Total", *(nok(totals.bucket(b)) for b in AGING_HEADS), nok(totals.credit),
                 nok(totals.balance_ore)])  # fmt: skip
    table(f"Aging on {view.date} (days past due)", columns, rows)
    if view.note is not None:
        console.print(f"Note: {render(view.note, 'en')}")


# -- letters ----------------------------------------------------------------------------


def remind_command(
    dry_run: DryRun = False,
    out: OutDir = None,
    no_interest: NoInterest = False,
    no_fees: NoFees = False,
    deadline_days: DeadlineDays = None,
    first_after: Annotated[
        int | None,
        typer.Option(
            "--first-after",
            "--first-reminder-days",
            help="Days past due before the first reminder.",
        ),
    ] = None,
    max_reminders: Annotated[
        int | None, typer.Option(help="Reminders before the inkassovarsel (0-2).")
    ] = None,
    min_amount: Annotated[
        str | None, typer.Option(help="No letters for smaller open amounts (NOK).")
    ] = None,
    no_fetch: NoFetch = False,
    date: DateOption = None,
    anyway: Anyway = False,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """The reminder run (purring): fetch payments, then remind what is still overdue."""
    followup, cid, policy = letter_run(
        db, company, no_fetch=no_fetch, date=date, deadline_days=deadline_days,
        first_after=first_after, max_reminders=max_reminders, no_fees=no_fees,
        min_amount=min_amount,
    )  # fmt: skip
    report = followup.remind(
        cid, dry_run=dry_run, policy=policy, with_interest=not no_interest, anyway=anyway,
        actor=actor(),
    )  # fmt: skip
    _letters_out(followup, cid, report, out, json)


def collect_command(
    dry_run: DryRun = False,
    combined: Annotated[
        bool,
        typer.Option(
            "--combined",
            help="Also to overdue invoices with no reminder yet (purring og inkassovarsel).",
        ),
    ] = False,
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
    """Send the inkassovarsel (inkassoloven § 9) where a reminder's deadline was missed."""
    followup, cid, policy = letter_run(
        db, company, no_fetch=no_fetch, date=date, deadline_days=deadline_days, no_fees=no_fees
    )
    report = followup.collect(
        cid, dry_run=dry_run, policy=policy, combined=combined, with_interest=not no_interest,
        anyway=anyway, actor=actor(),
    )  # fmt: skip
    _letters_out(followup, cid, report, out, json)


def _letters_out(
    followup: FollowUp, company_id: int, report: LetterRun, out: Path | None, as_json: bool
) -> None:
    files = _write_letters(followup, company_id, report, out) if out and not report.dry_run else []
    if as_json:
        print_result(report, files=[str(f) for f in files])
        return
    what = {LetterKind.REMINDER: "Reminders", LetterKind.NOTICE: "Inkassovarsel"}.get(
        report.kind, "Betalingsoppfordring"
    )
    title = f"{what} {'to send' if report.dry_run else 'sent'} on {report.date}"
    table(
        title,
        ["Invoice", "Customer", "Letter", "Fee", "Deadline", "Principal", "Interest", "To pay",
         "By"],
        (
            (x.invoice_number, f"{x.customer_number} {x.customer_name}",
             _letter_name(report.kind, x), nok(x.fee_ore), x.deadline,
             nok(x.principal_ore), nok(x.interest_ore), nok(x.amount_due_ore), x.delivery)
            for x in report.letters
        ),
    )  # fmt: skip
    if report.skipped:
        table(
            "Not sent",
            ["Invoice", "Customer", "Open", "Why"],
            (
                (
                    s.number,
                    f"{s.customer_number} {s.customer_name}",
                    nok(s.open_ore),
                    render(s.reason),
                )
                for s in report.skipped
            ),
        )
    for warning in report.warnings:
        err_console.print(f"warning: {render(warning)}", markup=False)
    if report.inbox_waiting:
        err_console.print(
            f"note: {report.inbox_waiting} payment(s) wait in the voucher inbox"
            " (`reskontro inbox list`); some may pay these invoices."
        )
    if report.dry_run:
        console.print("Dry run: nothing was recorded.")
        return
    pending = sum(1 for m in report.messages if m.status == "pending")
    printed = sum(1 for m in report.messages if m.status == "print")
    console.print(f"{len(report.letters)} letter(s); {pending} e-mail(s) queued, {printed}"
                  " to print and post (no e-mail address).")  # fmt: skip
    for path in files:
        console.print(f"  wrote {path}")


def _letter_name(kind: LetterKind, letter: PlannedLetter | LetterSent) -> str:
    if kind is LetterKind.REMINDER:
        return f"reminder {letter.level}"
    if kind is LetterKind.DEMAND:
        return "betalingsoppfordring"
    combined = getattr(letter, "combined", False)
    return "purring og inkassovarsel" if combined else "inkassovarsel"


def _write_letters(followup: FollowUp, company_id: int, report: LetterRun, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for letter in report.letters:
        document_id = getattr(letter, "document_id", None)
        if document_id is None:  # pragma: no cover - a dry run writes no files
            continue
        pdf = followup.document_pdf(company_id, document_id)
        path = out / pdf.filename
        path.write_bytes(pdf.content)
        written.append(path)
    written.extend(write_eml(followup, company_id, m.id, out) for m in report.messages)
    return written


__all__ = ["register"]
