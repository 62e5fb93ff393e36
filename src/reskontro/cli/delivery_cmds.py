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
    open_company,
    parse_date,
    print_json,
    table_or_json,
)
from reskontro.clock import SystemClock, oslo_time
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
    save_on_card: Annotated[
        bool,
        typer.Option(
            "--save-on-card",
            help="eFaktura: when the register says the customer can receive it, make"
            " eFaktura the customer's delivery method too.",
        ),
    ] = False,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Send an issued invoice or credit note; exit 1 when a rule of the method forbids it.

    eFaktura: MPS' rules are checked first, then the customer is looked up in the
    eFaktura register; when the register does not answer, the invoice goes by the
    customer's next method (e-mail, else print) and the reason says so."""
    ctx, company_id = open_company(db, company)
    result = send.send(
        ctx.sessions, SystemClock(), company_id, invoice_id, method, actor=actor(),
        save=save_on_card,
    )  # fmt: skip
    if json:
        print_json(to_jsonable(result))
    elif result.status is not DeliveryState.REFUSED:
        why = f" ({render(result.reason, 'en')})" if result.reason else ""
        typer.echo(f"invoice {invoice_id}: {result.method.label} {result.status}{why}")
    if result.status is DeliveryState.REFUSED:
        # Each rule's text names its method ("eFaktura: the due date ...").
        reason = render(result.reason, "en") if result.reason else result.method.label
        typer.echo(f"error: invoice {invoice_id} refused: {reason}", err=True)
        raise typer.Exit(1)


def invoice_deliveries(
    invoice_id: IdArg, company: CompanyOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """How and when a document was delivered (or why not), newest first."""
    ctx, company_id = open_company(db, company)
    views = send.deliveries(ctx.sessions, company_id, invoice_id)
    table_or_json(
        json,
        views,
        f"Deliveries of invoice {invoice_id}",
        ["Id", "Method", "To", "State", "Attempts", "At (Oslo)", "Reason"],
        lambda v: (
            v.id,
            v.method.label,
            v.recipient,
            v.state,
            v.attempts,
            oslo_time(v.finished_at or v.created_at, seconds=True),
            render(v.reason, "en") if v.reason else "",
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

    ctx, company_id = open_company(db, company)
    clock = SystemClock()
    day: dt.date = parse_date(date, "--date") or clock.today()
    store = FileStore.of(ctx.sessions)
    run = print_queue.print_day(ctx.sessions, clock, company_id, day, store=store, actor=actor())
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
    access_point: Annotated[
        str | None,
        typer.Option(
            help="Send EHF through this bank channel (SFTP or folder; see `channel add-sftp`)."
        ),
    ] = None,
    access_point_folder: Annotated[
        str | None,
        typer.Option(help="The folder on that channel the access point picks EHF files from."),
    ] = None,
    no_access_point: Annotated[
        bool,
        typer.Option(
            "--no-access-point", help="Use the installation's access point (RESKONTRO_AP_*)."
        ),
    ] = False,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Show or change the company's delivery settings: send on issue or hold, and the
    access point EHF goes through (the installation's unless the company has its own)."""
    from reskontro.services.delivery.access_point import set_access_point

    ctx, cid = open_company(db, company)
    if send_on_issue is not None:
        send.set_send_on_issue(ctx.sessions, SystemClock(), cid, send_on_issue, actor=actor())
    if access_point is not None or no_access_point:
        set_access_point(
            ctx.sessions, SystemClock(), cid, channel=None if no_access_point else access_point,
            folder=access_point_folder, actor=actor(),
        )  # fmt: skip
    view = send.settings(ctx.sessions, cid)
    if json:
        print_json(to_jsonable(view))
    else:
        typer.echo("send on issue" if view.send_on_issue else "hold issued invoices for sending")
        own = view.access_point
        typer.echo(
            "EHF through the installation's access point (RESKONTRO_AP_*)"
            if own is None
            else f"EHF through channel {own.channel}: {own.where}"
        )


def register(app: typer.Typer, invoice_app: typer.Typer, company_app: typer.Typer) -> None:
    invoice_app.command("send")(invoice_send)
    invoice_app.command("deliveries")(invoice_deliveries)
    company_app.command("delivery")(company_delivery)
    app.command("print")(print_command)
    app.add_typer(delivery_app, name="delivery")
