"""``reskontro efaktura ...``: look a private customer up in MPS' eFaktura 2.0
register, give them the data MPS matches on, and see where eFaktura stands.

The route comes from ``RESKONTRO_EFAKTURA`` (``sandbox``, ``mps`` or ``mps-files``;
docs/efaktura.md); the key for national identity numbers from
``RESKONTRO_NATIONAL_ID_KEY``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from reskontro.cli.common import (
    CompanyOption,
    DbOption,
    JsonOption,
    actor,
    open_company,
    print_json,
)
from reskontro.clock import SystemClock

efaktura_app = typer.Typer(help="eFaktura 2.0: look-ups in MPS' register and status.")


@efaktura_app.command("lookup")
def lookup(
    number: Annotated[int, typer.Argument(help="Customer number.")],
    save: Annotated[
        bool, typer.Option("--save", help="Switch the customer card to eFaktura when it can.")
    ] = False,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Ask the register even if asked in the last day.")
    ] = False,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Can this customer receive eFaktura? The answer is kept on the card.

    Exits 1 when the register did not answer (the card keeps its last answer).
    """
    from reskontro.domain.efaktura import Answer
    from reskontro.i18n import render
    from reskontro.jsonable import to_jsonable
    from reskontro.messages import Message
    from reskontro.services.delivery.efaktura import look_up_customer

    ctx, company_id = open_company(db, company)
    result = look_up_customer(
        ctx.sessions, SystemClock(), company_id, number, save=save, fresh=fresh,
        actor=actor(),
    )  # fmt: skip
    if json:
        print_json(to_jsonable(result))
    else:
        text = render(Message.of(f"efaktura.answer.{result.answer.value}"), "en")
        typer.echo(f"customer {number}: {text}")
        if result.efaktura_address:
            typer.echo(f"  eFaktura address: {result.efaktura_address}")
        typer.echo(f"  delivery method: {result.delivery_method.value}")
        if result.cached:
            typer.echo(f"  (the card's answer of {result.checked_at:%Y-%m-%d %H:%M})")
    if result.answer is Answer.UNAVAILABLE:
        raise typer.Exit(1)


@efaktura_app.command("person")
def person(
    number: Annotated[int, typer.Argument(help="Customer number.")],
    national_id: Annotated[
        str | None,
        typer.Option("--national-id", help="Fødselsnummer (11 digits); empty removes it."),
    ] = None,
    mobile: Annotated[
        str | None, typer.Option("--mobile", help="Mobile number; empty removes it.")
    ] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Give a private customer the data eFaktura look-ups use (the national identity
    number is stored encrypted and shown masked)."""
    from reskontro.jsonable import to_jsonable
    from reskontro.services.delivery.efaktura_card import set_person_data

    ctx, company_id = open_company(db, company)
    card = set_person_data(
        ctx.sessions, SystemClock(), company_id, number, national_id=national_id,
        mobile=mobile, actor=actor(),
    )  # fmt: skip
    if json:
        print_json(to_jsonable(card))
    else:
        typer.echo(
            f"customer {number}: national id {card.national_id or '-'}, mobile {card.mobile or '-'}"
        )


@efaktura_app.command("status")
def status(
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """The route in use and what the customer cards say about eFaktura."""
    from reskontro.jsonable import to_jsonable
    from reskontro.services.delivery.efaktura import overview

    ctx, company_id = open_company(db, company)
    result = overview(ctx.sessions, company_id)
    if json:
        print_json(to_jsonable(result))
        return
    typer.echo(f"route: {result.route or 'none (eFaktura is not set up)'}")
    typer.echo(
        f"private customers: {result.persons}; can receive eFaktura: {result.can_receive};"
        f" by eFaktura: {result.by_efaktura}; blocked us: {result.blocked};"
        f" never looked up: {result.never_looked_up}"
    )
