"""camt.054 -> :class:`~reskontro.domain.payment.IncomingPayment`, and the dedupe keys.

Spec: ``shared/specs/camt054.md`` §2–§5 and §7, ``shared/specs/bank-file-delivery-and-
dedupe.md`` §5. One payment per ``TxDtls``; an entry without ``TxDtls`` is one payment
itself. Decisions:

- **Currency.** Each :class:`IncomingPayment` carries its entry's currency (``Ccy``),
  its amount in minor units (øre, cents). The caller may name the account's currency
  (``currency="NOK"`` by default): a payment in any other currency is then a problem,
  not a silently converted or dropped payment. ``currency=None`` takes every payment in
  its own currency (the import does; matching settles an invoice only in its own).
- **Only booked entries are payments.** An entry whose status is not ``BOOK`` (``PDNG``,
  ``INFO``) is a problem: it may still change or be repeated as booked later.
- **Amount.** The transaction's own amount; only when the entry has exactly one
  transaction may that transaction fall back to the entry amount (§5: never copy
  ``Ntry/Amt`` onto several ``TxDtls``). Signed by ``CdtDbtInd``; a reversal keeps the
  sign of its own ``CdtDbtInd`` (a reversed incoming payment is a DBIT entry, negative).
- **Dates.** ``date`` is the booking date, ``value_date`` the value date (§4).
- **Text.** ``message`` is the ``Ustrd`` lines joined with a newline, else
  ``AddtlTxInf`` (else, for an entry without ``TxDtls``, ``AddtlNtryInf``). Every other
  text a person could use to place the payment is kept too: ``entry_info``
  (``Ntry/AddtlNtryInf``), ``remittance_info`` (``Strd/AddtlRmtInf``) and
  ``creditor_reference`` (each ``Strd/CdtrRefInf/Ref`` that is not the KID: an RF or
  QR reference), lines joined with a newline.
- **Payer.** ``UltmtDbtr`` before ``Dbtr`` (§7); the account is ``DbtrAcct`` as written.
- **Where.** ``location`` is the XPath-like location of the ``TxDtls`` (or ``Ntry``),
  ``line`` its line in the file when it was parsed from bytes.
- **Totals.** The payments of an entry add up to the entry amount, or the entry is a
  problem (beside the control totals of :mod:`.checks`): no payment is ever booked
  that the bank did not credit, however the details are split.
- **Keys** (:mod:`.keys`). :func:`payment_key` (dedupe spec §5.3: account, ``Ntry/AcctSvcrRef``,
  ``TxDtls/Refs/AcctSvcrRef`` or position, amount, booking date); without any bank
  reference, the §5.3 fallback fingerprint with an occurrence counter. A key that
  repeats within one file is a problem. :func:`message_key` for the message (§5.2).

:func:`extract_payments` returns every payment and every problem (errors as values, with
locations); :func:`iter_payments` is the strict form for importing: it yields nothing
unless the whole file is clean, so a rejected file books nothing. :class:`PaymentStream`
is the strict form for a large file: it yields the payments as it reads and raises at
the end if anything was wrong (the importer books in one transaction).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reskontro.domain.bank_account import AccountSeen
from reskontro.domain.payment import IncomingPayment
from reskontro.errors import FileFormatError
from reskontro.formats.camt054.codes import CamtProblem as P
from reskontro.formats.camt054.codes import reason_of
from reskontro.messages import Message

from . import versions
from .checks import show_amount as _show
from .keys import (
    FINGERPRINT,
    fingerprint,
    normalise_account,
    notification_key,
    payment_key,
)
from .objects import Document
from .safexml import MAX_SIZE
from .stream import NotificationRead, Started, Walker

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from .objects import Entry, Notification, Transaction

#: The only entry status that makes a payment.
BOOKED = "BOOK"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in the file that did not become a payment, and where."""

    location: str
    #: Why, as a code (:class:`~reskontro.formats.camt054.codes.CamtProblem`).
    reason: Message
    line: int | None = None

    @property
    def message(self) -> str:
        """Why, in English."""
        return self.error().reason

    def error(self) -> FileFormatError:
        return FileFormatError(self.reason, line=self.line, path=self.location)


@dataclass(frozen=True, slots=True)
class PaymentExtraction:
    """What :func:`extract_payments` found: the payments and the problems, in file order."""

    payments: tuple[IncomingPayment, ...]
    problems: tuple[Problem, ...]


def iter_payments(
    source: Document | bytes | Path, *, currency: str | None = "NOK"
) -> Iterator[IncomingPayment]:
    """The payments of a camt.054 file, all or nothing.

    Raises :class:`~reskontro.errors.FileFormatError` when called (not when iterated)
    if ``source`` is a file (bytes or path) that :func:`~.stream.parse` rejects, or if
    :func:`extract_payments` finds any problem: the first one, saying how many more,
    with every other one in ``others``.
    """
    if not isinstance(source, Document):
        return iter(list(PaymentStream(source, currency=currency)))
    extraction = extract_payments(source, currency=currency)
    _raise_problems([problem.error() for problem in extraction.problems])
    return iter(extraction.payments)


def _raise_problems(problems: list[FileFormatError]) -> None:
    if problems:
        first, more = problems[0], len(problems) - 1
        reason = reason_of(first)
        if more:
            code = P.AND_MORE if more > 1 else P.AND_ONE_MORE
            reason = Message.of(code, reason=reason.dumps(), more=more)
        raise FileFormatError(
            reason, line=first.line, path=first.path, field=first.field,
            others=problems[1:],
        )  # fmt: skip


def extract_payments(document: Document, *, currency: str | None = "NOK") -> PaymentExtraction:
    """Every payment of ``document`` and every problem, in file order (see the module)."""
    extractor = _Extractor(currency)
    payments: list[IncomingPayment] = []
    for n, notification in enumerate(document.notifications):
        for e, entry in enumerate(notification.entries):
            payments.extend(extractor.entry(notification, entry, (n, e)))
    return PaymentExtraction(tuple(payments), tuple(extractor.problems))


class PaymentStream:
    """The payments of a camt.054 file as it is read (:class:`~.stream.Walker`).

    Iterating it yields the payments entry by entry while the file has no problem; once
    one is found it yields no more but reads on, and at the end raises
    :class:`~reskontro.errors.FileFormatError` with every problem (so a caller that
    books as it goes must book in one transaction and roll back). :attr:`message_keys`
    and :attr:`notes` fill as the notifications are read.
    """

    def __init__(
        self, source: bytes | Path, *, currency: str | None = "NOK", max_size: int = MAX_SIZE
    ) -> None:
        self.source = source
        self.currency = currency
        self.max_size = max_size
        #: One :func:`message_key` per notification read so far.
        self.message_keys: list[str] = []
        #: Copy/duplicate markers of the notifications read so far.
        self.notes: list[str] = []
        #: The account of each notification read so far (``Ntfctn/Acct``), in file order.
        self.accounts: list[AccountSeen] = []

    def __iter__(self) -> Iterator[IncomingPayment]:
        walker = Walker(self.source, max_size=self.max_size)
        extractor = _Extractor(self.currency)
        message_id = ""
        notification: Notification | None = None
        for item in walker:
            if isinstance(item, Started):
                message_id = item.message_id
            elif isinstance(item, NotificationRead):
                notification = item.notification
                self.message_keys.append(notification_key(message_id, notification))
                self.accounts.append(
                    AccountSeen(
                        normalise_account(notification.account.value),
                        notification.account_line,
                        f"{notification.location}/Acct",
                    )
                )
                if notification.copy_duplicate:
                    self.notes.append(
                        f"notification {notification.id} is marked "
                        f"{notification.copy_duplicate} (copy/duplicate)"
                    )
            elif item.entry is not None and notification is not None and item.clean:
                found = extractor.entry(notification, item.entry, (item.notification, item.index))
                walker.problems.extend(problem.error() for problem in extractor.problems)
                extractor.problems.clear()
                if not walker.problems:
                    yield from found
        _raise_problems(walker.problems)


class _Extractor:
    """Payments entry by entry, with the keys seen so far and the problems found."""

    def __init__(self, currency: str | None) -> None:
        self.currency = currency
        self.problems: list[Problem] = []
        self.seen: dict[str, str] = {}
        self.occurrences: dict[str, int] = {}

    def entry(
        self, notification: Notification, entry: Entry, position: tuple[int, int]
    ) -> list[IncomingPayment]:
        payments: list[IncomingPayment] = []
        for found in _entry_payments(notification, entry, position, self.currency, self.problems):
            payment = found
            if payment.key.startswith(f"{FINGERPRINT}|"):
                occurrence = self.occurrences.get(payment.key, 0) + 1
                self.occurrences[payment.key] = occurrence
                payment = replace(payment, key=f"{payment.key}|{occurrence}")
            if payment.key in self.seen:
                self.problems.append(
                    Problem(
                        payment.location or "",
                        Message.of(P.REPEATED_KEY, key=payment.key, seen=self.seen[payment.key]),
                        payment.line,
                    )
                )
                continue
            self.seen[payment.key] = payment.location or ""
            payments.append(payment)
        return payments


def _entry_payments(
    notification: Notification,
    entry: Entry,
    position: tuple[int, int],
    currency: str | None,
    problems: list[Problem],
) -> list[IncomingPayment]:
    entry_path = versions.entry_path(*position)
    if entry.status != BOOKED:
        problems.append(
            Problem(
                entry_path,
                Message.of(P.NOT_BOOKED, status=entry.status, booked=BOOKED),
                entry.line,
            )
        )
        return []
    if entry.booking_date is None:
        problems.append(Problem(entry_path, Message.of(P.NO_BOOKING_DATE), entry.line))
        return []
    transactions = entry.transactions
    if not transactions:
        if currency is not None and entry.currency != currency:
            problems.append(_currency_problem(entry_path, entry.currency, currency, entry.line))
            return []
        return [_payment(notification, entry, None, None, entry_path, entry.amount_ore)]
    result = []
    number = 0
    before = len(problems)
    for d, detail in enumerate(entry.details):
        for t, transaction in enumerate(detail.transactions):
            number += 1
            path = versions.transaction_path(*position, d, t)
            line = transaction.line if transaction.line is not None else entry.line
            amount, amount_currency = transaction.amount_ore, transaction.currency
            if amount is None and len(transactions) == 1:
                amount, amount_currency = entry.amount_ore, entry.currency
            if amount is None or amount_currency is None:
                problems.append(
                    Problem(
                        path,
                        Message.of(P.CANNOT_SPLIT, currency=entry.currency, n=len(transactions)),
                        line,
                    )
                )
                continue
            if amount_currency != (currency or entry.currency):
                problems.append(
                    _currency_problem(path, amount_currency, currency or entry.currency, line)
                )
                continue
            result.append(_payment(notification, entry, transaction, number, path, amount))
    paid = sum(payment.amount_ore for payment in result)
    if len(problems) == before and paid != entry.amount_ore:
        # Whatever the checks made of the details (a batch summary beside the
        # transactions, a document built in code): never book other than the entry.
        problems.append(
            Problem(
                f"{entry_path}/Amt",
                Message.of(
                    P.ENTRY_PAYMENTS_TOTAL,
                    amount=_show(entry.amount_ore),
                    currency=entry.currency,
                    actual=_show(paid),
                ),
                entry.amount_line or entry.line,
            )
        )
    return result


def _currency_problem(path: str, found: str, wanted: str, line: int | None) -> Problem:
    return Problem(path, Message.of(P.OTHER_CURRENCY, found=found, wanted=wanted), line)


def _payment(
    notification: Notification,
    entry: Entry,
    transaction: Transaction | None,
    position: int | None,
    location: str,
    amount_ore: int,
) -> IncomingPayment:
    booking_date = entry.booking_date
    if booking_date is None:  # pragma: no cover - callers check
        # An internal invariant (the callers refuse an entry without BookgDt with
        # CamtProblem.NO_BOOKING_DATE first), so a plain ValueError.
        msg = "a payment needs a booking date"
        raise ValueError(msg)
    account = notification.account.value
    if transaction is None:
        message = entry.additional_info
        transaction_ref = None
        code = entry.bank_transaction_code
        kid = payer_name = payer_account = None
        line = entry.line
        remittance_info = creditor_reference = None
    else:
        message = transaction.message or transaction.additional_info
        transaction_ref = transaction.account_servicer_ref
        code = transaction.bank_transaction_code or entry.bank_transaction_code
        kid = transaction.kid
        payer_name = transaction.payer_name
        payer_account = (
            None if transaction.debtor_account is None else transaction.debtor_account.value
        )
        line = transaction.line if transaction.line is not None else entry.line
        remittance_info = "\n".join(transaction.remittance_info) or None
        creditor_reference = "\n".join(transaction.other_references) or None
    if entry.account_servicer_ref is None and transaction_ref is None:
        key = fingerprint(
            account, booking_date, amount_ore, kid or message or "", payer_account or ""
        )
    else:
        key = payment_key(
            account=account,
            entry_ref=entry.account_servicer_ref,
            transaction_ref=transaction_ref,
            position=position,
            amount_ore=amount_ore,
            booking_date=booking_date,
        )
    return IncomingPayment(
        key=key,
        amount_ore=amount_ore,
        kid=kid,
        date=booking_date,
        value_date=entry.value_date,
        message=message,
        payer_name=payer_name,
        payer_account=payer_account,
        account=account,
        line=line,
        location=location,
        bank_reference=transaction_ref or entry.account_servicer_ref,
        transaction_type=str(code) if code is not None else None,
        entry_info=entry.additional_info,
        remittance_info=remittance_info,
        creditor_reference=creditor_reference,
        currency=entry.currency,
    )
