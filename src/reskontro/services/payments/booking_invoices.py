"""The invoices of the payments booked through Python (:mod:`.booking`): read by KID
(locked on PostgreSQL) with their charges, settled in memory by
:func:`reskontro.domain.settlement.settle`, and written back with the kept figures
moved by them (:mod:`reskontro.storage.figures`)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from reskontro.domain.settlement import restatus
from reskontro.storage import figures

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from reskontro.domain.payment import IncomingPayment
    from reskontro.storage.bulk import BulkSql

#: What the booking changes of an invoice (column, PostgreSQL type).
_INVOICE_AMOUNTS = (("settled_ore", "bigint"), ("paid_ore", "bigint"), ("status", "varchar(16)"))
#: And of an invoice with charges (fees, interest) on it, and of those charges.
_CHARGED_AMOUNTS = (
    *_INVOICE_AMOUNTS, ("charges_settled_ore", "bigint"), ("charges_paid_ore", "bigint"),
)  # fmt: skip
_CHARGE_AMOUNTS = (("settled_ore", "bigint"), ("paid_ore", "bigint"))


class Invoice:
    """An invoice's amounts while a batch is being booked (``InvoiceAmounts`` for
    matching, ``Settleable`` for :func:`settle`)."""

    __slots__ = (
        "charges", "charges_ore", "charges_paid_ore", "charges_settled_ore", "credited_ore",
        "currency", "customer_id", "dirty", "invoice_id", "number", "paid_ore", "settled_ore",
        "status", "total_ore", "was",
    )  # fmt: skip

    def __init__(self, row: Sequence[Any], company_id: int) -> None:
        (
            self.invoice_id, self.customer_id, self.number, self.total_ore, self.settled_ore,
            self.paid_ore, self.credited_ore, self.charges_ore, self.charges_settled_ore,
            self.charges_paid_ore, kind, status, currency, due,
        ) = row  # fmt: skip
        self.currency: str = currency
        self.status = ""
        self.dirty = False
        #: The invoice's charges, oldest first (read only for an invoice that has any).
        self.charges: list[Charge] = []
        #: Its figure and what was open (principal and charges) as read, for the kept
        #: figures' deltas.
        if isinstance(due, str):  # SQLite's driver hands dates back as text
            due = dt.date.fromisoformat(due)
        self.was = (
            figures.key_of(company_id, kind, status, currency, due), self.settled_ore,
            self.charges_ore - self.charges_settled_ore,
        )  # fmt: skip

    def figure_moved(self, deltas: figures.Deltas) -> None:
        before, settled, charges_open = self.was
        after = before._replace(status=self.status)
        deltas.move(
            before, after, self.total_ore, settled, self.settled_ore,
            charges_open, self.charges_ore - self.charges_settled_ore,
        )  # fmt: skip


class Charge:
    """A charge on an invoice while a batch is being booked (``ChargeAmounts``)."""

    __slots__ = ("amount_ore", "id", "kind", "paid_ore", "settled_ore")

    def __init__(self, row: Sequence[Any]) -> None:
        self.id, self.kind, self.amount_ore, self.settled_ore, self.paid_ore = row


def read_invoices(
    sql: BulkSql, company_id: int, payments: list[IncomingPayment]
) -> dict[str, Invoice]:
    """The invoices the payments' KIDs name, by KID. PostgreSQL: the rows are
    locked, so that a payment matched by hand at the same time waits instead of
    writing over the amounts read here."""
    kids = list({p.kid for p in payments if p.kid})
    if not kids:
        return {}
    among, values = sql.one_of("kid", kids)
    return {
        r[0]: Invoice(r[1:], company_id)
        for r in sql.all(
            "SELECT kid, id, customer_id, number, total_ore, settled_ore, paid_ore,"
            " credited_ore, charges_ore, charges_settled_ore, charges_paid_ore,"
            " kind, status, currency, due_date"
            f" FROM invoice WHERE company_id = ? AND {among}"
            + ("" if sql.sqlite else " FOR UPDATE"),
            [company_id, *values],
        )
    }


def read_charges(sql: BulkSql, invoices: dict[str, Invoice]) -> None:
    """Read the charges of the invoices that have any (few do), oldest first."""
    by_id = {i.invoice_id: i for i in invoices.values() if i.charges_ore}
    if not by_id:
        return
    among, values = sql.one_of_ints("invoice_id", sorted(by_id))
    for row in sql.all(
        "SELECT invoice_id, id, kind, amount_ore, settled_ore, paid_ore FROM invoice_charge"
        f" WHERE {among} ORDER BY charged_on, id" + ("" if sql.sqlite else " FOR UPDATE"),
        values,
    ):
        by_id[row[0]].charges.append(Charge(row[1:]))


def write_invoices(session: Session, sql: BulkSql, invoices: dict[str, Invoice]) -> None:
    """Write the amounts and status of the invoices the Python path settled, and move
    the kept figures by them."""
    dirty = [i for i in invoices.values() if i.dirty]
    if not dirty:
        return
    sql.update_by_id(
        "invoice",
        _INVOICE_AMOUNTS,
        [(i.settled_ore, i.paid_ore, restatus(i), i.invoice_id) for i in dirty if not i.charges],
    )
    charged = [i for i in dirty if i.charges]
    if charged:
        sql.update_by_id(
            "invoice",
            _CHARGED_AMOUNTS,
            [
                (i.settled_ore, i.paid_ore, restatus(i), i.charges_settled_ore,
                 i.charges_paid_ore, i.invoice_id)
                for i in charged
            ],
        )  # fmt: skip
        sql.update_by_id(
            "invoice_charge",
            _CHARGE_AMOUNTS,
            [(c.settled_ore, c.paid_ore, c.id) for i in charged for c in i.charges],
        )
    deltas = figures.Deltas()
    for i in dirty:
        i.figure_moved(deltas)
    figures.apply(session, deltas)


__all__ = ["Charge", "Invoice", "read_charges", "read_invoices", "write_invoices"]
