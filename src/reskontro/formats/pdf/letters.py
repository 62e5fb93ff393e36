"""Reminder (purring), debt-collection notice (inkassovarsel) and betalingsoppfordring
PDFs.

A reminder states what the claim is and how large (inkassoforskriften § 1-2: the fee
needs both), the new deadline and the fee. An inkassovarsel (inkassoloven § 9) says in
plain words that the claim goes to debt collection unless paid by a deadline at least
14 days after the notice was sent, and when a payment counts as in time. Both show the
principal, each fee and the late-payment interest apart (Finanstilsynet's practice),
invite objections (§ 17), and end with the payment part: account, KID, amount, deadline.
A betalingsoppfordring (inkassoloven § 10, from a creditor that collects its own claims)
names the creditor and what the claim concerns, asks the debtor to pay or object within
at least 14 days, shows principal, fees and interest apart with the interest rate and the
day interest runs from, and says that not paying may cause further costs and legal
collection. The statutory words and their sources are in :mod:`.statutory`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.formats.pdf.layout import (
    BODY_LIMIT_LAST,
    Flow,
    addressee,
    facts,
    letterhead,
    payment_part,
)
from reskontro.formats.pdf.model import DocumentKind
from reskontro.formats.pdf.texts import Texts
from reskontro.formats.pdf.writer import LEFT, RIGHT, Writer

if TYPE_CHECKING:
    from reskontro.formats.pdf.model import LetterDocument

WIDTH = RIGHT - LEFT
BODY_TOP = 100.0


def letter_title(doc: LetterDocument, t: Texts) -> str:
    if doc.is_demand:
        return t["demand"]
    if doc.is_notice:
        return t["combined"] if doc.combined else t["notice"]
    return t["reminder_2"] if doc.level >= 2 else t["reminder"]


class _Page(Flow):
    """Running text that moves to a new page when it reaches the bottom."""

    def __init__(self, w: Writer, doc: LetterDocument, t: Texts, title: str) -> None:
        super().__init__(w, doc.seller, t, title, BODY_TOP)
        self.doc = doc

    def paragraph(self, text: str, size: float = 9.5, *, bold: bool = False) -> None:
        lines = self.w.wrap(text, WIDTH, size, bold=bold)
        for line in lines:
            self.need(4.6)
            self.w.text(LEFT, self.y, line, size, bold=bold)
            self.y += 4.6
        self.y += 2.4


def _claim_table(p: _Page) -> None:
    w, doc, t = p.w, p.doc, p.t
    p.need(16)
    y = p.y
    heads = (
        (LEFT, t["invoice_no"], "left"),
        (48, t["invoice_date"], "left"),
        (76, t["due_date"], "left"),
        (128, t["invoice_amount"], "right"),
        (160, t["settled"], "right"),
        (RIGHT, t["open"], "right"),
    )
    for x, label, align in heads:
        w.text(x, y, label, 8.5, bold=True, align=align)
    w.rule(LEFT, y + 1.5, RIGHT)
    y += 6.0
    values = (
        (LEFT, str(doc.invoice_number), "left"),
        (48, t.date(doc.invoice_date), "left"),
        (76, t.date(doc.due_date), "left"),
        (128, t.nok(doc.invoice_total_ore), "right"),
        (160, t.nok(doc.settled_ore), "right"),
        (RIGHT, t.nok(doc.principal_ore), "right"),
    )
    for x, value, align in values:
        w.text(x, y, value, 9, align=align)
    p.y = y + 8.0


def _costs(p: _Page) -> None:
    w, doc, t = p.w, p.doc, p.t
    rows = [(t["principal"], doc.principal_ore)]
    for fee in doc.fees:
        key = _FEE_LABEL.get(fee.kind, "fee_reminder")
        rows.append((t.fmt(key, date=t.date(fee.sent_on)), fee.fee_ore))
    p.need(5.0 * len(rows) + 12)
    y = p.y
    for label, amount in rows:
        w.text(150, y, label, 9, align="right")
        w.text(RIGHT, y, t.nok(amount), 9, align="right")
        y += 5.0
    w.rule(110, y - 3.0, RIGHT, weight=0.3)
    w.text(150, y + 1.5, f"{t['amount_due']} (NOK)", 10.5, bold=True, align="right")
    w.text(RIGHT, y + 1.5, t.nok(doc.amount_due_ore), 10.5, bold=True, align="right")
    p.y = y + 9.0
    if doc.fees:
        w.text(LEFT, p.y - 2.0, t.statutory("fee_law", doc.wording), 8)
        p.y += 4.0
    if any(fee.kind is DocumentKind.DEMAND for fee in doc.fees):
        w.text(LEFT, p.y - 2.0, t.statutory("demand_fee_law", doc.wording), 8)
        p.y += 4.0


_FEE_LABEL = {
    DocumentKind.REMINDER: "fee_reminder",
    DocumentKind.NOTICE: "fee_notice",
    DocumentKind.DEMAND: "fee_demand",
    DocumentKind.INTEREST_NOTE: "fee_interest",
}


def _interest(p: _Page) -> None:
    doc, t = p.doc, p.t
    info = doc.interest
    if info is None or info.ore <= 0:
        return
    rates = ", ".join(dict.fromkeys(t.rate(part.rate_bp) for part in info.parts))
    p.paragraph(t["interest_title"], 9.5, bold=True)
    p.y -= 2.4
    p.paragraph(
        t.statutory(
            "interest_text",
            doc.wording,
            amount=t.nok(info.ore),
            first=t.date(info.first_day),
            last=t.date(info.last_day),
            rates=rates,
        ),
        9,
    )
    p.y -= 1.5
    for part in info.parts:
        p.need(4.0)
        p.w.text(
            LEFT + 4,
            p.y,
            t.fmt(
                "interest_part",
                first=t.date(part.first_day),
                last=t.date(part.last_day),
                principal=t.nok(part.principal_ore),
                rate=t.rate(part.rate_bp),
                days=(part.last_day - part.first_day).days + 1,
                amount=t.nok(part.ore),
            ),
            8,
        )
        p.y += 4.0
    p.y += 3.0


def render_letter(doc: LetterDocument) -> bytes:
    """The PDF of a reminder, an inkassovarsel or a betalingsoppfordring."""
    t = Texts(doc.language)
    title = letter_title(doc, t)
    w = Writer(
        title=f"{title} {doc.invoice_number}",
        author=doc.seller.name,
        subject=f"{title}: {t['invoice']} {doc.invoice_number}",
        language=t.language,
    )
    letterhead(w, doc.seller, title, t)
    addressee(w, doc.buyer, t)
    rows = [(t["letter_date"], t.date(doc.sent_on))]
    if doc.buyer.number is not None:
        rows.append((t["customer_no"], str(doc.buyer.number)))
    rows.append((t["invoice_no"], str(doc.invoice_number)))
    if doc.kid:
        rows.append((t["kid"], doc.kid))
    rows += [(t["pay_by"], t.date(doc.deadline)), (t["reference"], str(doc.reference))]
    facts(w, rows)
    p = _Page(w, doc, t, title)
    amount = t.nok(doc.amount_due_ore)
    deadline = t.date(doc.deadline)
    due = t.date(doc.due_date)
    if doc.is_demand:
        p.paragraph(
            t.statutory(
                "demand_intro", doc.wording, creditor=doc.seller.name,
                number=doc.invoice_number, invoice_date=t.date(doc.invoice_date), due=due,
                notice_deadline=t.date(doc.notice_deadline or doc.due_date),
                subject=doc.subject or f"{t['invoice']} {doc.invoice_number}",
            )
        )  # fmt: skip
    elif doc.is_notice:
        p.paragraph(t.fmt("notice_intro", number=doc.invoice_number, due=due))
    else:
        p.paragraph(
            t.statutory("reminder_intro", doc.wording, number=doc.invoice_number, due=due,
                        amount=amount, deadline=deadline)
        )  # fmt: skip
    _claim_table(p)
    _costs(p)
    _interest(p)
    if doc.is_demand:
        p.paragraph(
            t.statutory("demand_pay_or_object", doc.wording, amount=amount, deadline=deadline),
            10, bold=True,
        )  # fmt: skip
        if doc.interest is not None and doc.interest.parts:
            rates = ", ".join(dict.fromkeys(t.rate(x.rate_bp) for x in doc.interest.parts))
            p.paragraph(
                t.statutory("demand_interest", doc.wording, rates=rates,
                            interest_from=t.date(doc.interest.first_day)), 9,
            )  # fmt: skip
        p.paragraph(t.statutory("demand_warning", doc.wording), 10, bold=True)
    if doc.is_notice:
        p.paragraph(
            t.statutory("notice_warning", doc.wording, amount=amount, deadline=deadline), 10,
            bold=True,
        )  # fmt: skip
        p.paragraph(t.statutory("notice_law", doc.wording), 9)
    p.paragraph(t.statutory("objection", doc.wording), 9)
    p.paragraph(t["already_paid"], 9)
    p.paragraph(t["regards"], 9)
    p.y -= 2.4
    p.paragraph(doc.seller.name, 9)
    p.need(0, BODY_LIMIT_LAST)  # the payment part goes below the text
    payment_part(
        w, doc.seller, t, amount_ore=doc.amount_due_ore, due=doc.deadline, kid=doc.kid,
        reference=str(doc.invoice_number),
    )  # fmt: skip
    return p.finish()


__all__ = ["letter_title", "render_letter"]
