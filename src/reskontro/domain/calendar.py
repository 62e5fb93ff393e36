"""The Norwegian calendar: public holidays and working days (pure).

Public holidays (helligdagsloven § 1 and the two statutory days off, 1 and 17 May):
New Year's Day, Maundy Thursday, Good Friday, Easter Sunday and Monday, Ascension Day,
Whit Sunday and Monday, Christmas Day and Boxing Day. A working day is a weekday that
is none of them (fristloven § 5; Nets processes files on the same days).

>>> next_working_day(dt.date(2026, 4, 2))  # Maundy Thursday -> the Tuesday after Easter
datetime.date(2026, 4, 7)
"""

from __future__ import annotations

import datetime as dt
from functools import cache

__all__ = [
    "add_bank_days",
    "bank_days_back",
    "easter_sunday",
    "is_working_day",
    "next_working_day",
    "previous_bank_day",
    "public_holidays",
]


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday (Gregorian, the anonymous algorithm).

    >>> easter_sunday(2026)
    datetime.date(2026, 4, 5)
    """
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@cache
def public_holidays(year: int) -> frozenset[dt.date]:
    """Norwegian public holidays (helligdager and 1 and 17 May)."""
    easter = easter_sunday(year)
    moving = (-3, -2, 0, 1, 39, 49, 50)  # skjærtorsdag .. 2. pinsedag
    fixed = ((1, 1), (5, 1), (5, 17), (12, 25), (12, 26))
    return frozenset(
        [easter + dt.timedelta(days=n) for n in moving] + [dt.date(year, m, d) for m, d in fixed]
    )


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_bank_days(day: dt.date, days: int) -> dt.date:
    """The ``days``-th bank (working) day after ``day``.

    >>> add_bank_days(dt.date(2026, 4, 1), 2)  # Wednesday before Easter -> 8 April
    datetime.date(2026, 4, 8)
    """
    for _ in range(days):
        day = next_working_day(day + dt.timedelta(days=1))
    return day


def previous_bank_day(day: dt.date) -> dt.date:
    """The last bank (working) day before ``day``.

    >>> previous_bank_day(dt.date(2026, 4, 7))  # Tuesday after Easter -> 1 April
    datetime.date(2026, 4, 1)
    """
    day -= dt.timedelta(days=1)
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def bank_days_back(day: dt.date, days: int) -> dt.date:
    """``days`` bank days before ``day`` (``day`` itself for 0)."""
    for _ in range(days):
        day = previous_bank_day(day)
    return day
