"""Amounts, dates and counts: exact to the øre, never a float, never a rounding."""

from __future__ import annotations

import datetime as dt

import pytest

from reskontro.errors import FileFormatError
from reskontro.formats.camt054.values import (
    format_amount,
    format_datetime,
    parse_amount,
    parse_count,
    parse_date,
    parse_datetime,
)


@pytest.mark.parametrize(
    ("text", "ore"),
    [
        ("1250.00", 125000),
        ("1250", 125000),
        ("10.000", 1000),
        ("6256.7", 625670),
        (" 0.05 ", 5),
        (".5", 50),
        ("7.", 700),
        ("0010.50", 1050),
        ("0", 0),
        ("9999999999999999.99", 999999999999999999),
        ("1.10000", 110),
    ],
)
def test_amounts(text: str, ore: int) -> None:
    assert parse_amount(text, path="Amt") == ore


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("10.005", "not a whole number of øre"),
        ("0.001", "not a whole number of øre"),
        ("-5.00", "not an unsigned decimal"),
        ("+5.00", "not an unsigned decimal"),
        ("1,50", "not an unsigned decimal"),
        ("1 250.00", "not an unsigned decimal"),
        ("1e3", "not an unsigned decimal"),
        ("NaN", "not an unsigned decimal"),
        ("", "not an unsigned decimal"),
        (".", "not an unsigned decimal"),
        (None, "not an unsigned decimal"),
        ("1.000001", "too many digits"),
        ("1234567890123456789", "too many digits"),
    ],
)
def test_bad_amounts(text: str | None, reason: str) -> None:
    with pytest.raises(FileFormatError, match=reason) as caught:
        parse_amount(text, path="/X/Amt", line=7)
    assert (caught.value.path, caught.value.line) == ("/X/Amt", 7)


def test_sums_may_have_more_fraction_digits_if_they_are_zero() -> None:
    assert parse_amount("7048.00000000000000000", path="Sum", max_fraction_digits=17) == 704800


def test_format_amount() -> None:
    assert [format_amount(n) for n in (0, 5, 125000, 999999999999999999)] == [
        "0.00",
        "0.05",
        "1250.00",
        "9999999999999999.99",
    ]
    with pytest.raises(ValueError, match="must not be negative"):
        format_amount(-1)


def test_dates() -> None:
    assert parse_date("2024-01-15", path="Dt") == dt.date(2024, 1, 15)
    assert parse_date("2024-01-15+01:00", path="Dt") == dt.date(2024, 1, 15)
    for bad in ("2024-1-15", "15.01.2024", "2024-02-30", "", None):
        with pytest.raises(FileFormatError, match="date"):
            parse_date(bad, path="Dt")


def test_datetimes() -> None:
    plus_one = dt.timezone(dt.timedelta(hours=1))
    assert parse_datetime("2024-01-16T05:12:44", path="T") == dt.datetime.fromisoformat(
        "2024-01-16T05:12:44"
    )
    assert parse_datetime("2007-10-18T12:30:00+01:00", path="T") == dt.datetime(
        2007, 10, 18, 12, 30, tzinfo=plus_one
    )
    utc = parse_datetime("2024-01-16T05:12:44Z", path="T")
    assert utc.utcoffset() == dt.timedelta(0)
    nanos = parse_datetime("2024-01-16T05:12:44.123456789+01:00", path="T")
    assert nanos == dt.datetime(2024, 1, 16, 5, 12, 44, 123456, tzinfo=plus_one)
    assert parse_datetime("2024-01-16T05:12:44.5", path="T").microsecond == 500000
    for bad in ("2024-01-16 05:12:44", "2024-01-16", "2024-01-16T25:00:00", "", None):
        with pytest.raises(FileFormatError, match="date-time"):
            parse_datetime(bad, path="T")


def test_format_datetime_round_trips() -> None:
    value = dt.datetime(2024, 1, 16, 5, 12, 44, 5, tzinfo=dt.timezone(-dt.timedelta(hours=3)))
    assert format_datetime(value) == "2024-01-16T05:12:44.000005-03:00"
    assert parse_datetime(format_datetime(value), path="T") == value


def test_counts() -> None:
    assert parse_count(" 3 ", path="NbOfTxs") == 3
    for bad in ("-1", "3.0", "", "1234567890123456", None):
        with pytest.raises(FileFormatError, match="not a count"):
            parse_count(bad, path="NbOfTxs")
