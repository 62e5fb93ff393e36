"""OCR Giro in the object layer: a transaction and an assignment of them.

Spec: ``shared/specs/nets-ocr-giro-and-avtalegiro.md`` §2.2-2.6 and §2.9. An
:class:`OcrTransaction` is amount items 1 and 2, and item 3 for types 20/21; an
:class:`OcrAssignment` is the ``NY090020`` ... ``NY090088`` around them. Reading them
from records is :mod:`~reskontro.formats.nets.reading`; the file around them is
:class:`~reskontro.formats.nets.objects.Transmission`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.formats.nets.checks import Control, check_ascending, min_max
from reskontro.formats.nets.codes import NetsProblem as P
from reskontro.formats.nets.codes import problem
from reskontro.formats.nets.enums import OcrTransactionType, Sign
from reskontro.formats.nets.records import (
    OcrAmountItem1,
    OcrAmountItem2,
    OcrAmountItem3,
    OcrAssignmentEnd,
    OcrAssignmentStart,
)

if TYPE_CHECKING:
    import datetime as dt

    from reskontro.formats.nets.records import (
        Record,
    )

__all__ = ["OcrAssignment", "OcrTransaction"]

_ZERO_ACCOUNT = "0" * 11


@dataclass(frozen=True, slots=True)
class OcrTransaction:
    """One OCR Giro payment: amount items 1 and 2, and item 3 for types 20/21 (§2.3-2.5)."""

    #: Transaction type (§2.8).
    type: OcrTransactionType
    #: Transaction number, ascending within the assignment.
    number: int
    #: Nets date: the settlement date (*oppgjørsdato*).
    nets_date: dt.date
    #: Amount in øre as written (unsigned); see :attr:`signed_amount`.
    amount: int
    #: KID, or None when blank.
    kid: str | None
    #: Day code: day of month processed, 1-31.
    day_code: int
    #: ``-`` for a credit note.
    sign: Sign = Sign.POSITIVE
    #: Centre ID, 2 digits.
    centre_id: str = "00"
    #: Partial settlement number, one digit.
    partial_settlement_number: int = 0
    #: Serial number within the partial settlement, 5 digits.
    serial_number: str = "00000"
    #: Form number, 10 digits.
    form_number: str = "0000000000"
    #: Agreement ID / archive reference (item 2, pos 26-34), 9 digits.
    archive_reference: str = "000000000"
    #: Item 2 positions 35-41, kept as read (digits).
    filler_35_41: str = "0000000"
    #: Bank date (*oppdragsdato*), or None.
    bank_date: dt.date | None = None
    #: Debit (payer) account, 11 digits; zeros when unknown.
    debit_account: str = _ZERO_ACCOUNT
    #: Free text of amount item 3: a string (maybe empty) for types 20/21, else None.
    text: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.type, OcrTransactionType):
            raise problem(
                P.EXPECTED_MEMBER,
                field="transaction type",
                kind="OcrTransactionType",
                value=repr(self.type),
            )
        if (self.text is not None) != self.type.has_text:
            raise problem(P.FREE_TEXT_TYPES, field="free text")

    @property
    def signed_amount(self) -> int:
        """The amount in øre, negative for a ``-`` (credit note) transaction."""
        return -self.amount if self.sign is Sign.NEGATIVE else self.amount

    @property
    def payer_account(self) -> str | None:
        """The debit account, or None when the file gives zeros."""
        return None if self.debit_account == _ZERO_ACCOUNT else self.debit_account

    @classmethod
    def from_records(
        cls, item1: OcrAmountItem1, item2: OcrAmountItem2, item3: OcrAmountItem3 | None
    ) -> OcrTransaction:
        """Combine the items of one transaction (their types and numbers must agree)."""
        for item in (item2, item3):
            if item is not None and item.transaction_type is not item1.transaction_type:
                raise problem(P.DIFFERS, field="transaction type")
            if item is not None and item.transaction_number != item1.transaction_number:
                raise problem(P.DIFFERS, field="transaction number")
        return cls(
            type=item1.transaction_type,
            number=item1.transaction_number,
            nets_date=item1.nets_date,
            amount=item1.amount,
            kid=item1.kid,
            day_code=item1.day_code,
            sign=item1.sign,
            centre_id=item1.centre_id,
            partial_settlement_number=item1.partial_settlement_number,
            serial_number=item1.serial_number,
            form_number=item2.form_number,
            archive_reference=item2.archive_reference,
            filler_35_41=item2.filler_35_41,
            bank_date=item2.bank_date,
            debit_account=item2.debit_account,
            text=None if item3 is None else item3.text,
        )

    def to_records(self) -> list[Record]:
        """Amount items 1, 2 and (types 20/21) 3."""
        records: list[Record] = [
            OcrAmountItem1(
                transaction_type=self.type,
                transaction_number=self.number,
                nets_date=self.nets_date,
                centre_id=self.centre_id,
                day_code=self.day_code,
                partial_settlement_number=self.partial_settlement_number,
                serial_number=self.serial_number,
                sign=self.sign,
                amount=self.amount,
                kid=self.kid,
            ),
            OcrAmountItem2(
                transaction_type=self.type,
                transaction_number=self.number,
                form_number=self.form_number,
                archive_reference=self.archive_reference,
                filler_35_41=self.filler_35_41,
                bank_date=self.bank_date,
                debit_account=self.debit_account,
            ),
        ]
        if self.text is not None:
            records.append(
                OcrAmountItem3(
                    transaction_type=self.type, transaction_number=self.number, text=self.text
                )
            )
        return records


@dataclass(frozen=True, slots=True)
class OcrAssignment:
    """An OCR Giro assignment: the payments to one agreement/account (§2.2, §2.6)."""

    #: Nets agreement ID, 9 digits.
    agreement_id: str
    #: Assignment number, 7 digits.
    number: str
    #: Assignment account (the payee's BBAN), 11 digits.
    account: str
    #: Nets date of the ``88``: when the assignment was generated.
    nets_date: dt.date
    #: The transactions, in file order.
    transactions: tuple[OcrTransaction, ...] = ()

    @property
    def num_transactions(self) -> int:
        return len(self.transactions)

    @property
    def num_records(self) -> int:
        """Records including the assignment's 20 and 88."""
        return 2 + sum(3 if t.text is not None else 2 for t in self.transactions)

    @property
    def total_amount(self) -> int:
        """Net total in øre: ``-`` transactions subtracted (§2.9)."""
        return sum(t.signed_amount for t in self.transactions)

    @property
    def earliest_date(self) -> dt.date | None:
        return min_max(t.nets_date for t in self.transactions)[0]

    @property
    def latest_date(self) -> dt.date | None:
        return min_max(t.nets_date for t in self.transactions)[1]

    def control(self) -> Control:
        """What its ``88`` says, from the transactions (§2.6, §2.9)."""
        earliest, latest = min_max(t.nets_date for t in self.transactions)
        return Control(
            num_transactions=self.num_transactions, num_records=self.num_records,
            total_amount=self.total_amount, earliest_date=earliest, latest_date=latest,
        )  # fmt: skip

    def to_records(self) -> list[Record]:
        """Start, transactions and end with its control fields."""
        check_ascending(t.number for t in self.transactions)
        control = self.control()
        if (total := control["total_amount"]) < 0:
            raise problem(P.NEGATIVE_TOTAL, field="total amount", total=total)
        records: list[Record] = [
            OcrAssignmentStart(
                agreement_id=self.agreement_id,
                assignment_number=self.number,
                assignment_account=self.account,
            )
        ]
        for transaction in self.transactions:
            records.extend(transaction.to_records())
        records.append(OcrAssignmentEnd(nets_date=self.nets_date, **control))
        return records
