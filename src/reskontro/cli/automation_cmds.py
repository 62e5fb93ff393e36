"""``reskontro agreement|channel|schedule|notify|fetch|run-daily|worker|status``: the
daily automation — OCR agreement, bank channels, scheduled jobs and e-mail."""

from __future__ import annotations

import logging
import sys
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
    print_json,
    table,
)
from reskontro.errors import ValidationError

if TYPE_CHECKING:
    from reskontro.services.worker_jobs import Automation, Scheduler

agreement_app = typer.Typer(
    help="The OCR agreement with Nets (needed for KID on invoices).", no_args_is_help=True
)
channel_app = typer.Typer(
    help="Bank channels: the SFTP mailbox or folder bank files are fetched from.",
    no_args_is_help=True,
)
schedule_app = typer.Typer(help="When the daily jobs run (Oslo time).", no_args_is_help=True)
notify_app = typer.Typer(
    help="E-mail: who is told what, and the outbox of messages.", no_args_is_help=True
)

NameArg = Annotated[str, typer.Argument(help="The channel's name, e.g. dnb or nets.")]
PatternOption = Annotated[
    str,
    typer.Option(help="File-name globs separated by |, e.g. '*.txt|*.xml' (case ignored)."),
]
AfterOption = Annotated[
    str,
    typer.Option(help="What to do with a remote file once it is booked: keep, delete or move."),
]
MoveToOption = Annotated[
    str | None, typer.Option(help="Folder to move booked files to (with --after-fetch move).")
]


def _automation(ctx: Context) -> Automation:
    from reskontro.channels.mailer import SmtpSettings
    from reskontro.clock import SystemClock
    from reskontro.services.worker_jobs import build_automation

    return build_automation(ctx.sessions, SystemClock(), smtp=SmtpSettings.from_env())


def _scheduler(ctx: Context) -> Scheduler:
    from reskontro.services.worker_jobs import Scheduler

    return Scheduler(_automation(ctx))


def _when(text: str | None) -> str:
    """An ISO timestamp as Oslo time, to the minute."""
    if not text:
        return ""
    import datetime as dt

    from reskontro.clock import OSLO

    return dt.datetime.fromisoformat(text).astimezone(OSLO).strftime("%Y-%m-%d %H:%M")


# -- agreement -----------------------------------------------------------------------


def _show_agreement(view: dict[str, Any]) -> None:
    from reskontro.domain.company import format_account

    status = "VERIFIED" if view["verified"] else view["status"].upper()
    typer.echo(f"OCR agreement {view['agreement_id']}: {status}")
    typer.echo(f"  account         {format_account(view['account'])}")
    typer.echo(f"  data recipient  {view['data_recipient']}")
    lengths = ", ".join(map(str, view["kid_lengths"]))
    typer.echo(f"  KID             length {lengths}, MOD{view['kid_modulus']}")
    if "kid_template" in view:
        typer.echo(
            f"  KID template    {view['kid_template']} = {view['kid_length']} digits,"
            f" MOD{view['kid_template_modulus']}; KID on invoices"
            f" {'on' if view['kid_enabled'] else 'off'}"
        )
    for problem in view.get("problems_now", view.get("problems", [])):
        typer.echo(f"  does not fit: {problem}")
    for warning in view.get("warnings", []):
        typer.echo(f"  note: {warning}")


@agreement_app.command("register")
def agreement_register(
    agreement_id: Annotated[str, typer.Option(help="Nets agreement ID (avtale-ID), 9 digits.")],
    data_recipient: Annotated[
        str, typer.Option(help="Data recipient ID (kundeenhet-ID) the files go to, 8 digits.")
    ],
    kid_length: Annotated[
        list[int],
        typer.Option(help="A KID length registered with Nets (with check digit); repeatable."),
    ],
    account: Annotated[
        str | None, typer.Option(help="Account the agreement covers; default the company's.")
    ] = None,
    modulus: Annotated[int, typer.Option(help="KID modulus registered with Nets: 10 or 11.")] = 10,
    kid_on: Annotated[
        bool, typer.Option("--kid-on", help="Switch KID on invoices on if the agreement fits.")
    ] = False,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Register the company's OCR agreement; it is checked against the KID template."""
    from reskontro.services.agreements import Agreements, parse_terms

    ctx = Context(db)
    company_id = ctx.company(company)
    terms = parse_terms(
        agreement_id=agreement_id,
        account=account or ctx.books.company(company_id)["account"],
        data_recipient=data_recipient,
        kid_lengths=kid_length,
        kid_modulus=modulus,
    )
    from reskontro.clock import SystemClock

    view = Agreements(ctx.sessions, SystemClock()).register(
        company_id, terms, kid_on=kid_on, actor=actor()
    )
    if json:
        print_json(view)
        return
    _show_agreement(view)
    if not view["verified"]:
        err_console.print(
            "saved, but NOT verified: fix what does not fit, then run `reskontro agreement verify`",
            markup=False,
        )


@agreement_app.command("show")
def agreement_show(
    company: CompanyOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """Show the agreement in force, checked again against the KID template as it is now."""
    from reskontro.clock import SystemClock
    from reskontro.services.agreements import Agreements

    ctx = Context(db)
    view = Agreements(ctx.sessions, SystemClock()).show(ctx.company(company))
    if json:
        print_json(view)
    elif view is None:
        typer.echo("no OCR agreement: register it with `reskontro agreement register`")
    else:
        _show_agreement(view)


@agreement_app.command("verify")
def agreement_verify(
    kid_on: Annotated[
        bool, typer.Option("--kid-on", help="Also switch KID on invoices on.")
    ] = False,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Check the agreement again (after changing the KID template); exit 1 if it does not fit."""
    from reskontro.clock import SystemClock
    from reskontro.services.agreements import Agreements

    ctx = Context(db)
    view = Agreements(ctx.sessions, SystemClock()).verify(
        ctx.company(company), kid_on=kid_on, actor=actor()
    )
    if json:
        print_json(view)
    else:
        _show_agreement(view)


@agreement_app.command("end")
def agreement_end(
    company: CompanyOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """The agreement has ended at Nets: KID on new invoices is switched off with it."""
    from reskontro.clock import SystemClock
    from reskontro.services.agreements import Agreements

    ctx = Context(db)
    view = Agreements(ctx.sessions, SystemClock()).end(ctx.company(company), actor=actor())
    if json:
        print_json(view)
    else:
        off = "; KID on new invoices switched off" if view["kid_switched_off"] else ""
        typer.echo(f"OCR agreement {view['agreement_id']} ended{off}")


# -- channel -------------------------------------------------------------------------


def _print_channel(view: dict[str, Any]) -> None:
    state = "" if view["enabled"] else " (switched off)"
    typer.echo(f"channel {view['name']}: {view['kind']} {view['where']}{state}")


@channel_app.command("add-sftp")
def channel_add_sftp(
    name: NameArg,
    host: Annotated[str, typer.Option(help="SFTP server host name.")],
    user: Annotated[str, typer.Option(help="User name on the server.")],
    fingerprint: Annotated[
        str,
        typer.Option(
            help="The server's host key fingerprint, e.g. SHA256:... as the bank gives it"
            " (see `reskontro channel fingerprint`)."
        ),
    ],
    port: Annotated[int, typer.Option(help="SFTP port.")] = 22,
    key: Annotated[
        str | None,
        typer.Option(help="Private key: file:/path/to/key or env:VARIABLE (never the key)."),
    ] = None,
    key_passphrase: Annotated[
        str | None, typer.Option(help="Key passphrase: env:VARIABLE or file:/path.")
    ] = None,
    password: Annotated[
        str | None,
        typer.Option(help="Password: env:VARIABLE or file:/path (never the password)."),
    ] = None,
    folder: Annotated[str, typer.Option(help="Remote folder to fetch from.")] = ".",
    pattern: PatternOption = "*",
    after_fetch: AfterOption = "keep",
    move_to: MoveToOption = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Connect an SFTP mailbox (the bank's or Nets'), with its host key pinned."""
    ctx = Context(db)
    view = _automation(ctx).channels.add_sftp(
        ctx.company(company), name, host=host, port=port, username=user,
        fingerprint=fingerprint, password=password, key=key, key_passphrase=key_passphrase,
        folder=folder, pattern=pattern, after_fetch=after_fetch, move_to=move_to, actor=actor(),
    )  # fmt: skip
    if json:
        print_json(view)
    else:
        _print_channel(view)


@channel_app.command("add-folder")
def channel_add_folder(
    name: NameArg,
    path: Annotated[str, typer.Option(help="The local folder bank files arrive in.")],
    pattern: PatternOption = "*",
    after_fetch: AfterOption = "keep",
    move_to: MoveToOption = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Use a local folder as a bank channel."""
    ctx = Context(db)
    view = _automation(ctx).channels.add_folder(
        ctx.company(company), name, path=path, pattern=pattern, after_fetch=after_fetch,
        move_to=move_to, actor=actor(),
    )  # fmt: skip
    if json:
        print_json(view)
    else:
        _print_channel(view)


@channel_app.command("list")
def channel_list(
    company: CompanyOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """The company's channels (secrets are shown only as where they are read from)."""
    ctx = Context(db)
    views = [c.view() for c in _automation(ctx).channels.configs(ctx.company(company))]
    if json:
        print_json(views)
        return
    table(
        "Bank channels",
        ["Name", "Kind", "Where", "Pattern", "After fetch", "On"],
        (
            (v["name"], v["kind"], v["where"], v["pattern"], v["after_fetch"], v["enabled"])
            for v in views
        ),
    )


@channel_app.command("disable")
def channel_disable(
    name: NameArg, company: CompanyOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """Stop fetching from a channel (its history stays)."""
    ctx = Context(db)
    view = _automation(ctx).channels.set_enabled(ctx.company(company), name, False, actor=actor())
    print_json(view) if json else _print_channel(view)


@channel_app.command("enable")
def channel_enable(
    name: NameArg, company: CompanyOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """Fetch from a channel again."""
    ctx = Context(db)
    view = _automation(ctx).channels.set_enabled(ctx.company(company), name, True, actor=actor())
    print_json(view) if json else _print_channel(view)


@channel_app.command("test")
def channel_test(
    name: NameArg, company: CompanyOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """Log in and list the matching files; nothing is fetched or changed."""
    from reskontro.channels import ChannelError
    from reskontro.services.fetch import probe_channel

    ctx = Context(db)
    config = _automation(ctx).channels.config(ctx.company(company), name)
    view = probe_channel(config)
    if not view["ok"]:
        raise ChannelError(view["error"])
    if json:
        print_json(view)
        return
    typer.echo(f"{config.where}: connected; {len(view['files'])} matching file(s)")
    for f in view["files"]:
        typer.echo(f"  {f['name']}  {f['size']} bytes")


@channel_app.command("fingerprint")
def channel_fingerprint(
    host: Annotated[str, typer.Option(help="SFTP server host name.")],
    port: Annotated[int, typer.Option(help="SFTP port.")] = 22,
    json: JsonOption = False,
) -> None:
    """Show the host key fingerprint a server presents; compare it with what the bank
    publishes before pinning it (nothing but the key exchange is sent)."""
    from reskontro.channels.sftp import server_fingerprint

    found = server_fingerprint(host, port)
    if json:
        print_json(found)
        return
    typer.echo(f"{host}:{port} {found['algorithm']}")
    typer.echo(f"  {found['sha256']}")
    typer.echo(f"  {found['md5']}")
    typer.echo("Pin it only after checking it with the bank (--fingerprint).")


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
    ctx = Context(db)
    auto = _automation(ctx)
    report = auto.fetcher.fetch(
        ctx.company(company), channel=channel, retry_rejected=retry_rejected, actor=actor()
    )
    mail = auto.notifier.deliver()
    if json:
        print_json({**report.to_json(), "email": mail})
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
        _echo_mail(mail)
    if not report.ok:
        raise typer.Exit(1)


def _echo_mail(mail: dict[str, Any]) -> None:
    if not mail.get("smtp"):
        if mail.get("waiting"):
            err_console.print(
                f"{mail['waiting']} e-mail(s) wait in the outbox: set RESKONTRO_SMTP_HOST"
                " and RESKONTRO_SMTP_FROM",
                markup=False,
            )
        return
    if mail["sent"] or mail["retry"] or mail["failed"]:
        typer.echo(
            f"e-mail: {mail['sent']} sent, {mail['retry']} to retry, {mail['failed']} failed"
        )


def run_daily_command(
    job: Annotated[
        list[str] | None, typer.Option("--job", help="Only this job (repeatable).")
    ] = None,
    force: Annotated[bool, typer.Option(help="Run again even if today's run is done.")] = False,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Run today's jobs once, now, for every company (or one); for cron instead of a worker."""
    ctx = Context(db)
    scheduler = _scheduler(ctx)
    results = scheduler.run_now(company, jobs=job, force=force)
    from reskontro.worker import deliver_documents

    auto = scheduler.auto
    deliver_documents(auto.sessions, auto.clock, auto.notifier)
    mail = auto.notifier.deliver()
    if json:
        print_json({"runs": [r.to_json() for r in results], "email": mail})
    else:
        for r in results:
            extra = f": {r.error}" if r.error else ""
            typer.echo(f"company {r.company_id} {r.job}: {r.status}{extra}")
        _echo_mail(mail)
    if any(r.status == "failed" for r in results):
        raise typer.Exit(1)


def worker_command(
    interval: Annotated[float, typer.Option(help="Seconds between ticks.")] = 30.0,
    once: Annotated[bool, typer.Option(help="One tick, then exit.")] = False,
    db: DbOption = None,
) -> None:
    """Run the scheduled jobs of every company, at their times, until stopped."""
    import threading

    from reskontro.worker import run_worker, stop_on_signals

    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("asyncssh").setLevel(logging.WARNING)  # one line per SFTP step is noise
    if interval <= 0:
        raise ValidationError("--interval must be more than 0 seconds")
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
    from reskontro.services.worker_jobs import automation_status

    ctx = Context(db)
    view = automation_status(_scheduler(ctx), ctx.company(company), SmtpSettings.from_env())
    if json:
        print_json(view)
        return
    c = view["company"]
    console.print(f"[bold]{c['name']}[/bold] (company {c['id']})", highlight=False)
    agreement = view["agreement"]
    if agreement is None:
        typer.echo(f"OCR agreement: none; KID on invoices {'on' if c['kid_enabled'] else 'off'}")
    else:
        state = "verified" if agreement["verified"] else agreement["status"]
        typer.echo(
            f"OCR agreement {agreement['agreement_id']}: {state};"
            f" KID on invoices {'on' if c['kid_enabled'] else 'off'}"
        )
        for problem in agreement["problems_now"]:
            typer.echo(f"  does not fit now: {problem}")
    typer.echo(f"Owner e-mail: {c['owner_email'] or '(none: reskontro notify owner EMAIL)'}")
    table(
        "Channels",
        ["Name", "Where", "Last run", "Result", "New", "Fetched", "Rejected", "Error"],
        (
            (
                ch["name"] + ("" if ch["enabled"] else " (off)"),
                ch["where"],
                _when((ch["last_run"] or {}).get("started_at")),
                (ch["last_run"] or {}).get("status", "never"),
                (ch["last_run"] or {}).get("files_new", ""),
                ch["files_fetched"],
                ch["files"].get("rejected", 0),
                (ch["last_run"] or {}).get("error") or "",
            )
            for ch in view["channels"]
        ),
    )
    for ch in view["channels"]:
        for p in ch["problems"]:
            typer.echo(f"  {ch['name']}/{p['name']}: {p['status']}: {p['error']}")
    table(
        "Jobs (times in Europe/Oslo)",
        ["Job", "Time", "Last run", "Result", "Attempts", "Next run", "Error"],
        (
            (
                j["job"]
                + ("" if j["set_up"] else " (not set up)")
                + ("" if j["enabled"] else " (off)"),
                j["time"],
                _when((j["last_run"] or {}).get("started_at")),
                (j["last_run"] or {}).get("status", "never"),
                (j["last_run"] or {}).get("attempts", ""),
                _when(j["next_run"]),
                (j["last_run"] or {}).get("error") or "",
            )
            for j in view["jobs"]
        ),
    )
    mail = view["email"]
    smtp = mail["smtp"]
    where = f"{smtp['host']}:{smtp['port']} ({smtp['security']})" if smtp else "not configured"
    typer.echo(
        f"E-mail via {where}: {mail['pending']} waiting, {mail['sent']} sent,"
        f" {mail['failed']} failed"
        + (f"; last error: {mail['last_error']}" if mail["last_error"] else "")
    )


# -- schedule ------------------------------------------------------------------------


@schedule_app.command("show")
def schedule_show(
    company: CompanyOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """The jobs and when they run for the company."""
    ctx = Context(db)
    scheduler = _scheduler(ctx)
    company_id = ctx.company(company)
    with ctx.sessions() as session:
        rows = [
            {
                "job": name,
                "title": scheduler.registry[name].title,
                "time": at.strftime("%H:%M"),
                "enabled": enabled,
            }
            for name, (at, enabled) in scheduler.schedule(session, company_id).items()
        ]
    if json:
        print_json(rows)
        return
    table(
        "Schedule (Europe/Oslo)",
        ["Job", "What", "Time", "On"],
        ((r["job"], r["title"], r["time"], r["enabled"]) for r in rows),
    )


@schedule_app.command("set")
def schedule_set(
    job: Annotated[str, typer.Argument(help="fetch or overdue_digest (or a later job).")],
    at: Annotated[str | None, typer.Option("--at", help="HH:MM, Oslo time.")] = None,
    enabled: Annotated[bool | None, typer.Option("--on/--off", help="Run the job.")] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Set when a job runs for the company, or switch it off."""
    ctx = Context(db)
    view = _scheduler(ctx).set_schedule(
        ctx.company(company), job, at=at, enabled=enabled, actor=actor()
    )
    if json:
        print_json(view)
    else:
        typer.echo(f"{view['job']}: {view['time']} {'on' if view['enabled'] else 'off'}")


# -- notify --------------------------------------------------------------------------


@notify_app.command("owner")
def notify_owner(
    email: Annotated[str, typer.Argument(help="The account owner's e-mail address.")],
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Set the account owner's address (the company's e-mail): they get every summary."""
    ctx = Context(db)
    view = _automation(ctx).notifier.set_owner_email(ctx.company(company), email, actor=actor())
    print_json(view) if json else typer.echo(f"owner e-mail: {view['email']}")


@notify_app.command("add")
def notify_add(
    email: Annotated[str, typer.Argument(help="E-mail address.")],
    name: Annotated[str | None, typer.Option(help="The person's name.")] = None,
    language: Annotated[str, typer.Option(help="nb (Norwegian) or en (English).")] = "nb",
    imports: Annotated[
        bool, typer.Option("--imports/--no-imports", help="A summary after each import.")
    ] = True,
    digest: Annotated[
        bool, typer.Option("--digest/--no-digest", help="The daily overdue digest.")
    ] = True,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Add a recipient (or change what an address gets)."""
    ctx = Context(db)
    view = _automation(ctx).notifier.add_recipient(
        ctx.company(company), email, name=name, language=language, import_summary=imports,
        overdue_digest=digest, actor=actor(),
    )  # fmt: skip
    print_json(view) if json else typer.echo(f"recipient {view['email']} ({view['language']})")


@notify_app.command("remove")
def notify_remove(
    email: Annotated[str, typer.Argument(help="E-mail address.")],
    company: CompanyOption = None,
    db: DbOption = None,
) -> None:
    """Remove a recipient."""
    ctx = Context(db)
    _automation(ctx).notifier.remove_recipient(ctx.company(company), email, actor=actor())
    typer.echo(f"{email} removed")


@notify_app.command("list")
def notify_list(
    company: CompanyOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """The owner and the recipients."""
    ctx = Context(db)
    view = _automation(ctx).notifier.recipients(ctx.company(company))
    if json:
        print_json(view)
        return
    typer.echo(f"owner: {view['owner'] or '(none)'}")
    table(
        "Recipients",
        ["E-mail", "Name", "Language", "Imports", "Digest"],
        (
            (r["email"], r["name"], r["language"], r["import_summary"], r["overdue_digest"])
            for r in view["recipients"]
        ),
    )


@notify_app.command("outbox")
def notify_outbox(
    status: Annotated[str | None, typer.Option(help="pending, sending, sent or failed.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Messages queued and sent, newest first, with their attempts and last error."""
    ctx = Context(db)
    rows = _automation(ctx).notifier.outbox(ctx.company(company), status=status, limit=limit)
    if json:
        print_json(rows)
        return
    table(
        "E-mail outbox",
        ["Id", "Kind", "To", "Subject", "Status", "Attempts", "Error"],
        (
            (r["id"], r["kind"], r["to"], r["subject"], r["status"], r["attempts"], r["last_error"])
            for r in rows
        ),
    )


@notify_app.command("send")
def notify_send(db: DbOption = None, json: JsonOption = False) -> None:
    """Send what waits in the outbox now (the worker does this every tick)."""
    ctx = Context(db)
    notifier = _automation(ctx).notifier
    mail = notifier.deliver()
    letters = notifier.deliver_letters()
    if json:
        print_json({**mail, "letters": letters})
    else:
        _echo_mail(mail)
        typer.echo(
            f"follow-up letters: {letters['sent']} sent, {letters['retry']} to retry,"
            f" {letters['failed']} failed"
            + (f", {letters['waiting']} waiting" if letters.get("waiting") else "")
        )
        if mail.get("smtp"):
            typer.echo(f"{mail['sent']} sent")


@notify_app.command("retry")
def notify_retry(company: CompanyOption = None, db: DbOption = None) -> None:
    """Queue messages that were given up again (after fixing the mail settings)."""
    ctx = Context(db)
    count = _automation(ctx).notifier.retry_failed(ctx.company(company), actor=actor())
    typer.echo(f"{count} message(s) queued again")


@notify_app.command("test")
def notify_test(
    email: Annotated[str, typer.Argument(help="Where to send the test.")],
    language: Annotated[str, typer.Option(help="nb or en.")] = "nb",
    company: CompanyOption = None,
    db: DbOption = None,
) -> None:
    """Send a test message now, to check the SMTP settings."""
    ctx = Context(db)
    notifier = _automation(ctx).notifier
    notifier.queue_test(ctx.company(company), email, language)
    mail = notifier.deliver()
    _echo_mail(mail)
    if not mail.get("smtp") or not mail["sent"]:
        errors = notifier.outbox(None, limit=1)
        reason = errors[0]["last_error"] if errors else None
        raise ValidationError(f"the test message was not sent{': ' + reason if reason else ''}")
    typer.echo(f"test message sent to {email}")


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
