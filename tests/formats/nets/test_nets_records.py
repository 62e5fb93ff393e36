"""Record layer of the Nets reader/writer: field codecs, one class per record, lines."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from reskontro.errors import FileFormatError
from reskontro.formats.nets import grammar
from reskontro.formats.nets.enums import (
    AssignmentType,
    AvtaleGiroTransactionType,
    OcrTransactionType,
    RegistrationType,
    Sign,
)
from reskontro.formats.nets.fields import (
    Date,
    Digits,
    Kid,
    Layout,
    Number,
    OptionalDate,
    Text,
    date_from_ddmmyy,
    ddmmyy,
)
from reskontro.formats.nets.records import (
    AgreementRecord,
    AvtaleGiroAmountItem1,
    AvtaleGiroAmountItem2,
    AvtaleGiroAssignmentEnd,
    AvtaleGiroAssignmentStart,
    OcrAmountItem1,
    OcrAmountItem2,
    OcrAmountItem3,
    OcrAssignmentEnd,
    OcrAssignmentStart,
    SpecificationRecord,
    TransmissionEnd,
    TransmissionStart,
    parse_line,
    parse_lines,
    split_lines,
)

if TYPE_CHECKING:
    from reskontro.formats.nets.records import Record

SAMPLES = Path(__file__).resolve().parents[3] / ".." / "shared" / "samples" / "nets"
RECORD_CLASSES: list[type[Record]] = [
    TransmissionStart,
    TransmissionEnd,
    OcrAssignmentStart,
    OcrAssignmentEnd,
    OcrAmountItem1,
    OcrAmountItem2,
    OcrAmountItem3,
    AvtaleGiroAssignmentStart,
    AvtaleGiroAssignmentEnd,
    AvtaleGiroAmountItem1,
    AvtaleGiroAmountItem2,
    SpecificationRecord,
    AgreementRecord,
]

OCR_ITEM1 = "NY09103000000022001921320101464000000000000102000                  0036633000000"
OCR_ITEM2 = "NY091031000000297975960160975960161883206160192999910055240000000000000000000000"
OCR_ITEM3 = "NY0921320000001Foo bar baz                             0000000000000000000000000"


def sample_lines(name: str) -> list[str]:
    return (SAMPLES / name).read_bytes().decode("latin-1").splitlines()


def error(line: str, line_no: int = 7) -> FileFormatError:
    with pytest.raises(FileFormatError) as info:
        parse_line(line, line_no)
    return info.value


def with_text(line: str, start: int, text: str) -> str:
    """``line`` with ``text`` written from 1-based position ``start``."""
    return line[: start - 1] + text + line[start - 1 + len(text) :]


# --- Fields ---------------------------------------------------------------------------


def test_century_window() -> None:
    assert date_from_ddmmyy("010169") == dt.date(1969, 1, 1)
    assert date_from_ddmmyy("311299") == dt.date(1999, 12, 31)
    assert date_from_ddmmyy("010100") == dt.date(2000, 1, 1)
    assert date_from_ddmmyy("311268") == dt.date(2068, 12, 31)
    assert ddmmyy(dt.date(1969, 1, 1)) == "010169"
    for bad_year in (1968, 2069):
        with pytest.raises(FileFormatError, match="window"):
            ddmmyy(dt.date(bad_year, 1, 1))


@pytest.mark.parametrize("text", ["310299", "290223", "000124", "011324", "32012a", "0101 4"])
def test_impossible_dates(text: str) -> None:
    with pytest.raises(FileFormatError):
        date_from_ddmmyy(text)


def test_leap_day() -> None:
    assert date_from_ddmmyy("290224") == dt.date(2024, 2, 29)
    assert date_from_ddmmyy("290200") == dt.date(2000, 2, 29)


def test_fast_path_date_pattern_agrees_with_the_date_codec() -> None:
    """The fast path checks bank dates with a regex; it must accept the same dates."""
    pattern = re.compile(grammar.DDMMYY, re.VERBOSE)
    for dd, mm, yy in itertools.product(range(33), range(14), range(100)):
        text = f"{dd:02d}{mm:02d}{yy:02d}"
        try:
            date_from_ddmmyy(text)
            valid = True
        except FileFormatError:
            valid = False
        assert (pattern.fullmatch(text) is not None) == valid, text


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (Kid(), "                  0000531"),
        (Kid(), "                   12345-"),
        (Kid(), "1234567890123456789012345"),
    ],
)
def test_kid_accepts(field: Kid, value: str) -> None:
    kid = field.decode(value)
    assert kid == value.lstrip(" ")
    assert field.encode(kid) == value


def test_blank_kid_is_none() -> None:
    assert Kid().decode(" " * 25) is None
    assert Kid().encode(None) == " " * 25


@pytest.mark.parametrize(
    "value",
    [
        "0000531                  ",  # left-aligned
        "             12 34       ",  # inner blank
        "                  00A0531",  # letter
        "                        -",  # only the minus
        "                  123-456",  # minus inside
        "                 1234--56",
        "                 1234567+",
    ],
)
def test_kid_rejects(value: str) -> None:
    with pytest.raises(FileFormatError, match="not a KID"):
        Kid().decode(value)


@pytest.mark.parametrize("value", ["", "12 3", "-", "1-2", "1" * 26, 12345])
def test_kid_refuses_to_write(value: object) -> None:
    with pytest.raises(FileFormatError):
        Kid().encode(value)


def test_digits_are_ascii_only() -> None:
    with pytest.raises(FileFormatError):
        Digits(2).decode("1²")
    with pytest.raises(FileFormatError):
        Number(3).decode(" 12")
    with pytest.raises(FileFormatError):
        Number(3).decode("+12")
    with pytest.raises(FileFormatError):
        Number(4).decode("1_00")
    with pytest.raises(FileFormatError):
        Number(2).encode(True)


def test_text_field() -> None:
    assert Text(10).decode("Blåbær    ") == "Blåbær"
    assert Text(10).encode("Blåbær") == "Blåbær    "
    with pytest.raises(FileFormatError, match="printable"):
        Text(5).decode("ab\x85cd")
    with pytest.raises(FileFormatError, match="ends with a blank"):
        Text(5).encode("ab ")
    with pytest.raises(FileFormatError, match="longer"):
        Text(2).encode("abc")
    with pytest.raises(FileFormatError, match="printable"):
        Text(5).encode("€")


def test_date_fields() -> None:
    assert OptionalDate().decode("000000") is None
    with pytest.raises(FileFormatError):
        Date().decode("000000")
    with pytest.raises(FileFormatError, match="expected a date"):
        Date().encode(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))


def test_layouts_cover_80_positions() -> None:
    for cls in RECORD_CLASSES:
        assert cls.LAYOUT.fields[0].start == 1
        assert cls.LAYOUT.fields[-1].end == 80
        fields: Any = cls
        assert set(cls.LAYOUT.attrs) == {f.name for f in dataclasses.fields(fields)}, cls
    with pytest.raises(TypeError, match="layout"):
        Layout((1, 2, "format code", None, Digits(3)))
    with pytest.raises(TypeError, match="covers"):
        Layout((1, 2, "format code", None, Digits(2)))


# --- Records --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.txt")))
def test_every_sample_line_round_trips(name: str) -> None:
    lines = sample_lines(name)
    for line_no, line in enumerate(lines, 1):
        record = parse_line(line, line_no)
        assert record.to_line() == line
        assert type(record).parse(line) == record


def test_ocr_amount_item_1_fields() -> None:
    record = parse_line(OCR_ITEM1)
    assert isinstance(record, OcrAmountItem1)
    assert record == OcrAmountItem1(
        transaction_type=OcrTransactionType.GIRO_DEBITED_ACCOUNT,
        transaction_number=2,
        nets_date=dt.date(1992, 1, 20),
        centre_id="13",
        day_code=20,
        partial_settlement_number=1,
        serial_number="01464",
        sign=Sign.POSITIVE,
        amount=102000,
        kid="0036633",
    )
    assert record.signed_amount == 102000
    negative = parse_line(with_text(OCR_ITEM1, 32, "-"))
    assert isinstance(negative, OcrAmountItem1)
    assert negative.signed_amount == -102000


def test_ocr_amount_item_2_keeps_positions_35_to_41() -> None:
    record = parse_line(OCR_ITEM2)
    assert isinstance(record, OcrAmountItem2)
    assert record.form_number == "9797596016"
    assert record.archive_reference == "097596016"
    assert record.filler_35_41 == "1883206"
    assert record.bank_date == dt.date(1992, 1, 16)
    assert record.debit_account == "99991005524"


def test_avtalegiro_records() -> None:
    lines = sample_lines("docs_quickstart_cancellation.txt")
    start, item1, item2 = (parse_line(line) for line in lines[1:4])
    assert start == AvtaleGiroAssignmentStart(
        assignment_type=AssignmentType.CANCELLATIONS,
        assignment_number="0323002",
        assignment_account="99998877777",
    )
    assert item1 == AvtaleGiroAmountItem1(
        transaction_type=AvtaleGiroTransactionType.CANCELLATION,
        transaction_number=1,
        due_date=dt.date(2017, 4, 6),
        amount=524463,
        kid="000133700501645",
    )
    assert item2 == AvtaleGiroAmountItem2(
        transaction_type=AvtaleGiroTransactionType.CANCELLATION,
        transaction_number=1,
        payer_name="Wonderland",
        external_reference="ACME invoice #50164",
    )
    agreement = parse_line(sample_lines("avtalegiro_agreements.txt")[3])
    assert agreement == AgreementRecord(
        serial_number=2, registration_type=RegistrationType.NEW_OR_CHANGED,
        kid="001006300507304", notify=False,
    )  # fmt: skip
    spec = parse_line(sample_lines("avtalegiro_payment_request.txt")[4])
    assert spec == SpecificationRecord(
        transaction_number=1, line=1, column=1, text=" Gjelder Faktura: 168837  Dato: 19/03/04"
    )


def test_transmission_end_of_fbo_file_may_have_no_date() -> None:
    line = "NY000089" + "00000016" + "00000020" + "0" * 17 + "000000" + "0" * 33
    end = parse_line(line)
    assert end == TransmissionEnd(num_transactions=16, num_records=20, total_amount=0, date=None)


@pytest.mark.parametrize(
    ("line", "field"),
    [
        (OCR_ITEM1[:79], "record length"),
        (OCR_ITEM1 + "0", "record length"),
        ("XY" + OCR_ITEM1[2:], "format code"),
        (with_text(OCR_ITEM1, 3, "07"), "service code"),
        (with_text(OCR_ITEM1, 7, "33"), "record type"),
        (with_text(OCR_ITEM1, 5, "22"), "transaction type"),
        (with_text(OCR_ITEM1, 5, "1A"), "transaction type"),
        (with_text(OCR_ITEM1, 9, "0000000"), "transaction number"),
        (with_text(OCR_ITEM1, 16, "310299"), "Nets date"),
        (with_text(OCR_ITEM1, 22, "1X"), "centre ID"),
        (with_text(OCR_ITEM1, 24, "32"), "day code"),
        (with_text(OCR_ITEM1, 24, "00"), "day code"),
        (with_text(OCR_ITEM1, 32, "+"), "sign"),
        (with_text(OCR_ITEM1, 33, "0000000000010200O"), "amount"),
        (with_text(OCR_ITEM1, 33, " 0000000000102000"), "amount"),
        (with_text(OCR_ITEM1, 50, "12"), "KID"),
        (with_text(OCR_ITEM1, 75, "000001"), "filler"),
        (with_text(OCR_ITEM2, 42, "300292"), "bank date"),
        (with_text(OCR_ITEM2, 35, "188320 "), "filler (pos 35-41)"),
        (with_text(OCR_ITEM2, 48, "9999100552 "), "debit account"),
        (with_text(OCR_ITEM3, 20, "\x07"), "free text"),
        (with_text(OCR_ITEM3, 5, "19"), "transaction type"),
    ],
)
def test_field_errors_name_line_and_field(line: str, field: str) -> None:
    problem = error(line)
    assert problem.line == 7
    assert problem.field == field
    assert str(problem).startswith(f"line 7, field {field}: ")


def test_fbo_end_record_has_no_amounts() -> None:
    line = "NY212488" + "00000016" + "00000018" + "00000000000000100" + "0" * 39
    assert error(line).field == "filler"


def test_empty_specification_record_is_refused() -> None:
    line = "NY212149" + "0000001" + "4" + "001" + "1" + " " * 40 + "0" * 20
    problem = error(line)
    assert problem.field == "text"
    with pytest.raises(FileFormatError, match="empty specification"):
        SpecificationRecord(transaction_number=1, line=1, column=1, text="")


def test_constructor_checks_every_field() -> None:
    with pytest.raises(FileFormatError) as info:
        OcrAssignmentStart(agreement_id="1", assignment_number="0000001", assignment_account="1")
    assert info.value.field == "agreement ID"
    with pytest.raises(FileFormatError) as info:
        OcrAmountItem3(
            transaction_type=OcrTransactionType.STANDING_ORDER, transaction_number=1, text="x"
        )
    assert info.value.field == "transaction type"
    with pytest.raises(FileFormatError) as info:
        TransmissionEnd(num_transactions=-1, num_records=2, total_amount=0, date=None)
    assert info.value.field == "number of transactions"
    with pytest.raises(FileFormatError) as info:
        AvtaleGiroAmountItem2(
            transaction_type=AvtaleGiroTransactionType.PAYEE_NOTIFICATION,
            transaction_number=1,
            payer_name="A name too long",
        )
    assert info.value.field == "abbreviated payer name"


def test_every_record_is_80_characters() -> None:
    for line in sample_lines("avtalegiro_payment_request.txt"):
        assert len(parse_line(line).to_line()) == 80


# --- Lines ----------------------------------------------------------------------------


def test_line_terminators() -> None:
    records = [OCR_ITEM1, OCR_ITEM2]
    assert split_lines("\n".join(records)) == records
    assert split_lines("\n".join(records) + "\n") == records
    assert split_lines("\r\n".join(records) + "\r\n") == records
    assert split_lines("\r\n".join(records)) == records
    assert split_lines("".join(records)) == records
    assert split_lines("") == []


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (OCR_ITEM1 + "\n" + OCR_ITEM2[:-1] + "\n", 2),
        (OCR_ITEM1 + "\r\n" + OCR_ITEM2 + "\n" + OCR_ITEM1 + "\r\n", 2),
        (OCR_ITEM1 + "\n" + OCR_ITEM2 + "\r\n", 2),
        (OCR_ITEM1 + OCR_ITEM2[:50], 2),
        (OCR_ITEM1 + "\n\n", 2),
    ],
)
def test_bad_record_length(text: str, line: int) -> None:
    with pytest.raises(FileFormatError) as info:
        split_lines(text)
    assert (info.value.line, info.value.field) == (line, "record length")


def test_parse_lines_reports_the_line() -> None:
    lines = sample_lines("ocr_giro_transactions.txt")
    lines[9] = with_text(lines[9], 33, "00000000000001X00")
    with pytest.raises(FileFormatError) as info:
        parse_lines("\n".join(lines))
    assert (info.value.line, info.value.field) == (10, "amount")
