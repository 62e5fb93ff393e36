"""Late-payment interest (forsinkelsesrente) not yet invoiced, and interest notes: one
invoice (VAT-free) per customer charging it, after which interest counts from the day it
was invoiced through."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain.calendar import next_working_day
from reskontro.domain.followup_codes import FollowupError, Why
from reskontro.domain.invoice import InvoiceKind, InvoiceStatus, LineDraft
from reskontro.domain.vat import VatCode
from reskontro.errors import ValidationError
from reskontro.formats.pdf.texts import Texts
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.followup.base import claim_row, company_of
from reskontro.services.followup.claims import accrued, reductions
from reskontro.services.followup.documents import Documents, filename
from reskontro.services.followup.rates import rate_table
from reskontro.services.invoicing.drafts import add_lines
from reskontro.services.invoicing.issue import issue_draft
from reskontro.services.invoicing.views import open_of
from reskontro.storage.models import Customer, Invoice, Payment, PaymentAllocation
from reskontro.storage.models_followup import FollowupClaim, FollowupDocument

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from reskontro.domain.interest import InterestResult, Segment
    from reskontro.services.followup.emails import MessageView
    from reskontro.storage.models import Company

    #: An invoice with interest to invoice: its customer, its follow-up row, the interest.
    Item = tuple[Invoice, Customer, FollowupClaim | None, InterestResult]


@dataclass(frozen=True, slots=True)
class InterestPart:
    """A period of one rate and one balance."""

    first_day: dt.date
    last_day: dt.date
    days: int
    principal_ore: int
    rate_bp: int
    ore: int

    @classmethod
    def of(cls, s: Segment) -> InterestPart:
        return cls(s.first_day, s.last_day, s.days, s.principal_ore, s.rate_bp, s.ore)


@dataclass(frozen=True, slots=True)
class InvoiceInterest:
    invoice_id: int
    number: int | None
    due_date: dt.date | None
    open_ore: int
    interest_ore: int
    from_: dt.date | None = field(metadata={"key": "from"})
    to: dt.date | None
    disputed: bool
    handed_over: bool
    parts: tuple[InterestPart, ...]


@dataclass(frozen=True, slots=True)
class CustomerInterest:
    customer_number: int
    customer_name: str
    interest_ore: int
    #: The interest note issued, with ``invoice``.
    note_invoice_id: int | None
    invoices: tuple[InvoiceInterest, ...]
    #: Why no interest note was issued, with ``invoice`` (absent otherwise).
    not_invoiced: Message | None = field(default=None, metadata={"omit_none": True})
    #: The interest note's due date (issued, or in a preview the one it would get).
    note_due_date: dt.date | None = field(default=None, metadata={"omit_none": True})


@dataclass(frozen=True, slots=True)
class InterestNote:
    invoice_id: int
    document_id: int
    filename: str
    message: MessageView | None


@dataclass(frozen=True, slots=True)
class InterestReport:
    until: dt.date
    customers: tuple[CustomerInterest, ...]
    interest_ore: int
    notes: tuple[InterestNote, ...]
    #: A preview: the notes ``invoice`` would issue, none issued.
    dry_run: bool = False


def note_due(company: Company, until: dt.date) -> dt.date:
    """An interest note's due date: the company's payment terms from the day it is
    issued, moved off a Saturday, Sunday or public holiday to the next working day."""
    return next_working_day(until + timedelta(days=company.payment_terms_days))


def _invoice_interest(inv: Invoice, result: InterestResult, claim: FollowupClaim | None
                      ) -> InvoiceInterest:  # fmt: skip
    return InvoiceInterest(
        invoice_id=inv.id, number=inv.number, due_date=inv.due_date, open_ore=open_of(inv),
        interest_ore=result.ore, from_=result.first_day, to=result.last_day,
        disputed=bool(claim and claim.disputed), handed_over=bool(claim and claim.handoff_id),
        parts=tuple(InterestPart.of(s) for s in result.segments),
    )  # fmt: skip


def _candidates(
    session: Session, company_id: int, until: dt.date
) -> list[tuple[Invoice, Customer, FollowupClaim | None]]:
    """Invoices that may carry interest not yet invoiced: open, or paid late."""
    late_paid = (
        select(Payment.invoice_id)
        .join(Invoice, Invoice.id == Payment.invoice_id)
        .where(Payment.company_id == company_id, Payment.date > Invoice.due_date)
    )
    late_alloc = (
        select(PaymentAllocation.invoice_id)
        .join(Payment, Payment.id == PaymentAllocation.payment_id)
        .join(Invoice, Invoice.id == PaymentAllocation.invoice_id)
        .where(PaymentAllocation.company_id == company_id, Payment.date > Invoice.due_date)
    )
    query = (
        select(Invoice, Customer, FollowupClaim)
        .join(Customer, Customer.id == Invoice.customer_id)
        .outerjoin(FollowupClaim, FollowupClaim.invoice_id == Invoice.id)
        .where(
            Invoice.company_id == company_id,
            Invoice.kind == InvoiceKind.INVOICE.value,
            Invoice.number.is_not(None),
            Invoice.due_date < until,
            (FollowupClaim.is_interest_note.is_(None))
            | (FollowupClaim.is_interest_note.is_(False)),
            (FollowupClaim.interest_to.is_(None)) | (FollowupClaim.interest_to < until),
            (Invoice.total_ore != Invoice.settled_ore)
            | Invoice.id.in_(late_paid)
            | Invoice.id.in_(late_alloc),
        )
        .order_by(Customer.number, Invoice.number)
    )
    return [(i, c, f) for i, c, f in session.execute(query).all()]


def _by_customer(session: Session, company_id: int, until: dt.date) -> dict[int, list[Item]]:
    """Every invoice with interest through ``until``, grouped by customer."""
    table = rate_table(session)
    rows = _candidates(session, company_id, until)
    paid = reductions(session, [inv.id for inv, _, _ in rows])
    groups: dict[int, list[Item]] = {}
    for inv, cust, claim in rows:
        result = accrued(inv, paid[inv.id], claim.interest_to if claim else None, until, table)
        if result.ore > 0:
            groups.setdefault(cust.id, []).append((inv, cust, claim, result))
    return groups


class Interest(Documents):
    def interest(
        self,
        company_id: int,
        *,
        until: dt.date | None = None,
        invoice: bool = False,
        min_ore: int = 100,
        dry_run: bool = False,
        actor: str,
    ) -> InterestReport:
        """Late-payment interest not yet invoiced, per invoice and customer; with
        ``invoice``, issue one interest note (an invoice, VAT-free) per customer whose
        interest reaches ``min_ore``, and record how far interest is invoiced.
        ``dry_run`` with ``invoice`` shows the notes and their due dates, issuing none."""
        until = until or self.clock.today()
        if until > self.clock.today():
            raise ValidationError(Message.of(FollowupError.INTEREST_FUTURE), field="until")
        now = self.clock.now()
        customers = []
        with self.sessions.begin() as session:
            company = company_of(session, company_id, lock=invoice and not dry_run)
            for group in _by_customer(session, company_id, until).values():
                cust = group[0][1]
                total = sum(r.ore for _, _, _, r in group)
                blocked = any(c and (c.disputed or c.handoff_id) for _, _, c, _ in group)
                note_id, why, due = None, None, None
                if invoice and total >= min_ore and not blocked:
                    due = note_due(company, until)
                    if not dry_run:
                        note_id = self._issue_note(
                            session, company, cust, group, (until, due), now, actor
                        )
                elif invoice and blocked:
                    why = Message.of(Why.NOT_INVOICED_BLOCKED)
                elif invoice:
                    why = Message.of(Why.NOT_INVOICED_SMALL, minimum_ore=min_ore)
                customers.append(CustomerInterest(
                    cust.number, cust.name, total, note_id,
                    tuple(_invoice_interest(i, r, c) for i, _, c, r in group), why, due,
                ))  # fmt: skip
        notes = []
        for c in customers:
            if c.note_invoice_id is None:
                continue
            pdf = self.invoice_pdf(company_id, c.note_invoice_id, queue_email=True, actor=actor)
            notes.append(InterestNote(c.note_invoice_id, pdf.document_id, pdf.filename,
                                      pdf.message))  # fmt: skip
        return InterestReport(until, tuple(customers), sum(c.interest_ore for c in customers),
                              tuple(notes), dry_run and invoice)  # fmt: skip

    def _issue_note(
        self,
        session: Session,
        company: Company,
        customer: Customer,
        group: Sequence[Item],
        days: tuple[dt.date, dt.date],
        now: dt.datetime,
        actor: str,
    ) -> int:
        """Issue the interest note as an invoice in this transaction (on ``days``: the
        day interest runs to, which is its invoice date, and its due date) and mark the
        claims."""
        until, due = days
        t = Texts(customer.language)
        lines = [
            LineDraft(
                t.fmt("interest_line", number=inv.number, first=t.date(seg.first_day),
                      last=t.date(seg.last_day), rate=t.rate(seg.rate_bp)),
                1000, seg.ore, VatCode.EXEMPT,
            )
            for inv, _, _, result in group
            for seg in result.segments
            if seg.ore > 0
        ]  # fmt: skip
        note = Invoice(
            company_id=company.id, customer_id=customer.id, kind=InvoiceKind.INVOICE.value,
            status=InvoiceStatus.DRAFT.value, created_at=now,
            our_reference=t["interest_title"], due_date=due,
        )  # fmt: skip
        session.add(note)
        session.flush()
        # One transaction for the note and the claims it charges: the ledger's own steps.
        add_lines(session, note, company, lines)
        session.flush()
        issue_draft(session, company, customer, note, until, now)
        session.add(FollowupClaim(invoice_id=note.id, company_id=company.id,
                                  is_interest_note=True, disputed=False))  # fmt: skip
        for inv, _, claim, result in group:
            _charge(session, note, customer, (inv, claim, result), until, now, actor)
        audit.record(
            session, at=now, actor=actor, action="invoice.issue", object_type="invoice",
            object_id=note.id, company_id=company.id,
            after={"number": note.number, "total_ore": note.total_ore, "interest_note": True},
        )  # fmt: skip
        return note.id


def _charge(
    session: Session, note: Invoice, customer: Customer,
    charged: tuple[Invoice, FollowupClaim | None, InterestResult], until: dt.date,
    now: dt.datetime, actor: str,
) -> None:  # fmt: skip
    """Mark an invoice's interest invoiced through ``until`` by ``note``, on its history."""
    inv, claim, result = charged
    row = claim or claim_row(session, inv)
    row.interest_to = until
    content = {
        "invoice_number": inv.number,
        "parts": [
            {"first_day": s.first_day.isoformat(), "last_day": s.last_day.isoformat(),
             "principal_ore": s.principal_ore, "rate_bp": s.rate_bp, "ore": s.ore}
            for s in result.segments
        ],
    }  # fmt: skip
    session.add(FollowupDocument(
        company_id=note.company_id, customer_id=note.customer_id, invoice_id=inv.id,
        kind="interest_note", level=0, sent_on=until, interest_ore=result.ore,
        interest_to=until, note_invoice_id=note.id, language=customer.language,
        content=json.dumps(content, sort_keys=True),
        filename=filename("invoice", note.number, until, customer.language),
        created_at=now, actor=actor,
    ))  # fmt: skip
    session.flush()
    audit.record(
        session, at=now, actor=actor, action="followup.interest_note",
        object_type="invoice", object_id=inv.id, company_id=note.company_id,
        after={"note_invoice_id": note.id, "note_number": note.number,
               "interest_ore": result.ore, "interest_to": until.isoformat()},
    )  # fmt: skip


__all__ = ["CustomerInterest", "Interest", "InterestNote", "InterestPart", "InterestReport",
           "InvoiceInterest"]  # fmt: skip
