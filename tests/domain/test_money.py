from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reskontro.domain.money import (
    decimal_from_ore,
    format_nok,
    ore_from_decimal,
    ore_from_text_decimal,
    parse_nok,
)
from reskontro.errors import InvalidAmount


@pytest.mark.parametrize(
    ("text", "ore"),
    [
        ("1250", 125000),
        ("1250.50", 125050),
        ("1250,50", 125050),
        ("1 250,50", 125050),
        ("1\u00a0250,50", 125050),
        ("12 345 678,9", 1234567890),
        ("0,05", 5),
        ("-10", -1000),
        ("+3.5", 350),
        (" 7 ", 700),
    ],
)
def test_parse_nok_accepts(text: str, ore: int) -> None:
    assert parse_nok(text) == ore


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "1.005",
        "1,005",
        "12 34,50",
        "1 2345",
        "1e3",
        "1..2",
        "1,2,3",
        "NaN",
        "--1",
        "1 250.505",
    ],
)
def test_parse_nok_rejects(text: str) -> None:
    with pytest.raises(InvalidAmount):
        parse_nok(text)


def test_parse_nok_refuses_a_float() -> None:
    with pytest.raises(InvalidAmount, match="text"):
        parse_nok(12.5)  # type: ignore[arg-type]


def test_decimal_conversions_are_exact() -> None:
    assert ore_from_decimal(Decimal("12.30")) == 1230
    assert ore_from_text_decimal("1000000.01") == 100000001
    assert decimal_from_ore(-5) == Decimal("-0.05")
    with pytest.raises(InvalidAmount, match="whole number of øre"):
        ore_from_decimal(Decimal("0.001"))
    with pytest.raises(InvalidAmount):
        ore_from_decimal(Decimal("Infinity"))
    with pytest.raises(InvalidAmount):
        ore_from_text_decimal("12,5")
    with pytest.raises(InvalidAmount):
        ore_from_decimal(1.5)  # type: ignore[arg-type]


def test_format_nok() -> None:
    assert format_nok(123450) == "1 234,50"
    assert format_nok(-5) == "-0,05"
    assert format_nok(100000000) == "1 000 000,00"


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_format_then_parse_round_trips(ore: int) -> None:
    assert parse_nok(format_nok(ore)) == ore
    assert parse_nok(format_nok(ore, thousands="", decimal=".")) == ore
    assert ore_from_decimal(decimal_from_ore(ore)) == ore
