"""``reskontro invoice send|deliveries``, ``reskontro print``, ``reskontro delivery run``
and ``reskontro company delivery``: getting invoices to customers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from reskontro.cli.common import (
    CompanyOption,
    Context,
    DbOption,
    JsonOption,
    actor,
    parse_date,
    print_json,
    table,
)
from reskontro.clock import SystemClock
from reskontro.domain.delivery import DeliveryMethod, DeliveryState
from reskontro.i18n import render
from reskontro.jsonable import to_jsonable
from reskontro.services.delivery import print_queue, send

delivery_app = typer.Typer(help="Delivery of invoices: the worker's round.", no_args_is_help=True)

IdArg = Annotated[int, typer.Argument(metavar="ID", help="Invoice (or credit note) id.")]


def invoice_send(
    invoice_id: IdArg,
    method: Annotated[
        DeliveryMethod | None,
        typer.Option(help="Send by this method; else the customer's delivery method."),
    ] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Send an issued invoice or credit note; exit 1 when a rule of the method forbids it."""
    ctx = Context(db)
    result = send.send(
        ctx.sessions, SystemClock(), ctx.company(company), invoice_id, method, actor=actor()
    )
    if json:
        print_json(to_jsonable(result))
    elif result.reason is None:
        typer.echo(f"invoice {invoice_id}: {result.method.label} {result.status}")
    if result.status is DeliveryState.REFUSED:
        reason = render(result.reason, "en") if result.reason else "refused"
        typer.echo(f"error: {result.method.label} refused: {reason}", err=True)
        raise typer.Exit(1)


def invoice_deliveries(
    invoice_id: IdArg, company: CompanyOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """How and when a document was delivered (or why not), newest first."""
    ctx = Context(db)
    views = send.deliveries(ctx.sessions, ctx.company(company), invoice_id)
    if json:
        print_json(to_jsonable(views))
        return
    table(
        f"Deliveries of invoice {invoice_id}",
        ["Id", "Method", "To", "State", "Attempts", "At", "Reason"],
        (
            (
                v.id,
                v.method.label,
                v.recipient,
                v.state,
                v.attempts,
                (v.finished_at or v.created_at).isoformat(timespec="seconds"),
                render(v.reason, "en") if v.reason else "",
            )
            for v in views
        ),
    )


def print_command(
    out: Annotated[Path, typer.Option("--out", help="The merged PDF to write.")],
    date: Annotated[str | None, typer.Option(help="The day (default today).")] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Merge the day's paper invoices into one PDF for the printer; marks them delivered."""
    from reskontro.storage.filestore import FileStore

    ctx = Context(db)
    clock = SystemClock()
    day: dt.date = parse_date(date, "--date") or clock.today()
    store = FileStore.of(ctx.sessions)
    run = print_queue.print_day(
        ctx.sessions, clock, ctx.company(company), day, store=store, actor=actor()
    )
    if run.pdf:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(run.pdf)
    summary = {
        "date": day.isoformat(),
        "file": str(out) if run.pdf else None,
        "invoices": len(run.invoice_ids),
        "pages": run.pages,
        "deliveries": list(run.delivery_ids),
    }
    if json:
        print_json(summary)
    elif run.pdf:
        typer.echo(f"wrote {out}: {len(run.invoice_ids)} invoice(s), {run.pages} page(s)")
    else:
        typer.echo(f"nothing to print for {day.isoformat()}")


@delivery_app.command("run")
def delivery_run(db: DbOption = None, json: JsonOption = False) -> None:
    """One round now: send queued e-mail and EHF, read receipts, send the outbox."""
    from reskontro.worker import deliver_documents

    ctx = Context(db)
    report = deliver_documents(ctx.sessions, SystemClock())
    if json:
        print_json(to_jsonable(report))
    else:
        typer.echo(
            f"deliveries: {report.sent} handed over, {report.retry} to retry,"
            f" {report.failed} failed; {report.receipts} receipt(s), {report.synced} e-mail(s)"
            " settled"
        )


def company_delivery(
    send_on_issue: Annotated[
        bool | None,
        typer.Option("--send-on-issue/--hold", help="Send on issue, or hold for a manual send."),
    ] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Show or change the company's delivery settings."""
    ctx = Context(db)
    cid = ctx.company(company)
    if send_on_issue is None:
        view = send.settings(ctx.sessions, cid)
    else:
        view = send.set_send_on_issue(
            ctx.sessions, SystemClock(), cid, send_on_issue, actor=actor()
        )
    if json:
        print_json(to_jsonable(view))
    else:
        typer.echo("send on issue" if view.send_on_issue else "hold issued invoices for sending")


def register(app: typer.Typer, invoice_app: typer.Typer, company_app: typer.Typer) -> None:
    invoice_app.command("send")(invoice_send)
    invoice_app.command("deliveries")(invoice_deliveries)
    company_app.command("delivery")(company_delivery)
    app.command("print")(print_command)
    app.add_typer(delivery_app, name="delivery")
