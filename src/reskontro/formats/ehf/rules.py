"""The checks that keep an :class:`~.model.EhfDocument` within the official rules.

Each check raises :class:`~.codes.EhfError` with the code that names the rule
(``codes.RULES``). Identifiers are checked with the domain's own functions (python-stdnum
for organisation and account numbers, :mod:`reskontro.domain.kid` for KID).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

from reskontro.domain import kid as kid_numbers
from reskontro.domain.company import validate_account, validate_org_number
from reskontro.domain.vat import VatCode, vat_of
from reskontro.errors import InvalidKid, InvalidNumber

from .codes import EhfCode, EhfError, EhfField

if TYPE_CHECKING:
    from .model import EhfDocument

#: Characters XML 1.0 cannot carry (control characters, surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: BR-CO-17: a VAT amount may differ from basis × rate by less than one unit (1.00).
_VAT_SLACK_ORE = 100


def text(field: EhfField, value: str) -> None:
    """Not blank (PEPPOL-EN16931-R008: no empty elements) and writable as XML."""
    if not value.strip():
        raise EhfError(EhfCode.BLANK_TEXT, field=field)
    if _NOT_XML.search(value):
        raise EhfError(EhfCode.BAD_TEXT, field=field)


def optional_text(field: EhfField, value: str | None) -> None:
    if value is not None:
        text(field, value)


def org_number(field: EhfField, number: str) -> None:
    """Nine digits that pass MOD11 (PEPPOL-COMMON-R041), written without spaces."""
    try:
        valid = validate_org_number(number)
    except InvalidNumber:
        valid = None
    if valid != number:
        raise EhfError(EhfCode.BAD_ORG_NUMBER, field=field, number=number)


def account(number: str) -> None:
    try:
        valid = validate_account(number)
    except InvalidNumber:
        valid = None
    if valid != number:
        raise EhfError(EhfCode.BAD_ACCOUNT, account=number)


def kid(number: str) -> None:
    try:
        valid = kid_numbers.validate(number)
    except InvalidKid:
        valid = None
    if valid != number:
        raise EhfError(EhfCode.BAD_KID, kid=number)


def check_document(doc: EhfDocument) -> None:
    """The rules that span the document's parts."""
    text(EhfField.DOCUMENT_NUMBER, doc.number)
    if not doc.buyer_reference.strip():
        raise EhfError(EhfCode.NO_BUYER_REFERENCE)
    text(EhfField.BUYER_REFERENCE, doc.buyer_reference)
    optional_text(EhfField.NOTE, doc.note)
    if not doc.lines:
        raise EhfError(EhfCode.NO_LINES)
    _check_vat(doc)
    _check_currency(doc)
    if doc.is_credit_note and doc.credits is None:
        raise EhfError(EhfCode.NO_BILLING_REFERENCE)
    # A credit note states its due date in PaymentMeans (UBL has no DueDate there).
    if doc.is_credit_note and doc.due_date is not None and doc.payment is None:
        raise EhfError(EhfCode.DUE_DATE_WITHOUT_PAYMENT)


def _check_vat(doc: EhfDocument) -> None:
    nets: dict[VatCode, int] = defaultdict(int)
    for line in doc.lines:
        nets[line.vat_code] += line.net_ore
    stated = [v.code for v in doc.vat]
    if sorted(stated) != sorted(nets):
        missing = sorted(set(nets).symmetric_difference(stated)) or stated
        raise EhfError(EhfCode.VAT_SUMMARY_MISMATCH, vat_code=str(missing[0]))
    for row in doc.vat:
        if row.net_ore != nets[row.code]:
            raise EhfError(EhfCode.VAT_SUMMARY_MISMATCH, vat_code=str(row.code))
        expected = vat_of(row.net_ore, row.code)
        off = abs(abs(row.vat_ore) - abs(expected))
        if off >= _VAT_SLACK_ORE or (row.vat_ore != 0 and not row.code.carries_vat):
            raise EhfError(
                EhfCode.VAT_AMOUNT_OFF,
                vat_code=str(row.code),
                vat_ore=row.vat_ore,
                expected_ore=expected,
            )
    seller = doc.seller
    if any(code.carries_vat for code in nets) and not seller.vat_registered:
        raise EhfError(EhfCode.NOT_VAT_REGISTERED)
    # BR-Z-02 / BR-E-02: the seller states a VAT id or a tax registration.
    if not (seller.vat_registered or seller.foretaksregisteret):
        raise EhfError(EhfCode.NO_TAX_REGISTRATION)
    exempt = VatCode.EXEMPT in nets
    if exempt and doc.exemption is None:
        raise EhfError(EhfCode.NO_EXEMPTION_REASON)
    if doc.exemption is not None and not exempt:
        raise EhfError(EhfCode.EXEMPTION_WITHOUT_EXEMPT_LINES)


def _check_currency(doc: EhfDocument) -> None:
    if not re.fullmatch(r"[A-Z]{3}", doc.currency):
        raise EhfError(EhfCode.BAD_CURRENCY, currency=doc.currency)
    if doc.currency == "NOK":
        if doc.vat_nok_ore is not None:
            raise EhfError(EhfCode.NOK_VAT_NOT_ALLOWED)
        return
    if doc.vat_nok_ore is None:
        raise EhfError(EhfCode.NOK_VAT_MISSING, currency=doc.currency)
    vat = doc.vat_ore
    if (vat > 0 and doc.vat_nok_ore < 0) or (vat < 0 and doc.vat_nok_ore > 0):
        raise EhfError(EhfCode.NOK_VAT_SIGN, currency=doc.currency)
