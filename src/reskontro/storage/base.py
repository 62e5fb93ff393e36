"""The declarative base of every model, its naming convention and CHECK helpers.

Every model module (:mod:`reskontro.storage.models` and the ``models_*.py`` beside it)
builds on :class:`Base`; :mod:`reskontro.storage.schema` imports them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import (
    MetaData,
)
from sqlalchemy.orm import DeclarativeBase

if TYPE_CHECKING:
    import enum

__all__ = ["NAMING", "Base", "in_list", "one_of"]

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def one_of(column: str, values: type[enum.StrEnum] | tuple[str, ...]) -> str:
    """``column`` is one of ``values`` (a ``StrEnum`` or a tuple), as comparisons
    joined by OR (cheaper than ``IN`` for SQLite: see migration 0007)."""
    names = tuple(str(v) for v in values)
    return " OR ".join(f"{column} = '{v}'" for v in names)


def in_list(column: str, values: type[enum.StrEnum]) -> str:
    """``column IN ('a', 'b')`` over an enum's values (tables where SQLite's cost of IN
    does not matter).

    >>> from reskontro.domain.payment import BankFileStatus
    >>> in_list("status", BankFileStatus)
    "status IN ('importing', 'imported', 'rejected')"
    """
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
