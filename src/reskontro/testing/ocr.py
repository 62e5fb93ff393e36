"""Build OCR Giro files for tests, demos and benchmarks with our own writer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reskontro.formats.nets import build
from reskontro.formats.nets.enums import OcrTransactionType, Sign
from reskontro.formats.nets.objects import OcrAssignment, OcrTransaction, Transmission


@dataclass(frozen=True, slots=True)
class Pay:
    """One payment to put in a test file."""

    amount_ore: int
    kid: str | None = None
    text: str | None = None
    payer_account: str = "00000000000"
    archive_reference: str | None = None


def ocr_file(
    payments: list[Pay],
    *,
    date: dt.date = dt.date(2026, 11, 20),
    account: str = "12345678903",
    transmission_number: str = "1000001",
    recipient: str = "00105625",
    agreement_id: str = "000012345",
) -> bytes:
    """A valid OCR Giro file (CRLF) with one assignment holding ``payments``."""
    transactions = []
    for i, p in enumerate(payments, start=1):
        with_text = p.text is not None or p.kid is None
        if with_text:
            kind = (
                OcrTransactionType.REVERSAL_WITH_TEXT
                if p.amount_ore < 0
                else OcrTransactionType(21)
            )
        else:
            kind = (
                OcrTransactionType.REVERSAL_WITH_KID if p.amount_ore < 0 else OcrTransactionType(10)
            )
        transactions.append(
            OcrTransaction(
                type=kind,
                number=i,
                nets_date=date,
                amount=abs(p.amount_ore),
                kid=p.kid,
                day_code=date.day,
                sign=Sign.NEGATIVE if p.amount_ore < 0 else Sign.POSITIVE,
                archive_reference=p.archive_reference or f"{i:09d}",
                bank_date=date,
                debit_account=p.payer_account,
                text=(p.text or "") if with_text else None,
            )
        )
    assignment = OcrAssignment(
        agreement_id=agreement_id,
        number=transmission_number[:7],
        account=account,
        nets_date=date,
        transactions=tuple(transactions),
    )
    transmission = Transmission(
        data_transmitter="00008080",
        transmission_number=transmission_number,
        data_recipient=recipient,
        date=date,
        assignments=(assignment,),
    )
    return build(transmission)
