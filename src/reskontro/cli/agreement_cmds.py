"""``reskontro agreement|channel``: the OCR agreement with Nets and the bank channels
bank files are fetched from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from reskontro.cli.common import (
    CompanyOption,
    Context,
    DbOption,
    JsonOption,
    actor,
    err_console,
    open_company,
    print_json,
    table_or_json,
)
from reskontro.i18n import render
from reskontro.jsonable import to_jsonable

if TYPE_CHECKING:
    from collections.abc import Callable

    from reskontro.services.automation import (
        AgreementEnded,
        AgreementRecord,
        Automation,
        ChannelConfig,
    )

agreement_app = typer.Typer(
    help="The OCR agreement with Nets (needed for KID on invoices).", no_args_is_help=True
)
channel_app = typer.Typer(
    help="Bank channels: the SFTP mailbox or folder bank files are fetched from.",
    no_args_is_help=True,
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


def automation(ctx: Context) -> Automation:
    from reskontro.channels.mailer import SmtpSettings
    from reskontro.clock import SystemClock
    from reskontro.services.automation import build_automation

    return build_automation(ctx.sessions, SystemClock(), smtp=SmtpSettings.from_env())


# -- agreement -----------------------------------------------------------------------


def _show_agreement(view: AgreementRecord) -> None:
    from reskontro.domain.company import format_account
    from reskontro.services.automation import AgreementView

    status = "VERIFIED" if view.verified else view.status.upper()
    typer.echo(f"OCR agreement {view.agreement_id}: {status}")
    typer.echo(f"  account         {format_account(view.account)}")
    typer.echo(f"  data recipient  {view.data_recipient}")
    lengths = ", ".join(map(str, view.kid_lengths))
    typer.echo(f"  KID             length {lengths}, MOD{view.kid_modulus}")
    problems = view.problems
    if isinstance(view, AgreementView):
        typer.echo(
            f"  KID template    {view.kid_template} = {view.kid_length} digits,"
            f" MOD{view.kid_template_modulus}; KID on invoices"
            f" {'on' if view.kid_enabled else 'off'}"
        )
        problems = view.problems_now
    for problem in problems:
        typer.echo(f"  does not fit: {render(problem, 'en')}")
    for warning in view.warnings if isinstance(view, AgreementView) else ():
        typer.echo(f"  note: {render(warning, 'en')}")


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
    from reskontro.clock import SystemClock
    from reskontro.services.automation import Agreements, parse_terms

    ctx, company_id = open_company(db, company)
    terms = parse_terms(
        agreement_id=agreement_id,
        account=account or ctx.books.company(company_id).account,
        data_recipient=data_recipient,
        kid_lengths=kid_length,
        kid_modulus=modulus,
    )
    view = Agreements(ctx.sessions, SystemClock()).register(
        company_id, terms, kid_on=kid_on, actor=actor()
    )
    if json:
        print_json(to_jsonable(view))
        return
    _show_agreement(view)
    if not view.verified:
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
    from reskontro.services.automation import Agreements

    ctx, company_id = open_company(db, company)
    view = Agreements(ctx.sessions, SystemClock()).show(company_id)
    if json:
        print_json(to_jsonable(view))
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
    from reskontro.services.automation import Agreements

    ctx, company_id = open_company(db, company)
    view = Agreements(ctx.sessions, SystemClock()).verify(company_id, kid_on=kid_on, actor=actor())
    if json:
        print_json(to_jsonable(view))
    else:
        _show_agreement(view)


@agreement_app.command("end")
def agreement_end(
    company: CompanyOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """The agreement has ended at Nets: KID on new invoices is switched off with it."""
    from reskontro.clock import SystemClock
    from reskontro.services.automation import Agreements

    ctx, company_id = open_company(db, company)
    view: AgreementEnded = Agreements(ctx.sessions, SystemClock()).end(company_id, actor=actor())
    if json:
        print_json(to_jsonable(view))
    else:
        off = "; KID on new invoices switched off" if view.kid_switched_off else ""
        typer.echo(f"OCR agreement {view.agreement_id} ended{off}")


# -- channel -------------------------------------------------------------------------


def _print_channel(view: ChannelConfig, json: bool) -> None:
    if json:
        print_json(to_jsonable(view))
        return
    state = "" if view.enabled else " (switched off)"
    typer.echo(f"channel {view.name}: {view.kind} {view.where}{state}")


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
    ctx, company_id = open_company(db, company)
    view = automation(ctx).channels.add_sftp(
        company_id, name, host=host, port=port, username=user,
        fingerprint=fingerprint, password=password, key=key, key_passphrase=key_passphrase,
        folder=folder, pattern=pattern, after_fetch=after_fetch, move_to=move_to, actor=actor(),
    )  # fmt: skip
    _print_channel(view, json)


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
    ctx, company_id = open_company(db, company)
    view = automation(ctx).channels.add_folder(
        company_id, name, path=path, pattern=pattern, after_fetch=after_fetch,
        move_to=move_to, actor=actor(),
    )  # fmt: skip
    _print_channel(view, json)


@channel_app.command("list")
def channel_list(
    company: CompanyOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """The company's channels (secrets are shown only as where they are read from)."""
    ctx, company_id = open_company(db, company)
    views = automation(ctx).channels.configs(company_id)
    table_or_json(
        json,
        views,
        "Bank channels",
        ["Name", "Kind", "Where", "Pattern", "After fetch", "On"],
        lambda v: (v.name, v.kind, v.where, v.pattern, v.after_fetch, v.enabled),
    )


def _switch(enabled: bool, doc: str) -> Callable[..., None]:
    def command(
        name: NameArg, company: CompanyOption = None, db: DbOption = None, json: JsonOption = False
    ) -> None:
        ctx, company_id = open_company(db, company)
        view = automation(ctx).channels.set_enabled(company_id, name, enabled, actor=actor())
        _print_channel(view, json)

    command.__doc__ = doc
    return command


channel_app.command("disable")(_switch(False, "Stop fetching from a channel (its history stays)."))
channel_app.command("enable")(_switch(True, "Fetch from a channel again."))


@channel_app.command("test")
def channel_test(
    name: NameArg, company: CompanyOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """Log in and list the matching files; nothing is fetched or changed."""
    from reskontro.channels import ChannelError
    from reskontro.services.automation import probe_channel

    ctx, company_id = open_company(db, company)
    config = automation(ctx).channels.config(company_id, name)
    probe = probe_channel(config)
    if not probe.ok:
        raise ChannelError(probe.error)
    if json:
        print_json(to_jsonable(probe))
        return
    typer.echo(f"{config.where}: connected; {len(probe.files)} matching file(s)")
    for f in probe.files:
        typer.echo(f"  {f.name}  {f.size} bytes")


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


__all__ = ["agreement_app", "automation", "channel_app"]
