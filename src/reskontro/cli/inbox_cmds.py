"""``reskontro inbox split|ignore|refund|undo-import``: the voucher inbox's actions the
web page has (split over invoices, set aside, mark for refund, undo an import), with the
same services (:mod:`reskontro.services.payments.inbox`,
:mod:`reskontro.services.payments.undo`)."""

from __future__ import annotations

from typing import Annotated

import typer

from reskontro.cli.common import (
    CompanyOption,
    Context,
    DbOption,
    JsonOption,
    actor,
    nok,
    print_json,
)
from reskontro.cli.payments_cmds import inbox_service, parse_items
from reskontro.jsonable import to_jsonable

PaymentArg = Annotated[int, typer.Argument(metavar="ID", help="Payment id.")]


def inbox_split(
    payment_id: PaymentArg,
    invoice: Annotated[
        list[str], typer.Option("--invoice", help="INVOICE_ID:AMOUNT_NOK, once per invoice.")
    ],
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Split a waiting payment over invoices of one customer; the rest is their credit.

    E.g. ``reskontro inbox split 7 --invoice 3:500 --invoice 4:250,50``.
    """
    ctx = Context(db)
    parts = [(a.id, a.amount_ore) for a in parse_items(invoice, "invoice", "--invoice")]
    view = inbox_service(ctx).split(ctx.company(company), payment_id, parts, actor=actor())
    if json:
        print_json(to_jsonable(view))
    else:
        typer.echo(
            f"payment {payment_id} split over {len(parts)} invoices of customer"
            f" {view.customer_number}; credit left {nok(view.unallocated_ore)}"
        )


def _set_aside(
    payment_id: int, company: int | None, db: str | None, json: bool, *, refund: bool
) -> None:
    ctx = Context(db)
    view = inbox_service(ctx).set_aside(
        ctx.company(company), payment_id, refund=refund, actor=actor()
    )
    if json:
        print_json(to_jsonable(view))
    else:
        what = "marked to be paid back" if refund else "set aside"
        typer.echo(f"payment {payment_id} ({nok(view.amount_ore)}) {what}")


def inbox_ignore(
    payment_id: PaymentArg,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Set a waiting payment aside unbooked (not the company's); it can still be posted."""
    _set_aside(payment_id, company, db, json, refund=False)


def inbox_refund(
    payment_id: PaymentArg,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Mark a waiting payment to be paid back to the payer (set aside with that reason)."""
    _set_aside(payment_id, company, db, json, refund=True)


def inbox_undo_import(
    file_id: Annotated[
        int, typer.Argument(metavar="FILE_ID", help="Bank file id (payments files).")
    ],
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Take back a whole import while none of its payments was handled by hand.

    Automatic allocations are reversed, the payments and the file's record deleted (the
    same file can be imported again); audited as payments.undo_import.
    """
    from reskontro.clock import SystemClock
    from reskontro.services.payments.undo import undo_import

    ctx = Context(db)
    done = undo_import(ctx.sessions, SystemClock(), ctx.company(company), file_id, actor=actor())
    if json:
        print_json(to_jsonable(done))
    else:
        typer.echo(
            f"import {file_id} ({done.filename}) undone: {done.payments} payments,"
            f" {nok(done.amount_ore)}, {done.invoices} invoices reopened"
        )


def register(inbox: typer.Typer) -> None:
    """Add the commands to ``reskontro inbox``."""
    inbox.command("split")(inbox_split)
    inbox.command("ignore")(inbox_ignore)
    inbox.command("refund")(inbox_refund)
    inbox.command("undo-import")(inbox_undo_import)
