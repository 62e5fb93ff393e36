"""Texts of bulk and recurring invoicing: refusals and errors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from reskontro.services.invoicing.codes import (
    BulkError,
    IssueRefusal,
    RecurringError,
    RecurringNotice,
)

if TYPE_CHECKING:
    import enum

TEXTS: Final[dict[enum.StrEnum, tuple[str, str]]] = {
    IssueRefusal.PLACEHOLDER: (
        "cannot invoice the placeholder customer {customer}",
        "kan ikke fakturere plassholderkunden {customer}",
    ),
    IssueRefusal.NOT_VAT_REGISTERED: (
        "the company is not VAT registered and cannot charge {vat} % VAT",
        "selskapet er ikke MVA-registrert og kan ikke kreve {vat} % MVA",
    ),
    IssueRefusal.NO_LINES: (
        "an invoice needs at least one line",
        "en faktura må ha minst én linje",
    ),
    BulkError.NO_SELECTION: (
        "choose the customers: all, a group or a list of numbers",
        "velg kundene: alle, en gruppe eller en liste med kundenumre",
    ),
    BulkError.NO_GROUP: ("no customer group named {group}", "ingen kundegruppe heter {group}"),
    BulkError.NO_CUSTOMER: (
        "no customer with number {customer}",
        "ingen kunde med nummer {customer}",
    ),
    BulkError.NO_RUN: ("no bulk run with id {run}", "ingen gruppefakturering med id {run}"),
    RecurringError.NO_AGREEMENT: (
        "no recurring agreement with id {agreement}",
        "ingen repeterende avtale med id {agreement}",
    ),
    RecurringError.NO_LINES: (
        "an agreement needs at least one line",
        "en avtale må ha minst én linje",
    ),
    RecurringError.END_BEFORE_START: (
        "the end {end:date} is before the start {start:date}",
        "slutten {end:date} er før starten {start:date}",
    ),
    RecurringError.INVOICE_DAY: (
        "an invoice day is 1 to 31, not {day}",
        "en fakturadag er 1 til 31, ikke {day}",
    ),
    RecurringError.NO_PRODUCT: ("no product {product}", "ingen vare {product}"),
    RecurringError.NO_PRICE: (
        "product {product} has no price on {day:date}",
        "vare {product} har ingen pris {day:date}",
    ),
    RecurringError.CUSTOMER_OR_GROUP: (
        "an agreement is for one customer or one customer group",
        "en avtale gjelder én kunde eller én kundegruppe",
    ),
    RecurringError.ENDED: (
        "agreement {agreement} has ended",
        "avtale {agreement} er avsluttet",
    ),
    RecurringNotice.RUN_DONE: (
        "{created} invoices issued, {sent} sent, {undelivered} not delivered"
        " (see each invoice's deliveries), {refused} refused",
        "{created} fakturaer utstedt, {sent} sendt, {undelivered} ikke levert"
        " (se leveringene på hver faktura), {refused} avvist",
    ),
    RecurringNotice.PAUSED: ("agreement {agreement} paused", "avtale {agreement} satt på pause"),
    RecurringNotice.RESUMED: (
        "agreement {agreement} invoices again from its next period",
        "avtale {agreement} fakturerer igjen fra neste periode",
    ),
    RecurringNotice.ENDED: (
        "agreement {agreement} ended {end:date}",
        "avtale {agreement} avsluttet {end:date}",
    ),
}
