"""Follow-up's texts: why a claim gets a letter, a fee or none, and its errors.

The English texts are the sentences the CLI has always printed (dates and amounts the
Norwegian way, ``{x:dmy}`` and ``{x:nok}``, as the law's texts write them)."""

from __future__ import annotations

from typing import Final

from reskontro.domain.followup_codes import FollowupError, Why

TEXTS: Final[dict[Why | FollowupError, tuple[str, str]]] = {
    Why.PAID: ("nothing open", "ingenting står åpent"),
    Why.NOT_NOK: (
        "in {currency}: reminders and notices are sent for invoices in NOK only",
        "i {currency}: purringer og inkassovarsler sendes bare for fakturaer i NOK",
    ),
    Why.HANDOFF_NOT_NOK: (
        "in {currency}: the hand-off file takes invoices in NOK only (fees, interest rates"
        " and totals are NOK); hand this claim over by hand",
        "i {currency}: overleveringsfilen tar bare fakturaer i NOK (gebyrer, rentesatser"
        " og summer er i NOK); overlever dette kravet manuelt",
    ),
    Why.AGING_NOK_ONLY: (
        "in NOK only: {invoices} open invoices in another currency are left out",
        "bare i NOK: {invoices} åpne fakturaer i annen valuta er holdt utenfor",
    ),
    Why.NOT_OVERDUE: ("not overdue (due {due:dmy})", "ikke forfalt (forfall {due:dmy})"),
    Why.HANDED_OVER: ("handed over to debt collection", "overlevert til inkasso"),
    Why.DISPUTED: (
        "disputed: no letters while the claim is disputed (§ 17)",
        "bestridt: ingen brev mens kravet er bestridt (§ 17)",
    ),
    Why.ON_HOLD: ("on hold: {hold}", "holdt tilbake: {hold}"),
    Why.ON_HOLD_UNTIL: (
        "on hold: {hold} (until {until:dmy})",
        "holdt tilbake til og med {until:dmy}: {hold}",
    ),
    Why.CUSTOMER_ON_HOLD: ("on hold: customer: {hold}", "kunden holdes tilbake: {hold}"),
    Why.CUSTOMER_ON_HOLD_UNTIL: (
        "on hold: customer: {hold} (until {until:dmy})",
        "kunden holdes tilbake til og med {until:dmy}: {hold}",
    ),
    Why.BELOW_MINIMUM: (
        "open amount below the minimum of {minimum_ore:nok} NOK",
        "åpent beløp under minstebeløpet på {minimum_ore:nok} kr",
    ),
    Why.CUSTOMER_CREDIT: (
        "the customer has {credit_ore:nok} NOK not matched to invoices:"
        " match it first (reskontro ledger / inbox)",
        "kunden har {credit_ore:nok} kr som ikke er avstemt mot fakturaer:"
        " avstem det først (reskontro / bilagsinnboks)",
    ),
    Why.DEADLINE_RUNNING: (
        "the deadline {deadline:dmy} of the letter of {sent_on:dmy} counts as missed"
        " from {missed_from:dmy}",
        "fristen {deadline:dmy} i brevet av {sent_on:dmy} regnes som oversittet"
        " fra {missed_from:dmy}",
    ),
    Why.NOTICE_SENT_NEXT: (
        "an inkassovarsel was sent: next is hand-off",
        "inkassovarsel er sendt: neste steg er overlevering til inkasso",
    ),
    Why.MAX_REMINDERS: (
        "{reminders} reminder(s) sent: next is the inkassovarsel (reskontro collect)",
        "{reminders} purring(er) sendt: neste steg er inkassovarsel",
    ),
    Why.TOO_EARLY: (
        "{days} days past due; the first reminder goes after {first_reminder_days}",
        "{days} dager over forfall; første purring går etter {first_reminder_days}",
    ),
    Why.TOO_EARLY_ONE_DAY: (
        "{days} day past due; the first reminder goes after {first_reminder_days}",
        "{days} dag over forfall; første purring går etter {first_reminder_days}",
    ),
    Why.REMINDER: ("reminder {level}", "purring {level}"),
    Why.NOT_ALLOWED: (
        "under the new inkassolov only an inkassoforetak sends the inkassovarsel:"
        " hand the claim over",
        "etter den nye inkassoloven sender bare et inkassoforetak inkassovarsel: overlever kravet",
    ),
    Why.NOTICE_SENT: ("the inkassovarsel was sent already", "inkassovarsel er allerede sendt"),
    Why.NO_REMINDER: (
        "no reminder sent yet (a combined purring og inkassovarsel can go instead)",
        "ingen purring sendt ennå (en samlet purring og inkassovarsel kan sendes i stedet)",
    ),
    Why.NOTICE: ("inkassovarsel", "inkassovarsel"),
    Why.NO_NOTICE: (
        "no inkassovarsel sent (reskontro collect)",
        "inkassovarsel er ikke sendt",
    ),
    Why.NOTICE_DEADLINE_RUNNING: (
        "the inkassovarsel's deadline {deadline:dmy} counts as missed from {missed_from:dmy}",
        "fristen {deadline:dmy} i inkassovarselet regnes som oversittet fra {missed_from:dmy}",
    ),
    Why.NOTICE_DEADLINE_MISSED: (
        "inkassovarsel deadline missed",
        "fristen i inkassovarselet er oversittet",
    ),
    Why.DEMAND: ("betalingsoppfordring", "betalingsoppfordring"),
    Why.DEMAND_SENT: (
        "the betalingsoppfordring was sent already",
        "betalingsoppfordring er allerede sendt",
    ),
    Why.NOT_SELF_COLLECTING: (
        "the company does not collect its own claims (follow-up setting self_collect)",
        "firmaet driver ikke egeninkasso (innstillingen egeninkasso)",
    ),
    Why.NO_DEMAND: (
        "no betalingsoppfordring sent yet (the company collects its own claims)",
        "betalingsoppfordring er ikke sendt ennå (firmaet driver egeninkasso)",
    ),
    Why.DEMAND_DEADLINE_RUNNING: (
        "the betalingsoppfordring's deadline {deadline:dmy} counts as missed from"
        " {missed_from:dmy}",
        "fristen {deadline:dmy} i betalingsoppfordringen regnes som oversittet fra"
        " {missed_from:dmy}",
    ),
    Why.DEMAND_DEADLINE_MISSED: (
        "betalingsoppfordring deadline missed",
        "fristen i betalingsoppfordringen er oversittet",
    ),
    Why.DEMAND_FEE: (
        "betalingsoppfordring fee: 3/20 of the inkassosats {sats_ore:nok} NOK in force on"
        " {day:dmy}",
        "gebyr for betalingsoppfordring: 3/20 av inkassosatsen {sats_ore:nok} kr som gjaldt"
        " {day:dmy}",
    ),
    Why.DEMAND_FEE_CHARGED: (
        "a betalingsoppfordring fee was charged on this claim already",
        "gebyr for betalingsoppfordring er allerede krevd for dette kravet",
    ),
    Why.FEE_NEW_LAW: (
        "no creditor fee under the new inkassolov (awaiting forskrift)",
        "intet gebyr til kreditor etter den nye inkassoloven (forskrift ventes)",
    ),
    Why.FEE_TOO_EARLY: (
        "no fee: sent less than {days} days after the due date (a fee from {earliest:dmy},"
        " inkassoforskriften § 1-2)",
        "intet gebyr: sendt mindre enn {days} dager etter forfall (gebyr fra {earliest:dmy},"
        " inkassoforskriften § 1-2)",
    ),
    Why.FEE_MAX: (
        "no fee: {max_fees} fees already charged (§ 1-3)",
        "intet gebyr: {max_fees} gebyrer er allerede krevd (§ 1-3)",
    ),
    Why.FEE_NOTICE_HAD_FEE: (
        "no fee: the inkassovarsel already carried a fee (§ 1-3)",
        "intet gebyr: inkassovarselet hadde allerede gebyr (§ 1-3)",
    ),
    Why.FEE_SHORT_DEADLINE: (
        "no fee: the first fee letter gave less than {days} days (§ 1-3)",
        "intet gebyr: det første brevet med gebyr ga kortere frist enn {days} dager (§ 1-3)",
    ),
    Why.FEE_DEADLINE_RUNNING: (
        "no fee: the deadline {deadline:dmy} of the first fee letter has not passed (§ 1-3)",
        "intet gebyr: fristen {deadline:dmy} i det første brevet med gebyr er ikke ute (§ 1-3)",
    ),
    Why.REMINDER_FEE: (
        "reminder fee: 1/20 of the inkassosats {sats_ore:nok} NOK in force on {day:dmy}",
        "purregebyr: 1/20 av inkassosatsen {sats_ore:nok} kr som gjaldt {day:dmy}",
    ),
    Why.NOTICE_FEE: (
        "inkassovarsel fee: 1/20 of the inkassosats {sats_ore:nok} NOK in force on {day:dmy}",
        "gebyr for inkassovarsel: 1/20 av inkassosatsen {sats_ore:nok} kr som gjaldt {day:dmy}",
    ),
    Why.FEES_OFF: ("no fee: fees are turned off", "intet gebyr: gebyrer er slått av"),
    Why.LETTERS_WITHOUT_INTEREST: (
        "letters show no interest: no forsinkelsesrente is known for {day:dmy}: add it with"
        " `reskontro rates add interest`",
        "brevene viser ikke forsinkelsesrente: ingen rentesats er kjent for {day:dmy};"
        " legg den inn under satser",
    ),
    Why.NOT_INVOICED_BLOCKED: (
        "disputed or handed over: settle that first",
        "bestridt eller overlevert til inkasso: avklar det først",
    ),
    Why.NOT_INVOICED_SMALL: (
        "below the minimum of {minimum_ore} øre",
        "under minstebeløpet på {minimum_ore} øre",
    ),
    FollowupError.NO_COMPANY: ("no company with id {company_id}", "fant ikke firma {company_id}"),
    FollowupError.NO_INVOICE: (
        "no invoice with id {invoice_id}",
        "fant ikke faktura med id {invoice_id}",
    ),
    FollowupError.INVOICE_DRAFT: (
        "invoice {invoice_id} is a draft",
        "faktura {invoice_id} er et utkast",
    ),
    FollowupError.NO_DUE_DATE: (
        "invoice {invoice_id} has no due date: it is a draft",
        "faktura {invoice_id} har ingen forfallsdato: den er et utkast",
    ),
    FollowupError.DRAFT_NOT_PRINTED: (
        "invoice {invoice_id} is a draft: only issued invoices are printed",
        "faktura {invoice_id} er et utkast: bare utstedte fakturaer skrives ut",
    ),
    FollowupError.NO_PDF_OF_ITS_OWN: (
        "a {kind} document has no PDF of its own (see its invoice)",
        "et dokument av typen {kind} har ingen egen PDF (se fakturaen)",
    ),
    FollowupError.PDF_DIFFERS: (
        "document {document_id}: its PDF is missing from the file store and the version"
        " made again differs",
        "dokument {document_id}: PDF-en mangler i fillageret, og den som lages på nytt er ikke lik",
    ),
    FollowupError.LETTER_WITHOUT_FEE: (
        "a letter is planned without fee decision or deadline",
        "et brev er planlagt uten gebyrvurdering eller frist",
    ),
    FollowupError.NO_DOCUMENT: (
        "no document with id {document_id}",
        "fant ikke dokument {document_id}",
    ),
    FollowupError.NO_MESSAGE: ("no message with id {message_id}", "fant ikke e-post {message_id}"),
    FollowupError.NO_HOLD: ("no hold with id {hold_id}", "fant ikke tilbakehold {hold_id}"),
    FollowupError.HOLD_RELEASED: (
        "hold {hold_id} was released already",
        "tilbakehold {hold_id} er allerede opphevet",
    ),
    FollowupError.HOLD_TARGET: (
        "hold either a customer or an invoice",
        "hold tilbake enten en kunde eller en faktura",
    ),
    FollowupError.HOLD_REASON: ("a hold needs a reason", "et tilbakehold må ha en begrunnelse"),
    FollowupError.DISPUTE_REASON: (
        "say why the claim is disputed",
        "skriv hvorfor kravet er bestridt",
    ),
    FollowupError.RATE_AMOUNT: (
        "the inkassosats needs a positive amount",
        "inkassosatsen må være et positivt beløp",
    ),
    FollowupError.RATE_HALF_YEAR: (
        "forsinkelsesrente is set per half-year: it must be from 1 January or 1 July",
        "forsinkelsesrenten fastsettes per halvår: den må gjelde fra 1. januar eller 1. juli",
    ),
    FollowupError.RATE_NEEDED: (
        "give the rate or the policy rate",
        "oppgi renten eller styringsrenten",
    ),
    FollowupError.RATE_RANGE: (
        "interest rate {rate_bp} bp is outside 0-100 %",
        "rentesatsen {rate_bp} basispunkter er utenfor 0–100 %",
    ),
    FollowupError.RATES_TWICE: (
        "two interest rates from {valid_from}",
        "to rentesatser fra {valid_from}",
    ),
    FollowupError.REGIME_UNKNOWN: (
        "the regime must be one of {allowed}",
        "regelverket må være ett av {allowed}",
    ),
    FollowupError.RATE_KIND: (
        "kind must be inkassosats, interest or regime",
        "typen må være inkassosats, interest eller regime",
    ),
    FollowupError.NO_INKASSOSATS: (
        "no inkassosats is known for {day:dmy}: add it with `reskontro rates add inkassosats`",
        "ingen inkassosats er kjent for {day:dmy}: legg den inn under satser",
    ),
    FollowupError.NO_INTEREST_RATE: (
        "no forsinkelsesrente is known for {day:dmy}: add it with `reskontro rates add interest`",
        "ingen forsinkelsesrente er kjent for {day:dmy}: legg den inn under satser",
    ),
    FollowupError.INKASSOSATS_POSITIVE: (
        "the inkassosats must be positive",
        "inkassosatsen må være positiv",
    ),
    FollowupError.INTEREST_FUTURE: (
        "interest is computed up to today at the latest",
        "renter beregnes høyst til og med i dag",
    ),
    FollowupError.PRINCIPAL_NEGATIVE: (
        "the principal must not be negative",
        "hovedstolen kan ikke være negativ",
    ),
    FollowupError.NOT_OVERDUE_INVOICES: (
        "not an overdue open invoice of this company: {invoices}",
        "ikke en forfalt, åpen faktura i dette firmaet: {invoices}",
    ),
    FollowupError.MESSAGE_STATUS: (
        "status must be sent, failed, pending or print",
        "status må være sent, failed, pending eller print",
    ),
    FollowupError.DEADLINE_TOO_SHORT: (
        "a deadline of {days} days is too short: inkassoloven § 9 and inkassoforskriften"
        " § 1-3 ask for at least {minimum}",
        "en frist på {days} dager er for kort: inkassoloven § 9 og inkassoforskriften"
        " § 1-3 krever minst {minimum}",
    ),
    FollowupError.POLICY_DEADLINE: (
        "deadline must be at least {minimum} days, not {days}",
        "fristen må være minst {minimum} dager, ikke {days}",
    ),
    FollowupError.POLICY_MAX_REMINDERS: (
        "max reminders must be 0, 1 or 2",
        "antall purringer må være 0, 1 eller 2",
    ),
    FollowupError.POLICY_FIRST_REMINDER: (
        "a reminder goes at the earliest the day after the due date",
        "en purring går tidligst dagen etter forfall",
    ),
    FollowupError.POLICY_GRACE: ("grace days must be 0 to 30", "ekstra dager må være 0 til 30"),
    FollowupError.POLICY_MINIMUM: (
        "the minimum amount must not be negative",
        "minstebeløpet kan ikke være negativt",
    ),
    FollowupError.NOT_A_PERCENTAGE: (
        "{where}: not a percentage: '{text}'",
        "{where}: ikke en prosentsats: «{text}»",
    ),
    FollowupError.TOO_MANY_DECIMALS: (
        "{where}: '{text}' has more than two decimals",
        "{where}: «{text}» har mer enn to desimaler",
    ),
    FollowupError.VALID_FROM: (
        "{where}: valid_from must be a date (YYYY-MM-DD), not '{value}'",
        "{where}: valid_from må være en dato (ÅÅÅÅ-MM-DD), ikke «{value}»",
    ),
    FollowupError.REGIME_NAME: (
        "{where}: name must be one of {allowed}",
        "{where}: name må være en av {allowed}",
    ),
    FollowupError.NO_HANDOFF: ("no hand-off with id {id}", "fant ingen overlevering med id {id}"),
    FollowupError.NO_HANDOFF_FILE: (
        "no {kind} file for hand-off {id}",
        "ingen {kind}-fil for overlevering {id}",
    ),
    FollowupError.RATES_FILE: (
        "{where}: {detail}",
        "{where}: filen kan ikke leses som TOML ({detail})",
    ),
}
