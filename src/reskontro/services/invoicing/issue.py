"""Create and issue one invoice in the caller's transaction, and ask for its delivery.

Bulk and recurring runs use this so that the invoice, its number, its claim (the bulk
item or the recurring period) and its delivery request commit together or not at all:
a crash anywhere leaves no draft behind and no number used.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from reskontro.domain.delivery import DeliveryMethod, PostalAddress, SendFacts, refusal
from reskontro.domain.invoice import InvoiceKind, InvoiceStatus
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.books import INVOICE_SERIES, invoice_view
from reskontro.services.invoicing.codes import IssueRefusal
from reskontro.storage.models import Invoice, NumberSeries

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session

    from reskontro.clock import Clock
    from reskontro.domain.invoice import LineDraft
    from reskontro.services.books import Books
    from reskontro.storage.models import Company, Customer


@dataclass(frozen=True, slots=True)
class Issued:
    """One invoice issued, and the method its delivery was queued by (if any)."""

    invoice_id: int
    number: int
    total_ore: int
    delivery: DeliveryMethod | None


def issue_refusal(company: Company, customer: Customer, lines: list[LineDraft]) -> Message | None:
    """The first rule that forbids invoicing ``customer`` these lines, or None."""
    if not lines:
        return Message.of(IssueRefusal.NO_LINES)
    if customer.is_placeholder:
        return Message.of(IssueRefusal.PLACEHOLDER, customer=customer.number)
    for line in lines:
        if line.vat_code.carries_vat and not company.vat_registered:
            return Message.of(IssueRefusal.NOT_VAT_REGISTERED, vat=str(line.vat_code.percent))
    return None


def send_refusal(customer: Customer, method: DeliveryMethod, today: dt.date) -> Message | None:
    """Whether the customer's method could send an invoice issued today (the delivery
    rules, as the delivery flow checks them on issue)."""
    facts = SendFacts(
        method=method,
        issued=True,
        email=customer.invoice_email or customer.email,
        peppol_id=customer.peppol_id,
        peppol_can_receive=customer.peppol_can_receive,
        address=PostalAddress(customer.street, customer.postcode, customer.city, customer.country),
        currency="NOK",
        due_date=None,
        send_date=today,
    )
    refused = refusal(facts)
    if refused is None:
        return None
    return Message.of(refused.code, **dict(refused.params))


def lock_numbers(session: Session, company_id: int) -> None:
    """Take the invoice number series' lock first: from here on this transaction is the
    only one issuing for the company, so its claims never wait on another's (no
    deadlock between two runs on PostgreSQL; SQLite holds the write lock already)."""
    session.execute(
        select(NumberSeries.next_value)
        .where(NumberSeries.company_id == company_id, NumberSeries.kind == INVOICE_SERIES)
        .with_for_update()
    )


def _request_delivery() -> Any:
    """The delivery flow's ``request`` (``services.delivery.send``), or None while that
    flow is not on this branch: the invoice is then issued and waits for a manual send."""
    try:
        module = importlib.import_module("reskontro.services.delivery.send")
    except ModuleNotFoundError:
        return None
    return getattr(module, "request", None)


def create_and_issue(
    session: Session,
    books: Books,
    company: Company,
    customer: Customer,
    lines: list[LineDraft],
    *,
    issue_date: dt.date,
    terms_days: int | None,
    send: bool,
    clock: Clock,
    actor: str,
) -> Issued:
    """A draft written, numbered and issued at once; delivery queued when ``send``."""
    now = clock.now()
    invoice = Invoice(
        company_id=company.id,
        customer_id=customer.id,
        kind=InvoiceKind.INVOICE.value,
        status=InvoiceStatus.DRAFT.value,
        terms_days=terms_days,
        due_date=None,
        created_at=now,
    )
    session.add(invoice)
    session.flush()
    books._add_lines(session, invoice, company, lines)  # noqa: SLF001 - the ledger's own rule
    books._issue(session, company, customer, invoice, issue_date, now)  # noqa: SLF001
    view = invoice_view(invoice, customer, lines=False)
    audit.record(
        session,
        at=now,
        actor=actor,
        action="invoice.issue",
        object_type="invoice",
        object_id=invoice.id,
        company_id=company.id,
        after=view,
    )
    method: DeliveryMethod | None = None
    request = _request_delivery() if send else None
    if request is not None:
        delivery = request(
            session, invoice, customer, None, today=clock.today(), now=now, actor=actor
        )
        if delivery.state != "refused":
            method = DeliveryMethod(delivery.method)
    assert invoice.number is not None
    return Issued(invoice.id, invoice.number, invoice.total_ore, method)


__all__ = ["Issued", "create_and_issue", "issue_refusal", "lock_numbers", "send_refusal"]
