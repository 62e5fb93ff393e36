"""Late-payment interest (forsinkelsesrente) not yet invoiced, and interest notes: the
interest is charged on the invoice it belongs to, an open item of that invoice paid by
its KID (fees, then interest, then principal, unless the company sets another order);
an interest note per invoice (VAT-free, a PDF) tells the customer, one e-mail per
customer carries them. After it, interest counts from the day it was invoiced through."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain.calendar import next_working_day
from reskontro.domain.followup_codes import FollowupError, Why
from reskontro.domain.invoice import InvoiceKind
from reskontro.domain.settlement import ChargeKind
from reskontro.domain.vat import VatCode
from reskontro.errors import ValidationError
from reskontro.formats.pdf import DocLine, DocumentKind, InvoiceDocument, VatRow
from reskontro.formats.pdf.message import interest_email
from reskontro.formats.pdf.model import to_dict
from reskontro.formats.pdf.texts import Texts
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.followup.base import RunStage, claim_row, company_of
from reskontro.services.followup.claims import issued, reductions
from reskontro.services.followup.documents import Documents, buyer_of, filename, seller_of
from reskontro.services.followup.emails import MessageView, new_message
from reskontro.services.followup.published import accrued_published, interest_through
from reskontro.services.followup.rates import rate_table
from reskontro.services.invoicing.views import open_of
from reskontro.services.payments.charges import add_charge
from reskontro.storage.models import Customer, Invoice, Payment, PaymentAllocation
from reskontro.storage.models_followup import FollowupClaim, FollowupDocument

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from reskontro.domain.interest import InterestResult, Segment
    from reskontro.services.followup.base import Progress
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
    #: Always None now: the interest is charged on each invoice itself (``notes`` has
    #: its interest notes); kept for the JSON's shape. Before, an interest note was an
    #: invoice of its own.
    note_invoice_id: int | None
    invoices: tuple[InvoiceInterest, ...]
    #: Why no interest note was issued, with ``invoice`` (absent otherwise).
    not_invoiced: Message | None = field(default=None, metadata={"omit_none": True})
    #: The interest note's due date (issued, or in a preview the one it would get).
    note_due_date: dt.date | None = field(default=None, metadata={"omit_none": True})


@dataclass(frozen=True, slots=True)
class InterestNote:
    """An interest note: the interest charged on the invoice ``invoice_id`` (paid by its
    KID), its PDF, and the e-mail to the customer that carries it."""

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
    #: Interest from this day is not yet published (no rate known): not counted, and
    #: left for a later note. Absent when all is known.
    not_published_from: dt.date | None = field(default=None, metadata={"omit_none": True})


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


def _by_customer(
    session: Session, company_id: int, until: dt.date
) -> tuple[dict[int, list[Item]], dt.date | None]:
    """Every invoice with interest through ``until`` (or the last day a published
    rate covers), grouped by customer; and the first day not yet published, if any."""
    table = rate_table(session)
    rows = _candidates(session, company_id, until)
    paid = reductions(session, [inv.id for inv, _, _ in rows])
    groups: dict[int, list[Item]] = {}
    unpublished: dt.date | None = None
    for inv, cust, claim in rows:
        result, gap = accrued_published(
            inv, paid[inv.id], claim.interest_to if claim else None, until, table
        )
        if gap is not None:
            unpublished = gap if unpublished is None else min(unpublished, gap)
        if result.ore > 0:
            groups.setdefault(cust.id, []).append((inv, cust, claim, result))
    return groups, unpublished


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
        progress: Progress | None = None,
    ) -> InterestReport:
        """Late-payment interest not yet invoiced, per invoice and customer; with
        ``invoice``, charge the interest on each invoice of a customer whose interest
        reaches ``min_ore`` (an interest note per invoice, one e-mail per customer), and
        record how far interest is invoiced.
        ``dry_run`` with ``invoice`` shows the notes and their due dates, issuing none.
        ``progress`` hears the customers done, then the PDFs made."""
        until = until or self.clock.today()
        if until > self.clock.today():
            raise ValidationError(Message.of(FollowupError.INTEREST_FUTURE), field="until")
        now = self.clock.now()
        customers = []
        notes: list[InterestNote] = []
        with self.sessions.begin() as session:
            company = company_of(session, company_id, lock=invoice and not dry_run)
            groups, unpublished = _by_customer(session, company_id, until)
            for done, group in enumerate(groups.values()):
                if progress is not None and invoice and not dry_run:
                    go_on = progress(RunStage.RECORD, done, len(groups))
                    if go_on is False:
                        break  # asked to stop: the notes issued so far stay
                cust = group[0][1]
                total = sum(r.ore for _, _, _, r in group)
                blocked = any(c and (c.disputed or c.handoff_id) for _, _, c, _ in group)
                note_id, why, due = None, None, None
                if invoice and total >= min_ore and not blocked:
                    due = note_due(company, until)
                    if not dry_run:
                        notes.extend(self._charge_notes(
                            session, company, cust, group, (until, due), now, actor
                        ))  # fmt: skip
                elif invoice and blocked:
                    why = Message.of(Why.NOT_INVOICED_BLOCKED)
                elif invoice:
                    why = Message.of(Why.NOT_INVOICED_SMALL, minimum_ore=min_ore)
                customers.append(CustomerInterest(
                    cust.number, cust.name, total, note_id,
                    tuple(_invoice_interest(i, r, c) for i, _, c, r in group), why, due,
                ))  # fmt: skip
        if notes:
            self.render_pending(company_id, [n.document_id for n in notes], progress)
        return InterestReport(until, tuple(customers), sum(c.interest_ore for c in customers),
                              tuple(notes), dry_run and invoice, unpublished)  # fmt: skip

    def _charge_notes(
        self,
        session: Session,
        company: Company,
        customer: Customer,
        group: Sequence[Item],
        days: tuple[dt.date, dt.date],
        now: dt.datetime,
        actor: str,
    ) -> list[InterestNote]:
        """Charge each invoice's interest on the invoice itself (an open item its KID
        pays), with an interest note per invoice (a PDF, dated ``until``, due ``due``)
        and one e-mail to the customer; mark the claims invoiced through ``until``."""
        until, due = days
        t = Texts(customer.language)
        seller, buyer = seller_of(company), buyer_of(customer)
        made: list[tuple[FollowupDocument, InvoiceDocument]] = []
        for inv, _, claim, result in group:
            lines = tuple(
                DocLine(
                    t.fmt("interest_line", number=inv.number, first=t.date(seg.first_day),
                          last=t.date(seg.last_day), rate=t.rate(seg.rate_bp)),
                    1000, seg.ore, VatCode.EXEMPT, seg.ore,
                )
                for seg in result.segments
                if seg.ore > 0
            )  # fmt: skip
            total = sum(line.net_ore for line in lines)
            number, _, _ = issued(inv)
            doc = InvoiceDocument(
                kind=DocumentKind.INTEREST_NOTE, number=number, invoice_date=until,
                due_date=due, seller=seller, buyer=buyer, lines=lines,
                vat=(VatRow(VatCode.EXEMPT, total, 0),), net_ore=total, vat_ore=0,
                total_ore=total, kid=inv.kid, our_reference=t["interest_title"],
                note=t["interest_note"], language=customer.language,
            )  # fmt: skip
            row = _charge(session, customer, (inv, claim, result), doc, until, now, actor)
            made.append((row, doc))
        msg = new_message(
            session, company.id, customer.id, interest_email([d for _, d in made]), now
        )
        for row, _ in made:
            row.message_id = msg.id
        view = MessageView.of(msg, [row.id for row, _ in made])
        return [InterestNote(row.invoice_id, row.id, row.filename, view) for row, _ in made]


def _charge(
    session: Session, customer: Customer,
    charged: tuple[Invoice, FollowupClaim | None, InterestResult], doc: InvoiceDocument,
    until: dt.date, now: dt.datetime, actor: str,
) -> FollowupDocument:  # fmt: skip
    """Charge an invoice's interest through ``until`` on the invoice (its interest note
    ``doc`` recorded on its history), and mark it invoiced that far."""
    inv, claim, result = charged
    # The invoice's sums move with the charge: locked, and read again.
    session.execute(
        select(Invoice).where(Invoice.id == inv.id).with_for_update()
        .execution_options(populate_existing=True)
    )  # fmt: skip
    row = claim or claim_row(session, inv)
    # Through the last day counted: a part not yet published is charged later.
    row.interest_to = interest_through(
        inv, claim.interest_to if claim else None, until, rate_table(session)
    )
    record = FollowupDocument(
        company_id=inv.company_id, customer_id=inv.customer_id, invoice_id=inv.id,
        kind="interest_note", level=0, sent_on=until, interest_ore=doc.total_ore,
        interest_to=row.interest_to, note_invoice_id=None, language=customer.language,
        content=json.dumps(to_dict(doc), ensure_ascii=False, sort_keys=True),
        filename=filename("interest_note", inv.number, until, customer.language),
        created_at=now, actor=actor,
    )  # fmt: skip
    session.add(record)
    session.flush()
    add_charge(
        session, inv, ChargeKind.INTEREST, doc.total_ore, day=until, now=now, actor=actor,
        document_id=record.id,
    )  # fmt: skip
    audit.record(
        session, at=now, actor=actor, action="followup.interest_note",
        object_type="invoice", object_id=inv.id, company_id=inv.company_id,
        after={"document_id": record.id, "interest_ore": doc.total_ore,
               "interest_to": row.interest_to.isoformat(),
               "parts": [s.ore for s in result.segments]},
    )  # fmt: skip
    return record


__all__ = ["CustomerInterest", "Interest", "InterestNote", "InterestPart", "InterestReport",
           "InvoiceInterest"]  # fmt: skip
