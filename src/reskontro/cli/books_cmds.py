"""``reskontro invoice|ledger``: invoices, credit notes and the customer ledger.

Companies are ``company_cmds``, customers ``customer_cmds``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated

import typer

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
    parse_date,
    print_csv,
    print_json,
    table,
)
from reskontro.domain.currency import NOK, in_nok, parse_currency, parse_rate, rate_text
from reskontro.domain.invoice import LineDraft
from reskontro.domain.money import parse_nok
from reskontro.domain.vat import VatCode, parse_quantity
from reskontro.errors import ValidationError
from reskontro.jsonable import to_jsonable

if TYPE_CHECKING:
    from reskontro.services.invoicing.views import InvoiceDetail

invoice_app = typer.Typer(help="Invoices and credit notes.", no_args_is_help=True)
ledger_app = typer.Typer(help="The customer ledger (open items).", no_args_is_help=True)

LineOption = Annotated[
    list[str] | None,
    typer.Option(
        "--line",
        help='"TEXT|QTY|UNIT_PRICE_NOK|VAT_PERCENT"; unit prices are without VAT;'
        " VAT is 25, 15, 12, 0 or exempt. Repeat for more lines.",
    ),
]


# -- invoice -------------------------------------------------------------------------


def parse_line(text: str) -> LineDraft:
    """``TEXT|QTY|UNIT_PRICE_NOK|VAT_PERCENT`` (the text may itself hold ``|``)."""
    parts = text.rsplit("|", 3)
    if len(parts) != 4:
        raise ValidationError(
            f"--line {text!r}: write TEXT|QTY|UNIT_PRICE_NOK|VAT_PERCENT,"
            " e.g. 'Consulting|2|1250|25'"
        )
    description, quantity, price, vat = parts
    try:
        return LineDraft(
            description=description,
            quantity_milli=parse_quantity(quantity),
            unit_price_ore=parse_nok(price),
            vat_code=VatCode.parse(vat),
        )
    except ValidationError as exc:
        raise ValidationError(f"--line {text!r}: {exc.message}") from None


@invoice_app.command("create")
def invoice_create(
    customer: Annotated[int, typer.Option(help="Customer number.")],
    line: LineOption = None,
    date: Annotated[str | None, typer.Option(help="Invoice date (else the issue date).")] = None,
    due: Annotated[str | None, typer.Option(help="Due date.")] = None,
    terms_days: Annotated[int | None, typer.Option(help="Payment terms in days.")] = None,
    your_reference: Annotated[str | None, typer.Option(help="The buyer's reference.")] = None,
    currency: Annotated[
        str | None, typer.Option(help="ISO 4217 code (NOK when left out); prices in it.")
    ] = None,
    exchange_rate: Annotated[
        str | None,
        typer.Option(help="NOK per unit of the currency (needed when the invoice has VAT)."),
    ] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Write a draft invoice."""
    ctx, company_id = open_company(db, company)
    code = parse_currency(currency)
    rate = parse_rate(exchange_rate)
    drafts = [parse_line(text) for text in line or []]
    view = ctx.books.create_invoice(
        company_id,
        customer_number=customer,
        lines=drafts,
        invoice_date=parse_date(date, "--date"),
        due=parse_date(due, "--due"),
        terms_days=terms_days,
        your_reference=your_reference,
        currency=code,
        exchange_rate_micro=rate,
        actor=actor(),
    )
    if json:
        print_json(to_jsonable(view))
    else:
        typer.echo(
            f"draft invoice {view.id} created: {nok(view.total_ore)} {view.currency}"
            if view.currency != NOK
            else f"draft invoice {view.id} created: {nok(view.total_ore)} kr"
        )


@invoice_app.command("issue")
def invoice_issue(
    invoice_id: Annotated[int, typer.Argument(metavar="ID", help="Invoice id.")],
    date: Annotated[str | None, typer.Option(help="Issue date (default today).")] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Issue a draft: it gets the next invoice number and a KID, and is frozen."""
    ctx, company_id = open_company(db, company)
    view = ctx.books.issue_invoice(
        company_id, invoice_id, issue_date=parse_date(date, "--date"), actor=actor()
    )
    if json:
        print_json(to_jsonable(view))
    else:
        typer.echo(
            f"invoice {view.number} issued: {nok(view.total_ore)} kr, KID {view.kid},"
            f" due {view.due_date}"
        )


@invoice_app.command("show")
def invoice_show(
    invoice_id: Annotated[int, typer.Argument(metavar="ID", help="Invoice id.")],
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Show an invoice with its lines, status and what is open."""
    ctx, company_id = open_company(db, company)
    view = ctx.books.invoice(company_id, invoice_id)
    if json:
        print_json(to_jsonable(view))
        return
    kind = "Credit note" if view.kind == "credit_note" else "Invoice"
    typer.echo(f"{kind} {view.number or '(draft)'}  id {view.id}  status {view.status}")
    typer.echo(f"Customer {view.customer_number} {view.customer_name}")
    typer.echo(f"Date {view.invoice_date}  due {view.due_date}  KID {view.kid or '-'}")
    table(
        "Lines",
        ["#", "Text", "Qty", "Unit price", "VAT", "Amount"],
        (
            (
                ln.position,
                ln.description,
                f"{ln.quantity:g}",
                nok(ln.unit_price_ore),
                ln.vat,
                nok(ln.net_ore),
            )
            for ln in view.lines or ()
        ),
    )
    if view.charges:
        table(
            "Fees and interest",
            ["Id", "Kind", "Date", "Amount", "Paid", "Open", "Waived by"],
            (
                (c.id, c.kind, c.charged_on, nok(c.amount_ore), nok(c.paid_ore),
                 nok(c.open_ore), c.waived_by or "")
                for c in view.charges
            ),
        )  # fmt: skip
    typer.echo(
        f"Net {nok(view.net_ore)}  VAT {nok(view.vat_ore)}  Total {nok(view.total_ore)}"
        f"  Paid {nok(view.paid_ore)}  Open {nok(view.open_ore)}  {view.currency}"
        + (f" (of which fees and interest {nok(view.charges_open_ore)})"
           if view.charges_open_ore else "")
    )  # fmt: skip
    if view.currency != NOK and view.exchange_rate_micro is not None:
        vat_nok = in_nok(view.vat_ore, view.exchange_rate_micro)
        rate = rate_text(view.exchange_rate_micro)
        typer.echo(f"VAT in NOK at {rate} NOK/{view.currency}: {nok(vat_nok)} kr")


@invoice_app.command("list")
def invoice_list(
    status: Annotated[
        str | None, typer.Option(help="draft, open, partially_paid, paid, credited")
    ] = None,
    customer: Annotated[int | None, typer.Option(help="Customer number.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
) -> None:
    """List invoices, newest first."""
    ctx, company_id = open_company(db, company)
    views = ctx.books.invoices(company_id, status=status, customer_number=customer, limit=limit)
    if csv:
        from reskontro.clock import SystemClock
        from reskontro.services.exports import invoices_table

        print_csv(invoices_table(views, "en", SystemClock().today()).csv())
        return
    if json:
        # "customer" is the key ACCEPTANCE.md names (the customer number, as in
        # `avtalegiro list`); customer_number and customer_name stay beside it.
        print_json([{**to_jsonable(v), "customer": v.customer_number} for v in views])
        return
    table(
        "Invoices",
        ["Id", "Number", "Customer", "Date", "Due", "KID", "Status", "Currency", "Total", "Open"],
        (
            (
                v.id,
                v.number,
                f"{v.customer_number} {v.customer_name}",
                v.invoice_date,
                v.due_date,
                v.kid,
                v.status,
                v.currency,
                nok(v.total_ore),
                nok(v.open_ore),
            )
            for v in views
        ),
    )


def _credit_lines(
    ctx: Context, company_id: int, invoice_id: int, texts: list[str]
) -> tuple[tuple[int, int], ...]:
    """``N`` (all that is left of line N), ``N:QTY``, or a full line matched to the original."""
    original: InvoiceDetail | None = None
    wanted: list[tuple[int, int]] = []
    for text in texts:
        match = re.fullmatch(r"\s*(\d+)\s*(?::\s*(\S+))?\s*", text)
        if match is not None and "|" not in text:
            position = int(match[1])
            if match[2] is not None:
                wanted.append((position, parse_quantity(match[2])))
            else:
                original = original or ctx.books.invoice(company_id, invoice_id)
                found = [ln for ln in original.lines or () if ln.position == position]
                if not found:
                    raise ValidationError(f"--line {text!r}: the invoice has no line {position}")
                wanted.append((position, found[0].quantity_milli))
            continue
        draft = parse_line(text)
        original = original or ctx.books.invoice(company_id, invoice_id)
        candidates = [
            ln
            for ln in original.lines or ()
            if ln.description == draft.description.strip()
            and ln.unit_price_ore == draft.unit_price_ore
            and ln.vat == draft.vat_code.value
        ]
        if not candidates:
            raise ValidationError(
                f"--line {text!r}: no line of the invoice has that text, unit price and VAT;"
                " a credit note takes back what was invoiced (or give the line number: --line 2)"
            )
        wanted.append((candidates[0].position, abs(draft.quantity_milli)))
    return tuple(wanted)


@invoice_app.command("credit")
def invoice_credit(
    invoice_id: Annotated[int, typer.Argument(metavar="ID", help="Invoice id.")],
    line: Annotated[
        list[str] | None,
        typer.Option(
            "--line",
            help="What to credit: N (line N), N:QTY, or TEXT|QTY|UNIT_PRICE_NOK|VAT_PERCENT"
            " matching a line. Without --line the whole invoice (what is left of it).",
        ),
    ] = None,
    date: Annotated[str | None, typer.Option(help="Credit note date (default today).")] = None,
    reason: Annotated[str | None, typer.Option(help="Why, printed on the credit note.")] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Issue a credit note for an invoice, whole or some lines."""
    ctx, company_id = open_company(db, company)
    lines = _credit_lines(ctx, company_id, invoice_id, line) if line else None
    view = ctx.books.credit_invoice(
        company_id,
        invoice_id,
        lines=lines,
        issue_date=parse_date(date, "--date"),
        reason=reason,
        actor=actor(),
    )
    answer(json, view, f"credit note {view.number} issued: {nok(view.total_ore)} kr")


@invoice_app.command("delete")
def invoice_delete(
    invoice_id: Annotated[int, typer.Argument(metavar="ID", help="Draft invoice id.")],
    company: CompanyOption = None,
    db: DbOption = None,
) -> None:
    """Delete a draft (issued invoices are never deleted; credit them)."""
    ctx, company_id = open_company(db, company)
    ctx.books.delete_draft(company_id, invoice_id, actor=actor())
    typer.echo(f"draft {invoice_id} deleted")


# -- ledger --------------------------------------------------------------------------


@ledger_app.command("show")
def ledger_show(
    customer: Annotated[int, typer.Argument(help="Customer number.")],
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """A customer's open items and balance."""
    ctx, company_id = open_company(db, company)
    view = ctx.books.ledger(company_id, customer)
    if json:
        print_json(to_jsonable(view))
        return
    table(
        f"Open items of {view.customer.number} {view.customer.name}",
        ["Type", "Number", "KID", "Date", "Due", "Currency", "Amount", "Open"],
        (
            (
                i.type,
                i.number,
                i.kid,
                i.date,
                i.due_date,
                i.currency,
                nok(i.amount_ore),
                nok(i.open_ore),
            )
            for i in view.items
        ),
    )
    typer.echo(f"Balance: {nok(view.balance_ore)} kr")
    for code, ore in view.balances.items():
        if code != NOK:
            typer.echo(f"Balance in {code}: {nok(ore)} {code}")
