"""``reskontro avtalegiro``: the AvtaleGiro agreement, mandate lists, claims files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reskontro.cli.common import (
    CompanyOption,
    DbOption,
    JsonOption,
    actor,
    answer,
    console,
    nok,
    open_company,
    parse_date,
    print_json,
    table,
    table_or_json,
)
from reskontro.clock import SystemClock
from reskontro.domain.avtalegiro import FileDirection, MandateState
from reskontro.errors import ValidationError
from reskontro.jsonable import to_jsonable

app = typer.Typer(
    help="AvtaleGiro: the agreement with Nets, payers' mandates, claims files.",
    no_args_is_help=True,
)


@app.command("agreement")
def agreement_command(
    agreement_id: Annotated[
        str | None, typer.Option(help="Nets' AvtaleGiro agreement ID, 9 digits.")
    ] = None,
    data_transmitter: Annotated[
        str | None,
        typer.Option(help="Our customer unit ID (kundeenhet-ID) as data transmitter, 8 digits."),
    ] = None,
    account: Annotated[
        str | None,
        typer.Option(help="11 digits; default the OCR agreement's account (it must be that)."),
    ] = None,
    bank_notifies: Annotated[
        bool,
        typer.Option(
            help="The bank notifies payers who want a notice (claims of type 21, with the"
            " invoice lines); --no-bank-notifies: we notify them (type 02)."
        ),
    ] = True,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Register or change the AvtaleGiro agreement; without options, show it."""
    from reskontro.services.avtalegiro.agreement import register_agreement, show_agreement

    ctx, company_id = open_company(db, company)
    if agreement_id is None and data_transmitter is None:
        view = show_agreement(ctx.sessions, company_id)
    elif agreement_id is None or data_transmitter is None:
        missing = "agreement_id" if agreement_id is None else "data_transmitter"
        raise ValidationError(
            "give both --agreement-id and --data-transmitter to register the agreement",
            field=missing,
        )
    else:
        view = register_agreement(
            ctx.sessions, SystemClock(), company_id, agreement_id=agreement_id,
            data_transmitter=data_transmitter, account=account, bank_notifies=bank_notifies,
            actor=actor(),
        )  # fmt: skip
    if json:
        print_json(to_jsonable(view))
    elif view is None:
        console.print("no AvtaleGiro agreement")
    else:
        first, last = view.customer_position
        console.print(
            f"AvtaleGiro agreement {view.agreement_id} on account {view.account},"
            f" data transmitter {view.data_transmitter}, customer number at KID positions"
            f" {first}-{last}; {'the bank' if view.bank_notifies else 'we'} notify payers"
        )


@app.command("mandates")
def mandates_command(
    file: Annotated[Path, typer.Argument(help="A mandate list (FBO) from Nets.")],
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Read a mandate list from Nets: new, changed and deleted mandates."""
    from reskontro.services.avtalegiro.mandates import read_mandates

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{file}: cannot read the file ({exc.strerror})") from None
    ctx, company_id = open_company(db, company)
    result = read_mandates(
        ctx.sessions, SystemClock(), company_id, data, filename=file.name, actor=actor()
    )
    answer(json, result, f"{result.new} new, {result.changed} changed,"
           f" {result.deleted} deleted; {result.waiting} wait for a customer")  # fmt: skip


@app.command("list")
def list_command(
    state: Annotated[MandateState | None, typer.Option(help="Only mandates in this state.")] = None,
    customer: Annotated[int | None, typer.Option(help="Only this customer's.")] = None,
    notify: Annotated[
        bool | None, typer.Option(help="Only payers who want (or do not want) a notice.")
    ] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """The payers' mandates: customer, KID, notice wanted, in force."""
    from reskontro.services.avtalegiro.mandates import list_mandates

    ctx, company_id = open_company(db, company)
    rows = list_mandates(ctx.sessions, company_id, state=state, customer=customer, notify=notify)
    if json:
        print_json(
            [
                {
                    "customer": m.customer,
                    "kid": m.kid,
                    "notify": m.notify,
                    "active": m.active,
                    "state": m.state.value,
                }
                for m in rows
            ]
        )
        return
    table(
        "AvtaleGiro mandates",
        ["Customer", "Name", "KID", "Notice", "State"],
        ((m.customer, m.customer_name, m.kid, "yes" if m.notify else "no", m.state.value)
         for m in rows),
    )  # fmt: skip


@app.command("assign")
def assign_command(
    kid: Annotated[str, typer.Argument(help="The KID of a mandate waiting for a customer.")],
    customer: Annotated[int, typer.Option(help="The customer's number.")],
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Name the customer of a mandate whose KID fits no customer."""
    from reskontro.services.avtalegiro.mandates import assign_mandate

    ctx, company_id = open_company(db, company)
    view = assign_mandate(
        ctx.sessions, SystemClock(), company_id, kid=kid, customer_number=customer, actor=actor()
    )
    answer(json, view, f"mandate {view.kid} belongs to customer {view.customer}")


@app.command("history")
def history_command(
    customer: Annotated[int, typer.Argument(help="The customer's number.")],
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """A customer's mandate history."""
    from reskontro.services.avtalegiro.mandates import mandate_history

    ctx, company_id = open_company(db, company)
    table_or_json(
        json,
        mandate_history(ctx.sessions, company_id, customer),
        f"AvtaleGiro mandates of customer {customer}",
        ["At", "KID", "Change", "State", "Notice"],
        lambda e: (e.at.isoformat(timespec="minutes"), e.kid, e.change.value, e.state.value,
                   e.notify),
    )  # fmt: skip


@app.command("claims")
def claims_command(
    out: Annotated[Path, typer.Option(help="Where to write the claims file for Nets.")],
    date: Annotated[
        str | None, typer.Option(help="Count the lead time from this day (default now).")
    ] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Write the claims (and cancellations) due to go to Nets; no claim is sent twice."""
    from reskontro.services.avtalegiro.claims import write_claims

    ctx, company_id = open_company(db, company)
    on = parse_date(date, "--date")
    run = write_claims(ctx.sessions, SystemClock(), company_id, on=on, actor=actor())
    if run.content:
        out.write_bytes(run.content)
    if json:
        print_json(
            {
                "claims": run.claims,
                "cancellations": run.cancellations,
                "amount_ore": run.amount_ore,
                "transmission_number": run.transmission_number,
                "too_late": run.too_late,
                "notes": to_jsonable(run.notes),
            }
        )
        return
    if run.transmission_number is None:
        console.print("nothing to send to Nets; no file written")
    else:
        console.print(
            f"transmission {run.transmission_number}: {run.claims} claim(s) of"
            f" {nok(run.amount_ore)} NOK, {run.cancellations} cancellation(s) -> {out}"
        )
    for note in run.notes:
        console.print(to_jsonable(note))


@app.command("outbound")
def outbound_command(
    channel: Annotated[str, typer.Option(help="The bank channel (reskontro channel list).")],
    folder: Annotated[str, typer.Option(help="The folder on it where Nets collects files.")],
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Send claims files to Nets through a bank channel's outbound folder (daily job)."""
    from reskontro.services.avtalegiro.sending import set_outbound

    ctx, company_id = open_company(db, company)
    view = set_outbound(
        ctx.sessions, SystemClock(), company_id, channel=channel, folder=folder, actor=actor()
    )
    answer(json, view, f"claims files go to {view.channel}:{view.folder}")


@app.command("send")
def send_command(
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Send every claims file not sent yet to Nets, now."""
    import os

    from reskontro.services.avtalegiro.sending import send_pending

    ctx, company_id = open_company(db, company)
    sent = send_pending(ctx.sessions, SystemClock(), company_id, environ=os.environ, actor=actor())
    if json:
        print_json(to_jsonable(sent))
    else:
        for f in sent:
            console.print(f"{f.filename} sent to {f.sent_to}")
        if not sent:
            console.print("nothing to send")


@app.command("files")
def files_command(
    direction: Annotated[
        FileDirection | None, typer.Option(help="Only mandate lists or only claims files.")
    ] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Mandate lists read and claims files written, newest first."""
    from reskontro.services.avtalegiro.files import list_files

    ctx, company_id = open_company(db, company)
    table_or_json(
        json,
        list_files(ctx.sessions, company_id, direction=direction),
        "AvtaleGiro files",
        ["Id", "Kind", "File", "Transmission", "Claims", "Amount", "Sent"],
        lambda f: (f.id, f.direction.value, f.filename, f.transmission_number, f.claims,
                   nok(f.amount_ore), f.sent_to or ""),
    )  # fmt: skip


@app.command("failed")
def failed_command(
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Flag sent claims whose draw was not reported (the daily job does it too)."""
    from reskontro.services.avtalegiro.status import flag_failed_draws

    ctx, company_id = open_company(db, company)
    result = flag_failed_draws(ctx.sessions, SystemClock(), company_id, actor=actor())
    answer(json, result, f"{result.flagged} failed draw(s) flagged; follow them up as usual")


def register(main: typer.Typer) -> None:
    """Add ``reskontro avtalegiro`` to the app."""
    main.add_typer(app, name="avtalegiro")


__all__ = ["app", "register"]
