"""Build OCR Giro files for tests, demos and benchmarks with our own writer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.formats.nets import build
from reskontro.formats.nets.enums import OcrTransactionType, Sign
from reskontro.formats.nets.objects import Transmission
from reskontro.formats.nets.ocr_objects import OcrAssignment, OcrTransaction

if TYPE_CHECKING:
    from collections.abc import Iterable


@dataclass(frozen=True, slots=True)
class Pay:
    """One payment to put in a test file."""

    amount_ore: int
    kid: str | None = None
    text: str | None = None
    payer_account: str = "00000000000"
    archive_reference: str | None = None
    #: The transaction type, when not the usual (e.g. 15: a settled AvtaleGiro claim).
    type: OcrTransactionType | None = None


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
        kind = p.type or kind
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


def write_large_ocr(
    path: str,
    payments: Iterable[tuple[int, str | None]],
    *,
    date: dt.date = dt.date(2026, 11, 20),
    account: str = "12345678903",
    transmission_number: str = "2000001",
    recipient: str = "00105625",
    agreement_id: str = "000012345",
) -> int:
    """Write an OCR Giro file of ``(amount_ore, kid)`` payments (type 10, or 18 for a
    negative amount) straight to ``path``, line by line, for benchmarks of millions of
    transactions; returns the count. Tests check that :func:`read_payments` accepts it.
    """
    ddmmyy = date.strftime("%d%m%y")
    day = f"{date.day:02d}"
    count = 0
    total = 0
    with open(path, "w", encoding="latin-1", newline="") as out:  # noqa: PTH123
        write = out.write
        write(f"NY000010{'00008080'}{transmission_number}{recipient}".ljust(80, "0") + "\r\n")
        write(f"NY090020{agreement_id}{transmission_number}{account}".ljust(80, "0") + "\r\n")
        for amount, kid in payments:
            count += 1
            total += amount
            kind = "18" if amount < 0 else "10"
            sign = "-" if amount < 0 else "0"
            kid_field = (kid or "").rjust(25)
            write(
                f"NY09{kind}30{count:07d}{ddmmyy}00{day}000000{sign}{abs(amount):017d}{kid_field}000000\r\n"
                f"NY09{kind}31{count:07d}0000000000{count % 1_000_000_000:09d}0000000{ddmmyy}"
                f"{'00000000000'}0000000000000000000000\r\n"
            )
        records = 2 * count + 2
        write(
            f"NY090088{count:08d}{records:08d}{total:017d}{ddmmyy}{ddmmyy}{ddmmyy}".ljust(80, "0")
            + "\r\n"
        )
        write(f"NY000089{count:08d}{records + 2:08d}{total:017d}{ddmmyy}".ljust(80, "0") + "\r\n")
    return count
