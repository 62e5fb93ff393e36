"""Texts of the EHF codes (:mod:`reskontro.formats.ehf.codes`) in English and bokmål."""

from __future__ import annotations

import enum

from reskontro.formats.ehf.codes import EhfCode, EhfField

#: ``{what:@ehf.field}`` renders an :class:`EhfField` by these texts.
EhfFieldText = enum.StrEnum(  # type: ignore[misc]
    "EhfFieldText", {field.name: f"ehf.field.{field.value}" for field in EhfField}
)

_FIELDS: dict[EhfField, tuple[str, str]] = {
    EhfField.DOCUMENT_NUMBER: ("the document number", "dokumentnummeret"),
    EhfField.BUYER_REFERENCE: ("the buyer reference", "kjøpers referanse"),
    EhfField.NOTE: ("the note", "merknaden"),
    EhfField.SELLER_NAME: ("the seller's name", "selgers navn"),
    EhfField.SELLER_ORG_NUMBER: ("the seller's organisation number", "selgers organisasjonsnummer"),
    EhfField.BUYER_NAME: ("the buyer's name", "kjøpers navn"),
    EhfField.BUYER_ORG_NUMBER: ("the buyer's organisation number", "kjøpers organisasjonsnummer"),
    EhfField.BUYER_PEPPOL_ID: ("the buyer's Peppol id", "kjøpers Peppol-id"),
    EhfField.STREET: ("the street address", "gateadressen"),
    EhfField.POSTCODE: ("the postcode", "postnummeret"),
    EhfField.CITY: ("the city", "poststedet"),
    EhfField.LINE_DESCRIPTION: ("a line's description", "en linjes beskrivelse"),
    EhfField.LINE_NOTE: ("a line's note", "en linjes merknad"),
    EhfField.CREDITED_INVOICE: (
        "the credited invoice's number",
        "nummeret på fakturaen som krediteres",
    ),
    EhfField.ATTACHMENT_ID: ("an attachment's id", "et vedleggs id"),
    EhfField.ATTACHMENT_FILENAME: ("an attachment's file name", "et vedleggs filnavn"),
    EhfField.ATTACHMENT_DESCRIPTION: ("an attachment's description", "et vedleggs beskrivelse"),
    EhfField.EXEMPTION_REASON: ("the VAT exemption reason", "fritaksgrunnen for mva"),
    EhfField.EXEMPTION_CODE: ("the VAT exemption code", "fritakskoden for mva"),
}

TEXTS: dict[enum.StrEnum, tuple[str, str]] = {
    EhfCode.BLANK_TEXT: (
        "EHF: {what:@ehf.field} must not be empty",
        "EHF: {what:@ehf.field} kan ikke være tom",
    ),
    EhfCode.BAD_TEXT: (
        "EHF: {what:@ehf.field} holds a character XML cannot carry",
        "EHF: {what:@ehf.field} har et tegn som XML ikke kan bære",
    ),
    EhfCode.BAD_ORG_NUMBER: (
        "EHF: {what:@ehf.field} {number} is not a valid Norwegian organisation number",
        "EHF: {what:@ehf.field} {number} er ikke et gyldig organisasjonsnummer",
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
    EhfCode.EMPTY_ATTACHMENT: (
        "EHF: attachment {filename} is empty",
        "EHF: vedlegget {filename} er tomt",
    ),
    EhfCode.BAD_UNIT_CODE: (
        "EHF: unit code {unit_code} on line {line} is not a UN/ECE code",
        "EHF: enhetskoden {unit_code} på linje {line} er ikke en UN/ECE-kode",
    ),
    EhfCode.NO_BUYER_REFERENCE: (
        "EHF: the buyer reference is missing (the customer's reference or ours)",
        "EHF: kjøpers referanse mangler (kundens referanse eller vår)",
    ),
    EhfCode.NO_BUYER_ENDPOINT: (
        "EHF: customer {customer} has neither a Peppol id nor an organisation number",
        "EHF: kunde {customer} har verken Peppol-id eller organisasjonsnummer",
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
        "EHF: line {line} amount {net_ore:kr} is not quantity × price ({expected_ore:kr})",
        "EHF: beløpet {net_ore:kr} på linje {line} er ikke antall × pris ({expected_ore:kr})",
    ),
    EhfCode.VAT_SUMMARY_MISMATCH: (
        "EHF: the VAT summary for code {vat_code} does not match the lines",
        "EHF: mva-oppstillingen for kode {vat_code} stemmer ikke med linjene",
    ),
    EhfCode.VAT_AMOUNT_OFF: (
        "EHF: VAT {vat_ore:kr} for code {vat_code} is not the rate of the basis"
        " ({expected_ore:kr})",
        "EHF: mva {vat_ore:kr} for kode {vat_code} er ikke satsen av grunnlaget"
        " ({expected_ore:kr})",
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
        "EHF: {element} is {stated_ore:kr} but the lines give {computed_ore:kr}",
        "EHF: {element} er {stated_ore:kr}, men linjene gir {computed_ore:kr}",
    ),
    **{EhfFieldText[field.name]: pair for field, pair in _FIELDS.items()},
}
