"""Control totals of a camt.054 message, checked as ISO 20022 defines them.

Spec: ``shared/specs/camt054.md`` §5 ("Check that Σ TxDtls amounts = Ntry/Amt =
Btch/TtlAmt, and that the count = Btch/NbOfTxs"). What is checked, per entry:

- ``NtryDtls/Btch/NbOfTxs`` equals the number of ``TxDtls`` of that ``NtryDtls`` (when it
  lists any: a bank may report the batch summary alone);
- ``Btch/TtlAmt`` (signed by its ``CdtDbtInd``, else the entry's) equals the sum of the
  signed ``TxDtls`` amounts of that ``NtryDtls`` (when every one has an amount);
- the entry amount equals the sum of its ``NtryDtls``, each counted as the sum of its
  ``TxDtls`` amounts, else its ``Btch/TtlAmt``, else nothing: an empty ``<NtryDtls/>``
  (or one with a batch that states no total) adds 0 and never switches the check off.
  The check applies as soon as one ``NtryDtls`` states an amount (transactions or a
  batch total); it is left to :mod:`.payments` only when some ``TxDtls`` has no amount
  (one alone takes the entry amount; several make the file a problem there);
- every amount in those sums is in the entry's currency (``TxDtls/Amt`` and ``TtlAmt``
  are, by definition, parts of the entry amount).

And per notification, when ``TxsSummry`` is there: ``TtlNtries/NbOfNtries`` (number of
entries), ``TtlNtries/Sum`` (sum of the absolute entry amounts), the net amount and its
``CdtDbtInd`` (``TtlNetNtryAmt`` .02–.03, ``TtlNetNtry`` .04+), and the count and sum of
the CRDT entries (``TtlCdtNtries``) and of the DBIT entries (``TtlDbtNtries``). All
entries count whatever their status; the direction is ``CdtDbtInd`` (a reversal is
booked in its own direction).

Each disagreement is a :class:`~reskontro.errors.FileFormatError` at the element that
disagrees (its own line, not its parent's): :func:`entry_problems` and
:func:`summary_problems` list them all; :func:`check_document` raises the first with the
others attached.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.errors import FileFormatError
from reskontro.formats.camt054.codes import CamtProblem as P
from reskontro.formats.camt054.codes import problem, reason_of

from . import versions
from .objects import CreditDebit
from .values import format_amount

if TYPE_CHECKING:
    from .objects import Document, Entry, Notification, TransactionsSummary


def show_amount(ore: int) -> str:
    """Signed øre as a decimal amount: ``-37.50``."""
    return ("-" if ore < 0 else "") + format_amount(abs(ore))


_show = show_amount


def check_document(document: Document) -> None:
    """Raise FileFormatError at the first control total that disagrees (with the others)."""
    problems: list[FileFormatError] = []
    for n, notification in enumerate(document.notifications):
        totals = EntryTotals()
        for e, entry in enumerate(notification.entries):
            problems.extend(entry_problems(entry, n, e))
            totals.add(entry)
        if notification.summary is not None:
            problems.extend(summary_problems(notification.summary, totals, n, document.version))
    raise_all(problems)


def raise_all(problems: list[FileFormatError]) -> None:
    """Raise the first of ``problems`` carrying the others; nothing when there are none."""
    if problems:
        first = problems[0]
        raise FileFormatError(
            reason_of(first), line=first.line, path=first.path, field=first.field,
            others=problems[1:],
        )  # fmt: skip


def check_entry(entry: Entry, notification: int, index: int) -> None:
    """The batch and transaction totals of one entry (see the module docstring)."""
    raise_all(entry_problems(entry, notification, index))


def entry_problems(entry: Entry, notification: int, index: int) -> list[FileFormatError]:
    """Every disagreement of one entry's totals (see the module docstring)."""
    problems: list[FileFormatError] = []
    parts: list[int] = []
    complete = True
    for d, detail in enumerate(entry.details):
        transactions = detail.transactions
        batch = detail.batch
        path = f"{versions.details_path(notification, index, d)}/Btch"
        count = None if batch is None else batch.number_of_transactions
        if batch is not None and count is not None and transactions and count != len(transactions):
            problems.append(
                problem(
                    P.BATCH_COUNT,
                    line=batch.count_line or batch.line,
                    path=f"{path}/NbOfTxs",
                    count=count,
                    found=len(transactions),
                )
            )
        for t, transaction in enumerate(transactions):
            if transaction.currency not in (None, entry.currency):
                problems.append(
                    problem(
                        P.TRANSACTION_CURRENCY,
                        line=transaction.amount_line or transaction.line,
                        path=f"{versions.transaction_path(notification, index, d, t)}/Amt",
                        currency=transaction.currency,
                        entry_currency=entry.currency,
                    )
                )
        known = bool(transactions) and all(tx.amount_ore is not None for tx in transactions)
        total = sum(tx.amount_ore or 0 for tx in transactions)
        if batch is not None and batch.total_ore is not None:
            if batch.currency != entry.currency:
                problems.append(
                    problem(
                        P.BATCH_CURRENCY,
                        line=batch.total_line or batch.line,
                        path=f"{path}/TtlAmt",
                        currency=batch.currency,
                        entry_currency=entry.currency,
                    )
                )
            elif known and batch.total_ore != total:
                problems.append(
                    problem(
                        P.BATCH_TOTAL,
                        line=batch.total_line or batch.line,
                        path=f"{path}/TtlAmt",
                        stated=_show(batch.total_ore),
                        actual=_show(total),
                    )
                )
        if known:
            parts.append(total)
        elif transactions:
            complete = False  # amounts missing: payments.py decides (see the docstring)
        elif batch is not None and batch.total_ore is not None:
            parts.append(batch.total_ore)
        # else: an empty NtryDtls (or a batch without a total) adds nothing
    if complete and parts and sum(parts) != entry.amount_ore:
        problems.append(
            problem(
                P.ENTRY_DETAILS_TOTAL,
                line=entry.amount_line or entry.line,
                path=f"{versions.entry_path(notification, index)}/Amt",
                amount=_show(entry.amount_ore),
                currency=entry.currency,
                actual=_show(sum(parts)),
            )
        )
    return problems


@dataclass(slots=True)
class EntryTotals:
    """What ``TxsSummry`` is checked against, added up entry by entry (flat memory)."""

    count: int = 0
    sum_ore: int = 0
    net_ore: int = 0
    credit_count: int = 0
    credit_sum_ore: int = 0
    debit_count: int = 0
    debit_sum_ore: int = 0

    def add(self, entry: Entry) -> None:
        self.count += 1
        self.sum_ore += abs(entry.amount_ore)
        self.net_ore += entry.amount_ore
        if entry.credit_debit is CreditDebit.CREDIT:
            self.credit_count += 1
            self.credit_sum_ore += entry.amount_ore
        else:
            self.debit_count += 1
            self.debit_sum_ore -= entry.amount_ore


def check_summary(notification: Notification, index: int, version: int) -> None:
    """``TxsSummry`` against the entries (see the module docstring)."""
    if notification.summary is None:
        return
    totals = EntryTotals()
    for entry in notification.entries:
        totals.add(entry)
    raise_all(summary_problems(notification.summary, totals, index, version))


def summary_problems(
    summary: TransactionsSummary, totals: EntryTotals, index: int, version: int
) -> list[FileFormatError]:
    """Every figure of ``TxsSummry`` that disagrees with the entries' ``totals``."""
    problems: list[FileFormatError] = []
    path = f"{versions.notification_path(index)}/TxsSummry"
    net = totals.net_ore
    net_name = "TtlNetNtryAmt" if version < 4 else "TtlNetNtry/Amt"
    for name, stated, actual, is_amount in (
        ("TtlNtries/NbOfNtries", summary.count, totals.count, False),
        ("TtlNtries/Sum", summary.sum_ore, totals.sum_ore, True),
        (f"TtlNtries/{net_name}", summary.net_ore, abs(net), True),
        ("TtlCdtNtries/NbOfNtries", summary.credit_count, totals.credit_count, False),
        ("TtlCdtNtries/Sum", summary.credit_sum_ore, totals.credit_sum_ore, True),
        ("TtlDbtNtries/NbOfNtries", summary.debit_count, totals.debit_count, False),
        ("TtlDbtNtries/Sum", summary.debit_sum_ore, totals.debit_sum_ore, True),
    ):
        if stated is not None and stated != actual:
            shown = (_show(stated), _show(actual)) if is_amount else (stated, actual)
            problems.append(
                problem(
                    P.SUMMARY_TOTAL,
                    line=summary.lines.get(name, summary.line),
                    path=f"{path}/{name}",
                    name=name,
                    stated=str(shown[0]),
                    actual=str(shown[1]),
                )
            )
    direction = summary.net_credit_debit
    if direction is not None and net * direction.sign < 0:
        net_path = "TtlNtries/CdtDbtInd" if version < 4 else "TtlNtries/TtlNetNtry/CdtDbtInd"
        problems.append(
            problem(
                P.NET_DIRECTION,
                line=summary.lines.get(net_path, summary.line),
                path=f"{path}/{net_path}",
                net=_show(net),
                direction=direction.value,
            )
        )
    return problems
