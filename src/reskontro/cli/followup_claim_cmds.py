"""``reskontro interest|handoff|pdf``: late-payment interest and interest notes,
hand-off to debt collection, documents as PDF."""

from __future__ import annotations

import json as jsonlib
from pathlib import Path
from typing import Annotated

import typer

from reskontro.cli.common import (
    CompanyOption,
    DbOption,
    JsonOption,
    actor,
    console,
    nok,
    open_company,
    parse_date,
    print_json,
    table,
)
from reskontro.cli.followup_common import (
    Anyway,
    DateOption,
    DryRun,
    OutDir,
    print_result,
    service,
    write_eml,
)
from reskontro.domain.interest import format_rate
from reskontro.domain.money import parse_nok
from reskontro.i18n import render
from reskontro.jsonable import to_jsonable

pdf_app = typer.Typer(
    help="Documents as PDF: invoices, credit notes, letters.", no_args_is_help=True
)


def interest_command(
    until: Annotated[str | None, typer.Option(help="Interest up to this day (default today).")]
    = None,
    invoice: Annotated[
        bool,
        typer.Option(
            "--invoice",
            help="Charge the interest on each invoice (paid by its KID), with an interest"
            " note per invoice and one e-mail per customer.",
        ),
    ] = False,
    min_amount: Annotated[
        str, typer.Option(help="No interest note below this amount (NOK).")
    ] = "1",
    dry_run: DryRun = False,
    out: OutDir = None,
    date: DateOption = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:  # fmt: skip
    """Late-payment interest (forsinkelsesrente) not yet invoiced; --invoice charges it on
    the invoices (with --dry-run: which notes, for how much, due when; nothing charged)."""
    ctx, cid = open_company(db, company)
    followup = service(ctx, date=date)
    report = followup.interest(
        cid, until=parse_date(until, "--until"), invoice=invoice, min_ore=parse_nok(min_amount),
        dry_run=dry_run, actor=actor(),
    )  # fmt: skip
    files = []
    if out and report.notes:
        out.mkdir(parents=True, exist_ok=True)
        mails: set[int] = set()
        for note in report.notes:
            pdf = followup.document_pdf(cid, note.document_id)
            (out / pdf.filename).write_bytes(pdf.content)
            files.append(out / pdf.filename)
            if note.message and note.message.id not in mails:  # one e-mail per customer
                mails.add(note.message.id)
                files.append(write_eml(followup, cid, note.message.id, out))
    if json:
        print_result(report, files=[str(f) for f in files])
        return
    table(
        f"Late-payment interest to {report.until}",
        ["Customer", "Invoice", "Due", "Open", "From", "To", "Rates", "Interest"],
        (
            (f"{c.customer_number} {c.customer_name}", i.number, i.due_date, nok(i.open_ore),
             i.from_, i.to, ", ".join(dict.fromkeys(format_rate(p.rate_bp) for p in i.parts)),
             nok(i.interest_ore))
            for c in report.customers
            for i in c.invoices
        ),
    )  # fmt: skip
    console.print(f"Interest in all: {nok(report.interest_ore)} kr")
    for c in report.customers:
        if c.note_due_date and report.dry_run:
            console.print(f"  {c.customer_name}: an interest note of {nok(c.interest_ore)} kr,"
                          f" due {c.note_due_date} (not issued: dry run)")  # fmt: skip
        if c.not_invoiced:
            console.print(f"  {c.customer_name}: not invoiced, {render(c.not_invoiced)}")
    for note in report.notes:
        console.print(f"  interest charged on invoice id {note.invoice_id} ({note.filename})")
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
    date: DateOption = None,
    anyway: Anyway = False,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Export the claims for debt collection (CSV and JSON) and mark them handed over."""
    ctx, cid = open_company(db, company)
    report = service(ctx, date=date).handoff(
        cid, dry_run=dry_run, invoice_ids=invoice or (), anyway=anyway, actor=actor()
    )
    files: list[Path] = []
    if out is not None and report.claims:
        out.mkdir(parents=True, exist_ok=True)
        stem = f"handoff-{report.handoff_id}" if report.handoff_id else "handoff-preview"
        (out / f"{stem}.csv").write_text(report.csv, encoding="utf-8")
        (out / f"{stem}.json").write_text(
            jsonlib.dumps(to_jsonable(report.json), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
        files = [out / f"{stem}.csv", out / f"{stem}.json"]
    if json:
        data = {k: v for k, v in to_jsonable(report).items() if k != "csv"}
        print_json(data | {"files": [str(f) for f in files]})
        return
    table(
        f"Claims for debt collection {'(dry run)' if dry_run else ''}",
        ["Invoice", "Customer", "KID", "Due", "Principal", "Fees", "Interest", "Notice"],
        (
            (r.invoice_number, f"{r.customer_number} {r.customer_name}", r.kid, r.due_date,
             nok(r.principal_ore), nok(r.fees_ore), nok(r.interest_ore), r.notice_date or "none")
            for r in report.claims
        ),
    )  # fmt: skip
    if report.handoff_id:
        console.print(f"Hand-off {report.handoff_id}: {len(report.claims)} claim(s) marked"
                      " as handed over.")  # fmt: skip
    elif not report.claims:
        console.print("Nothing to hand over.")
    for path in files:
        console.print(f"  wrote {path}")


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

    ctx, cid = open_company(db, company)
    followup = service(ctx)
    result = followup.invoice_pdf(cid, invoice_id, actor=actor())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(result.pdf)
    if eml is not None:
        view = followup.books.company_details(cid)
        eml.write_bytes(to_mime(result.email, view.email or "faktura@localhost",
                                view.name))  # fmt: skip
    summary = {
        "document_id": result.document_id, "file": str(out), "sha256": result.sha256,
        "bytes": len(result.pdf), "subject": result.email.subject,
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
    ctx, company_id = open_company(db, company)
    pdf = service(ctx).document_pdf(company_id, document_id)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf.content)
    typer.echo(f"wrote {out} ({len(pdf.content)} bytes)")


__all__ = ["handoff_command", "interest_command", "pdf_app"]
