from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from reskontro.domain import kid
from reskontro.domain.kid import KidTemplate, Mod11Dash, Modulus, Part
from reskontro.errors import InvalidKid, InvalidKidTemplate

# Real KIDs from the Nets sample files and the peer-system documentation.
REAL_MOD10 = ["0030010000123458", "000133700501645", "000000001234567" + "", "12345678902"]


def test_spec_examples() -> None:
    assert kid.calc_check_digit("12345678", Modulus.MOD10) == "2"
    assert kid.calc_check_digit("12345678", Modulus.MOD11) == "5"


def test_worked_example_from_peer_documentation() -> None:
    template = KidTemplate.parse("{CustomerNo:8}{InvoiceNo:7}", Modulus.MOD10)
    assert template.make(300100, 12345) == "0030010000123458"
    assert template.length == 16
    template.check_customer_position(3, 8)
    decoded = template.decode("0030010000123458")
    assert (decoded.customer_number, decoded.invoice_number) == (300100, 12345)


def test_default_template_is_five_plus_five_plus_mod10() -> None:
    template = KidTemplate.parse(kid.DEFAULT_TEMPLATE)
    made = template.make(10000, 1)
    assert len(made) == 11
    assert made == "10000000017"
    assert kid.is_valid(made, Modulus.MOD10)


def test_sample_kids_are_valid() -> None:
    assert kid.is_valid("000133700501645", Modulus.MOD10)
    assert kid.validate(" 00300 10000 12345 8 ") == "0030010000123458"


def test_mod11_dash() -> None:
    # find a base whose MOD11 check value is 10
    base = next(
        str(n) for n in range(100, 1000) if kid.calc_check_digit(str(n), Modulus.MOD11) == "-"
    )
    assert kid.is_valid(base + "-")
    assert kid.is_valid(base + "-", Modulus.MOD11)
    assert not kid.is_valid(base + "-", Modulus.MOD10)
    with pytest.raises(InvalidKid, match="refuses"):
        kid.generate(base, Modulus.MOD11, Mod11Dash.REFUSE)


def test_mod11_zero_when_remainder_zero() -> None:
    base = next(
        str(n)
        for n in range(100, 1000)
        if sum(int(c) * w for c, w in zip(reversed(str(n)), (2, 3, 4), strict=False)) % 11 == 0
    )
    assert kid.calc_check_digit(base, Modulus.MOD11) == "0"


def test_order_may_be_invoice_first() -> None:
    template = KidTemplate.parse("{InvoiceNo:6}{CustomerNo:4}", 11)
    made = template.make(42, 123)
    assert made.startswith("0001230042")
    assert template.position_of(Part.CUSTOMER) == (7, 10)
    assert template.decode(made).customer_number == 42


def test_a_digit_is_never_dropped() -> None:
    template = KidTemplate.parse("{CustomerNo:5}{InvoiceNo:5}")
    with pytest.raises(InvalidKid, match="InvoiceNo 123456 has 6 digits"):
        template.make(1, 123456)
    with pytest.raises(InvalidKid, match="CustomerNo 100000 has 6 digits"):
        template.make(100000, 1)
    with pytest.raises(InvalidKid, match="negative"):
        template.make(-1, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{CustomerNo:20}{InvoiceNo:5}", "at most 25"),
        ("{CustomerNo:5}", "InvoiceNo"),
        ("{CustomerNo:5}-{InvoiceNo:5}", "unexpected text"),
        ("{Foo:5}{InvoiceNo:5}", "unknown part"),
        ("{InvoiceNo:5}{InvoiceNo:5}", "twice"),
        ("{InvoiceNo:0}", "at least one digit"),
        ("", "must be made of"),
        ("{InvoiceNo:5}x", "must be made of"),
    ],
)
def test_bad_templates(text: str, message: str) -> None:
    with pytest.raises(InvalidKidTemplate, match=message):
        KidTemplate.parse(text)


def test_twenty_five_is_the_limit() -> None:
    assert KidTemplate.parse("{CustomerNo:12}{InvoiceNo:12}").length == 25


def test_avtalegiro_position_rule() -> None:
    template = KidTemplate.parse("{CustomerNo:8}{InvoiceNo:7}")
    with pytest.raises(InvalidKidTemplate, match="positions 9-14"):
        template.check_customer_position(9, 14)
    invoice_only_first = KidTemplate.parse("{InvoiceNo:7}{CustomerNo:8}")
    invoice_only_first.check_customer_position(10, 15)
    with pytest.raises(InvalidKidTemplate, match="no \\{CustomerNo"):
        KidTemplate.parse("{InvoiceNo:7}").check_customer_position(1, 3)


def test_check_series() -> None:
    template = KidTemplate.parse("{CustomerNo:3}{InvoiceNo:4}")
    assert template.check_series(999, 9999) == []
    problems = template.check_series(1000, 10000)
    assert len(problems) == 2
    assert "CustomerNo 1000" in problems[0]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "empty"),
        ("1", "2 to 25"),
        ("1" * 26, "2 to 25"),
        ("12a4", "digits"),
        ("-123", "digits"),
        ("0030010000123459", "wrong under MOD10 or MOD11"),
    ],
)
def test_invalid_kids(value: str, message: str) -> None:
    with pytest.raises(InvalidKid, match=message):
        kid.validate(value)


def test_decode_checks_length_and_check_digit() -> None:
    template = KidTemplate.parse("{CustomerNo:5}{InvoiceNo:5}")
    with pytest.raises(InvalidKid, match="makes 11"):
        template.decode("0030010000123458")
    with pytest.raises(InvalidKid):
        template.decode("10000000018")


def test_modulus_parse_and_format() -> None:
    assert Modulus.parse("mod11") is Modulus.MOD11
    with pytest.raises(InvalidKid):
        Modulus.parse(12)
    assert kid.format_kid("0030010000123458") == "00300 10000 12345 8"
    assert KidTemplate.parse("{InvoiceNo:7}").text == "{InvoiceNo:7}"
    assert KidTemplate.parse("{InvoiceNo:7}").position_of(Part.CUSTOMER) is None
    assert KidTemplate.parse("{InvoiceNo:7}").max_number(Part.CUSTOMER) is None


widths = st.integers(min_value=1, max_value=12)


@given(
    cw=widths,
    iw=widths,
    customer_first=st.booleans(),
    modulus=st.sampled_from(list(Modulus)),
    data=st.data(),
)
def test_make_decode_round_trip(
    cw: int, iw: int, customer_first: bool, modulus: Modulus, data: st.DataObject
) -> None:
    parts = [f"{{CustomerNo:{cw}}}", f"{{InvoiceNo:{iw}}}"]
    if not customer_first:
        parts.reverse()
    template = KidTemplate.parse("".join(parts), modulus)
    customer = data.draw(st.integers(min_value=0, max_value=10**cw - 1))
    invoice = data.draw(st.integers(min_value=0, max_value=10**iw - 1))
    made = template.make(customer, invoice)
    assert len(made) == template.length == cw + iw + 1
    assert kid.is_valid(made, modulus)
    # The check digit is the one the template's own modulus gives for the digits before it.
    assert made[-1] == kid.calc_check_digit(made[:-1], modulus)
    decoded = template.decode(made)
    assert (decoded.customer_number, decoded.invoice_number) == (customer, invoice)


@given(st.text(alphabet="0123456789", min_size=2, max_size=24), st.data())
def test_mod10_catches_every_single_digit_error(base: str, data: st.DataObject) -> None:
    made = kid.generate(base, Modulus.MOD10)
    pos = data.draw(st.integers(min_value=0, max_value=len(made) - 1))
    new_digit = data.draw(st.sampled_from("0123456789"))
    assume(new_digit != made[pos])
    broken = made[:pos] + new_digit + made[pos + 1 :]
    assert not kid.is_valid(broken, Modulus.MOD10)


@given(st.text(alphabet="0123456789", min_size=2, max_size=24), st.data())
def test_mod11_catches_every_single_digit_error(base: str, data: st.DataObject) -> None:
    """Weights 2-7 are all prime to 11: changing one character (a digit, or a check
    value of '-') always changes the weighted sum modulo 11."""
    made = kid.generate(base, Modulus.MOD11)
    pos = data.draw(st.integers(min_value=0, max_value=len(made) - 1))
    new_char = data.draw(st.sampled_from("0123456789-" if pos == len(made) - 1 else "0123456789"))
    assume(new_char != made[pos])
    broken = made[:pos] + new_char + made[pos + 1 :]
    assert not kid.is_valid(broken, Modulus.MOD11)


@given(st.text(alphabet="0123456789", min_size=1, max_size=24), st.sampled_from(list(Modulus)))
def test_generated_kids_validate(base: str, modulus: Modulus) -> None:
    made = kid.generate(base, modulus)
    assert kid.validate(made, modulus) == made
