"""``reskontro ehf ID --out FILE.xml``: the EHF of an issued invoice or credit note."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated

import typer

from reskontro.cli.common import CompanyOption, DbOption, JsonOption, open_company, print_json


def ehf(
    invoice_id: Annotated[int, typer.Argument(help="The invoice's (or credit note's) id.")],
    out: Annotated[Path, typer.Option("--out", help="The EHF XML file to write.")],
    company: CompanyOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Write the EHF (Peppol BIS Billing 3.0) of an issued invoice or credit note, with
    its PDF embedded; it passes the official rules with no fatal error."""
    from reskontro.services.delivery.ehf import ehf_bytes

    ctx, company_id = open_company(db, company)
    with ctx.sessions() as session:
        data = ehf_bytes(session, company_id, invoice_id)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    if json:
        print_json({"id": invoice_id, "file": str(out), "bytes": len(data),
                    "sha256": hashlib.sha256(data).hexdigest()})  # fmt: skip
    else:
        typer.echo(f"wrote {out} ({len(data)} bytes)")


def register(app: typer.Typer) -> None:
    app.command("ehf")(ehf)
