"""``reskontro company``: the sellers whose books these are (create, list, show, KID)."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from reskontro.cli.common import (
    CompanyOption,
    Context,
    DbOption,
    JsonOption,
    actor,
    answer,
    open_company,
    print_json,
    table_or_json,
)
from reskontro.domain import kid as kidlib
from reskontro.domain.company import format_account, format_org_number
from reskontro.errors import ValidationError
from reskontro.i18n import render
from reskontro.jsonable import to_jsonable

company_app = typer.Typer(
    help="Companies: the sellers whose books these are.", no_args_is_help=True
)


@company_app.command("create")
def company_create(
    name: Annotated[str, typer.Option(help="The company's registered name.")],
    org_number: Annotated[str, typer.Option(help="Organisation number, 9 digits.")],
    account: Annotated[str, typer.Option(help="Bank account for payments, 11 digits.")],
    vat_registered: Annotated[bool, typer.Option(help="Registered for VAT (MVA).")] = False,
    foretaksregisteret: Annotated[
        bool, typer.Option(help="Registered in Foretaksregisteret (AS, ASA, NUF...).")
    ] = False,
    kid_template: Annotated[
        str | None,
        typer.Option(help=f"KID layout; default {kidlib.DEFAULT_TEMPLATE} (11 digits with MOD10)."),
    ] = None,
    kid_modulus: Annotated[int, typer.Option(help="KID check digit: 10 or 11.")] = 10,
    no_kid: Annotated[bool, typer.Option("--no-kid", help="Issue invoices without KID.")] = False,
    terms_days: Annotated[int, typer.Option(help="Default payment terms in days.")] = 14,
    first_invoice_number: Annotated[int, typer.Option(help="First invoice number.")] = 1,
    address: Annotated[str | None, typer.Option(help="Postal address.")] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Set up a company (seller)."""
    view = Context(db).books.create_company(
        name=name,
        org_number=org_number,
        account=account,
        vat_registered=vat_registered,
        foretaksregisteret=foretaksregisteret,
        kid_template=kid_template,
        kid_modulus=kid_modulus,
        kid_enabled=not no_kid,
        payment_terms_days=terms_days,
        first_invoice_number=first_invoice_number,
        address=address,
        actor=actor(),
    )
    answer(json, view, f"company {view.id} created: {view.name}")


@company_app.command("list")
def company_list(db: DbOption = None, json: JsonOption = False) -> None:
    """List the companies in the database."""
    views = Context(db).books.companies()
    table_or_json(
        json,
        views,
        "Companies",
        ["Id", "Name", "Org. number", "Account", "KID"],
        lambda v: (
            v.id,
            v.name,
            format_org_number(v.org_number, vat_registered=v.vat_registered),
            format_account(v.account),
            f"{v.kid_template} MOD{v.kid_modulus}" if v.kid_enabled else "off",
        ),
    )


@company_app.command("show")
def company_show(
    company: CompanyOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """Show a company and its settings."""
    ctx, company_id = open_company(db, company)
    view = ctx.books.company(company_id)
    if json:
        print_json(to_jsonable(view))
        return
    for key, value in to_jsonable(view).items():
        typer.echo(f"{key:>30}: {value}")


def _position(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    match = re.fullmatch(r"\s*(\d+)\s*[-–]\s*(\d+)\s*", text)
    if match is None:
        raise ValidationError(f"--avtalegiro-customer-position: write A-B, e.g. 3-8, not {text!r}")
    return int(match[1]), int(match[2])


@company_app.command("kid")
def company_kid(
    template: Annotated[str | None, typer.Option(help="New KID layout.")] = None,
    modulus: Annotated[int | None, typer.Option(help="10 or 11.")] = None,
    refuse_dash: Annotated[
        bool | None,
        typer.Option(
            "--refuse-dash/--allow-dash",
            help="MOD11 can give '-' as check digit; some banks reject such KIDs.",
        ),
    ] = None,
    avtalegiro_customer_position: Annotated[
        str | None, typer.Option(help='AvtaleGiro rule "customer number at positions A-B".')
    ] = None,
    enable: Annotated[bool | None, typer.Option("--on/--off", help="KID on invoices.")] = None,
    check_only: Annotated[bool, typer.Option(help="Only report problems; save nothing.")] = False,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Change the KID layout; it is checked against the number series in use.

    Issued invoices keep their KID; a new layout applies to new invoices only.
    """
    from reskontro.services.invoicing.kid_settings import KidSettings

    ctx, company_id = open_company(db, company)
    current = ctx.books.company(company_id)
    pos = _position(avtalegiro_customer_position)
    if pos is None and current.avtalegiro_customer_position:
        first, last = current.avtalegiro_customer_position
        pos = (int(first), int(last))
    dash = current.kid_dash if refuse_dash is None else ("refuse" if refuse_dash else "allow")
    settings = KidSettings(
        enabled=current.kid_enabled if enable is None else enable,
        template=template or current.kid_template,
        modulus=modulus or current.kid_modulus,
        dash=kidlib.Mod11Dash(dash),
        avtalegiro_customer_position=pos,
    )
    if check_only:
        problems = [render(m, "en") for m in ctx.books.check_kid_settings(company_id, settings)]
        if json:
            print_json({"ok": not problems, "problems": problems})
        else:
            typer.echo("\n".join(problems) if problems else "the KID settings fit")
        if problems:
            raise typer.Exit(1)
        return
    view = ctx.books.set_kid_settings(company_id, settings, actor=actor())
    if json:
        print_json(to_jsonable(view))
    else:
        tpl = kidlib.KidTemplate.parse(view.kid_template, view.kid_modulus)
        typer.echo(
            f"KID {'on' if view.kid_enabled else 'off'}: {tpl.text} + MOD{int(tpl.modulus)}"
            f" = {tpl.length} digits"
        )
