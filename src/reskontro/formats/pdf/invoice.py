"""Invoice and credit note PDFs (bokføringsforskriften § 5-1-1).

Every page names the seller (name, organisation number with ``MVA`` when VAT registered,
``Foretaksregisteret`` when registered there) and the document's number; the first page
names the buyer, the dates (issue, delivery, due) and the references; the lines state
what was supplied (text, quantity, unit price, VAT rate, amount); the VAT is totalled
per rate in NOK, with zero-rated and out-of-scope sales apart (§ 5-1-5); the last page
carries the totals and the payment part with account number, KID, amount and due date.
A credit note names the invoice it credits and asks for no payment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reskontro.domain.currency import NOK, in_nok, rate_text
from reskontro.domain.vat import VatCode
from reskontro.formats.pdf.layout import (
    BODY_LIMIT,
    BODY_LIMIT_LAST,
    addressee,
    avtalegiro_part,
    facts,
    footer,
    letterhead,
    payment_part,
)
from reskontro.formats.pdf.texts import Texts
from reskontro.formats.pdf.writer import LEFT, RIGHT, Writer

if TYPE_CHECKING:
    from reskontro.formats.pdf.model import DocLine, InvoiceDocument

DESCRIPTION_WIDTH = 80.0
LINE_SIZE = 8.5
LEADING = 4.0
#: Right edges of the number columns.
QTY_X, PRICE_X, VAT_X, AMOUNT_X = 121.0, 146.0, 161.0, RIGHT
FIRST_TABLE_TOP = 100.0
NEXT_TABLE_TOP = 45.0


@dataclass(frozen=True, slots=True)
class _Row:
    line: DocLine
    text: tuple[str, ...]

    @property
    def height(self) -> float:
        return LEADING * len(self.text) + 1.5


def _title(doc: InvoiceDocument, t: Texts) -> str:
    return t["credit_note"] if doc.is_credit_note else t["invoice"]


def _facts(doc: InvoiceDocument, t: Texts) -> list[tuple[str, str]]:
    credit = doc.is_credit_note
    rows = [
        (t["credit_note_no" if credit else "invoice_no"], str(doc.number)),
        (t["credit_note_date" if credit else "invoice_date"], t.date(doc.invoice_date)),
        (t["delivery_date"], t.date(doc.delivery_date or doc.invoice_date)),
    ]
    if not credit:
        rows.append((t["due_date"], t.date(doc.due_date)))
    elif doc.credits_number is not None:
        rows.append((t["credits_invoice"], str(doc.credits_number)))
    if doc.buyer.number is not None:
        rows.append((t["customer_no"], str(doc.buyer.number)))
    if doc.kid and not credit:
        rows.append((t["kid"], doc.kid))
    if doc.your_reference:
        rows.append((t["your_ref"], doc.your_reference[:40]))
    if doc.our_reference and not credit:
        rows.append((t["our_ref"], doc.our_reference[:40]))
    return rows


def _table_header(w: Writer, y: float, t: Texts) -> float:
    w.text(LEFT, y, t["description"], LINE_SIZE, bold=True)
    w.text(QTY_X, y, t["quantity"], LINE_SIZE, bold=True, align="right")
    w.text(PRICE_X, y, t["unit_price"], LINE_SIZE, bold=True, align="right")
    w.text(VAT_X, y, t["vat"], LINE_SIZE, bold=True, align="right")
    w.text(AMOUNT_X, y, t["amount"], LINE_SIZE, bold=True, align="right")
    w.rule(LEFT, y + 1.5, RIGHT)
    return y + 6.0


def _draw_row(w: Writer, row: _Row, y: float, t: Texts) -> None:
    line = row.line
    for i, text in enumerate(row.text):
        w.text(LEFT, y + i * LEADING, text, LINE_SIZE)
    w.text(QTY_X, y, t.quantity(line.quantity_milli), LINE_SIZE, align="right")
    w.text(PRICE_X, y, t.nok(line.unit_price_ore), LINE_SIZE, align="right")
    vat = "–" if line.vat_code is VatCode.EXEMPT else f"{line.vat_code.percent} %"
    w.text(VAT_X, y, vat, LINE_SIZE, align="right")
    w.text(AMOUNT_X, y, t.nok(line.net_ore), LINE_SIZE, align="right")


def _tail_lines(doc: InvoiceDocument, t: Texts, w: Writer) -> list[str]:
    lines: list[str] = []
    if doc.is_credit_note and doc.credits_number is not None:
        when = t.date(doc.credits_date) if doc.credits_date else ""
        lines.extend(w.wrap(t.fmt("credits", number=doc.credits_number, date=when), 170))
        if doc.our_reference:
            lines.extend(w.wrap(doc.our_reference, 170))
    if doc.note:
        lines.extend(w.wrap(doc.note, 170, 8.5))
    if doc.currency != NOK:
        if doc.exchange_rate_micro is None:
            text = t.fmt("currency_only", currency=doc.currency)
        else:
            vat_nok = t.nok(in_nok(doc.vat_ore, doc.exchange_rate_micro))
            rate = rate_text(doc.exchange_rate_micro)
            rate = rate if t.language == "en" else rate.replace(".", ",")
            text = t.fmt("currency_note", currency=doc.currency, rate=rate, vat_nok=vat_nok)
        lines.extend(w.wrap(text, 170, 8.5))
    return lines


def _tail_height(doc: InvoiceDocument, notes: list[str]) -> float:
    vat_rows = max(len(doc.vat) + 1, 3)
    return 6.0 + 4.6 * vat_rows + 6.0 + 4.2 * len(notes) + (6.0 if doc.is_credit_note else 0.0)


def _draw_tail(w: Writer, doc: InvoiceDocument, t: Texts, y: float, notes: list[str]) -> None:
    w.rule(LEFT, y - 3.5, RIGHT, weight=0.3)
    top = y + 1.0
    # VAT per rate (§ 5-1-5), left.
    w.text(LEFT, top, t["vat_spec"], 8.5, bold=True)
    w.text(80, top, t["vat_base"], 8.5, bold=True, align="right")
    w.text(104, top, t["vat"], 8.5, bold=True, align="right")
    row_y = top + 4.6
    for vat in doc.vat:
        w.text(LEFT, row_y, t.vat_label(vat.code), 8.5)
        w.text(80, row_y, t.nok(vat.net_ore), 8.5, align="right")
        w.text(104, row_y, t.nok(vat.vat_ore), 8.5, align="right")
        row_y += 4.6
    # Totals, right.
    total_label = t["credit_total"] if doc.is_credit_note else t["total"]
    rows = ((t["net_total"], doc.net_ore), (t["vat_total"], doc.vat_ore))
    ty = top
    for label, amount in rows:
        w.text(150, ty, label, 9, align="right")
        w.text(RIGHT, ty, t.nok(amount), 9, align="right")
        ty += 4.6
    w.rule(120, ty - 2.8, RIGHT, weight=0.3)
    w.text(150, ty + 1.5, f"{total_label} ({doc.currency})", 10.5, bold=True, align="right")
    w.text(RIGHT, ty + 1.5, t.nok(doc.total_ore), 10.5, bold=True, align="right")
    y = max(row_y, ty + 4.0) + 4.0
    for line in notes:
        w.text(LEFT, y, line, 8.5)
        y += 4.2
    if doc.is_credit_note:
        w.text(LEFT, y + 2, t["credit_no_payment"], 9, bold=True)


def render_invoice(doc: InvoiceDocument) -> bytes:
    """The PDF of an issued invoice or credit note."""
    t = Texts(doc.language)
    title = _title(doc, t)
    w = Writer(
        title=f"{title} {doc.number}",
        author=doc.seller.name,
        subject=f"{title} {doc.number} {doc.buyer.name}",
        language=t.language,
    )
    rows = [
        _Row(line, tuple(w.wrap(line.description, DESCRIPTION_WIDTH, LINE_SIZE)))
        for line in doc.lines
    ]
    notes = _tail_lines(doc, t, w)
    # Lay the rows out over pages first, so that every page can say "page n of m".
    pages: list[list[tuple[_Row, float]]] = [[]]
    y = FIRST_TABLE_TOP + 6.0
    for row in rows:
        if y + row.height > BODY_LIMIT:
            pages.append([])
            y = NEXT_TABLE_TOP + 6.0
        pages[-1].append((row, y))
        y += row.height
    tail_y = y + 5.0
    if tail_y + _tail_height(doc, notes) > BODY_LIMIT_LAST:
        pages.append([])
        tail_y = NEXT_TABLE_TOP + 6.0
    count = len(pages)
    for number, placed in enumerate(pages, start=1):
        if number > 1:
            w.next_page()
        letterhead(w, doc.seller, title, t)
        if number == 1:
            addressee(w, doc.buyer, t)
            facts(w, _facts(doc, t))
        else:
            w.text(RIGHT, 30, f"{_facts(doc, t)[0][0]} {doc.number}", 9, align="right")
        if placed or number == 1:
            _table_header(w, FIRST_TABLE_TOP if number == 1 else NEXT_TABLE_TOP, t)
        for row, row_y in placed:
            _draw_row(w, row, row_y, t)
        if number == count:
            _draw_tail(w, doc, t, tail_y, notes)
            if doc.avtalegiro and not doc.is_credit_note:
                avtalegiro_part(w, t, amount_ore=doc.total_ore, due=doc.due_date)
            elif not doc.is_credit_note:
                payment_part(
                    w, doc.seller, t, amount_ore=doc.total_ore, due=doc.due_date, kid=doc.kid,
                    reference=str(doc.number), currency=doc.currency,
                )  # fmt: skip
        footer(w, doc.seller, t, number, count)
    return w.finish()


__all__ = ["render_invoice"]
