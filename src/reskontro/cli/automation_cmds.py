"""``reskontro agreement|channel|schedule|notify|fetch|run-daily|worker|status``: the
daily automation — OCR agreement, bank channels, scheduled jobs and e-mail.

The agreement and channel commands are in :mod:`.agreement_cmds`, the e-mail ones in
:mod:`.notify_cmds`; this module has the jobs and registers them all."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from reskontro.cli.agreement_cmds import agreement_app, automation, channel_app
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
from reskontro.cli.notify_cmds import echo_mail, notify_app
from reskontro.errors import ValidationError
from reskontro.i18n import render
from reskontro.jsonable import to_jsonable

if TYPE_CHECKING:
    from reskontro.services.automation import AutomationStatus, Scheduler

schedule_app = typer.Typer(help="When the daily jobs run (Oslo time).", no_args_is_help=True)


def _scheduler(ctx: Context) -> Scheduler:
    from reskontro.services.automation import Scheduler

    return Scheduler(automation(ctx))


class OsloFormatter(logging.Formatter):
    """Log lines stamped in Europe/Oslo with the offset (``2026-12-06 09:54:02+0100``),
    as every other time a person reads."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        from reskontro.clock import OSLO

        moment = dt.datetime.fromtimestamp(record.created, OSLO)
        return moment.strftime(datefmt or "%Y-%m-%d %H:%M:%S%z")


def _when(moment: dt.datetime | None) -> str:
    """A moment as Oslo time, to the minute."""
    if moment is None:
        return ""
    from reskontro.clock import OSLO

    return moment.astimezone(OSLO).strftime("%Y-%m-%d %H:%M")


# -- fetch, run-daily, worker, status ------------------------------------------------


def fetch_command(
    channel: Annotated[str | None, typer.Option(help="Only this channel.")] = None,
    retry_rejected: Annotated[
        bool, typer.Option(help="Also try again files that were rejected before.")
    ] = False,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Fetch new files from the bank channels, book each, and send the e-mails."""
    ctx, company_id = open_company(db, company)
    auto = automation(ctx)
    report = auto.fetcher.fetch(
        company_id, channel=channel, retry_rejected=retry_rejected, actor=actor()
    )
    mail = auto.notifier.deliver()
    if json:
        print_json({**to_jsonable(report), "email": to_jsonable(mail)})
    else:
        for c in report.channels:
            if c.status != "ok":
                err_console.print(f"{c.channel}: {c.error}", markup=False)
                continue
            typer.echo(f"{c.channel}: {c.seen} file(s) there, {c.new} new")
            for f in c.files:
                line = f"  {f.name}: {f.status}"
                if f.status == "imported":
                    line += f", {f.payments} payments, {nok(f.amount_ore)} kr"
                if f.error:
                    line += f" ({f.error})"
                typer.echo(line)
        if not report.channels:
            typer.echo("no bank channels: add one with `reskontro channel add-sftp`")
        echo_mail(mail)
    if not report.ok:
        raise typer.Exit(1)


def run_daily_command(
    job: Annotated[
        list[str] | None, typer.Option("--job", help="Only this job (repeatable).")
    ] = None,
    force: Annotated[bool, typer.Option(help="Run again even if today's run is done.")] = False,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Run today's jobs once, now, for every company (or one); for cron instead of a worker.

    Also removes the web's background jobs finished more than
    RESKONTRO_JOB_RETENTION_DAYS days ago (7 by default)."""
    ctx = Context(db)
    scheduler = _scheduler(ctx)
    results = scheduler.run_now(company, jobs=job, force=force)
    from reskontro.worker import clean_jobs, deliver_documents

    auto = scheduler.auto
    deliver_documents(auto.sessions, auto.clock, auto.notifier)
    clean_jobs(auto.sessions, auto.clock)
    mail = auto.notifier.deliver()
    if json:
        print_json({"runs": to_jsonable(results), "email": to_jsonable(mail)})
    else:
        for r in results:
            extra = f": {r.error}" if r.error else ""
            typer.echo(f"company {r.company_id} {r.job}: {r.status}{extra}")
        echo_mail(mail)
    if any(r.status == "failed" for r in results):
        raise typer.Exit(1)


def worker_command(
    interval: Annotated[float, typer.Option(help="Seconds between ticks.")] = 30.0,
    once: Annotated[bool, typer.Option(help="One tick, then exit.")] = False,
    db: DbOption = None,
) -> None:
    """Run the scheduled jobs of every company, at their times, until stopped.

    The settings of the environment (RESKONTRO_SMTP_*, RESKONTRO_AP_*,
    RESKONTRO_EFAKTURA*) are checked first: a wrong one stops the start, named."""
    import threading

    from reskontro.worker import check_settings, run_worker, stop_on_signals

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OsloFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    logging.getLogger("asyncssh").setLevel(logging.WARNING)  # one line per SFTP step is noise
    if interval <= 0:
        raise ValidationError("--interval must be more than 0 seconds")
    check_settings()
    ctx = Context(db)
    scheduler = _scheduler(ctx)
    stop = threading.Event()
    stop_on_signals(stop)
    run_worker(
        scheduler, scheduler.auto.notifier, interval=interval, stop=stop,
        max_ticks=1 if once else None,
    )  # fmt: skip


def status_command(
    company: CompanyOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """Each channel and job: last run, files fetched, errors; the agreement; the outbox."""
    from reskontro.channels.mailer import SmtpSettings
    from reskontro.services.automation import automation_status

    ctx, company_id = open_company(db, company)
    view = automation_status(_scheduler(ctx), company_id, SmtpSettings.from_env())
    if json:
        print_json(to_jsonable(view))
        return
    _print_status(view)


def _print_status(view: AutomationStatus) -> None:
    c = view.company
    console.print(f"[bold]{c.name}[/bold] (company {c.id})", highlight=False)
    agreement = view.agreement
    kid = "on" if c.kid_enabled else "off"
    if agreement is None:
        typer.echo(f"OCR agreement: none; KID on invoices {kid}")
    else:
        state = "verified" if agreement.verified else agreement.status
        typer.echo(f"OCR agreement {agreement.agreement_id}: {state}; KID on invoices {kid}")
        for problem in agreement.problems_now:
            typer.echo(f"  does not fit now: {render(problem, 'en')}")
    typer.echo(f"Owner e-mail: {c.owner_email or '(none: reskontro notify owner EMAIL)'}")
    table(
        "Channels",
        ["Name", "Where", "Last run", "Result", "New", "Fetched", "Rejected", "Error"],
        (
            (
                ch.name + ("" if ch.enabled else " (off)"),
                ch.where,
                _when(ch.last_run.started_at if ch.last_run else None),
                ch.last_run.status if ch.last_run else "never",
                ch.last_run.files_new if ch.last_run else "",
                ch.files_fetched,
                ch.files.get("rejected", 0),
                (ch.last_run.error if ch.last_run else None) or "",
            )
            for ch in view.channels
        ),
    )
    for ch in view.channels:
        for p in ch.problems:
            typer.echo(f"  {ch.name}/{p.name}: {p.status}: {p.error}")
    table(
        "Jobs (times in Europe/Oslo)",
        ["Job", "Time", "Last run", "Result", "Attempts", "Next run", "Error"],
        (
            (
                j.job + ("" if j.set_up else " (not set up)") + ("" if j.enabled else " (off)"),
                j.time,
                _when(j.last_run.started_at if j.last_run else None),
                j.last_run.status if j.last_run else "never",
                j.last_run.attempts if j.last_run else "",
                _when(j.next_run),
                (j.last_run.error if j.last_run else None) or "",
            )
            for j in view.jobs
        ),
    )
    mail = view.email
    smtp = mail.smtp
    where = f"{smtp.host}:{smtp.port} ({smtp.security})" if smtp else "not configured"
    typer.echo(
        f"E-mail via {where}: {mail.pending} waiting, {mail.sent} sent, {mail.failed} failed"
        + (f"; last error: {mail.last_error}" if mail.last_error else "")
    )
    for warning in view.rate_warnings:
        err_console.print(f"warning: {render(warning, 'en')}", markup=False)
    if mail.letters_waiting:
        typer.echo(
            f"Follow-up letters waiting to be sent: {mail.letters_waiting}"
            " (the worker, `reskontro run-daily` or `reskontro delivery run` sends them)"
        )


# -- schedule ------------------------------------------------------------------------


@schedule_app.command("show")
def schedule_show(
    company: CompanyOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """The jobs and when they run for the company."""
    ctx, company_id = open_company(db, company)
    rows = _scheduler(ctx).schedule_rows(company_id)
    table_or_json(
        json,
        rows,
        "Schedule (Europe/Oslo)",
        ["Job", "What", "Time", "On"],
        lambda r: (r.job, r.title, r.time, r.enabled),
    )


@schedule_app.command("set")
def schedule_set(
    job: Annotated[
        str, typer.Argument(help="fetch, overdue_digest, recurring or followup (off until on).")
    ],
    at: Annotated[str | None, typer.Option("--at", help="HH:MM, Oslo time.")] = None,
    enabled: Annotated[bool | None, typer.Option("--on/--off", help="Run the job.")] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Set when a job runs for the company, or switch it off."""
    ctx, company_id = open_company(db, company)
    view = _scheduler(ctx).set_schedule(company_id, job, at=at, enabled=enabled, actor=actor())
    answer(json, view, f"{view.job}: {view.time} {'on' if view.enabled else 'off'}")


def register(app: typer.Typer) -> None:
    """Add the automation commands to the ``reskontro`` app."""
    app.add_typer(agreement_app, name="agreement")
    app.add_typer(channel_app, name="channel")
    app.add_typer(schedule_app, name="schedule")
    app.add_typer(notify_app, name="notify")
    app.command("fetch")(fetch_command)
    app.command("run-daily")(run_daily_command)
    app.command("worker")(worker_command)
    app.command("status")(status_command)


__all__ = ["register"]
