"""``reskontro overdue|aging|remind|collect|interest|handoff|pdf|rates|followup``:
follow-up of what is unpaid, and the documents a customer receives."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reskontro.cli.common import (
    CompanyOption,
    Context,
    DbOption,
    JsonOption,
    actor,
    console,
    err_console,
    nok,
    parse_date,
    print_json,
    table,
)
from reskontro.domain.followup import FollowupPolicy, percent_to_bp
from reskontro.domain.interest import format_rate
from reskontro.domain.money import parse_nok
from reskontro.errors import ValidationError

if TYPE_CHECKING:
    from collections.abc import Callable

    from reskontro.services.followup import FollowUp

pdf_app = typer.Typer(
    help="Documents as PDF: invoices, credit notes, letters.", no_args_is_help=True
)
rates_app = typer.Typer(
    help="Dated rates: inkassosats (reminder fees), forsinkelsesrente, reminder regime.",
    no_args_is_help=True,
)
followup_app = typer.Typer(
    help="Follow-up settings, holds, disputes, an invoice's history, e-mails.",
    no_args_is_help=True,
)

DateOption = Annotated[
    str | None, typer.Option("--date", help="Look as of this day (default today).")
]
OutDir = Annotated[
    Path | None, typer.Option("--out", help="Also write the PDFs (and .eml e-mails) here.")
]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Show what would happen; change nothing.")]
NoInterest = Annotated[
    bool, typer.Option("--no-interest", help="Leave late-payment interest off the letters.")
]


def register(app: typer.Typer) -> None:
    """Add the follow-up commands to the main ``reskontro`` app."""
    app.command("overdue")(overdue_command)
    app.command("aging")(aging_command)
    app.command("remind")(remind_command)
    app.command("collect")(collect_command)
    app.command("interest")(interest_command)
    app.command("handoff")(handoff_command)
    app.add_typer(pdf_app, name="pdf")
    app.add_typer(rates_app, name="rates")
    app.add_typer(followup_app, name="followup")


def _fetch_hook(ctx: Context) -> Callable[[int], Any] | None:
    """Fetch new bank files first when the company has a bank channel (issue 5's
    automation); without it, or without channels, the run goes on as it is."""
    try:
        from reskontro.channels.mailer import SmtpSettings
        from reskontro.clock import SystemClock
        from reskontro.services.fetch import BankChannels
        from reskontro.services.worker_jobs import build_automation
    except ImportError:  # pragma: no cover - the automation is not installed
        return None

    def fetch(company_id: int) -> Any:
        clock = SystemClock()
        if not BankChannels(ctx.sessions, clock).configs(company_id, enabled_only=True):
            return None
        auto = build_automation(ctx.sessions, clock, smtp=SmtpSettings.from_env())
        return auto.fetcher.fetch(company_id, actor=actor()).to_json()

    return fetch


def _service(ctx: Context, *, fetch: bool = False) -> FollowUp:
    from reskontro.clock import SystemClock
    from reskontro.services.followup import FollowUp
    from reskontro.storage.filestore import FileStore

    return FollowUp(
        ctx.sessions, SystemClock(), FileStore(), fetch_payments=_fetch_hook(ctx) if fetch else None
    )


def _policy(
    service: FollowUp,
    company_id: int,
    *,
    deadline_days: int | None = None,
    first_after: int | None = None,
    max_reminders: int | None = None,
    no_fees: bool = False,
    min_amount: str | None = None,
) -> FollowupPolicy:
    base = service.policy(company_id)
    return FollowupPolicy(
        first_reminder_days=first_after if first_after is not None else base.first_reminder_days,
        deadline_days=deadline_days if deadline_days is not None else base.deadline_days,
        max_reminders=max_reminders if max_reminders is not None else base.max_reminders,
        grace_days=base.grace_days,
        charge_fees=base.charge_fees and not no_fees,
        min_open_ore=parse_nok(min_amount) if min_amount is not None else base.min_open_ore,
    )


# -- overdue and aging ------------------------------------------------------------------


def overdue_command(
    date: DateOption = None, company: CompanyOption = None, db: DbOption = None,
    json: JsonOption = False,
) -> None:  # fmt: skip
    """Overdue invoices, oldest first, with what follow-up they had."""
    ctx = Context(db)
    view = _service(ctx).overdue(ctx.company(company), today=parse_date(date, "--date"))
    if json:
        print_json(view)
        return
    table(
        f"Overdue on {view['date']}",
        ["Invoice", "Customer", "Due", "Days", "Open", "Fees", "Last letter", "Note", "KID"],
        (
            (
                i["number"], f"{i['customer_number']} {i['customer_name']}", i["due_date"],
                i["days_overdue"], nok(i["open_ore"]), nok(i["fees_ore"]) if i["fees_ore"] else "",
                f"{i['last_letter']['kind']} {i['last_letter']['sent_on']}"
                if i["last_letter"] else "",
                _flags(i), i["kid"],
            )
            for i in view["invoices"]
        ),
    )  # fmt: skip
    table(
        "Per customer",
        ["Customer", "Invoices", "Oldest due", "Open"],
        (
            (f"{c['customer_number']} {c['customer_name']}", c["invoices"], c["oldest_due"],
             nok(c["open_ore"]))
            for c in view["customers"]
        ),
    )  # fmt: skip
    console.print(f"Overdue in all: {nok(view['open_ore'])} kr")


def _flags(item: dict[str, Any]) -> str:
    flags = []
    if item["disputed"]:
        flags.append("disputed")
    if item["hold"]:
        flags.append("hold")
    if item["handed_over"]:
        flags.append("handed over")
    return ", ".join(flags)


def aging_command(
    date: DateOption = None, company: CompanyOption = None, db: DbOption = None,
    json: JsonOption = False,
) -> None:  # fmt: skip
    """Open items per customer by days past due: 0-30, 31-60, 61-90, over 90."""
    ctx = Context(db)
    view = _service(ctx).aging(ctx.company(company), today=parse_date(date, "--date"))
    if json:
        print_json(view)
        return
    heads = {"not_due": "Not due", "0-30": "0-30", "31-60": "31-60", "61-90": "61-90",
             "90+": "Over 90"}  # fmt: skip
    columns = ["Customer", *heads.values(), "Credit", "Balance"]
    rows = [
        [f"{c['customer_number']} {c['customer_name']}", *(nok(c[b]) for b in heads),
         nok(c["credit"]), nok(c["balance_ore"])]
        for c in view["customers"]
    ]  # fmt: skip
    totals = view["totals"]
    rows.append(["Total", *(nok(totals[b]) for b in heads), nok(totals["credit"]),
                 nok(totals["balance_ore"])])  # fmt: skip
    table(f"Aging on {view['date']} (days past due)", columns, rows)


# -- letters ----------------------------------------------------------------------------


def remind_command(
    dry_run: DryRun = False,
    out: OutDir = None,
    no_interest: NoInterest = False,
    no_fees: Annotated[bool, typer.Option("--no-fees", help="Charge no fees this run.")] = False,
    deadline_days: Annotated[
        int | None, typer.Option(help="Deadline in days (at least 14).")
    ] = None,
    first_after: Annotated[
        int | None, typer.Option(help="Days past due before the first reminder.")
    ] = None,
    max_reminders: Annotated[
        int | None, typer.Option(help="Reminders before the inkassovarsel (0-2).")
    ] = None,
    min_amount: Annotated[
        str | None, typer.Option(help="No letters for smaller open amounts (NOK).")
    ] = None,
    no_fetch: Annotated[
        bool, typer.Option("--no-fetch", help="Do not fetch bank files first.")
    ] = False,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """The reminder run (purring): fetch payments, then remind what is still overdue."""
    ctx = Context(db)
    service = _service(ctx, fetch=not no_fetch)
    cid = ctx.company(company)
    policy = _policy(
        service, cid, deadline_days=deadline_days, first_after=first_after,
        max_reminders=max_reminders, no_fees=no_fees, min_amount=min_amount,
    )  # fmt: skip
    report = service.remind(
        cid, dry_run=dry_run, policy=policy, with_interest=not no_interest, actor=actor()
    )
    _letters_out(service, cid, report, out, json)


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
    no_fees: Annotated[bool, typer.Option("--no-fees", help="Charge no fees this run.")] = False,
    deadline_days: Annotated[
        int | None, typer.Option(help="Deadline in days (at least 14).")
    ] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Send the inkassovarsel (inkassoloven § 9) where a reminder's deadline was missed."""
    ctx = Context(db)
    service = _service(ctx)
    cid = ctx.company(company)
    policy = _policy(service, cid, deadline_days=deadline_days, no_fees=no_fees)
    report = service.collect(
        cid, dry_run=dry_run, policy=policy, combined=combined, with_interest=not no_interest,
        actor=actor(),
    )  # fmt: skip
    _letters_out(service, cid, report, out, json)


def _letters_out(
    service: FollowUp, company_id: int, report: dict[str, Any], out: Path | None, as_json: bool
) -> None:
    files = (
        _write_letters(service, company_id, report, out) if out and not report["dry_run"] else []
    )
    report["files"] = [str(f) for f in files]
    if as_json:
        print_json(report)
        return
    what = "Reminders" if report["kind"] == "reminder" else "Inkassovarsel"
    title = f"{what} {'to send' if report['dry_run'] else 'sent'} on {report['date']}"
    table(
        title,
        ["Invoice", "Customer", "Letter", "Fee", "Deadline", "Principal", "Interest", "To pay",
         "By"],
        (
            (x["invoice_number"], f"{x['customer_number']} {x['customer_name']}",
             _letter_name(report["kind"], x), nok(x["fee_ore"]), x["deadline"],
             nok(x["principal_ore"]), nok(x["interest_ore"]), nok(x["amount_due_ore"]),
             x["delivery"])
            for x in report["letters"]
        ),
    )  # fmt: skip
    if report["skipped"]:
        table(
            "Not sent",
            ["Invoice", "Customer", "Open", "Why"],
            (
                (s["number"], f"{s['customer_number']} {s['customer_name']}", nok(s["open_ore"]),
                 s["reason"])
                for s in report["skipped"]
            ),
        )  # fmt: skip
    for warning in report.get("warnings", []):
        err_console.print(f"warning: {warning}", markup=False)
    if report.get("inbox_waiting"):
        err_console.print(
            f"note: {report['inbox_waiting']} payment(s) wait in the voucher inbox"
            " (`reskontro inbox list`); some may pay these invoices."
        )
    if report["dry_run"]:
        console.print("Dry run: nothing was recorded.")
        return
    pending = sum(1 for m in report["messages"] if m["status"] == "pending")
    printed = sum(1 for m in report["messages"] if m["status"] == "print")
    console.print(f"{len(report['letters'])} letter(s); {pending} e-mail(s) queued, {printed}"
                  " to print and post (no e-mail address).")  # fmt: skip
    for path in files:
        console.print(f"  wrote {path}")


def _letter_name(kind: str, letter: dict[str, Any]) -> str:
    if kind == "reminder":
        return f"reminder {letter['level']}"
    return "purring og inkassovarsel" if letter.get("combined") else "inkassovarsel"


def _write_letters(
    service: FollowUp, company_id: int, report: dict[str, Any], out: Path
) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for letter in report["letters"]:
        pdf, name = service.document_pdf(company_id, letter["document_id"])
        path = out / name
        path.write_bytes(pdf)
        written.append(path)
    written.extend(_write_eml(service, company_id, m["id"], out) for m in report["messages"])
    return written


def _write_eml(service: FollowUp, company_id: int, message_id: int, out: Path) -> Path:
    from reskontro.formats.pdf.message import to_mime

    company = service.books.company(company_id)
    email = service.email(company_id, message_id)
    sender = company.get("email") or "faktura@localhost"
    path = out / f"message-{message_id}.eml"
    path.write_bytes(to_mime(email, sender, company["name"]))
    return path


# -- interest and hand-off --------------------------------------------------------------


def interest_command(
    until: Annotated[str | None, typer.Option(help="Interest up to this day (default today).")]
    = None,
    invoice: Annotated[
        bool, typer.Option("--invoice", help="Issue an interest note (an invoice) per customer.")
    ] = False,
    min_amount: Annotated[
        str, typer.Option(help="No interest note below this amount (NOK).")
    ] = "1",
    out: OutDir = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:  # fmt: skip
    """Late-payment interest (forsinkelsesrente) not yet invoiced; --invoice bills it."""
    ctx = Context(db)
    service = _service(ctx)
    cid = ctx.company(company)
    report = service.interest(
        cid, until=parse_date(until, "--until"), invoice=invoice, min_ore=parse_nok(min_amount),
        actor=actor(),
    )  # fmt: skip
    files = []
    if out and report["notes"]:
        out.mkdir(parents=True, exist_ok=True)
        for note in report["notes"]:
            pdf, name = service.document_pdf(cid, note["document_id"])
            (out / name).write_bytes(pdf)
            files.append(out / name)
            if note["message"]:
                files.append(_write_eml(service, cid, note["message"]["id"], out))
    report["files"] = [str(f) for f in files]
    if json:
        print_json(report)
        return
    table(
        f"Late-payment interest to {report['until']}",
        ["Customer", "Invoice", "Due", "Open", "From", "To", "Rates", "Interest"],
        (
            (f"{c['customer_number']} {c['customer_name']}", i["number"], i["due_date"],
             nok(i["open_ore"]), i["from"], i["to"],
             ", ".join(dict.fromkeys(format_rate(p["rate_bp"]) for p in i["parts"])),
             nok(i["interest_ore"]))
            for c in report["customers"]
            for i in c["invoices"]
        ),
    )  # fmt: skip
    console.print(f"Interest in all: {nok(report['interest_ore'])} kr")
    for c in report["customers"]:
        if c.get("not_invoiced"):
            console.print(f"  {c['customer_name']}: not invoiced, {c['not_invoiced']}")
    for note in report["notes"]:
        console.print(f"  interest note: invoice id {note['invoice_id']} ({note['filename']})")
    for path in files:
        console.print(f"  wrote {path}")


def handoff_command(
    dry_run: DryRun = False,
    invoice: Annotated[
        list[int] | None,
        typer.Option(
            "--invoice",
            help="Also this overdue invoice without an inkassovarsel (repeat for more).",
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder for handoff-N.csv and handoff-N.json.")
    ] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Export the claims for debt collection (CSV and JSON) and mark them handed over."""
    ctx = Context(db)
    service = _service(ctx)
    cid = ctx.company(company)
    report = service.handoff(cid, dry_run=dry_run, invoice_ids=invoice or (), actor=actor())
    files: list[Path] = []
    if out is not None and report["claims"]:
        import json as jsonlib

        out.mkdir(parents=True, exist_ok=True)
        stem = f"handoff-{report['handoff_id']}" if report["handoff_id"] else "handoff-preview"
        (out / f"{stem}.csv").write_text(report["csv"], encoding="utf-8")
        (out / f"{stem}.json").write_text(
            jsonlib.dumps(report["json"], ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        files = [out / f"{stem}.csv", out / f"{stem}.json"]
    if json:
        print_json(
            {k: v for k, v in report.items() if k != "csv"} | {"files": [str(f) for f in files]}
        )
        return
    table(
        f"Claims for debt collection {'(dry run)' if dry_run else ''}",
        ["Invoice", "Customer", "KID", "Due", "Principal", "Fees", "Interest", "Notice"],
        (
            (r["invoice_number"], f"{r['customer_number']} {r['customer_name']}", r["kid"],
             r["due_date"], nok(r["principal_ore"]), nok(r["fees_ore"]), nok(r["interest_ore"]),
             r["notice_date"] or "none")
            for r in report["claims"]
        ),
    )  # fmt: skip
    if report["handoff_id"]:
        console.print(f"Hand-off {report['handoff_id']}: {len(report['claims'])} claim(s) marked"
                      " as handed over.")  # fmt: skip
    elif not report["claims"]:
        console.print("Nothing to hand over.")
    for path in files:
        console.print(f"  wrote {path}")


# -- pdf --------------------------------------------------------------------------------


@pdf_app.command("invoice")
def pdf_invoice(
    invoice_id: Annotated[int, typer.Argument(help="The invoice's (or credit note's) id.")],
    out: Annotated[Path, typer.Option("--out", help="The PDF file to write.")],
    eml: Annotated[
        Path | None, typer.Option(help="Also write the e-mail that carries it (.eml).")
    ] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Write an issued invoice or credit note as PDF (recorded on its history)."""
    from reskontro.formats.pdf.message import to_mime

    ctx = Context(db)
    service = _service(ctx)
    cid = ctx.company(company)
    result = service.invoice_pdf(cid, invoice_id, actor=actor())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(result["pdf"])
    if eml is not None:
        view = service.books.company(cid)
        eml.write_bytes(to_mime(result["email"], view.get("email") or "faktura@localhost",
                                view["name"]))  # fmt: skip
    summary = {
        "document_id": result["document_id"], "file": str(out), "sha256": result["sha256"],
        "bytes": len(result["pdf"]), "subject": result["email"].subject,
        "eml": str(eml) if eml else None,
    }  # fmt: skip
    if json:
        print_json(summary)
    else:
        typer.echo(f"wrote {out} ({summary['bytes']} bytes, document {summary['document_id']})")


@pdf_app.command("letter")
def pdf_letter(
    document_id: Annotated[int, typer.Argument(help="The document's id (reskontro followup"
                                                    " history).")],
    out: Annotated[Path, typer.Option("--out", help="The PDF file to write.")],
    company: CompanyOption = None,
    db: DbOption = None,
) -> None:  # fmt: skip
    """Write a recorded document (reminder, inkassovarsel, invoice PDF) again, as sent."""
    ctx = Context(db)
    pdf, _name = _service(ctx).document_pdf(ctx.company(company), document_id)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    typer.echo(f"wrote {out} ({len(pdf)} bytes)")


# -- rates ------------------------------------------------------------------------------


@rates_app.command("list")
def rates_list(db: DbOption = None, json: JsonOption = False) -> None:
    """Every dated rate: shipped with reskontro or added here. VERIFY = secondary source."""
    rows = _service(Context(db)).rates()
    if json:
        print_json(rows)
        return
    table(
        "Dated rates",
        ["Kind", "From", "Value", "Fee", "Verify", "Origin", "Source"],
        (
            (r["kind"], r["valid_from"], _rate_value(r),
             nok(r["fee_ore"]) if "fee_ore" in r else "", "VERIFY" if r["verify"] else "",
             r["origin"], r["source"][:60])
            for r in rows
        ),
    )  # fmt: skip


def _rate_value(row: dict[str, Any]) -> str:
    if row["kind"] == "inkassosats":
        return f"{nok(row['amount_ore'])} kr"
    if row["kind"] == "interest":
        policy = row.get("policy_rate_bp")
        extra = f" (policy {format_rate(policy)})" if policy is not None else ""
        return format_rate(row["rate_bp"]) + extra
    return str(row["name"])


@rates_app.command("add")
def rates_add(
    kind: Annotated[str, typer.Argument(help="inkassosats, interest or regime.")],
    valid_from: Annotated[str, typer.Option("--from", help="First day it holds.")],
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
    name: Annotated[str | None, typer.Option(help="Regime name, e.g. inkassolov-2026.")] = None,
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
    view = _service(Context(db)).add_rate(
        kind, start,
        amount_ore=parse_nok(amount) if amount is not None else None,
        fee_rounding=rounding,
        rate_bp=percent_to_bp(rate, "--rate") if rate is not None else None,
        policy_rate_bp=percent_to_bp(policy_rate, "--policy-rate") if policy_rate else None,
        regime=name, source=source, verify=verify, actor=actor(),
    )  # fmt: skip
    if json:
        print_json(view)
    else:
        typer.echo(f"{kind} from {view['valid_from']} saved")


# -- followup: settings, holds, disputes, history, e-mail --------------------------------


@followup_app.command("settings")
def followup_settings(
    first_after: Annotated[int | None, typer.Option(help="Days past due before reminder 1.")]
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
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:  # fmt: skip
    """Show or change the company's follow-up pace (the law's limits always hold)."""
    ctx = Context(db)
    service = _service(ctx)
    cid = ctx.company(company)
    changes = {
        "first_reminder_days": first_after, "deadline_days": deadline_days,
        "max_reminders": max_reminders, "grace_days": grace_days, "charge_fees": fees,
        "min_open_ore": parse_nok(min_amount) if min_amount is not None else None,
    }  # fmt: skip
    if any(v is not None for v in changes.values()):
        view = service.set_policy(cid, actor=actor(), **changes)
    else:
        from reskontro.services.followup import policy_view

        view = policy_view(service.policy(cid))
    if json:
        print_json(view)
        return
    for key, value in view.items():
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
    ctx = Context(db)
    view = _service(ctx).add_hold(
        ctx.company(company), customer_number=customer, invoice_id=invoice, reason=reason,
        until=parse_date(until, "--until"), actor=actor(),
    )  # fmt: skip
    if json:
        print_json(view)
    else:
        typer.echo(f"hold {view['id']} added")


@followup_app.command("holds")
def followup_holds(
    all_holds: Annotated[bool, typer.Option("--all", help="Also released and past holds.")]
    = False,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:  # fmt: skip
    """List holds."""
    ctx = Context(db)
    rows = _service(ctx).holds(ctx.company(company), all_holds=all_holds)
    if json:
        print_json(rows)
        return
    table(
        "Holds",
        ["Id", "Customer id", "Invoice id", "Until", "Reason", "Released"],
        ((h["id"], h["customer_id"], h["invoice_id"], h["until"], h["reason"], h["released_at"])
         for h in rows),
    )  # fmt: skip


@followup_app.command("release")
def followup_release(
    hold_id: Annotated[int, typer.Argument(help="The hold's id.")],
    company: CompanyOption = None,
    db: DbOption = None,
) -> None:
    """Release a hold."""
    ctx = Context(db)
    _service(ctx).release_hold(ctx.company(company), hold_id, actor=actor())
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
    ctx = Context(db)
    view = _service(ctx).dispute(
        ctx.company(company), invoice_id, reason=reason, resolve=resolve, actor=actor()
    )
    if json:
        print_json(view)
    else:
        state = "disputed" if view["disputed"] else "no longer disputed"
        typer.echo(f"invoice {view['number']} is {state}")


@followup_app.command("history")
def followup_history(
    invoice_id: Annotated[int, typer.Argument(help="The invoice's id.")],
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """An invoice's documents (PDFs, letters, interest notes) and events."""
    ctx = Context(db)
    view = _service(ctx).history(ctx.company(company), invoice_id)
    if json:
        print_json(view)
        return
    table(
        f"Documents of invoice {view['number']}",
        ["Id", "Kind", "Date", "Deadline", "Fee", "Interest", "File", "E-mail"],
        ((d["id"], d["kind"], d["sent_on"], d["deadline"], nok(d["fee_ore"]),
          nok(d["interest_ore"]), d["filename"], d["message_id"]) for d in view["documents"]),
    )  # fmt: skip
    table(
        "Events",
        ["At", "Who", "What"],
        ((e["at"][:19], e["actor"], e["action"]) for e in view["events"]),
    )


@followup_app.command("messages")
def followup_messages(
    status: Annotated[str | None, typer.Option(help="pending, print, sent or failed.")] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """E-mails composed by follow-up runs (and letters to print)."""
    ctx = Context(db)
    rows = _service(ctx).messages(ctx.company(company), status=status)
    if json:
        print_json(rows)
        return
    table(
        "Messages",
        ["Id", "To", "Subject", "Status", "Documents"],
        ((m["id"], m["to"] or "(print)", m["subject"], m["status"],
          ", ".join(str(d) for d in m["documents"])) for m in rows),
    )  # fmt: skip


@followup_app.command("email")
def followup_email(
    message_id: Annotated[int, typer.Argument(help="The message's id.")],
    out: Annotated[Path, typer.Option("--out", help="The .eml file to write.")],
    company: CompanyOption = None,
    db: DbOption = None,
) -> None:
    """Write a composed e-mail with its PDFs as an .eml file."""
    ctx = Context(db)
    out.parent.mkdir(parents=True, exist_ok=True)
    written = _write_eml(_service(ctx), ctx.company(company), message_id, out.parent)
    written.replace(out)
    typer.echo(f"wrote {out}")


__all__ = ["register"]
