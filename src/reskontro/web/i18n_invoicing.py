"""The web app's words for bulk and recurring invoicing (bokmål ids, as in
:mod:`reskontro.web.i18n`) and their English texts, merged into its catalogue."""

from __future__ import annotations

from typing import Final

INTERVALS: Final = {
    "month": "Månedlig",
    "quarter": "Kvartalsvis",
    "half-year": "Halvårlig",
    "year": "Årlig",
}
AGREEMENT_STATES: Final = {"active": "Aktiv", "paused": "Pause", "ended": "Avsluttet"}

EN: Final[dict[str, str]] = {
    "Gruppefakturering": "Bulk invoicing",
    "Repeterende": "Recurring",
    "Repeterende fakturaer": "Recurring invoices",
    "Alle kunder": "All customers",
    "Kundegruppe": "Customer group",
    "Kundenumre": "Customer numbers",
    "10000, 10001": "10000, 10001",
    "Fakturadato": "Invoice date",
    "dd.mm.åååå (tom: i dag)": "dd.mm.yyyy (empty: today)",
    "Send som eFaktura hvis mulig": "Send as eFaktura if possible",
    "Forhåndsvis": "Preview",
    "Forhåndsvisning": "Preview",
    "%(n)s fakturaer, til sammen %(total)s": "%(n)s invoices, %(total)s in all",
    "%(n)s avvist": "%(n)s refused",
    "%(done)s av %(total)s behandlet": "%(done)s of %(total)s done",
    "Sendes som": "Sent as",
    "Avvist fordi": "Refused because",
    "Utsted og send": "Issue and send",
    "%(n)s fakturaer utstedt": "%(n)s invoices issued",
    "%(n)s gjenstår": "%(n)s to go",
    "Sendt": "Sent",
    "E-post": "E-mail",
    "EHF": "EHF",
    "eFaktura": "eFaktura",
    "Papir": "Paper",
    "Avvist": "Refused",
    "Intervall": "Interval",
    "Fra": "From",
    "Til": "To",
    "Neste faktura": "Next invoice",
    "Ingen avtaler ennå.": "No agreements yet.",
    "Fortsett": "Resume",
    "Sett på pause": "Pause",
    "Avslutt": "End",
    "Fakturer forfalte perioder nå": "Invoice the periods due now",
    "(ellers gjør den daglige kjøringen det)": "(else the daily run does it)",
    "Ny avtale": "New agreement",
    "Etterskuddsvis": "In arrears",
    "Send automatisk": "Send automatically",
    "Lagre avtale": "Save agreement",
    "Utsted repeterende fakturaer": "Issue recurring invoices",
    "Månedlig": "Monthly",
    "Kvartalsvis": "Quarterly",
    "Halvårlig": "Half-yearly",
    "Årlig": "Yearly",
    "Aktiv": "Active",
    "Pause": "Paused",
    "Avsluttet": "Ended",
    "Produkt": "Product",
    "Bare kundene i filen": "Only the customers in the file",
    "Linjer per kunde (CSV: kunde;tekst;antall;pris;mva eller produkt)": (
        "Lines per customer (CSV: kunde;tekst;antall;pris;mva or produkt)"
    ),
    "Filen er lest inn.": "The file is read.",
    "Produkter": "Products",
    "Prisliste": "Price list",
    "Kode": "Code",
    "Enhet": "Unit",
    "Pris i dag": "Price today",
    "Priser": "Prices",
    "Ingen produkter ennå.": "No products yet.",
    "Nytt produkt eller ny pris": "New product or new price",
    "Gjelder fra": "Valid from",
    "Lagre pris": "Save price",
    "fra %(day)s: %(price)s": "from %(day)s: %(price)s",
    "Fakturaer som er utstedt, beholder prisen de ble utstedt med.": (
        "Invoices already issued keep the price they were issued with."
    ),
}
