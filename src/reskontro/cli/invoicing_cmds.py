"""``reskontro invoice bulk``, ``recurring ...``, ``group add``, ``product set|list|show``:
bulk and recurring invoicing on the command line."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reskontro.cli.books_cmds import parse_line
from reskontro.cli.common import (
    CompanyOption,
    Context,
    DbOption,
    JsonOption,
    actor,
    answer,
    nok,
    open_company,
    parse_date,
    print_json,
)
from reskontro.cli.progress import progress_bar
from reskontro.clock import OSLO
from reskontro.domain.recurring import AgreementState, Interval, Timing
from reskontro.domain.vat import parse_quantity
from reskontro.errors import ValidationError
from reskontro.i18n import render
from reskontro.jsonable import to_jsonable
from reskontro.messages import Message
from reskontro.services.invoicing.codes import RecurringNotice

if TYPE_CHECKING:
    from collections.abc import Callable

    from reskontro.domain.invoice import LineDraft
    from reskontro.services.invoicing.recurring import AgreementLine, AgreementView, Recurring

recurring_app = typer.Typer(help="Recurring invoices (agreements).", no_args_is_help=True)
group_app = typer.Typer(help="Customer groups.", no_args_is_help=True)

EfakturaOption = Annotated[
    bool,
    typer.Option(
        "--efaktura-if-possible/--no-efaktura-if-possible",
        help="Send as eFaktura when the customer can receive it: private customers are"
        " looked up in the eFaktura register and switched to eFaktura on their card.",
    ),
]


def _numbers(text: str | None) -> tuple[int, ...]:
    if not text:
        return ()
    try:
        return tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise ValidationError(f"--customers {text!r}: write customer numbers as N,N,...") from None


def day_of(date: str | None) -> dt.date:
    return parse_date(date, "--date") or dt.datetime.now(OSLO).date()


def _line(ctx: Context, company_id: int, text: str, date: str | None) -> LineDraft:
    """``TEXT|QTY|PRICE|VAT``, or ``@CODE|QTY`` for a product at its price on the date."""
    if not text.startswith("@"):
        return parse_line(text)
    from reskontro.services.invoicing.catalogue import Catalogue

    code, _, quantity = text[1:].partition("|")
    return Catalogue(ctx.sessions).line(
        company_id, code.strip(), parse_quantity(quantity or "1"), day_of(date)
    )


def _per_customer(
    ctx: Context, company_id: int, path: Path | None, date: str | None
) -> dict[int, list[LineDraft]] | None:
    if path is None:
        return None
    from reskontro.services.invoicing.lines_file import lines_per_customer

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_bytes().decode("cp1252")
    return lines_per_customer(ctx.sessions, company_id, text, day_of(date))


BulkLineOption = Annotated[
    list[str] | None,
    typer.Option(
        "--line",
        help='"TEXT|QTY|UNIT_PRICE_NOK|VAT_PERCENT", or "@CODE|QTY" for a product of the'
        " price list. Repeat for more lines.",
    ),
]


def invoice_bulk(
    line: BulkLineOption = None,
    customers: Annotated[
        str | None, typer.Option(help="Customer numbers, N,N,... (or --all, --group).")
    ] = None,
    all_customers: Annotated[bool, typer.Option("--all", help="Every customer.")] = False,
    group: Annotated[str | None, typer.Option(help="A customer group by name.")] = None,
    date: Annotated[str | None, typer.Option(help="Invoice date (default today).")] = None,
    terms_days: Annotated[int | None, typer.Option(help="Payment terms in days.")] = None,
    efaktura_if_possible: EfakturaOption = True,
    run_id: Annotated[
        str | None, typer.Option(help="Run id: the same id again resumes that run.")
    ] = None,
    preview: Annotated[bool, typer.Option(help="Show what the run would do; issue nothing.")] = (
        False
    ),
    lines_csv: Annotated[
        Path | None,
        typer.Option(
            "--lines-csv",
            exists=True,
            dir_okay=False,
            help="Lines per customer: a CSV file with the columns kunde;tekst;antall;pris;mva"
            " (or produkt); its customers are invoiced too. A bad file issues nothing.",
        ),
    ] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Issue the same lines (or each customer's lines from a CSV file) to many customers
    at once, and send them."""
    from reskontro.services.invoicing.bulk import Bulk, Selection

    ctx, company_id = open_company(db, company)
    bulk = Bulk(ctx.books)
    selection = Selection(all=all_customers, group=group, numbers=_numbers(customers))
    drafts = [_line(ctx, company_id, text, date) for text in line or []]
    per_customer = _per_customer(ctx, company_id, lines_csv, date)
    if preview:
        shown = bulk.preview(company_id, selection, drafts, per_customer)
        if json:
            print_json(to_jsonable(shown))
            return
        typer.echo(f"{shown.invoices} invoices, {nok(shown.total_ore)} kr; {shown.refused} refused")
        for item in shown.items:
            if item.refused is not None:
                typer.echo(f"  customer {item.customer}: {to_jsonable(item.refused)}")
        return
    key = bulk.start(
        company_id,
        selection,
        drafts,
        run_id=run_id,
        invoice_date=parse_date(date, "--date"),
        terms_days=terms_days,
        efaktura_if_possible=efaktura_if_possible,
        per_customer=per_customer,
        actor=actor(),
    )
    with progress_bar(sys.stderr.isatty() and not json, "invoices") as progress:
        result = bulk.run(company_id, key, progress=progress)
    if json:
        print_json(to_jsonable(result))
        return
    typer.echo(
        f"run {result.run_id}: {result.issued} invoices issued, {len(result.refused)} refused"
    )
    for refused in result.refused:
        typer.echo(f"  customer {refused.customer}: {to_jsonable(refused.reason)}")


def _recurring(ctx: Context) -> Recurring:
    from reskontro.services.invoicing.recurring import Recurring

    return Recurring(ctx.books)


def _agreement_lines(ctx: Context, company_id: int, line: list[str] | None) -> list[AgreementLine]:
    """Lines of their own, or ``@CODE|QTY``: a product whose price the line follows."""
    from reskontro.services.invoicing.catalogue import Catalogue
    from reskontro.services.invoicing.recurring import AgreementLine as Line

    lines = []
    for text in line or []:
        if text.startswith("@"):
            code, _, quantity = text[1:].partition("|")
            product_id, description, vat = Catalogue(ctx.sessions).product_id(
                company_id, code.strip()
            )
            lines.append(Line(description, parse_quantity(quantity or "1"), vat,
                              product_id=product_id))  # fmt: skip
        else:
            d = parse_line(text)
            lines.append(Line(d.description, d.quantity_milli, d.vat_code, d.unit_price_ore))
    return lines


def _show(view: AgreementView, json: bool) -> None:
    if json:
        print_json(to_jsonable(view))
        return
    who = f"customer {view.customer}" if view.customer is not None else f"group {view.group_id}"
    typer.echo(
        f"agreement {view.id} ({view.state}): {who}, every {view.interval} from {view.start}"
        f"{f' to {view.end}' if view.end else ''}, next invoice {view.next_invoice_date or '-'}"
    )
    for invoice in view.invoices:
        typer.echo(f"  {invoice.period_start}–{invoice.period_end}: invoice {invoice.invoice_id}")


@recurring_app.command("create")
def recurring_create(
    line: BulkLineOption = None,
    every: Annotated[Interval, typer.Option(help="The period.")] = Interval.MONTH,
    customer: Annotated[int | None, typer.Option(help="Customer number.")] = None,
    group: Annotated[str | None, typer.Option(help="Or a customer group by name.")] = None,
    start: Annotated[str | None, typer.Option(help="First day (default today).")] = None,
    end: Annotated[str | None, typer.Option(help="Last day (optional).")] = None,
    arrears: Annotated[bool, typer.Option(help="Invoice after the period, not before.")] = False,
    invoice_day: Annotated[int | None, typer.Option(help="Day of the month, 1–31.")] = None,
    terms_days: Annotated[int | None, typer.Option(help="Payment terms in days.")] = None,
    send: Annotated[bool, typer.Option(help="Send each invoice when issued.")] = True,
    efaktura_if_possible: EfakturaOption = True,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Invoice a customer (or a group) every period from now on."""
    from reskontro.services.invoicing.catalogue import Catalogue

    ctx, company_id = open_company(db, company)
    group_id = None
    if group is not None:
        group_id = Catalogue(ctx.sessions).add_to_group(company_id, group, []).id
    view = _recurring(ctx).create(
        company_id,
        lines=_agreement_lines(ctx, company_id, line),
        interval=every,
        customer=customer,
        group_id=group_id,
        start=parse_date(start, "--start"),
        end=parse_date(end, "--end"),
        timing=Timing.ARREARS if arrears else Timing.ADVANCE,
        invoice_day=invoice_day,
        terms_days=terms_days,
        send=send,
        efaktura_if_possible=efaktura_if_possible,
        actor=actor(),
    )
    _show(view, json)


@recurring_app.command("list")
def recurring_list(
    customer: Annotated[int | None, typer.Option(help="One customer's agreements.")] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """The agreements."""
    ctx, company_id = open_company(db, company)
    views = _recurring(ctx).agreements(company_id, customer=customer)
    if json:
        print_json(to_jsonable(views))
        return
    for view in views:
        _show(view, False)
    if not views:
        whose = f" for customer {customer}" if customer is not None else ""
        typer.echo(f"no recurring agreements{whose}: make one with `reskontro recurring create`")


@recurring_app.command("show")
def recurring_show(
    agreement: Annotated[int, typer.Argument(metavar="ID")],
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """One agreement and its invoices."""
    ctx, company_id = open_company(db, company)
    _show(_recurring(ctx).agreement(company_id, agreement), json)


def _state_command(state: AgreementState, doc: str) -> Callable[..., None]:
    def command(
        agreement: Annotated[int, typer.Argument(metavar="ID")],
        end: Annotated[str | None, typer.Option(help="Last day (ending only).")] = None,
        company: CompanyOption = None,
        db: DbOption = None,
        json: JsonOption = False,
    ) -> None:
        ctx, company_id = open_company(db, company)
        view = _recurring(ctx).set_state(company_id, agreement, state, end=parse_date(end, "--end"))
        _show(view, json)

    command.__doc__ = doc
    return command


recurring_app.command("pause")(_state_command(AgreementState.PAUSED, "Stop invoicing for now."))
recurring_app.command("resume")(
    _state_command(AgreementState.ACTIVE, "Invoice again (periods missed while paused are not).")
)
recurring_app.command("end")(_state_command(AgreementState.ENDED, "No period after --end."))


@recurring_app.command("run")
def recurring_run(
    date: Annotated[str | None, typer.Option(help="Run as of this day (default today).")] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Issue every period whose invoice date has come (the worker runs this daily)."""
    ctx, company_id = open_company(db, company)
    with progress_bar(sys.stderr.isatty() and not json, "invoices") as progress:
        summary = _recurring(ctx).run(
            company_id, today=parse_date(date, "--date"), actor=actor(),
            progress=progress,
        )  # fmt: skip
    if json:
        print_json(to_jsonable(summary))
    else:
        typer.echo(render(Message.of(RecurringNotice.RUN_DONE, created=summary.created,
                                     sent=summary.sent, undelivered=summary.undelivered,
                                     refused=summary.refused), "en"))  # fmt: skip


@group_app.command("add")
def group_add(
    name: Annotated[str, typer.Argument(metavar="NAME")],
    customers: Annotated[str, typer.Option(help="Customer numbers, N,N,...")],
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Put customers into a group (made when new)."""
    from reskontro.services.invoicing.catalogue import Catalogue

    ctx, company_id = open_company(db, company)
    view = Catalogue(ctx.sessions).add_to_group(company_id, name, list(_numbers(customers)))
    answer(json, view, f"group {view.name}: {len(view.customers)} customers")


def register(app: typer.Typer, invoice_app: typer.Typer) -> None:
    invoice_app.command("bulk")(invoice_bulk)
    app.add_typer(recurring_app, name="recurring")
    app.add_typer(group_app, name="group")
    from reskontro.cli.product_cmds import product_app

    app.add_typer(product_app, name="product")


__all__ = ["register"]
