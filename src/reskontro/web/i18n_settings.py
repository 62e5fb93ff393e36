"""English texts of the bokmål ids on the settings, bank and operations-status pages,
of the web layer's fixed errors and field names, and of the password page, merged
into :data:`reskontro.web.i18n.EN`."""

from __future__ import annotations

from typing import Final

EN: Final[dict[str, str]] = {
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

__all__ = ["EN"]
