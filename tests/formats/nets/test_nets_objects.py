"""Object layer and file-level parse/build: golden samples, grammar, control totals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reskontro.errors import FileFormatError
from reskontro.formats import nets
from reskontro.formats.nets import (
    NETS_ID,
    Agreement,
    AgreementAssignment,
    AssignmentType,
    AvtaleGiroClaim,
    AvtaleGiroTransactionType,
    ClaimAssignment,
    OcrAssignment,
    OcrTransaction,
    OcrTransactionType,
    RegistrationType,
    Sign,
    Specification,
    Transmission,
    specifications_from_text,
)
from reskontro.formats.nets.reading import assignment_from_records
from reskontro.formats.nets.records import parse_lines

SAMPLES = Path(__file__).resolve().parents[3] / ".." / "shared" / "samples" / "nets"
OCR = "ocr_giro_transactions.txt"
SAMPLE_NAMES = sorted(p.name for p in SAMPLES.glob("*.txt"))


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def lines_of(name: str) -> list[str]:
    return sample(name).decode("latin-1").splitlines()


def join(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("latin-1")


def put(line: str, start: int, text: str) -> str:
    return line[: start - 1] + text + line[start - 1 + len(text) :]


def rejected(data: bytes) -> FileFormatError:
    with pytest.raises(FileFormatError) as info:
        nets.parse(data)
    return info.value


def ocr_transaction(number: int, amount: int, **changes: object) -> OcrTransaction:
    values: dict[str, object] = {
        "type": OcrTransactionType.GIRO_DEBITED_ACCOUNT,
        "number": number,
        "nets_date": dt.date(2025, 3, 3),
        "amount": amount,
        "kid": f"{number:06d}",
        "day_code": 3,
        **changes,
    }
    return OcrTransaction(**values)  # type: ignore[arg-type]


def ocr_transmission(*transactions: OcrTransaction) -> Transmission:
    return Transmission(
        data_transmitter=NETS_ID,
        transmission_number="0000001",
        data_recipient="00010200",
        date=dt.date(2025, 3, 3),
        assignments=(
            OcrAssignment(
                agreement_id="001008566",
                number="0000001",
                account="99991042764",
                nets_date=dt.date(2025, 3, 3),
                transactions=transactions,
            ),
        ),
    )


# --- Golden samples -------------------------------------------------------------------


def test_sample_list_is_complete() -> None:
    assert SAMPLE_NAMES == [
        "avtalegiro_agreements.txt",
        "avtalegiro_payment_request.txt",
        "docs_quickstart_cancellation.txt",
        "docs_quickstart_payment_request.txt",
        "ocr_giro_transactions.txt",
    ]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_golden_round_trip(name: str) -> None:
    data = sample(name)
    transmission = nets.parse(data)
    assert nets.build(transmission, line_ending="\n") == data
    assert nets.build(transmission) == data.replace(b"\n", b"\r\n")
    assert nets.build(transmission, line_ending="") == data.replace(b"\n", b"")
    assert Transmission.from_records(transmission.to_records()) == transmission


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_line_endings_are_equivalent(name: str) -> None:
    data = sample(name)
    expected = nets.parse(data)
    for variant in (
        data.replace(b"\n", b"\r\n"),
        data.replace(b"\n", b""),
        data.rstrip(b"\n"),
        data.replace(b"\n", b"\r\n").rstrip(b"\r\n"),
    ):
        assert nets.parse(variant) == expected


def test_golden_ocr_giro() -> None:
    t = nets.parse(sample(OCR))
    assert (t.data_transmitter, t.transmission_number, t.data_recipient) == (
        NETS_ID,
        "0170031",
        "00010200",
    )
    assert t.message_key == "ocr:00008080:00010200:0170031"
    assert t.date == dt.date(1992, 1, 20)
    assert (t.num_transactions, t.num_records, t.total_amount) == (20, 45, 5_144_900)
    (assignment,) = t.assignments
    assert isinstance(assignment, OcrAssignment)
    assert (assignment.agreement_id, assignment.number, assignment.account) == (
        "001008566",
        "0000002",
        "99991042764",
    )
    assert (assignment.earliest_date, assignment.latest_date) == (dt.date(1992, 1, 20),) * 2
    assert [x.number for x in assignment.transactions] == list(range(1, 21))
    assert sorted({int(x.type) for x in assignment.transactions}) == [10, 11, 12, 13, 21]
    first = assignment.transactions[0]
    assert first == OcrTransaction(
        type=OcrTransactionType.PURCHASE_WITH_TEXT,
        number=1,
        nets_date=dt.date(1992, 1, 20),
        amount=102000,
        kid="0000531",
        day_code=20,
        centre_id="13",
        partial_settlement_number=1,
        serial_number="01464",
        form_number="9636827194",
        archive_reference="099038562",
        filler_35_41="0000000",
        bank_date=dt.date(1992, 1, 16),
        debit_account="99990512341",
        text="Foo bar baz",
    )
    assert [x.text for x in assignment.transactions].count(None) == 19
    assert all(x.sign is Sign.POSITIVE for x in assignment.transactions)


def test_golden_fbo_list() -> None:
    t = nets.parse(sample("avtalegiro_agreements.txt"))
    (assignment,) = t.assignments
    assert isinstance(assignment, AgreementAssignment)
    assert (t.num_transactions, t.num_records, t.total_amount) == (16, 20, 0)
    assert t.date == dt.date(2017, 4, 19)
    assert assignment.account == "99991042764"
    assert len(assignment.agreements) == 16
    assert {a.registration_type for a in assignment.agreements} == {RegistrationType.NEW_OR_CHANGED}
    assert all(a.kid is not None and len(a.kid) == 15 for a in assignment.agreements)
    assert assignment.agreements[0] == Agreement(
        number=1, registration_type=RegistrationType.NEW_OR_CHANGED,
        kid="000112000507155", notify=True,
    )  # fmt: skip
    assert sum(a.notify for a in assignment.agreements) == 11


def test_golden_claims() -> None:
    t = nets.parse(sample("avtalegiro_payment_request.txt"))
    (assignment,) = t.assignments
    assert isinstance(assignment, ClaimAssignment)
    assert assignment.type is AssignmentType.TRANSACTIONS
    assert (t.num_transactions, t.num_records, t.total_amount) == (6, 22, 600)
    assert (t.data_transmitter, t.data_recipient) == ("55555555", NETS_ID)
    assert [c.amount for c in assignment.claims] == [100] * 6
    assert [int(c.type) for c in assignment.claims] == [21, 21, 21, 21, 21, 2]
    assert [len(c.specifications) for c in assignment.claims] == [2, 2, 0, 0, 2, 0]
    assert assignment.claims[0].specification_text == (
        " Gjelder Faktura: 168837  Dato: 19/03/04                  ForfallsDato: 17/06/04"
    )
    assert {c.due_date for c in assignment.claims} == {dt.date(2004, 6, 17)} == {t.date}


def test_golden_quickstart_claim_and_cancellation() -> None:
    claim_file = nets.parse(sample("docs_quickstart_payment_request.txt"))
    cancel_file = nets.parse(sample("docs_quickstart_cancellation.txt"))
    (claims,) = claim_file.assignments
    (cancellations,) = cancel_file.assignments
    assert isinstance(claims, ClaimAssignment)
    assert isinstance(cancellations, ClaimAssignment)
    assert cancellations.type is AssignmentType.CANCELLATIONS
    (claim,) = claims.claims
    (cancellation,) = cancellations.claims
    assert claim == AvtaleGiroClaim(
        type=AvtaleGiroTransactionType.PAYEE_NOTIFICATION,
        number=1,
        due_date=dt.date(2017, 4, 6),
        amount=524463,
        kid="000133700501645",
        payer_name="Wonderland",
        external_reference="ACME invoice #50164",
    )
    assert cancellation == AvtaleGiroClaim(
        type=AvtaleGiroTransactionType.CANCELLATION,
        number=1,
        due_date=dt.date(2017, 4, 6),
        amount=524463,
        kid="000133700501645",
        payer_name="Wonderland",
        external_reference="ACME invoice #50164",
    )
    assert claim_file.total_amount == cancel_file.total_amount == 524463


def test_claims_file_built_with_for_claims() -> None:
    claim = AvtaleGiroClaim(
        type=AvtaleGiroTransactionType.BANK_NOTIFICATION,
        number=1,
        due_date=dt.date(2026, 12, 1),
        amount=129900,
        kid="1234567890128",
        specifications=specifications_from_text("Faktura 1001\n" + "x" * 45),
    )
    later = AvtaleGiroClaim(
        type=AvtaleGiroTransactionType.PAYEE_NOTIFICATION,
        number=2,
        due_date=dt.date(2026, 12, 15),
        amount=5000,
        kid="1234567890136",
    )
    transmission = Transmission.for_claims(
        "01234567", "1125001", (ClaimAssignment("1125001", "99998877777", (claim, later)),)
    )
    assert transmission.date == dt.date(2026, 12, 1)
    assert transmission.data_recipient == NETS_ID
    assert nets.parse(nets.build(transmission)) == transmission
    assert claim.specification_text == "Faktura 1001\n" + "x" * 45
    assert [s.column for s in claim.specifications] == [1, 1, 2]


def test_specifications_from_text_limits() -> None:
    assert specifications_from_text("") == ()
    assert specifications_from_text("\n  \nabc") == (Specification(3, 1, "abc"),)
    with pytest.raises(FileFormatError):
        specifications_from_text("x\n" * 43)
    with pytest.raises(FileFormatError):
        specifications_from_text("x" * 81)


# --- Negative: structure and control totals -------------------------------------------


def test_empty_file() -> None:
    problem = rejected(b"")
    assert (problem.line, problem.field) == (1, "record type")


@pytest.mark.parametrize("keep", [1, 2, 10, 43, 44])
def test_truncated_file(keep: int) -> None:
    lines = lines_of(OCR)[:keep]
    problem = rejected(join(lines))
    assert problem.line == keep + 1
    assert "found end of file" in problem.reason


def test_truncated_in_the_middle_of_a_record() -> None:
    data = sample(OCR)
    problem = rejected(data[: 80 * 10 + 9 + 40])
    assert (problem.line, problem.field) == (11, "record length")


@pytest.mark.parametrize(
    ("line_no", "start", "text", "field"),
    [
        (44, 25, "00000000005144901", "total amount"),
        (45, 25, "00000000005144899", "total amount"),
        (44, 9, "00000021", "number of transactions"),
        (45, 9, "00000019", "number of transactions"),
        (44, 17, "00000042", "number of records"),
        (45, 17, "00000046", "number of records"),
        (44, 48, "190192", "earliest Nets date"),
        (44, 54, "210192", "latest Nets date"),
    ],
)
def test_wrong_control_fields(line_no: int, start: int, text: str, field: str) -> None:
    lines = lines_of(OCR)
    lines[line_no - 1] = put(lines[line_no - 1], start, text)
    problem = rejected(join(lines))
    assert (problem.line, problem.field) == (line_no, field)


def test_negative_amounts_are_subtracted_in_the_totals() -> None:
    """Spec §2.9: a ``-`` signed line is subtracted from the 88 and 89 totals."""
    lines = lines_of(OCR)
    lines[5] = put(lines[5], 32, "-")  # transaction 2: 102 000 øre, now a credit note
    problem = rejected(join(lines))
    assert (problem.line, problem.field) == (44, "total amount")
    assert "4940900" in problem.reason
    net = f"{5_144_900 - 2 * 102_000:017d}"
    lines[43] = put(lines[43], 25, net)
    lines[44] = put(lines[44], 25, net)
    t = nets.parse(join(lines))
    assert t.total_amount == 4_940_900
    (assignment,) = t.assignments
    assert isinstance(assignment, OcrAssignment)
    assert assignment.transactions[1].signed_amount == -102_000
    assert nets.build(t, line_ending="\n") == join(lines)


def test_wrong_record_length_in_the_middle() -> None:
    lines = lines_of(OCR)
    lines[20] = lines[20][:-1]
    problem = rejected(join(lines))
    assert (problem.line, problem.field) == (21, "record length")


def test_non_digit_amount() -> None:
    lines = lines_of(OCR)
    lines[29] = put(lines[29], 40, "O")
    problem = rejected(join(lines))
    assert (problem.line, problem.field) == (30, "amount")


def test_impossible_date() -> None:
    lines = lines_of(OCR)
    lines[11] = put(lines[11], 16, "310299")
    problem = rejected(join(lines))
    assert (problem.line, problem.field) == (12, "Nets date")
    assert "'310299'" in problem.reason


@pytest.mark.parametrize(
    ("change", "line", "field", "words"),
    [
        ("swap 1 2", 6, "record type", "found OCR amount item 2"),
        ("drop 4", 4, "record type", "expected OCR amount item 2"),
        ("drop 5", 5, "record type", "expected OCR amount item 3"),
        ("dup 6", 8, "transaction number", "does not ascend"),
        ("move 44 3", 3, "number of transactions", "is 20, but the records give 0"),
        ("drop 45", 45, "record type", "found end of file"),
        ("dup 45", 46, "record type", "after the end of transmission"),
        ("drop 2", 2, "record type", "expected start of assignment"),
        ("number 7", 7, "transaction number", "differs from amount item 1"),
        ("type 7", 7, "transaction type", "differs from amount item 1"),
    ],
)
def test_records_out_of_order(change: str, line: int, field: str, words: str | None) -> None:
    lines = lines_of(OCR)
    op, *args = change.split()
    at = int(args[0]) - 1
    if op == "swap":
        lines[5], lines[6] = lines[6], lines[5]
    elif op == "drop":
        del lines[at]
    elif op == "dup":
        lines.insert(at, lines[at])
        if at == 5:
            lines.insert(at + 1, lines[at + 2])
    elif op == "move":
        lines.insert(int(args[1]) - 1, lines.pop(at))
    elif op == "number":
        lines[at] = put(lines[at], 9, "0000009")
    elif op == "type":
        lines[at] = put(lines[at], 5, "11")
    problem = rejected(join(lines))
    assert (problem.line, problem.field) == (line, field)
    if words:
        assert words in problem.reason


def test_item_3_after_a_type_without_text() -> None:
    lines = lines_of(OCR)
    lines.insert(7, put(put(lines[4], 5, "10"), 9, "0000002"))
    problem = rejected(join(lines))
    assert problem.line == 8
    assert problem.field == "transaction type"


def test_avtalegiro_control_fields() -> None:
    lines = lines_of("avtalegiro_payment_request.txt")
    lines[20] = put(lines[20], 25, "00000000000000700")
    problem = rejected(join(lines))
    assert (problem.line, problem.field) == (21, "sum of amounts")
    lines = lines_of("avtalegiro_agreements.txt")
    lines[18] = put(lines[18], 17, "00000019")
    problem = rejected(join(lines))
    assert (problem.line, problem.field) == (19, "number of records")


def test_claims_file_rules() -> None:
    lines = lines_of("docs_quickstart_payment_request.txt")
    wrong_recipient = join([put(lines[0], 24, "01234567"), *lines[1:]])
    problem = rejected(wrong_recipient)
    assert (problem.line, problem.field) == (1, "data recipient")
    wrong_date = join([*lines[:5], put(lines[5], 42, "070417")])
    problem = rejected(wrong_date)
    assert (problem.line, problem.field) == (6, "Nets date")
    cancellation_type = join(
        [*lines[:2], put(lines[2], 5, "93"), put(lines[3], 5, "93"), *lines[4:]]
    )
    problem = rejected(cancellation_type)
    assert (problem.line, problem.field) == (3, "transaction type")


def test_cancellation_without_item_2() -> None:
    lines = lines_of("docs_quickstart_cancellation.txt")
    shorter = [*lines[:3], put(lines[4], 17, "00000003"), put(lines[5], 17, "00000005")]
    t = nets.parse(join(shorter))
    (assignment,) = t.assignments
    assert isinstance(assignment, ClaimAssignment)
    assert assignment.claims[0].has_amount_item_2 is False
    assert nets.build(t, line_ending="\n") == join(shorter)
    claims = nets.parse(sample("docs_quickstart_payment_request.txt")).assignments[0]
    assert isinstance(claims, ClaimAssignment)
    lines = lines_of("docs_quickstart_payment_request.txt")
    problem = rejected(join([*lines[:3], *lines[4:]]))
    assert (problem.line, problem.field) == (4, "record type")


def test_assignment_from_records_needs_exactly_one_assignment() -> None:
    records = parse_lines(sample(OCR).decode("latin-1"))
    assignment = assignment_from_records(records[1:-1], first_line=2)
    assert isinstance(assignment, OcrAssignment)
    with pytest.raises(FileFormatError) as info:
        assignment_from_records(records[1:], first_line=2)
    assert info.value.line == 45


# --- Building -------------------------------------------------------------------------


def test_build_minus_kid_and_credit_note() -> None:
    t = ocr_transmission(
        ocr_transaction(1, 50_000, kid="1234567890-"),
        ocr_transaction(2, 20_000, sign=Sign.NEGATIVE, type=OcrTransactionType.REVERSAL_WITH_KID),
        ocr_transaction(3, 100, kid=None, type=OcrTransactionType.PURCHASE_WITH_TEXT, text=""),
    )
    data = nets.build(t)
    assert data.count(b"\r\n") == 2 + 7 + 2
    parsed = nets.parse(data)
    assert parsed == t
    assert parsed.total_amount == 30_100
    (assignment,) = parsed.assignments
    assert isinstance(assignment, OcrAssignment)
    assert assignment.transactions[0].kid == "1234567890-"


def test_build_refuses_what_parse_would_reject() -> None:
    with pytest.raises(FileFormatError, match="negative") as info:
        nets.build(ocr_transmission(ocr_transaction(1, 5, sign=Sign.NEGATIVE)))
    assert info.value.field == "total amount"
    with pytest.raises(FileFormatError, match="ascend"):
        nets.build(ocr_transmission(ocr_transaction(2, 5), ocr_transaction(1, 5)))
    with pytest.raises(FileFormatError) as info:
        nets.build(ocr_transmission(ocr_transaction(1, 5, kid="12A")))
    assert info.value.field == "KID"
    with pytest.raises(FileFormatError, match="at least one assignment"):
        nets.build(Transmission(NETS_ID, "0000001", "00010200", None, ()))
    with pytest.raises(FileFormatError) as info:
        ocr_transaction(1, 5, text="hello")
    assert info.value.field == "free text"
    with pytest.raises(ValueError, match="line_ending"):
        nets.build(ocr_transmission(), line_ending="\r")


def test_build_claims_rules() -> None:
    claim = AvtaleGiroClaim(
        type=AvtaleGiroTransactionType.PAYEE_NOTIFICATION,
        number=1,
        due_date=dt.date(2026, 12, 1),
        amount=100,
        kid="1234567890128",
    )
    good = Transmission.for_claims("01234567", "0000001", (ClaimAssignment("1", "2", ()),))
    assert good.date is None
    with pytest.raises(FileFormatError) as info:
        nets.build(Transmission.for_claims("01234567", "0000001", (ClaimAssignment("1", "2", ()),)))
    assert info.value.field == "assignment number"
    assignment = ClaimAssignment("0000001", "99998877777", (claim,))
    with pytest.raises(FileFormatError) as info:
        nets.build(
            Transmission("01234567", "0000001", NETS_ID, dt.date(2026, 12, 2), (assignment,))
        )
    assert info.value.field == "Nets date"
    with pytest.raises(FileFormatError) as info:
        nets.build(Transmission.for_claims(NETS_ID, "0000001", (assignment,)))
    assert info.value.field == "data transmitter"
    cancel = ClaimAssignment("0000001", "99998877777", (claim,), AssignmentType.CANCELLATIONS)
    with pytest.raises(FileFormatError) as info:
        nets.build(Transmission.for_claims("01234567", "0000001", (cancel,)))
    assert info.value.field == "transaction type"
    fbo = ClaimAssignment("0000001", "99998877777", (), AssignmentType.AGREEMENTS)
    with pytest.raises(FileFormatError) as info:
        nets.build(Transmission.for_claims("01234567", "0000001", (fbo,)))
    assert info.value.field == "assignment type"
    no_item_2 = AvtaleGiroClaim(
        type=AvtaleGiroTransactionType.PAYEE_NOTIFICATION,
        number=1,
        due_date=dt.date(2026, 12, 1),
        amount=100,
        kid=None,
        has_amount_item_2=False,
    )
    with pytest.raises(FileFormatError, match="only in cancellations"):
        no_item_2.check()
    twice = AvtaleGiroClaim(
        type=AvtaleGiroTransactionType.BANK_NOTIFICATION,
        number=1,
        due_date=dt.date(2026, 12, 1),
        amount=100,
        kid=None,
        specifications=(Specification(1, 1, "a"), Specification(1, 1, "b")),
    )
    with pytest.raises(FileFormatError, match="same line and column"):
        twice.check()


def test_build_fbo_list() -> None:
    fbo = AgreementAssignment(
        "0000001",
        "99991042764",
        (
            Agreement(1, RegistrationType.FULL_LIST, "12345674", notify=True),
            Agreement(2, RegistrationType.DELETED, None, notify=False),
        ),
    )
    t = Transmission(NETS_ID, "0000001", "00010200", None, (fbo,))
    assert nets.parse(nets.build(t)) == t
    backwards = AgreementAssignment("0000001", "99991042764", fbo.agreements[::-1])
    with pytest.raises(FileFormatError, match="ascend"):
        nets.build(Transmission(NETS_ID, "0000001", "00010200", None, (backwards,)))
