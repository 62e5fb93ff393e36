"""Texts of the bank file formats' codes: Nets OCR Giro and AvtaleGiro
(:mod:`reskontro.formats.nets.codes`). The English text of each is the sentence the
readers always wrote (the CLI shows it); the bokmål is what a file page shows.
"""

from __future__ import annotations

import enum
from typing import Final

from reskontro.formats.camt054.codes import CamtProblem as C
from reskontro.formats.nets.codes import NetsProblem as N
from reskontro.formats.nets.codes import NetsRecord

#: ``{record:@nets.record}`` renders a :class:`NetsRecord` by these texts.
NetsRecordText = enum.StrEnum(  # type: ignore[misc]
    "NetsRecordText", {r.name: f"nets.record.{r.value}" for r in NetsRecord}
)

_RECORDS: Final[dict[NetsRecord, tuple[str, str]]] = {
    NetsRecord.TRANSMISSION_START: (
        "start of transmission (NY000010)",
        "start forsendelse (NY000010)",
    ),
    NetsRecord.TRANSMISSION_END: ("end of transmission (NY000089)", "slutt forsendelse (NY000089)"),
    NetsRecord.OCR_START: ("start of OCR assignment (NY090020)", "start OCR-oppdrag (NY090020)"),
    NetsRecord.OCR_END: ("end of OCR assignment (NY090088)", "slutt OCR-oppdrag (NY090088)"),
    NetsRecord.OCR_ITEM_1: ("OCR amount item 1 (NY09tt30)", "OCR beløpspost 1 (NY09tt30)"),
    NetsRecord.OCR_ITEM_2: ("OCR amount item 2 (NY09tt31)", "OCR beløpspost 2 (NY09tt31)"),
    NetsRecord.OCR_ITEM_3: ("OCR amount item 3 (NY09tt32)", "OCR beløpspost 3 (NY09tt32)"),
    NetsRecord.AVTALEGIRO_START: (
        "start of AvtaleGiro assignment (NY21aa20)",
        "start AvtaleGiro-oppdrag (NY21aa20)",
    ),
    NetsRecord.AVTALEGIRO_END: (
        "end of AvtaleGiro assignment (NY21aa88)",
        "slutt AvtaleGiro-oppdrag (NY21aa88)",
    ),
    NetsRecord.AVTALEGIRO_ITEM_1: (
        "AvtaleGiro amount item 1 (NY21tt30)",
        "AvtaleGiro beløpspost 1 (NY21tt30)",
    ),
    NetsRecord.AVTALEGIRO_ITEM_2: (
        "AvtaleGiro amount item 2 (NY21tt31)",
        "AvtaleGiro beløpspost 2 (NY21tt31)",
    ),
    NetsRecord.SPECIFICATION: (
        "AvtaleGiro specification (NY212149)",
        "AvtaleGiro-spesifikasjon (NY212149)",
    ),
    NetsRecord.AGREEMENT: ("AvtaleGiro agreement (NY219470)", "AvtaleGiro-avtale (NY219470)"),
}

_NETS: Final[dict[enum.StrEnum, tuple[str, str]]] = {
    N.NOT_DATE: (
        "{text!r} is not a date (DDMMYY, digits only)",
        "{text!r} er ikke en dato (DDMMÅÅ, bare sifre)",
    ),
    N.BAD_DATE: (
        "{text!r} is not a valid date (DDMMYY)",
        "{text!r} er ikke en gyldig dato (DDMMÅÅ)",
    ),
    N.EXPECTED_TEXT_LITERAL: (
        "{text!r} found, expected {expected!r}",
        "fant {text!r}, ventet {expected!r}",
    ),
    N.EXPECTED_FORMAT_CODE: (
        "{text!r} found, expected format code 'NY'",
        "fant {text!r}, ventet formatkoden 'NY'",
    ),
    N.EXPECTED_ZEROS: ("{text!r} found, expected zeros", "fant {text!r}, ventet nuller"),
    N.EXPECTED_BLANKS: ("{text!r} found, expected blanks", "fant {text!r}, ventet blanke tegn"),
    N.NOT_DIGITS: ("{text!r} is not {width} digits", "{text!r} er ikke {width} sifre"),
    N.NOT_NUMBER: (
        "{text!r} is not a number ({width} digits)",
        "{text!r} er ikke et tall ({width} sifre)",
    ),
    N.OUT_OF_RANGE: (
        "{value} is outside {minimum}-{maximum}",
        "{value} er utenfor {minimum}–{maximum}",
    ),
    N.UNKNOWN_CODE: (
        "{text!r} is not a known {kind} code",
        "{text!r} er ikke en kjent {kind}-kode",
    ),
    N.EXPECTED_EITHER: (
        "{text!r} found, expected {first!r} or {second!r}",
        "fant {text!r}, ventet {first!r} eller {second!r}",
    ),
    N.NOT_KID: (
        "{text!r} is not a KID (digits, right-aligned and blank-padded; "
        "a MOD11 KID may end in '-')",
        "{text!r} er ikke en KID (sifre, høyrejustert og fylt ut med blanke tegn; "
        "en MOD11-KID kan slutte på '-')",
    ),
    N.BAD_CHARACTER_AT: (
        "character {char!r} at position {position} of the field is not printable ISO-8859-1 text",
        "tegnet {char!r} i posisjon {position} i feltet er ikke skrivbar ISO-8859-1-tekst",
    ),
    N.NOT_YES_NO: ("{text!r} found, expected 'J' or 'N'", "fant {text!r}, ventet 'J' eller 'N'"),
    N.EXPECTED_DATE: ("expected a date, got {got}", "ventet en dato, fikk {got}"),
    N.YEAR_OUTSIDE_WINDOW: (
        "year {year} cannot be written as YY (window {first}-{last})",
        "året {year} kan ikke skrives som ÅÅ (tidsrom {first}–{last})",
    ),
    N.NOT_DIGIT_STRING: (
        "{value} is not a string of {width} digits",
        "{value} er ikke en tekst på {width} sifre",
    ),
    N.EXPECTED_INT: ("expected an int, got {got}", "ventet et heltall, fikk {got}"),
    N.EXPECTED_MEMBER: ("expected a {kind}, got {value}", "ventet en {kind}, fikk {value}"),
    N.BAD_KID: (
        "{value} is not a KID (1-{width} digits, a MOD11 KID may end in '-')",
        "{value} er ikke en KID (1–{width} sifre, en MOD11-KID kan slutte på '-')",
    ),
    N.EXPECTED_STR: ("expected text, got {got}", "ventet tekst, fikk {got}"),
    N.TEXT_TOO_LONG: (
        "{value} is longer than {width} characters",
        "{value} er lengre enn {width} tegn",
    ),
    N.TEXT_ENDS_BLANK: (
        "{value} ends with a blank (blanks are padding)",
        "{value} slutter med et blankt tegn (blanke tegn er utfylling)",
    ),
    N.BAD_CHARACTER: (
        "character {char!r} is not printable ISO-8859-1 text",
        "tegnet {char!r} er ikke skrivbar ISO-8859-1-tekst",
    ),
    N.EXPECTED_BOOL: ("expected a bool, got {value}", "ventet ja/nei, fikk {value}"),
    N.IN_FIELD: (
        "{reason:msg} (pos {start}-{end} of {record:@nets.record})",
        "{reason:msg} (posisjon {start}–{end} i {record:@nets.record})",
    ),
    N.RECORD_LENGTH_OF: (
        "{record:@nets.record} is {length} characters, expected {expected}",
        "{record:@nets.record} er {length} tegn, ventet {expected}",
    ),
    N.RECORD_LENGTH: (
        "record is {length} characters, expected {expected}",
        "posten er {length} tegn, ventet {expected}",
    ),
    N.RECORD_LENGTH_LINE_ENDINGS: (
        "record is {length} characters, expected {expected} (mixed line endings?)",
        "posten er {length} tegn, ventet {expected} (blandede linjeskift?)",
    ),
    N.NOT_NY: (
        "{text!r} found, expected 'NY' (pos 1-2)",
        "fant {text!r}, ventet 'NY' (posisjon 1–2)",
    ),
    N.UNKNOWN_SERVICE: (
        "{service!r} is not a known service code (pos 3-4)",
        "{service!r} er ikke en kjent tjenestekode (posisjon 3–4)",
    ),
    N.UNKNOWN_RECORD_TYPE: (
        "{kind!r} is not a known record type for service {service} (pos 7-8)",
        "{kind!r} er ikke en kjent posttype for tjeneste {service} (posisjon 7–8)",
    ),
    N.AMOUNT_ITEM_3_TYPE: (
        "amount item 3 exists only for transaction types 20 and 21, not {kind}",
        "beløpspost 3 finnes bare for transaksjonstype 20 og 21, ikke {kind}",
    ),
    N.NO_TRANSMISSION_START: ("no start of transmission", "mangler start forsendelse"),
    N.NOT_ASCENDING: (
        "{what}s must ascend within an assignment ({number} after {previous})",
        "{what} må stige innenfor et oppdrag ({number} etter {previous})",
    ),
    N.CONTROL_MISMATCH: (
        "is {written}, but the records give {actual}",
        "kontrollsummen er {written}, men postene gir {actual}",
    ),
}

TEXTS: Final[dict[enum.StrEnum, tuple[str, str]]] = {
    **_NETS,
    **{NetsRecordText[record.name]: pair for record, pair in _RECORDS.items()},
}

_CAMT: Final[dict[enum.StrEnum, tuple[str, str]]] = {
    C.NOT_DECIMAL: (
        "amount {raw!r} is not an unsigned decimal number (the sign is CdtDbtInd's)",
        "beløpet {raw!r} er ikke et desimaltall uten fortegn (fortegnet står i CdtDbtInd)",
    ),
    C.TOO_MANY_DIGITS: (
        "amount {raw!r} has too many digits",
        "beløpet {raw!r} har for mange sifre",
    ),
    C.NOT_WHOLE_ORE: (
        "amount {raw!r} is not a whole number of øre",
        "beløpet {raw!r} er ikke et helt antall øre",
    ),
    C.NOT_A_DATE: ("{raw!r} is not a date (YYYY-MM-DD)", "{raw!r} er ikke en dato (ÅÅÅÅ-MM-DD)"),
    C.BAD_DATE: ("{raw!r} is not a valid date", "{raw!r} er ikke en gyldig dato"),
    C.NOT_A_DATETIME: (
        "{raw!r} is not a date-time (YYYY-MM-DDThh:mm:ss)",
        "{raw!r} er ikke et tidspunkt (ÅÅÅÅ-MM-DDTtt:mm:ss)",
    ),
    C.BAD_DATETIME: ("{raw!r} is not a valid date-time", "{raw!r} er ikke et gyldig tidspunkt"),
    C.NOT_A_COUNT: (
        "{raw!r} is not a count (1–15 digits)",
        "{raw!r} er ikke et antall (1–15 sifre)",
    ),
    C.BATCH_COUNT: (
        "NbOfTxs is {count} but the NtryDtls has {found} TxDtls",
        "NbOfTxs er {count}, men NtryDtls har {found} TxDtls",
    ),
    C.TRANSACTION_CURRENCY: (
        "transaction currency {currency} is not the entry's currency {entry_currency}",
        "transaksjonens valuta {currency} er ikke postens valuta {entry_currency}",
    ),
    C.BATCH_CURRENCY: (
        "TtlAmt currency {currency} is not the entry's currency {entry_currency}",
        "valutaen i TtlAmt, {currency}, er ikke postens valuta {entry_currency}",
    ),
    C.BATCH_TOTAL: (
        "TtlAmt is {stated} but the TxDtls add up to {actual}",
        "TtlAmt er {stated}, men TxDtls summerer seg til {actual}",
    ),
    C.ENTRY_DETAILS_TOTAL: (
        "the entry amount is {amount} {currency} but its details add up to {actual}",
        "postens beløp er {amount} {currency}, men detaljene summerer seg til {actual}",
    ),
    C.SUMMARY_TOTAL: (
        "{name} is {stated} but the entries give {actual}",
        "kontrollsummen {name} er {stated}, men postene gir {actual}",
    ),
    C.NET_DIRECTION: (
        "the net amount of the entries is {net} but CdtDbtInd says {direction}",
        "nettobeløpet av postene er {net}, men CdtDbtInd sier {direction}",
    ),
    C.REPEATED_KEY: (
        "payment key {key!r} repeats the payment at {seen}",
        "betalingsnøkkelen {key!r} gjentar betalingen i {seen}",
    ),
    C.NOT_BOOKED: (
        "entry status is {status}, not {booked}: not booked, so not a payment",
        "postens status er {status}, ikke {booked}: ikke bokført, og derfor ingen betaling",
    ),
    C.NO_BOOKING_DATE: ("booked entry without BookgDt", "bokført post uten BookgDt"),
    C.CANNOT_SPLIT: (
        "the transaction has no amount in {currency} and its entry has {n} transactions,"
        " so the entry amount cannot be split",
        "transaksjonen har ikke noe beløp i {currency}, og posten har {n} transaksjoner,"
        " så postens beløp kan ikke fordeles",
    ),
    C.ENTRY_PAYMENTS_TOTAL: (
        "the entry amount is {amount} {currency} but its payments add up to {actual}",
        "postens beløp er {amount} {currency}, men betalingene summerer seg til {actual}",
    ),
    C.OTHER_CURRENCY: (
        "the amount is in {found}, not {wanted}: not a payment into a {wanted} account",
        "beløpet er i {found}, ikke {wanted}: ingen innbetaling til en {wanted}-konto",
    ),
    C.AND_ONE_MORE: ("{reason:msg} (and {more} more problem)", "{reason:msg} (og {more} feil til)"),
    C.AND_MORE: ("{reason:msg} (and {more} more problems)", "{reason:msg} (og {more} feil til)"),
    C.MISSING_ELEMENT: (
        "required element {name} is missing",
        "det påkrevde elementet {name} mangler",
    ),
    C.EMPTY_ELEMENT: ("element {name} is empty", "elementet {name} er tomt"),
    C.EMPTY_STATUS: ("entry status is empty", "postens status er tom"),
    C.BAD_REVERSAL: (
        "RvslInd is {value!r}, not true or false",
        "RvslInd er {value!r}, ikke true eller false",
    ),
    C.BAD_DIRECTION: (
        "CdtDbtInd is {value!r}, not CRDT or DBIT",
        "CdtDbtInd er {value!r}, ikke CRDT eller DBIT",
    ),
    C.BAD_CURRENCY: (
        "currency {currency!r} is not an ISO 4217 code",
        "valutaen {currency!r} er ikke en ISO 4217-kode",
    ),
    C.NO_ELEMENT: ("not well-formed XML: no element", "ugyldig XML: ingen elementer"),
    C.NO_NOTIFICATION_MESSAGE: (
        "required element BkToCstmrDbtCdtNtfctn (with its GrpHdr) is missing",
        "det påkrevde elementet BkToCstmrDbtCdtNtfctn (med sin GrpHdr) mangler",
    ),
    C.NO_NOTIFICATION: ("the message has no Ntfctn", "meldingen har ingen Ntfctn"),
    C.NO_GROUP_HEADER: ("the message has no GrpHdr", "meldingen har ingen GrpHdr"),
    C.BAD_ROOT: ("root element is {name}, not Document", "rotelementet er {name}, ikke Document"),
    C.VERSION_NOT_SUPPORTED: (
        "camt.054 version {version} is not supported (2 to 8 are)",
        "camt.054 versjon {version} støttes ikke (versjon 2 til 8 støttes)",
    ),
    C.NAMESPACE_NOT_SUPPORTED: (
        "not a supported camt.054 message: namespace {namespace!r}; expected {first} to {last}",
        "ikke en camt.054-melding vi støtter: navnerom {namespace!r}; ventet {first} til {last}",
    ),
    C.NO_NAMESPACE: (
        "not a supported camt.054 message: no namespace; expected {first} to {last}",
        "ikke en camt.054-melding vi støtter: mangler navnerom; ventet {first} til {last}",
    ),
    C.TOO_LARGE: (
        "file is {size} bytes, more than the limit of {limit}",
        "filen er {size} byte, mer enn grensen på {limit}",
    ),
    C.DECLARATION: (
        "XML with a DOCTYPE or ENTITY declaration is not accepted: the files we read (camt.054, "
        "EHF) have none, and entity expansion and external entities are refused",
        "XML med en DOCTYPE- eller ENTITY-deklarasjon godtas ikke: filene vi leser (camt.054, "
        "EHF) har ingen, og entitetsutvidelse og eksterne entiteter avvises",
    ),
    C.DECLARATION_ASKED: (
        "XML with a DOCTYPE or ENTITY declaration is not accepted: the files we read (camt.054, "
        "EHF) have none, and entity expansion and external entities are refused"
        " (asked for {asked})",
        "XML med en DOCTYPE- eller ENTITY-deklarasjon godtas ikke: filene vi leser (camt.054, "
        "EHF) har ingen, og entitetsutvidelse og eksterne entiteter avvises (ba om {asked})",
    ),
    C.NOT_WELL_FORMED: ("not well-formed XML: {detail}", "ugyldig XML: {detail}"),
}

TEXTS.update(_CAMT)
