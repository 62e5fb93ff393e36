"""``reskontro company account add|list|remove``: the company's bank accounts and, per
account, the source of its incoming payments (``ocr``, ``camt`` or ``both``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from reskontro.cli.common import (
    CompanyOption,
    Context,
    DbOption,
    JsonOption,
    actor,
    open_company,
    print_json,
)
from reskontro.cli.common import table as print_table
from reskontro.domain.company import format_account
from reskontro.jsonable import to_jsonable

if TYPE_CHECKING:
    from reskontro.services.bank_accounts import BankAccounts, CompanyAccountView

account_app = typer.Typer(
    help="The company's bank accounts: a payment file for an account not listed here is"
    " rejected, and each account takes payment files from the source chosen for it.",
    no_args_is_help=True,
)

AccountArg = Annotated[
    str,
    typer.Argument(
        metavar="ACCOUNT", help="Account number: 11 digits (dots allowed) or an IBAN starting NO."
    ),
]


def register(company_app: typer.Typer) -> None:
    company_app.add_typer(account_app, name="account")


def _accounts(ctx: Context) -> BankAccounts:
    from reskontro.clock import SystemClock
    from reskontro.services.bank_accounts import BankAccounts

    return BankAccounts(ctx.sessions, SystemClock())


def _show(views: list[CompanyAccountView], json: bool) -> None:
    if json:
        print_json(to_jsonable(views))
        return
    print_table(
        "Bank accounts",
        ["Account", "Source", "Main"],
        ((format_account(v.account), v.source.value, "yes" if v.main else "") for v in views),
    )


@account_app.command("list")
def account_list(
    company: CompanyOption = None, db: DbOption = None, json: JsonOption = False
) -> None:
    """List the company's accounts and the source of payments of each."""
    ctx, company_id = open_company(db, company)
    _show(_accounts(ctx).of(company_id), json)


@account_app.command("add")
def account_add(
    account: AccountArg,
    source: Annotated[
        str,
        typer.Option(
            help="Which payment files book to this account: ocr (Nets OCR Giro), camt"
            " (camt.054 from the bank) or both."
        ),
    ] = "both",
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Add an account, or change the source of payments of one already listed."""
    ctx, company_id = open_company(db, company)
    _show(_accounts(ctx).add(company_id, account, source, actor=actor()), json)


@account_app.command("remove")
def account_remove(
    account: AccountArg,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Remove an account: payment files for it are rejected from now on."""
    ctx, company_id = open_company(db, company)
    _show(_accounts(ctx).remove(company_id, account, actor=actor()), json)
