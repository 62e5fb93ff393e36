"""Payments in: why a payment went where it went (matching, the unknown-KID policy,
the voucher inbox). The English texts are the sentences the CLI has always printed;
amounts there stay in øre, in bokmål they read as kroner."""

from __future__ import annotations

from typing import Final

from reskontro.domain.matching import ManualReason, PaymentReason, UnmatchedReason

P = PaymentReason
U = UnmatchedReason
M = ManualReason

TEXTS: Final[dict[PaymentReason | UnmatchedReason | ManualReason, tuple[str, str]]] = {
    P.FULL: (
        "KID {kid}: pays invoice {invoice} in full",
        "KID {kid}: betaler faktura {invoice} fullt ut",
    ),
    P.SURPLUS: (
        "KID {kid}: pays invoice {invoice} and {surplus_ore} øre more, kept as the customer's"
        " credit",
        "KID {kid}: betaler faktura {invoice} og {surplus_ore:kr} mer, som står til kundens gode",
    ),
    P.WITHIN_TOLERANCE: (
        "KID {kid}: pays invoice {invoice}; {written_off_ore} øre short, within the company's"
        " tolerance, written off",
        "KID {kid}: betaler faktura {invoice}; {written_off_ore:kr} for lite, innenfor firmaets"
        " toleranse, avskrevet",
    ),
    P.PART: (
        "KID {kid}: pays {allocated_ore} øre of invoice {invoice}, a part payment",
        "KID {kid}: betaler {allocated_ore:kr} av faktura {invoice} (delbetaling)",
    ),
    P.ALREADY_PAID: (
        "KID {kid}: invoice {invoice} was already paid; {amount_ore} øre kept as the customer's"
        " credit",
        "KID {kid}: faktura {invoice} var allerede betalt; {amount_ore:kr} står til kundens gode",
    ),
    P.CREDITED: (
        "KID {kid}: invoice {invoice} was credited; {amount_ore} øre kept as the customer's credit",
        "KID {kid}: faktura {invoice} var kreditert; {amount_ore:kr} står til kundens gode",
    ),
    P.REVERSAL: (
        "negative amount with KID {kid}: reverses {reversed_ore} øre paid on invoice {invoice}",
        "negativt beløp med KID {kid}: tilbakefører {reversed_ore:kr} betalt på faktura {invoice}",
    ),
    P.NEGATIVE_UNPAID: (
        "negative amount of {reversed_ore} øre with KID {kid} of invoice {invoice}, which has"
        " less than that paid: needs a person",
        "negativt beløp på {reversed_ore:kr} med KID {kid} for faktura {invoice}, som har mindre"
        " enn det betalt: må ses på av en person",
    ),
    P.ZERO: ("zero amount with KID {kid}", "nullbeløp med KID {kid}"),
    P.NO_KID: ("no KID in the payment", "betalingen har ingen KID"),
    P.UNKNOWN_KID: ("KID {kid} belongs to no invoice", "KID {kid} hører ikke til noen faktura"),
    # A sentence stored before reasons were codes that no pattern knew: shown as stored.
    P.LEGACY: ("{text}", "{text}"),
    U.WAITS_IN_INBOX: ("waits in the voucher inbox", "venter i bilagsmottaket"),
    U.IGNORED: (
        "not posted (the company ignores unknown KIDs)",
        "ikke bokført (firmaet ignorerer ukjente KID-er)",
    ),
    U.BY_KID_CUSTOMER_PART: (
        "posted to the customer by customer part of a well-formed KID",
        "bokført på kunden ut fra kundedelen av en gyldig KID",
    ),
    U.BY_PAYER_ACCOUNT: (
        "posted to the customer by payer account seen on the customer's payments",
        "bokført på kunden ut fra betalerkontoen, kjent fra kundens tidligere betalinger",
    ),
    U.BY_FREE_TEXT_KID: (
        "posted to the customer by free text names KID {kid}",
        "bokført på kunden fordi fritekst nevner KID {kid}",
    ),
    U.BY_FREE_TEXT_INVOICE: (
        "posted to the customer by free text names invoice number {invoice}",
        "bokført på kunden fordi fritekst nevner fakturanummer {invoice}",
    ),
    U.BY_UNIQUE_AMOUNT: (
        "posted to the customer by the only open invoice with this amount",
        "bokført på kunden med den eneste åpne fakturaen på dette beløpet",
    ),
    U.TO_PLACEHOLDER: (
        "no clue to the customer: posted to 'Betaling med ukjent KID'",
        "ingen spor av kunden: bokført på «Betaling med ukjent KID»",
    ),
    M.TO_INVOICE: (
        "posted by hand to invoice {invoice} ({amount_ore} øre)",
        "bokført manuelt på faktura {invoice} ({amount_ore:kr})",
    ),
    M.TO_CUSTOMER: ("posted by hand to customer {customer}", "bokført manuelt på kunde {customer}"),
    M.MOVED: ("moved by hand to customer {customer}", "flyttet manuelt til kunde {customer}"),
}
