"""``reskontro product set|list|show``: the price list (products with prices from a date;
an issued invoice keeps the price it was issued with)."""

from __future__ import annotations

from typing import Annotated

import typer

from reskontro.cli.common import (
    CompanyOption,
    DbOption,
    JsonOption,
    answer,
    nok,
    open_company,
    parse_date,
    print_json,
)
from reskontro.cli.invoicing_cmds import day_of
from reskontro.domain.vat import VatCode
from reskontro.jsonable import to_jsonable

product_app = typer.Typer(help="The price list.", no_args_is_help=True)


@product_app.command("set")
def product_set(
    code: Annotated[str, typer.Argument(metavar="CODE")],
    price: Annotated[str, typer.Option(help="Unit price in NOK, without VAT.")],
    from_date: Annotated[str | None, typer.Option("--from", help="Valid from (default today).")] = (
        None
    ),
    text: Annotated[str | None, typer.Option(help="The line's text (new products).")] = None,
    vat: Annotated[str | None, typer.Option(help="VAT: 25, 15, 12, 0 or exempt.")] = None,
    unit: Annotated[str | None, typer.Option(help="Unit, e.g. stk, mnd.")] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Add a product, or give it a new price from a date."""
    import datetime as dt

    from reskontro.domain.money import parse_nok
    from reskontro.services.invoicing.catalogue import Catalogue

    ctx, company_id = open_company(db, company)
    view = Catalogue(ctx.sessions).set_product(
        company_id,
        code=code,
        unit_price_ore=parse_nok(price),
        valid_from=parse_date(from_date, "--from") or dt.datetime.now(dt.UTC).date(),
        description=text,
        vat_code=VatCode.parse(vat) if vat is not None else None,
        unit=unit,
    )
    answer(json, view, f"product {view.code}: {len(view.prices)} prices")


@product_app.command("list")
def product_list(
    date: Annotated[str | None, typer.Option(help="Prices on this day (default today).")] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """The price list: each product's price on a day, and every price it has had."""
    from reskontro.services.invoicing.catalogue import Catalogue, price_now

    ctx, company_id = open_company(db, company)
    day = day_of(date)
    views = Catalogue(ctx.sessions).products(company_id)
    if json:
        print_json([{**to_jsonable(v), "price_ore": price_now(v, day)} for v in views])
        return
    for v in views:
        price = price_now(v, day)
        shown = f"{nok(price)} kr" if price is not None else "no price yet"
        typer.echo(f"{v.code}  {v.description}  {shown}  VAT {v.vat_code}  {v.unit or ''}")


@product_app.command("show")
def product_show(
    code: Annotated[str, typer.Argument(metavar="CODE")],
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """One product with every price it has had (issued invoices keep theirs)."""
    from reskontro.services.invoicing.catalogue import Catalogue

    ctx, company_id = open_company(db, company)
    view = Catalogue(ctx.sessions).product(company_id, code)
    if json:
        print_json(to_jsonable(view))
        return
    typer.echo(f"{view.code}  {view.description}  VAT {view.vat_code}  {view.unit or ''}")
    for valid_from, price in view.prices:
        typer.echo(f"  from {valid_from}: {nok(price)} kr")
