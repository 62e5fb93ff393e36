"""The lists the pages show, as tables for a CSV export: the invoice list, the customer
list and a list of payments, each with its columns in one place for the pages, the API
and the CLI (``--csv``). Headers are in the reader's language (``nb`` or ``en``); the
rows are the same in both (:mod:`reskontro.formats.csv_table` writes them).

The invoice rows come from the list's own query, whatever shape its rows have (mappings
or objects with the same fields), so an export is always the list as filtered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reskontro.formats.csv_table import Ore, csv_text

if TYPE_CHECKING:
    from collections.abc import Iterable

    from reskontro.formats.csv_table import Cell
    from reskontro.services.invoicing.customers import CustomerView
    from reskontro.services.payments.views import PaymentView


@dataclass(frozen=True, slots=True)
class Table:
    """A list as a header and rows of cells."""

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def csv(self) -> str:
        return csv_text(self.header, self.rows)


def _header(columns: Iterable[tuple[str, str]], lang: str) -> tuple[str, ...]:
    return tuple(en if lang == "en" else nb for nb, en in columns)


def _field(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, dict) else getattr(row, name)


def _day(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


STATUS_NAMES: dict[str, tuple[str, str]] = {
    "draft": ("Utkast", "Draft"),
    "open": ("Åpen", "Open"),
    "partially_paid": ("Delbetalt", "Partly paid"),
    "paid": ("Betalt", "Paid"),
    "credited": ("Kreditert", "Credited"),
    "credit_note": ("Kreditnota", "Credit note"),
}

INVOICE_COLUMNS = (
    ("Nr.", "Number"), ("Kundenr.", "Customer number"), ("Kunde", "Customer"),
    ("Fakturadato", "Invoice date"), ("Forfall", "Due date"), ("KID", "KID"),
    ("Status", "Status"), ("Forfalt", "Overdue"), ("Valuta", "Currency"),
    ("Beløp", "Amount"), ("Utestående", "Outstanding"),
)  # fmt: skip


def invoices_table(rows: Iterable[Any], lang: str = "nb", today: dt.date | None = None) -> Table:
    """Invoices and credit notes as the invoice list has them (a credit note has no
    due date and the status *Kreditnota*)."""
    out = []
    for r in rows:
        credit_note = str(_field(r, "kind")) == "credit_note"
        status = "credit_note" if credit_note else str(_field(r, "status"))
        names = STATUS_NAMES.get(status, (status, status))
        due = None if credit_note else _day(_field(r, "due_date"))
        overdue = r.get("overdue") if isinstance(r, dict) else getattr(r, "overdue", None)
        if overdue is None and today is not None:
            overdue = due is not None and due < today and status in ("open", "partially_paid")
        yes_no = ("ja", "yes") if overdue else ("nei", "no")
        out.append((
            _field(r, "number"), _field(r, "customer_number"), _field(r, "customer_name"),
            _day(_field(r, "invoice_date")), due, _field(r, "kid"),
            names[1] if lang == "en" else names[0], yes_no[1] if lang == "en" else yes_no[0],
            _field(r, "currency"), Ore(_field(r, "total_ore")), Ore(_field(r, "open_ore")),
        ))  # fmt: skip
    return Table(_header(INVOICE_COLUMNS, lang), tuple(out))


CUSTOMER_COLUMNS = (
    ("Kundenr.", "Customer number"), ("Navn", "Name"), ("Org.nr.", "Organisation number"),
    ("E-post", "E-mail"), ("Fakturaadresse e-post", "Invoice e-mail"), ("Gate", "Street"),
    ("Postnr.", "Postcode"), ("Sted", "City"), ("Land", "Country"),
    ("Leveringsmåte", "Delivery method"), ("Språk", "Language"),
)  # fmt: skip


def customers_table(customers: Iterable[CustomerView], lang: str = "nb") -> Table:
    rows = tuple(
        (
            c.number,
            c.name,
            c.org_number,
            c.email,
            c.invoice_email,
            c.street or c.address,
            c.postcode,
            c.city,
            c.country,
            c.delivery_method.value,
            c.language,
        )
        for c in customers
        if not c.placeholder
    )
    return Table(_header(CUSTOMER_COLUMNS, lang), rows)


PAYMENT_COLUMNS = (
    ("Id", "Id"), ("Dato", "Date"), ("Beløp", "Amount"), ("KID", "KID"), ("Betaler", "Payer"),
    ("Betalers konto", "Payer's account"),
    ("Melding", "Message"), ("Kundenr.", "Customer number"), ("Kunde", "Customer"),
    ("Faktura", "Invoice"), ("Fordelt", "Allocated"), ("Ikke fordelt", "Unallocated"),
    ("Tilstand", "State"),
)  # fmt: skip

STATE_NAMES: dict[str, tuple[str, str]] = {
    "posted": ("Bokført", "Posted"),
    "inbox": ("I bilagsmottaket", "In the inbox"),
    "ignored": ("Lagt til side", "Set aside"),
}


def payments_table(payments: Iterable[PaymentView], lang: str = "nb") -> Table:
    """Payments of an import or of the voucher inbox."""
    rows = []
    for p in payments:
        state = STATE_NAMES.get(p.state, (p.state, p.state))
        rows.append((
            p.id, p.date, Ore(p.amount_ore), p.kid, p.payer_name,
            p.payer_account, p.message, p.customer_number, p.customer_name,
            getattr(p, "invoice_number", None), Ore(p.allocated_ore), Ore(p.unallocated_ore),
            state[1] if lang == "en" else state[0],
        ))  # fmt: skip
    return Table(_header(PAYMENT_COLUMNS, lang), tuple(rows))


__all__ = ["Table", "customers_table", "invoices_table", "payments_table"]
