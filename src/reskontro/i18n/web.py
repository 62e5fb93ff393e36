"""Texts of the web layer's codes (:class:`reskontro.web.codes.WebCode`)."""

from __future__ import annotations

from reskontro.channels.folder import FolderCode
from reskontro.limits import InputCode
from reskontro.web.codes import WebCode, WebField, WebRole

TEXTS: dict[WebCode | WebRole | WebField | InputCode | FolderCode, tuple[str, str]] = {
    WebCode.NOT_AN_INTEGER: (
        "{label:@web.field}: '{value}' is not a whole number",
        "{label:@web.field}: '{value}' er ikke et heltall",
    ),
    WebCode.NOT_AN_AMOUNT: (
        "{label:@web.field}: '{value}' is not an amount",
        "{label:@web.field}: '{value}' er ikke et beløp",
    ),
    WebCode.NOT_WHOLE_ORE: (
        "{label:@web.field}: '{value}' is not a whole number of øre",
        "{label:@web.field}: '{value}' er ikke et helt antall øre",
    ),
    WebCode.NOT_A_DATE: (
        "'{value}' is not a date (dd.mm.yyyy)",
        "'{value}' er ikke en dato (dd.mm.åååå)",
    ),
    WebRole.ADMIN: ("Administrator", "Administrator"),
    WebRole.BANK_AND_PAYMENTS: ("Bank and payments", "Bank og betalinger"),
    WebRole.INVOICING: ("Invoicing", "Fakturering"),
    WebRole.READ_ONLY: ("Read only", "Kun lesetilgang"),
    WebField.CUSTOMER: ("customer", "kunde"),
    WebField.COMPANY: ("company", "firma"),
    WebField.ITEM: ("item", "post"),
    WebField.MODULUS: ("modulus", "modulus"),
    WebField.TOLERANCE: ("tolerance", "toleranse"),
    WebField.QUANTITY: ("quantity", "antall"),
    WebField.AMOUNT: ("amount", "beløp"),
    WebField.TERMS: ("payment terms", "betalingsfrist"),
    WebField.PORT: ("port", "port"),
    WebField.KID_LENGTH: ("KID length", "KID-lengde"),
    FolderCode.NO_ROOT: (
        "folder channels are off: the operator has not set {variable}",
        "mappekanaler er slått av: driftsansvarlig har ikke satt {variable}",
    ),
    FolderCode.OUTSIDE_ROOT: (
        "the folder {folder} is not under {variable} ({root})",
        "mappen {folder} ligger ikke under {variable} ({root})",
    ),
    InputCode.OUT_OF_RANGE: (
        "a number is out of range (at most {limit})",
        "et tall er utenfor gyldig område (høyst {limit})",
    ),
    WebCode.NO_PAGE: ("The page does not exist", "Siden finnes ikke"),
    WebCode.NO_COMPANY_YET: (
        "The user has no access to any company yet; ask an administrator",
        "Brukeren har ikke tilgang til noe firma ennå; spør en administrator",
    ),
    WebCode.UNKNOWN_CHOICE: ("unknown choice: {value}", "ukjent valg: {value}"),
    WebCode.NOT_A_NUMBER: (
        "{label:@web.field}: '{value}' is not a number",
        "{label:@web.field}: '{value}' er ikke et tall",
    ),
    WebCode.TOO_MANY_DECIMALS: (
        "{label:@web.field}: '{value}' has too many decimals",
        "{label:@web.field}: '{value}' har for mange desimaler",
    ),
    WebCode.NOT_A_CUSTOMER_NUMBER: (
        "'{value}' is not a customer number",
        "'{value}' er ikke et kundenummer",
    ),
    WebCode.NOT_CUSTOMER_NUMBERS: (
        "'{value}' are not customer numbers (separate them by commas)",
        "'{value}' er ikke kundenumre (skill dem med komma)",
    ),
    WebCode.UNKNOWN_INTERVAL: (
        "the interval '{value}' is unknown",
        "intervallet '{value}' er ukjent",
    ),
    WebCode.FILE_TOO_LARGE: (
        "the file is larger than {limit_mb} MB",
        "filen er større enn {limit_mb} MB",
    ),
    WebCode.CHOOSE_CHANNEL_KIND: ("choose SFTP or folder", "velg SFTP eller mappe"),
    WebCode.FOLDER_NEEDS_PATH: ("a folder channel needs a path", "en mappekanal trenger en sti"),
    WebCode.PASSWORD_CHANGED: (
        "Password changed. Other sessions ended: {sessions}; API tokens revoked: {tokens}.",
        "Passordet er endret. Andre økter avsluttet: {sessions}; API-tokens trukket tilbake:"
        " {tokens}.",
    ),
    WebCode.PASSWORDS_DIFFER: (
        "the two new passwords differ",
        "de to nye passordene er ulike",
    ),
    WebCode.CONNECTED: ("connected", "tilkoblet"),
    WebCode.NOT_CONNECTED: ("could not connect", "kunne ikke koble til"),
    WebCode.TOO_MANY_TESTS: (
        "too many connection tests; try again in a minute",
        "for mange tilkoblingstester; prøv igjen om et minutt",
    ),
    WebCode.CHOOSE_CUSTOMER: ("choose a customer", "velg en kunde"),
    WebCode.CHOOSE_CUSTOMER_OR_INVOICE: (
        "choose a customer or give an invoice number",
        "velg en kunde eller oppgi et fakturanummer",
    ),
    WebCode.NO_CUSTOMER_MATCH: ('no customer matches "{text}"', "ingen kunde passer til «{text}»"),
    WebCode.MANY_CUSTOMERS_MATCH: (
        '{n} customers match "{text}"; choose one from the list',
        "{n} kunder passer til «{text}»; velg én fra listen",
    ),
    WebCode.INBOX_POSTED_CUSTOMER: (
        "The payment of {amount_ore:kr} is posted to customer {customer} {name}.",
        "Betalingen på {amount_ore:kr} er bokført på kunde {customer} {name}.",
    ),
    WebCode.INBOX_POSTED_INVOICE: (
        "The payment of {amount_ore:kr} is posted to invoice {invoice}.",
        "Betalingen på {amount_ore:kr} er bokført på faktura {invoice}.",
    ),
    WebCode.INBOX_MOVED: (
        "The payment of {amount_ore:kr} is moved to customer {customer} {name}.",
        "Betalingen på {amount_ore:kr} er flyttet til kunde {customer} {name}.",
    ),
    WebCode.INBOX_IGNORED: (
        "The payment of {amount_ore:kr} is set aside, not booked.",
        "Betalingen på {amount_ore:kr} er lagt til side uten å bokføres.",
    ),
    WebCode.INBOX_REFUND: (
        "The payment of {amount_ore:kr} is marked to be paid back.",
        "Betalingen på {amount_ore:kr} er merket for tilbakebetaling.",
    ),
    WebCode.INBOX_SPLIT: (
        "The payment is split over {n} invoices of customer {customer};"
        " {credit_ore:kr} is left as the customer's credit.",
        "Betalingen er fordelt på {n} fakturaer hos kunde {customer};"
        " {credit_ore:kr} står igjen som kundens tilgode.",
    ),
    WebCode.IMPORT_UNDONE: (
        "The import of {filename} is undone: {payments} payments removed.",
        "Innlesingen av {filename} er angret: {payments} betalinger fjernet.",
    ),
    WebCode.MATCHED: (
        "Items of {amount_ore:kr} are closed on customer {customer}.",
        "Poster på {amount_ore:kr} er lukket hos kunde {customer}.",
    ),
    WebCode.SAVED: ("Saved.", "Lagret."),
    WebCode.INVOICE_ISSUED: ("The invoice is issued.", "Fakturaen er utstedt."),
    WebCode.CREDIT_NOTE_MADE: ("The credit note is made.", "Kreditnotaen er laget."),
    WebCode.CUSTOMER_CREATED: ("The customer is created.", "Kunden er opprettet."),
    WebCode.HANDED_OVER: (
        "{n} claims are handed over to debt collection; the files are below.",
        "{n} krav er overlevert til inkasso; filene ligger nedenfor.",
    ),
    WebCode.HOLD_ADDED: ("Letters are held back.", "Brev er stoppet."),
    WebCode.HOLD_RELEASED: ("The hold is released.", "Stoppen er opphevet."),
    WebCode.DISPUTED: ("The invoice is marked disputed.", "Fakturaen er merket som omtvistet."),
    WebCode.DISPUTE_RESOLVED: ("The dispute is resolved.", "Tvisten er løst."),
    WebCode.CREDIT_NOTE_MADE_FOR: (
        "Credit note {number} of {amount_ore:kr} is made.",
        "Kreditnota {number} på {amount_ore:kr} er laget.",
    ),
    WebCode.CREDIT_QUANTITY: (
        "{value} is not a positive quantity or amount",
        "{value} er ikke et positivt antall eller beløp",
    ),
    WebCode.CREDIT_MORE_THAN_LEFT: (
        "line {line} has {left} left to credit; a credit note never credits more than was invoiced",
        "linje {line} har {left} igjen å kreditere; en kreditnota krediterer aldri mer enn"
        " det som ble fakturert",
    ),
    WebCode.CREDIT_NOTHING_CHOSEN: (
        "give a quantity or an amount on at least one line",
        "oppgi antall eller beløp på minst én linje",
    ),
    WebCode.SERIES_SAVED: (
        "The next new customer gets number {start}.",
        "Neste nye kunde får nummer {start}.",
    ),
}
