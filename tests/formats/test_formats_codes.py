"""Every problem the file formats raise is a code with parameters (issue 10), and a
UTF-8 byte-order mark at the start of a file is skipped (never anywhere else)."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from reskontro.errors import FileFormatError, ValidationError
from reskontro.formats import camt054, nets
from reskontro.formats.camt054.codes import CamtProblem
from reskontro.formats.nets import (
    AvtaleGiroClaim,
    AvtaleGiroTransactionType,
    ClaimAssignment,
    OcrAssignment,
    Specification,
    Transmission,
)
from reskontro.formats.nets.checks import check_ascending
from reskontro.formats.nets.claims_file import check_claims_file, write_claims_file
from reskontro.formats.nets.codes import NetsNumber, NetsProblem
from reskontro.formats.nets.records import UTF8_BOM, decode
from reskontro.formats.pdf.codes import PdfProblem
from reskontro.formats.pdf.message import interest_email, letters_email
from reskontro.i18n import render
from reskontro.testing.ocr import Pay, ocr_file

FORMATS = Path(__file__).resolve().parents[2] / "src" / "reskontro" / "formats"
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
#: What only a programmer can reach (an invariant of the code) may raise these.
PROGRAMMER_ERRORS = {"TypeError", "ValueError", "ImportError", "NotImplementedError"}


def _english_raises() -> list[str]:
    found = []
    for path in sorted(FORMATS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Raise) or not isinstance(node.exc, ast.Call):
                continue
            name = node.exc.func
            called = name.id if isinstance(name, ast.Name) else getattr(name, "attr", "")
            args = node.exc.args
            if called in PROGRAMMER_ERRORS or not args:
                continue
            if isinstance(args[0], ast.JoinedStr) or (
                isinstance(args[0], ast.Constant) and isinstance(args[0].value, str)
            ):
                found.append(f"{path.relative_to(FORMATS)}:{node.lineno}")
    return found


def test_no_format_raises_an_english_sentence() -> None:
    assert _english_raises() == []


def _claims_file() -> str:
    claim = AvtaleGiroClaim(
        AvtaleGiroTransactionType.PAYEE_NOTIFICATION, 1, dt.date(2026, 12, 1), 100, "12345"
    )
    transmission = Transmission.for_claims(
        "00010200", "0000001", (ClaimAssignment("0000001", "12345678903", (claim,)),)
    )
    return nets.build(transmission).decode("latin-1")


@pytest.mark.parametrize(
    ("old", "new", "code", "line", "field"),
    [
        ("NY000010", "NY000089", NetsProblem.EXPECTED_RECORD, 1, "record type"),
        ("NY210020", "NY212420", NetsProblem.EXPECTED_RECORD, 2, "record type"),
        ("NY2102310000001", "NY2102310000002", NetsProblem.NOT_PART_OF_CLAIM, 4, "record type"),
        ("NY2102300000001", "NY2102300000000", NetsProblem.DOES_NOT_ASCEND, 3, None),
        ("NY210088", "NY090088", NetsProblem.EXPECTED_RECORD, 5, "record type"),
        ("NY000089000000010", "NY000089000000020", NetsProblem.CONTROL_MISMATCH, 6, None),
        ("NY210088000000010", "NY210088000000020", NetsProblem.CONTROL_MISMATCH, 5, None),
    ],
)
def test_claims_file_check_says_why_as_a_code(
    old: str, new: str, code: NetsProblem, line: int, field: str | None
) -> None:
    data = _claims_file()
    assert old in data
    with pytest.raises(FileFormatError) as caught:
        check_claims_file(data.replace(old, new, 1).encode("latin-1"))
    error = caught.value
    assert error.msg is not None
    assert (error.msg.code, error.line) == (code, line)
    assert field is None or error.field == field
    assert render(error.msg, "nb") != render(error.msg, "en")


def test_claims_file_check_wants_the_end_of_transmission_last() -> None:
    lines = _claims_file().splitlines()
    with pytest.raises(FileFormatError) as caught:
        check_claims_file("\r\n".join([*lines[:-1], lines[-2]]).encode("latin-1"))
    assert caught.value.msg is not None
    assert (caught.value.msg.code, caught.value.line) == (NetsProblem.EXPECTED_RECORD, 6)
    assert "end of transmission (NY000089)" in str(caught.value)


def test_claims_writer_refusals_are_codes() -> None:
    ocr = Transmission("00008080", "0000001", "00010200", None, (
        OcrAssignment("000012345", "0000001", "12345678903", dt.date(2026, 12, 1)),))  # fmt: skip
    with pytest.raises(FileFormatError) as caught:
        write_claims_file(ocr)
    assert caught.value.msg is not None
    assert caught.value.msg.code == NetsProblem.CLAIMS_ONLY
    assert render(caught.value.msg, "nb") == "en trekkfil har bare trekk og slettinger"


@pytest.mark.parametrize(
    ("spec", "code"),
    [
        (Specification(43, 1, "x"), NetsProblem.BAD_SPECIFICATION_PLACE),
        (Specification(1, 3, "x"), NetsProblem.BAD_SPECIFICATION_PLACE),
        (Specification(1, 1, ""), NetsProblem.BAD_SPECIFICATION_PLACE),
        (Specification(1, 1, "x\x01"), NetsProblem.BAD_CHARACTER),
    ],
)
def test_claims_writer_says_which_specification_is_wrong(
    spec: Specification, code: NetsProblem
) -> None:
    claim = AvtaleGiroClaim(AvtaleGiroTransactionType.PAYEE_NOTIFICATION, 1, dt.date(2026, 12, 1),
                            100, "12345", payer_name="A", specifications=(spec,))  # fmt: skip
    transmission = Transmission.for_claims(
        "00010200", "0000001", (ClaimAssignment("0000001", "12345678903", (claim,)),)
    )
    with pytest.raises(FileFormatError) as caught:
        write_claims_file(transmission)
    assert caught.value.msg is not None
    assert caught.value.msg.code == code


def test_what_must_ascend_is_named_in_the_readers_language() -> None:
    for what, nb in ((NetsNumber.TRANSACTION, "transaksjonsnummer"),
                     (NetsNumber.FBO_SERIAL, "FBO-løpenummer")):  # fmt: skip
        with pytest.raises(FileFormatError) as caught:
            check_ascending([2, 1], what)
        assert caught.value.text("nb") == f"{nb} må stige innenfor et oppdrag (1 etter 2)"
        assert "numbers must ascend" in caught.value.text("en")


def test_empty_e_mails_are_refused_with_a_code() -> None:
    with pytest.raises(ValidationError) as letters:
        letters_email([])
    with pytest.raises(ValidationError) as notes:
        interest_email([])
    for caught, code in ((letters, PdfProblem.NO_LETTERS), (notes, PdfProblem.NO_INTEREST_NOTES)):
        assert caught.value.msg is not None
        assert caught.value.msg.code == code
        assert "e-post" in caught.value.text("nb")


def test_camt_objects_refuse_with_codes_in_both_languages() -> None:
    with pytest.raises(ValidationError) as caught:
        camt054.Transaction(100, "NOK", camt054.CreditDebit.DEBIT)
    assert caught.value.msg is not None
    assert caught.value.msg.code == CamtProblem.AMOUNT_CONTRADICTS
    assert caught.value.text("en") == "TxDtls: amount 100 contradicts DBIT"
    assert caught.value.text("nb") == "TxDtls: beløpet 100 strider mot DBIT"


# --- A UTF-8 byte-order mark -----------------------------------------------------------


def test_a_byte_order_mark_is_skipped_once_at_the_start_only() -> None:
    data = ocr_file([Pay(10000, "12345678903")])
    assert decode(UTF8_BOM + data) == data.decode("latin-1")
    payments = list(nets.iter_payments(data))
    assert list(nets.iter_payments(UTF8_BOM + data)) == payments
    # Twice at the start: the second is line 1's text (83 characters).
    for bad, line in ((UTF8_BOM * 2 + data, 1), (data.replace(b"\r\nNY09", b"\r\n" + UTF8_BOM +
                                                               b"NY09", 1), 2)):  # fmt: skip
        for read in (nets.parse, nets.read_payments, lambda d: list(nets.iter_payments(d))):
            with pytest.raises(FileFormatError) as caught:
                read(bad)
            assert caught.value.line == line
            assert "83 characters" in str(caught.value)


@pytest.mark.parametrize("name", sorted(p.name for p in (SAMPLES / "camt").glob("*.xml")))
def test_camt_with_a_byte_order_mark_reads_the_same(name: str, tmp_path: Path) -> None:
    data = (SAMPLES / "camt" / name).read_bytes().removeprefix(UTF8_BOM)
    marked = UTF8_BOM + data
    assert _read(marked) == _read(data)
    path = tmp_path / name
    path.write_bytes(marked)
    assert _payments(path) == _payments(data)


def _read(data: bytes) -> object:
    """The document and its payments (with every problem), or why it is refused."""
    try:
        document = camt054.parse(data)
    except FileFormatError as error:
        return str(error)
    return document, camt054.extract_payments(document)


def _payments(source: bytes | Path) -> object:
    try:
        return list(camt054.PaymentStream(source, currency=None))
    except FileFormatError as error:
        return str(error)
