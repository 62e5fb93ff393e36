"""A Nets file outlined in one pass (issue 10): every assignment's start record, with
the accounts and lines :func:`assignment_accounts` gives and the AvtaleGiro kinds the
import needs, however the records are terminated."""

from __future__ import annotations

from pathlib import Path

import pytest

from reskontro.formats.nets.outline import AVTALEGIRO, OCR_GIRO, outline
from reskontro.testing.avtalegiro import mandate_list
from reskontro.testing.nets_accounts import assignment_accounts
from reskontro.testing.ocr import Pay, ocr_file

SAMPLES = Path(__file__).parents[3] / ".." / "shared" / "samples" / "nets"


def _two_accounts() -> bytes:
    one = ocr_file([Pay(100, None)], account="12345678903").splitlines(keepends=True)
    two = ocr_file([Pay(200, None)], account="99991042764").splitlines(keepends=True)
    return b"".join(one[:-1] + two[1:])  # two assignments in one transmission


@pytest.mark.parametrize("terminator", [b"\r\n", b"\n", b""])
def test_the_accounts_are_those_of_the_start_records(terminator: bytes) -> None:
    data = b"".join(line.rstrip(b"\r\n") + terminator for line in _two_accounts().splitlines())
    found = outline(data)
    starts = [n for n, line in enumerate(_two_accounts().splitlines(), 1)
              if line.startswith(b"NY090020")]  # fmt: skip
    assert [(a.account, a.line) for a in found.accounts] == [
        ("12345678903", starts[0]), ("99991042764", starts[1]),
    ]  # fmt: skip
    assert found.accounts == assignment_accounts(data)
    assert found.has(OCR_GIRO)
    assert not found.has(AVTALEGIRO)


def test_a_byte_order_mark_before_the_file_changes_no_line() -> None:
    data = _two_accounts()
    assert outline(b"\xef\xbb\xbf" + data).accounts == outline(data).accounts


def test_a_start_record_inside_a_record_is_not_one() -> None:
    """``NY090020`` in a free text or not at a record's start is no assignment."""
    data = ocr_file([Pay(100, None)])
    lines = data.splitlines(keepends=True)
    fake = lines[2][:40] + b"NY090020" + lines[2][48:]
    assert len(outline(b"".join([*lines[:2], fake, *lines[3:]])).accounts) == 1


def test_avtalegiro_in_a_file() -> None:
    mandates = outline(mandate_list((1, "000112000507155", True)))
    assert mandates.has(AVTALEGIRO, "24")
    assert not mandates.has(AVTALEGIRO, "00", "36")
    assert not mandates.has(OCR_GIRO)
    assert mandates.accounts == ()
    sample = outline((SAMPLES / "avtalegiro_payment_request.txt").read_bytes())
    assert sample.has(AVTALEGIRO, "00")
    real = outline((SAMPLES / "ocr_giro_transactions.txt").read_bytes())
    assert real.accounts == assignment_accounts(
        (SAMPLES / "ocr_giro_transactions.txt").read_bytes()
    )
    assert real.accounts
