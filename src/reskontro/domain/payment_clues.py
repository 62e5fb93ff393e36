"""What a payment's own fields tell about its customer, for the unknown-KID policy
(:func:`~reskontro.domain.matching.infer_customer`): the numbers in its free text and
the customer part of a KID. Pure; the service looks the numbers up in the books.

>>> numbers_in_text("Faktura 1234, KID 00300 10000 12345 8")
['1234', '0030010000123458']
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reskontro.domain import kid as kidlib

_NUMBERS = re.compile(r"\d[\d -]*\d|\d")


def numbers_in_text(text: str | None) -> list[str]:
    """Digit runs in free text that may be a KID or an invoice number (spaces inside
    a run are dropped, as payers write ``00300 10000 12345 8``)."""
    if not text:
        return []
    found = []
    for match in _NUMBERS.finditer(text):
        digits = re.sub(r"[ -]", "", match.group())
        if digits:
            found.append(digits)
    return found


def kid_customer_part(kid: str | None, template: kidlib.KidTemplate) -> int | None:
    """The customer number in a KID that is well formed under ``template``, or None."""
    if not kid:
        return None
    try:
        decoded = template.decode(kid)
    except ValueError:
        return None
    return decoded.customer_number
