"""Payments in: why a payment went where it went (matching, the unknown-KID policy,
the voucher inbox). The English texts are the sentences the CLI has always printed;
amounts there stay in øre, in bokmål they read as kroner."""

from __future__ import annotations

from typing import Final

from reskontro.domain.matching import (
    DuplicateCode,
    ManualReason,
    PaymentReason,
    UnmatchedReason,
)
from reskontro.domain.payment import PaymentError

P = PaymentReason
U = UnmatchedReason
M = ManualReason
E = PaymentError
D = DuplicateCode

TEXTS: Final[
    dict[
        PaymentReason | UnmatchedReason | ManualReason | PaymentError | DuplicateCode,
        tuple[str, str],
    ]
] = {
    P.FULL: (
        "KID {kid}: pays invoice {invoice} in full",
        "KID {kid}: betaler faktura {invoice} fullt ut",
    ),
    P.SURPLUS: (
        "KID {kid}: pays invoice {invoice} and {surplus_ore} øre more, kept as the customer's"
        " credit",
        "KID {kid}: betaler faktura {invoice} og {surplus_ore:kr} mer, som står til kundens gode",
    ),
    P.WITHIN_TOLERANCE: (
        "KID {kid}: pays invoice {invoice}; {written_off_ore} øre short, within the company's"
        " tolerance, written off",
        "KID {kid}: betaler faktura {invoice}; {written_off_ore:kr} for lite, innenfor firmaets"
        " toleranse, avskrevet",
    ),
    P.PART: (
        "KID {kid}: pays {allocated_ore} øre of invoice {invoice}, a part payment",
        "KID {kid}: betaler {allocated_ore:kr} av faktura {invoice} (delbetaling)",
    ),
    P.ALREADY_PAID: (
        "KID {kid}: invoice {invoice} was already paid; {amount_ore} øre kept as the customer's"
        " credit",
        "KID {kid}: faktura {invoice} var allerede betalt; {amount_ore:kr} står til kundens gode",
    ),
    P.CREDITED: (
        "KID {kid}: invoice {invoice} was credited; {amount_ore} øre kept as the customer's credit",
        "KID {kid}: faktura {invoice} var kreditert; {amount_ore:kr} står til kundens gode",
    ),
    P.REVERSAL: (
        "negative amount with KID {kid}: reverses {reversed_ore} øre paid on invoice {invoice}",
        "negativt beløp med KID {kid}: tilbakefører {reversed_ore:kr} betalt på faktura {invoice}",
    ),
    P.NEGATIVE_UNPAID: (
        "negative amount of {reversed_ore} øre with KID {kid} of invoice {invoice}, which has"
        " less than that paid: needs a person",
        "negativt beløp på {reversed_ore:kr} med KID {kid} for faktura {invoice}, som har mindre"
        " enn det betalt: må ses på av en person",
    ),
    P.ZERO: ("zero amount with KID {kid}", "nullbeløp med KID {kid}"),
    P.NO_KID: ("no KID in the payment", "betalingen har ingen KID"),
    P.UNKNOWN_KID: ("KID {kid} belongs to no invoice", "KID {kid} hører ikke til noen faktura"),
    P.POSSIBLE_DUPLICATE: (
        "KID {kid}: maybe the same payment as one booked from another file",
        "KID {kid}: kanskje den samme betalingen som en som er bokført fra en annen fil",
    ),
    D.POSSIBLE: (
        "possible duplicate of payment {payment} (same account, date, amount and KID, from"
        " another file): a person decides",
        "mulig duplikat av betaling {payment} (samme konto, dato, beløp og KID, fra en annen"
        " fil): en person avgjør",
    ),
    P.WRONG_CURRENCY: (
        "KID {kid} names invoice {invoice}, which is in {invoice_currency}; a payment in"
        " {currency} does not settle it",
        "KID {kid} hører til faktura {invoice}, som er i {invoice_currency}; en betaling i"
        " {currency} gjør ikke opp den",
    ),
    # A sentence stored before reasons were codes that no pattern knew: shown as stored.
    P.LEGACY: ("{text}", "{text}"),
    U.WAITS_IN_INBOX: ("waits in the voucher inbox", "venter i bilagsmottaket"),
    U.IGNORED: (
        "not posted (the company ignores unknown KIDs)",
        "ikke bokført (firmaet ignorerer ukjente KID-er)",
    ),
    U.BY_KID_CUSTOMER_PART: (
        "posted to the customer by customer part of a well-formed KID",
        "bokført på kunden ut fra kundedelen av en gyldig KID",
    ),
    U.BY_PAYER_ACCOUNT: (
        "posted to the customer by payer account seen on the customer's payments",
        "bokført på kunden ut fra betalerkontoen, kjent fra kundens tidligere betalinger",
    ),
    U.BY_FREE_TEXT_KID: (
        "posted to the customer by free text names KID {kid}",
        "bokført på kunden fordi fritekst nevner KID {kid}",
    ),
    U.BY_FREE_TEXT_INVOICE: (
        "posted to the customer by free text names invoice number {invoice}",
        "bokført på kunden fordi fritekst nevner fakturanummer {invoice}",
    ),
    U.BY_UNIQUE_AMOUNT: (
        "posted to the customer by the only open invoice with this amount",
        "bokført på kunden med den eneste åpne fakturaen på dette beløpet",
    ),
    U.TO_PLACEHOLDER: (
        "no clue to the customer: posted to 'Betaling med ukjent KID'",
        "ingen spor av kunden: bokført på «Betaling med ukjent KID»",
    ),
    M.TO_INVOICE: (
        "posted by hand to invoice {invoice} ({amount_ore} øre)",
        "bokført manuelt på faktura {invoice} ({amount_ore:kr})",
    ),
    M.TO_CUSTOMER: ("posted by hand to customer {customer}", "bokført manuelt på kunde {customer}"),
    M.MOVED: ("moved by hand to customer {customer}", "flyttet manuelt til kunde {customer}"),
    M.IGNORED: ("set aside by hand (not booked)", "lagt til side manuelt (ikke bokført)"),
    M.REFUND: ("marked by hand to be paid back", "merket manuelt for tilbakebetaling"),
    # errors
    E.POST_TO_ONE: (
        "post to a customer or to an invoice",
        "bokfør på en kunde eller på en faktura",
    ),
    E.ALREADY_POSTED: (
        "payment {payment} is already posted; use move or ledger match",
        "betaling {payment} er allerede bokført; flytt den eller lukk poster",
    ),
    E.NOT_ON_PLACEHOLDER: (
        "payment {payment} is not on the placeholder customer; only those are moved",
        "betaling {payment} står ikke på «Betaling med ukjent KID»; bare slike flyttes",
    ),
    E.ALREADY_ALLOCATED: (
        "payment {payment} is already allocated to invoices",
        "betaling {payment} er allerede fordelt på fakturaer",
    ),
    E.MOVE_TO_REAL_CUSTOMER: ("move it to a real customer", "flytt den til en virkelig kunde"),
    E.MATCH_NEEDS_BOTH_SIDES: (
        "give at least one payment or credit note and one invoice",
        "velg minst én innbetaling eller kreditnota og én faktura",
    ),
    E.MATCH_AMOUNTS_POSITIVE: (
        "every amount in a match must be positive",
        "hvert beløp må være større enn null",
    ),
    E.MATCH_UNBALANCED: (
        "the allocations do not add up: payments and credit notes {sources_ore} øre,"
        " invoices {targets_ore} øre",
        "beløpene går ikke opp: innbetalinger og kreditnotaer {sources_ore:kr},"
        " fakturaer {targets_ore:kr}",
    ),
    E.PAYMENT_NOT_CUSTOMERS: (
        "payment {payment} is not posted to customer {customer}",
        "betaling {payment} er ikke bokført på kunde {customer}",
    ),
    E.PAYMENT_TOO_LITTLE: (
        "payment {payment} has {free_ore} øre unallocated, not {amount_ore}",
        "betaling {payment} har {free_ore:kr} ufordelt, ikke {amount_ore:kr}",
    ),
    E.CREDIT_NOTE_NOT_CUSTOMERS: (
        "credit note {credit_note} is not customer {customer}'s",
        "kreditnota {credit_note} tilhører ikke kunde {customer}",
    ),
    E.CREDIT_NOTE_TOO_LITTLE: (
        "credit note {credit_note} has {open_ore} øre open, not {amount_ore}",
        "kreditnota {credit_note} har {open_ore:kr} åpent, ikke {amount_ore:kr}",
    ),
    E.SOURCE_KIND: (
        "a source is a payment or a credit note, not {kind}",
        "det som lukker, er en innbetaling eller en kreditnota, ikke {kind}",
    ),
    E.INVOICE_NOT_CUSTOMERS: (
        "invoice {invoice} is not customer {customer}'s",
        "faktura {invoice} tilhører ikke kunde {customer}",
    ),
    E.INVOICE_TOO_LITTLE: (
        "invoice {invoice} has {open_ore} øre open, not {amount_ore}",
        "faktura {invoice} har {open_ore:kr} åpent, ikke {amount_ore:kr}",
    ),
    E.ISSUED_INVOICES_ONLY: (
        "payments are allocated to issued invoices",
        "innbetalinger fordeles bare på utstedte fakturaer",
    ),
    E.NOT_POSITIVE_BY_HAND: (
        "a negative or zero payment is not allocated to an invoice by hand",
        "et negativt beløp eller nullbeløp fordeles ikke manuelt på en faktura",
    ),
    E.NO_PAYMENT: ("no payment with id {payment}", "fant ikke betaling {payment}"),
    E.NO_ISSUED_INVOICE: (
        "no issued invoice with id {invoice}",
        "fant ikke utstedt faktura {invoice}",
    ),
    E.NO_CREDIT_NOTE: (
        "no credit note with id {credit_note}",
        "fant ikke kreditnota {credit_note}",
    ),
    E.NOT_WAITING: (
        "payment {payment} is not waiting in the inbox",
        "betaling {payment} venter ikke i bilagsmottaket",
    ),
    E.SPLIT_NEEDS_PARTS: (
        "give at least one invoice number and amount",
        "oppgi minst ett fakturanummer og beløp",
    ),
    E.SPLIT_TOO_MUCH: (
        "the parts add up to {amount_ore} øre, more than the payment's {payment_ore}",
        "delene blir {amount_ore:kr}, mer enn betalingens {payment_ore:kr}",
    ),
    E.SPLIT_ONE_CUSTOMER: (
        "the invoices of one split must be the same customer's",
        "fakturaene i en fordeling må tilhøre samme kunde",
    ),
    E.NO_BANK_FILE: ("no bank file with id {file}", "fant ingen bankfil med id {file}"),
    E.UNDO_NOT_IMPORTED: (
        "file {file} was not imported; there is nothing to undo",
        "fil {file} ble ikke lest inn; det er ingenting å angre",
    ),
    E.UNDO_HANDLED_BY_HAND: (
        "payment {payment} of the file was handled by hand; the import cannot be undone",
        "betaling {payment} i filen er behandlet manuelt; innlesingen kan ikke angres",
    ),
    E.UNDO_NOT_PAYMENTS: (
        "file {file} changed AvtaleGiro mandates or claims; the import cannot be undone",
        "fil {file} endret AvtaleGiro-fullmakter eller -krav; innlesingen kan ikke angres",
    ),
    E.NO_INVOICE_NUMBER: ("no invoice with number {invoice}", "ingen faktura med nummer {invoice}"),
    E.POLICY_VALUES: (
        "unknown-KID policy must be one of {allowed}",
        "valget for ukjent KID må være ett av {allowed}",
    ),
    E.NOT_A_PAYMENT_FILE: (
        "not a payment file: a Nets OCR Giro file starts with NY000010 and a camt.054 file is XML",
        "ikke en betalingsfil: en OCR Giro-fil fra Nets begynner med NY000010, og en"
        " camt.054-fil er XML",
    ),
    E.OTHER_DATA_RECIPIENT: (
        "the file is addressed to data recipient {recipient}, but the company's OCR agreement"
        " {agreement} is with data recipient {agreed}: it is not this company's file;"
        " nothing booked",
        "filen er adressert til datamottaker {recipient}, men firmaets OCR-avtale"
        " {agreement} er med datamottaker {agreed}: det er ikke dette firmaets fil;"
        " ingenting er bokført",
    ),
    E.MESSAGE_SEEN: (
        "the message {key} was imported before from '{filename}' with other content: a"
        " re-delivery that differs needs a person to look at it; nothing booked",
        "meldingen {key} er lest inn før fra «{filename}» med annet innhold: en ny levering"
        " som er ulik, må ses på av en person; ingenting er bokført",
    ),
    E.KEY_TWICE: (
        "payment key {key} appears twice in the file",
        "betalingsnøkkelen {key} står to ganger i filen",
    ),
    E.NEGATIVE_TOLERANCE: (
        "the tolerance cannot be negative",
        "toleransen kan ikke være negativ",
    ),
    E.ORDER_VALUES: (
        "the payment order must be one of {allowed}",
        "rekkefølgen for innbetalinger må være én av {allowed}",
    ),
    E.NO_CHARGE: (
        "invoice {invoice} has no fee or interest with id {charge}",
        "faktura {invoice} har ikke noe gebyr eller renter med id {charge}",
    ),
    E.NOTHING_TO_WAIVE: (
        "invoice {invoice} has no open fee or interest to waive",
        "faktura {invoice} har ikke noe åpent gebyr eller renter å frafalle",
    ),
    E.WAIVE_REASON: (
        "say why the fee is waived",
        "skriv hvorfor gebyret frafalles",
    ),
    E.CURRENCY_DIFFERS: (
        "invoice {invoice} is in {invoice_currency}; {currency} cannot settle it",
        "faktura {invoice} er i {invoice_currency}; {currency} kan ikke gjøre den opp",
    ),
}
