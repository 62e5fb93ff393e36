"""Texts of invoicing: the invoice forms, the invoice and VAT rules of the domain, the
seller's numbers, KID templates and the invoicing use cases' errors."""

from __future__ import annotations

import enum
from typing import Final

from reskontro.domain.company import NumberCode, NumberFault
from reskontro.domain.invoice import InvoiceError
from reskontro.domain.kid import KidCode
from reskontro.domain.lines_csv import CsvError
from reskontro.domain.vat import VatError
from reskontro.services.invoicing.codes import InvoicingError


class FormError(enum.StrEnum):
    """What is wrong with an invoice form."""

    LINE_WITHOUT_DESCRIPTION = "invoice.line_without_description"


TEXTS: Final[dict[enum.StrEnum, tuple[str, str]]] = {
    CsvError.INVALID: (
        "the file of lines per customer has {problems} problem(s); nothing was issued",
        "filen med linjer per kunde har {problems} feil; ingenting ble utstedt",
    ),
    CsvError.EMPTY: ("the file of lines per customer has no lines", "filen har ingen linjer"),
    CsvError.NO_CUSTOMER_COLUMN: (
        "the header has no customer column (kunde or customer)",
        "overskriftslinjen har ingen kundekolonne (kunde eller customer)",
    ),
    CsvError.UNKNOWN_COLUMN: (
        "unknown column '{column}' (use kunde, tekst, antall, pris, mva, produkt)",
        "ukjent kolonne «{column}» (bruk kunde, tekst, antall, pris, mva, produkt)",
    ),
    CsvError.CUSTOMER: ("'{value}' is not a customer number", "«{value}» er ikke et kundenummer"),
    CsvError.NO_TEXT: (
        "the line has neither a text nor a product",
        "linjen har verken tekst eller produkt",
    ),
    CsvError.VALUE: ("{column}: '{value}' cannot be read", "{column}: «{value}» kan ikke leses"),
    CsvError.COLUMNS: (
        "{found} columns, but the header has {expected}",
        "{found} kolonner, men overskriftslinjen har {expected}",
    ),
    FormError.LINE_WITHOUT_DESCRIPTION: (
        "Line {line} has a price but no description",
        "Linje {line} har pris, men ingen beskrivelse",
    ),
    # -- the seller's numbers (reskontro.domain.company)
    NumberCode.BAD_ORG_NUMBER: (
        "organisation number '{number}' is not valid: {fault:@company.fault}",
        "organisasjonsnummeret «{number}» er ikke gyldig: {fault:@company.fault}",
    ),
    NumberCode.BAD_ACCOUNT: (
        "bank account '{number}' is not valid: {fault:@company.fault}",
        "kontonummeret «{number}» er ikke gyldig: {fault:@company.fault}",
    ),
    NumberCode.ACCOUNT_LENGTH: (
        "bank account '{number}' must have 11 digits",
        "kontonummeret «{number}» må ha 11 siffer",
    ),
    NumberFault.LENGTH: ("The number has an invalid length.", "nummeret har feil lengde"),
    NumberFault.CHECKSUM: (
        "The number's checksum or check digit is invalid.",
        "kontrollsifferet stemmer ikke",
    ),
    NumberFault.FORMAT: ("The number has an invalid format.", "nummeret har feil format"),
    # -- VAT and quantities (reskontro.domain.vat)
    VatError.UNKNOWN_RATE: (
        "unknown VAT rate '{rate}'; use one of {allowed}",
        "ukjent MVA-sats «{rate}»; bruk en av {allowed}",
    ),
    VatError.NOT_A_QUANTITY: (
        "not a quantity: '{text}' (at most three decimals)",
        "ikke et antall: «{text}» (høyst tre desimaler)",
    ),
    VatError.QUANTITY_ZERO: ("quantity must not be zero", "antallet kan ikke være null"),
    # -- invoices and credit (reskontro.domain.invoice)
    InvoiceError.LINE_NEEDS_TEXT: (
        "an invoice line needs a text",
        "en fakturalinje må ha en tekst",
    ),
    InvoiceError.DUE_OR_TERMS: (
        "give either a due date or payment terms, not both",
        "oppgi enten forfallsdato eller betalingsfrist, ikke begge",
    ),
    InvoiceError.DUE_BEFORE_INVOICE_DATE: (
        "due date {due:date} is before the invoice date {invoice_date:date}",
        "forfallsdatoen {due:date} er før fakturadatoen {invoice_date:date}",
    ),
    InvoiceError.TERMS_RANGE: (
        "payment terms must be 0 to 365 days, not {days}",
        "betalingsfristen må være 0 til 365 dager, ikke {days}",
    ),
    InvoiceError.WHOLLY_CREDITED: (
        "the invoice is already wholly credited",
        "fakturaen er allerede kreditert i sin helhet",
    ),
    InvoiceError.NO_SUCH_LINE: (
        "the invoice has no line {line}; it has lines 1 to {lines}",
        "fakturaen har ingen linje {line}; den har linje 1 til {lines}",
    ),
    InvoiceError.CREDIT_QUANTITY: (
        "quantity to credit on line {line} must be positive",
        "antallet som krediteres på linje {line}, må være positivt",
    ),
    InvoiceError.CREDIT_TOO_MUCH: (
        "line {line} has {left} left to credit, not {wanted}: a credit note can never credit"
        " more than was invoiced",
        "linje {line} har {left} igjen å kreditere, ikke {wanted}: en kreditnota kan aldri"
        " kreditere mer enn det som ble fakturert",
    ),
    # -- KID templates (reskontro.domain.kid)
    KidCode.BAD_MODULUS: (
        "modulus must be 10 or 11, not {value}",
        "modulus må være 10 eller 11, ikke {value}",
    ),
    KidCode.BASE_NOT_DIGITS: (
        "KID base must be digits only, not {base}",
        "grunnlaget for KID må bare være siffer, ikke {base}",
    ),
    KidCode.DASH_REFUSED: (
        "MOD11 of {base} gives the check value 10 ('-'), which this company refuses",
        "MOD11 av {base} gir kontrollverdien 10 («-»), som dette firmaet ikke godtar",
    ),
    KidCode.TOO_LONG: (
        "a KID must be {min} to {max} characters, this one would be {length}",
        "en KID må ha {min} til {max} tegn, denne ville fått {length}",
    ),
    KidCode.EMPTY: ("the KID is empty", "KID-en er tom"),
    KidCode.LENGTH: (
        "a KID has {min} to {max} characters, not {length}",
        "en KID har {min} til {max} tegn, ikke {length}",
    ),
    KidCode.FORM: (
        "a KID is digits with a check digit or '-' at the end: {number}",
        "en KID er siffer med et kontrollsiffer eller «-» til slutt: {number}",
    ),
    KidCode.CHECK_DIGIT: (
        "check digit {check} of KID {kid} is wrong under {moduli}",
        "kontrollsifferet {check} i KID {kid} er feil etter {moduli}",
    ),
    KidCode.TEMPLATE_TEXT: (
        "unexpected text {unexpected} in KID template {template}; use only {customer_part} and"
        " {invoice_part}",
        "uventet tekst {unexpected} i KID-malen {template}; bruk bare {customer_part} og"
        " {invoice_part}",
    ),
    KidCode.TEMPLATE_PART: (
        "unknown part {part} in KID template; use CustomerNo or InvoiceNo",
        "ukjent del {part} i KID-malen; bruk CustomerNo eller InvoiceNo",
    ),
    KidCode.PART_WIDTH: (
        "part {part} must have at least one digit",
        "delen {part} må ha minst ett siffer",
    ),
    KidCode.PART_TWICE: (
        "part {part} appears twice in the KID template",
        "delen {part} står to ganger i KID-malen",
    ),
    KidCode.TEMPLATE_FORM: (
        "KID template {template} must be made of {customer_part} and {invoice_part}",
        "KID-malen {template} må bestå av {customer_part} og {invoice_part}",
    ),
    KidCode.NO_INVOICE_PART: (
        "the KID template needs an {invoice_part} part: without it two invoices of one"
        " customer would get the same KID",
        "KID-malen må ha en {invoice_part}-del: uten den ville to fakturaer til samme kunde"
        " fått samme KID",
    ),
    KidCode.TEMPLATE_TOO_LONG: (
        "the KID would be {length} characters; Nets allows at most {max}",
        "KID-en ville fått {length} tegn; Nets tillater høyst {max}",
    ),
    KidCode.NEGATIVE: ("{part} {value} is negative", "{part} {value} er negativt"),
    KidCode.TOO_MANY_DIGITS: (
        "{part} {value} has {digits} digits but the KID template gives it {width}; a digit"
        " would be lost",
        "{part} {value} har {digits} siffer, men KID-malen gir det {width}; et siffer ville"
        " gått tapt",
    ),
    KidCode.DECODE_LENGTH: (
        "KID {kid} has {length} characters; template {template} makes {template_length}",
        "KID {kid} har {length} tegn; malen {template} lager {template_length}",
    ),
    KidCode.NUMBER_IN_USE: (
        "{part} {number} is already in use and does not fit in {digits} digits",
        "{part} {number} er allerede i bruk og får ikke plass i {digits} siffer",
    ),
    KidCode.AVTALEGIRO_NO_CUSTOMER_PART: (
        "AvtaleGiro wants the customer number at positions {first}-{last}, but the template"
        " has no {part} part",
        "AvtaleGiro vil ha kundenummeret i posisjon {first}-{last}, men malen har ingen {part}-del",
    ),
    KidCode.AVTALEGIRO_CUSTOMER_ELSEWHERE: (
        "AvtaleGiro wants the customer number at positions {first}-{last}, but the template"
        " puts it at {at_first}-{at_last} ({digits} digits)",
        "AvtaleGiro vil ha kundenummeret i posisjon {first}-{last}, men malen setter det i"
        " {at_first}-{at_last} ({digits} siffer)",
    ),
    # -- the invoicing use cases (reskontro.services.invoicing)
    InvoicingError.STATUS_UNKNOWN: (
        "status must be one of {allowed}",
        "status må være en av {allowed}",
    ),
    InvoicingError.COMPANY_NEEDS_NAME: ("the company needs a name", "firmaet må ha et navn"),
    InvoicingError.COMPANY_INVALID: (
        "the company's details are not valid",
        "firmaopplysningene er ikke gyldige",
    ),
    InvoicingError.SERIES_START: (
        "number series start at 1 or above",
        "nummerserier starter på 1 eller høyere",
    ),
    InvoicingError.NO_COMPANY_YET: (
        "there is no company yet: create one with `reskontro company create`",
        "det finnes ikke noe firma ennå: opprett et først",
    ),
    InvoicingError.SEVERAL_COMPANIES: (
        "the database holds several companies: choose one",
        "databasen har flere firmaer: velg ett",
    ),
    InvoicingError.ORG_NUMBER_TAKEN: (
        "a company with organisation number {org_number} exists (id {id})",
        "et firma med organisasjonsnummer {org_number} finnes allerede (id {id})",
    ),
    InvoicingError.TERMS_RANGE: (
        "payment terms are 0 to 365 days, not {days}",
        "betalingsfristen er 0 til 365 dager, ikke {days}",
    ),
    InvoicingError.NOT_VAT_REGISTERED: (
        "{company} is not VAT registered and cannot charge {vat} % VAT; use 0 or exempt",
        "{company} er ikke MVA-registrert og kan ikke kreve {vat} % MVA; bruk 0 eller fritatt",
    ),
    InvoicingError.NEGATIVE_LINE: (
        "invoice lines have positive quantities and prices; use a credit note to take"
        " something back",
        "fakturalinjer har positive antall og priser; bruk en kreditnota for å ta noe tilbake",
    ),
    InvoicingError.ISSUED_NOT_CHANGED: (
        "invoice {invoice} is issued and can never be changed; credit it",
        "faktura {invoice} er utstedt og kan aldri endres; krediter den",
    ),
    InvoicingError.ISSUED_NOT_DELETED: (
        "invoice {invoice} is issued and can never be deleted; credit it",
        "faktura {invoice} er utstedt og kan aldri slettes; krediter den",
    ),
    InvoicingError.ALREADY_ISSUED: (
        "invoice {invoice_id} is already issued as number {number}",
        "faktura {invoice_id} er allerede utstedt med nummer {number}",
    ),
    InvoicingError.DUE_BEFORE_ISSUE: (
        "the due date {due:date} is before the issue date {issue:date}",
        "forfallsdatoen {due:date} er før utstedelsesdatoen {issue:date}",
    ),
    InvoicingError.NUMBER_TAKEN: (
        "invoice number {number} or KID {kid} is taken",
        "fakturanummer {number} eller KID {kid} er allerede brukt",
    ),
    InvoicingError.CREDIT_OF_CREDIT_NOTE: (
        "a credit note cannot itself be credited",
        "en kreditnota kan ikke selv krediteres",
    ),
    InvoicingError.CREDIT_OF_DRAFT: (
        "a draft is not credited; change or delete it instead",
        "et utkast krediteres ikke; endre eller slett det i stedet",
    ),
    InvoicingError.CREDIT_MORE_THAN_LEFT: (
        "this credit note of {amount_ore} øre would take back more than the {remaining_ore} øre"
        " not yet credited on invoice {invoice}",
        "denne kreditnotaen på {amount_ore:kr} ville ta tilbake mer enn de {remaining_ore:kr}"
        " som ikke er kreditert på faktura {invoice}",
    ),
    InvoicingError.KID_DOES_NOT_FIT: (
        "the KID template does not fit",
        "KID-malen passer ikke",
    ),
    InvoicingError.KID_NEXT_CUSTOMER: (
        "CustomerNo {number} is the series' next number and does not fit in {digits} digits;"
        " start the series at {limit} or lower first",
        "CustomerNo {number} er seriens neste nummer og får ikke plass i {digits} siffer;"
        " start serien på {limit} eller lavere først",
    ),
    InvoicingError.KID_POSITIONS_OUTSIDE: (
        "AvtaleGiro positions {first}-{last} are outside the KID's {digits} digits before the"
        " check digit",
        "AvtaleGiro-posisjonene {first}-{last} ligger utenfor KID-ens {digits} siffer før"
        " kontrollsifferet",
    ),
    InvoicingError.CUSTOMER_NUMBER_TOO_WIDE: (
        "customer number {number} does not fit in the KID template's {digits} digits for"
        " CustomerNo",
        "kundenummer {number} får ikke plass i KID-malens {digits} siffer for CustomerNo",
    ),
    InvoicingError.CHUNK_NUMBER_TAKEN: (
        "an invoice number or KID of the run is taken by another invoice; try again",
        "et fakturanummer eller en KID i kjøringen er allerede brukt; prøv igjen",
    ),
    InvoicingError.KID_TEMPLATE_TEXT: ("{text}", "{text}"),
    InvoicingError.CUSTOMER_NUMBER_TAKEN: (
        "customer number {number} is taken",
        "kundenummer {number} er allerede i bruk",
    ),
    InvoicingError.NO_SERIES: (
        "company {company_id} has no {kind} number series",
        "firma {company_id} har ingen nummerserie «{kind}»",
    ),
    InvoicingError.KID_POSITIONS_TOO_NARROW: (
        "customer number {number} does not fit in positions {first}-{last} ({digits} digits)",
        "kundenummer {number} får ikke plass i posisjon {first}-{last} ({digits} siffer)",
    ),
}
