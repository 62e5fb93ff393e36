"""Why an EHF document is refused: codes with parameters, and the rule each one guards.

Every refusal names the Peppol BIS Billing 3.0 / EN 16931 rule that the document would
have broken (``shared/specs/ehf-peppol-bis3.md`` §2), so that what we refuse before
writing and what the official validator would reject are one list. The texts are in
the catalogue, :mod:`reskontro.i18n.ehf`.

>>> err = EhfError(EhfCode.NO_BUYER_REFERENCE)
>>> err.rule, err.msg.code
('PEPPOL-EN16931-R003', 'ehf.no_buyer_reference')
>>> EhfError(EhfCode.BLANK_TEXT, field=EhfField.SELLER_NAME).message
"EHF: the seller's name must not be empty"
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from reskontro.errors import ValidationError
from reskontro.messages import Message

if TYPE_CHECKING:
    from reskontro.messages import Param


class EhfCode(enum.StrEnum):
    BLANK_TEXT = "ehf.blank_text"
    BAD_TEXT = "ehf.bad_text"
    BAD_ORG_NUMBER = "ehf.bad_org_number"
    BAD_ENDPOINT = "ehf.bad_endpoint"
    BAD_VAT_ID = "ehf.bad_vat_id"
    BAD_COUNTRY = "ehf.bad_country"
    BAD_CURRENCY = "ehf.bad_currency"
    BAD_ACCOUNT = "ehf.bad_account"
    BAD_KID = "ehf.bad_kid"
    BAD_MIME_CODE = "ehf.bad_mime_code"
    EMPTY_ATTACHMENT = "ehf.empty_attachment"
    BAD_UNIT_CODE = "ehf.bad_unit_code"
    NO_BUYER_REFERENCE = "ehf.no_buyer_reference"
    NO_BUYER_ENDPOINT = "ehf.no_buyer_endpoint"
    NO_LINES = "ehf.no_lines"
    ZERO_QUANTITY = "ehf.zero_quantity"
    NEGATIVE_PRICE = "ehf.negative_price"
    LINE_NET_MISMATCH = "ehf.line_net_mismatch"
    VAT_SUMMARY_MISMATCH = "ehf.vat_summary_mismatch"
    VAT_AMOUNT_OFF = "ehf.vat_amount_off"
    NOT_VAT_REGISTERED = "ehf.not_vat_registered"
    NO_TAX_REGISTRATION = "ehf.no_tax_registration"
    NO_EXEMPTION_REASON = "ehf.no_exemption_reason"
    EXEMPTION_WITHOUT_EXEMPT_LINES = "ehf.exemption_without_exempt_lines"
    NOK_VAT_MISSING = "ehf.nok_vat_missing"
    NOK_VAT_NOT_ALLOWED = "ehf.nok_vat_not_allowed"
    NOK_VAT_SIGN = "ehf.nok_vat_sign"
    NO_BILLING_REFERENCE = "ehf.no_billing_reference"
    DUE_DATE_WITHOUT_PAYMENT = "ehf.due_date_without_payment"
    NOT_EHF = "ehf.not_ehf"
    UNSUPPORTED_ELEMENT = "ehf.unsupported_element"
    ELEMENT_ORDER = "ehf.element_order"
    MISSING_ELEMENT = "ehf.missing_element"
    BAD_VALUE = "ehf.bad_value"
    TOTALS_MISMATCH = "ehf.totals_mismatch"


#: The official rule each refusal keeps a document from breaking ("" when it is ours).
RULES: dict[EhfCode, str] = {
    EhfCode.BLANK_TEXT: "PEPPOL-EN16931-R008",
    EhfCode.BAD_TEXT: "XSD",
    EhfCode.BAD_ORG_NUMBER: "PEPPOL-COMMON-R041",
    EhfCode.BAD_ENDPOINT: "PEPPOL-EN16931-CL008",
    EhfCode.BAD_VAT_ID: "NO-R-001",
    EhfCode.BAD_COUNTRY: "BR-CL-14",
    EhfCode.BAD_CURRENCY: "BR-CL-04",
    EhfCode.BAD_ACCOUNT: "BR-61",
    EhfCode.BAD_KID: "",
    EhfCode.BAD_MIME_CODE: "BR-CL-24",
    EhfCode.EMPTY_ATTACHMENT: "PEPPOL-EN16931-R008",
    EhfCode.BAD_UNIT_CODE: "BR-CL-23",
    EhfCode.NO_BUYER_REFERENCE: "PEPPOL-EN16931-R003",
    EhfCode.NO_BUYER_ENDPOINT: "PEPPOL-EN16931-R010",
    EhfCode.NO_LINES: "BR-16",
    EhfCode.ZERO_QUANTITY: "",
    EhfCode.NEGATIVE_PRICE: "BR-27",
    EhfCode.LINE_NET_MISMATCH: "PEPPOL-EN16931-R120",
    EhfCode.VAT_SUMMARY_MISMATCH: "BR-S-08",
    EhfCode.VAT_AMOUNT_OFF: "BR-CO-17",
    EhfCode.NOT_VAT_REGISTERED: "BR-S-02",
    EhfCode.NO_TAX_REGISTRATION: "BR-E-02",
    EhfCode.NO_EXEMPTION_REASON: "BR-E-10",
    EhfCode.EXEMPTION_WITHOUT_EXEMPT_LINES: "BR-S-10",
    EhfCode.NOK_VAT_MISSING: "BR-53",
    EhfCode.NOK_VAT_NOT_ALLOWED: "PEPPOL-EN16931-R005",
    EhfCode.NOK_VAT_SIGN: "PEPPOL-EN16931-R055",
    EhfCode.NO_BILLING_REFERENCE: "",
    EhfCode.DUE_DATE_WITHOUT_PAYMENT: "",
    EhfCode.NOT_EHF: "PEPPOL-EN16931-R004",
    EhfCode.UNSUPPORTED_ELEMENT: "",
    EhfCode.ELEMENT_ORDER: "XSD",
    EhfCode.MISSING_ELEMENT: "",
    EhfCode.BAD_VALUE: "",
    EhfCode.TOTALS_MISMATCH: "BR-CO-16",
}


class EhfField(enum.StrEnum):
    """The part of a document at fault, by its logical name (shown by ``ehf.field.*``)."""

    DOCUMENT_NUMBER = "document_number"
    BUYER_REFERENCE = "buyer_reference"
    NOTE = "note"
    SELLER_NAME = "seller_name"
    SELLER_ORG_NUMBER = "seller_org_number"
    BUYER_NAME = "buyer_name"
    BUYER_ORG_NUMBER = "buyer_org_number"
    BUYER_PEPPOL_ID = "buyer_peppol_id"
    STREET = "street"
    POSTCODE = "postcode"
    CITY = "city"
    LINE_DESCRIPTION = "line_description"
    LINE_NOTE = "line_note"
    CREDITED_INVOICE = "credited_invoice"
    ATTACHMENT_ID = "attachment_id"
    ATTACHMENT_FILENAME = "attachment_filename"
    ATTACHMENT_DESCRIPTION = "attachment_description"
    EXEMPTION_REASON = "exemption_reason"
    EXEMPTION_CODE = "exemption_code"


class EhfError(ValidationError):
    """An EHF document that cannot be written or read: a code, its parameters, the rule.

    The part of the document at fault (``field``) is the message's ``what`` parameter;
    it is not an argument of any command, so it is not the error's ``field``.
    """

    default_message = "invalid EHF document"

    def __init__(self, code: EhfCode, *, field: EhfField | None = None, **params: Param) -> None:
        self.code = code
        #: The official rule this refusal stands for, e.g. ``PEPPOL-EN16931-R003``.
        self.rule = RULES[code]
        if field is not None:
            params["what"] = field.value
        super().__init__(Message.of(code, **params))
