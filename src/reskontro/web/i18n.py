"""The web app's languages: Norwegian bokmål (the default) and English.

A small gettext-style catalogue. The message id is the bokmål text itself, so a
template reads ``{{ _("Fakturaer") }}`` and shows that text in bokmål; :data:`EN`
maps each id to its English text. Parameters use ``%(name)s`` and are filled in
after translation. A missing English text falls back to bokmål, and the test suite
fails when a template or this module uses an id that :data:`EN` lacks.

Errors: the services, the domain and the web layer raise errors as codes with
parameters (:mod:`reskontro.messages`), rendered from the one catalogue
(:mod:`reskontro.i18n`) by :func:`exception_text`. A few fixed web-layer errors are
still raised as bokmål ids of :data:`EN` (:func:`error_text` looks them up; no
pattern translates prose). CLI output never changes.

Amounts and dates keep the Norwegian forms (``1 234,50 kr``, ``25.11.2026``) in both
languages: the books are in NOK, and an English-speaking user of a Norwegian ledger
sees the figures as they appear on invoices and bank statements.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from reskontro.errors import ReskontroError
from reskontro.i18n import render, render_problem
from reskontro.messages import Message, Messages
from reskontro.web.i18n_avtalegiro import (
    CLAIM_STATES,
    DIRECTIONS,
    ITEM_KINDS,
    MANDATE_CHANGES,
    MANDATE_STATES,
)
from reskontro.web.i18n_avtalegiro import EN as _EN_AVTALEGIRO
from reskontro.web.i18n_charges import CHARGE_NAMES, PAYMENT_ORDERS
from reskontro.web.i18n_charges import EN as _EN_CHARGES
from reskontro.web.i18n_delivery import EN as _EN_DELIVERY
from reskontro.web.i18n_followup import EN as _EN_FOLLOWUP
from reskontro.web.i18n_invoicing import AGREEMENT_STATES, INTERVALS
from reskontro.web.i18n_invoicing import EN as _EN_INVOICING
from reskontro.web.i18n_pages import ACCOUNT_SOURCES
from reskontro.web.i18n_pages import EN as _EN_PAGES

LANGUAGES: Final = ("nb", "en")
DEFAULT: Final = "nb"
#: Each language named in itself, for the selector.
LANGUAGE_NAMES: Final = {"nb": "Norsk", "en": "English"}
COOKIE: Final = "reskontro_lang"

Translate = Callable[..., str]

# -- names of codes, shown through the catalogue --------------------------------------

STATUS_NB: Final = {
    "draft": "Utkast",
    "open": "Åpen",
    "partially_paid": "Delbetalt",
    "paid": "Betalt",
    "credited": "Kreditert",
}
FILE_STATUS: Final = {
    "imported": "lest inn",
    "importing": "leses inn",
    "rejected": "avvist",
    "duplicate": "duplikat",
}
AGREEMENT_STATUS: Final = {"registered": "registrert", "verified": "godkjent", "ended": "avsluttet"}
RUN_STATUS: Final = {"running": "kjører", "ok": "ok", "failed": "feilet"}
MAIL_STATUS: Final = {"pending": "venter", "sending": "sendes", "sent": "sendt", "failed": "feilet"}
JOB_TITLES: Final = {
    "fetch": "Hent og bokfør bankfiler",
    "overdue_digest": "Send oversikten over forfalte poster på e-post",
    "recurring": "Utsted repeterende fakturaer",
    "efaktura_status": "Hent status for eFaktura-forsendelser",
}
AGING_BUCKETS: Final = ("0–30 dager", "31–60 dager", "61–90 dager", "Over 90 dager")
LEDGER_KINDS: Final = {"invoice": "Faktura", "credit_note": "Kreditnota", "payment": "Innbetaling"}

#: Bokmål → English. Every id used in a template or in the web layer is here.
EN: Final[dict[str, str]] = {
    # navigation and layout
    "Oversikt": "Overview",
    "Fakturaer": "Invoices",
    "Kunder": "Customers",
    "Innbetalinger": "Payments",
    "Bilagsmottak": "Voucher inbox",
    "Innstillinger": "Settings",
    "Bank": "Bank",
    "Drift": "Operations",
    "Logg": "Log",
    "Firma": "Company",
    "Språk": "Language",
    "Bytt språk": "Change language",
    "Logg ut": "Log out",
    "Meny": "Menu",
    "Kontoutskrift": "Statement",
    "dd.mm.åååå (1. januar)": "dd.mm.yyyy (1 January)",
    "dd.mm.åååå (i dag)": "dd.mm.yyyy (today)",
    "Last ned kontoutskrift (PDF)": "Download statement (PDF)",
    "(alle betalingene i filen)": "(every payment of the file)",
    "Logg inn": "Log in",
    "Logg inn i reskontro": "Log in to reskontro",
    "Brukernavn": "User name",
    "Passord": "Password",
    # roles, statuses and other codes
    "Administrator": "Administrator",
    "Bank og betalinger": "Bank and payments",
    "Fakturering": "Invoicing",
    "Kun lesetilgang": "Read only",
    "Utkast": "Draft",
    "Åpen": "Open",
    "Delbetalt": "Partially paid",
    "Betalt": "Paid",
    "Kreditert": "Credited",
    "lest inn": "imported",
    "leses inn": "importing",
    "avvist": "rejected",
    "duplikat": "duplicate",
    "registrert": "registered",
    "godkjent": "verified",
    "avsluttet": "ended",
    "kjører": "running",
    "ok": "ok",
    "feilet": "failed",
    "venter": "pending",
    "sendes": "sending",
    "sendt": "sent",
    "Hent og bokfør bankfiler": "Fetch and book bank files",
    "Send oversikten over forfalte poster på e-post": "E-mail the overdue digest",
    "0–30 dager": "0–30 days",
    "31–60 dager": "31–60 days",
    "61–90 dager": "61–90 days",
    "Over 90 dager": "Over 90 days",
    "Faktura": "Invoice",
    "Kreditnota": "Credit note",
    "Innbetaling": "Payment",
    "manuelt": "by hand",
    "Betaling med ukjent KID": "Payment with unknown KID",
    # dashboard
    "Forfalt": "Overdue",
    "Ikke forfalt": "Not yet due",
    "%(n)s venter": "%(n)s waiting",
    "Fakturaer etter status": "Invoices by status",
    "Status": "Status",
    "Antall": "Quantity",
    "Antall fakturaer": "Number of invoices",
    "Beløp": "Amount",
    "Aldersfordeling av forfalte poster": "Ageing of overdue items",
    "Aldersfordeling": "Ageing",
    "%(n)s bankkanaler": "%(n)s bank channels",
    "%(n)s med feil ved siste henting": "%(n)s failed at the last fetch",
    "Ingen bankkanaler satt opp.": "No bank channels set up.",
    "E-post som venter: %(n)s": "E-mails waiting: %(n)s",
    "Brev som venter på utsending: %(n)s": "Letters waiting to be sent: %(n)s",
    "Brev som venter på utsending": "Letters waiting to be sent",
    "E-post som feilet: %(n)s": "E-mails failed: %(n)s",
    "Se driftsstatus": "See the operations status",
    "Per %(date)s.": "As of %(date)s.",
    # invoices
    "Ny faktura": "New invoice",
    "Søk": "Search",
    "Nummer, KID eller kunde": "Number, KID or customer",
    "Alle": "All",
    "Bare forfalte": "Overdue only",
    "Kundenr.": "Customer no.",
    "Fra": "From",
    "Til": "To",
    "dd.mm.åååå": "dd.mm.yyyy",
    "Vis": "Show",
    "Utstedte": "Issued",
    "Kunde": "Customer",
    "Nr.": "No.",
    "Fakturadato": "Invoice date",
    "Forfall": "Due",
    "Utestående": "Outstanding",
    "Ingen fakturaer passer til filteret.": "No invoices match the filter.",
    "Neste side →": "Next page →",
    "utkast": "draft",
    "(utkast)": "(draft)",
    "Fakturadato / forfall": "Invoice date / due",
    "Utsted": "Issue",
    "Kreditere hele fakturaen?": "Credit the whole invoice?",
    "Årsak": "Reason",
    "Krediter": "Credit",
    "Linjer": "Lines",
    "Beskrivelse": "Description",
    "Pris": "Price",
    "Mva": "VAT",
    "Netto": "Net",
    "Totalt": "Total",
    "Dato": "Date",
    "Betaler": "Payer",
    "Hvordan": "How",
    "Ingen innbetalinger.": "No payments.",
    "Kreditnotaer": "Credit notes",
    "Krediterer": "Credits",
    "fakturaen": "the invoice",
    "Historikk": "History",
    "Tid": "Time",
    "Hvem": "Who",
    "Hva": "What",
    "Forfallsdato": "Due date",
    "dd.mm.åååå (tom: %(n)s dager)": "dd.mm.yyyy (empty: %(n)s days)",
    "Deres referanse": "Your reference",
    "Pris eks. mva": "Price excl. VAT",
    "fritatt": "exempt",
    "Å betale": "To pay",
    "Summene er et anslag; endelig mva regnes av reskontro etter firmaets avrundingsregel.": (
        "The sums are an estimate; reskontro works out the final VAT by the company's"
        " rounding rule."
    ),
    "Lagre utkast": "Save draft",
    "Lagre og utsted": "Save and issue",
    # customers
    "Navn": "Name",
    "E-post": "E-mail",
    "Org.nr.": "Org. no.",
    "org.nr.": "org. no.",
    "plassholder": "placeholder",
    "Ny kunde": "New customer",
    "Opprett kunde": "Create customer",
    "Kundereskontro: åpne poster": "Customer ledger: open items",
    "Går opp.": "Balances.",
    "Differanse": "Difference",
    "Type": "Type",
    "Åpent": "Open",
    "Lukk med (kr)": "Close with (NOK)",
    "Beløp å lukke": "Amount to close",
    "Ingen åpne poster.": "No open items.",
    "Saldo": "Balance",
    "Innbetalinger og kreditnotaer:": "Payments and credit notes:",
    "fakturaer:": "invoices:",
    "Lukk poster": "Close items",
    "Beløpene på begge sider må være like.": "The amounts on both sides must be equal.",
    # payments and inbox
    "Bankfil (Nets OCR eller camt.054)": "Bank file (Nets OCR or camt.054)",
    "Les inn": "Import",
    "Tidligere innlesinger": "Earlier imports",
    "Mottatt": "Received",
    "Fil": "File",
    "Format": "Format",
    "Betalinger": "Payments",
    "Feil": "Error",
    "Ingen filer lest inn ennå.": "No files imported yet.",
    "Innlesing": "Import",
    "Innlesing av %(name)s": "Import of %(name)s",
    "Filen ble avvist:": "The file was rejected:",
    "Alle feil i filen": "Every problem in the file",
    "Denne filen er lest inn før; ingenting ble bokført på nytt.": (
        "This file was imported before; nothing was booked again."
    ),
    "%(n)s betalinger på til sammen %(amount)s er lest inn.": (
        "%(n)s payments of %(amount)s in all were imported."
    ),
    "Betalt fullt": "Paid in full",
    "Overbetalt": "Overpaid",
    "Uten treff (til bilagsmottak / bokført / ignorert)": (
        "No match (to the inbox / posted / ignored)"
    ),
    "Duplikater hoppet over": "Duplicates skipped",
    "Utfall": "Outcome",
    "Tilbake til innbetalinger": "Back to payments",
    "Leser inn betalingene …": "Reading the payments …",
    "Venter på tur …": "Waiting for its turn …",
    "betalinger lest": "payments read",
    "%(mb)s MB": "%(mb)s MB",
    "Du kan gå videre til andre sider; innlesingen fortsetter, og filen vises under"
    " Innbetalinger når den er ferdig.": "You may go on to other pages; the import goes on,"
    " and the file shows under Payments when it is done.",
    "KID / melding": "KID / message",
    "Hvorfor": "Why",
    "Handling": "Action",
    "Flytt til kunde": "Move to customer",
    "Faktura nr.": "Invoice no.",
    "eller": "or",
    "Bokfør": "Post",
    "Ingenting venter. Bra jobba!": "Nothing is waiting. Well done!",
    # settings
    "konto": "account",
    "mva-registrert": "VAT registered",
    "ikke mva-registrert": "not VAT registered",
    "betalingsfrist %(n)s dager": "payment terms %(n)s days",
    "Neste fakturanummer %(invoice)s, neste kundenummer %(customer)s.": (
        "Next invoice number %(invoice)s, next customer number %(customer)s."
    ),
    "Endre firmaopplysninger": "Edit company details",
    "Kontonummer": "Account number",
    "Adresse": "Address",
    "E-post (eier, får alle varsler)": "E-mail (owner, gets every notice)",
    "Betalingsfrist (dager)": "Payment terms (days)",
    "Foretaksregisteret": "Register of Business Enterprises (Foretaksregisteret)",
    "Lagre firmaopplysninger": "Save company details",
    "Mal (f.eks.": "Template (e.g.",
    "Kontrollsiffer": "Check digit",
    "Lagre KID-mal": "Save KID template",
    "Neste KID blir:": "The next KID will be:",
    "Betalinger med ukjent KID": "Payments with an unknown KID",
    "Til bilagsmottak": "To the voucher inbox",
    "Bokfør automatisk": "Post automatically",
    "La stå ubokført": "Leave unposted",
    "Toleranse": "Tolerance",
    "Lagre": "Save",
    "E-postvarsler": "E-mail notifications",
    "Firmaets e-post (eieren) får alle varsler. Andre mottakere velger hva de vil ha.": (
        "The company's e-mail (the owner) gets every notice. Other recipients choose what they get."
    ),
    "Innlesinger": "Imports",
    "Forfalte (daglig)": "Overdue (daily)",
    "eier": "owner",
    "Fjern": "Remove",
    "Ingen mottakere ennå.": "No recipients yet.",
    "Legg til mottaker": "Add recipient",
    "Brukere": "Users",
    "Rolle": "Role",
    "Passord (ny bruker)": "Password (new user)",
    "Gi tilgang": "Grant access",
    "Mine API-tokens": "My API tokens",
    "Starter med": "Starts with",
    "Opprettet": "Created",
    "trukket tilbake": "revoked",
    "Trekk tilbake": "Revoke",
    "Nytt token": "New token",
    "API-dokumentasjon:": "API documentation:",
    "Nytt API-token": "New API token",
    "Kopier tokenet nå; det vises bare denne ene gangen.": (
        "Copy the token now; it is shown this one time only."
    ),
    "Tilbake til innstillinger": "Back to settings",
    "Endringslogg": "Audit log",
    "Objekt": "Object",
    "Før": "Before",
    "Etter": "After",
    # bank agreements and channels
    "Bankavtaler og kanaler": "Bank agreements and channels",
    "Bare administrator og rollen Bank og betalinger kan endre avtaler og kanaler.": (
        "Only the administrator and the Bank and payments role may change agreements and channels."
    ),
    "OCR-avtale med Nets": "OCR agreement with Nets",
    "Avtale-ID": "Agreement ID",
    "Konto": "Account",
    "Dataavsender (kundeenhet-ID)": "Data recipient (customer unit ID)",
    "KID-lengder": "KID lengths",
    "KID på nye fakturaer": "KID on new invoices",
    "på": "on",
    "av": "off",
    "Dette passer ikke med firmaets KID-oppsett nå:": (
        "This does not fit the company's KID set-up now:"
    ),
    "slå på KID": "switch KID on",
    "Kontroller og godkjenn": "Check and verify",
    "Avslutte avtalen? KID slås av på nye fakturaer.": (
        "End the agreement? KID is switched off on new invoices."
    ),
    "Avslutt avtalen": "End the agreement",
    "Firmaet har ingen OCR-avtale registrert. Fakturaene får likevel KID etter KID-malen,"
    " men banken melder ikke KID-betalinger (OCR) før en avtale med Nets er godkjent.": (
        "The company has no OCR agreement registered. Invoices get a KID by the KID template"
        " all the same, but the bank reports no KID payments (OCR) until an agreement with"
        " Nets is verified."
    ),
    "Registrer avtale": "Register an agreement",
    "Avtale-ID (9 siffer)": "Agreement ID (9 digits)",
    "Dataavsender (8 siffer)": "Data recipient (8 digits)",
    "Registrer": "Register",
    "Bankkanaler": "Bank channels",
    "Hvor": "Where",
    "Filmønster": "File pattern",
    "Hemmeligheter": "Secrets",
    "Slå av": "Switch off",
    "Slå på": "Switch on",
    "Test tilkobling": "Test connection",
    "Ingen kanaler satt opp.": "No channels set up.",
    "%(name)s: tilkoblet; %(n)s filer passer mønsteret.": (
        "%(name)s: connected; %(n)s files match the pattern."
    ),
    "%(name)s: tilkobling feilet:": "%(name)s: the connection failed:",
    "Hemmeligheter oppgis bare som referanser: env:NAVN (miljøvariabel) eller file:/sti"
    " (fil på serveren). Selve hemmeligheten lagres eller vises aldri.": (
        "Secrets are given as references only: env:NAME (an environment variable) or"
        " file:/path (a file on the server). The secret itself is never stored or shown."
    ),
    "Ny SFTP-kanal": "New SFTP channel",
    "Vert": "Host",
    "Port": "Port",
    "Bruker": "User",
    "Nøkkel (referanse)": "Key (reference)",
    "Passord (referanse)": "Password (reference)",
    "Vertsnøkkel (fingeravtrykk)": "Host key (fingerprint)",
    "Mappe": "Folder",
    "Legg til SFTP-kanal": "Add SFTP channel",
    "Ny mappekanal": "New folder channel",
    "Mappe på serveren": "Folder on the server",
    "Legg til mappekanal": "Add folder channel",
    # operations status
    "Driftsstatus": "Operations status",
    "Kanal": "Channel",
    "Siste henting": "Last fetch",
    "Resultat": "Result",
    "Sist vellykket": "Last success",
    "Filer hentet": "Files fetched",
    "aldri": "never",
    "%(new)s nye, %(imported)s lest inn": "%(new)s new, %(imported)s imported",
    "Sett opp en kanal": "Set up a channel",
    "Planlagte jobber": "Scheduled jobs",
    "Jobb": "Job",
    "Tidspunkt": "Time of day",
    "Siste kjøring": "Last run",
    "Neste kjøring": "Next run",
    "ikke satt opp": "not set up",
    "SMTP-server": "SMTP server",
    "ikke satt opp (RESKONTRO_SMTP_HOST)": "not set up (RESKONTRO_SMTP_HOST)",
    "Venter": "Waiting",
    "Sendt": "Sent",
    "Feilet": "Failed",
    "Siste feil": "Last error",
    "Utboks": "Outbox",
    "Send på nytt": "Send again",
    "Sjekksum (SHA-256)": "Checksum (SHA-256)",
    "Lest inn": "Imported",
    "Første side": "First page",
    "linje %(line)s": "line %(line)s",
    "Ingen betalinger bokført fra denne filen.": "No payments booked from this file.",
    "Nøkkelpassord (referanse)": "Key passphrase (reference)",
    "Emne": "Subject",
    "Forsøk": "Attempts",
    "Jobbene kjøres av «reskontro worker»; se docs/automation.md.": (
        "The jobs are run by “reskontro worker”; see docs/automation.md."
    ),
    # errors
    "Ikke funnet": "Not found",
    "Ingen tilgang": "No access",
    "Ikke mulig nå": "Not possible now",
    "Noe gikk galt": "Something went wrong",
    "Tilbake": "Back",
    "Til oversikten": "To the overview",
    "Siden finnes ikke": "The page does not exist",
    "feil brukernavn eller passord": "wrong user name or password",
    "for mange mislykkede innlogginger; prøv igjen om litt": (
        "too many failed logins; try again in a while"
    ),
    "du har ikke tilgang til dette": "you do not have access to this",
    "innlogging kreves": "login required",
    "skjemaet er utløpt eller ugyldig (CSRF); last siden på nytt": (
        "the form has expired or is not valid (CSRF); reload the page"
    ),
    "brukeren har ikke tilgang til noe firma ennå; spør en administrator": (
        "the user has no access to any company yet; ask an administrator"
    ),
    "velg en fil å laste opp": "choose a file to upload",
    "filen er større enn 50 MB": "the file is larger than 50 MB",
    "brukernavn mangler": "the user name is missing",
    "passordet må ha minst 8 tegn": "the password needs at least 8 characters",
    "ukjent språk": "unknown language",
    "velg SFTP eller mappe": "choose SFTP or folder",
    "ugyldig forespørsel": "invalid request",
    "rollen må være en av admin, bank_and_payments, invoicing, read_only": (
        "the role must be one of admin, bank_and_payments, invoicing, read_only"
    ),
    # field names used in the web layer's messages
    "kunde": "customer",
    "firma": "company",
    "post": "item",
    "modulus": "modulus",
    "toleranse": "tolerance",
    "antall": "quantity",
    "beløp": "amount",
    "betalingsfrist": "payment terms",
    "port": "port",
    "KID-lengde": "KID length",
    # the user's own password
    "Bytt passord": "Change password",
    "Nytt passord": "New password",
    "Nåværende passord": "Current password",
    "Nytt passord (minst 8 tegn)": "New password (at least 8 characters)",
    "Gjenta nytt passord": "Repeat the new password",
    "Behold API-tokenene mine (ellers trekkes de tilbake)": (
        "Keep my API tokens (else they are revoked)"
    ),
    "Andre innlogginger med denne brukeren avsluttes.": "Other sessions of this user are ended.",
}
EN.update(_EN_INVOICING)
EN.update(_EN_DELIVERY)
EN.update(_EN_CHARGES)
EN.update(_EN_PAGES)
EN.update(_EN_FOLLOWUP)
EN.update({k: v for k, v in _EN_AVTALEGIRO.items() if k not in EN})


def pick(chosen: str | None, accept_language: str | None = None) -> str:
    """The language to show: the one chosen, else the browser's first we know, else nb.

    >>> pick(None, "en-GB,en;q=0.9,nb;q=0.8")
    'en'
    >>> pick(None, "de-DE,nn;q=0.5")
    'nb'
    >>> pick("nb", "en")
    'nb'
    """
    if chosen in LANGUAGES:
        return str(chosen)
    weighted: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        base = tag.strip().lower().split("-")[0]
        base = "nb" if base in {"no", "nn"} else base
        if base in LANGUAGES and quality > 0:
            weighted.append((-quality, i, base))
    return min(weighted)[2] if weighted else DEFAULT


def gettext(lang: str, msgid: str, /, **params: object) -> str:
    """The text of ``msgid`` in ``lang``, with ``%(name)s`` parameters filled in."""
    text = EN.get(msgid, msgid) if lang == "en" else msgid
    return text % params if params else text


def translator(lang: str) -> Translate:
    def _(msgid: str, /, **params: object) -> str:
        return gettext(lang, msgid, **params)

    return _


def exception_text(exc: ReskontroError, lang: str) -> str:
    """An error as the user reads it in ``lang``: from the catalogue when it carries a
    code (:mod:`reskontro.i18n`), with each of its problems; else :func:`error_text`."""
    if exc.msg is None:
        return error_text(exc.message, lang)
    text = exc.text(lang)
    if exc.problems:
        text = "; ".join(render_problem(p, lang) for p in exc.problems)
    return text


def error_text(message: str, lang: str) -> str:
    """An error raised as a bokmål id of :data:`EN` (a fixed text, no parameters) as the
    user reads it in ``lang``; anything else as it was raised."""
    if message in EN:
        return gettext(lang, message)
    if "; " in message:  # several problems, each on its own
        return "; ".join(error_text(part, lang) for part in message.split("; "))
    if ": " in message:  # "field: problem" from the web layer
        field, _, rest = message.partition(": ")
        if field in EN:
            return f"{gettext(lang, field)}: {error_text(rest, lang)}"
    return message


# -- why a payment went where it went ------------------------------------------------


def reasons_text(reasons: Messages | None, lang: str) -> str:
    """A payment's reasons (codes, :mod:`reskontro.i18n.payments`) as the user reads them."""
    if not reasons:
        return ""
    return "; ".join(render(m, lang) for m in reasons)


def file_problem_text(problem: Mapping[str, Any], lang: str) -> str:
    """A problem of a rejected file (a stored summary's ``error.problems`` item) in
    ``lang``: from its code when it has one, else its stored English text."""
    reason = problem.get("reason")
    if isinstance(reason, dict):
        return render(Message.from_json(reason), lang)
    return str(problem.get("message") or "")


def dynamic_ids() -> list[str]:
    """The ids the templates take from code tables, for the completeness test."""
    from reskontro.web.auth import ROLE_NAMES

    return [
        *STATUS_NB.values(),
        *FILE_STATUS.values(),
        *AGREEMENT_STATUS.values(),
        *RUN_STATUS.values(),
        *MAIL_STATUS.values(),
        *JOB_TITLES.values(),
        *INTERVALS.values(),
        *AGREEMENT_STATES.values(),
        *MANDATE_STATES.values(),
        *CLAIM_STATES.values(),
        *MANDATE_CHANGES.values(),
        *ITEM_KINDS.values(),
        *DIRECTIONS.values(),
        *AGING_BUCKETS,
        *LEDGER_KINDS.values(),
        *ROLE_NAMES.values(),
        *CHARGE_NAMES.values(),
        *PAYMENT_ORDERS.values(),
        *ACCOUNT_SOURCES.values(),
        "manuelt",
        "Betaling med ukjent KID",
    ]
