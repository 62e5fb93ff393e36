"""Hypothesis: round trips of every record type and of whole files, the fast path
against parse() on valid and on corrupted files, and netsgiro as an oracle."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
)
from reskontro.formats.nets.claims_file import (
    ClaimsFileTotals,
    check_claims_file,
    write_claims_file,
)
from reskontro.formats.nets.fields import (
    Date,
    Digits,
    IntCode,
    Kid,
    Number,
    OptionalDate,
    StrCode,
    Text,
    YesNo,
)
from reskontro.formats.nets.records import (
    UTF8_BOM,
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
)
from reskontro.testing.nets_accounts import assignment_accounts

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

    from reskontro.domain.payment import IncomingPayment
    from reskontro.formats.nets import Assignment
    from reskontro.formats.nets.fields import Codec
    from reskontro.formats.nets.records import Record

SAMPLES = Path(__file__).resolve().parents[3] / ".." / "shared" / "samples" / "nets"
# Modest example counts keep the whole suite to a few seconds.
_RELAXED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
QUICK = settings(_RELAXED, max_examples=30)  # per record type
FILES = settings(_RELAXED, max_examples=40)
CORRUPTIONS = settings(_RELAXED, max_examples=100)
ORACLE = settings(_RELAXED, max_examples=20)

DIGITS = "0123456789"
#: Printable ISO-8859-1, as the free-text fields allow.
TEXT_CHARS = st.characters(codec="latin-1", exclude_categories=["Cc"])
DATES = st.dates(dt.date(1969, 1, 1), dt.date(2068, 12, 31))
LINE_ENDINGS = st.sampled_from(["\r\n", "\n", ""])


def digits(n: int) -> SearchStrategy[str]:
    return st.text(DIGITS, min_size=n, max_size=n)


def texts(n: int, *, min_size: int = 0) -> SearchStrategy[str]:
    return (
        st.text(TEXT_CHARS, min_size=min_size, max_size=n)
        .map(lambda s: s.rstrip(" "))
        .filter(lambda s: len(s) >= min_size)
    )


def kids(*, minus: bool = True) -> SearchStrategy[str | None]:
    body = st.text(DIGITS, min_size=1, max_size=24)
    kid = st.tuples(body, st.booleans() if minus else st.just(False)).map(
        lambda t: t[0] + ("-" if t[1] else "")
    )
    return st.none() | kid


def for_codec(codec: Codec[Any]) -> SearchStrategy[Any]:
    if isinstance(codec, Digits):
        return digits(codec.width)
    if isinstance(codec, Number):
        return st.integers(codec.minimum, codec.maximum)
    if isinstance(codec, IntCode | StrCode):
        return st.sampled_from(codec.enum)
    if isinstance(codec, Date):
        return DATES
    if isinstance(codec, OptionalDate):
        return st.none() | DATES
    if isinstance(codec, Kid):
        return kids()
    if isinstance(codec, Text):
        return texts(codec.width)
    if isinstance(codec, YesNo):
        return st.booleans()
    raise TypeError(codec)  # pragma: no cover


def records(cls: type[Record], **overrides: SearchStrategy[Any]) -> SearchStrategy[Record]:
    fields = {
        f.attr: overrides.get(f.attr, for_codec(f.codec))
        for f in cls.LAYOUT.fields
        if f.attr is not None
    }
    return st.fixed_dictionaries(fields).map(lambda values: cls(**values))


def avtalegiro_ends() -> SearchStrategy[Record]:
    def end(kind: AssignmentType) -> SearchStrategy[Record]:
        if kind is AssignmentType.AGREEMENTS:
            zero = {
                "total_amount": st.just(0),
                "earliest_date": st.none(),
                "latest_date": st.none(),
            }
            return records(AvtaleGiroAssignmentEnd, assignment_type=st.just(kind), **zero)
        return records(AvtaleGiroAssignmentEnd, assignment_type=st.just(kind))

    return st.sampled_from(list(AssignmentType)).flatmap(end)


RECORD_STRATEGIES: dict[str, SearchStrategy[Record]] = {
    "TransmissionStart": records(TransmissionStart),
    "TransmissionEnd": records(TransmissionEnd),
    "OcrAssignmentStart": records(OcrAssignmentStart),
    "OcrAssignmentEnd": records(OcrAssignmentEnd),
    "OcrAmountItem1": records(OcrAmountItem1),
    "OcrAmountItem2": records(OcrAmountItem2),
    "OcrAmountItem3": records(
        OcrAmountItem3,
        transaction_type=st.sampled_from(
            [OcrTransactionType.REVERSAL_WITH_TEXT, OcrTransactionType.PURCHASE_WITH_TEXT]
        ),
    ),
    "AvtaleGiroAssignmentStart": records(AvtaleGiroAssignmentStart),
    "AvtaleGiroAssignmentEnd": avtalegiro_ends(),
    "AvtaleGiroAmountItem1": records(AvtaleGiroAmountItem1),
    "AvtaleGiroAmountItem2": records(AvtaleGiroAmountItem2),
    "SpecificationRecord": records(SpecificationRecord, text=texts(40, min_size=1)),
    "AgreementRecord": records(AgreementRecord),
}


@pytest.mark.parametrize("name", sorted(RECORD_STRATEGIES))
def test_record_round_trip(name: str) -> None:
    @QUICK
    @given(RECORD_STRATEGIES[name])
    def check(record: Record) -> None:
        line = record.to_line()
        assert len(line) == 80
        parsed = type(record).parse(line, 1)
        assert parsed == record
        assert parse_line(line, 1) == record
        assert dataclasses.replace(parsed) == parsed  # type: ignore[type-var]
        assert line.encode("latin-1").decode("latin-1") == line

    check()


# --- Whole files ----------------------------------------------------------------------


@st.composite
def ocr_transactions(draw: DrawFn, *, minus_kids: bool = True) -> tuple[OcrTransaction, ...]:
    count = draw(st.integers(0, 5))
    numbers = sorted(draw(st.sets(st.integers(1, 9_999_999), min_size=count, max_size=count)))
    transactions = []
    for number in numbers:
        kind = draw(st.sampled_from(list(OcrTransactionType)))
        transactions.append(
            OcrTransaction(
                type=kind,
                number=number,
                nets_date=draw(DATES),
                amount=draw(st.integers(0, 10**14)),
                kid=draw(kids(minus=minus_kids)),
                day_code=draw(st.integers(1, 31)),
                sign=draw(st.sampled_from([Sign.POSITIVE, Sign.POSITIVE, Sign.NEGATIVE])),
                centre_id=draw(digits(2)),
                partial_settlement_number=draw(st.integers(0, 9)),
                serial_number=draw(digits(5)),
                form_number=draw(digits(10)),
                archive_reference=draw(digits(9)),
                filler_35_41=draw(digits(7)),
                bank_date=draw(st.none() | DATES),
                debit_account=draw(st.just("0" * 11) | digits(11)),
                text=draw(texts(40)) if kind.has_text else None,
            )
        )
    if sum(t.signed_amount for t in transactions) < 0:  # a net total is never negative
        transactions = [
            OcrTransaction(**{**_fields(t), "sign": Sign.POSITIVE}) for t in transactions
        ]
    return tuple(transactions)


def _fields(value: Any) -> dict[str, Any]:
    return {name: getattr(value, name) for name in value.__dataclass_fields__}


def ocr_assignments(number: int, *, minus_kids: bool = True) -> SearchStrategy[OcrAssignment]:
    return st.builds(
        OcrAssignment,
        agreement_id=digits(9),
        number=st.just(f"{number:07d}"),
        account=digits(11),
        nets_date=DATES,
        transactions=ocr_transactions(minus_kids=minus_kids),
    )


def agreement_assignments(
    number: int, *, minus_kids: bool = True
) -> SearchStrategy[AgreementAssignment]:
    agreements = st.lists(
        st.builds(
            lambda r, k, n: (r, k, n),
            st.sampled_from(list(RegistrationType)),
            kids(minus=minus_kids),
            st.booleans(),
        ),
        max_size=4,
    ).map(lambda rows: tuple(Agreement(i, *row) for i, row in enumerate(rows, 1)))
    return st.builds(
        AgreementAssignment,
        number=st.just(f"{number:07d}"),
        account=digits(11),
        agreements=agreements,
    )


@st.composite
def claim_assignments(draw: DrawFn, number: int) -> ClaimAssignment:
    cancellation = draw(st.booleans())
    claims = []
    for claim_number in range(1, draw(st.integers(0, 4)) + 1):
        has_item_2 = draw(st.booleans()) if cancellation else True
        places = draw(st.sets(st.tuples(st.integers(1, 42), st.integers(1, 2)), max_size=4))
        claims.append(
            AvtaleGiroClaim(
                type=AvtaleGiroTransactionType.CANCELLATION
                if cancellation
                else draw(
                    st.sampled_from(
                        [
                            AvtaleGiroTransactionType.PAYEE_NOTIFICATION,
                            AvtaleGiroTransactionType.BANK_NOTIFICATION,
                        ]
                    )
                ),
                number=claim_number,
                due_date=draw(DATES),
                amount=draw(st.integers(0, 10**12)),
                kid=draw(kids()),
                payer_name=draw(texts(10)) if has_item_2 else "",
                external_reference=draw(texts(25)) if has_item_2 else "",
                collective_notice=draw(texts(11)),
                specifications=tuple(
                    Specification(line, column, draw(texts(40, min_size=1)))
                    for line, column in sorted(places)
                )
                if has_item_2
                else (),
                has_amount_item_2=has_item_2,
            )
        )
    kind = AssignmentType.CANCELLATIONS if cancellation else AssignmentType.TRANSACTIONS
    return ClaimAssignment(f"{number:07d}", draw(digits(11)), tuple(claims), kind)


@st.composite
def incoming_transmissions(draw: DrawFn, *, minus_kids: bool = True) -> Transmission:
    """Files from Nets: OCR assignments, maybe with an FBO list or claims mixed in."""
    count = draw(st.integers(1, 3))
    assignments: list[Assignment] = []
    for number in range(1, count + 1):
        kind = draw(st.sampled_from(["ocr", "ocr", "ocr", "fbo", "claims"]))
        if kind == "ocr" or number == 1:
            assignments.append(draw(ocr_assignments(number, minus_kids=minus_kids)))
        elif kind == "fbo":
            assignments.append(draw(agreement_assignments(number, minus_kids=minus_kids)))
        else:
            assignments.append(draw(claim_assignments(number)))
    return Transmission(
        data_transmitter=draw(st.just(NETS_ID) | digits(8)),
        transmission_number=draw(digits(7)),
        data_recipient=draw(digits(8)),
        date=draw(st.none() | DATES),
        assignments=tuple(assignments),
    )


@st.composite
def claims_transmissions(draw: DrawFn) -> Transmission:
    """Files to Nets: claims and cancellations only."""
    count = draw(st.integers(1, 2))
    assignments = tuple(draw(claim_assignments(n)) for n in range(1, count + 1))
    transmitter = draw(digits(8).filter(lambda s: s != NETS_ID))
    return Transmission.for_claims(transmitter, draw(digits(7)), assignments)


def slow_payments(data: bytes) -> list[IncomingPayment]:
    return nets.payments_from_transmission(nets.parse(data))


def outcome(run: Any, data: bytes) -> tuple[str, object]:
    try:
        return "ok", list(run(data))
    except FileFormatError as error:
        return "error", str(error)


@FILES
@given(incoming_transmissions() | claims_transmissions(), LINE_ENDINGS)
def test_file_round_trip(transmission: Transmission, line_ending: str) -> None:
    data = nets.build(transmission, line_ending=line_ending)
    assert nets.parse(data) == transmission
    assert Transmission.from_records(transmission.to_records()) == transmission
    assert len(data) == transmission.num_records * (80 + len(line_ending))


@FILES
@given(incoming_transmissions(), LINE_ENDINGS)
def test_fast_path_equals_parse(transmission: Transmission, line_ending: str) -> None:
    data = nets.build(transmission, line_ending=line_ending)
    expected = nets.payments_from_transmission(transmission)
    assert list(nets.iter_payments(data)) == expected
    result = nets.read_payments(data)
    assert list(result.payments) == expected
    assert result.message_key == transmission.message_key
    assert result.date == transmission.date
    ocr = [a for a in transmission.assignments if isinstance(a, OcrAssignment)]
    assert sum(p.amount_ore for p in expected) == sum(a.total_amount for a in ocr)


@FILES
@given(claims_transmissions(), LINE_ENDINGS)
def test_claims_writer_equals_build(transmission: Transmission, line_ending: str) -> None:
    data = write_claims_file(transmission, line_ending=line_ending)
    assert data == nets.build(transmission, line_ending=line_ending)
    totals = check_claims_file(data)
    claims = [a for a in transmission.assignments if isinstance(a, ClaimAssignment)]
    kinds = {
        kind: [a for a in claims if a.type is kind]
        for kind in (AssignmentType.TRANSACTIONS, AssignmentType.CANCELLATIONS)
    }
    assert totals == ClaimsFileTotals(
        transmission.transmission_number,
        sum(a.num_transactions for a in kinds[AssignmentType.TRANSACTIONS]),
        sum(a.num_transactions for a in kinds[AssignmentType.CANCELLATIONS]),
        sum(a.total_amount for a in kinds[AssignmentType.TRANSACTIONS]),
        sum(a.total_amount for a in kinds[AssignmentType.CANCELLATIONS]),
    )


@FILES
@given(incoming_transmissions() | claims_transmissions(), LINE_ENDINGS)
def test_a_byte_order_mark_before_a_file_changes_nothing(
    transmission: Transmission, line_ending: str
) -> None:
    """A UTF-8 BOM (some export tools and Windows editors write one) is skipped once:
    the same transmission, the same payments, the same accounts at the same lines."""
    data = nets.build(transmission, line_ending=line_ending)
    marked = UTF8_BOM + data
    assert nets.parse(marked) == transmission
    expected = nets.payments_from_transmission(transmission)
    assert list(nets.iter_payments(marked)) == expected
    assert list(nets.read_payments(marked).payments) == expected
    assert assignment_accounts(marked) == assignment_accounts(data)
    if all(isinstance(a, ClaimAssignment) for a in transmission.assignments):
        assert check_claims_file(marked) == check_claims_file(data)


#: Characters a corruption writes: digits, blanks, signs, letters, line breaks, Latin-1.
NOISE = st.sampled_from(list("0123456789 -NY2389x\r\n\xe6\x00"))


@CORRUPTIONS
@given(incoming_transmissions(), LINE_ENDINGS, st.data())
def test_fast_path_agrees_with_parse_on_corrupted_files(
    transmission: Transmission, line_ending: str, data: st.DataObject
) -> None:
    """One character replaced, removed or added anywhere: same payments or same error."""
    text = nets.build(transmission, line_ending=line_ending).decode("latin-1")
    position = data.draw(st.integers(0, len(text) - 1))
    action = data.draw(st.sampled_from(["replace", "delete", "insert"]))
    char = data.draw(NOISE)
    if action == "replace":
        text = text[:position] + char + text[position + 1 :]
    elif action == "delete":
        text = text[:position] + text[position + 1 :]
    else:
        text = text[:position] + char + text[position:]
    corrupted = text.encode("latin-1")
    assert outcome(nets.iter_payments, corrupted) == outcome(slow_payments, corrupted)


@CORRUPTIONS
@given(claims_transmissions(), st.data())
def test_claims_check_agrees_with_parse_on_corrupted_files(
    transmission: Transmission, data: st.DataObject
) -> None:
    """A corrupted claims file the full reader accepts, the check accepts alike."""
    text = nets.build(transmission).decode("latin-1")
    position = data.draw(st.integers(0, len(text) - 1))
    text = text[:position] + data.draw(NOISE) + text[position + 1 :]
    corrupted = text.encode("latin-1")
    try:
        parsed = nets.parse(corrupted)
    except FileFormatError:
        return
    assert check_claims_file(corrupted).transmission_number == parsed.transmission_number


def test_claims_writer_refuses_what_build_refuses() -> None:
    claim = AvtaleGiroClaim(
        AvtaleGiroTransactionType.PAYEE_NOTIFICATION, 1, dt.date(2026, 12, 1), 100, "12345"
    )
    assignment = ClaimAssignment("0000001", "12345678903", (claim, claim))
    transmission = Transmission.for_claims("00010200", "0000001", (assignment,))
    with pytest.raises(FileFormatError, match="ascend"):
        write_claims_file(transmission)
    bad_name = dataclasses.replace(claim, payer_name="x" * 11)
    transmission = Transmission.for_claims(
        "00010200", "0000001", (ClaimAssignment("0000001", "12345678903", (bad_name,)),)
    )
    with pytest.raises(FileFormatError):
        write_claims_file(transmission)
    ocr = Transmission("00008080", "0000001", "00010200", None, (
        OcrAssignment("000012345", "0000001", "12345678903", dt.date(2026, 12, 1)),))  # fmt: skip
    with pytest.raises(FileFormatError):
        write_claims_file(ocr)
    data = nets.build(
        Transmission.for_claims(
            "00010200", "0000001", (ClaimAssignment("0000001", "12345678903", (claim,)),)
        )
    ).decode("latin-1")
    for broken in (
        data.replace("NY000010", "NY000089", 1),
        data.replace("NY210020", "NY212420", 1),
        data.replace("NY2102310000001", "NY2102310000002", 1),
        data.replace("NY210088000000010", "NY210088000000020", 1),
        data.replace("NY000089000000010", "NY000089000000020", 1),
    ):
        with pytest.raises(FileFormatError):
            check_claims_file(broken.encode("latin-1"))


# --- netsgiro as an oracle (dev dependency, tests only) -------------------------------


def netsgiro_view(data: bytes) -> list[tuple[int, str | None, dt.date | None]]:
    import netsgiro

    transmission = netsgiro.parse(data.decode("latin-1"))
    amounts: list[tuple[int, str | None, dt.date | None]] = []
    agreements: list[tuple[int, str | None, dt.date | None]] = []
    for assignment in transmission.assignments:
        for t in assignment.transactions:
            if isinstance(t, netsgiro.Agreement):
                agreements.append((0, t.kid, None))
            else:
                amounts.append((int(t.amount * 100), t.kid, t.date))
    return amounts + agreements


def our_view(transmission: Transmission) -> list[tuple[int, str | None, dt.date | None]]:
    amounts: list[tuple[int, str | None, dt.date | None]] = []
    agreements: list[tuple[int, str | None, dt.date | None]] = []
    for a in transmission.assignments:
        if isinstance(a, OcrAssignment):
            amounts.extend((t.amount, t.kid, t.nets_date) for t in a.transactions)
        elif isinstance(a, ClaimAssignment):
            amounts.extend((c.amount, c.kid, c.due_date) for c in a.claims)
        else:
            agreements.extend((0, g.kid, None) for g in a.agreements)
    return amounts + agreements


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_netsgiro_oracle_on_samples(path: Path) -> None:
    data = path.read_bytes()
    assert our_view(nets.parse(data)) == netsgiro_view(data)


def test_netsgiro_oracle_ocr_totals() -> None:
    import netsgiro

    data = (SAMPLES / "ocr_giro_transactions.txt").read_bytes()
    theirs = netsgiro.parse(data.decode("latin-1"))
    assert theirs.get_total_amount() * 100 == Decimal(nets.parse(data).total_amount)


@ORACLE
@given(
    incoming_transmissions(minus_kids=False).filter(
        lambda t: all(not isinstance(a, ClaimAssignment) for a in t.assignments)
    )
)
def test_netsgiro_oracle_on_generated_files(transmission: Transmission) -> None:
    """netsgiro cannot read ``-`` KIDs and ignores signs; otherwise it must agree."""
    data = nets.build(transmission)
    assert our_view(nets.parse(data)) == netsgiro_view(data)
