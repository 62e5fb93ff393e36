"""Asking for an eFaktura delivery, and the customer's next method when it cannot go.

The order (``../shared/ACCEPTANCE.md``, Delivery): MPS' rules first
(:func:`reskontro.domain.delivery.refusal` with :mod:`reskontro.domain.efaktura`) —
a broken rule refuses the send and names the rule, nothing is looked up; then the
customer's eFaktura address (the card's, else a look-up in the register); then the
delivery is queued for the worker (:mod:`.efaktura_run`) with the address as its
recipient.

When eFaktura cannot go, invoicing does not stop:

- the register does not answer: the invoice goes by the customer's next method
  (e-mail, else print) and that delivery says why;
- the card says eFaktura but the register no longer knows the customer: the same;
- asked for eFaktura by hand (``invoice send --method efaktura``) for a customer the
  register does not know, or who blocked us: refused, naming it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from reskontro.domain.delivery import (
    DeliveryMethod,
    DocumentKind,
    Refusal,
    RefusedBecause,
    refusal,
)
from reskontro.domain.efaktura import Answer, InvoiceFacts
from reskontro.messages import Message
from reskontro.services.delivery import records
from reskontro.services.delivery.efaktura import answer_for
from reskontro.services.delivery.records import DeliveryReason
from reskontro.storage.models import Company

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session

    from reskontro.channels.efaktura import EfakturaRoute
    from reskontro.storage.models import Customer, Invoice
    from reskontro.storage.models_delivery import Delivery


def invoice_facts(company: Company, invoice: Invoice, today: dt.date) -> InvoiceFacts:
    """What MPS' rules check of one invoice sent today."""
    return InvoiceFacts(
        send_date=today,
        due_date=invoice.due_date,
        currency=invoice.currency,
        amount_ore=invoice.total_ore,
        kid=invoice.kid,
        invoice_number=None if invoice.number is None else str(invoice.number),
        billing_account=company.account,
    )


def next_method(customer: Customer) -> DeliveryMethod:
    """The customer's method after eFaktura: e-mail when there is an address, else print."""
    if customer.invoice_email or customer.email:
        return DeliveryMethod.EMAIL
    return DeliveryMethod.PRINT


def _route() -> EfakturaRoute | None:
    from reskontro.channels.efaktura.settings import current_route

    return current_route()


def request(
    session: Session,
    invoice: Invoice,
    customer: Customer,
    *,
    explicit: bool,
    save: bool,
    today: dt.date,
    now: dt.datetime,
    actor: str,
    audited: bool = True,
) -> Delivery:
    """One eFaktura send of ``invoice`` in the caller's transaction: queued (to the
    customer's eFaktura address), refused naming the rule, or the fallback's delivery."""
    from reskontro.services.delivery.send import facts_of

    company = session.get_one(Company, invoice.company_id)
    facts = facts_of(customer, invoice, DeliveryMethod.EFAKTURA, today)
    refused = refusal(replace(facts, efaktura=invoice_facts(company, invoice, today)))

    def add(refused: RefusedBecause | None, recipient: str | None) -> Delivery:
        return records.add(
            session, company_id=invoice.company_id, invoice_id=invoice.id,
            kind=DocumentKind(invoice.kind), method=DeliveryMethod.EFAKTURA,
            recipient=recipient, refused=refused, today=today, now=now, actor=actor,
            audited=audited,
        )  # fmt: skip

    if refused is not None:
        return add(refused, None)
    route = _route()
    if route is None:  # not set up: nothing could send it
        if explicit:
            return add(RefusedBecause(Refusal.EFAKTURA_UNAVAILABLE), None)
        reason = Message.of(Refusal.EFAKTURA_UNAVAILABLE)
        return fallback(
            session, invoice, customer, reason, today=today, now=now, actor=actor,
            audited=audited,
        )  # fmt: skip
    answer = answer_for(session, customer, route, now=now, actor=actor, save=save)
    if answer is Answer.CAN_RECEIVE:
        return add(None, customer.efaktura_address)
    if explicit and answer is Answer.NOT_FOUND:
        return add(RefusedBecause(Refusal.EFAKTURA_NOT_FOUND), None)
    if explicit and answer is Answer.BLOCKED:
        return add(RefusedBecause(Refusal.EFAKTURA_BLOCKED), None)
    if answer is Answer.UNAVAILABLE:
        reason = Message.of(DeliveryReason.EFAKTURA_REGISTER_DOWN)
    else:
        reason = Message.of(DeliveryReason.EFAKTURA_NO_LONGER)
    return fallback(
        session, invoice, customer, reason, today=today, now=now, actor=actor, audited=audited
    )


def fallback(
    session: Session,
    invoice: Invoice,
    customer: Customer,
    reason: Message,
    *,
    today: dt.date,
    now: dt.datetime,
    actor: str,
    audited: bool = True,
) -> Delivery:
    """The invoice by the customer's next method (e-mail, else print), saying why
    (``reason``); that method's own rules still apply."""
    from reskontro.services.delivery.send import facts_of, recipient_of

    method = next_method(customer)
    return records.add(
        session, company_id=invoice.company_id, invoice_id=invoice.id,
        kind=DocumentKind(invoice.kind), method=method, recipient=recipient_of(customer, method),
        refused=refusal(facts_of(customer, invoice, method, today)), today=today, now=now,
        actor=actor, audited=audited, reason=reason,
    )  # fmt: skip


__all__ = ["fallback", "invoice_facts", "next_method", "request"]
