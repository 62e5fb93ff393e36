"""Asking for a delivery: by hand (``invoice send``, the Send button) or on issue.

The method's rules (:func:`reskontro.domain.delivery.refusal`) are checked first; a
send they forbid is recorded as ``refused`` with the rule, and nothing leaves. An
allowed one is ``queued`` for the worker (e-mail, EHF) or the day's print run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain.delivery import (
    DeliveryMethod,
    DeliveryState,
    DocumentKind,
    PostalAddress,
    SendFacts,
    refusal,
)
from reskontro.errors import NotFound
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.delivery import records
from reskontro.storage.models import Company, Customer, Invoice
from reskontro.storage.models_delivery import Delivery
from reskontro.storage.repo import LookupCode

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock
    from reskontro.services.delivery.access_point import AccessPoint
    from reskontro.services.delivery.records import DeliveryView, SendResult

#: States in which a delivery is still under way (a new send joins it).
UNDER_WAY = (DeliveryState.QUEUED.value, DeliveryState.SENDING.value)


def address_of(customer: Customer) -> PostalAddress:
    return PostalAddress(customer.street, customer.postcode, customer.city, customer.country)


def recipient_of(customer: Customer, method: DeliveryMethod) -> str | None:
    """Where ``method`` sends to for this customer."""
    if method is DeliveryMethod.EMAIL:
        return customer.invoice_email or customer.email
    if method is DeliveryMethod.EHF:
        return customer.peppol_id
    if method is DeliveryMethod.PRINT:
        return ", ".join(address_of(customer).lines()) or None
    return customer.efaktura_address


def facts_of(
    customer: Customer, invoice: Invoice, method: DeliveryMethod, today: dt.date
) -> SendFacts:
    return SendFacts(
        method=method,
        issued=invoice.number is not None,
        email=customer.invoice_email or customer.email,
        peppol_id=customer.peppol_id,
        peppol_can_receive=customer.peppol_can_receive,
        address=address_of(customer),
        currency=invoice.currency,
        due_date=invoice.due_date,
        send_date=today,
    )


def request(
    session: Session,
    invoice: Invoice,
    customer: Customer,
    method: DeliveryMethod | None,
    *,
    today: dt.date,
    now: dt.datetime,
    actor: str,
    audited: bool = True,
    save: bool = False,
) -> Delivery:
    """Queue (or refuse) one send of ``invoice`` inside the caller's transaction. A
    send already under way by the same method is returned rather than doubled.
    eFaktura goes through :mod:`.efaktura_send` (its rules, the look-up, the
    fallback); ``save`` then puts eFaktura on the customer card when the register
    says yes ("lagre på kundekortet")."""
    chosen = method or DeliveryMethod(customer.delivery_method)
    under_way = session.scalars(
        select(Delivery).where(
            Delivery.invoice_id == invoice.id,
            Delivery.method == chosen.value,
            Delivery.state.in_(UNDER_WAY),
        )
    ).first()
    if under_way is not None:
        return under_way
    if chosen is DeliveryMethod.EFAKTURA:
        from reskontro.services.delivery import efaktura_send

        return efaktura_send.request(
            session, invoice, customer, explicit=method is not None, save=save, today=today,
            now=now, actor=actor, audited=audited,
        )  # fmt: skip
    return records.add(
        session,
        company_id=invoice.company_id,
        invoice_id=invoice.id,
        kind=DocumentKind(invoice.kind),
        method=chosen,
        recipient=recipient_of(customer, chosen),
        refused=refusal(facts_of(customer, invoice, chosen, today)),
        today=today,
        now=now,
        actor=actor,
        audited=audited,
    )


def row_on_issue(
    invoice: Invoice, customer: Customer, *, today: dt.date, now: dt.datetime, actor: str
) -> Delivery | None:
    """The delivery a just-issued invoice gets by its customer's method, built for the
    caller to add (a bulk run adds a chunk's at once; the issue's audit entry stands
    for it); None for eFaktura, which goes through :func:`request` (the look-up)."""
    chosen = DeliveryMethod(customer.delivery_method)
    if chosen is DeliveryMethod.EFAKTURA:
        return None
    return records.new_row(
        company_id=invoice.company_id, invoice_id=invoice.id, kind=DocumentKind(invoice.kind),
        method=chosen, recipient=recipient_of(customer, chosen),
        refused=refusal(facts_of(customer, invoice, chosen, today)), today=today, now=now,
        actor=actor,
    )  # fmt: skip


def on_issue(
    session: Session,
    company: Company,
    invoice: Invoice,
    *,
    clock: Clock,
    actor: str,
    method: DeliveryMethod | None = None,
    save: bool = False,
) -> None:
    """After issuing: queue the delivery by the customer's method (or ``method``,
    chosen at invoicing: "kan motta eFaktura") when the company sends on issue (else
    the invoice waits for a manual send). The issue's own audit entry stands for this
    request; what follows is audited as it happens."""
    if not company.send_on_issue:
        return
    customer = session.get_one(Customer, invoice.customer_id)
    request(
        session, invoice, customer, method, today=clock.today(), now=clock.now(), actor=actor,
        audited=False, save=save,
    )  # fmt: skip


def _document(session: Session, company_id: int, invoice_id: int) -> Invoice:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None or invoice.company_id != company_id:
        raise NotFound(Message.of(LookupCode.NO_INVOICE, id=invoice_id))
    return invoice


def send(
    sessions: sessionmaker[Session],
    clock: Clock,
    company_id: int,
    invoice_id: int,
    method: DeliveryMethod | None = None,
    *,
    actor: str,
    save: bool = False,
) -> SendResult:
    """Send a document by ``method`` (else the customer's): ``queued``, or ``refused``
    naming the rule. Sending again after a delivery ended starts a new one. ``save``:
    an eFaktura send the register says yes to puts eFaktura on the customer card."""
    with sessions.begin() as session:
        invoice = _document(session, company_id, invoice_id)
        customer = session.get_one(Customer, invoice.customer_id)
        row = request(
            session, invoice, customer, method, today=clock.today(), now=clock.now(), actor=actor,
            save=save,
        )  # fmt: skip
        return records.result_of(row)


def deliveries(
    sessions: sessionmaker[Session], company_id: int, invoice_id: int
) -> list[DeliveryView]:
    """A document's deliveries, newest first."""
    with sessions() as session:
        _document(session, company_id, invoice_id)
        return records.history(session, company_id, invoice_id)


@dataclass(frozen=True, slots=True)
class DeliverySettings:
    """The company's delivery settings."""

    send_on_issue: bool
    #: The company's own access point for EHF (channel and folder), or None for the
    #: installation's (``RESKONTRO_AP_*``).
    access_point: AccessPoint | None = None


def settings(sessions: sessionmaker[Session], company_id: int) -> DeliverySettings:
    from reskontro.services.delivery.access_point import DEFAULT, access_point_of

    with sessions() as session:
        company = session.get(Company, company_id)
        if company is None:
            raise NotFound(Message.of(LookupCode.NO_COMPANY, id=company_id))
        own = access_point_of(session, company_id)
        return DeliverySettings(company.send_on_issue, None if own == DEFAULT else own)


def set_send_on_issue(
    sessions: sessionmaker[Session], clock: Clock, company_id: int, value: bool, *, actor: str
) -> DeliverySettings:
    """Send on issue (True), or hold issued invoices for a manual send (False)."""
    with sessions.begin() as session:
        company = session.get(Company, company_id)
        if company is None:
            raise NotFound(Message.of(LookupCode.NO_COMPANY, id=company_id))
        if company.send_on_issue != value:
            before = {"send_on_issue": company.send_on_issue}
            company.send_on_issue = value
            audit.record(
                session, at=clock.now(), actor=actor, action="company.delivery",
                object_type="company", object_id=company_id, company_id=company_id,
                before=before, after={"send_on_issue": value},
            )  # fmt: skip
        return DeliverySettings(company.send_on_issue)
