"""English texts of the bokmål ids on the bookkeeper's pages of issue 16 (voucher
inbox, follow-up, credit notes, audit log, statements), merged into
:data:`reskontro.web.i18n.EN`."""

from __future__ import annotations

from typing import Final

EN: Final[dict[str, str]] = {
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
}
