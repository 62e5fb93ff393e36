"""Why an EHF document is refused: codes with parameters, and the rule each one guards.

Every refusal names the Peppol BIS Billing 3.0 / EN 16931 rule that the document would
have broken (``shared/specs/ehf-peppol-bis3.md`` §2), so that what we refuse before
writing and what the official validator would reject are one list. The texts are the
English and Bokmål renderings, in the shape of the shared message catalogue
(``{Code: (english, bokmål)}``).
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from reskontro.errors import ValidationError

if TYPE_CHECKING:
    import datetime as dt

Param = str | int | bool | None


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
    BAD_UNIT_CODE = "ehf.bad_unit_code"
    NO_BUYER_REFERENCE = "ehf.no_buyer_reference"
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
    EhfCode.BAD_UNIT_CODE: "BR-CL-23",
    EhfCode.NO_BUYER_REFERENCE: "PEPPOL-EN16931-R003",
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

TEXTS: dict[EhfCode, tuple[str, str]] = {
    EhfCode.BLANK_TEXT: ("EHF: {field} must not be empty", "EHF: {field} kan ikke være tom"),
    EhfCode.BAD_TEXT: (
        "EHF: {field} holds a character XML cannot carry",
        "EHF: {field} har et tegn som XML ikke kan bære",
    ),
    EhfCode.BAD_ORG_NUMBER: (
        "EHF: {field} {number} is not a valid Norwegian organisation number",
        "EHF: {field} {number} er ikke et gyldig organisasjonsnummer",
    ),
    EhfCode.BAD_ENDPOINT: (
        "EHF: Peppol participant id {endpoint} is not of the form scheme:identifier",
        "EHF: Peppol-id {endpoint} har ikke formen skjema:identifikator",
    ),
    EhfCode.BAD_VAT_ID: (
        "EHF: the seller's VAT number {value} is not NO + organisation number + MVA",
        "EHF: selgers mva-nummer {value} er ikke NO + organisasjonsnummer + MVA",
    ),
    EhfCode.BAD_COUNTRY: (
        "EHF: {country} is not an ISO 3166 country code",
        "EHF: {country} er ikke en landkode etter ISO 3166",
    ),
    EhfCode.BAD_CURRENCY: (
        "EHF: {currency} is not an ISO 4217 currency code",
        "EHF: {currency} er ikke en valutakode etter ISO 4217",
    ),
    EhfCode.BAD_ACCOUNT: (
        "EHF: bank account {account} is not an 11-digit Norwegian account number",
        "EHF: kontonummer {account} er ikke et norsk kontonummer med 11 sifre",
    ),
    EhfCode.BAD_KID: ("EHF: KID {kid} is not valid", "EHF: KID {kid} er ikke gyldig"),
    EhfCode.BAD_MIME_CODE: (
        "EHF: attachment type {mime_code} is not allowed",
        "EHF: vedleggstypen {mime_code} er ikke tillatt",
    ),
    EhfCode.BAD_UNIT_CODE: (
        "EHF: unit code {unit_code} on line {line} is not a UN/ECE code",
        "EHF: enhetskoden {unit_code} på linje {line} er ikke en UN/ECE-kode",
    ),
    EhfCode.NO_BUYER_REFERENCE: (
        "EHF: the buyer reference is missing (the customer's reference or ours)",
        "EHF: kjøpers referanse mangler (kundens referanse eller vår)",
    ),
    EhfCode.NO_LINES: ("EHF: the document has no lines", "EHF: dokumentet har ingen linjer"),
    EhfCode.ZERO_QUANTITY: (
        "EHF: line {line} has quantity zero",
        "EHF: linje {line} har antall null",
    ),
    EhfCode.NEGATIVE_PRICE: (
        "EHF: line {line} has a negative unit price (use a negative quantity)",
        "EHF: linje {line} har negativ enhetspris (bruk negativt antall)",
    ),
    EhfCode.LINE_NET_MISMATCH: (
        "EHF: line {line} amount {net_ore} øre is not quantity × price ({expected_ore} øre)",
        "EHF: beløpet {net_ore} øre på linje {line} er ikke antall × pris ({expected_ore} øre)",
    ),
    EhfCode.VAT_SUMMARY_MISMATCH: (
        "EHF: the VAT summary for code {vat_code} does not match the lines",
        "EHF: mva-oppstillingen for kode {vat_code} stemmer ikke med linjene",
    ),
    EhfCode.VAT_AMOUNT_OFF: (
        "EHF: VAT {vat_ore} øre for code {vat_code} is not the rate of the basis"
        " ({expected_ore} øre)",
        "EHF: mva {vat_ore} øre for kode {vat_code} er ikke satsen av grunnlaget"
        " ({expected_ore} øre)",
    ),
    EhfCode.NOT_VAT_REGISTERED: (
        "EHF: the seller is not VAT registered but charges VAT",
        "EHF: selger er ikke mva-registrert, men beregner mva",
    ),
    EhfCode.NO_TAX_REGISTRATION: (
        "EHF: the seller is neither VAT registered nor in Foretaksregisteret",
        "EHF: selger er verken mva-registrert eller i Foretaksregisteret",
    ),
    EhfCode.NO_EXEMPTION_REASON: (
        "EHF: VAT-exempt lines need an exemption reason",
        "EHF: linjer fritatt for mva trenger en fritaksgrunn",
    ),
    EhfCode.EXEMPTION_WITHOUT_EXEMPT_LINES: (
        "EHF: an exemption reason is given but no line is exempt",
        "EHF: fritaksgrunn er oppgitt, men ingen linje er fritatt",
    ),
    EhfCode.NOK_VAT_MISSING: (
        "EHF: an invoice in {currency} must state its VAT in NOK",
        "EHF: en faktura i {currency} må oppgi mva i NOK",
    ),
    EhfCode.NOK_VAT_NOT_ALLOWED: (
        "EHF: VAT in NOK is stated apart only when the currency is not NOK",
        "EHF: mva i NOK oppgis særskilt bare når valutaen ikke er NOK",
    ),
    EhfCode.NOK_VAT_SIGN: (
        "EHF: the VAT in NOK and in {currency} have different signs",
        "EHF: mva i NOK og i {currency} har ulikt fortegn",
    ),
    EhfCode.NO_BILLING_REFERENCE: (
        "EHF: a credit note must name the invoice it credits",
        "EHF: en kreditnota må vise til fakturaen den krediterer",
    ),
    EhfCode.DUE_DATE_WITHOUT_PAYMENT: (
        "EHF: a credit note's due date needs payment details",
        "EHF: forfallsdato på en kreditnota krever betalingsopplysninger",
    ),
    EhfCode.NOT_EHF: (
        "EHF: not a Peppol BIS Billing 3.0 invoice or credit note ({value})",
        "EHF: ikke en Peppol BIS Billing 3.0-faktura eller -kreditnota ({value})",
    ),
    EhfCode.UNSUPPORTED_ELEMENT: (
        "EHF: {element} is not among what reskontro reads",
        "EHF: {element} er ikke blant det reskontro leser",
    ),
    EhfCode.ELEMENT_ORDER: (
        "EHF: {element} is out of the order the UBL schema requires",
        "EHF: {element} står ikke i rekkefølgen UBL-skjemaet krever",
    ),
    EhfCode.MISSING_ELEMENT: ("EHF: {element} is missing", "EHF: {element} mangler"),
    EhfCode.BAD_VALUE: (
        "EHF: {element} has a value reskontro cannot read: {value}",
        "EHF: {element} har en verdi reskontro ikke kan lese: {value}",
    ),
    EhfCode.TOTALS_MISMATCH: (
        "EHF: {element} is {stated_ore} øre but the lines give {computed_ore} øre",
        "EHF: {element} er {stated_ore} øre, men linjene gir {computed_ore} øre",
    ),
}


class EhfError(ValidationError):
    """An EHF document that cannot be written or read, with its code and parameters."""

    default_message = "invalid EHF document"

    def __init__(self, code: EhfCode, **params: Param | dt.date) -> None:
        self.code = code
        self.params = params
        #: The official rule this refusal stands for, e.g. ``PEPPOL-EN16931-R003``.
        self.rule = RULES[code]
        super().__init__(TEXTS[code][0].format(**params))
