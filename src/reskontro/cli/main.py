"""``reskontro``: accounts receivable for Norwegian businesses, on the command line."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from reskontro.cli import (
    automation_cmds,
    avtalegiro_cmds,
    bank_account_cmds,
    books_cmds,
    charges_cmds,
    company_cmds,
    customer_cmds,
    delivery_cmds,
    efaktura_cmds,
    ehf_cmds,
    followup_claim_cmds,
    followup_cmds,
    inbox_cmds,
    invoicing_cmds,
    kid_cmds,
    payments_cmds,
    peppol_cmds,
    statement_cmds,
    web_cmds,
)
from reskontro.cli.common import GLOBAL_DB, Context, DbOption, console
from reskontro.errors import FileFormatError, ReskontroError, ValidationError
from reskontro.limits import INT64_MAX, InputCode
from reskontro.messages import Message

app = typer.Typer(
    name="reskontro",
    help="Accounts receivable for Norwegian businesses: invoices with KID, payments that"
    " book themselves, follow-up of what is unpaid.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _global_options(db: DbOption = None) -> None:
    """Options given before the command: ``reskontro --db URL invoice list``."""
    GLOBAL_DB["url"] = db


app.add_typer(kid_cmds.app, name="kid")
app.add_typer(company_cmds.company_app, name="company")
bank_account_cmds.register(company_cmds.company_app)
app.add_typer(customer_cmds.customer_app, name="customer")
peppol_cmds.register(customer_cmds.customer_app)
app.add_typer(books_cmds.invoice_app, name="invoice")
app.add_typer(books_cmds.ledger_app, name="ledger")
app.add_typer(payments_cmds.payments_app, name="payments")
app.add_typer(inbox_cmds.inbox_app, name="inbox")
inbox_cmds.register(inbox_cmds.inbox_app)
app.add_typer(efaktura_cmds.efaktura_app, name="efaktura")
app.command("parse")(payments_cmds.parse_command)
automation_cmds.register(app)
delivery_cmds.register(app, books_cmds.invoice_app, company_cmds.company_app)
followup_cmds.register(app)
statement_cmds.register(followup_claim_cmds.pdf_app)
ehf_cmds.register(app)
web_cmds.register(app)
avtalegiro_cmds.register(app)
invoicing_cmds.register(app, books_cmds.invoice_app)
charges_cmds.register(books_cmds.invoice_app)


@app.command()
def init(db: DbOption = None) -> None:
    """Create or migrate the database; safe to repeat."""
    from reskontro.storage import migrate

    ctx = Context(db)
    engine = ctx.engine
    console.print(f"database ready at schema {migrate.current(engine)}: {engine.url!r}")


@app.command()
def demo(
    db: DbOption = None,
    fresh: Annotated[bool, typer.Option(help="Start again from an empty database.")] = False,
) -> None:
    """Create demo data on first start and show the invoice overview."""
    from reskontro.cli.demo import run_demo

    run_demo(Context(db), fresh=fresh)


def cli_text(exc: ReskontroError) -> str:
    """An error as the CLI prints it: English, with the option at fault named
    (``the company needs a name (--name)``) and every problem of a batch on its own line.
    """
    from reskontro.i18n import render, render_problem

    text = exc.message
    # A file's field (``record length``) is named in the error's location, not a flag.
    field = None if isinstance(exc, FileFormatError) else exc.field
    if field and exc.msg is not None and _flag(field) not in text:
        text = f"{text} ({_flag(field)})"
    if exc.problems:
        if exc.msg is not None:  # the problems follow, each on its own line
            text = render(exc.msg, "en")
        for p in exc.problems:
            line = render_problem(p, "en")
            text += f"\n  {line} ({_flag(p.field)})" if p.field else f"\n  {line}"
    if isinstance(exc, FileFormatError):  # a file's other problems, each on its own line
        for other in exc.others:
            text += f"\n  {other}"
    return text


def _flag(field: str) -> str:
    return "--" + field.replace("_", "-")


def main(argv: list[str] | None = None) -> None:
    """Entry point: bad input → message on stderr and exit 1; usage errors → exit 2.

    typer handles usage errors itself (exit 2) and lets every other exception through;
    ours are mapped here, once.
    """
    command = typer.main.get_command(app)
    try:
        command.main(args=argv, prog_name="reskontro", standalone_mode=True)
    except ReskontroError as exc:
        # Plain text, never wrapped: scripts read this line.
        sys.stderr.write(f"error: {cli_text(exc)}\n")
        sys.exit(1)
    except Exception as exc:
        # A number beyond what the database holds (SQLite: OverflowError; PostgreSQL:
        # numeric value out of range): bad input, not a crash.
        from sqlalchemy.exc import DataError

        if not isinstance(exc, OverflowError | DataError):
            raise
        out_of_range = ValidationError(Message.of(InputCode.OUT_OF_RANGE, limit=INT64_MAX))
        sys.stderr.write(f"error: {cli_text(out_of_range)}\n")
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
