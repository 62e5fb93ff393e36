"""The EHF of an issued invoice or credit note, from the books.

:func:`ehf_document` gathers what the document states: the same facts the PDF prints
(:func:`reskontro.services.followup.printed_invoice`: lines, VAT summary, totals, KID,
references), plus the EHF's own: the structured addresses, the buyer's Peppol id (the
customer card's, else ``0192:`` + its organisation number), the buyer reference (the
card's, else the invoice's "your reference", then "our reference", then the customer
number) and the currency with the VAT in NOK. A credit note's amounts are stated
positive, as EHF wants them. :func:`ehf_bytes` writes it with the invoice's PDF embedded,
made by the code behind ``reskontro pdf invoice``.

Anything the official rules would reject is refused with an
:class:`~reskontro.formats.ehf.EhfError` naming the rule; nothing is written.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from reskontro.domain.currency import in_nok
from reskontro.domain.vat import VatCode, VatLine
from reskontro.errors import NotFound
from reskontro.formats.ehf import (
    NOK,
    Address,
    Attachment,
    Buyer,
    DocumentType,
    EhfCode,
    EhfDocument,
    EhfError,
    EndpointId,
    Exemption,
    InvoiceReference,
    Line,
    Payment,
    Seller,
    build,
)
from reskontro.formats.pdf import render_invoice
from reskontro.messages import Message
from reskontro.services.followup import printed_invoice
from reskontro.storage.models import Company, Customer, Invoice
from reskontro.storage.repo import LookupCode

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from reskontro.formats.pdf import DocLine, InvoiceDocument

#: The exemption reason stated for exempt lines (BT-120): outside the VAT act.
EXEMPTION = Exemption(reason="Omsetning unntatt fra merverdiavgiftsloven (mval. kapittel 3)")


def ehf_document(session: Session, company_id: int, invoice_id: int) -> EhfDocument:
    """The EHF of issued invoice or credit note ``invoice_id`` of ``company_id``."""
    company, invoice, customer = _load(session, company_id, invoice_id)
    return _document(
        invoice, customer, company, printed_invoice(session, company, invoice, customer)
    )


def ehf_bytes(
    session: Session, company_id: int, invoice_id: int, *, for_efaktura: bool = False
) -> bytes:
    """The EHF XML, with the invoice's PDF embedded as an attachment. ``for_efaktura``:
    a private person without a Peppol id gets the endpoint eFaktura's EHF carries
    (:func:`reskontro.channels.efaktura.mapping.person_endpoint`)."""
    company, invoice, customer = _load(session, company_id, invoice_id)
    printed = printed_invoice(session, company, invoice, customer)
    doc = _document(invoice, customer, company, printed, for_efaktura=for_efaktura)
    name = "kreditnota" if doc.is_credit_note else "faktura"
    pdf = Attachment(
        id=doc.number,
        filename=f"{name}-{doc.number}.pdf",
        content=render_invoice(printed),
        description=f"{name.capitalize()} {doc.number}",
    )
    return build(replace(doc, attachments=(*doc.attachments, pdf)))


def _load(session: Session, company_id: int, invoice_id: int) -> tuple[Company, Invoice, Customer]:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None or invoice.company_id != company_id:
        raise NotFound(Message.of(LookupCode.NO_INVOICE, id=invoice_id))
    company = session.get_one(Company, company_id)
    return company, invoice, session.get_one(Customer, invoice.customer_id)


def _document(
    invoice: Invoice,
    customer: Customer,
    company: Company,
    printed: InvoiceDocument,
    *,
    for_efaktura: bool = False,
) -> EhfDocument:
    credit = printed.is_credit_note
    sign = -1 if credit else 1
    lines = tuple(_line(line, sign) for line in printed.lines)
    vat = tuple(VatLine(v.code, sign * v.net_ore, sign * v.vat_ore) for v in printed.vat)
    vat_ore = sum(v.vat_ore for v in vat)
    return EhfDocument(
        kind=DocumentType.CREDIT_NOTE if credit else DocumentType.INVOICE,
        number=str(printed.number),
        issue_date=printed.invoice_date,
        seller=Seller(
            name=company.name,
            org_number=company.org_number,
            address=_address(company.street, company.postcode, company.city, company.country),
            vat_registered=company.vat_registered,
            foretaksregisteret=company.foretaksregisteret,
        ),
        buyer=_buyer(customer, company.org_number if for_efaktura else None),
        buyer_reference=_buyer_reference(customer, invoice),
        lines=lines,
        vat=vat,
        due_date=None if credit else printed.due_date,
        delivery_date=printed.delivery_date,
        currency=invoice.currency,
        vat_nok_ore=_vat_in_nok(invoice, vat_ore),
        payment=None if credit else Payment(company.account, printed.kid),
        credits=(
            InvoiceReference(str(printed.credits_number), printed.credits_date)
            if printed.credits_number is not None
            else None
        ),
        exemption=EXEMPTION if any(x.vat_code is VatCode.EXEMPT for x in lines) else None,
    )


def _line(line: DocLine, sign: int) -> Line:
    """A line as EHF states it: positive on a credit note, the price never negative."""
    quantity, price = sign * line.quantity_milli, line.unit_price_ore
    if price < 0:
        quantity, price = -quantity, -price
    return Line(line.description, quantity, price, line.vat_code, sign * line.net_ore)


def _address(street: str | None, postcode: str | None, city: str | None, country: str) -> Address:
    return Address(street or None, postcode or None, city or None, country or "NO")


def _buyer(customer: Customer, efaktura_issuer: str | None = None) -> Buyer:
    if customer.peppol_id:
        endpoint = EndpointId.parse(customer.peppol_id)
    elif customer.org_number:
        endpoint = EndpointId.norwegian(customer.org_number)
    elif efaktura_issuer is not None:
        from reskontro.channels.efaktura.mapping import person_endpoint

        endpoint = EndpointId.parse(person_endpoint(efaktura_issuer))
    else:
        raise EhfError(EhfCode.NO_BUYER_ENDPOINT, customer=customer.number)
    return Buyer(
        name=customer.name,
        endpoint=endpoint,
        address=_address(customer.street, customer.postcode, customer.city, customer.country),
        org_number=customer.org_number or None,
    )


def _buyer_reference(customer: Customer, invoice: Invoice) -> str:
    for reference in (customer.buyer_reference, invoice.your_reference, invoice.our_reference):
        if reference and reference.strip():
            return reference
    return str(customer.number)


def _vat_in_nok(invoice: Invoice, vat_ore: int) -> int | None:
    """The VAT at the invoice's exchange rate (§ 5-1-1), when it is not in NOK."""
    if invoice.currency == NOK:
        return None
    if invoice.exchange_rate_micro is None:
        if vat_ore == 0:
            return 0
        raise EhfError(EhfCode.NOK_VAT_MISSING, currency=invoice.currency)
    return in_nok(vat_ore, invoice.exchange_rate_micro)


__all__ = ["EXEMPTION", "ehf_bytes", "ehf_document"]
