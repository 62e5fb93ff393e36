"""The same payment from another file: booked once, or held for a person (issue 11).

A bank may report one payment twice: in a Nets OCR file and again in a camt.054 file,
in camt without the bank's references after the OCR file, or in an OCR file repeated
under new transaction numbers. The bank's own key (``payment.key``) catches a file
that repeats another of the same format; this module catches the rest, for a whole
batch with one query (``ix_payment_date_amount``), asked only for the booking dates
on which another file booked something at all (one index seek per date, the first
time the file names it).

A payment of the file is compared with the payments booked from *other* files on the
same account (Norwegian IBAN and BBAN alike), booking date, amount (in the same
currency) and KID:

* it is a **duplicate** (not booked again, counted in the summary) when the other came
  in another format and the bank references agree (the same, or neither has one);
* it is a **possible duplicate** of the other otherwise (a reference differs or only one
  has one, or in the same format the bank's keys differ, as for an OCR record under a
  new transaction number): it waits in the voucher inbox, shown beside the other.

Payments that differ in KID are different payments, whatever else they share.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

from reskontro.domain.bank_account import account_key
from reskontro.domain.matching import DuplicateCode

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from reskontro.domain.payment import IncomingPayment
    from reskontro.storage.bulk import BulkSql

__all__ = ["DuplicateCode", "Repeat", "RepeatFinder"]


class Repeat(enum.Enum):
    """What a payment of the file is of one booked before."""

    SAME = "same"
    POSSIBLE = "possible"


_Fields = tuple[str, str, int, str, str | None]


def _format_of(key: str) -> str:
    return "ocr" if key.startswith("ocr:") else "camt"


def _reference(value: str | None) -> str | None:
    """A bank reference as compared: blank and all-zero references are none."""
    text = (value or "").strip()
    return text if text.strip("0") else None


class RepeatFinder:
    """Finds, batch by batch, the payments of one file that repeat payments booked from
    other files.

    It first asks, once per booking date (when a batch first names it), whether any
    other file booked a payment of the company on that date; the look-up of amounts
    then runs only for the dates where one did. The answer stays true for the rest of
    the import: the file's own payments on a date are booked only after the date was
    asked about, and no other file can book for the company meanwhile (one import per
    company at a time: the importer's write lock).
    """

    def __init__(self, sql: BulkSql, company_id: int, file_id: int) -> None:
        self.sql = sql
        self.company_id = company_id
        self.file_id = file_id
        #: Booking date (as the driver takes it) → another file booked on it.
        self.dates: dict[object, bool] = {}

    def _booked_on(self, day: object) -> bool:
        known = self.dates.get(day)
        if known is None:
            known = self.dates[day] = bool(
                self.sql.all(
                    "SELECT 1 FROM payment WHERE company_id = ? AND date = ?"
                    " AND bank_file_id <> ? LIMIT 1",
                    [self.company_id, day, self.file_id],
                )
            )
        return known

    def find(self, payments: Sequence[IncomingPayment]) -> dict[int, tuple[Repeat, int]]:
        """By position in ``payments``: which repeat a payment booked from another file,
        and its id (the duplicate when there is one, else the earliest possible one)."""
        sql = self.sql
        days = sorted(d for d in map(sql.day, {p.date for p in payments}) if self._booked_on(d))
        if not days:
            return {}
        amounts = sorted({p.amount_ore for p in payments})
        among_amounts, amount_values = sql.one_of_ints("amount_ore", amounts)
        day_marks = ", ".join([sql.ph] * len(days))
        rows = sql.all(
            "SELECT id, account, date, amount_ore, currency, kid, bank_reference, key"
            f" FROM payment WHERE company_id = ? AND date IN ({day_marks}) AND {among_amounts}"
            " AND bank_file_id <> ? ORDER BY id",
            [self.company_id, *days, *amount_values, self.file_id],
        )
        if not rows:
            return {}
        return _repeats(payments, rows)


def _repeats(
    payments: Sequence[IncomingPayment], rows: list[tuple[Any, ...]]
) -> dict[int, tuple[Repeat, int]]:
    booked: dict[_Fields, list[tuple[int, str | None, str]]] = {}
    for pid, account, day, amount, currency, kid, reference, key in rows:
        fields = (account_key(account or ""), _day(day), int(amount), currency, kid)
        booked.setdefault(fields, []).append((pid, _reference(reference), key))
    found: dict[int, tuple[Repeat, int]] = {}
    for i, p in enumerate(payments):
        fields = (account_key(p.account or ""), p.date.isoformat(), p.amount_ore, p.currency, p.kid)
        others = booked.get(fields)
        if not others:
            continue
        mine, kind = _reference(p.bank_reference), _format_of(p.key)
        same = [
            pid for pid, reference, key in others
            if _format_of(key) != kind and reference == mine
        ]  # fmt: skip
        found[i] = (Repeat.SAME, same[0]) if same else (Repeat.POSSIBLE, others[0][0])
    return found


def _day(value: dt.date | str) -> str:
    return value if isinstance(value, str) else value.isoformat()
