"""The e-mail that carries a document: subject, plain and HTML body, attachments.

Values only: sending belongs to the mailer. :func:`to_mime` turns one into RFC 5322
bytes (an ``.eml`` a person can open) with the standard library.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr
from typing import TYPE_CHECKING

from reskontro.domain.company import format_account
from reskontro.errors import ValidationError
from reskontro.formats.pdf.codes import PdfProblem
from reskontro.formats.pdf.letters import letter_title
from reskontro.formats.pdf.texts import Texts
from reskontro.messages import Message

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reskontro.formats.pdf.model import InvoiceDocument, LetterDocument, Seller


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content: bytes
    mime_type: str = "application/pdf"


@dataclass(frozen=True, slots=True)
class Email:
    to: str | None
    subject: str
    text: str
    html: str
    attachments: tuple[Attachment, ...] = ()


def _html(paragraphs: Sequence[str], items: Sequence[str] = (), lang: str = "nb") -> str:
    body = [f"<p>{html.escape(p)}</p>" for p in paragraphs[:1]]
    if items:
        body.append("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")
    body.extend(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs[1:])
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"></head>'
        f"<body>{''.join(body)}</body></html>"
    )


def _signature(seller: Seller, t: Texts) -> str:
    lines = [t["regards"], seller.name]
    if seller.email:
        lines.append(seller.email)
    return "\n".join(lines)


def invoice_email(doc: InvoiceDocument, pdf: bytes, filename: str) -> Email:
    t = Texts(doc.language)
    credit = doc.is_credit_note
    subject = t.fmt(
        "mail_credit_subject" if credit else "mail_invoice_subject",
        number=doc.number,
        seller=doc.seller.name,
    )
    body = t.fmt(
        "mail_credit_body" if credit else "mail_invoice_body",
        number=doc.number,
        amount=(
            t.fmt("amount_nok", amount=t.nok(abs(doc.total_ore)))
            if doc.currency == "NOK"
            else t.fmt("amount_in", amount=t.nok(abs(doc.total_ore)), currency=doc.currency)
        ),
        due=t.date(doc.due_date),
    )
    paragraphs = [t["mail_hello"], body]
    if doc.avtalegiro and not credit:
        paragraphs.append(t.fmt("avtalegiro_drawn", due=t.date(doc.due_date)))
    elif not credit:
        account = format_account(doc.seller.account)
        pay = t.fmt("mail_pay_to", account=account)
        if doc.kid:
            pay = t.fmt("mail_pay_to_kid", account=account, kid=doc.kid) + " " + t["remember_kid"]
        paragraphs.append(pay)
    paragraphs.append(_signature(doc.seller, t))
    return Email(
        to=doc.buyer.email,
        subject=subject,
        text="\n\n".join(paragraphs) + "\n",
        html=_html(paragraphs, lang=t.language),
        attachments=(Attachment(filename, pdf),),
    )


def letters_email(
    letters: Sequence[tuple[LetterDocument, bytes, str]], to: str | None = None
) -> Email:
    """One e-mail to a customer with each of its letters (one PDF per invoice)."""
    if not letters:
        raise ValidationError(Message.of(PdfProblem.NO_LETTERS))
    first = letters[0][0]
    t = Texts(first.language)
    numbers = ", ".join(str(doc.invoice_number) for doc, _, _ in letters)
    notice = any(doc.is_notice for doc, _, _ in letters)
    demand = any(doc.is_demand for doc, _, _ in letters)
    subject = t.fmt(
        "mail_demand_subject"
        if demand
        else "mail_notice_subject"
        if notice
        else "mail_reminder_subject",
        numbers=numbers,
        seller=first.seller.name,
    )
    items = []
    for doc, _, _ in letters:
        amount = t.nok(doc.amount_due_ore)
        deadline = t.date(doc.deadline)
        line = (
            t.fmt("mail_letter_line", number=doc.invoice_number, amount=amount,
                  deadline=deadline, kid=doc.kid)
            if doc.kid
            else t.fmt("mail_letter_line_nokid", number=doc.invoice_number, amount=amount,
                       deadline=deadline)
        )  # fmt: skip
        items.append(f"{letter_title(doc, t)}: {line}")
    paragraphs = [t["mail_hello"] + "\n\n" + t["mail_letters_intro"]]
    tail = [t.fmt("mail_pay_to", account=format_account(first.seller.account))]
    if notice:
        tail.append(
            "\n".join(
                t.statutory("notice_warning", doc.wording, amount=t.nok(doc.amount_due_ore),
                            deadline=t.date(doc.deadline))
                for doc, _, _ in letters
                if doc.is_notice
            )
        )  # fmt: skip
    if demand:
        tail.append(t.statutory("demand_warning", first.wording))
    tail += [t.statutory("objection", first.wording), t["already_paid"],
             _signature(first.seller, t)]  # fmt: skip
    attachments = tuple(Attachment(name, pdf) for _, pdf, name in letters)
    return _listing(to or first.buyer.email, subject, (paragraphs[0], items, tail), t,
                    attachments)  # fmt: skip


def interest_email(notes: Sequence[InvoiceDocument], to: str | None = None) -> Email:
    """One e-mail to a customer with its interest notes (one per invoice, paid by that
    invoice's KID); the PDFs are attached when it is sent."""
    if not notes:
        raise ValidationError(Message.of(PdfProblem.NO_INTEREST_NOTES))
    first = notes[0]
    t = Texts(first.language)
    numbers = ", ".join(str(doc.number) for doc in notes)
    subject = t.fmt("mail_interest_subject", numbers=numbers, seller=first.seller.name)
    items = [
        t.fmt("mail_interest_line", number=doc.number, amount=t.nok(doc.total_ore),
              due=t.date(doc.due_date), kid=doc.kid)
        if doc.kid
        else t.fmt("mail_interest_line_nokid", number=doc.number, amount=t.nok(doc.total_ore),
                   due=t.date(doc.due_date))
        for doc in notes
    ]  # fmt: skip
    paragraphs = [t["mail_hello"] + "\n\n" + t["mail_interest_intro"]]
    tail = [t.fmt("mail_pay_to", account=format_account(first.seller.account)),
            _signature(first.seller, t)]  # fmt: skip
    return _listing(to or first.buyer.email, subject, (paragraphs[0], items, tail), t)


def _listing(
    to: str | None,
    subject: str,
    body: tuple[str, Sequence[str], Sequence[str]],
    t: Texts,
    attachments: tuple[Attachment, ...] = (),
) -> Email:
    """An e-mail of an opening paragraph, a list of ``items`` and the paragraphs of
    ``tail``, as text and as HTML."""
    opening, items, tail = body
    text = "\n\n".join([opening, "\n".join(f"- {i}" for i in items), *tail]) + "\n"
    html = _html([opening, *tail], items, lang=t.language)
    return Email(to=to, subject=subject, text=text, html=html, attachments=attachments)


def to_mime(message: Email, sender: str, sender_name: str | None = None) -> bytes:
    """RFC 5322 bytes: text and HTML alternatives plus the attachments."""
    mime = EmailMessage()
    mime["Subject"] = message.subject
    mime["From"] = formataddr((sender_name or "", sender)) if sender_name else sender
    if message.to:
        mime["To"] = message.to
    mime.set_content(message.text)
    mime.add_alternative(message.html, subtype="html")
    for attachment in message.attachments:
        maintype, subtype = attachment.mime_type.split("/", 1)
        mime.add_attachment(
            attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename
        )
    return bytes(mime)


__all__ = ["Attachment", "Email", "interest_email", "invoice_email", "letters_email", "to_mime"]
