"""Shared look-ups: the one way each flow finds a company (and, as flows move here,
a customer or an invoice by its number).

Each look-up runs in the caller's session and raises :class:`NotFound` with a code
(:class:`LookupCode`) when there is nothing to find.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain import kid as kidlib
from reskontro.errors import NotFound
from reskontro.messages import Message
from reskontro.storage.models import Company, Customer, Invoice

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class LookupCode(enum.StrEnum):
    NO_COMPANY = "lookup.no_company"
    NO_CUSTOMER = "lookup.no_customer"
    NO_INVOICE = "lookup.no_invoice"


def company(session: Session, company_id: int) -> Company:
    """The company with ``company_id``; :class:`NotFound` names the id."""
    found = session.get(Company, company_id)
    if found is None:
        raise NotFound(Message.of(LookupCode.NO_COMPANY, id=company_id))
    return found


def template_of(company: Company) -> kidlib.KidTemplate:
    """The company's KID template as it is set now."""
    return kidlib.KidTemplate.parse(
        company.kid_template, company.kid_modulus, kidlib.Mod11Dash(company.kid_dash)
    )


def customer_by_number(session: Session, company_id: int, number: int) -> Customer:
    """The company's customer with ``number``; :class:`NotFound` names the number."""
    customer = session.execute(
        select(Customer).where(Customer.company_id == company_id, Customer.number == number)
    ).scalar_one_or_none()
    if customer is None:
        raise NotFound(Message.of(LookupCode.NO_CUSTOMER, number=number))
    return customer


def invoice_id_by_number(session: Session, company_id: int, number: int) -> int | None:
    """The id of the company's document (invoice or credit note: one number series)
    numbered ``number``, or None."""
    found = session.execute(
        select(Invoice.id).where(Invoice.company_id == company_id, Invoice.number == number)
    ).scalar_one_or_none()
    return None if found is None else int(found)


__all__ = [
    "LookupCode",
    "company",
    "customer_by_number",
    "invoice_id_by_number",
    "template_of",
]
