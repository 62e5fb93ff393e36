"""``reskontro parse|payments``: payments in (the voucher inbox: ``inbox_cmds``)."""

from __future__ import annotations

import json as jsonlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reskontro.cli.common import (
    CompanyOption,
    Context,
    DbOption,
    JsonOption,
    actor,
    answer,
    console,
    err_console,
    nok,
    open_company,
    print_json,
    table,
    table_or_json,
)
from reskontro.clock import oslo_time
from reskontro.domain.money import parse_nok
from reskontro.errors import FileFormatError, ValidationError

if TYPE_CHECKING:
    from reskontro.services.payments import ImportSummary

payments_app = typer.Typer(
    help="Import bank files (Nets OCR Giro, camt.054).", no_args_is_help=True
)
FileArg = Annotated[Path, typer.Argument(help="A Nets OCR Giro or camt.054 file.", metavar="FILE")]


def parse_command(file: FileArg, json: JsonOption = False) -> None:
    """Read a payment file and print its payments; nothing is booked."""
    from reskontro.services.payments.files import read_payment_file

    if not file.is_file():
        raise ValidationError(f"{file}: no such file")
    try:
        content = read_payment_file(file.read_bytes())
    except FileFormatError as exc:
        raise FileFormatError(
            exc.msg or exc.reason,
            line=exc.line,
            field=exc.field,
            path=f"{file}" + (f" {exc.path}" if exc.path else ""),
            others=exc.others,
        ) from None
    payments = tuple(content.payments)
    if json:
        out = sys.stdout
        for p in payments:
            out.write(
                jsonlib.dumps(
                    {
                        "line": p.line,
                        "amount_ore": p.amount_ore,
                        "kid": p.kid,
                        "date": p.date.isoformat(),
                        "message": p.message,
                        "value_date": p.value_date.isoformat() if p.value_date else None,
                        "payer_name": p.payer_name,
                        "payer_account": p.payer_account,
                        "account": p.account,
                        "key": p.key,
                        "bank_reference": p.bank_reference,
                        "transaction_type": p.transaction_type,
                        "location": p.location,
                        "entry_info": p.entry_info,
                        "remittance_info": p.remittance_info,
                        "creditor_reference": p.creditor_reference,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
        return
    table(
        f"{file.name}: {content.format}, {len(payments)} payments",
        ["Line", "Date", "KID", "Amount", "Payer", "Message"],
        (
            (p.line, p.date, p.kid, nok(p.amount_ore), p.payer_name or p.payer_account, p.message)
            for p in payments
        ),
    )
    typer.echo(f"Total {nok(sum(p.amount_ore for p in payments))} kr")


def _importer(ctx: Context) -> Any:
    from reskontro.clock import SystemClock
    from reskontro.services.payments import PaymentImporter
    from reskontro.storage.filestore import FileStore

    return PaymentImporter(ctx.sessions, SystemClock(), FileStore.of(ctx.sessions))


def _show_summary(summary: ImportSummary) -> None:
    if summary.status == "rejected" and summary.error:
        sys.stderr.write(f"{summary.filename}: rejected: {summary.error['message']}\n")
        for problem in summary.error.get("problems", [])[1:]:  # the first is above
            where = ", ".join(
                part
                for part in (
                    problem["path"],
                    None if problem["line"] is None else f"line {problem['line']}",
                )
                if part
            )
            sys.stderr.write(
                f"  {where}: {problem['message']}\n" if where else f"  {problem['message']}\n"
            )
        return
    if summary.status == "duplicate":
        console.print(f"{summary.filename}: duplicate — {'; '.join(summary.notes)}", markup=False)
        return
    table(
        f"{summary.filename}: {summary.format}, imported",
        ["What", "Payments"],
        [
            ("payments", summary.payments),
            ("amount", nok(summary.amount_ore)),
            ("paid in full", summary.matched),
            ("part-paid", summary.partial),
            ("overpaid (surplus kept as credit)", summary.overpaid),
            ("reversals", summary.reversed),
            ("found no invoice", summary.unmatched),
            ("  → voucher inbox", summary.inbox),
            ("  → posted to a customer", summary.posted),
            ("  → ignored", summary.ignored),
            ("already booked from another file", summary.duplicate_payments),
            ("  possible duplicates (in the inbox)", summary.possible_duplicates),
        ],
    )
    for note in summary.notes:
        console.print(f"note: {note}", markup=False)


@payments_app.command("import")
def payments_import(
    path: Annotated[
        Path, typer.Argument(help="A file, or a folder of files.", metavar="FILE|FOLDER")
    ],
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Import payment files: store, dedupe, match and book each in one transaction."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    ctx, company_id = open_company(db, company)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
    elif path.is_file():
        files = [path]
    else:
        raise ValidationError(f"{path}: no such file or folder")
    importer = _importer(ctx)
    summaries = []
    for file in files:
        big = file.stat().st_size > 2_000_000 and not json
        if big:
            with Progress(
                TextColumn(f"{file.name}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total} payments"),
                TimeElapsedColumn(),
                console=err_console,
                transient=True,
            ) as bar:
                task = bar.add_task("import", total=None)

                def report(done: int, total: int, *, _bar: Any = bar, _task: Any = task) -> None:
                    _bar.update(_task, completed=done, total=total)

                summary = importer.import_path(company_id, file, actor=actor(), progress=report)
        else:
            summary = importer.import_path(company_id, file, actor=actor())
        summaries.append(summary)
        if not json:
            _show_summary(summary)
    if json:
        if path.is_dir():
            print_json([s.to_json() for s in summaries])
        else:
            print_json(summaries[0].to_json())
    rejected = [s for s in summaries if s.status == "rejected"]
    for s in rejected:
        if json and s.error:
            sys.stderr.write(f"{s.filename}: rejected: {s.error['message']}\n")
    if rejected:
        raise typer.Exit(1)


@payments_app.command("files")
def payments_files(
    company: CompanyOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """Past imports: each file, its status and what it held."""
    from reskontro.services.payments import bank_files

    ctx, company_id = open_company(db, company)
    rows = bank_files(ctx.sessions, company_id)
    table_or_json(
        json,
        rows,
        "Imported files",
        ["Id", "File", "Format", "Status", "Payments", "Amount", "Received (Oslo)", "Error"],
        lambda r: (
            r.id,
            r.filename,
            r.format.value,
            r.status.value,
            r.payments,
            nok(r.amount_ore),
            oslo_time(r.received_at),
            r.error,
        ),
    )


@payments_app.command("policy")
def payments_policy(
    unknown_kid: Annotated[
        str | None,
        typer.Option(
            help="What to do with a payment whose KID names no invoice: inbox, post or ignore."
        ),
    ] = None,
    tolerance: Annotated[
        str | None, typer.Option(help="Small difference (NOK) that still counts as paid in full.")
    ] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Show or change the unknown-KID policy and the small-difference tolerance."""
    from reskontro.clock import SystemClock
    from reskontro.services.payments import set_policy

    ctx, company_id = open_company(db, company)
    after = set_policy(
        ctx.sessions, SystemClock(), company_id, policy=unknown_kid,
        tolerance_ore=parse_nok(tolerance) if tolerance is not None else None, actor=actor(),
    )  # fmt: skip
    answer(json, after, f"unknown KID: {after.policy}; tolerance {nok(after.tolerance_ore)} kr")


@payments_app.command("order")
def payments_order(
    order: Annotated[
        str | None,
        typer.Argument(
            help="fees_interest_principal (the default), interest_fees_principal or"
            " principal_fees_interest; none: show it."
        ),
    ] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Show or change in which order a payment settles an invoice's fees, interest and
    principal."""
    from reskontro.clock import SystemClock
    from reskontro.services.payments.charges import set_payment_order

    ctx, company_id = open_company(db, company)
    after = set_payment_order(ctx.sessions, SystemClock(), company_id, order, actor=actor())
    if json:
        print_json({"order": after.value})
    else:
        typer.echo(f"payment order: {after.value}")
