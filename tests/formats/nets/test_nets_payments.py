"""OCR transactions as IncomingPayment: mapping, keys, and the fast path against parse()."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from reskontro.domain.payment import IncomingPayment
from reskontro.errors import FileFormatError
from reskontro.formats import nets
from reskontro.formats.nets import (
    NETS_ID,
    Agreement,
    AgreementAssignment,
    OcrAssignment,
    OcrTransaction,
    OcrTransactionType,
    RegistrationType,
    Sign,
    Transmission,
    checks,
    fields,
    message_key,
    payment_key,
)
from reskontro.formats.nets import ocr_stream as fast

if TYPE_CHECKING:
    from collections.abc import Iterator

REPO = Path(__file__).resolve().parents[3]
SAMPLES = REPO / ".." / "shared" / "samples" / "nets"
OCR = SAMPLES / "ocr_giro_transactions.txt"
SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))


def slow_payments(data: bytes) -> list[IncomingPayment]:
    return nets.payments_from_transmission(nets.parse(data))


def outcome(run: Any, data: bytes) -> tuple[str, object]:
    try:
        return "ok", list(run(data))
    except FileFormatError as error:
        return "error", str(error)


def put(line: str, start: int, text: str) -> str:
    return line[: start - 1] + text + line[start - 1 + len(text) :]


def ocr_lines() -> list[str]:
    return OCR.read_bytes().decode("latin-1").splitlines()


def join(lines: list[str]) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("latin-1")


@pytest.fixture
def no_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the fast path hands the file to the slow path."""

    def refuse(text: str) -> Any:
        raise AssertionError("the fast path fell back to parse()")

    monkeypatch.setattr(fast, "parse_lines", refuse)


def two_assignments(fbo_in_between: bool = False) -> Transmission:
    def transaction(number: int, **changes: Any) -> OcrTransaction:
        values: dict[str, Any] = {
            "type": OcrTransactionType.GIRO_DEBITED_ACCOUNT,
            "number": number,
            "nets_date": dt.date(2025, 3, number),
            "amount": 1000 * number,
            "kid": f"{number}0000000" + "7",
            "day_code": number,
            "archive_reference": f"{number:09d}",
            **changes,
        }
        return OcrTransaction(**values)

    first = OcrAssignment(
        "000000001",
        "0000001",
        "11111111111",
        dt.date(2025, 3, 9),
        (
            transaction(1),
            transaction(2, sign=Sign.NEGATIVE, type=OcrTransactionType.REVERSAL_WITH_KID),
            transaction(3, kid=None, type=OcrTransactionType.PURCHASE_WITH_TEXT, text="Takk!"),
        ),
    )
    second = OcrAssignment(
        "000000002",
        "0000002",
        "22222222222",
        dt.date(2025, 3, 9),
        (transaction(4, kid="123-", debit_account="12345678903"), transaction(5)),
    )
    fbo = AgreementAssignment(
        "0000003", "11111111111", (Agreement(1, RegistrationType.NEW_OR_CHANGED, "17", True),)
    )
    assignments = (first, fbo, second) if fbo_in_between else (first, second)
    return Transmission(NETS_ID, "0000042", "00010200", dt.date(2025, 3, 9), assignments)


# --- Mapping --------------------------------------------------------------------------


def test_payment_mapping_of_the_sample(no_fallback: None) -> None:
    result = nets.read_payments(OCR.read_bytes())
    assert result.message_key == "ocr:00008080:00010200:0170031"
    assert (result.data_transmitter, result.transmission_number, result.data_recipient) == (
        NETS_ID,
        "0170031",
        "00010200",
    )
    assert result.date == dt.date(1992, 1, 20)
    assert len(result.payments) == 20
    assert sum(p.amount_ore for p in result.payments) == 5_144_900
    assert result.payments[0] == IncomingPayment(
        key="ocr:99991042764:1992-01-20:099038562:0000001:102000",
        amount_ore=102000,
        kid="0000531",
        date=dt.date(1992, 1, 20),
        message="Foo bar baz",
        payer_account="99990512341",
        account="99991042764",
        line=3,
        bank_reference="099038562",
        transaction_type="21",
    )
    assert [p.line for p in result.payments[:4]] == [3, 6, 8, 10]
    assert result.payments[-1].line == 42
    assert {p.transaction_type for p in result.payments} == {"10", "11", "12", "13", "21"}
    assert [p.message for p in result.payments].count(None) == 19
    assert len({p.key for p in result.payments}) == 20


def test_zero_debit_account_is_none(no_fallback: None) -> None:
    lines = ocr_lines()
    lines[8] = put(lines[8], 48, "00000000000")  # item 2 of transaction 3
    data = join(lines)
    payments = list(nets.iter_payments(data))
    assert payments[2].payer_account is None
    assert payments[1].payer_account == "99991005524"
    assert payments == slow_payments(data)


def test_keys() -> None:
    assert message_key("00008080", "00010200", "0170031") == "ocr:00008080:00010200:0170031"
    assert (
        payment_key("99991042764", dt.date(1992, 1, 20), "099038562", 1, -102000)
        == "ocr:99991042764:1992-01-20:099038562:0000001:-102000"
    )
    assert nets.parse(OCR.read_bytes()).message_key == "ocr:00008080:00010200:0170031"


def test_fast_payments_are_real_incoming_payments(no_fallback: None) -> None:
    assert fast._ASSIGN_CLASS, "IncomingPayment changed shape: the fast path is off"
    payment = next(nets.iter_payments(OCR.read_bytes()))
    assert type(payment) is IncomingPayment
    assert payment == dataclasses.replace(payment)
    assert hash(payment) == hash(dataclasses.replace(payment))
    with pytest.raises(dataclasses.FrozenInstanceError):
        payment.amount_ore = 1  # type: ignore[misc]


# --- Fast path equals slow path -------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_samples_fast_equals_slow(path: Path) -> None:
    data = path.read_bytes()
    expected = slow_payments(data)
    for variant in (data, data.replace(b"\n", b"\r\n"), data.replace(b"\n", b""), data[:-1]):
        assert list(nets.iter_payments(variant)) == expected
        assert list(nets.read_payments(variant).payments) == expected


@pytest.mark.parametrize("line_ending", ["\r\n", "\n", ""])
def test_two_assignments_fast_equals_slow(line_ending: str, no_fallback: None) -> None:
    data = nets.build(two_assignments(fbo_in_between=True), line_ending=line_ending)
    payments = nets.read_payments(data).payments
    assert [p.amount_ore for p in payments] == [1000, -2000, 3000, 4000, 5000]
    assert [p.account for p in payments] == ["11111111111"] * 3 + ["22222222222"] * 2
    assert [p.line for p in payments] == [3, 5, 7, 15, 17]
    assert [p.kid for p in payments] == ["100000007", "200000007", None, "123-", "500000007"]
    assert payments[2].message == "Takk!"
    assert payments[3].payer_account == "12345678903"
    assert list(payments) == nets.payments_from_transmission(two_assignments(True))


def test_claims_and_fbo_files_give_no_payments() -> None:
    for name in ("avtalegiro_agreements.txt", "avtalegiro_payment_request.txt"):
        result = nets.read_payments((SAMPLES / name).read_bytes())
        assert result.payments == ()
    assert nets.read_payments((SAMPLES / "avtalegiro_agreements.txt").read_bytes()).date == (
        dt.date(2017, 4, 19)
    )


@pytest.mark.parametrize(
    ("line_no", "start", "text"),
    [
        (3, 33, "0000000000010200X"),  # non-digit amount, first transaction
        (6, 16, "310299"),  # impossible Nets date
        (7, 42, "300292"),  # impossible bank date
        (5, 20, "\x01"),  # control character in free text
        (8, 50, "   12 345"),  # blank inside the KID
        (10, 9, "0000003"),  # transaction number not ascending
        (11, 9, "0000009"),  # item 2 number differs from item 1
        (12, 5, "11"),  # item 1 type differs from the next item 2
        (44, 25, "00000000005144901"),  # wrong 88 total
        (44, 48, "210192"),  # wrong earliest date
        (45, 17, "00000044"),  # wrong 89 record count
        (45, 25, "00000000005144899"),  # wrong 89 total
        (1, 9, "0000808X"),  # bad start record
        (2, 36, "1"),  # bad assignment start filler
    ],
)
def test_errors_are_those_of_parse(line_no: int, start: int, text: str) -> None:
    lines = ocr_lines()
    lines[line_no - 1] = put(lines[line_no - 1], start, text)
    data = join(lines)
    slow = outcome(slow_payments, data)
    assert slow[0] == "error"
    assert outcome(nets.iter_payments, data) == slow
    assert outcome(lambda d: nets.read_payments(d).payments, data) == slow


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"NY000010",
        OCR.read_bytes()[:-30],
        OCR.read_bytes() + b"\n",
        OCR.read_bytes() + OCR.read_bytes()[-81:],
        OCR.read_bytes().replace(b"\n", b"\r\n", 3),
        OCR.read_bytes().replace(b"\n", b"\r", 1),
        b"\xef\xbb\xbf" * 2 + OCR.read_bytes(),  # one BOM is skipped (issue 10), not two
    ],
)
def test_bad_layout_errors_are_those_of_parse(data: bytes) -> None:
    slow = outcome(slow_payments, data)
    assert slow[0] == "error"
    assert outcome(nets.iter_payments, data) == slow


def test_streaming_raises_after_the_payments_read_payments_before() -> None:
    lines = ocr_lines()
    lines[44] = put(lines[44], 25, "00000000005144899")
    data = join(lines)
    seen: list[IncomingPayment] = []
    with pytest.raises(FileFormatError) as info:
        seen.extend(nets.iter_payments(data))
    assert (info.value.line, info.value.field) == (45, "total amount")
    assert len(seen) == 20
    with pytest.raises(FileFormatError):
        nets.read_payments(data)


@pytest.mark.parametrize("give_up_at", [1, 2])
def test_fallback_after_some_payments_does_not_repeat_them(
    monkeypatch: pytest.MonkeyPatch, give_up_at: int
) -> None:
    """If the fast path gives up halfway on a valid file, parse() supplies the rest."""
    data = nets.build(two_assignments(fbo_in_between=True))
    calls = []
    original = checks.check_control

    def give_up(*args: Any, **kwargs: Any) -> None:
        calls.append(args)
        if len(calls) == give_up_at:
            raise fast._Fallback
        original(*args, **kwargs)

    monkeypatch.setattr(fast, "check_control", give_up)
    assert list(nets.iter_payments(data)) == slow_payments(data)
    assert len(calls) == give_up_at


def test_fallback_in_the_middle_of_an_assignment(monkeypatch: pytest.MonkeyPatch) -> None:
    data = nets.build(two_assignments())
    real = fields.date_from_ddmmyy

    def refuse_the_third_date(text: str) -> dt.date:
        if text == "030325":
            raise FileFormatError("no")
        return real(text)

    monkeypatch.setattr(fast, "date_from_ddmmyy", refuse_the_third_date)
    assert list(nets.iter_payments(data)) == slow_payments(data)


def test_fallback_when_the_fast_pattern_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    data = OCR.read_bytes()
    expected = slow_payments(data)

    class Never:
        def scanner(self, *_: object) -> Any:
            class Scanner:
                def match(self) -> None:
                    return None

            return Scanner()

    monkeypatch.setattr(fast, "_TRANSACTION_PATTERNS", dict.fromkeys(("", "\n", "\r\n"), Never()))
    result = nets.read_payments(data)
    assert list(result.payments) == expected
    assert result.message_key == "ocr:00008080:00010200:0170031"


def test_collector_state_is_restored() -> None:
    import gc

    assert gc.isenabled()
    nets.read_payments(OCR.read_bytes())
    assert gc.isenabled()
    gc.disable()
    try:
        nets.read_payments(OCR.read_bytes())
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(FileFormatError):
        nets.read_payments(b"garbage")
    assert gc.isenabled()


def test_iterator_is_lazy_and_can_stop_early() -> None:
    iterator: Iterator[IncomingPayment] = nets.iter_payments(b"not a file")
    with pytest.raises(FileFormatError):
        next(iterator)
    first_two = []
    for payment in nets.iter_payments(OCR.read_bytes()):
        first_two.append(payment)
        if len(first_two) == 2:
            break
    assert [p.line for p in first_two] == [3, 6]


def test_benchmark_generator_writes_valid_files() -> None:
    spec = importlib.util.spec_from_file_location(
        "nets_parse_bench", REPO / "bench" / "nets_parse.py"
    )
    assert spec is not None
    assert spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    data = bench.generate_ocr(500)
    transmission = nets.parse(data)
    assert transmission.num_transactions == 500
    payments = list(nets.iter_payments(data))
    assert payments == nets.payments_from_transmission(transmission)
    assert any(p.amount_ore < 0 for p in payments)
    assert any(p.message for p in payments)
    assert bench._ours(data) == 500


@pytest.mark.parametrize("extra", ["0", " "])
def test_a_kid_field_one_character_too_wide_is_refused_by_the_fast_path(extra: str) -> None:
    """A character inserted at the end of the KID field made an 81-character record
    that the fast path read as a one-digit-longer KID (found by Hypothesis)."""
    lines = OCR.read_bytes().decode("latin-1").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("NY09") and line[6:8] == "30")
    lines[at] = lines[at][:74] + extra + lines[at][74:]
    data = "".join(lines).encode("latin-1")
    with pytest.raises(FileFormatError) as fast_error:
        list(nets.iter_payments(data))
    assert fast_error.value.line == at + 1
    assert "expected 80" in str(fast_error.value)
