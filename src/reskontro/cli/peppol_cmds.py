"""``reskontro customer peppol NUMBER``: can this customer receive EHF through Peppol?

The SML zone and DNS server come from ``RESKONTRO_PEPPOL_SML_ZONE`` and
``RESKONTRO_PEPPOL_DNS_SERVER`` (see docs/peppol.md).
"""

from __future__ import annotations

from typing import Annotated

import typer

from reskontro.cli.common import (
    CompanyOption,
    DbOption,
    JsonOption,
    actor,
    open_company,
    print_json,
)
from reskontro.clock import SystemClock


def register(customer_app: typer.Typer) -> None:
    """Add ``peppol`` to the ``customer`` commands."""
    customer_app.command("peppol")(customer_peppol)


def customer_peppol(
    number: Annotated[int, typer.Argument(help="Customer number.")],
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Look the customer up in Peppol (SML and SMP) and keep the answer on the card.

    Exits 1 when the answer is unknown (DNS or SMP down); the card keeps its last answer.
    """
    from reskontro.i18n import render
    from reskontro.jsonable import to_jsonable
    from reskontro.services.delivery.peppol import check_customer

    ctx, company_id = open_company(db, company)
    status = check_customer(ctx.sessions, SystemClock(), company_id, number, actor=actor())
    if json:
        print_json(to_jsonable(status))
    else:
        if status.can_receive_invoice and status.can_receive_credit_note:
            answer = "can receive EHF invoices and credit notes"
        elif status.can_receive_invoice:
            answer = "can receive EHF invoices"
        elif status.definite:
            answer = "cannot receive EHF invoices"
        else:
            answer = "unknown"
        typer.echo(f"customer {number} ({status.participant}): {answer}")
        if status.reason is not None:
            typer.echo(f"  {render(status.reason, 'en')}")
        if status.smp_url:
            typer.echo(f"  SMP: {status.smp_url}")
        if status.endpoint_url:
            typer.echo(f"  access point: {status.endpoint_url}")
    if not status.definite:
        raise typer.Exit(1)
