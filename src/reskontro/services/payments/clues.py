"""Clues to the customer of payments whose KID names no invoice, gathered for a whole
batch in a few set-based queries (one per kind of clue), not per payment.

The decision itself is pure (:func:`reskontro.domain.matching.decide_unmatched`); this
module only reads the books. It sees them as they were when the batch began: the
batch's own payments and invoice amounts are written after its decisions.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from reskontro.domain import kid as kidlib
from reskontro.domain.matching import Clues
from reskontro.domain.payment_clues import kid_customer_part, numbers_in_text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reskontro.domain.payment import IncomingPayment
    from reskontro.storage.bulk import BulkSql

#: The longest digit run in free text read as an invoice number.
MAX_NUMBER_DIGITS = 12


def gather_clues(
    sql: BulkSql,
    company_id: int,
    template: kidlib.KidTemplate,
    payments: Sequence[IncomingPayment],
) -> list[Clues]:
    """The clues for each of ``payments``, in order (four queries for any number)."""
    parts = [kid_customer_part(p.kid, template) for p in payments]
    by_number = _customers_by_number(sql, company_id, {n for n in parts if n is not None})
    by_account = _only_customer_of_accounts(
        sql, company_id, {p.payer_account for p in payments if p.payer_account}
    )
    texts = [numbers_in_text(p.message) for p in payments]
    kids = {d for digits in texts for d in digits if len(d) > 3 and kidlib.is_valid(d)}
    numbers = {int(d) for digits in texts for d in digits if len(d) <= MAX_NUMBER_DIGITS}
    by_kid, by_invoice_number = _invoice_customers(sql, company_id, kids, numbers)
    by_amount = _only_open_invoice_of_amounts(
        sql, company_id, {p.amount_ore for p in payments if p.amount_ore > 0}
    )
    found = []
    for p, part, digits in zip(payments, parts, texts, strict=True):
        text_customer, text_kid, text_number = _free_text(digits, by_kid, by_invoice_number)
        found.append(
            Clues(
                by_kid_customer_part=by_number.get(part) if part is not None else None,
                by_payer_account=by_account.get(p.payer_account) if p.payer_account else None,
                by_free_text=text_customer,
                free_text_kid=text_kid,
                free_text_invoice=text_number,
                by_unique_amount=by_amount.get(p.amount_ore) if p.amount_ore > 0 else None,
            )
        )
    return found


def _free_text(
    digits: list[str], by_kid: dict[str, int], by_number: dict[int, int]
) -> tuple[int | None, str | None, int | None]:
    """The first digit run that is a KID, or else an invoice number, of the company."""
    for d in digits:
        if len(d) > 3 and d in by_kid:
            return by_kid[d], d, None
        if len(d) <= MAX_NUMBER_DIGITS and int(d) in by_number:
            return by_number[int(d)], None, int(d)
    return None, None, None


def _customers_by_number(sql: BulkSql, company_id: int, numbers: set[int]) -> dict[int, int]:
    if not numbers:
        return {}
    among, values = sql.one_of_ints("number", sorted(numbers))
    rows = sql.all(
        f"SELECT number, id FROM customer WHERE company_id = ? AND {among}"
        " AND is_placeholder = false",
        [company_id, *values],
    )
    return {int(number): int(cid) for number, cid in rows}


def _only_customer_of_accounts(sql: BulkSql, company_id: int, accounts: set[str]) -> dict[str, int]:
    """Each payer account whose earlier payments were all posted to one customer."""
    if not accounts:
        return {}
    among, values = sql.one_of("p.payer_account", sorted(accounts))
    rows = sql.all(
        "SELECT DISTINCT p.payer_account, p.customer_id FROM payment p JOIN customer c"
        f" ON c.id = p.customer_id WHERE p.company_id = ? AND {among}"
        " AND c.is_placeholder = false",
        [company_id, *values],
    )
    owners: dict[str, list[int]] = defaultdict(list)
    for account, customer in rows:
        owners[account].append(int(customer))
    return {a: found[0] for a, found in owners.items() if len(found) == 1}


def _invoice_customers(
    sql: BulkSql, company_id: int, kids: set[str], numbers: set[int]
) -> tuple[dict[str, int], dict[int, int]]:
    by_kid: dict[str, int] = {}
    by_number: dict[int, int] = {}
    if kids:
        among, values = sql.one_of("kid", sorted(kids))
        for kid, customer in sql.all(
            f"SELECT kid, customer_id FROM invoice WHERE company_id = ? AND {among}",
            [company_id, *values],
        ):
            by_kid.setdefault(kid, int(customer))
    if numbers:
        among, values = sql.one_of_ints("number", sorted(numbers))
        for number, customer in sql.all(
            f"SELECT number, customer_id FROM invoice WHERE company_id = ? AND {among}"
            " AND kind = 'invoice'",
            [company_id, *values],
        ):
            by_number.setdefault(int(number), int(customer))
    return by_kid, by_number


def _only_open_invoice_of_amounts(
    sql: BulkSql, company_id: int, amounts: set[int]
) -> dict[int, int]:
    """Each amount that exactly one issued invoice has open, and its customer."""
    if not amounts:
        return {}
    among, values = sql.one_of_ints("total_ore - settled_ore", sorted(amounts))
    rows = sql.all(
        "SELECT total_ore - settled_ore, customer_id FROM invoice WHERE company_id = ?"
        f" AND kind = 'invoice' AND number IS NOT NULL AND {among}",
        [company_id, *values],
    )
    found: dict[int, list[int]] = defaultdict(list)
    for amount, customer in rows:
        found[int(amount)].append(int(customer))
    return {a: customers[0] for a, customers in found.items() if len(customers) == 1}


__all__ = ["gather_clues"]
