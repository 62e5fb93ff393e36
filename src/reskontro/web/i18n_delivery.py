"""The web app's delivery words: names of methods, states and customer kinds (bokmål
ids, as in :mod:`reskontro.web.i18n`) and their English texts, merged into its
catalogue."""

from __future__ import annotations

from typing import Final

METHOD_NAMES: Final = {"email": "E-post", "ehf": "EHF", "efaktura": "eFaktura", "print": "Papir"}
STATE_NAMES: Final = {
    "queued": "I kø",
    "sending": "Sendes",
    "sent": "Sendt",
    "delivered": "Levert",
    "failed": "Feilet",
    "refused": "Avvist",
}
KIND_NAMES: Final = {"business": "Bedrift", "person": "Privatperson"}
#: The last eFaktura look-up's answer (:class:`reskontro.domain.efaktura.Answer`).
EFAKTURA_ANSWERS: Final = {
    "can_receive": "kan motta eFaktura",
    "not_found": "finnes ikke i eFaktura-registeret",
    "blocked": "har sperret eFaktura fra oss",
    "unavailable": "registeret svarte ikke",
}

EN: Final[dict[str, str]] = {
    "E-post": "E-mail",
    "EHF": "EHF",
    "Peppol": "Peppol",
    "eFaktura": "eFaktura",
    "Papir": "Print",
    "I kø": "Queued",
    "Sendes": "Sending",
    "Sendt": "Sent",
    "Levert": "Delivered",
    "Feilet": "Failed",
    "Avvist": "Refused",
    "Bedrift": "Business",
    "Privatperson": "Private person",
    "Levering": "Delivery",
    "Last ned PDF": "Download PDF",
    "Last ned EHF": "Download EHF",
    "Leveringsmåte": "Delivery method",
    "Send på nytt": "Send again",
    "Send": "Send",
    "Måte": "Method",
    "Til": "To",
    "Årsak": "Reason",
    "Ikke sendt.": "Not sent.",
    "Endre kunde": "Edit customer",
    "Gateadresse": "Street address",
    "Postnummer": "Postcode",
    "Poststed": "City",
    "Land": "Country",
    "E-post for faktura": "E-mail for invoices",
    "Peppol-ID": "Peppol id",
    "Kjøpers referanse (EHF)": "Buyer reference (EHF)",
    "Språk": "Language",
    "Lagre": "Save",
    "Avbryt": "Cancel",
    "Adresse": "Address",
    "ikke sjekket": "not checked",
    "kan motta EHF": "can receive EHF",
    "kan ikke motta EHF": "cannot receive EHF",
    "kan motta eFaktura": "can receive eFaktura",
    "finnes ikke i eFaktura-registeret": "not in the eFaktura register",
    "har sperret eFaktura fra oss": "has blocked eFaktura from us",
    "registeret svarte ikke": "the register did not answer",
    "Kunden kan motta eFaktura": "The customer can receive eFaktura",
    "Send som eFaktura": "Send as eFaktura",
    "Lagre på kundekortet": "Save on the customer card",
    "Fødselsnummer": "National identity number",
    "Mobil": "Mobile",
    "Siste eFaktura-oppslag": "Last eFaktura look-up",
    "eFaktura-adresse": "eFaktura address",
    "Sjekk eFaktura nå": "Check eFaktura now",
    "sandkasse, ingen ekte eFaktura": "sandbox, no real eFaktura",
    "Hent status for eFaktura-forsendelser": "Poll eFaktura consignments",
    "Vei til MPS": "Route to MPS",
    "Ikke satt opp": "Not set up",
    "Privatkunder": "Private customers",
    "sender med eFaktura": "sent by eFaktura",
    "sperret": "blocked",
    "Sendt, venter på MPS": "Sent, waiting for MPS",
    "Endre utkast": "Edit draft",
    "Slett utkast": "Delete draft",
    "Slette utkastet?": "Delete the draft?",
    "Fakturaen sendes når den utstedes, med kundens leveringsmåte (i parentes).": (
        "The invoice is sent when issued, by the customer's delivery method (in brackets)."
    ),
    "Fakturaen sendes ikke når den utstedes; send den fra fakturasiden.": (
        "The invoice is not sent when issued; send it from the invoice page."
    ),
    "Utskrift": "Printing",
    "Skriv ut papirfakturaer": "Print paper invoices",
    "Dag": "Day",
    "Ingen papirfakturaer å skrive ut for %(day)s.": "No paper invoices to print for %(day)s.",
    "Sending av fakturaer": "Sending invoices",
    "Send fakturaen når den utstedes": "Send the invoice when it is issued",
    "Hold utstedte fakturaer for manuell sending": "Hold issued invoices for a manual send",
    "Lagre sending": "Save sending",
    "Valuta": "Currency",
    "Valutakurs (NOK per enhet)": "Exchange rate (NOK per unit)",
    "tom for NOK": "empty for NOK",
    "Mva. i NOK": "VAT in NOK",
    "Aksesspunkt for EHF": "Access point for EHF",
    "EHF går gjennom kanalen %(channel)s: %(where)s": (
        "EHF goes through channel %(channel)s: %(where)s"
    ),
    "EHF går gjennom installasjonens aksesspunkt (RESKONTRO_AP_*).": (
        "EHF goes through the installation's access point (RESKONTRO_AP_*)."
    ),
    "Kanal": "Channel",
    "Installasjonens aksesspunkt": "The installation's access point",
    "Mappe aksesspunktet henter fra": "Folder the access point picks files from",
    "Lagre aksesspunkt": "Save access point",
}
