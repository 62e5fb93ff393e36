"""``reskontro invoice waive-fee``: waive a fee (or interest) charged on an invoice."""

from __future__ import annotations

from typing import Annotated

import typer

from reskontro.cli.common import (
    CompanyOption,
    DbOption,
    JsonOption,
    actor,
    nok,
    open_company,
    print_json,
)
from reskontro.clock import SystemClock
from reskontro.jsonable import to_jsonable


def invoice_waive_fee(
    invoice_id: Annotated[int, typer.Argument(metavar="ID", help="Invoice id.")],
    reason: Annotated[str, typer.Option(help="Why the fee is waived (kept in the audit log).")],
    charge: Annotated[
        list[int] | None,
        typer.Option(help="Waive only this charge (id from invoice show); repeatable."),
    ] = None,
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Waive the open fees of an invoice (or the charges named): they are settled without
    being paid, and the invoice's KID no longer asks for them."""
    from reskontro.services.payments.charges import waive_fees

    ctx, company_id = open_company(db, company)
    done = waive_fees(
        ctx.sessions, SystemClock(), company_id, invoice_id, reason=reason,
        actor=actor(), charge_ids=tuple(charge or ()),
    )  # fmt: skip
    if json:
        print_json(to_jsonable(done))
        return
    typer.echo(
        f"invoice {done.invoice_number}: {nok(done.amount_ore)} kr waived"
        f" ({len(done.waived)} charge(s)); status {done.status}, open {nok(done.owed_ore)} kr"
    )


def register(invoice_app: typer.Typer) -> None:
    invoice_app.command("waive-fee")(invoice_waive_fee)


__all__ = ["register"]
