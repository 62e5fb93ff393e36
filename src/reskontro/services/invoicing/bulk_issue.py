"""Issue a chunk of new invoices at once, in the caller's transaction.

What :func:`reskontro.services.invoicing.issue.create_and_issue` does for one invoice,
done for many with a few statements: the chunk's numbers taken in one UPDATE of the
series (gapless and in the chunk's order, under the number lock the caller holds),
totals and KIDs computed in Python, and the invoices, their lines and VAT, their
audit entries and their deliveries written in two flushes (the ORM batches each
table's rows into one INSERT). The kept figures move by the same flushes
(:mod:`reskontro.storage.figures`). A crash rolls the whole chunk back, numbers
included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from reskontro.domain.delivery import DeliveryMethod, DeliveryState
from reskontro.domain.invoice import InvoiceKind, InvoiceStatus, due_date
from reskontro.domain.vat import VatRounding, compute_totals, line_net
from reskontro.errors import Conflict
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.invoicing.codes import InvoicingError
from reskontro.services.invoicing.drafts import add_lines
from reskontro.services.invoicing.issue import Issued
from reskontro.services.invoicing.numbering import INVOICE_SERIES, take_numbers
from reskontro.services.invoicing.views import invoice_view, refresh_status
from reskontro.storage.models import Invoice
from reskontro.storage.repo import template_of

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from reskontro.clock import Clock
    from reskontro.domain.invoice import LineDraft
    from reskontro.storage.models import Company, Customer


def _new_invoice(
    company: Company, customer: Customer, lines: Sequence[LineDraft], *, number: int,
    issue_date: dt.date, due: dt.date, terms_days: int | None, now: dt.datetime,
) -> Invoice:  # fmt: skip
    nets = [line_net(x.quantity_milli, x.unit_price_ore) for x in lines]
    totals = compute_totals(
        [(n, x.vat_code) for n, x in zip(nets, lines, strict=True)],
        VatRounding(company.vat_rounding),
    )
    invoice = Invoice(
        company_id=company.id, customer_id=customer.id, kind=InvoiceKind.INVOICE.value,
        status=InvoiceStatus.DRAFT.value, number=number, invoice_date=issue_date,
        due_date=due, terms_days=terms_days, net_ore=totals.net_ore, vat_ore=totals.vat_ore,
        total_ore=totals.gross_ore, settled_ore=0, paid_ore=0, credited_ore=0, charges_ore=0,
        charges_settled_ore=0, charges_paid_ore=0, currency="NOK", created_at=now,
        issued_at=now,
    )  # fmt: skip
    if company.kid_enabled:
        template = template_of(company)
        invoice.kid = template.make(customer.number, number)
        invoice.kid_template = template.text
        invoice.kid_modulus = int(template.modulus)
    refresh_status(invoice)
    return invoice


def issue_many(
    session: Session,
    company: Company,
    batch: Sequence[tuple[Customer, Sequence[LineDraft]]],
    *,
    issue_date: dt.date,
    terms_days: int | None,
    send: bool,
    clock: Clock,
    actor: str,
) -> list[Issued]:
    """Issue one invoice per (customer, lines) in ``batch``, numbered in its order, and
    queue each delivery by its customer's method when ``send``. The caller holds the
    number lock (:func:`reskontro.services.invoicing.issue.lock_numbers`) and has
    checked the lines (:func:`~reskontro.services.invoicing.issue.issue_refusal`)."""
    from reskontro.services.delivery import send as delivery

    if not batch:
        return []
    now, today = clock.now(), clock.today()
    terms = company.payment_terms_days if terms_days is None else terms_days
    due = due_date(issue_date, terms_days=terms)
    first = take_numbers(session, company.id, INVOICE_SERIES, len(batch))
    invoices = [
        _new_invoice(company, customer, lines, number=first + i, issue_date=issue_date,
                     due=due, terms_days=terms_days, now=now)
        for i, (customer, lines) in enumerate(batch)
    ]  # fmt: skip
    session.add_all(invoices)
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(Message.of(InvoicingError.CHUNK_NUMBER_TAKEN)) from None
    issued: list[Issued] = []
    efaktura: list[tuple[Invoice, Customer]] = []
    for invoice, (customer, lines) in zip(invoices, batch, strict=True):
        add_lines(session, invoice, company, list(lines))
        audit.record(
            session, at=now, actor=actor, action="invoice.issue", object_type="invoice",
            object_id=invoice.id, company_id=company.id,
            after=invoice_view(invoice, customer, lines=False),
        )  # fmt: skip
        method: DeliveryMethod | None = None
        if send:
            row = delivery.row_on_issue(invoice, customer, today=today, now=now, actor=actor)
            if row is None:
                efaktura.append((invoice, customer))
            else:
                session.add(row)
                if row.state != DeliveryState.REFUSED.value:
                    method = DeliveryMethod(row.method)
        issued.append(Issued(invoice.id, first + len(issued), invoice.total_ore, method))
    for invoice, customer in efaktura:  # the look-up and its fallback, one by one
        row = delivery.request(
            session, invoice, customer, None, today=today, now=now, actor=actor, audited=False
        )
        if row.state != DeliveryState.REFUSED.value:
            at = next(i for i, x in enumerate(issued) if x.invoice_id == invoice.id)
            issued[at] = Issued(invoice.id, issued[at].number, invoice.total_ore,
                                DeliveryMethod(row.method))  # fmt: skip
    session.flush()
    return issued


__all__ = ["issue_many"]
