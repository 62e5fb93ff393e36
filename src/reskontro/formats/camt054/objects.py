"""The object layer of camt.054: what a BkToCstmrDbtCdtNtfctn says, as frozen values.

Spec: ``shared/specs/camt054.md`` §2–§6. The objects keep what an accounts-receivable
system needs from the message, in one shape for all versions .02–.08; the reader
(:mod:`.reader`) maps the per-version XML paths onto them and the writer
(:mod:`.writer`) maps them back.

Conventions:

- Amounts that move money on the account (entry, batch total, transaction) are
  **signed integer minor units** (øre for NOK): positive for a credit, negative for a
  debit. The sign comes only from ``CdtDbtInd``; ``RvslInd`` is kept as a flag and does
  *not* flip the sign (ISO 20022 usage rule of ``ReversalIndicator``: a DBIT entry with
  ``RvslInd=true`` reverses an earlier credit; see §4 of the spec).
- Remittance amounts (``RfrdDocAmt``) are unsigned, as written.
- ``location`` and ``line`` say where a parsed value came from; they take no part in
  equality, so a document parsed from bytes equals the same document built in code.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reskontro.formats.camt054.codes import CamtProblem as C
from reskontro.formats.camt054.codes import invalid

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

#: A KID is 2–25 characters: digits, the last one may be ``-`` (a MOD11 remainder of 10).
KID_PATTERN = re.compile(r"(?=[0-9-]{2,25}\Z)[0-9]+-?\Z")

#: ``EntryStatus2Code`` (.02–.06); .07 and later accept any external code of 1–4 letters.
ENTRY_STATUS_CODES = ("BOOK", "PDNG", "INFO")


def looks_like_kid(text: str | None) -> bool:
    """Whether ``text`` (surrounding blanks ignored) has the shape of a KID.

    >>> looks_like_kid("10000123000018"), looks_like_kid("1000012300046-")
    (True, True)
    >>> looks_like_kid("RF18539007547034"), looks_like_kid("7"), looks_like_kid(None)
    (False, False, False)
    """
    return text is not None and KID_PATTERN.match(text.strip()) is not None


class CreditDebit(enum.StrEnum):
    """``CdtDbtInd``: the direction of a booking on the account."""

    CREDIT = "CRDT"
    DEBIT = "DBIT"

    @property
    def sign(self) -> int:
        return 1 if self is CreditDebit.CREDIT else -1


def _check_signed(amount_ore: int | None, credit_debit: CreditDebit | None, what: str) -> None:
    if amount_ore is not None and credit_debit is not None and amount_ore * credit_debit.sign < 0:
        direction = credit_debit.value
        raise invalid(C.AMOUNT_CONTRADICTS, what=what, amount=amount_ore, direction=direction)


def _check_exclusive(code: str | None, proprietary: str | None, what: str) -> None:
    if code is not None and proprietary is not None:
        raise invalid(C.CODE_AND_PROPRIETARY, what=what)


@dataclass(frozen=True, slots=True)
class CurrencyAmount:
    """An unsigned amount as written in the file: minor units (1/100) and ISO 4217 code."""

    ore: int
    currency: str
    #: Line of the amount element in the file it was read from.
    line: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.ore < 0:
            raise invalid(C.NEGATIVE_AMOUNT, amount=self.ore)


@dataclass(frozen=True, slots=True)
class AccountId:
    """``Acct/Id`` or ``DbtrAcct/Id``: an IBAN, or ``Othr/Id`` with an optional scheme."""

    #: The identifier as written (IBAN or, for example, an 11-digit Norwegian BBAN).
    value: str
    #: True when the file gave it as ``Id/IBAN``, False for ``Id/Othr/Id``.
    iban: bool = False
    #: ``Othr/SchmeNm/Cd`` (for example ``BBAN``); None for an IBAN or when absent.
    scheme: str | None = None

    def __post_init__(self) -> None:
        if self.iban and self.scheme is not None:
            raise invalid(C.IBAN_WITH_SCHEME)


@dataclass(frozen=True, slots=True)
class BankTransactionCode:
    """``BkTxCd``: the ISO domain/family/sub-family and/or a proprietary code."""

    domain: str | None = None
    family: str | None = None
    sub_family: str | None = None
    #: ``Prtry/Cd``.
    proprietary: str | None = None

    def __post_init__(self) -> None:
        parts = (self.domain, self.family, self.sub_family)
        if any(part is None for part in parts) and any(part is not None for part in parts):
            raise invalid(C.PARTIAL_DOMAIN)

    def __str__(self) -> str:
        """``PMNT/RCDT/DMCT``, else the proprietary code, else the empty string."""
        if self.domain is not None:
            return f"{self.domain}/{self.family}/{self.sub_family}"
        return self.proprietary or ""


@dataclass(frozen=True, slots=True)
class CreditorReference:
    """``Strd/CdtrRefInf``: where a KID travels (``Tp/CdOrPrtry/Cd=SCOR`` or no type)."""

    ref: str | None
    #: ``Tp/CdOrPrtry/Cd`` (DocumentType3Code, e.g. ``SCOR``).
    code: str | None = None
    #: ``Tp/CdOrPrtry/Prtry`` (e.g. ``ISR Reference``).
    proprietary: str | None = None

    def __post_init__(self) -> None:
        _check_exclusive(self.code, self.proprietary, "CdtrRefInf/Tp")


@dataclass(frozen=True, slots=True)
class ReferredDocument:
    """``Strd/RfrdDocInf``: an invoice (``CINV``) or credit note (``CREN``) number."""

    number: str | None
    code: str | None = None
    proprietary: str | None = None

    def __post_init__(self) -> None:
        _check_exclusive(self.code, self.proprietary, "RfrdDocInf/Tp")


@dataclass(frozen=True, slots=True)
class RemittanceAmounts:
    """``Strd/RfrdDocAmt``: amounts of the referred documents of one ``Strd`` block."""

    due_payable: CurrencyAmount | None = None
    credit_note: CurrencyAmount | None = None
    remitted: CurrencyAmount | None = None


@dataclass(frozen=True, slots=True)
class StructuredRemittance:
    """One ``RmtInf/Strd`` block."""

    referred_documents: tuple[ReferredDocument, ...] = ()
    amounts: RemittanceAmounts | None = None
    creditor_reference: CreditorReference | None = None
    #: ``AddtlRmtInf`` lines (at most three).
    additional_info: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Transaction:
    """One ``TxDtls``: one payment."""

    #: Signed amount in minor units, in the entry's currency, or None when the file has
    #: no amount for it in that currency (``TxDtls/Amt`` from .03, else
    #: ``AmtDtls/TxAmt/Amt``, else ``AmtDtls/InstdAmt/Amt``; the last two only count
    #: when they are in the entry's currency).
    amount_ore: int | None
    #: Currency of ``amount_ore``; None exactly when ``amount_ore`` is None.
    currency: str | None
    #: ``TxDtls/CdtDbtInd`` (.03+), else the entry's.
    credit_debit: CreditDebit
    #: ``Refs/AcctSvcrRef``: the bank's reference for this transaction.
    account_servicer_ref: str | None = None
    instruction_id: str | None = None
    end_to_end_id: str | None = None
    tx_id: str | None = None
    bank_transaction_code: BankTransactionCode | None = None
    #: ``RltdPties/Dbtr/Nm`` (.02–.06) or ``RltdPties/Dbtr/Pty/Nm`` (.07+).
    debtor_name: str | None = None
    #: ``RltdPties/DbtrAcct/Id``.
    debtor_account: AccountId | None = None
    #: ``RltdPties/UltmtDbtr/Nm`` or ``…/Pty/Nm``.
    ultimate_debtor_name: str | None = None
    #: ``RmtInf/Ustrd`` lines, in order.
    unstructured: tuple[str, ...] = ()
    #: ``RmtInf/Strd`` blocks, in order.
    structured: tuple[StructuredRemittance, ...] = ()
    #: ``AddtlTxInf``.
    additional_info: str | None = None
    location: str = field(default="", compare=False)
    line: int | None = field(default=None, compare=False)
    #: Line of the amount element itself (where an error about the amount points).
    amount_line: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if (self.amount_ore is None) != (self.currency is None):
            raise invalid(C.TRANSACTION_AMOUNT_CURRENCY)
        _check_signed(self.amount_ore, self.credit_debit, "TxDtls")

    @property
    def creditor_references(self) -> tuple[CreditorReference, ...]:
        """Every ``Strd/CdtrRefInf``, in order."""
        return tuple(s.creditor_reference for s in self.structured if s.creditor_reference)

    @property
    def kid(self) -> str | None:
        """The first ``CdtrRefInf/Ref`` that looks like a KID, whatever its ``Tp``.

        A ``SCOR`` type, a proprietary type and no type at all are treated alike (the
        spec, §2: be lenient). References that do not look like a KID stay in
        :attr:`creditor_references`. Surrounding blanks are removed.
        """
        for reference in self.creditor_references:
            if looks_like_kid(reference.ref):
                return (reference.ref or "").strip()
        return None

    @property
    def other_references(self) -> tuple[str, ...]:
        """The ``CdtrRefInf/Ref`` values besides :attr:`kid` (RF, QR, ...), stripped."""
        kid = self.kid
        found = [(r.ref or "").strip() for r in self.creditor_references]
        if kid is not None:
            found.remove(kid)
        return tuple(ref for ref in found if ref)

    @property
    def remittance_info(self) -> tuple[str, ...]:
        """Every ``Strd/AddtlRmtInf`` line, in order."""
        return tuple(line for s in self.structured for line in s.additional_info if line)

    @property
    def message(self) -> str | None:
        """The ``Ustrd`` lines joined with a newline (lossless and still readable), or None."""
        return "\n".join(self.unstructured) if self.unstructured else None

    @property
    def referred_documents(self) -> tuple[tuple[ReferredDocument, RemittanceAmounts | None], ...]:
        """Every ``RfrdDocInf`` with the ``RfrdDocAmt`` of its ``Strd`` block."""
        return tuple((doc, s.amounts) for s in self.structured for doc in s.referred_documents)

    @property
    def payer_name(self) -> str | None:
        """``UltmtDbtr`` before ``Dbtr`` (the spec, §7)."""
        return self.ultimate_debtor_name or self.debtor_name


@dataclass(frozen=True, slots=True)
class Batch:
    """``NtryDtls/Btch``: the bank's summary of a batch booking."""

    message_id: str | None = None
    payment_information_id: str | None = None
    #: ``NbOfTxs``.
    number_of_transactions: int | None = None
    #: ``TtlAmt``, signed by ``CdtDbtInd`` (by the entry's when the batch has none).
    total_ore: int | None = None
    currency: str | None = None
    #: ``Btch/CdtDbtInd`` as written (None when absent).
    credit_debit: CreditDebit | None = None
    line: int | None = field(default=None, compare=False)
    #: Lines of ``NbOfTxs`` and ``TtlAmt`` themselves.
    count_line: int | None = field(default=None, compare=False)
    total_line: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if (self.total_ore is None) != (self.currency is None):
            raise invalid(C.BATCH_TOTAL_CURRENCY)
        if self.number_of_transactions is not None and self.number_of_transactions < 0:
            raise invalid(C.NEGATIVE_COUNT)
        _check_signed(self.total_ore, self.credit_debit, "Btch")


@dataclass(frozen=True, slots=True)
class EntryDetails:
    """One ``NtryDtls``: an optional batch summary and its transactions."""

    batch: Batch | None = None
    transactions: tuple[Transaction, ...] = ()


@dataclass(frozen=True, slots=True)
class Entry:
    """One ``Ntry``: one booking on the account (a single payment or a batch)."""

    #: Signed amount in minor units (``Amt`` with ``CdtDbtInd``).
    amount_ore: int
    currency: str
    credit_debit: CreditDebit
    #: ``Sts`` (.02–.06) or ``Sts/Cd`` / ``Sts/Prtry`` (.07+): BOOK, PDNG, INFO, ...
    status: str
    #: ``BookgDt/Dt``, or the date part (as written, no time-zone shift) of ``BookgDt/DtTm``.
    booking_date: dt.date | None
    #: ``ValDt/Dt``, or the date part of ``ValDt/DtTm``.
    value_date: dt.date | None = None
    #: ``RvslInd``: the entry reverses an earlier one (the sign is still ``CdtDbtInd``'s).
    reversal: bool = False
    #: ``NtryRef``.
    entry_ref: str | None = None
    #: ``AcctSvcrRef``: the bank's reference for the entry.
    account_servicer_ref: str | None = None
    bank_transaction_code: BankTransactionCode | None = None
    details: tuple[EntryDetails, ...] = ()
    #: ``AddtlNtryInf``.
    additional_info: str | None = None
    #: ``BookgDt/DtTm`` when the file gave a date-time instead of a date.
    booking_time: dt.datetime | None = None
    #: ``ValDt/DtTm`` when the file gave a date-time instead of a date.
    value_time: dt.datetime | None = None
    location: str = field(default="", compare=False)
    line: int | None = field(default=None, compare=False)
    #: Line of ``Amt`` itself.
    amount_line: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        _check_signed(self.amount_ore, self.credit_debit, "Ntry")
        for time, date, what in (
            (self.booking_time, self.booking_date, "BookgDt"),
            (self.value_time, self.value_date, "ValDt"),
        ):
            if time is not None and time.date() != date:
                raise invalid(C.DATE_NOT_OF_TIME, what=what, date=date, time=str(time))
        for detail in self.details:
            if detail.batch is not None and detail.batch.credit_debit is None:
                _check_signed(detail.batch.total_ore, self.credit_debit, "Btch")

    @property
    def transactions(self) -> tuple[Transaction, ...]:
        """All ``TxDtls`` of all ``NtryDtls``, in order."""
        return tuple(tx for detail in self.details for tx in detail.transactions)


@dataclass(frozen=True, slots=True)
class TransactionsSummary:
    """``Ntfctn/TxsSummry``: the bank's control totals over the notification's entries.

    Sums are unsigned, as in ISO (``Sum`` adds the absolute entry amounts); the net
    amount is ``TtlNetNtryAmt`` (.02–.03) or ``TtlNetNtry/Amt`` (.04+), unsigned, with
    its own ``CdtDbtInd``.
    """

    count: int | None = None
    sum_ore: int | None = None
    net_ore: int | None = None
    net_credit_debit: CreditDebit | None = None
    credit_count: int | None = None
    credit_sum_ore: int | None = None
    debit_count: int | None = None
    debit_sum_ore: int | None = None
    line: int | None = field(default=None, compare=False)
    #: Line of each figure as written, by its path below ``TxsSummry``
    #: (``"TtlNtries/Sum"``, ``"TtlCdtNtries/NbOfNtries"``, ...).
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class Notification:
    """One ``Ntfctn``: the entries of one account."""

    id: str
    #: ``Acct/Id``: the account that was credited or debited (ours).
    account: AccountId
    #: ``CreDtTm`` (mandatory up to .06, optional from .07).
    created: dt.datetime | None = None
    #: ``Acct/Ccy``.
    currency: str | None = None
    #: ``CpyDplctInd``: ``CODU``, ``COPY`` or ``DUPL`` when the bank marks a re-delivery.
    copy_duplicate: str | None = None
    summary: TransactionsSummary | None = None
    entries: tuple[Entry, ...] = ()
    location: str = field(default="", compare=False)
    line: int | None = field(default=None, compare=False)
    #: Line of ``Acct`` (where a file for an account not the company's is rejected).
    account_line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Document:
    """A whole camt.054 message (``Document/BkToCstmrDbtCdtNtfctn``)."""

    #: ``GrpHdr/MsgId``.
    message_id: str
    #: ``GrpHdr/CreDtTm``.
    created: dt.datetime
    notifications: tuple[Notification, ...] = ()
    #: Message version: 2 for camt.054.001.02 (the Norwegian common guideline) ... 8.
    version: int = 2
