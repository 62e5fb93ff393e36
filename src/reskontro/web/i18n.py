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
from reskontro.web.i18n_books import EN as _EN_BOOKS
from reskontro.web.i18n_charges import CHARGE_NAMES, PAYMENT_ORDERS
from reskontro.web.i18n_charges import EN as _EN_CHARGES
from reskontro.web.i18n_delivery import EN as _EN_DELIVERY
from reskontro.web.i18n_followup import EN as _EN_FOLLOWUP
from reskontro.web.i18n_invoicing import AGREEMENT_STATES, INTERVALS
from reskontro.web.i18n_invoicing import EN as _EN_INVOICING
from reskontro.web.i18n_pages import ACCOUNT_SOURCES
from reskontro.web.i18n_pages import EN as _EN_PAGES
from reskontro.web.i18n_settings import EN as _EN_SETTINGS

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
}
EN.update(_EN_BOOKS)
EN.update(_EN_SETTINGS)
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
    from reskontro.web.codes import ROLE_NAMES

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
