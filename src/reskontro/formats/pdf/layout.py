"""The parts every document shares: letterhead, addressee, facts box, payment part, footer.

The addressee sits where a C5/E65 window envelope shows it (20 mm from the left, from
45 mm down); the payment part is at the foot of the last page, the way Norwegian
payers expect it: account number, KID, amount and deadline, large and apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.domain.company import format_account, format_org_number
from reskontro.formats.pdf.writer import LEFT, RIGHT

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from reskontro.formats.pdf.model import Buyer, Seller
    from reskontro.formats.pdf.texts import Texts
    from reskontro.formats.pdf.writer import Writer

#: Where the payment part starts on the last page, and how tall it is.
PAYMENT_TOP = 236.0
PAYMENT_HEIGHT = 42.0
#: The lowest baseline for running content on a page with / without the payment part.
BODY_LIMIT_LAST = PAYMENT_TOP - 6.0
BODY_LIMIT = 272.0
FOOTER_Y = 286.0


def address_lines(address: str | None) -> list[str]:
    """``"Storgata 1, 0155 Oslo"`` or multi-line text → lines for the envelope window."""
    if not address:
        return []
    parts = address.replace("\r", "").split("\n")
    if len(parts) == 1:
        parts = address.split(",")
    return [p.strip() for p in parts if p.strip()]


def seller_identity(seller: Seller, t: Texts) -> str:
    """``Org.nr. NO 123 456 785 MVA Foretaksregisteret`` (bokføringsforskriften § 5-1-2)."""
    number = format_org_number(seller.org_number, vat_registered=seller.vat_registered)
    text = f"{t['org_no']} {number}"
    if seller.foretaksregisteret:
        text += " Foretaksregisteret"
    return text


def letterhead(w: Writer, seller: Seller, title: str, t: Texts) -> None:
    w.text(LEFT, 20, seller.name, 13, bold=True)
    y = 25.0
    for line in address_lines(seller.address):
        w.text(LEFT, y, line, 8.5)
        y += 3.8
    w.text(LEFT, y, seller_identity(seller, t), 8.5)
    w.text(RIGHT, 22, title.upper(), 18, bold=True, align="right")


#: The addressee's width: up to the facts box on the right (a long name wraps).
ADDRESSEE_WIDTH = 112.0 - LEFT - 4.0


def addressee(w: Writer, buyer: Buyer, t: Texts) -> None:
    y = 50.0
    for line in w.wrap(buyer.name, ADDRESSEE_WIDTH, 10, bold=True):
        w.text(LEFT, y, line, 10, bold=True)
        y += 4.6
    for line in address_lines(buyer.address):
        w.text(LEFT, y, line, 10)
        y += 4.6
    if buyer.org_number:
        number = buyer.org_number
        w.text(LEFT, y, f"{t['org_no']} {number[:3]} {number[3:6]} {number[6:]}", 9)


def facts(w: Writer, rows: Sequence[tuple[str, str]], *, top: float = 46.0) -> float:
    """Label/value pairs in a shaded box on the right; return the box's bottom."""
    height = 5.0 * len(rows) + 3.0
    w.shade(112, top, RIGHT - 112 + 2, height)
    y = top + 4.5
    for label, value in rows:
        w.text(115, y, label, 8.5)
        w.text(RIGHT - 1, y, value, 9, bold=True, align="right")
        y += 5.0
    return top + height


def payment_part(
    w: Writer,
    seller: Seller,
    t: Texts,
    *,
    amount_ore: int,
    due: dt.date,
    kid: str | None,
    reference: str,
    currency: str = "NOK",
) -> None:
    """The giro-like part: to account, KID, amount (and its currency when not NOK),
    deadline."""
    top = PAYMENT_TOP
    w.rule(LEFT - 10, top - 2, RIGHT + 10, weight=0.3)
    w.text(LEFT, top + 4, t["payment_info"], 10, bold=True)
    w.box(LEFT, top + 7, RIGHT - LEFT, PAYMENT_HEIGHT - 13)
    columns = (
        (LEFT + 3, t["to_account"], format_account(seller.account)),
        (LEFT + 43, t["kid"], kid or "–"),
        (
            LEFT + 98,
            t["pay_amount"],
            t.nok(amount_ore) if currency == "NOK" else f"{currency} {t.nok(amount_ore)}",
        ),
        (LEFT + 134, t["pay_by"], t.date(due)),
    )
    for x, label, value in columns:
        w.text(x, top + 13, label, 8)
        w.text(x, top + 20, value, 12, bold=True)
    hint = t["remember_kid"] if kid else t.fmt("no_kid", number=reference)
    w.text(LEFT + 3, top + 30, hint, 8.5)


def avtalegiro_part(w: Writer, t: Texts, *, amount_ore: int, due: dt.date) -> None:
    """In place of the giro: the amount and the day Nets draws it (AvtaleGiro)."""
    top = PAYMENT_TOP
    w.rule(LEFT - 10, top - 2, RIGHT + 10, weight=0.3)
    w.text(LEFT, top + 4, t["avtalegiro_info"], 10, bold=True)
    w.box(LEFT, top + 7, RIGHT - LEFT, PAYMENT_HEIGHT - 13)
    for x, label, value in (
        (LEFT + 3, t["pay_amount"], t.nok(amount_ore)),
        (LEFT + 43, t["draw_date"], t.date(due)),
    ):
        w.text(x, top + 13, label, 8)
        w.text(x, top + 20, value, 12, bold=True)
    w.text(LEFT + 3, top + 30, t.fmt("avtalegiro_drawn", due=t.date(due)), 8.5)


def footer(w: Writer, seller: Seller, t: Texts, page: int, pages: int) -> None:
    first = " · ".join([seller.name, *address_lines(seller.address), seller_identity(seller, t)])
    second = [f"{t['account']} {format_account(seller.account)}"]
    if seller.email:
        second.append(f"{t['email']} {seller.email}")
    w.rule(LEFT, FOOTER_Y - 4, RIGHT, weight=0.3)
    size = 7.0
    while w.width(first, size) > RIGHT - LEFT - 22 and size > 5.5:
        size -= 0.25
    w.text(LEFT, FOOTER_Y, first, size)
    w.text(LEFT, FOOTER_Y + 3.2, " · ".join(second), 7)
    numbering = t.fmt("page", page=page, pages=pages) if pages else t.fmt("page_only", page=page)
    w.text(RIGHT, FOOTER_Y, numbering, 7, align="right")


class Flow:
    """Content that continues on a new page when it reaches the bottom of one: the
    footer, then the letterhead again; ``pages`` counts them for the last footer."""

    def __init__(self, w: Writer, seller: Seller, t: Texts, title: str, top: float) -> None:
        self.w, self.seller, self.t, self.title = w, seller, t, title
        self.y = top
        self.pages = 1

    def need(self, height: float, limit: float = BODY_LIMIT) -> None:
        """Room for ``height`` mm above ``limit``, on a new page if this one has none."""
        if self.y + height > limit:
            footer(self.w, self.seller, self.t, self.pages, 0)
            self.w.next_page()
            self.pages += 1
            letterhead(self.w, self.seller, self.title, self.t)
            self.y = 45.0

    def finish(self) -> bytes:
        """The last footer (page n of n) and the PDF."""
        footer(self.w, self.seller, self.t, self.pages, self.pages)
        return self.w.finish()


__all__ = [
    "BODY_LIMIT",
    "BODY_LIMIT_LAST",
    "PAYMENT_TOP",
    "Flow",
    "address_lines",
    "addressee",
    "avtalegiro_part",
    "facts",
    "footer",
    "letterhead",
    "payment_part",
    "seller_identity",
]
