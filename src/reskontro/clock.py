"""The clock, passed into services so that "today" is never read behind their back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def oslo_time(moment: dt.datetime, *, seconds: bool = False) -> str:
    """A moment as a person in Norway reads it: Oslo time, ``YYYY-MM-DD HH:MM``
    (a naive moment, as SQLite returns them, is UTC).

    >>> oslo_time(dt.datetime(2026, 12, 6, 8, 54, tzinfo=dt.UTC))
    '2026-12-06 09:54'
    """
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(OSLO).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


class Clock(Protocol):
    def now(self) -> dt.datetime: ...

    def today(self) -> dt.date: ...


class SystemClock:
    """The real time; "today" is the date in Europe/Oslo."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def today(self) -> dt.date:
        return dt.datetime.now(OSLO).date()


@dataclass
class FixedClock:
    """A clock that stands still (tests, back-dated runs)."""

    at: dt.datetime

    def now(self) -> dt.datetime:
        return self.at

    def today(self) -> dt.date:
        return self.at.astimezone(OSLO).date()
