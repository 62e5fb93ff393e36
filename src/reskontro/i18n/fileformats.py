"""Texts of the Nets file problems, OCR Giro and AvtaleGiro
(:mod:`reskontro.formats.nets.codes`; camt.054's are in :mod:`reskontro.i18n.camt054`).
The English text of each is the sentence the readers always wrote (the CLI shows it);
the bokmål is what a file page shows.
"""

from __future__ import annotations

import enum
from typing import Final

from reskontro.formats.nets.codes import NetsExpected, NetsNumber, NetsRecord
from reskontro.formats.nets.codes import NetsProblem as N
from reskontro.formats.pdf.codes import PdfProblem

#: ``{record:@nets.record}`` renders a :class:`NetsRecord` by these texts.
NetsRecordText = enum.StrEnum(  # type: ignore[misc]
    "NetsRecordText", {r.name: f"nets.record.{r.value}" for r in NetsRecord}
)

#: ``{expected:@nets.expected}`` renders a :class:`NetsExpected` by these texts.
NetsExpectedText = enum.StrEnum(  # type: ignore[misc]
    "NetsExpectedText", {e.name: f"nets.expected.{e.value}" for e in NetsExpected}
)

#: ``{what:@nets.number}`` renders a :class:`NetsNumber` by these texts.
NetsNumberText = enum.StrEnum(  # type: ignore[misc]
    "NetsNumberText", {n.name: f"nets.number.{n.value}" for n in NetsNumber}
)

_NUMBERS: Final[dict[str, tuple[str, str]]] = {
    "TRANSACTION": ("transaction number", "transaksjonsnummer"),
    "FBO_SERIAL": ("FBO serial number", "FBO-løpenummer"),
}

_EXPECTED: Final[dict[str, tuple[str, str]]] = {
    "TRANSMISSION_START": ("start of transmission (NY000010)", "start forsendelse (NY000010)"),
    "ASSIGNMENT_START": ("start of assignment (record type 20)", "start oppdrag (posttype 20)"),
    "ASSIGNMENT_OR_END": (
        "start of assignment or end of transmission (NY000089)",
        "start oppdrag eller slutt forsendelse (NY000089)",
    ),
    "OCR_START": ("start of OCR assignment", "start OCR-oppdrag"),
    "ITEM_1": ("amount item 1", "beløpspost 1"),
    "OCR_ITEM_2": ("OCR amount item 2 (NY09tt31)", "OCR beløpspost 2 (NY09tt31)"),
    "OCR_ITEM_3": ("OCR amount item 3 (NY09tt32)", "OCR beløpspost 3 (NY09tt32)"),
    "OCR_ITEM_1_OR_END": (
        "OCR amount item 1 (NY09tt30) or end of OCR assignment",
        "OCR beløpspost 1 (NY09tt30) eller slutt OCR-oppdrag",
    ),
    "AVTALEGIRO_START": ("start of AvtaleGiro assignment", "start AvtaleGiro-oppdrag"),
    "AVTALEGIRO_ITEM_2": (
        "AvtaleGiro amount item 2 (NY21tt31)",
        "AvtaleGiro beløpspost 2 (NY21tt31)",
    ),
    "AVTALEGIRO_ITEM_1_OR_END": (
        "AvtaleGiro amount item 1 (NY21tt30) or end of assignment",
        "AvtaleGiro beløpspost 1 (NY21tt30) eller slutt oppdrag",
    ),
    "AGREEMENT": ("AvtaleGiro agreement", "AvtaleGiro-avtale"),
    "AGREEMENT_OR_END": (
        "AvtaleGiro agreement (NY219470) or end of assignment",
        "AvtaleGiro-avtale (NY219470) eller slutt oppdrag",
    ),
    "CLAIMS_ASSIGNMENT": (
        "start of a claims or cancellation assignment (NY210020 or NY213620)",
        "start trekk- eller slettingsoppdrag (NY210020 eller NY213620)",
    ),
    "AVTALEGIRO_END": (
        "end of AvtaleGiro assignment (NY21aa88)",
        "slutt AvtaleGiro-oppdrag (NY21aa88)",
    ),
    "TRANSMISSION_END": ("end of transmission (NY000089)", "slutt forsendelse (NY000089)"),
}

_RECORDS: Final[dict[NetsRecord, tuple[str, str]]] = {
    NetsRecord.END_OF_FILE: ("end of file", "slutten av filen"),
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
        "{what:@nets.number}s must ascend within an assignment ({number} after {previous})",
        "{what:@nets.number} må stige innenfor et oppdrag ({number} etter {previous})",
    ),
    N.UNEXPECTED_RECORD: (
        "expected {expected:@nets.expected}, found {found:@nets.record}",
        "ventet {expected:@nets.expected}, fant {found:@nets.record}",
    ),
    N.AFTER_ASSIGNMENT_END: (
        "records after the end of the assignment",
        "poster etter slutten av oppdraget",
    ),
    N.AFTER_TRANSMISSION_END: (
        "records after the end of transmission",
        "poster etter slutt forsendelse",
    ),
    N.DOES_NOT_ASCEND: (
        "{number} does not ascend (previous {previous})",
        "{number} er ikke stigende (forrige {previous})",
    ),
    N.DIFFERS_FROM_ITEM_1: (
        "{value} differs from amount item 1 ({item_1})",
        "{value} er ulik beløpspost 1 ({item_1})",
    ),
    N.FREE_TEXT_TYPES: (
        "types 20 and 21 have free text (amount item 3, may be ''), other types none",
        "type 20 og 21 har fritekst (beløpspost 3, kan være ''), andre typer ingen",
    ),
    N.DIFFERS: (
        "differs from amount item 1",
        "er ulik beløpspost 1",
    ),
    N.NEGATIVE_TOTAL: (
        "net total {total} is negative and cannot be written",
        "nettosummen {total} er negativ og kan ikke skrives",
    ),
    N.TOO_MANY_LINES: (
        "{n} lines, at most 42",
        "{n} linjer, høyst 42",
    ),
    N.LINE_TOO_LONG: (
        "line {line_no} is longer than 80 characters",
        "linje {line_no} er lengre enn 80 tegn",
    ),
    N.TOO_MANY_SPECIFICATIONS: (
        "{n} specification records, at most 84",
        "{n} spesifikasjonsposter, høyst 84",
    ),
    N.SAME_PLACE: (
        "two specification records for the same line and column",
        "to spesifikasjonsposter for samme linje og kolonne",
    ),
    N.ITEM_2_ONLY_CANCELLATIONS: (
        "amount item 2 is optional only in cancellations",
        "beløpspost 2 kan bare utelates i slettinger",
    ),
    N.NEEDS_ITEM_2: (
        "payer name, reference and specifications need amount item 2",
        "betalers navn, referanse og spesifikasjoner krever beløpspost 2",
    ),
    N.TYPE_NOT_IN_CLAIMS: (
        "type {type} does not belong in a claims assignment",
        "type {type} hører ikke hjemme i et trekkoppdrag",
    ),
    N.TYPE_NOT_IN_CANCELLATIONS: (
        "type {type} does not belong in a cancellation assignment",
        "type {type} hører ikke hjemme i et slettingsoppdrag",
    ),
    N.USE_AGREEMENT_ASSIGNMENT: (
        "use AgreementAssignment for FBO",
        "bruk AgreementAssignment for FBO",
    ),
    N.NO_ASSIGNMENT: (
        "a transmission holds at least one assignment",
        "en forsendelse har minst ett oppdrag",
    ),
    N.CLAIMS_TO_NETS: (
        "a claims file goes to Nets ({nets})",
        "en trekkfil går til Nets ({nets})",
    ),
    N.CLAIMS_SENDER: (
        "a claims file names the sender's customer unit ID, not Nets'",
        "en trekkfil oppgir avsenderens kundeenhet-ID, ikke Nets'",
    ),
    N.NOT_EARLIEST_DUE: (
        "is {date}, expected the earliest due date {first}",
        "er {date}, ventet tidligste forfallsdato {first}",
    ),
    N.FBO_END_FILLER: (
        "positions 25-80 of the end of an FBO assignment are filler (zeros)",
        "posisjon 25–80 i slutt på et FBO-oppdrag er fyll (nuller)",
    ),
    N.EMPTY_SPECIFICATION: (
        "empty specification records must not be sent",
        "tomme spesifikasjonsposter skal ikke sendes",
    ),
    N.BAD_SPECIFICATION_PLACE: (
        "specification line {line_no} column {column}: lines are 1-42, columns 1 or 2, "
        "and the text is not empty",
        "spesifikasjon linje {line_no} kolonne {column}: linjene er 1–42, kolonnene 1 eller 2, "
        "og teksten er ikke tom",
    ),
    N.CLAIMS_ONLY: (
        "a claims file holds claims and cancellations only",
        "en trekkfil har bare trekk og slettinger",
    ),
    N.EXPECTED_RECORD: ("expected {expected:@nets.expected}", "ventet {expected:@nets.expected}"),
    N.NOT_PART_OF_CLAIM: (
        "not part of the claim before (record type {kind}, transaction number {number})",
        "hører ikke til trekket foran (posttype {kind}, transaksjonsnummer {number})",
    ),
    N.CONTROL_MISMATCH: (
        "is {written}, but the records give {actual}",
        "kontrollsummen er {written}, men postene gir {actual}",
    ),
}

_PDF: Final[dict[enum.StrEnum, tuple[str, str]]] = {
    PdfProblem.NO_LETTERS: (
        "an e-mail needs at least one letter",
        "en e-post må ha minst ett brev",
    ),
    PdfProblem.NO_INTEREST_NOTES: (
        "an e-mail needs at least one interest note",
        "en e-post må ha minst én rentenota",
    ),
}

TEXTS: Final[dict[enum.StrEnum, tuple[str, str]]] = {
    **_NETS,
    **_PDF,
    **{NetsRecordText[record.name]: pair for record, pair in _RECORDS.items()},
    **{NetsExpectedText[name]: pair for name, pair in _EXPECTED.items()},
    **{NetsNumberText[name]: pair for name, pair in _NUMBERS.items()},
}
