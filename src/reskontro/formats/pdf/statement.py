"""The customer statement (kontoutskrift): a customer's movements over a period and
what is open now, as PDF.

It starts from the balance brought forward (what the customer owed the day before the
period), lists each movement of the period in date order with the running balance
(invoices, credit notes, payments, fees and interest, fees waived, differences written
off), ends with the closing balance, and then lists the open items with their KIDs and
the company's account number, so that the customer can pay each by its own KID.
Amounts that raise what the customer owes are positive.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.domain.company import format_account
from reskontro.formats.pdf.layout import Flow, addressee, facts, letterhead
from reskontro.formats.pdf.texts import Texts
from reskontro.formats.pdf.writer import LEFT, RIGHT, Writer

if TYPE_CHECKING:
    import datetime as dt

    from reskontro.formats.pdf.model import Buyer, Seller


class EntryKind(enum.StrEnum):
    """What moved a customer's balance."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"
    PAYMENT = "payment"
    REMINDER_FEE = "reminder_fee"
    INKASSOVARSEL_FEE = "inkassovarsel_fee"
    BETALINGSOPPFORDRING_FEE = "betalingsoppfordring_fee"
    INTEREST = "interest"
    #: A fee or interest waived (settled without being paid).
    WAIVED = "waived"
    #: A small difference written off when a payment closed an invoice.
    WRITTEN_OFF = "written_off"


@dataclass(frozen=True, slots=True)
class StatementEntry:
    """One movement: ``amount_ore`` raises (positive) or lowers what the customer owes;
    ``balance_ore`` is the balance after it."""

    date: dt.date
    kind: EntryKind
    amount_ore: int
    balance_ore: int
    #: The invoice or credit note (for a fee, a payment set against one: its invoice).
    number: int | None = None
    kid: str | None = None
    due_date: dt.date | None = None
    #: The payment's message or the payer's name.
    text: str | None = None


@dataclass(frozen=True, slots=True)
class OpenItem:
    """An item still open: an invoice's principal, a fee or interest on it, a credit
    note not yet set off, or a payment not yet allocated (the customer's credit)."""

    kind: EntryKind
    date: dt.date
    amount_ore: int
    open_ore: int
    number: int | None = None
    kid: str | None = None
    due_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class StatementDocument:
    """A customer's statement for ``date_from`` … ``date_to`` (both included), made on
    ``made_on``; ``open_items`` are those open on ``made_on``. Amounts in NOK."""

    seller: Seller
    buyer: Buyer
    date_from: dt.date
    date_to: dt.date
    made_on: dt.date
    opening_ore: int
    entries: tuple[StatementEntry, ...]
    closing_ore: int
    open_items: tuple[OpenItem, ...]
    open_ore: int
    language: str = "nb"


#: The statement's words, (bokmål, English) by key: each key once, in both languages.
_WORDS: dict[str, tuple[str, str]] = {
    "title": ("Kontoutskrift", "Statement"),
    "period": ("Periode", "Period"),
    "made_on": ("Dato", "Date"),
    "date": ("Dato", "Date"),
    "what": ("Hva", "What"),
    "number": ("Nr.", "No."),
    "due": ("Forfall", "Due"),
    "kid": ("KID", "KID"),
    "amount": ("Beløp", "Amount"),
    "balance": ("Saldo", "Balance"),
    "open": ("Åpent", "Open"),
    "brought_forward": ("Saldo fra forrige periode", "Balance brought forward"),
    "closing": ("Saldo per {date}", "Balance on {date}"),
    "movements": ("Bevegelser {start} – {end}", "Movements {start} – {end}"),
    "open_items": ("Åpne poster per {date}", "Open items on {date}"),
    "open_total": ("Sum åpne poster", "Open items in all"),
    "no_movements": ("Ingen bevegelser i perioden.", "No movements in the period."),
    "no_open": ("Ingen åpne poster.", "No open items."),
    "pay_to": (
        "Betal til konto {account}, med KID for hver faktura."
        " Et negativt beløp er til gode hos oss.",
        "Pay to account {account}, with the KID of each invoice."
        " A negative amount is in your favour.",
    ),
    "invoice": ("Faktura", "Invoice"),
    "credit_note": ("Kreditnota", "Credit note"),
    "payment": ("Innbetaling", "Payment"),
    "reminder_fee": ("Purregebyr", "Reminder fee"),
    "inkassovarsel_fee": ("Gebyr inkassovarsel", "Debt collection notice fee"),
    "betalingsoppfordring_fee": ("Gebyr betalingsoppfordring", "Demand for payment fee"),
    "interest": ("Renter", "Interest"),
    "waived": ("Gebyr frafalt", "Fee waived"),
    "written_off": ("Differanse avskrevet", "Difference written off"),
}
WORDS: dict[str, dict[str, str]] = {
    lang: {key: pair[i] for key, pair in _WORDS.items()} for i, lang in enumerate(("nb", "en"))
}

#: Column x positions (mm): date, what, number, due, KID, amount (right), balance (right).
_COLUMNS = (LEFT, 40.0, 78.0, 92.0, 114.0, 162.0, RIGHT)


class _Sheet(Flow):
    """Rows that continue on a new page when they reach the bottom."""

    def __init__(self, w: Writer, doc: StatementDocument, t: Texts, words: dict[str, str]) -> None:
        super().__init__(w, doc.seller, t, words["title"], 100.0)
        self.words = words

    def heading(self, text: str) -> None:
        self.need(18)
        self.w.text(LEFT, self.y, text, 10.5, bold=True)
        self.y += 6.0

    def head(self, last: str) -> None:
        labels = ("date", "what", "number", "due", "kid", "amount")
        for x, key in zip(_COLUMNS, labels, strict=False):
            align = "right" if key == "amount" else "left"
            self.w.text(x, self.y, self.words[key], 8.5, bold=True, align=align)
        self.w.text(RIGHT, self.y, self.words[last], 8.5, bold=True, align="right")
        self.w.rule(LEFT, self.y + 1.5, RIGHT)
        self.y += 5.5

    def row(self, cells: tuple[str, str, str, str, str, str, str], *, bold: bool = False) -> None:
        self.need(5)
        for i, (x, value) in enumerate(zip(_COLUMNS, cells, strict=True)):
            if value:
                align = "right" if i >= 5 else "left"
                self.w.text(x, self.y, value, 8.5, bold=bold, align=align)
        self.y += 4.8


def render_statement(doc: StatementDocument) -> bytes:
    """The PDF of a customer statement."""
    t = Texts(doc.language)
    words = WORDS[t.language]
    w = Writer(title=f"{words['title']} {doc.buyer.name}", author=doc.seller.name,
               subject=f"{words['title']} {t.date(doc.date_from)} – {t.date(doc.date_to)}",
               language=t.language)  # fmt: skip
    letterhead(w, doc.seller, words["title"], t)
    addressee(w, doc.buyer, t)
    rows = [(words["made_on"], t.date(doc.made_on))]
    if doc.buyer.number is not None:
        rows.append((t["customer_no"], str(doc.buyer.number)))
    rows += [(words["period"], f"{t.date(doc.date_from)} – {t.date(doc.date_to)}"),
             (words["balance"], t.nok(doc.closing_ore))]  # fmt: skip
    facts(w, rows)
    s = _Sheet(w, doc, t, words)
    s.heading(words["movements"].format(start=t.date(doc.date_from), end=t.date(doc.date_to)))
    s.head("balance")
    s.row(("", words["brought_forward"], "", "", "", "", t.nok(doc.opening_ore)), bold=True)
    for e in doc.entries:
        what = words[e.kind.value] if not e.text else f"{words[e.kind.value]}: {e.text}"
        what = w.wrap(what, _COLUMNS[2] - _COLUMNS[1] - 2, 8.5)[0]
        s.row((t.date(e.date), what, str(e.number or ""), t.date(e.due_date) if e.due_date else "",
               e.kid or "", t.nok(e.amount_ore), t.nok(e.balance_ore)))  # fmt: skip
    if not doc.entries:
        s.row(("", words["no_movements"], "", "", "", "", ""))
    s.w.rule(LEFT, s.y - 3.3, RIGHT, weight=0.3)
    s.row(("", words["closing"].format(date=t.date(doc.date_to)), "", "", "", "",
           t.nok(doc.closing_ore)), bold=True)  # fmt: skip
    s.y += 6.0
    s.heading(words["open_items"].format(date=t.date(doc.made_on)))
    s.head("open")
    for i in doc.open_items:
        s.row((t.date(i.date), words[i.kind.value], str(i.number or ""),
               t.date(i.due_date) if i.due_date else "", i.kid or "", t.nok(i.amount_ore),
               t.nok(i.open_ore)))  # fmt: skip
    if not doc.open_items:
        s.row(("", words["no_open"], "", "", "", "", ""))
    s.w.rule(LEFT, s.y - 3.3, RIGHT, weight=0.3)
    s.row(("", words["open_total"], "", "", "", "", t.nok(doc.open_ore)), bold=True)
    s.y += 4.0
    s.need(12)
    s.y = w.paragraph(LEFT, s.y, words["pay_to"].format(account=format_account(doc.seller.account)),
                      RIGHT - LEFT, 9.5, bold=True)  # fmt: skip
    return s.finish()


__all__ = ["EntryKind", "OpenItem", "StatementDocument", "StatementEntry", "render_statement"]
