"""Follow-up of what is unpaid: overdue list and aging, reminder runs, inkassovarsel,
late-payment interest and interest notes, hand-off to debt collection, documents.

The rules are pure (:mod:`reskontro.domain.followup`, :mod:`reskontro.domain.interest`);
this module feeds them from the books and records what was decided. Each use case is one
database transaction; PDFs are rendered **after** it commits (from the facts recorded
with each document, so a PDF can always be made again byte for byte) and kept in the
file store by SHA-256. E-mails are composed and recorded as values (subject, text,
HTML, the documents as attachments) for the mailer to send; a customer without an
e-mail address gets ``print`` instead.

A reminder run can first fetch payments (``fetch_payments``, a callable taking the
company id), so that nobody is reminded of what the bank already paid.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from reskontro.domain import followup as rules
from reskontro.domain.followup import (
    Bucket,
    ClaimState,
    FollowupPolicy,
    Inkassosats,
    LetterKind,
    Regime,
    RegimeChange,
    SentLetter,
    bucket_of,
    days_past_due,
    decide_handoff,
    decide_notice,
    decide_reminder,
    parse_rates,
)
from reskontro.domain.interest import (
    MARKUP_BP,
    InterestRate,
    MissingRate,
    interest_on_balance,
)
from reskontro.domain.invoice import InvoiceKind, InvoiceStatus, LineDraft
from reskontro.domain.money import decimal_from_ore
from reskontro.domain.vat import VatCode
from reskontro.errors import NotFound, StateError, ValidationError
from reskontro.formats.pdf import (
    Buyer,
    DocLine,
    DocumentKind,
    FeeLine,
    InterestInfo,
    InterestPart,
    InvoiceDocument,
    LetterDocument,
    Seller,
    VatRow,
    render_invoice,
    render_letter,
)
from reskontro.formats.pdf.message import Attachment, Email, invoice_email, letters_email
from reskontro.formats.pdf.model import invoice_from_dict, letter_from_dict, to_dict
from reskontro.formats.pdf.texts import Texts
from reskontro.services import audit
from reskontro.services.books import Books, customer_by_number, open_of
from reskontro.storage.filestore import FileStore
from reskontro.storage.models import (
    AuditEntry,
    Company,
    Customer,
    Invoice,
    InvoiceVat,
    Payment,
    PaymentAllocation,
)
from reskontro.storage.models_followup import (
    LETTER_KINDS,
    FollowupClaim,
    FollowupDocument,
    FollowupHandoff,
    FollowupHold,
    FollowupMessage,
    FollowupRate,
    FollowupSettings,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable, Sequence

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock
    from reskontro.domain.followup import (
        Decision,
        FeeDecision,
        RateTable,
    )
    from reskontro.domain.interest import (
        InterestResult,
    )

LETTER_FILE = {"reminder": ("purring", "reminder"), "inkassovarsel": ("inkassovarsel", "notice")}


def shipped_rates() -> RateTable:
    """The dated rates shipped in ``reskontro/data/rates.toml``."""
    text = resources.files("reskontro").joinpath("data", "rates.toml").read_text("utf-8")
    return parse_rates(text, "reskontro/data/rates.toml")


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _due(invoice: Invoice) -> dt.date:
    if invoice.due_date is None:
        raise StateError(f"invoice {invoice.id} has no due date: it is a draft")
    return invoice.due_date


def _issued(invoice: Invoice) -> tuple[int, dt.date, dt.date]:
    """Number, invoice date and due date of an issued invoice."""
    if invoice.number is None or invoice.invoice_date is None or invoice.due_date is None:
        raise StateError(f"invoice {invoice.id} is a draft")
    return invoice.number, invoice.invoice_date, invoice.due_date


# -- reading the books ------------------------------------------------------------------


@dataclass
class _Claim:
    invoice: Invoice
    customer: Customer
    state: ClaimState
    row: FollowupClaim | None
    letters: list[FollowupDocument] = field(default_factory=list)


def _reductions(
    session: Session, invoice_ids: Sequence[int]
) -> dict[int, list[tuple[dt.date, int]]]:
    """Payments settling each invoice, by the day the money came (never credit notes)."""
    found: dict[int, list[tuple[dt.date, int]]] = {i: [] for i in invoice_ids}
    for chunk in _chunks(invoice_ids):
        for invoice_id, day, amount in session.execute(
            select(
                Payment.invoice_id,
                Payment.date,
                Payment.invoice_amount_ore + Payment.written_off_ore,
            ).where(Payment.invoice_id.in_(chunk), Payment.state == "posted")
        ):
            if amount:
                found[invoice_id].append((day, amount))
        for invoice_id, day, amount in session.execute(
            select(PaymentAllocation.invoice_id, Payment.date, PaymentAllocation.amount_ore)
            .join(Payment, Payment.id == PaymentAllocation.payment_id)
            .where(PaymentAllocation.invoice_id.in_(chunk))
        ):
            found[invoice_id].append((day, amount))
    return found


def _chunks(ids: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _accrued(
    invoice: Invoice,
    reductions: Sequence[tuple[dt.date, int]],
    interest_to: dt.date | None,
    until: dt.date,
    table: RateTable,
) -> InterestResult:
    """Interest on the invoice not yet invoiced, through ``until``."""
    principal = invoice.total_ore - invoice.credited_ore
    due = _due(invoice)
    start = max(due, interest_to) if interest_to else due
    before = [(d, a) for d, a in reductions if d <= start]
    later = [(d, a) for d, a in reductions if d > start]
    opening = max(principal - sum(a for _, a in before), 0)
    return interest_on_balance(start, until, opening, later, table.interest)


def _interest_info(result: InterestResult) -> InterestInfo | None:
    if result.ore <= 0:
        return None
    return InterestInfo(
        result.ore,
        tuple(
            InterestPart(s.first_day, s.last_day, s.principal_ore, s.rate_bp, s.ore)
            for s in result.segments
        ),
    )


def seller_of(company: Company) -> Seller:
    return Seller(
        name=company.name,
        org_number=company.org_number,
        account=company.account,
        vat_registered=company.vat_registered,
        foretaksregisteret=company.foretaksregisteret,
        address=company.address,
        email=company.email,
    )


def buyer_of(customer: Customer) -> Buyer:
    return Buyer(
        name=customer.name,
        number=customer.number,
        address=customer.address,
        org_number=customer.org_number,
        email=customer.email,
    )


def invoice_document(
    session: Session, company: Company, invoice: Invoice, customer: Customer, note: str | None
) -> InvoiceDocument:
    if invoice.number is None or invoice.invoice_date is None or invoice.due_date is None:
        raise StateError(f"invoice {invoice.id} is a draft: only issued invoices are printed")
    vat = session.scalars(select(InvoiceVat).where(InvoiceVat.invoice_id == invoice.id)).all()
    order = {code.value: i for i, code in enumerate(VatCode)}
    original = (
        session.get_one(Invoice, invoice.credits_invoice_id) if invoice.credits_invoice_id else None
    )
    return InvoiceDocument(
        kind=DocumentKind(invoice.kind),
        number=invoice.number,
        invoice_date=invoice.invoice_date,
        due_date=invoice.due_date,
        seller=seller_of(company),
        buyer=buyer_of(customer),
        lines=tuple(
            DocLine(
                line.description,
                line.quantity_milli,
                line.unit_price_ore,
                VatCode(line.vat_code),
                line.net_ore,
            )
            for line in invoice.lines
        ),
        vat=tuple(
            VatRow(VatCode(v.vat_code), v.net_ore, v.vat_ore)
            for v in sorted(vat, key=lambda v: order[v.vat_code])
        ),
        net_ore=invoice.net_ore,
        vat_ore=invoice.vat_ore,
        total_ore=invoice.total_ore,
        kid=invoice.kid,
        delivery_date=invoice.delivery_date,
        your_reference=invoice.your_reference,
        our_reference=invoice.our_reference,
        credits_number=original.number if original else None,
        credits_date=original.invoice_date if original else None,
        note=note,
        language=customer.language,
    )


def printed_invoice(
    session: Session, company: Company, invoice: Invoice, customer: Customer
) -> InvoiceDocument:
    """What the invoice's PDF states (an interest note says how interest was computed)."""
    claim = session.get(FollowupClaim, invoice.id)
    note = None
    if claim is not None and claim.is_interest_note:
        note = Texts(customer.language)["interest_note"]
    return invoice_document(session, company, invoice, customer, note)


def _filename(kind: str, number: int | None, day: dt.date, language: str) -> str:
    if kind in LETTER_FILE:
        stem = LETTER_FILE[kind][1 if language == "en" else 0]
        return f"{stem}-{number}-{day.isoformat()}.pdf"
    if kind == "credit_note":
        return f"{'credit-note' if language == 'en' else 'kreditnota'}-{number}.pdf"
    return f"{'invoice' if language == 'en' else 'faktura'}-{number}.pdf"


def document_view(doc: FollowupDocument) -> dict[str, Any]:
    return {
        "id": doc.id,
        "kind": doc.kind,
        "level": doc.level,
        "invoice_id": doc.invoice_id,
        "customer_id": doc.customer_id,
        "sent_on": doc.sent_on.isoformat(),
        "deadline": _iso(doc.deadline),
        "principal_ore": doc.principal_ore,
        "fee_ore": doc.fee_ore,
        "interest_ore": doc.interest_ore,
        "interest_to": _iso(doc.interest_to),
        "note_invoice_id": doc.note_invoice_id,
        "filename": doc.filename,
        "pdf_sha256": doc.pdf_sha256,
        "message_id": doc.message_id,
        "actor": doc.actor,
    }


def message_view(msg: FollowupMessage, documents: Sequence[int] = ()) -> dict[str, Any]:
    return {
        "id": msg.id,
        "customer_id": msg.customer_id,
        "to": msg.to_address,
        "subject": msg.subject,
        "status": msg.status,
        "documents": list(documents),
        "created_at": msg.created_at.isoformat(),
        "sent_at": msg.sent_at.isoformat() if msg.sent_at else None,
    }


def policy_of(row: FollowupSettings | None) -> FollowupPolicy:
    if row is None:
        return FollowupPolicy()
    return FollowupPolicy(
        first_reminder_days=row.first_reminder_days,
        deadline_days=row.deadline_days,
        max_reminders=row.max_reminders,
        grace_days=row.grace_days,
        charge_fees=row.charge_fees,
        min_open_ore=row.min_open_ore,
    )


def policy_view(policy: FollowupPolicy) -> dict[str, Any]:
    return {
        "first_reminder_days": policy.first_reminder_days,
        "deadline_days": policy.deadline_days,
        "max_reminders": policy.max_reminders,
        "grace_days": policy.grace_days,
        "charge_fees": policy.charge_fees,
        "min_open_ore": policy.min_open_ore,
    }


class FollowUp:
    """Follow-up use cases over one database."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        store: FileStore | None = None,
        *,
        fetch_payments: Callable[[int], Any] | None = None,
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.store = store or FileStore()
        self.fetch_payments = fetch_payments
        self.books = Books(sessions, clock)

    # -- rates --------------------------------------------------------------------------

    def rate_table(self) -> RateTable:
        with self.sessions() as session:
            return self._table(session)

    def _table(self, session: Session) -> RateTable:
        sats, rates, regimes = [], [], []
        for row in session.scalars(select(FollowupRate)):
            if row.kind == "inkassosats" and row.amount_ore is not None:
                sats.append(
                    Inkassosats(row.valid_from, row.amount_ore,
                                rules.FeeRounding(row.fee_rounding or "krone"), row.source,
                                row.verify)
                )  # fmt: skip
            elif row.kind == "interest" and row.rate_bp is not None:
                rates.append(
                    InterestRate(row.valid_from, row.rate_bp, row.policy_rate_bp, row.source,
                                 row.verify)
                )  # fmt: skip
            elif row.kind == "regime" and row.regime is not None:
                regimes.append(
                    RegimeChange(row.valid_from, Regime(row.regime), row.source, row.verify)
                )
        return shipped_rates().merged(sats, rates, regimes)

    def rates(self) -> list[dict[str, Any]]:
        """Every dated rate in force or past, shipped or added, with where it comes from."""
        with self.sessions() as session:
            table = self._table(session)
            added = {
                (r.kind, r.valid_from)
                for r in session.execute(select(FollowupRate.kind, FollowupRate.valid_from))
            }

        def origin(kind: str, day: dt.date) -> str:
            return "database" if (kind, day) in added else "shipped"

        out: list[dict[str, Any]] = [
            {"kind": "inkassosats", "valid_from": s.valid_from.isoformat(),
             "amount_ore": s.amount_ore, "fee_ore": s.fee_ore,
             "fee_rounding": s.fee_rounding.value, "verify": s.verify, "source": s.source,
             "origin": origin("inkassosats", s.valid_from)}
            for s in table.inkassosats
        ]  # fmt: skip
        out.extend(
            {"kind": "interest", "valid_from": r.valid_from.isoformat(), "rate_bp": r.rate_bp,
             "policy_rate_bp": r.policy_rate_bp, "verify": r.verify, "source": r.source,
             "origin": origin("interest", r.valid_from)}
            for r in table.interest.rates
        )  # fmt: skip
        out.extend(
            {"kind": "regime", "valid_from": g.valid_from.isoformat(), "name": g.regime.value,
             "verify": g.verify, "source": g.source, "origin": origin("regime", g.valid_from)}
            for g in table.regimes
        )  # fmt: skip
        return out

    def add_rate(
        self,
        kind: str,
        valid_from: dt.date,
        *,
        amount_ore: int | None = None,
        fee_rounding: str = "krone",
        rate_bp: int | None = None,
        policy_rate_bp: int | None = None,
        regime: str | None = None,
        source: str = "",
        verify: bool = False,
        actor: str,
    ) -> dict[str, Any]:
        """Add a dated rate, or replace the one of that kind and date."""
        row = FollowupRate(kind=kind, valid_from=valid_from, source=source, verify=verify,
                           created_at=self.clock.now(), actor=actor)  # fmt: skip
        if kind == "inkassosats":
            if amount_ore is None or amount_ore <= 0:
                raise ValidationError("the inkassosats needs a positive --amount")
            row.amount_ore = amount_ore
            row.fee_rounding = rules.FeeRounding(fee_rounding).value
        elif kind == "interest":
            if valid_from.day != 1 or valid_from.month not in (1, 7):
                raise ValidationError(
                    "forsinkelsesrente is set per half-year: --from must be 1 January or 1 July"
                )
            if rate_bp is None and policy_rate_bp is not None:
                rate_bp = policy_rate_bp + MARKUP_BP
            if rate_bp is None:
                raise ValidationError("give --rate or --policy-rate")
            InterestRate(valid_from, rate_bp)  # validates the range
            row.rate_bp = rate_bp
            row.policy_rate_bp = policy_rate_bp
        elif kind == "regime":
            try:
                row.regime = Regime(regime or "").value
            except ValueError:
                allowed = ", ".join(r.value for r in Regime)
                raise ValidationError(f"--name must be one of {allowed}") from None
        else:
            raise ValidationError("kind must be inkassosats, interest or regime")
        with self.sessions.begin() as session:
            old = session.execute(
                select(FollowupRate).where(
                    FollowupRate.kind == kind, FollowupRate.valid_from == valid_from
                )
            ).scalar_one_or_none()
            before = _rate_view(old) if old else None
            if old is not None:
                session.delete(old)
                session.flush()
            session.add(row)
            session.flush()
            view = _rate_view(row)
            audit.record(
                session, at=row.created_at, actor=actor, action="followup.rate",
                object_type="followup_rate", object_id=row.id, company_id=None,
                before=before, after=view,
            )  # fmt: skip
            return view

    # -- settings, holds, disputes ------------------------------------------------------

    def policy(self, company_id: int) -> FollowupPolicy:
        with self.sessions() as session:
            self._company(session, company_id)
            return policy_of(session.get(FollowupSettings, company_id))

    def set_policy(self, company_id: int, *, actor: str, **changes: Any) -> dict[str, Any]:
        with self.sessions.begin() as session:
            self._company(session, company_id)
            row = session.get(FollowupSettings, company_id)
            before = policy_of(row)
            values = {**policy_view(before), **{k: v for k, v in changes.items() if v is not None}}
            after = FollowupPolicy(**values)  # validates
            if row is None:
                row = FollowupSettings(company_id=company_id, **policy_view(after))
                session.add(row)
            else:
                for key, value in policy_view(after).items():
                    setattr(row, key, value)
            view = policy_view(after)
            audit.record(
                session, at=self.clock.now(), actor=actor, action="followup.settings",
                object_type="company", object_id=company_id, company_id=company_id,
                before=policy_view(before), after=view,
            )  # fmt: skip
            return view

    def add_hold(
        self,
        company_id: int,
        *,
        customer_number: int | None = None,
        invoice_id: int | None = None,
        reason: str,
        until: dt.date | None = None,
        actor: str,
    ) -> dict[str, Any]:
        """Hold back letters for a customer or an invoice (until a day, or released)."""
        if (customer_number is None) == (invoice_id is None):
            raise ValidationError("hold either a customer (--customer) or an invoice (--invoice)")
        if not reason.strip():
            raise ValidationError("a hold needs a reason (--reason)")
        now = self.clock.now()
        with self.sessions.begin() as session:
            customer_id = None
            if customer_number is not None:
                customer_id = self._customer(session, company_id, customer_number).id
            if invoice_id is not None:
                self._invoice(session, company_id, invoice_id)
            hold = FollowupHold(
                company_id=company_id, customer_id=customer_id, invoice_id=invoice_id,
                reason=reason.strip(), until=until, created_at=now, actor=actor,
            )  # fmt: skip
            session.add(hold)
            session.flush()
            view = _hold_view(hold)
            audit.record(
                session, at=now, actor=actor, action="followup.hold",
                object_type="invoice" if invoice_id else "customer",
                object_id=invoice_id or customer_id, company_id=company_id, after=view,
            )  # fmt: skip
            return view

    def release_hold(self, company_id: int, hold_id: int, *, actor: str) -> dict[str, Any]:
        now = self.clock.now()
        with self.sessions.begin() as session:
            hold = session.get(FollowupHold, hold_id)
            if hold is None or hold.company_id != company_id:
                raise NotFound(f"no hold with id {hold_id}")
            if hold.released_at is not None:
                raise StateError(f"hold {hold_id} was released already")
            hold.released_at = now
            hold.released_by = actor
            view = _hold_view(hold)
            audit.record(
                session, at=now, actor=actor, action="followup.hold_release",
                object_type="invoice" if hold.invoice_id else "customer",
                object_id=hold.invoice_id or hold.customer_id, company_id=company_id, after=view,
            )  # fmt: skip
            return view

    def holds(self, company_id: int, *, all_holds: bool = False) -> list[dict[str, Any]]:
        today = self.clock.today()
        with self.sessions() as session:
            query = select(FollowupHold).where(FollowupHold.company_id == company_id)
            if not all_holds:
                query = query.where(
                    FollowupHold.released_at.is_(None),
                    (FollowupHold.until.is_(None)) | (FollowupHold.until >= today),
                )
            return [_hold_view(h) for h in session.scalars(query.order_by(FollowupHold.id))]

    def dispute(
        self, company_id: int, invoice_id: int, *, reason: str | None, resolve: bool = False,
        actor: str,
    ) -> dict[str, Any]:  # fmt: skip
        """Mark an invoice disputed (no letters, no hand-off) or the dispute resolved."""
        if not resolve and not (reason or "").strip():
            raise ValidationError("say why the claim is disputed (--reason)")
        with self.sessions.begin() as session:
            invoice = self._invoice(session, company_id, invoice_id)
            claim = self._claim_row(session, invoice)
            before = {"disputed": claim.disputed, "reason": claim.dispute_reason}
            claim.disputed = not resolve
            claim.dispute_reason = None if resolve else (reason or "").strip()
            after = {"disputed": claim.disputed, "reason": claim.dispute_reason}
            audit.record(
                session, at=self.clock.now(), actor=actor,
                action="followup.dispute_resolved" if resolve else "followup.dispute",
                object_type="invoice", object_id=invoice_id, company_id=company_id,
                before=before, after=after,
            )  # fmt: skip
            return {"invoice_id": invoice_id, "number": invoice.number, **after}

    # -- overdue and aging --------------------------------------------------------------

    def overdue(self, company_id: int, *, today: dt.date | None = None) -> dict[str, Any]:
        """Overdue invoices, oldest first, with their follow-up so far; totals per customer."""
        today = today or self.clock.today()
        with self.sessions() as session:
            self._company(session, company_id)
            claims = self._claims(session, company_id, today)
        items = []
        per_customer: dict[int, dict[str, Any]] = {}
        for c in claims:
            inv, cust, st = c.invoice, c.customer, c.state
            due = _due(inv)
            last = c.letters[-1] if c.letters else None
            items.append({
                "invoice_id": inv.id, "number": inv.number, "kid": inv.kid,
                "customer_number": cust.number, "customer_name": cust.name,
                "invoice_date": _iso(inv.invoice_date), "due_date": due.isoformat(),
                "days_overdue": days_past_due(due, today),
                "bucket": bucket_of(due, today).value,
                "total_ore": inv.total_ore, "open_ore": st.open_ore,
                "fees_ore": sum(d.fee_ore for d in c.letters),
                "letters": len(c.letters),
                "last_letter": None if last is None else {
                    "kind": last.kind, "sent_on": last.sent_on.isoformat(),
                    "deadline": _iso(last.deadline),
                },
                "disputed": st.disputed, "hold": st.hold, "handed_over": st.handed_over,
            })  # fmt: skip
            total = per_customer.setdefault(
                cust.number,
                {"customer_number": cust.number, "customer_name": cust.name, "invoices": 0,
                 "open_ore": 0, "oldest_due": due.isoformat()},
            )  # fmt: skip
            total["invoices"] += 1
            total["open_ore"] += st.open_ore
            total["oldest_due"] = min(total["oldest_due"], due.isoformat())
        customers = sorted(per_customer.values(), key=lambda x: -x["open_ore"])
        return {
            "date": today.isoformat(),
            "invoices": items,
            "customers": customers,
            "open_ore": sum(i["open_ore"] for i in items),
        }

    def aging(self, company_id: int, *, today: dt.date | None = None) -> dict[str, Any]:
        """Open items per customer in aging buckets by days past due.

        Invoices go by their due date; credit notes and payments not yet matched are the
        customer's ``credit`` (negative), so each row's balance is its ledger balance.
        """
        today = today or self.clock.today()
        buckets = [b.value for b in Bucket]
        with self.sessions() as session:
            self._company(session, company_id)
            rows = session.execute(
                select(Customer.id, Customer.number, Customer.name, Invoice.kind,
                       Invoice.due_date, Invoice.total_ore - Invoice.settled_ore)
                .join(Customer, Customer.id == Invoice.customer_id)
                .where(Invoice.company_id == company_id, Invoice.number.is_not(None),
                       Invoice.total_ore != Invoice.settled_ore)
            ).all()  # fmt: skip
            unmatched = session.execute(
                select(Customer.id, Customer.number, Customer.name,
                       func.sum(Payment.amount_ore - Payment.allocated_ore))
                .join(Customer, Customer.id == Payment.customer_id)
                .where(Payment.company_id == company_id, Payment.state == "posted",
                       Payment.amount_ore != Payment.allocated_ore)
                .group_by(Customer.id, Customer.number, Customer.name)
            ).all()  # fmt: skip
        table: dict[int, dict[str, Any]] = {}

        def entry(cid: int, number: int, name: str) -> dict[str, Any]:
            return table.setdefault(
                cid,
                {"customer_number": number, "customer_name": name, **dict.fromkeys(buckets, 0),
                 "credit": 0, "overdue_ore": 0, "balance_ore": 0},
            )  # fmt: skip

        for cid, number, name, kind, due, open_ore in rows:
            e = entry(cid, number, name)
            if kind == InvoiceKind.CREDIT_NOTE.value:
                e["credit"] += open_ore
            else:
                bucket = bucket_of(due, today)
                e[bucket.value] += open_ore
                if bucket is not Bucket.NOT_DUE:
                    e["overdue_ore"] += open_ore
            e["balance_ore"] += open_ore
        for cid, number, name, unallocated in unmatched:
            e = entry(cid, number, name)
            e["credit"] -= int(unallocated or 0)
            e["balance_ore"] -= int(unallocated or 0)
        customers = sorted(table.values(), key=lambda x: (-x["overdue_ore"], x["customer_number"]))
        totals = {k: sum(c[k] for c in customers) for k in [*buckets, "credit", "overdue_ore",
                                                            "balance_ore"]}  # fmt: skip
        return {"date": today.isoformat(), "buckets": buckets, "customers": customers,
                "totals": totals}  # fmt: skip

    # -- reminders and inkassovarsel ----------------------------------------------------

    def remind(
        self,
        company_id: int,
        *,
        dry_run: bool = False,
        policy: FollowupPolicy | None = None,
        with_interest: bool = True,
        actor: str,
    ) -> dict[str, Any]:
        """The reminder run: a reminder for each overdue invoice the rules allow today."""
        return self._letter_run(
            company_id, LetterKind.REMINDER, dry_run=dry_run, policy=policy,
            with_interest=with_interest, combined=False, actor=actor,
        )  # fmt: skip

    def collect(
        self,
        company_id: int,
        *,
        dry_run: bool = False,
        policy: FollowupPolicy | None = None,
        combined: bool = False,
        with_interest: bool = True,
        actor: str,
    ) -> dict[str, Any]:
        """Send the inkassovarsel (inkassoloven § 9) where the rules allow it today.

        By default only to claims that had a reminder whose deadline was missed;
        ``combined`` also sends it to overdue claims with no reminder yet ("purring og
        inkassovarsel", one 1/20 fee at most).
        """
        return self._letter_run(
            company_id, LetterKind.NOTICE, dry_run=dry_run, policy=policy,
            with_interest=with_interest, combined=combined, actor=actor,
        )  # fmt: skip

    def _letter_run(
        self,
        company_id: int,
        kind: LetterKind,
        *,
        dry_run: bool,
        policy: FollowupPolicy | None,
        with_interest: bool,
        combined: bool,
        actor: str,
    ) -> dict[str, Any]:
        fetched: Any = None
        if self.fetch_payments is not None and not dry_run:
            fetched = self.fetch_payments(company_id)
        today = self.clock.today()
        now = self.clock.now()
        report: dict[str, Any] = {
            "kind": kind.value, "date": today.isoformat(), "dry_run": dry_run,
            "fetched": fetched, "letters": [], "skipped": [], "messages": [], "warnings": [],
        }  # fmt: skip
        warnings: set[str] = set()
        session = self.sessions()
        try:
            session.begin()
            company = self._company(session, company_id, lock=not dry_run)
            table = self._table(session)
            chosen = policy or policy_of(session.get(FollowupSettings, company_id))
            report["policy"] = policy_view(chosen)
            claims = self._claims(session, company_id, today)
            reductions = _reductions(session, [c.invoice.id for c in claims])
            sends: list[tuple[_Claim, Decision, InterestResult | None]] = []
            for c in claims:
                if kind is LetterKind.REMINDER:
                    decision = decide_reminder(c.state, today, chosen, table)
                else:
                    decision = decide_notice(
                        c.state, today, chosen, table, require_reminder=not combined
                    )
                if not decision.send:
                    report["skipped"].append(_skipped(c, decision))
                    continue
                interest = None
                if with_interest and not (c.row and c.row.is_interest_note):
                    try:
                        interest = _accrued(
                            c.invoice, reductions[c.invoice.id],
                            c.row.interest_to if c.row else None, today, table,
                        )  # fmt: skip
                    except MissingRate as exc:
                        # Interest on a letter is information; the letter still goes.
                        warnings.add(f"letters show no interest: {exc.message}")
                sends.append((c, decision, interest))
            report["warnings"] = sorted(warnings)
            report["inbox_waiting"] = session.execute(
                select(func.count())
                .select_from(Payment)
                .where(Payment.company_id == company_id, Payment.state == "inbox")
            ).scalar_one()
            if dry_run:
                report["letters"] = [_planned(c, d, i) for c, d, i in sends]
                session.rollback()
                return report
            docs = self._record_letters(session, company, kind, sends, today, now, actor)
            messages = self._compose_messages(session, company_id, docs, now)
            audit.record(
                session, at=now, actor=actor, action=f"followup.run.{kind.value}",
                object_type="company", object_id=company_id, company_id=company_id,
                after={"letters": len(docs), "skipped": len(report["skipped"]),
                       "date": today.isoformat()},
            )  # fmt: skip
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
        self.render_pending(company_id, [d.id for d, _ in docs])
        with self.sessions() as read:
            stored = {
                d.id: d
                for d in read.scalars(
                    select(FollowupDocument).where(FollowupDocument.id.in_([d.id for d, _ in docs]))
                )
            }
        for doc, letter in docs:
            row = stored[doc.id]
            report["letters"].append({
                **_letter_summary(letter), "document_id": row.id, "invoice_id": row.invoice_id,
                "filename": row.filename, "pdf_sha256": row.pdf_sha256,
                "message_id": row.message_id,
            })  # fmt: skip
        report["messages"] = messages
        return report

    def _record_letters(
        self,
        session: Session,
        company: Company,
        kind: LetterKind,
        sends: Sequence[tuple[_Claim, Decision, InterestResult | None]],
        today: dt.date,
        now: dt.datetime,
        actor: str,
    ) -> list[tuple[FollowupDocument, LetterDocument]]:
        seller = seller_of(company)
        out = []
        doc_kind = DocumentKind.NOTICE if kind is LetterKind.NOTICE else DocumentKind.REMINDER
        for c, decision, interest in sends:
            inv, cust = c.invoice, c.customer
            number, invoice_date, due = _issued(inv)
            fee, deadline = _planned_fee(decision)
            info = _interest_info(interest) if interest else None
            doc = FollowupDocument(
                company_id=company.id, customer_id=cust.id, invoice_id=inv.id,
                kind=doc_kind.value, level=decision.level, sent_on=today,
                deadline=deadline, principal_ore=c.state.open_ore,
                fee_ore=fee.fee_ore, interest_ore=info.ore if info else 0,
                interest_to=today if info else None, language=cust.language, content="{}",
                filename=_filename(doc_kind.value, number, today, cust.language),
                created_at=now, actor=actor,
            )  # fmt: skip
            session.add(doc)
            session.flush()
            fees = [FeeLine(DocumentKind(d.kind), d.sent_on, d.fee_ore)
                    for d in c.letters if d.fee_ore > 0]  # fmt: skip
            if fee.fee_ore:
                fees.append(FeeLine(doc_kind, today, fee.fee_ore))
            letter = LetterDocument(
                kind=doc_kind, reference=doc.id, sent_on=today, deadline=deadline,
                seller=seller, buyer=buyer_of(cust), invoice_number=number,
                invoice_date=invoice_date, due_date=due,
                invoice_total_ore=inv.total_ore, settled_ore=inv.settled_ore,
                principal_ore=c.state.open_ore, kid=inv.kid, level=decision.level,
                combined=doc_kind is DocumentKind.NOTICE
                and not any(d.kind == "reminder" for d in c.letters),
                fees=tuple(fees), interest=info, language=cust.language,
            )  # fmt: skip
            doc.content = json.dumps(to_dict(letter), ensure_ascii=False, sort_keys=True)
            audit.record(
                session, at=now, actor=actor, action=f"followup.{doc_kind.value}",
                object_type="invoice", object_id=inv.id, company_id=company.id,
                after={"document_id": doc.id, "level": decision.level,
                       "fee_ore": fee.fee_ore, "fee_reason": fee.reason,
                       "deadline": deadline.isoformat(),
                       "principal_ore": c.state.open_ore,
                       "interest_ore": info.ore if info else 0},
            )  # fmt: skip
            out.append((doc, letter))
        return out

    def _compose_messages(
        self,
        session: Session,
        company_id: int,
        docs: Sequence[tuple[FollowupDocument, LetterDocument]],
        now: dt.datetime,
    ) -> list[dict[str, Any]]:
        """One e-mail per customer carrying each of its letters."""
        by_customer: dict[int, list[tuple[FollowupDocument, LetterDocument]]] = {}
        for doc, letter in docs:
            by_customer.setdefault(doc.customer_id, []).append((doc, letter))
        out = []
        for customer_id, items in by_customer.items():
            email = letters_email([(letter, b"", doc.filename) for doc, letter in items])
            msg = FollowupMessage(
                company_id=company_id, customer_id=customer_id, to_address=email.to,
                subject=email.subject, body_text=email.text, body_html=email.html,
                status="pending" if email.to else "print", created_at=now,
            )  # fmt: skip
            session.add(msg)
            session.flush()
            for doc, _ in items:
                doc.message_id = msg.id
            out.append(message_view(msg, [doc.id for doc, _ in items]))
        return out

    # -- documents ----------------------------------------------------------------------

    def render_pending(self, company_id: int, document_ids: Sequence[int] | None = None) -> int:
        """Make and store the PDFs of recorded documents that have none yet."""
        with self.sessions() as session:
            query = select(FollowupDocument.id, FollowupDocument.kind, FollowupDocument.content
                           ).where(FollowupDocument.company_id == company_id,
                                   FollowupDocument.pdf_sha256.is_(None))  # fmt: skip
            if document_ids is not None:
                query = query.where(FollowupDocument.id.in_(list(document_ids)))
            pending = session.execute(query).all()
        made: dict[int, tuple[str, int]] = {}
        for doc_id, kind, content in pending:
            pdf = _render(kind, content)
            stored = self.store.put_bytes(pdf)
            made[doc_id] = (stored.sha256, stored.size)
        if made:
            with self.sessions.begin() as session:
                for doc_id, (sha, size) in made.items():
                    row = session.get_one(FollowupDocument, doc_id)
                    row.pdf_sha256 = sha
                    row.pdf_size = size
        return len(made)

    def document_pdf(self, company_id: int, document_id: int) -> tuple[bytes, str]:
        """A recorded document's PDF as it was sent (made again if the file is gone:
        the same facts give the same bytes, which the recorded SHA-256 confirms)."""
        with self.sessions() as session:
            doc = session.get(FollowupDocument, document_id)
            if doc is None or doc.company_id != company_id:
                raise NotFound(f"no document with id {document_id}")
            sha, kind, content, name = doc.pdf_sha256, doc.kind, doc.content, doc.filename
        if sha is not None:
            path = self.store.path_for(sha)
            if path.exists():
                return path.read_bytes(), name
        pdf = _render(kind, content)
        if sha is not None:
            import hashlib

            if hashlib.sha256(pdf).hexdigest() != sha:
                raise StateError(
                    f"document {document_id}: its PDF is missing from the file store and"
                    " the version made again differs"
                )
            self.store.put_bytes(pdf)
        else:
            self.render_pending(company_id, [document_id])
        return pdf, name

    def invoice_pdf(
        self,
        company_id: int,
        invoice_id: int,
        *,
        queue_email: bool = False,
        actor: str,
    ) -> dict[str, Any]:
        """The PDF of an issued invoice or credit note, recorded on the invoice's history
        (once per distinct PDF), with the e-mail that carries it."""
        now = self.clock.now()
        with self.sessions.begin() as session:
            company = self._company(session, company_id)
            invoice = self._invoice(session, company_id, invoice_id)
            customer = session.get_one(Customer, invoice.customer_id)
            doc = printed_invoice(session, company, invoice, customer)
            pdf = render_invoice(doc)
            stored = self.store.put_bytes(pdf)
            filename = _filename(invoice.kind, invoice.number, now.date(), customer.language)
            email = invoice_email(doc, pdf, filename)
            row = (
                session.execute(
                    select(FollowupDocument).where(
                        FollowupDocument.invoice_id == invoice.id,
                        FollowupDocument.kind == invoice.kind,
                        FollowupDocument.pdf_sha256 == stored.sha256,
                    )
                )
                .scalars()
                .first()
            )
            if row is None:
                row = FollowupDocument(
                    company_id=company_id, customer_id=customer.id, invoice_id=invoice.id,
                    kind=invoice.kind, level=0, sent_on=self.clock.today(),
                    principal_ore=max(invoice.total_ore, 0), language=customer.language,
                    content=json.dumps(to_dict(doc), ensure_ascii=False, sort_keys=True),
                    filename=filename, pdf_sha256=stored.sha256, pdf_size=stored.size,
                    created_at=now, actor=actor,
                )  # fmt: skip
                session.add(row)
                session.flush()
                audit.record(
                    session, at=now, actor=actor, action="invoice.pdf", object_type="invoice",
                    object_id=invoice.id, company_id=company_id,
                    after={"document_id": row.id, "sha256": stored.sha256, "size": stored.size},
                )  # fmt: skip
            message = None
            if queue_email:
                msg = FollowupMessage(
                    company_id=company_id, customer_id=customer.id, to_address=email.to,
                    subject=email.subject, body_text=email.text, body_html=email.html,
                    status="pending" if email.to else "print", created_at=now,
                )  # fmt: skip
                session.add(msg)
                session.flush()
                if row.message_id is None:
                    row.message_id = msg.id
                message = message_view(msg, [row.id])
            return {
                "document_id": row.id, "filename": filename, "pdf": pdf,
                "sha256": stored.sha256, "email": email, "message": message,
            }  # fmt: skip

    def documents(self, company_id: int, *, invoice_id: int | None = None,
                  limit: int = 200) -> list[dict[str, Any]]:  # fmt: skip
        with self.sessions() as session:
            query = select(FollowupDocument).where(FollowupDocument.company_id == company_id)
            if invoice_id is not None:
                query = query.where(
                    (FollowupDocument.invoice_id == invoice_id)
                    | (FollowupDocument.note_invoice_id == invoice_id)
                )
            query = query.order_by(FollowupDocument.id.desc()).limit(limit)
            return [document_view(d) for d in session.scalars(query)]

    def history(self, company_id: int, invoice_id: int) -> dict[str, Any]:
        """An invoice's follow-up history: its documents and its audit entries."""
        with self.sessions() as session:
            invoice = self._invoice(session, company_id, invoice_id)
            claim = session.get(FollowupClaim, invoice.id)
            entries = session.scalars(
                select(AuditEntry)
                .where(AuditEntry.object_type == "invoice", AuditEntry.object_id == invoice_id)
                .order_by(AuditEntry.id)
            ).all()
            events = [
                {"at": e.at.isoformat(), "actor": e.actor, "action": e.action,
                 "after": json.loads(e.after) if e.after else None}
                for e in entries
            ]  # fmt: skip
            state = {
                "disputed": bool(claim and claim.disputed),
                "dispute_reason": claim.dispute_reason if claim else None,
                "handed_over_on": _iso(claim.handed_over_on) if claim else None,
                "interest_to": _iso(claim.interest_to) if claim else None,
            }
        return {
            "invoice_id": invoice_id, "number": invoice.number, **state,
            "documents": self.documents(company_id, invoice_id=invoice_id),
            "events": events,
        }  # fmt: skip

    def messages(self, company_id: int, *, status: str | None = None) -> list[dict[str, Any]]:
        with self.sessions() as session:
            query = select(FollowupMessage).where(FollowupMessage.company_id == company_id)
            if status is not None:
                query = query.where(FollowupMessage.status == status)
            rows = session.scalars(query.order_by(FollowupMessage.id)).all()
            docs: dict[int, list[int]] = {}
            for doc_id, msg_id in session.execute(
                select(FollowupDocument.id, FollowupDocument.message_id).where(
                    FollowupDocument.company_id == company_id,
                    FollowupDocument.message_id.is_not(None),
                )
            ):
                docs.setdefault(msg_id, []).append(doc_id)
            return [message_view(m, docs.get(m.id, [])) for m in rows]

    def email(self, company_id: int, message_id: int) -> Email:
        """A recorded e-mail with its attachments, ready for the mailer."""
        with self.sessions() as session:
            msg = session.get(FollowupMessage, message_id)
            if msg is None or msg.company_id != company_id:
                raise NotFound(f"no message with id {message_id}")
            doc_ids = list(session.scalars(
                select(FollowupDocument.id).where(FollowupDocument.message_id == message_id)
                .order_by(FollowupDocument.id)
            ))  # fmt: skip
            value = Email(msg.to_address, msg.subject, msg.body_text, msg.body_html)
        attachments = []
        for doc_id in doc_ids:
            pdf, name = self.document_pdf(company_id, doc_id)
            attachments.append(Attachment(name, pdf))
        return Email(value.to, value.subject, value.text, value.html, tuple(attachments))

    def mark_message(
        self, company_id: int, message_id: int, *, status: str, error: str | None = None
    ) -> dict[str, Any]:
        """For the mailer: record that an e-mail was sent (or failed)."""
        if status not in {"sent", "failed", "pending", "print"}:
            raise ValidationError("status must be sent, failed, pending or print")
        with self.sessions.begin() as session:
            msg = session.get(FollowupMessage, message_id)
            if msg is None or msg.company_id != company_id:
                raise NotFound(f"no message with id {message_id}")
            msg.status = status
            msg.error = error
            msg.sent_at = self.clock.now() if status == "sent" else None
            return message_view(msg)

    # -- interest -----------------------------------------------------------------------

    def interest(
        self,
        company_id: int,
        *,
        until: dt.date | None = None,
        invoice: bool = False,
        min_ore: int = 100,
        actor: str,
    ) -> dict[str, Any]:
        """Late-payment interest not yet invoiced, per invoice and customer; with
        ``invoice``, issue one interest note (an invoice, VAT-free) per customer whose
        interest reaches ``min_ore``, and record how far interest is invoiced."""
        until = until or self.clock.today()
        if until > self.clock.today():
            raise ValidationError("interest is computed up to today at the latest")
        now = self.clock.now()
        with self.sessions.begin() as session:
            company = self._company(session, company_id, lock=invoice)
            table = self._table(session)
            rows = self._interest_candidates(session, company_id, until)
            reductions = _reductions(session, [inv.id for inv, _, _ in rows])
            items = []
            for inv, cust, claim in rows:
                result = _accrued(inv, reductions[inv.id],
                                  claim.interest_to if claim else None, until, table)  # fmt: skip
                if result.ore <= 0:
                    continue
                items.append((inv, cust, claim, result))
            by_customer: dict[int, list[tuple[Invoice, Customer, FollowupClaim | None,
                                              InterestResult]]] = {}  # fmt: skip
            for item in items:
                by_customer.setdefault(item[1].id, []).append(item)
            report_customers = []
            notes: list[int] = []
            for group in by_customer.values():
                cust = group[0][1]
                total = sum(r.ore for _, _, _, r in group)
                blocked = [i for i, _, c, _ in group if c and (c.disputed or c.handoff_id)]
                entry: dict[str, Any] = {
                    "customer_number": cust.number, "customer_name": cust.name,
                    "interest_ore": total, "note_invoice_id": None,
                    "invoices": [_interest_view(i, r, c) for i, _, c, r in group],
                }  # fmt: skip
                if invoice and total >= min_ore and not blocked:
                    note_id = self._issue_interest_note(
                        session, company, cust, group, until, now, actor
                    )
                    entry["note_invoice_id"] = note_id
                    notes.append(note_id)
                elif invoice and blocked:
                    entry["not_invoiced"] = "disputed or handed over: settle that first"
                elif invoice:
                    entry["not_invoiced"] = f"below the minimum of {min_ore} øre"
                report_customers.append(entry)
        report: dict[str, Any] = {
            "until": until.isoformat(), "customers": report_customers,
            "interest_ore": sum(c["interest_ore"] for c in report_customers),
            "notes": [],
        }  # fmt: skip
        for note_id in notes:
            rendered = self.invoice_pdf(company_id, note_id, queue_email=True, actor=actor)
            report["notes"].append({
                "invoice_id": note_id, "document_id": rendered["document_id"],
                "filename": rendered["filename"], "message": rendered["message"],
            })  # fmt: skip
        return report

    def _interest_candidates(
        self, session: Session, company_id: int, until: dt.date
    ) -> list[tuple[Invoice, Customer, FollowupClaim | None]]:
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

    def _issue_interest_note(
        self,
        session: Session,
        company: Company,
        customer: Customer,
        group: Sequence[tuple[Invoice, Customer, FollowupClaim | None, InterestResult]],
        until: dt.date,
        now: dt.datetime,
        actor: str,
    ) -> int:
        """Issue the interest note as an invoice in this transaction and mark the claims."""
        t = Texts(customer.language)
        lines = []
        for inv, _, _, result in group:
            for seg in result.segments:
                if seg.ore <= 0:
                    continue
                text = t.fmt("interest_line", number=inv.number, first=t.date(seg.first_day),
                             last=t.date(seg.last_day), rate=t.rate(seg.rate_bp))  # fmt: skip
                lines.append(LineDraft(text, 1000, seg.ore, VatCode.EXEMPT))
        note = Invoice(
            company_id=company.id, customer_id=customer.id, kind=InvoiceKind.INVOICE.value,
            status=InvoiceStatus.DRAFT.value, created_at=now,
            our_reference=t["interest_title"],
        )  # fmt: skip
        session.add(note)
        session.flush()
        # One transaction for the note and the claims it charges: Books' own helpers.
        self.books._add_lines(session, note, company, lines)  # noqa: SLF001
        session.flush()
        self.books._issue(session, company, customer, note, until, now)  # noqa: SLF001
        session.add(FollowupClaim(invoice_id=note.id, company_id=company.id,
                                  is_interest_note=True, disputed=False))  # fmt: skip
        for inv, _, claim, result in group:
            row = claim or self._claim_row(session, inv)
            row.interest_to = until
            doc_content = {
                "invoice_number": inv.number,
                "parts": [
                    {"first_day": s.first_day.isoformat(), "last_day": s.last_day.isoformat(),
                     "principal_ore": s.principal_ore, "rate_bp": s.rate_bp, "ore": s.ore}
                    for s in result.segments
                ],
            }  # fmt: skip
            doc = FollowupDocument(
                company_id=company.id, customer_id=customer.id, invoice_id=inv.id,
                kind="interest_note", level=0, sent_on=until, interest_ore=result.ore,
                interest_to=until, note_invoice_id=note.id, language=customer.language,
                content=json.dumps(doc_content, sort_keys=True),
                filename=_filename("invoice", note.number, until, customer.language),
                created_at=now, actor=actor,
            )  # fmt: skip
            session.add(doc)
            session.flush()
            audit.record(
                session, at=now, actor=actor, action="followup.interest_note",
                object_type="invoice", object_id=inv.id, company_id=company.id,
                after={"note_invoice_id": note.id, "note_number": note.number,
                       "interest_ore": result.ore, "interest_to": until.isoformat()},
            )  # fmt: skip
        audit.record(
            session, at=now, actor=actor, action="invoice.issue", object_type="invoice",
            object_id=note.id, company_id=company.id,
            after={"number": note.number, "total_ore": note.total_ore, "interest_note": True},
        )  # fmt: skip
        return note.id

    # -- hand-off -----------------------------------------------------------------------

    def handoff(
        self,
        company_id: int,
        *,
        dry_run: bool = False,
        invoice_ids: Sequence[int] = (),
        policy: FollowupPolicy | None = None,
        actor: str,
    ) -> dict[str, Any]:
        """Export the claims that go to debt collection (CSV and JSON) and mark them.

        A claim goes when its inkassovarsel's deadline was missed; ``invoice_ids`` adds
        overdue claims without an inkassovarsel (the agency then sends its own).
        """
        today = self.clock.today()
        now = self.clock.now()
        forced = set(invoice_ids)
        with self.sessions.begin() as session:
            company = self._company(session, company_id, lock=not dry_run)
            table = self._table(session)
            chosen = policy or policy_of(session.get(FollowupSettings, company_id))
            claims = self._claims(session, company_id, today)
            known = {c.invoice.id for c in claims}
            missing = forced - known
            if missing:
                raise ValidationError(
                    "not an overdue open invoice of this company: "
                    + ", ".join(str(i) for i in sorted(missing))
                )
            reductions = _reductions(session, [c.invoice.id for c in claims])
            chosen_claims, skipped = [], []
            for c in claims:
                decision = decide_handoff(c.state, today, chosen)
                allowed = decision.send or (
                    c.invoice.id in forced and decision.skip is rules.Skip.NO_NOTICE
                )
                if allowed:
                    chosen_claims.append(c)
                elif c.invoice.id in forced or decision.skip not in (
                    rules.Skip.NO_NOTICE,
                    rules.Skip.HANDED_OVER,
                ):
                    skipped.append(_skipped(c, decision))
            rows = [self._handoff_row(c, reductions[c.invoice.id], today, table)
                    for c in chosen_claims]  # fmt: skip
            report: dict[str, Any] = {
                "date": today.isoformat(), "dry_run": dry_run, "claims": rows,
                "skipped": skipped, "handoff_id": None,
            }  # fmt: skip
            if dry_run or not rows:  # nothing was written: leaving commits nothing
                report["csv"] = handoff_csv(rows)
                report["json"] = handoff_json(company, rows, None, today)
                return report
            handoff = FollowupHandoff(
                company_id=company_id, handed_over_on=today, claims=len(rows),
                principal_ore=sum(r["principal_ore"] for r in rows),
                fees_ore=sum(r["fees_ore"] for r in rows),
                interest_ore=sum(r["interest_ore"] for r in rows),
                created_at=now, actor=actor,
            )  # fmt: skip
            session.add(handoff)
            session.flush()
            for r in rows:
                r["handoff_id"] = handoff.id
            csv_text = handoff_csv(rows)
            json_doc = handoff_json(company, rows, handoff.id, today)
            handoff.csv_sha256 = self.store.put_bytes(csv_text.encode("utf-8")).sha256
            handoff.json_sha256 = self.store.put_bytes(
                json.dumps(json_doc, ensure_ascii=False, indent=2).encode("utf-8")
            ).sha256
            for c in chosen_claims:
                row = c.row or self._claim_row(session, c.invoice)
                row.handoff_id = handoff.id
                row.handed_over_on = today
                audit.record(
                    session, at=now, actor=actor, action="followup.handoff",
                    object_type="invoice", object_id=c.invoice.id, company_id=company_id,
                    after={"handoff_id": handoff.id, "principal_ore": c.state.open_ore},
                )  # fmt: skip
            report.update(handoff_id=handoff.id, csv=csv_text, json=json_doc)
            return report

    def _handoff_row(
        self, c: _Claim, reductions: Sequence[tuple[dt.date, int]], today: dt.date,
        table: RateTable,
    ) -> dict[str, Any]:  # fmt: skip
        inv, cust = c.invoice, c.customer
        interest = _accrued(inv, reductions, c.row.interest_to if c.row else None, today, table)
        reminders = [d for d in c.letters if d.kind == "reminder"]
        notices = [d for d in c.letters if d.kind == "inkassovarsel"]
        return {
            "handoff_id": None,
            "customer_number": cust.number, "customer_name": cust.name,
            "customer_org_number": cust.org_number, "customer_address": cust.address,
            "customer_email": cust.email,
            "invoice_id": inv.id, "invoice_number": inv.number, "kid": inv.kid,
            "invoice_date": _iso(inv.invoice_date), "due_date": _iso(inv.due_date),
            "invoice_total_ore": inv.total_ore, "principal_ore": c.state.open_ore,
            "fees_ore": sum(d.fee_ore for d in c.letters),
            "interest_ore": interest.ore,
            "interest_from": _iso(interest.first_day), "interest_to": _iso(interest.last_day),
            "interest_rates": [s.rate_bp for s in interest.segments],
            "reminder_dates": [d.sent_on.isoformat() for d in reminders],
            "notice_date": notices[-1].sent_on.isoformat() if notices else None,
            "notice_deadline": _iso(notices[-1].deadline) if notices else None,
            "currency": "NOK",
        }  # fmt: skip

    # -- helpers ------------------------------------------------------------------------

    def _claims(self, session: Session, company_id: int, today: dt.date) -> list[_Claim]:
        """Every overdue open invoice of the company with its follow-up state."""
        open_overdue = (
            Invoice.company_id == company_id,
            Invoice.kind == InvoiceKind.INVOICE.value,
            Invoice.number.is_not(None),
            Invoice.total_ore != Invoice.settled_ore,
            Invoice.due_date < today,
        )
        rows = session.execute(
            select(Invoice, Customer, FollowupClaim)
            .join(Customer, Customer.id == Invoice.customer_id)
            .outerjoin(FollowupClaim, FollowupClaim.invoice_id == Invoice.id)
            .where(*open_overdue)
            .order_by(Invoice.due_date, Invoice.number)
        ).all()
        letters: dict[int, list[FollowupDocument]] = {}
        for doc in session.scalars(
            select(FollowupDocument)
            .join(Invoice, Invoice.id == FollowupDocument.invoice_id)
            .where(*open_overdue, FollowupDocument.kind.in_(LETTER_KINDS))
            .order_by(FollowupDocument.sent_on, FollowupDocument.id)
        ):
            letters.setdefault(doc.invoice_id, []).append(doc)
        holds_by_invoice: dict[int, str] = {}
        holds_by_customer: dict[int, str] = {}
        for hold in session.scalars(
            select(FollowupHold).where(
                FollowupHold.company_id == company_id,
                FollowupHold.released_at.is_(None),
                (FollowupHold.until.is_(None)) | (FollowupHold.until >= today),
            )
        ):
            text = hold.reason + (f" (until {hold.until:%d.%m.%Y})" if hold.until else "")
            if hold.invoice_id is not None:
                holds_by_invoice[hold.invoice_id] = text
            elif hold.customer_id is not None:
                holds_by_customer[hold.customer_id] = f"customer: {text}"
        credit = self._customer_credit(session, company_id)
        out = []
        for invoice, customer, row in rows:
            docs = letters.get(invoice.id, [])
            state = ClaimState(
                due=_due(invoice),
                open_ore=open_of(invoice),
                letters=tuple(
                    SentLetter(LetterKind(d.kind), d.sent_on, d.deadline or d.sent_on, d.fee_ore)
                    for d in docs
                ),
                disputed=bool(row and row.disputed),
                hold=holds_by_invoice.get(invoice.id) or holds_by_customer.get(customer.id),
                handed_over=bool(row and row.handoff_id),
                customer_credit_ore=credit.get(customer.id, 0),
            )
            out.append(_Claim(invoice, customer, state, row, docs))
        return out

    def _customer_credit(self, session: Session, company_id: int) -> dict[int, int]:
        """Money per customer not matched to invoices: open credit notes and payments."""
        credit: dict[int, int] = {}
        for customer_id, amount in session.execute(
            select(Invoice.customer_id, func.sum(Invoice.settled_ore - Invoice.total_ore))
            .where(Invoice.company_id == company_id,
                   Invoice.kind == InvoiceKind.CREDIT_NOTE.value,
                   Invoice.number.is_not(None), Invoice.total_ore != Invoice.settled_ore)
            .group_by(Invoice.customer_id)
        ):  # fmt: skip
            credit[customer_id] = credit.get(customer_id, 0) + int(amount or 0)
        for customer_id, amount in session.execute(
            select(Payment.customer_id, func.sum(Payment.amount_ore - Payment.allocated_ore))
            .where(Payment.company_id == company_id, Payment.state == "posted",
                   Payment.customer_id.is_not(None),
                   # != first: the form of the index on open payments (ix_payment_open)
                   Payment.amount_ore != Payment.allocated_ore,
                   Payment.amount_ore > Payment.allocated_ore)
            .group_by(Payment.customer_id)
        ):  # fmt: skip
            credit[customer_id] = credit.get(customer_id, 0) + int(amount or 0)
        return {k: v for k, v in credit.items() if v > 0}

    def _claim_row(self, session: Session, invoice: Invoice) -> FollowupClaim:
        row = session.get(FollowupClaim, invoice.id)
        if row is None:
            row = FollowupClaim(invoice_id=invoice.id, company_id=invoice.company_id,
                                disputed=False, is_interest_note=False)  # fmt: skip
            session.add(row)
            session.flush()
        return row

    def _company(self, session: Session, company_id: int, *, lock: bool = False) -> Company:
        query = select(Company).where(Company.id == company_id)
        if lock:
            # Two runs for one company wait for each other (PostgreSQL; SQLite's writer
            # lock already serialises them).
            query = query.with_for_update()
        company = session.execute(query).scalar_one_or_none()
        if company is None:
            raise NotFound(f"no company with id {company_id}")
        return company

    def _customer(self, session: Session, company_id: int, number: int) -> Customer:
        return customer_by_number(session, company_id, number)

    def _invoice(self, session: Session, company_id: int, invoice_id: int) -> Invoice:
        invoice = session.get(Invoice, invoice_id)
        if invoice is None or invoice.company_id != company_id:
            raise NotFound(f"no invoice with id {invoice_id}")
        if invoice.number is None:
            raise StateError(f"invoice {invoice_id} is a draft")
        return invoice


# -- views and exports ------------------------------------------------------------------


def _render(kind: str, content: str) -> bytes:
    data = json.loads(content)
    if kind in LETTER_KINDS:
        return render_letter(letter_from_dict(data))
    if kind in ("invoice", "credit_note"):
        return render_invoice(invoice_from_dict(data))
    raise StateError(f"a {kind} document has no PDF of its own (see its invoice)")


def _rate_view(row: FollowupRate) -> dict[str, Any]:
    return {
        "id": row.id, "kind": row.kind, "valid_from": row.valid_from.isoformat(),
        "amount_ore": row.amount_ore, "fee_rounding": row.fee_rounding, "rate_bp": row.rate_bp,
        "policy_rate_bp": row.policy_rate_bp, "regime": row.regime, "source": row.source,
        "verify": row.verify,
    }  # fmt: skip


def _hold_view(hold: FollowupHold) -> dict[str, Any]:
    return {
        "id": hold.id, "customer_id": hold.customer_id, "invoice_id": hold.invoice_id,
        "reason": hold.reason, "until": _iso(hold.until), "actor": hold.actor,
        "created_at": hold.created_at.isoformat(),
        "released_at": hold.released_at.isoformat() if hold.released_at else None,
    }  # fmt: skip


def _skipped(c: _Claim, decision: Decision) -> dict[str, Any]:
    return {
        "invoice_id": c.invoice.id, "number": c.invoice.number,
        "customer_number": c.customer.number, "customer_name": c.customer.name,
        "open_ore": c.state.open_ore, "reason": decision.reason,
        "code": decision.skip.value if decision.skip else None,
    }  # fmt: skip


def _planned_fee(d: Decision) -> tuple[FeeDecision, dt.date]:
    if d.fee is None or d.deadline is None:
        raise StateError("a letter is planned without fee decision or deadline")
    return d.fee, d.deadline


def _planned(c: _Claim, d: Decision, interest: InterestResult | None) -> dict[str, Any]:
    fee, deadline = _planned_fee(d)
    fees = sum(x.fee_ore for x in c.letters) + fee.fee_ore
    return {
        "invoice_id": c.invoice.id, "invoice_number": c.invoice.number,
        "customer_number": c.customer.number, "customer_name": c.customer.name,
        "level": d.level, "fee_ore": fee.fee_ore, "fee_reason": fee.reason,
        "deadline": deadline.isoformat(), "principal_ore": c.state.open_ore,
        "interest_ore": interest.ore if interest else 0,
        "amount_due_ore": c.state.open_ore + fees,
        "delivery": "email" if c.customer.email else "print",
    }  # fmt: skip


def _letter_summary(letter: LetterDocument) -> dict[str, Any]:
    return {
        "invoice_number": letter.invoice_number, "customer_number": letter.buyer.number,
        "customer_name": letter.buyer.name, "kind": letter.kind.value, "level": letter.level,
        "combined": letter.combined, "fee_ore": letter.fee_ore,
        "deadline": letter.deadline.isoformat(), "principal_ore": letter.principal_ore,
        "interest_ore": letter.interest.ore if letter.interest else 0,
        "amount_due_ore": letter.amount_due_ore,
        "delivery": "email" if letter.buyer.email else "print",
    }  # fmt: skip


def _interest_view(
    inv: Invoice, result: InterestResult, claim: FollowupClaim | None
) -> dict[str, Any]:
    return {
        "invoice_id": inv.id, "number": inv.number, "due_date": _iso(inv.due_date),
        "open_ore": open_of(inv), "interest_ore": result.ore,
        "from": _iso(result.first_day), "to": _iso(result.last_day),
        "disputed": bool(claim and claim.disputed),
        "handed_over": bool(claim and claim.handoff_id),
        "parts": [
            {"first_day": s.first_day.isoformat(), "last_day": s.last_day.isoformat(),
             "days": s.days, "principal_ore": s.principal_ore, "rate_bp": s.rate_bp,
             "ore": s.ore}
            for s in result.segments
        ],
    }  # fmt: skip


HANDOFF_COLUMNS = (
    "handoff_id", "customer_number", "customer_name", "customer_org_number",
    "customer_address", "customer_email", "invoice_number", "kid", "invoice_date", "due_date",
    "invoice_total", "principal", "fees", "interest", "interest_from", "interest_to",
    "reminder_dates", "notice_date", "notice_deadline", "currency",
)  # fmt: skip


def _nok(ore: int) -> str:
    return str(decimal_from_ore(ore)).replace(".", ",")


def handoff_csv(rows: Sequence[dict[str, Any]]) -> str:
    """The hand-off as CSV the Norwegian way: ``;`` between fields, ``,`` in amounts,
    ISO dates, UTF-8; one row per claim."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HANDOFF_COLUMNS)
    for r in rows:
        writer.writerow([
            r["handoff_id"] or "", r["customer_number"], r["customer_name"],
            r["customer_org_number"] or "", (r["customer_address"] or "").replace("\n", ", "),
            r["customer_email"] or "", r["invoice_number"], r["kid"] or "", r["invoice_date"],
            r["due_date"], _nok(r["invoice_total_ore"]), _nok(r["principal_ore"]),
            _nok(r["fees_ore"]), _nok(r["interest_ore"]), r["interest_from"] or "",
            r["interest_to"] or "", " ".join(r["reminder_dates"]), r["notice_date"] or "",
            r["notice_deadline"] or "", r["currency"],
        ])  # fmt: skip
    return out.getvalue()


def handoff_json(
    company: Company, rows: Sequence[dict[str, Any]], handoff_id: int | None, day: dt.date
) -> dict[str, Any]:
    """The hand-off as JSON: amounts in øre, dates ISO."""
    return {
        "handoff_id": handoff_id,
        "date": day.isoformat(),
        "creditor": {
            "name": company.name,
            "org_number": company.org_number,
            "account": company.account,
            "address": company.address,
        },
        "claims": list(rows),
        "totals": {
            "claims": len(rows),
            "principal_ore": sum(r["principal_ore"] for r in rows),
            "fees_ore": sum(r["fees_ore"] for r in rows),
            "interest_ore": sum(r["interest_ore"] for r in rows),
        },
    }


__all__ = [
    "FollowUp",
    "buyer_of",
    "handoff_csv",
    "handoff_json",
    "invoice_document",
    "seller_of",
    "shipped_rates",
]
