"""Control totals of a camt.054 message, checked as ISO 20022 defines them.

Spec: ``shared/specs/camt054.md`` §5 ("Check that Σ TxDtls amounts = Ntry/Amt =
Btch/TtlAmt, and that the count = Btch/NbOfTxs"). What is checked, per entry:

- ``NtryDtls/Btch/NbOfTxs`` equals the number of ``TxDtls`` of that ``NtryDtls`` (when it
  lists any: a bank may report the batch summary alone);
- ``Btch/TtlAmt`` (signed by its ``CdtDbtInd``, else the entry's) equals the sum of the
  signed ``TxDtls`` amounts of that ``NtryDtls`` (when every one has an amount);
- the entry amount equals the sum of its ``NtryDtls``, each counted as the sum of its
  ``TxDtls`` amounts, else its ``Btch/TtlAmt`` (when every ``NtryDtls`` has one of them);
- every amount in those sums is in the entry's currency (``TxDtls/Amt`` and ``TtlAmt``
  are, by definition, parts of the entry amount).

And per notification, when ``TxsSummry`` is there: ``TtlNtries/NbOfNtries`` (number of
entries), ``TtlNtries/Sum`` (sum of the absolute entry amounts), the net amount and its
``CdtDbtInd`` (``TtlNetNtryAmt`` .02–.03, ``TtlNetNtry`` .04+), and the count and sum of
the CRDT entries (``TtlCdtNtries``) and of the DBIT entries (``TtlDbtNtries``). All
entries count whatever their status; the direction is ``CdtDbtInd`` (a reversal is
booked in its own direction).

A disagreement raises :class:`~reskontro.errors.FileFormatError` at the element that
disagrees.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.errors import FileFormatError

from . import versions
from .objects import CreditDebit
from .values import format_amount

if TYPE_CHECKING:
    from .objects import Document, Entry, Notification


def _show(ore: int) -> str:
    return ("-" if ore < 0 else "") + format_amount(abs(ore))


def check_document(document: Document) -> None:
    """Raise FileFormatError at the first control total that disagrees."""
    for n, notification in enumerate(document.notifications):
        for e, entry in enumerate(notification.entries):
            check_entry(entry, n, e)
        check_summary(notification, n, document.version)


def check_entry(entry: Entry, notification: int, index: int) -> None:
    """The batch and transaction totals of one entry (see the module docstring)."""
    parts: list[int] = []
    complete = bool(entry.details)
    for d, detail in enumerate(entry.details):
        transactions = detail.transactions
        batch = detail.batch
        path = f"{versions.details_path(notification, index, d)}/Btch"
        count = None if batch is None else batch.number_of_transactions
        if batch is not None and count is not None and transactions and count != len(transactions):
            raise FileFormatError(
                f"NbOfTxs is {count} but the NtryDtls has {len(transactions)} TxDtls",
                line=batch.line,
                path=f"{path}/NbOfTxs",
            )
        for t, transaction in enumerate(transactions):
            if transaction.currency not in (None, entry.currency):
                raise FileFormatError(
                    f"transaction currency {transaction.currency} is not the entry's "
                    f"currency {entry.currency}",
                    line=transaction.line,
                    path=f"{versions.transaction_path(notification, index, d, t)}/Amt",
                )
        known = bool(transactions) and all(tx.amount_ore is not None for tx in transactions)
        total = sum(tx.amount_ore or 0 for tx in transactions)
        if batch is not None:
            if batch.total_ore is not None and batch.currency != entry.currency:
                raise FileFormatError(
                    f"TtlAmt currency {batch.currency} is not the entry's currency "
                    f"{entry.currency}",
                    line=batch.line,
                    path=f"{path}/TtlAmt",
                )
            if batch.total_ore is not None and known and batch.total_ore != total:
                raise FileFormatError(
                    f"TtlAmt is {_show(batch.total_ore)} but the TxDtls add up to {_show(total)}",
                    line=batch.line,
                    path=f"{path}/TtlAmt",
                )
        if known:
            parts.append(total)
        elif batch is not None and batch.total_ore is not None:
            parts.append(batch.total_ore)
        else:
            complete = False
    if complete and sum(parts) != entry.amount_ore:
        raise FileFormatError(
            f"the entry amount is {_show(entry.amount_ore)} {entry.currency} but its "
            f"details add up to {_show(sum(parts))}",
            line=entry.line,
            path=f"{versions.entry_path(notification, index)}/Amt",
        )


def check_summary(notification: Notification, index: int, version: int) -> None:
    """``TxsSummry`` against the entries (see the module docstring)."""
    summary = notification.summary
    if summary is None:
        return
    path = f"{versions.notification_path(index)}/TxsSummry"
    amounts = [entry.amount_ore for entry in notification.entries]
    credit_amounts = [
        e.amount_ore for e in notification.entries if e.credit_debit is CreditDebit.CREDIT
    ]
    debit_amounts = [
        -e.amount_ore for e in notification.entries if e.credit_debit is CreditDebit.DEBIT
    ]
    net = sum(amounts)
    net_name = "TtlNetNtryAmt" if version < 4 else "TtlNetNtry/Amt"
    for name, stated, actual, is_amount in (
        ("TtlNtries/NbOfNtries", summary.count, len(amounts), False),
        ("TtlNtries/Sum", summary.sum_ore, sum(abs(amount) for amount in amounts), True),
        (f"TtlNtries/{net_name}", summary.net_ore, abs(net), True),
        ("TtlCdtNtries/NbOfNtries", summary.credit_count, len(credit_amounts), False),
        ("TtlCdtNtries/Sum", summary.credit_sum_ore, sum(credit_amounts), True),
        ("TtlDbtNtries/NbOfNtries", summary.debit_count, len(debit_amounts), False),
        ("TtlDbtNtries/Sum", summary.debit_sum_ore, sum(debit_amounts), True),
    ):
        if stated is not None and stated != actual:
            shown = (_show(stated), _show(actual)) if is_amount else (stated, actual)
            raise FileFormatError(
                f"{name} is {shown[0]} but the entries give {shown[1]}",
                line=summary.line,
                path=f"{path}/{name}",
            )
    direction = summary.net_credit_debit
    if direction is not None and net * direction.sign < 0:
        net_path = "TtlNtries/CdtDbtInd" if version < 4 else "TtlNtries/TtlNetNtry/CdtDbtInd"
        raise FileFormatError(
            f"the net amount of the entries is {_show(net)} but CdtDbtInd says {direction.value}",
            line=summary.line,
            path=f"{path}/{net_path}",
        )
