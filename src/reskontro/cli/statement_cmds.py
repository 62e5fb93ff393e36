"""``reskontro pdf statement``: a customer's statement (kontoutskrift) as PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reskontro.cli.common import (
    CompanyOption,
    DbOption,
    JsonOption,
    nok,
    open_company,
    parse_date,
    print_json,
)
from reskontro.jsonable import to_jsonable


def pdf_statement(
    customer: Annotated[int, typer.Argument(metavar="CUSTOMER_NUMBER", help="Customer number.")],
    out: Annotated[Path, typer.Option("--out", help="The PDF file to write.")],
    date_from: Annotated[
        str | None,
        typer.Option(
            "--from", help="First day (YYYY-MM-DD); default 1 January.", show_default=False
        ),
    ] = None,
    date_to: Annotated[
        str | None,
        typer.Option("--to", "--date-to", help="Last day; default today.", show_default=False),
    ] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Write a customer's statement for a period as PDF: balance brought forward, each
    invoice, credit note, payment and fee, the closing balance, and the open items with
    their KIDs and the company's account number."""
    from reskontro.clock import SystemClock
    from reskontro.formats.pdf.statement import render_statement
    from reskontro.services.invoicing.statement import customer_statement

    ctx, company_id = open_company(db, company)
    doc = customer_statement(
        ctx.sessions, SystemClock(), company_id, customer,
        date_from=parse_date(date_from, "--from"), date_to=parse_date(date_to, "--to"),
    )  # fmt: skip
    pdf = render_statement(doc)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    if json:
        data = to_jsonable(doc)
        print_json({"file": str(out), "bytes": len(pdf), **data})
    else:
        typer.echo(
            f"{out}: statement of customer {customer} {doc.date_from} – {doc.date_to}:"
            f" brought forward {nok(doc.opening_ore)}, {len(doc.entries)} movements,"
            f" closing {nok(doc.closing_ore)}; open now {nok(doc.open_ore)}"
        )


def register(pdf: typer.Typer) -> None:
    """Add ``statement`` to ``reskontro pdf``."""
    pdf.command("statement")(pdf_statement)
