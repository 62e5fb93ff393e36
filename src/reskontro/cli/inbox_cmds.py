"""``reskontro inbox`` and ``ledger match``: the voucher inbox, payments waiting for a
person (list, post, move, split, ignore, refund, undo an import), with the same
services as the web page (:mod:`reskontro.services.payments.inbox`,
:mod:`reskontro.services.payments.undo`)."""

from __future__ import annotations

import re
from typing import Annotated, Any

import typer

from reskontro.cli.books_cmds import ledger_app
from reskontro.cli.common import (
    CompanyOption,
    Context,
    CsvOption,
    DbOption,
    JsonOption,
    actor,
    answer,
    nok,
    open_company,
    print_csv,
    print_json,
    table_or_json,
)
from reskontro.domain.money import parse_nok
from reskontro.errors import ValidationError
from reskontro.jsonable import to_jsonable

inbox_app = typer.Typer(
    help="The voucher inbox: payments waiting for a person.", no_args_is_help=True
)


def inbox_service(ctx: Context) -> Any:
    from reskontro.clock import SystemClock
    from reskontro.services.payments.inbox import Inbox

    return Inbox(ctx.sessions, SystemClock())


@inbox_app.command("list")
def inbox_list(
    all_items: Annotated[
        bool,
        typer.Option("--all", help="Also payments on the placeholder customer and ignored ones."),
    ] = False,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
) -> None:
    """Payments waiting for a decision."""
    ctx, company_id = open_company(db, company)
    include = ("inbox", "placeholder", "ignored") if all_items else ("inbox",)
    items = inbox_service(ctx).waiting(company_id, include=include)
    if csv:
        from reskontro.services.exports import payments_table

        print_csv(payments_table(items, "en").csv())
        return
    table_or_json(
        json,
        items,
        "Voucher inbox",
        ["Id", "Date", "Amount", "KID", "Payer", "Message", "Why"],
        lambda i: (
            i.id,
            i.date.isoformat(),
            nok(i.amount_ore),
            i.kid,
            i.payer_name or i.payer_account,
            "\n".join(
                t for t in (i.message, i.creditor_reference, i.remittance_info, i.entry_info) if t
            ),
            to_jsonable(i.reason),
        ),
    )


@inbox_app.command("post")
def inbox_post(
    payment_id: Annotated[int, typer.Argument(metavar="ID", help="Payment id.")],
    customer: Annotated[int | None, typer.Option(help="Customer number.")] = None,
    invoice: Annotated[int | None, typer.Option(help="Invoice id.")] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Post a waiting payment to a customer (as credit) or to an invoice."""
    ctx, company_id = open_company(db, company)
    view = inbox_service(ctx).post(
        company_id,
        payment_id,
        customer_number=customer,
        invoice_id=invoice,
        actor=actor(),
    )
    if json:
        print_json(to_jsonable(view))
    else:
        to = f"invoice {invoice} of " if invoice is not None else ""
        typer.echo(f"payment {payment_id} posted to {to}customer {view.customer_number}")


@inbox_app.command("move")
def inbox_move(
    payment_id: Annotated[int, typer.Argument(metavar="ID", help="Payment id.")],
    customer: Annotated[int, typer.Option(help="The real customer's number.")],
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Move a payment from "Betaling med ukjent KID" to the real customer."""
    ctx, company_id = open_company(db, company)
    view = inbox_service(ctx).move(company_id, payment_id, customer_number=customer, actor=actor())
    answer(json, view, f"payment {payment_id} moved to customer {view.customer_number}")


_ITEM = re.compile(r"^\s*(\d+)\s*(?:[:=]\s*(.+))?$")


def parse_items(texts: list[str] | None, kind: str, option: str) -> list[Any]:
    from reskontro.services.payments.ledger import Allocation

    out = []
    for text_ in texts or []:
        match = _ITEM.match(text_)
        if match is None or match[2] is None:
            raise ValidationError(f"{option} {text_!r}: write ID:AMOUNT, e.g. 12:1250,50")
        out.append(Allocation(kind, int(match[1]), parse_nok(match[2])))
    return out


@ledger_app.command("match")
def ledger_match(
    customer: Annotated[int, typer.Argument(help="Customer number.")],
    payment: Annotated[
        list[str] | None, typer.Option("--payment", help="PAYMENT_ID:AMOUNT_NOK")
    ] = None,
    credit_note: Annotated[
        list[str] | None, typer.Option("--credit-note", help="CREDIT_NOTE_ID:AMOUNT_NOK")
    ] = None,
    invoice: Annotated[
        list[str] | None, typer.Option("--invoice", help="INVOICE_ID:AMOUNT_NOK")
    ] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Close a customer's open payments, credit notes and invoices together.

    The amounts on both sides must add up, e.g.
    ``reskontro ledger match 10000 --payment 7:1500 --invoice 3:1000 --invoice 4:500``.
    """
    ctx, company_id = open_company(db, company)
    sources = parse_items(payment, "payment", "--payment") + parse_items(
        credit_note, "credit_note", "--credit-note"
    )
    targets = parse_items(invoice, "invoice", "--invoice")
    result = inbox_service(ctx).match(company_id, customer, sources, targets, actor=actor())
    answer(
        json, result, f"closed {nok(result.amount_ore)} kr in {len(result.allocations)} allocations"
    )


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
    ctx, company_id = open_company(db, company)
    parts = [(a.id, a.amount_ore) for a in parse_items(invoice, "invoice", "--invoice")]
    view = inbox_service(ctx).split(company_id, payment_id, parts, actor=actor())
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
    ctx, company_id = open_company(db, company)
    view = inbox_service(ctx).set_aside(company_id, payment_id, refund=refund, actor=actor())
    what = "marked to be paid back" if refund else "set aside"
    answer(json, view, f"payment {payment_id} ({nok(view.amount_ore)}) {what}")


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

    ctx, company_id = open_company(db, company)
    done = undo_import(ctx.sessions, SystemClock(), company_id, file_id, actor=actor())
    answer(json, done, f"import {file_id} ({done.filename}) undone: {done.payments} payments,"
           f" {nok(done.amount_ore)}, {done.invoices} invoices reopened")  # fmt: skip


def register(inbox: typer.Typer) -> None:
    """Add the commands to ``reskontro inbox``."""
    inbox.command("split")(inbox_split)
    inbox.command("ignore")(inbox_ignore)
    inbox.command("refund")(inbox_refund)
    inbox.command("undo-import")(inbox_undo_import)
