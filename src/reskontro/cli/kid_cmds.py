"""``reskontro kid``: make, check and decode KIDs."""

from __future__ import annotations

from typing import Annotated

import typer

from reskontro.cli.common import JsonOption, print_json
from reskontro.domain import kid as kidlib
from reskontro.errors import InvalidKid

app = typer.Typer(help="Make, check and decode KIDs.", no_args_is_help=True)

ModulusOption = Annotated[int, typer.Option("--modulus", help="10 (Luhn) or 11.")]


@app.command()
def make(
    template: Annotated[str, typer.Option(help='e.g. "{CustomerNo:8}{InvoiceNo:7}"')],
    customer: Annotated[int, typer.Option(help="Customer number.")],
    invoice: Annotated[int, typer.Option(help="Invoice number.")],
    modulus: ModulusOption = 10,
    refuse_dash: Annotated[
        bool, typer.Option(help="MOD11: refuse a '-' check digit (some banks reject it).")
    ] = False,
    json: JsonOption = False,
) -> None:
    """Build the KID for a customer and invoice number under a template."""
    dash = kidlib.Mod11Dash.REFUSE if refuse_dash else kidlib.Mod11Dash.ALLOW
    tpl = kidlib.KidTemplate.parse(template, kidlib.Modulus.parse(modulus), dash)
    value = tpl.make(customer, invoice)
    if json:
        print_json({"kid": value, "template": tpl.text, "modulus": int(tpl.modulus)})
    else:
        typer.echo(value)


@app.command()
def check(
    kid: Annotated[str, typer.Argument(help="The KID to check.")],
    modulus: Annotated[
        int | None, typer.Option("--modulus", help="10 or 11; without it either is accepted.")
    ] = None,
    json: JsonOption = False,
) -> None:
    """Exit 0 if the KID is valid, 1 with the reason if not."""
    wanted = kidlib.Modulus.parse(modulus) if modulus is not None else None
    value = kidlib.validate(kid, wanted)
    moduli = [m for m in kidlib.Modulus if kidlib.is_valid(value, m)]
    if wanted is not None:
        moduli = [wanted]
    names = ", ".join(f"MOD{int(m)}" for m in moduli)
    if json:
        print_json({"kid": value, "valid": True, "modulus": [int(m) for m in moduli]})
    else:
        typer.echo(f"{value}: valid ({names})")


@app.command()
def decode(
    kid: Annotated[str, typer.Argument(help="The KID to split into its parts.")],
    template: Annotated[str, typer.Option(help='e.g. "{CustomerNo:8}{InvoiceNo:7}"')],
    modulus: ModulusOption = 10,
    json: JsonOption = False,
) -> None:
    """Split a KID back into customer and invoice number under the template that made it."""
    tpl = kidlib.KidTemplate.parse(template, kidlib.Modulus.parse(modulus))
    decoded = tpl.decode(kid)
    if json:
        print_json(
            {"customer_number": decoded.customer_number, "invoice_number": decoded.invoice_number}
        )
    else:
        typer.echo(f"customer {decoded.customer_number}, invoice {decoded.invoice_number}")


__all__ = ["InvalidKid", "app"]
