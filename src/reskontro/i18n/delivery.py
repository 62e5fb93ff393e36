"""Texts of the delivery flow: the customer card, methods, states, and why a send
was refused or failed."""

from __future__ import annotations

import enum
from typing import Final

from reskontro.domain.delivery import CardError, Refusal
from reskontro.services.delivery.access_point import AccessPointError
from reskontro.services.delivery.records import DeliveryReason


class MethodName(enum.StrEnum):
    """A method's name (``{method:@delivery.method}``)."""

    EMAIL = "delivery.method.email"
    EHF = "delivery.method.ehf"
    EFAKTURA = "delivery.method.efaktura"
    PRINT = "delivery.method.print"


class StateName(enum.StrEnum):
    """A state's name (``{state:@delivery.state}``)."""

    QUEUED = "delivery.state.queued"
    SENDING = "delivery.state.sending"
    SENT = "delivery.state.sent"
    DELIVERED = "delivery.state.delivered"
    FAILED = "delivery.state.failed"
    REFUSED = "delivery.state.refused"


class KindName(enum.StrEnum):
    """A customer kind's name (``{kind:@customer.kind}``)."""

    BUSINESS = "customer.kind.business"
    PERSON = "customer.kind.person"


TEXTS: Final[dict[enum.StrEnum, tuple[str, str]]] = {
    CardError.NAME_MISSING: ("The customer needs a name", "Kunden må ha et navn"),
    CardError.BAD_EMAIL: ("Not an e-mail address: '{value}'", "Ikke en e-postadresse: «{value}»"),
    CardError.BAD_COUNTRY: (
        "'{value}' is not a two-letter country code (ISO 3166-1)",
        "«{value}» er ikke en landkode på to bokstaver (ISO 3166-1)",
    ),
    CardError.BAD_POSTCODE_NO: (
        "A Norwegian postcode has 4 digits, not '{value}'",
        "Et norsk postnummer har 4 sifre, ikke «{value}»",
    ),
    CardError.BAD_POSTCODE: ("'{value}' is not a postcode", "«{value}» er ikke et postnummer"),
    CardError.BAD_PEPPOL_ID: (
        "'{value}' is not a Peppol participant id; write SCHEME:ID, e.g. 0192:987654325",
        "«{value}» er ikke en Peppol-ID; skriv SKJEMA:ID, f.eks. 0192:987654325",
    ),
    CardError.BAD_CHOICE: (
        "'{value}' is not one of {choices}",
        "«{value}» er ikke én av {choices}",
    ),
    CardError.BAD_LANGUAGE: (
        "Language must be nb or en, not '{value}'",
        "Språket må være nb eller en, ikke «{value}»",
    ),
    CardError.PLACEHOLDER: (
        "Customer {number} is the placeholder for unknown KIDs and cannot be changed",
        "Kunde {number} er plassholderen for ukjent KID og kan ikke endres",
    ),
    CardError.NUMBER_POSITIVE: ("Customer numbers start at 1", "Kundenumre starter på 1"),
    MethodName.EMAIL: ("e-mail", "e-post"),
    MethodName.EHF: ("EHF", "EHF"),
    MethodName.EFAKTURA: ("eFaktura", "eFaktura"),
    MethodName.PRINT: ("print", "papir"),
    StateName.QUEUED: ("queued", "i kø"),
    StateName.SENDING: ("sending", "sendes"),
    StateName.SENT: ("sent", "sendt"),
    StateName.DELIVERED: ("delivered", "levert"),
    StateName.FAILED: ("failed", "feilet"),
    StateName.REFUSED: ("refused", "avvist"),
    KindName.BUSINESS: ("business", "bedrift"),
    KindName.PERSON: ("private person", "privatperson"),
    Refusal.NO_EMAIL_ADDRESS: (
        "E-mail needs an address: the customer has no e-mail address",
        "E-post krever en adresse: kunden har ingen e-postadresse",
    ),
    Refusal.NO_PEPPOL_ID: (
        "EHF needs the customer's Peppol id",
        "EHF krever kundens Peppol-ID",
    ),
    Refusal.NOT_ISSUED: (
        "Only an issued invoice or credit note can be sent",
        "Bare en utstedt faktura eller kreditnota kan sendes",
    ),
    Refusal.NO_POSTAL_ADDRESS: (
        "Print needs a postal address: street, postcode and city",
        "Papir krever en postadresse: gate, postnummer og poststed",
    ),
    Refusal.EFAKTURA_UNAVAILABLE: (
        "eFaktura is not set up (no route to MPS is chosen)",
        "eFaktura er ikke satt opp (ingen vei til MPS er valgt)",
    ),
    Refusal.EFAKTURA_NOT_FOUND: (
        "The eFaktura register has no eFaktura address for this customer",
        "eFaktura-registeret har ingen eFaktura-adresse for denne kunden",
    ),
    Refusal.EFAKTURA_BLOCKED: (
        "The customer has blocked eFaktura from us",
        "Kunden har sperret eFaktura fra oss",
    ),
    DeliveryReason.EFAKTURA_REGISTER_DOWN: (
        "The eFaktura register did not answer, so this went by the customer's other method",
        "eFaktura-registeret svarte ikke, så denne gikk med kundens andre leveringsmåte",
    ),
    DeliveryReason.EFAKTURA_REJECTED: (
        "MPS rejected the eFaktura: {error_code} {detail}",
        "MPS avviste eFakturaen: {error_code} {detail}",
    ),
    DeliveryReason.EFAKTURA_FALLBACK: (
        "Sent this way because the eFaktura (delivery {delivery}) was rejected",
        "Sendt slik fordi eFakturaen (levering {delivery}) ble avvist",
    ),
    DeliveryReason.EFAKTURA_NO_LONGER: (
        "The eFaktura register no longer finds the customer, so this went by the other method",
        "eFaktura-registeret finner ikke lenger kunden, så denne gikk med den andre leveringsmåten",
    ),
    DeliveryReason.EFAKTURA_CREDIT_NOTE: (
        "eFaktura carries no credit notes, so this went by the customer's other method",
        "eFaktura kan ikke bære kreditnotaer, så denne gikk med kundens andre leveringsmåte",
    ),
    Refusal.EFAKTURA_DUE_DATE: (
        "eFaktura needs a due date {min} to {max} days after sending, not {days}",
        "eFaktura krever forfall {min} til {max} dager etter sending, ikke {days}",
    ),
    Refusal.EFAKTURA_CURRENCY: (
        "eFaktura takes only NOK, not {currency}",
        "eFaktura tar bare NOK, ikke {currency}",
    ),
    Refusal.PEPPOL_CANNOT_RECEIVE: (
        "The Peppol look-up says {peppol_id} cannot receive EHF invoices",
        "Peppol-oppslaget sier at {peppol_id} ikke kan motta EHF-fakturaer",
    ),
    DeliveryReason.SMTP_FAILED: (
        "The e-mail could not be sent: {error:msg}",
        "E-posten kunne ikke sendes: {error:msg}",
    ),
    DeliveryReason.NO_ACCESS_POINT: (
        "No access point is set up for EHF; it waits until one is",
        "Ingen aksesspunkt er satt opp for EHF; den venter til ett er det",
    ),
    DeliveryReason.CHANNEL_ERROR: (
        "The access point's folder could not be reached: {error:msg}",
        "Aksesspunktets mappe kunne ikke nås: {error:msg}",
    ),
    DeliveryReason.ACCESS_POINT_REJECTED: (
        "The access point could not deliver it: {detail}",
        "Aksesspunktet kunne ikke levere den: {detail}",
    ),
    DeliveryReason.EHF_UNAVAILABLE: (
        "The EHF document could not be made: {error:msg}",
        "EHF-dokumentet kunne ikke lages: {error:msg}",
    ),
    AccessPointError.NO_FOLDER: (
        "An access point needs the folder on the channel it picks EHF files from",
        "Et aksesspunkt trenger mappen på kanalen det henter EHF-filer fra",
    ),
    AccessPointError.FOLDER_IS_INBOUND: (
        "{folder} is the folder bank files are fetched from; the access point needs another",
        "{folder} er mappen bankfiler hentes fra; aksesspunktet trenger en annen",
    ),
}
