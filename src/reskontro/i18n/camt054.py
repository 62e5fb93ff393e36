"""Texts of the camt.054 file problems (:mod:`reskontro.formats.camt054.codes`). The
English text of each is the sentence the reader always wrote (the CLI shows it); the
bokmål is what a file page shows.
"""

from __future__ import annotations

from typing import Final

from reskontro.formats.camt054.codes import CamtProblem as C

TEXTS: Final[dict[C, tuple[str, str]]] = {
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
    C.AMOUNT_CONTRADICTS: (
        "{what}: amount {amount} contradicts {direction}",
        "{what}: beløpet {amount} strider mot {direction}",
    ),
    C.CODE_AND_PROPRIETARY: (
        "{what}: a code and a proprietary value exclude each other",
        "{what}: en kode og en proprietær verdi utelukker hverandre",
    ),
    C.NEGATIVE_AMOUNT: (
        "amount {amount} must not be negative",
        "beløpet {amount} kan ikke være negativt",
    ),
    C.IBAN_WITH_SCHEME: ("an IBAN has no scheme name", "et IBAN har ikke noe SchmeNm"),
    C.PARTIAL_DOMAIN: (
        "BkTxCd/Domn needs domain, family and sub-family together",
        "BkTxCd/Domn krever domene, familie og underfamilie sammen",
    ),
    C.TRANSACTION_AMOUNT_CURRENCY: (
        "a transaction amount needs its currency and vice versa",
        "et transaksjonsbeløp krever sin valuta, og omvendt",
    ),
    C.BATCH_TOTAL_CURRENCY: (
        "a batch total needs its currency and vice versa",
        "en buntsum krever sin valuta, og omvendt",
    ),
    C.NEGATIVE_COUNT: ("NbOfTxs must not be negative", "NbOfTxs kan ikke være negativt"),
    C.DATE_NOT_OF_TIME: (
        "{what}: date {date:date} is not the date of {time}",
        "{what}: datoen {date:date} er ikke datoen i {time}",
    ),
    C.CANNOT_WRITE: ("cannot write camt.054: {detail}", "kan ikke skrive camt.054: {detail}"),
    C.NEEDS_CREATED: (
        "camt.054.001.0{version} needs Ntfctn/CreDtTm (notification {id!r} has none)",
        "camt.054.001.0{version} krever Ntfctn/CreDtTm (varselet {id!r} har ingen)",
    ),
    C.NET_AND_DIRECTION: (
        "from camt.054.001.04 the net amount and its CdtDbtInd go together",
        "fra camt.054.001.04 hører nettobeløpet og dets CdtDbtInd sammen",
    ),
    C.STATUS_NOT_IN_VERSION: (
        "camt.054.001.0{version} knows only the statuses {statuses}, not {status!r}",
        "camt.054.001.0{version} kjenner bare statusene {statuses}, ikke {status!r}",
    ),
    C.V2_DIRECTION: (
        "camt.054.001.02 has no TxDtls/CdtDbtInd: a transaction goes the entry's direction",
        "camt.054.001.02 har ikke TxDtls/CdtDbtInd: en transaksjon går postens retning",
    ),
    C.V2_CURRENCY: (
        "camt.054.001.02 carries the transaction amount in the entry's currency",
        "camt.054.001.02 oppgir transaksjonsbeløpet i postens valuta",
    ),
    C.NEEDS_AMOUNT: (
        "camt.054.001.0{version} needs TxDtls/Amt",
        "camt.054.001.0{version} krever TxDtls/Amt",
    ),
}
