"""The web app's AvtaleGiro words (bokmål ids, as in :mod:`reskontro.web.i18n`) and
their English texts, merged into its catalogue."""

from __future__ import annotations

from typing import Final

#: A mandate's state.
MANDATE_STATES: Final = {"active": "Aktiv", "waiting": "Venter på kunde", "ended": "Avsluttet"}
#: An invoice's AvtaleGiro status (``InvoiceClaimStatus``) and a claim's state.
CLAIM_STATES: Final = {
    "to_be_sent": "Trekkrav sendes",
    "sent": "Trekkrav sendt",
    "cancelled": "Kansellert",
    "settled": "Trukket",
    "failed": "Trekk mislyktes",
    "too_late": "For kort frist – betales med giro",
}
#: A mandate history entry.
MANDATE_CHANGES: Final = {
    "new": "Ny",
    "changed": "Endret",
    "deleted": "Slettet",
    "unchanged": "Uendret",
    "assigned": "Knyttet til kunde",
}
ITEM_KINDS: Final = {"claim": "Trekkrav", "cancellation": "Kansellering", "mandate": "Fullmakt"}
DIRECTIONS: Final = {"mandates": "Fullmakter inn", "claims": "Trekkrav ut"}

EN: Final[dict[str, str]] = {
    "AvtaleGiro": "AvtaleGiro",
    "Aktiv": "Active",
    "Venter på kunde": "Waiting for a customer",
    "Avsluttet": "Ended",
    "Trekkrav sendes": "Claim to be sent",
    "Trekkrav sendt": "Claim sent",
    "Kansellert": "Cancelled",
    "Trukket": "Drawn",
    "Trekk mislyktes": "Draw failed",
    "For kort frist – betales med giro": "Due too soon – paid with a giro",
    "Ny": "New",
    "Endret": "Changed",
    "Slettet": "Deleted",
    "Uendret": "Unchanged",
    "Knyttet til kunde": "Assigned to a customer",
    "Trekkrav": "Claim",
    "Kansellering": "Cancellation",
    "Fullmakt": "Mandate",
    "Fullmakter inn": "Mandates in",
    "Trekkrav ut": "Claims out",
    "AvtaleGiro-avtale": "AvtaleGiro agreement",
    "Firmaet har ingen AvtaleGiro-avtale registrert.": (
        "The company has no AvtaleGiro agreement registered."
    ),
    "Bare administrator og rollen Bank og betalinger kan endre AvtaleGiro.": (
        "Only administrators and the Bank and payments role can change AvtaleGiro."
    ),
    "Avtale-ID": "Agreement ID",
    "Konto": "Account",
    "Dataavsender, kundeenhet-ID": "Data transmitter, customer unit ID",
    "Dataavsender, 8 siffer": "Data transmitter, 8 digits",
    "Avtale-ID (9 siffer)": "Agreement ID (9 digits)",
    "Banken varsler betaleren": "The bank notifies the payer",
    "Vi varsler betaleren": "We notify the payer",
    "Varsling": "Notice",
    "Kundenummer i KID": "Customer number in the KID",
    "posisjon %(first)s–%(last)s": "positions %(first)s–%(last)s",
    "KID-mal": "KID template",
    "Registrert": "Registered",
    "Lagre avtale": "Save agreement",
    "Konto (tom: OCR-avtalens)": "Account (empty: the OCR agreement's)",
    "Fullmakter": "Mandates",
    "Alle": "All",
    "Varsel": "Notice",
    "ja": "yes",
    "nei": "no",
    "Filtrer": "Filter",
    "Kunde": "Customer",
    "Status": "Status",
    "Oppdatert": "Updated",
    "Ingen fullmakter.": "No mandates.",
    "Knytt til kunde": "Assign to customer",
    "Kundenummer": "Customer number",
    "Les inn fullmaktsliste": "Read a mandate list",
    "Les inn": "Read",
    "Filer": "Files",
    "Retning": "Direction",
    "Fil": "File",
    "Forsendelse": "Transmission",
    "Kjøredato": "Run date",
    "Krav": "Claims",
    "Kanselleringer": "Cancellations",
    "Beløp": "Amount",
    "Sendt til Nets": "Sent to Nets",
    "venter på sending": "waiting to be sent",
    "Ingen filer ennå.": "No files yet.",
    "Send krav nå": "Send claims now",
    "Skriv trekkrav for fakturaer som kan trekkes nå?": (
        "Write claims for the invoices due to be claimed now?"
    ),
    "Ingen nye trekkrav å sende.": "No new claims to send.",
    "AvtaleGiro-fil %(name)s": "AvtaleGiro file %(name)s",
    "Sum trekkrav": "Claims total",
    "Sum kanselleringer": "Cancellations total",
    "Nr.": "No.",
    "Forfall": "Due",
    "Type": "Type",
    "Betaler": "Payer",
    "Ekstern referanse": "External reference",
    "Faktura": "Invoice",
    "Tilbake til AvtaleGiro": "Back to AvtaleGiro",
    "Betales med AvtaleGiro": "Paid by AvtaleGiro",
    "sendt %(day)s i forsendelse %(number)s": "sent %(day)s in transmission %(number)s",
    "kansellert %(day)s": "cancelled %(day)s",
    "AvtaleGiro-fullmakter": "AvtaleGiro mandates",
    "Ingen AvtaleGiro-fullmakter.": "No AvtaleGiro mandates.",
    "Endring": "Change",
    "Når": "When",
    "Av": "By",
    "%(n)s AvtaleGiro-fullmakter venter på kunde": (
        "%(n)s AvtaleGiro mandates wait for a customer"
    ),
    "Nye": "New",
    "Endrede": "Changed",
    "Slettede": "Deleted",
}

__all__ = ["CLAIM_STATES", "DIRECTIONS", "EN", "ITEM_KINDS", "MANDATE_CHANGES", "MANDATE_STATES"]
