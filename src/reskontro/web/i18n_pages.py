"""English texts of the bokmål ids on the bookkeeper's pages of issue 16 (voucher
inbox, follow-up, credit notes, audit log, statements), merged into
:data:`reskontro.web.i18n.EN`."""

from __future__ import annotations

from typing import Final

#: Aging buckets by their code (:class:`reskontro.domain.followup.Bucket`).
BUCKET_NAMES: Final = {
    "not_due": "Ikke forfalt",
    "0-30": "0–30 dager",
    "31-60": "31–60 dager",
    "61-90": "61–90 dager",
    "90+": "Over 90 dager",
}
#: What the overdue list can be narrowed to.
FOLLOWUP_STATES: Final = {
    "disputed": "Omtvistet",
    "held": "Stoppet",
    "handed_over": "Hos inkasso",
    "plain": "Uten stopp eller tvist",
}
#: Follow-up documents by kind.
LETTER_NAMES: Final = {
    "reminder": "Purring",
    "inkassovarsel": "Inkassovarsel",
    "interest_note": "Rentenota",
}

#: Kinds of objects in the audit log.
OBJECT_NAMES: Final = {
    "invoice": "Faktura",
    "customer": "Kunde",
    "payment": "Betaling",
    "company": "Firma",
    "bank_file": "Bankfil",
    "bank_channel": "Bankkanal",
    "user": "Bruker",
    "api_token": "API-token",
    "recurring_agreement": "Repeterende avtale",
    "avtalegiro_agreement": "AvtaleGiro-avtale",
    "avtalegiro_file": "AvtaleGiro-fil",
    "followup_rate": "Rentesats",
    "job_schedule": "Tidsplan",
    "ocr_agreement": "OCR-avtale",
    "recipient": "E-postmottaker",
}

#: The source of a bank account's payments (:class:`reskontro.domain.bank_account.AccountSource`).
ACCOUNT_SOURCES: Final = {
    "both": "OCR og camt.054",
    "ocr": "Bare OCR fra Nets",
    "camt": "Bare camt.054 fra banken",
}

EN: Final[dict[str, str]] = {
    # bank accounts and the source of their payments (issue 11)
    "OCR og camt.054": "OCR and camt.054",
    "Bare OCR fra Nets": "Only OCR from Nets",
    "Bare camt.054 fra banken": "Only camt.054 from the bank",
    "Kontoer og kilde for innbetalinger": "Accounts and the source of payments",
    "En betalingsfil for en konto som ikke står her, avvises i sin helhet. For hver konto"
    " velger du om betalingene kommer som OCR-filer fra Nets, camt.054 fra banken eller"
    " begge; kommer samme betaling i begge, bokføres den én gang.": (
        "A payment file for an account not listed here is rejected whole. For each account,"
        " choose whether its payments come as OCR files from Nets, camt.054 from the bank or"
        " both; a payment that comes in both is booked once."
    ),
    "Kilde": "Source",
    "hovedkonto": "main account",
    "Fjerne kontoen? Betalingsfiler for den avvises fra nå av.": (
        "Remove the account? Payment files for it are rejected from now on."
    ),
    "Fjern": "Remove",
    "Konto (11 siffer eller IBAN)": "Account (11 digits or IBAN)",
    "Lagre konto": "Save account",
    # a possible duplicate in the voucher inbox, beside the payment it may repeat
    "Mulig duplikat av betaling %(n)s": "Possible duplicate of payment %(n)s",
    "samme konto, dato, beløp og KID fra en annen fil. Er det samme betaling, legg denne til"
    " side; er det to betalinger, bokfør den.": (
        "same account, date, amount and KID from another file. If it is the same payment, set"
        " this one aside; if they are two payments, post it."
    ),
    "Denne betalingen": "This payment",
    "Bokført fra før": "Booked before",
    "Bankreferanse": "Bank reference",
    "Mulige duplikater (i bilagsmottaket)": "Possible duplicates (in the voucher inbox)",
    # voucher inbox
    "Betaler, konto, KID, melding eller beløp": "Payer, account, KID, message or amount",
    "Venter": "Waiting",
    "Lagt til side": "Set aside",
    "Søk: navn, nummer eller org.nr.": "Search: name, number or org. no.",
    "Søk etter kunde": "Search for a customer",
    "– velg kunde –": "– choose a customer –",
    "eller faktura nr.": "or invoice no.",
    "Fordel på flere fakturaer": "Split over several invoices",
    "Fordel": "Split",
    "Legg til side": "Set aside",
    "Merke betalingen for tilbakebetaling til betaleren?": (
        "Mark the payment to be paid back to the payer?"
    ),
    "Tilbakebetal": "Pay back",
    "Angre hele innlesingen? Betalingene slettes og fakturaene de betalte åpnes igjen.": (
        "Undo the whole import? Its payments are deleted and the invoices they paid open again."
    ),
    "Angre innlesingen": "Undo the import",
    "Bare mulig så lenge ingen av betalingene er behandlet manuelt.": (
        "Possible only while none of its payments was handled by hand."
    ),
    # follow-up
    "Oppfølging": "Follow-up",
    "Forfalte": "Overdue",
    "Purring": "Reminders",
    "Inkassovarsel": "Debt collection notice",
    "Forsinkelsesrenter": "Late-payment interest",
    "Til inkasso": "To debt collection",
    "Stopp og tvister": "Holds and disputes",
    "Omtvistet": "Disputed",
    "Stoppet": "Held",
    "Hos inkasso": "With debt collection",
    "Uten stopp eller tvist": "Without hold or dispute",
    "Rentenota": "Interest note",
    "%(n)s rentenotaer utstedt.": "%(n)s interest notes issued.",
    "Renter til og med": "Interest up to and including",
    "Renter som ikke er fakturert ennå: %(amount)s.": "Interest not yet invoiced: %(amount)s.",
    "Periode": "Period",
    "Renter": "Interest",
    "Sum for kunden": "Customer total",
    "Ingen renter å fakturere.": "No interest to invoice.",
    "Utstede rentenotaer nå?": "Issue interest notes now?",
    "Utsted rentenotaer": "Issue interest notes",
    "Alder": "Age",
    "Minst dager forfalt": "At least days overdue",
    "Last ned CSV": "Download CSV",
    "Aldersfordeling per kunde": "Ageing per customer",
    "Forfalte fakturaer": "Overdue invoices",
    "Dager": "Days",
    "Gebyrer": "Fees",
    "Siste brev": "Last letter",
    "frist": "deadline",
    "Ingen forfalte fakturaer passer til filteret.": "No overdue invoices match the filter.",
    "Aktive stopp": "Active holds",
    "Gjelder": "For",
    "Til og med": "Until",
    "Opphev": "Release",
    "Ingen stopp.": "No holds.",
    "Stopp brev": "Hold back letters",
    "Stopp": "Hold",
    "Tvist": "Dispute",
    "Merk som omtvistet": "Mark disputed",
    "Omtvistede fakturaer": "Disputed invoices",
    "Tvisten er løst": "The dispute is resolved",
    "Ingen forfalte fakturaer er omtvistet.": "No overdue invoice is disputed.",
    "Kjørt: %(n)s brev laget (PDF) og lagt i utboksen.": (
        "Run: %(n)s letters made (PDF) and put in the outbox."
    ),
    "Forhåndsvisning: ingenting er sendt ennå. Sjekk tabellen, og kjør når den stemmer.": (
        "Preview: nothing is sent yet. Check the table, and run when it is right."
    ),
    "Også til forfalte uten purring (purring og inkassovarsel i ett)": (
        "Also to overdue invoices without a reminder (reminder and notice in one)"
    ),
    "%(n)s betalinger venter i bilagsmottaket; noen kan betale disse fakturaene.": (
        "%(n)s payments wait in the voucher inbox; some may pay these invoices."
    ),
    "Brev": "Letters",
    "Nivå": "Level",
    "Hovedstol": "Principal",
    "Gebyr": "Fee",
    "Frist": "Deadline",
    "Sendes som": "Sent as",
    "Ingen brev i denne kjøringen.": "No letters in this run.",
    "Hoppes over": "Skipped",
    "Ingen.": "None.",
    "Lage og sende %(n)s brev nå?": "Make and send %(n)s letters now?",
    "Kjør nå": "Run now",
    "Krav der fristen i inkassovarselet er ute. Forhåndsvisning: ingenting er overlevert ennå.": (
        "Claims whose notice deadline has passed. Preview: nothing is handed over yet."
    ),
    "Varsel, frist": "Notice, deadline",
    "Ingen krav skal til inkasso nå.": "No claims go to debt collection now.",
    "Overlevere %(n)s krav til inkasso nå?": "Hand %(n)s claims over to debt collection now?",
    "Overlever til inkasso": "Hand over to debt collection",
    "Tidligere overleveringer": "Past hand-offs",
    "Krav": "Claims",
    "Filer": "Files",
    "Ingen ennå.": "None yet.",
    "CSV": "CSV",
    "JSON": "JSON",
    "PDF": "PDF",
    # credit notes
    "Faktura %(n)s": "Invoice %(n)s",
    "faktura %(n)s": "invoice %(n)s",
    "Til gode for kunden": "The customer's credit",
    "Krediter valgte linjer eller et beløp": "Credit chosen lines or an amount",
    "Igjen å kreditere": "Left to credit",
    "Antall å kreditere": "Quantity to credit",
    "eller beløp eks. mva": "or amount excl. VAT",
    "Lag kreditnota": "Make the credit note",
    "ikke oppgitt": "not given",
    # audit log
    "Bankfil": "Bank file",
    "Bankkanal": "Bank channel",
    "Bruker": "User",
    "API-token": "API token",
    "Repeterende avtale": "Recurring agreement",
    "AvtaleGiro-avtale": "AvtaleGiro agreement",
    "AvtaleGiro-fil": "AvtaleGiro file",
    "Rentesats": "Interest rate",
    "Tidsplan": "Schedule",
    "OCR-avtale": "OCR agreement",
    "E-postmottaker": "E-mail recipient",
    "Id": "Id",
    "Detaljer": "Details",
    "Før og etter": "Before and after",
    "Ingen hendelser passer til filteret.": "No entries match the filter.",
    # KID and the OCR agreement
    "Fakturaene får KID, men firmaet har ingen OCR-avtale med Nets: banken melder ikke"
    " KID-betalinger før en avtale er registrert og godkjent.": (
        "Invoices get a KID, but the company has no OCR agreement with Nets: the bank"
        " reports no KID payments until an agreement is registered and verified."
    ),
    "Fakturaene får KID, men OCR-avtalen med Nets er %(status)s, ikke godkjent: banken"
    " melder ikke KID-betalinger før den er godkjent.": (
        "Invoices get a KID, but the OCR agreement with Nets is %(status)s, not verified:"
        " the bank reports no KID payments until it is verified."
    ),
    "Til OCR-avtalen": "To the OCR agreement",
    "ingen": "none",
    "KID uten godkjent avtale": "KID without a verified agreement",
    "Neste kundenummer": "Next customer number",
    "Lagre nummerserien": "Save the number series",
    "Største kundenummer i bruk: %(n)s. En KID-mal med kortere kundedel (f.eks."
    " {CustomerNo:4}) krever at serien starter lavere.": (
        "Largest customer number in use: %(n)s. A KID template with a shorter customer part"
        " (e.g. {CustomerNo:4}) needs the series to start lower."
    ),
}
