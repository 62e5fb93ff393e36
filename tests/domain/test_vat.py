from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reskontro.domain.vat import (
    VatCode,
    VatRounding,
    compute_totals,
    format_quantity,
    line_net,
    parse_quantity,
    vat_of,
)
from reskontro.errors import ValidationError


def test_codes_parse() -> None:
    assert VatCode.parse("25") is VatCode.STANDARD
    assert VatCode.parse("25%") is VatCode.STANDARD
    assert VatCode.parse("15.0") is VatCode.FOOD
    assert VatCode.parse("12") is VatCode.LOW
    assert VatCode.parse("0") is VatCode.ZERO
    assert VatCode.parse("exempt") is VatCode.EXEMPT
    assert VatCode.parse("Fritatt") is VatCode.EXEMPT
    with pytest.raises(ValidationError, match="unknown VAT rate"):
        VatCode.parse("24")
    assert VatCode.EXEMPT.percent == 0
    assert not VatCode.ZERO.carries_vat


def test_quantities() -> None:
    assert parse_quantity("2") == 2000
    assert parse_quantity("1,5") == 1500
    assert parse_quantity("0.125") == 125
    assert format_quantity(1500) == "1.5"
    assert format_quantity(2000) == "2"
    for bad in ("0", "1.2345", "x", ""):
        with pytest.raises(ValidationError):
            parse_quantity(bad)


def test_line_net_rounds_half_away_from_zero() -> None:
    assert line_net(1500, 333) == 500  # 499.5 → 500
    assert line_net(-1500, 333) == -500
    assert line_net(1000, 125050) == 125050
    assert line_net(333, 100) == 33  # 33.3 → 33


def test_vat_per_rate_on_summed_lines() -> None:
    # Three lines of 0,33 kr at 25 %: per rate 99 øre × 25 % = 24,75 → 25 øre;
    # per line 8,25 → 8 each, 24 in all. The per-rate rule is our default.
    lines = [(33, VatCode.STANDARD)] * 3
    per_rate = compute_totals(lines)
    per_line = compute_totals(lines, VatRounding.PER_LINE)
    assert (per_rate.net_ore, per_rate.vat_ore, per_rate.gross_ore) == (99, 25, 124)
    assert (per_line.net_ore, per_line.vat_ore, per_line.gross_ore) == (99, 24, 123)


def test_vat_mixed_rates_exact() -> None:
    totals = compute_totals(
        [
            (250100, VatCode.STANDARD),
            (10000, VatCode.EXEMPT),
            (999, VatCode.FOOD),
            (1001, VatCode.LOW),
            (5000, VatCode.ZERO),
            (3, VatCode.STANDARD),
        ]
    )
    by_code = {v.code: (v.net_ore, v.vat_ore) for v in totals.by_code}
    assert by_code == {
        VatCode.STANDARD: (250103, 62526),  # 62 525,75 → 62 526
        VatCode.FOOD: (999, 150),  # 149,85 → 150
        VatCode.LOW: (1001, 120),  # 120,12 → 120
        VatCode.ZERO: (5000, 0),
        VatCode.EXEMPT: (10000, 0),
    }
    assert [v.code for v in totals.by_code] == [
        VatCode.STANDARD,
        VatCode.FOOD,
        VatCode.LOW,
        VatCode.ZERO,
        VatCode.EXEMPT,
    ]
    assert totals.gross_ore == 267103 + 62796


def test_vat_of_negative_mirrors_positive() -> None:
    assert vat_of(-1002, VatCode.STANDARD) == -251  # -250,5 → -251
    assert vat_of(1002, VatCode.STANDARD) == 251


@given(st.integers(min_value=-(10**12), max_value=10**12), st.sampled_from(list(VatCode)))
def test_vat_symmetry(net: int, code: VatCode) -> None:
    assert vat_of(-net, code) == -vat_of(net, code)
    assert abs(vat_of(net, code) * 100 - net * code.percent) <= 50
