"""The words on the documents and in the e-mails: Norwegian bokmål first, English second.

Amounts and dates are written the way the reader's language writes them: ``1 234,50``
and ``25.11.2026`` in Norwegian, ``1,234.50`` and ``25 Nov 2026`` in English.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.domain.interest import format_rate
from reskontro.domain.money import format_nok
from reskontro.domain.vat import VatCode
from reskontro.formats.pdf import statutory

if TYPE_CHECKING:
    import datetime as dt

LANGUAGES = ("nb", "en")

NB: dict[str, str] = {
    "invoice": "Faktura",
    "credit_note": "Kreditnota",
    "invoice_no": "Fakturanr.",
    "credit_note_no": "Kreditnotanr.",
    "invoice_date": "Fakturadato",
    "credit_note_date": "Dato",
    "due_date": "Forfallsdato",
    "delivery_date": "Leveringsdato",
    "customer_no": "Kundenr.",
    "kid": "KID",
    "your_ref": "Deres ref.",
    "our_ref": "Vår ref.",
    "org_no": "Org.nr.",
    "description": "Beskrivelse",
    "quantity": "Antall",
    "unit_price": "Pris",
    "vat": "Mva",
    "amount": "Beløp",
    "net_total": "Sum eks. mva",
    "vat_total": "Sum mva",
    "total": "Å betale",
    "currency_note": "Beløpene er i {currency}. Mva. i NOK etter kurs {rate}: {vat_nok} kr.",
    "currency_only": "Beløpene er i {currency}.",
    "credit_total": "Sum kreditert",
    "vat_spec": "Mva-spesifikasjon",
    "vat_rate": "Sats",
    "vat_base": "Grunnlag",
    "vat_zero": "0 % (fritatt)",
    "vat_exempt": "Utenfor mva-loven",
    "payment_info": "Betalingsinformasjon",
    "to_account": "Til konto",
    "pay_amount": "Beløp (NOK)",
    "pay_by": "Betalingsfrist",
    "remember_kid": "Bruk KID når du betaler, så blir betalingen registrert automatisk.",
    "no_kid": "Merk betalingen med fakturanummer {number}.",
    "credits": "Krediterer faktura nr. {number} datert {date}.",
    "credits_invoice": "Krediterer faktura",
    "credit_no_payment": "Kreditnota: skal ikke betales. Beløpet trekkes fra det du skylder"
    " oss, eller betales tilbake til deg.",
    "page": "Side {page} av {pages}",
    "page_only": "Side {page}",
    "account": "Konto",
    "email": "E-post",
    # letters
    "reminder": "Purring",
    "reminder_2": "2. purring",
    "notice": "Inkassovarsel",
    "combined": "Purring og inkassovarsel",
    "letter_date": "Dato",
    "reference": "Referanse",
    "notice_intro": "Vi har ikke mottatt betaling for faktura nr. {number}, som forfalt {due}.",
    "already_paid": "Har du betalt i mellomtiden, kan du se bort fra dette brevet.",
    "claim": "Kravet",
    "invoice_amount": "Fakturabeløp",
    "settled": "Betalt/kreditert",
    "open": "Utestående",
    "principal": "Utestående hovedstol",
    "fee_reminder": "Purregebyr {date}",
    "fee_notice": "Gebyr for inkassovarsel {date}",
    "amount_due": "Å betale",
    "interest_title": "Forsinkelsesrente",
    "interest_part": "{first}–{last}: {principal} × {rate} × {days}/365 = {amount}",
    "regards": "Med vennlig hilsen",
    # interest note
    "interest_line": "Forsinkelsesrente faktura {number}, {first}–{last}, {rate}",
    "interest_note": "Forsinkelsesrente etter forsinkelsesrenteloven § 3, beregnet fra dagen"
    " etter forfall med den renten som gjaldt hvert halvår (dager/365). Forsinkelsesrente"
    " er ikke mva-pliktig.",
    # e-mail
    "mail_invoice_subject": "Faktura {number} fra {seller}",
    "mail_credit_subject": "Kreditnota {number} fra {seller}",
    "mail_invoice_body": "Vedlagt er faktura nr. {number} på {amount} med forfall {due}.",
    "mail_credit_body": "Vedlagt er kreditnota nr. {number} på {amount}.",
    "amount_nok": "{amount} kroner",
    "amount_in": "{amount} {currency}",
    "mail_reminder_subject": "Purring: faktura {numbers} fra {seller}",
    "mail_notice_subject": "Inkassovarsel: faktura {numbers} fra {seller}",
    "mail_letter_line": "Faktura {number}: {amount} kroner, betales innen {deadline}"
    " med KID {kid}.",
    "mail_letter_line_nokid": "Faktura {number}: {amount} kroner, betales innen {deadline}.",
    "mail_letters_intro": "Vi har ikke mottatt betaling for følgende, se vedlagte brev:",
    "mail_hello": "Hei,",
    "mail_pay_to": "Betal til konto {account}.",
    "mail_pay_to_kid": "Betal til konto {account} med KID {kid}.",
    "mail_attached": "Vedlegg",
    # betalingsoppfordring (inkassoloven § 10)
    "demand": "Betalingsoppfordring",
    "fee_demand": "Gebyr for betalingsoppfordring {date}",
    "mail_demand_subject": "Betalingsoppfordring: faktura {numbers} fra {seller}",
    # the statutory texts, with their sources, are in statutory.py
    **statutory.NB,
    "avtalegiro_info": "Betales med AvtaleGiro",
    "avtalegiro_drawn": "Beløpet trekkes fra kontoen din med AvtaleGiro på forfallsdatoen {due}."
    " Du skal ikke betale fakturaen selv.",
    "draw_date": "Trekkdato",
}

EN: dict[str, str] = {
    "invoice": "Invoice",
    "credit_note": "Credit note",
    "invoice_no": "Invoice no.",
    "credit_note_no": "Credit note no.",
    "invoice_date": "Invoice date",
    "credit_note_date": "Date",
    "due_date": "Due date",
    "delivery_date": "Delivery date",
    "customer_no": "Customer no.",
    "kid": "KID",
    "your_ref": "Your ref.",
    "our_ref": "Our ref.",
    "org_no": "Org. no.",
    "description": "Description",
    "quantity": "Qty",
    "unit_price": "Price",
    "vat": "VAT",
    "amount": "Amount",
    "net_total": "Total excl. VAT",
    "vat_total": "Total VAT",
    "total": "Amount due",
    "currency_note": "Amounts are in {currency}. VAT in NOK at the rate {rate}: NOK {vat_nok}.",
    "currency_only": "Amounts are in {currency}.",
    "credit_total": "Total credited",
    "vat_spec": "VAT summary",
    "vat_rate": "Rate",
    "vat_base": "Basis",
    "vat_zero": "0 % (zero-rated)",
    "vat_exempt": "Outside the VAT Act",
    "payment_info": "Payment information",
    "to_account": "To account",
    "pay_amount": "Amount (NOK)",
    "pay_by": "Pay by",
    "remember_kid": "Use the KID when you pay, so that the payment is registered automatically.",
    "no_kid": "Mark the payment with invoice number {number}.",
    "credits": "Credits invoice no. {number} dated {date}.",
    "credits_invoice": "Credits invoice",
    "credit_no_payment": "Credit note: not to be paid. The amount is deducted from what you"
    " owe us, or paid back to you.",
    "page": "Page {page} of {pages}",
    "page_only": "Page {page}",
    "account": "Account",
    "email": "E-mail",
    "reminder": "Payment reminder",
    "reminder_2": "Second payment reminder",
    "notice": "Debt collection notice",
    "combined": "Payment reminder and debt collection notice",
    "letter_date": "Date",
    "reference": "Reference",
    "notice_intro": "We have not received payment of invoice no. {number}, due {due}.",
    "already_paid": "If you have paid in the meantime, please disregard this letter.",
    "claim": "The claim",
    "invoice_amount": "Invoice amount",
    "settled": "Paid/credited",
    "open": "Outstanding",
    "principal": "Outstanding principal",
    "fee_reminder": "Reminder fee {date}",
    "fee_notice": "Debt collection notice fee {date}",
    "amount_due": "Amount due",
    "interest_title": "Late-payment interest",
    "interest_part": "{first}–{last}: {principal} × {rate} × {days}/365 = {amount}",
    "regards": "Kind regards",
    "interest_line": "Late-payment interest invoice {number}, {first}–{last}, {rate}",
    "interest_note": "Late-payment interest under forsinkelsesrenteloven § 3, from the day"
    " after the due date at the rate of each half-year (days/365). Interest carries no"
    " VAT.",
    "mail_invoice_subject": "Invoice {number} from {seller}",
    "mail_credit_subject": "Credit note {number} from {seller}",
    "mail_invoice_body": "Please find attached invoice no. {number} of {amount}, due {due}.",
    "mail_credit_body": "Please find attached credit note no. {number} of {amount}.",
    "amount_nok": "NOK {amount}",
    "amount_in": "{currency} {amount}",
    "mail_reminder_subject": "Payment reminder: invoice {numbers} from {seller}",
    "mail_notice_subject": "Debt collection notice: invoice {numbers} from {seller}",
    "mail_letter_line": "Invoice {number}: NOK {amount}, to be paid by {deadline} with KID {kid}.",
    "mail_letter_line_nokid": "Invoice {number}: NOK {amount}, to be paid by {deadline}.",
    "mail_letters_intro": "We have not received payment of the following, see the attached"
    " letters:",
    "mail_hello": "Hello,",
    "mail_pay_to": "Pay to account {account}.",
    "mail_pay_to_kid": "Pay to account {account} with KID {kid}.",
    "mail_attached": "Attachments",
    "demand": "Demand for payment",
    "fee_demand": "Demand for payment fee {date}",
    "mail_demand_subject": "Demand for payment: invoice {numbers} from {seller}",
    **statutory.EN,
    "avtalegiro_info": "Paid by AvtaleGiro",
    "avtalegiro_drawn": "The amount will be drawn from your account by AvtaleGiro on the due"
    " date {due}. Do not pay this invoice yourself.",
    "draw_date": "Draw date",
}

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
              "Dec")  # fmt: skip


class Texts:
    """The words and number formats of one language."""

    def __init__(self, language: str = "nb") -> None:
        self.language = language if language in LANGUAGES else "nb"
        self.words = EN if self.language == "en" else NB

    def __getitem__(self, key: str) -> str:
        return self.words[key]

    def fmt(self, key: str, **values: object) -> str:
        return self.words[key].format(**values)

    def statutory(self, key: str, wording: int, **values: object) -> str:
        """A statutory text as a letter made with ``wording`` says it."""
        old = statutory.worded(key, wording, self.language)
        return (old if old is not None else self.words[key]).format(**values)

    def date(self, day: dt.date) -> str:
        if self.language == "en":
            return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
        return f"{day:%d.%m.%Y}"

    def nok(self, ore: int) -> str:
        if self.language == "en":
            return format_nok(ore, thousands=",", decimal=".")
        return format_nok(ore)

    def quantity(self, milli: int) -> str:
        sign = "-" if milli < 0 else ""
        whole, rest = divmod(abs(milli), 1000)
        text = f"{whole:,}".replace(",", "," if self.language == "en" else " ")
        if rest:
            decimal = "." if self.language == "en" else ","
            text += decimal + f"{rest:03d}".rstrip("0")
        return sign + text

    def rate(self, rate_bp: int) -> str:
        text = format_rate(rate_bp)
        return text.replace(",", ".") if self.language == "en" else text

    def vat_label(self, code: VatCode) -> str:
        if code is VatCode.ZERO:
            return self.words["vat_zero"]
        if code is VatCode.EXEMPT:
            return self.words["vat_exempt"]
        return f"{code.percent} %"


__all__ = ["EN", "LANGUAGES", "NB", "Texts"]
