"""Texts of the automation flow's codes (:mod:`reskontro.services.automation.codes`):
the OCR agreement, bank channels, e-mail recipients and scheduled jobs.

The English is what the CLI has always printed; the bokmål is what the web app showed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from reskontro.services.automation.codes import (
    AgreementCode,
    ChannelCode,
    FetchCode,
    JobCode,
    LengthWord,
    NotifyCode,
    RemoteStep,
)

if TYPE_CHECKING:
    import enum

_A = AgreementCode
_C = ChannelCode

AGREEMENT: Final[dict[enum.StrEnum, tuple[str, str]]] = {
    _A.NOT_VALID: ("the OCR agreement is not valid", "OCR-avtalen er ikke gyldig"),
    _A.AGREEMENT_ID_FORM: (
        "the Nets agreement ID is 9 digits, not {value}",
        "avtale-ID-en hos Nets er 9 siffer, ikke {value}",
    ),
    _A.ACCOUNT_FORM: ("bank account {value} is not valid", "kontonummeret {value} er ikke gyldig"),
    _A.DATA_RECIPIENT_FORM: (
        "the data recipient ID (kundeenhet-ID) is 8 digits, not {value}",
        "dataavsender-ID-en (kundeenhet-ID) er 8 siffer, ikke {value}",
    ),
    _A.NO_KID_LENGTH: (
        "give the KID length(s) registered with Nets",
        "oppgi KID-lengden(e) som er registrert hos Nets",
    ),
    _A.KID_LENGTH_RANGE: (
        "KID lengths are {low} to {high} characters with the check digit, not {lengths}",
        "KID-lengder er {low} til {high} tegn med kontrollsifferet, ikke {lengths}",
    ),
    _A.MODULUS_FORM: (
        "the KID modulus is 10 or 11, not {value}",
        "KID-modulus er 10 eller 11, ikke {value}",
    ),
    _A.LENGTH_DOES_NOT_FIT: (
        "the KID template {template} makes KIDs of {length} digits (with the check digit),"
        " but the agreement registers {unit:@automation.agreement.unit} {lengths} with Nets:"
        " change the template (reskontro company kid --template ...) or ask Nets to register"
        " length {length}",
        "KID-malen {template} lager KID-er på {length} siffer (med kontrollsifferet), men"
        " avtalen registrerer {unit:@automation.agreement.unit} {lengths} hos Nets: endre"
        " malen eller be Nets registrere lengde {length}",
    ),
    _A.MODULUS_DOES_NOT_FIT: (
        "the KID template uses MOD{template_modulus} check digits, but the agreement registers"
        " MOD{agreement_modulus}: change it (reskontro company kid --modulus"
        " {agreement_modulus}) or ask Nets to register MOD{template_modulus}",
        "KID-malen bruker MOD{template_modulus}-kontrollsiffer, men avtalen registrerer"
        " MOD{agreement_modulus}: endre den, eller be Nets registrere MOD{template_modulus}",
    ),
    _A.ACCOUNT_DOES_NOT_FIT: (
        "the agreement covers account {agreement_account}, but invoices ask customers to pay"
        " to {company_account}: KID payments to that account would not be reported under"
        " this agreement",
        "avtalen gjelder konto {agreement_account}, men fakturaene ber kundene betale til"
        " {company_account}: KID-betalinger til den kontoen blir ikke rapportert under"
        " denne avtalen",
    ),
    _A.MOD11_DASH: (
        "MOD11 can give '-' as the check digit, which some banks refuse;"
        " consider reskontro company kid --refuse-dash",
        "MOD11 kan gi «-» som kontrollsiffer, noe enkelte banker avviser;"
        " vurder å ikke tillate «-» i KID-oppsettet",
    ),
    _A.OPEN_KIDS_OTHER_LENGTH: (
        "{count} open invoice(s) carry KIDs of {length} digits, which the agreement does not"
        " register (e.g. invoice {invoice}): banks may refuse payments with them",
        "{count} åpne fakturaer har KID-er på {length} siffer, som avtalen ikke registrerer"
        " (f.eks. faktura {invoice}): bankene kan avvise betalinger med dem",
    ),
    _A.NO_VERIFIED: (
        "KID cannot be switched on: the company has no verified OCR agreement with Nets"
        " (register it with: reskontro agreement register)",
        "KID kan ikke slås på: firmaet har ingen godkjent OCR-avtale med Nets"
        " (registrer den under Bank)",
    ),
    _A.SETUP_WOULD_NOT_FIT: (
        "KID is on under OCR agreement {agreement}, which the new set-up would not fit",
        "KID er på under OCR-avtale {agreement}, og det nye oppsettet passer ikke med den",
    ),
    _A.NOT_SAVED: (
        "KID is on under the verified OCR agreement {agreement}; this registration does not"
        " fit and was not saved",
        "KID er på under den godkjente OCR-avtalen {agreement}; denne registreringen passer"
        " ikke og ble ikke lagret",
    ),
    _A.ENDED_NOT_AGAIN: (
        "agreement {agreement} was registered before and has ended; an ended agreement is"
        " not taken up again: register the new one",
        "avtale {agreement} er registrert før og er avsluttet; en avsluttet avtale tas ikke"
        " opp igjen: registrer den nye",
    ),
    _A.NONE_REGISTER: (
        "the company has no OCR agreement; register it with reskontro agreement register",
        "firmaet har ingen OCR-avtale; registrer den først",
    ),
    _A.DOES_NOT_FIT: ("agreement {agreement} does not fit", "avtale {agreement} passer ikke"),
    _A.NONE_IN_FORCE: (
        "the company has no OCR agreement in force",
        "firmaet har ingen OCR-avtale i kraft",
    ),
    _A.STORED_TEXT: ("{text}", "{text}"),
}

UNITS: Final[dict[enum.StrEnum, tuple[str, str]]] = {
    LengthWord.LENGTH: ("length", "lengde"),
    LengthWord.LENGTHS: ("lengths", "lengder"),
}

CHANNEL: Final[dict[enum.StrEnum, tuple[str, str]]] = {
    _C.NAME_FORM: (
        "a channel name is one word of at most 50 characters: {value}",
        "et kanalnavn er ett ord på høyst 50 tegn: {value}",
    ),
    _C.AFTER_FETCH_FORM: (
        "after fetching, a file is kept, deleted or moved, not {value}",
        "etter henting blir en fil beholdt, slettet eller flyttet, ikke {value}",
    ),
    _C.MOVE_NEEDS_FOLDER: (
        "moving fetched files needs a folder to move them to",
        "for å flytte hentede filer trengs en mappe å flytte dem til",
    ),
    _C.MOVE_TO_ONLY_WITH_MOVE: (
        "a folder to move files to goes only with moving them after fetching",
        "en mappe å flytte filer til hører bare sammen med flytting etter henting",
    ),
    _C.NOT_VALID: ("the SFTP channel is not valid", "SFTP-kanalen er ikke gyldig"),
    _C.NEEDS_HOST: ("the SFTP channel needs a host", "SFTP-kanalen må ha en vert"),
    _C.NEEDS_USER: ("the SFTP channel needs a user name", "SFTP-kanalen må ha et brukernavn"),
    _C.PORT_RANGE: ("the port is 1 to 65535, not {port}", "porten er 1 til 65535, ikke {port}"),
    _C.SECRET_REF_FORM: (
        "a secret is given by where it is, as env:VARIABLE or file:/path;"
        " the secret itself is never stored",
        "en hemmelighet oppgis med hvor den finnes, som env:VARIABEL eller file:/sti;"
        " selve hemmeligheten lagres aldri",
    ),
    _C.NEEDS_KEY_OR_PASSWORD: (
        "the SFTP channel needs a key or a password",
        "SFTP-kanalen må ha en nøkkel eller et passord",
    ),
    _C.NAME_TAKEN: (
        "the company has a channel named {name} already",
        "firmaet har allerede en kanal som heter {name}",
    ),
    _C.NO_SUCH_CHANNEL: (
        "the company has no channel named {name}",
        "firmaet har ingen kanal som heter {name}",
    ),
    _C.SWITCHED_OFF: ("the channel {name} is switched off", "kanalen {name} er slått av"),
}

NOTIFY: Final[dict[enum.StrEnum, tuple[str, str]]] = {
    NotifyCode.AS_WRITTEN: ("{text}", "{text}"),
    NotifyCode.NOT_AN_EMAIL: ("not an e-mail address: {value}", "ikke en e-postadresse: {value}"),
    NotifyCode.LANGUAGE: (
        "language must be nb (Norwegian) or en (English)",
        "språket må være nb (norsk) eller en (engelsk)",
    ),
    NotifyCode.NOT_A_RECIPIENT: ("{email} is not a recipient", "{email} er ikke en mottaker"),
    NotifyCode.SMTP_NOT_CONFIGURED: ("SMTP is not configured", "SMTP er ikke satt opp"),
}

JOB: Final[dict[enum.StrEnum, tuple[str, str]]] = {
    JobCode.TIME_FORM: (
        "a time of day is HH:MM (24 hours, Oslo time), not {value}",
        "et klokkeslett skrives TT:MM (24 timer, norsk tid), ikke {value}",
    ),
    JobCode.NO_SUCH_JOB: (
        "no job named {name}; the jobs are {jobs}",
        "ingen jobb heter {name}; jobbene er {jobs}",
    ),
}

RUNS: Final[dict[enum.StrEnum, tuple[str, str]]] = {
    JobCode.CHANNEL_FAILED: ("{channel}: {reason:msg}", "{channel}: {reason:msg}"),
    JobCode.FILE_FAILED: ("{channel}/{file}: {reason:msg}", "{channel}/{file}: {reason:msg}"),
    JobCode.AVTALEGIRO_FAILED: ("AvtaleGiro: {reason:msg}", "AvtaleGiro: {reason:msg}"),
    JobCode.CRASHED: ("{error}", "{error}"),
    JobCode.EFAKTURA_NOT_SET_UP: (
        "eFaktura is not set up ({variable})",
        "eFaktura er ikke satt opp ({variable})",
    ),
    JobCode.NOT_SET_UP: ("not set up", "ikke satt opp"),
    JobCode.RUNNING: (
        "running since {time} (Oslo) on {worker}",
        "kjører siden kl. {time} (norsk tid) på {worker}",
    ),
    JobCode.DONE: (
        "done for {period} at {time} (Oslo)",
        "ferdig for {period} kl. {time} (norsk tid)",
    ),
    JobCode.FAILED_WAITING: (
        "failed for {period}; next attempt later ({reason:msg})",
        "feilet for {period}; prøves igjen senere ({reason:msg})",
    ),
    JobCode.TAKEN: ("claimed by another worker", "tatt av en annen prosess"),
    JobCode.AS_WRITTEN: ("{text}", "{text}"),
    FetchCode.DOWNLOAD_FAILED: (
        "download failed: {reason:msg}",
        "nedlastingen feilet: {reason:msg}",
    ),
    FetchCode.REJECTED_AT_LINE: ("line {line}: {reason:msg}", "linje {line}: {reason:msg}"),
    FetchCode.REJECTED_AT: ("{path}: {reason:msg}", "{path}: {reason:msg}"),
    FetchCode.AFTER_FETCH_FAILED: (
        "booked, but could not {action:@automation.fetch.action} the remote file: {reason:msg}",
        "bokført, men kunne ikke {action:@automation.fetch.action} filen på serveren: {reason:msg}",
    ),
    FetchCode.AS_WRITTEN: ("{text}", "{text}"),
    RemoteStep.DELETE: ("delete", "slette"),
    RemoteStep.MOVE: ("move", "flytte"),
}

TEXTS: Final[dict[enum.StrEnum, tuple[str, str]]] = {
    **RUNS,
    ChannelCode.INCOMPLETE: (
        "the SFTP channel {channel} is not complete",
        "SFTP-kanalen {channel} er ikke fullstendig",
    ),
    **AGREEMENT,
    **UNITS,
    **CHANNEL,
    **NOTIFY,
    **JOB,
}
