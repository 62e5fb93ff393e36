"""``reskontro customer create|update|list|show``: the customer card."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

import typer

from reskontro.cli.common import (
    CompanyOption,
    Context,
    CsvOption,
    DbOption,
    JsonOption,
    actor,
    open_company,
    print_csv,
    print_json,
    table,
)
from reskontro.clock import SystemClock
from reskontro.domain.delivery import CustomerKind, DeliveryMethod
from reskontro.services.invoicing import customers
from reskontro.services.invoicing.customers import CardChanges, CustomerView

customer_app = typer.Typer(help="Customers of a company.", no_args_is_help=True)

NumberArg = Annotated[int, typer.Argument(help="Customer number.")]
EmailOption = Annotated[str | None, typer.Option(help="Contact e-mail (and for invoices).")]
InvoiceEmailOption = Annotated[
    str | None, typer.Option(help="E-mail for invoices when other than --email.")
]
OrgOption = Annotated[str | None, typer.Option(help="Organisation number.")]
AddressOption = Annotated[str | None, typer.Option(help="Free-text postal address (old form).")]
KindOption = Annotated[CustomerKind | None, typer.Option(help="business or person.")]
DeliveryOption = Annotated[
    DeliveryMethod | None,
    typer.Option("--delivery", "--delivery-method", help="How invoices are delivered."),
]
PeppolOption = Annotated[
    str | None, typer.Option(help="Peppol participant id SCHEME:ID, e.g. 0192:987654325.")
]
StreetOption = Annotated[str | None, typer.Option(help="Street address.")]
PostcodeOption = Annotated[str | None, typer.Option(help="Postcode (4 digits in Norway).")]
CityOption = Annotated[str | None, typer.Option(help="City (poststed).")]
CountryOption = Annotated[str | None, typer.Option(help="Country, ISO 3166-1 alpha-2 (NO).")]
BuyerRefOption = Annotated[
    str | None, typer.Option(help="The buyer's reference on EHF invoices (BT-10).")
]
LanguageOption = Annotated[str | None, typer.Option(help="nb or en, for documents and e-mail.")]


_CARD_FIELDS = frozenset(field.name for field in dataclasses.fields(CardChanges))


def _card(options: dict[str, Any]) -> CardChanges:
    """The card's fields among a command's options (``--delivery`` sets
    ``delivery_method``); ``create`` and ``update`` take the same ones."""
    fields = {k: v for k, v in options.items() if k in _CARD_FIELDS}
    return CardChanges(**fields, delivery_method=options["delivery"])


def _echo(view: CustomerView, json: bool, verb: str) -> None:
    if json:
        print_json(view.as_dict())
    else:
        typer.echo(f"customer {view.number} {verb}: {view.name} ({view.delivery_method.label})")


@customer_app.command("create")
def customer_create(
    name: Annotated[str, typer.Option(help="Customer name.")],
    number: Annotated[
        int | None, typer.Option(help="Customer number; else the next of the series.")
    ] = None,
    email: EmailOption = None,
    org_number: OrgOption = None,
    address: AddressOption = None,
    language: LanguageOption = "nb",
    kind: KindOption = None,
    delivery: DeliveryOption = None,
    peppol_id: PeppolOption = None,
    street: StreetOption = None,
    postcode: PostcodeOption = None,
    city: CityOption = None,
    country: CountryOption = None,
    invoice_email: InvoiceEmailOption = None,
    buyer_reference: BuyerRefOption = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Create a customer.

    Without --delivery: e-mail when it has an address, else EHF
    for a business with a Peppol id (its own, or 0192 and a Norwegian organisation
    number), else print."""
    card = _card(locals())
    ctx, company_id = open_company(db, company)
    view = customers.create(
        ctx.sessions, SystemClock(), company_id, card, number=number, actor=actor()
    )
    _echo(view, json, "created")


@customer_app.command("update")
def customer_update(
    number: NumberArg,
    name: Annotated[str | None, typer.Option(help="Customer name.")] = None,
    email: EmailOption = None,
    org_number: OrgOption = None,
    address: AddressOption = None,
    language: LanguageOption = None,
    kind: KindOption = None,
    delivery: DeliveryOption = None,
    peppol_id: PeppolOption = None,
    street: StreetOption = None,
    postcode: PostcodeOption = None,
    city: CityOption = None,
    country: CountryOption = None,
    invoice_email: InvoiceEmailOption = None,
    buyer_reference: BuyerRefOption = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Change a customer's card. Options left out stay as they are; "" clears one."""
    changes = _card(locals())
    ctx, company_id = open_company(db, company)
    view = customers.update(ctx.sessions, SystemClock(), company_id, number, changes, actor=actor())
    _echo(view, json, "updated")


@customer_app.command("list")
def customer_list(
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
) -> None:
    """List customers."""
    ctx = Context(db)
    views = customers.listing(ctx.sessions, ctx.company(company))
    if csv:
        from reskontro.services.exports import customers_table

        print_csv(customers_table(views, "en").csv())
        return
    if json:
        print_json([v.as_dict() for v in views])
        return
    table(
        "Customers",
        ["Number", "Name", "E-mail", "Org. number", "Delivery"],
        ((v.number, v.name, v.email, v.org_number, v.delivery_method.label) for v in views),
    )


@customer_app.command("show")
def customer_show(
    number: NumberArg,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Show a customer."""
    ctx = Context(db)
    view = customers.get(ctx.sessions, ctx.company(company), number)
    if json:
        print_json(view.as_dict())
        return
    for key, value in view.as_dict().items():
        typer.echo(f"{key:>18}: {'' if value is None else value}")
