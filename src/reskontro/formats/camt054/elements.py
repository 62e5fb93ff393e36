"""Element access for the camt.054 reader: one version's namespace, errors with places.

:class:`Elements` finds children by local name in the namespace of the version being
read and reads the basic values (text, codes, amounts with their currency, dates),
raising :class:`~reskontro.errors.FileFormatError` with the XPath-like location and
the line of the element at fault. :class:`~.reader.Reader` builds the message's
values on it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reskontro.formats.camt054.codes import CamtProblem as P
from reskontro.formats.camt054.codes import problem

from . import versions
from .objects import (
    CreditDebit,
    CurrencyAmount,
)
from .safexml import line_of
from .values import parse_amount, parse_date, parse_datetime

if TYPE_CHECKING:
    import datetime as dt

    from lxml import etree

__all__ = ["Elements"]

_CURRENCY = re.compile(r"[A-Z]{3}\Z")


class Elements:
    """Element access in one version's namespace, with locations for every error."""

    def __init__(self, version: int) -> None:
        self.version = version
        self.namespace = versions.namespace(version)

    # -- element access --------------------------------------------------------------

    def tag(self, name: str) -> str:
        """The qualified tag of ``name`` in this version's namespace."""
        return f"{{{self.namespace}}}{name}"

    def child(self, element: etree._Element, name: str) -> etree._Element | None:
        # iterchildren(tag) is about twice as fast as find(), which parses a path.
        return next(element.iterchildren(f"{{{self.namespace}}}{name}"), None)

    def children(self, element: etree._Element, name: str) -> list[etree._Element]:
        return list(element.iterchildren(f"{{{self.namespace}}}{name}"))

    def required(self, element: etree._Element, name: str, path: str) -> etree._Element:
        found = self.child(element, name)
        if found is None:
            raise problem(P.MISSING_ELEMENT, line=line_of(element), path=path, name=name)
        return found

    def text(self, element: etree._Element | None, name: str) -> str | None:
        """Text of the optional child ``name`` as written; None when absent or empty."""
        found = None if element is None else self.child(element, name)
        return (found.text or None) if found is not None else None

    def required_text(self, element: etree._Element, name: str, path: str) -> str:
        found = self.required(element, name, path)
        if not found.text:
            raise problem(P.EMPTY_ELEMENT, line=line_of(found), path=f"{path}/{name}", name=name)
        return found.text

    def code(self, element: etree._Element | None, name: str) -> str | None:
        """A code (``Cd``, ``Ccy``, ...): the text without surrounding blanks."""
        text = self.text(element, name)
        return (text.strip() or None) if text is not None else None

    def credit_debit(self, element: etree._Element, path: str) -> CreditDebit | None:
        value = self.code(element, "CdtDbtInd")
        if value is None:
            return None
        try:
            return CreditDebit(value)
        except ValueError:
            found = self.child(element, "CdtDbtInd")
            raise problem(
                P.BAD_DIRECTION,
                line=None if found is None else line_of(found),
                path=f"{path}/CdtDbtInd",
                value=value,
            ) from None

    def amount(self, element: etree._Element, path: str) -> CurrencyAmount:
        """An ``…Amt`` element with its ``Ccy`` attribute."""
        currency = (element.get("Ccy") or "").strip()
        if _CURRENCY.match(currency) is None:
            raise problem(
                P.BAD_CURRENCY, line=line_of(element), path=f"{path}/@Ccy", currency=currency
            )
        ore = parse_amount(element.text, path=path, line=line_of(element))
        return CurrencyAmount(ore, currency, line_of(element))

    def optional_amount(
        self, element: etree._Element | None, name: str, path: str
    ) -> CurrencyAmount | None:
        found = None if element is None else self.child(element, name)
        return None if found is None else self.amount(found, f"{path}/{name}")

    def date_choice(
        self, element: etree._Element | None, path: str
    ) -> tuple[dt.date | None, dt.datetime | None]:
        """``DateAndDateTimeChoice``: (date, date-time or None)."""
        if element is None:
            return None, None
        date = self.child(element, "Dt")
        if date is not None:
            return parse_date(date.text, path=f"{path}/Dt", line=line_of(date)), None
        time = self.required(element, "DtTm", path)
        value = parse_datetime(time.text, path=f"{path}/DtTm", line=line_of(time))
        return value.date(), value
