"""Reminders and inkassovarsel as recorded: one document per letter (with the facts its
PDF is made from), one e-mail per customer carrying its letters, and the letters as a
run's result shows them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from reskontro.domain.followup import LetterKind
from reskontro.domain.followup_codes import FollowupError
from reskontro.domain.settlement import ChargeKind
from reskontro.errors import StateError
from reskontro.formats.pdf import DocumentKind, FeeLine, InterestInfo, InterestPart, LetterDocument
from reskontro.formats.pdf.message import letters_email
from reskontro.formats.pdf.model import to_dict
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.followup.base import RunStage
from reskontro.services.followup.claims import issued
from reskontro.services.followup.documents import buyer_of, filename, seller_of
from reskontro.services.followup.emails import MessageView, new_message
from reskontro.services.payments.charges import add_charge, locked_charges
from reskontro.storage.models_followup import FollowupDocument

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from reskontro.domain.followup import Decision, FeeDecision
    from reskontro.domain.interest import InterestResult
    from reskontro.services.followup.base import Progress
    from reskontro.services.followup.claims import Claim
    from reskontro.storage.models import Company, Invoice

    #: A letter to send: the claim, the decision to send it, the interest it shows.
    Send = tuple[Claim, Decision, InterestResult | None]

Delivery = Literal["email", "print"]


@dataclass(frozen=True, slots=True)
class PlannedLetter:
    """A letter a dry run would send."""

    invoice_id: int
    invoice_number: int | None
    customer_number: int
    customer_name: str
    level: int
    fee_ore: int
    #: Why this fee (or none): a :class:`~reskontro.domain.followup_codes.Why` code.
    fee_reason: Message
    deadline: dt.date
    principal_ore: int
    interest_ore: int
    amount_due_ore: int
    delivery: Delivery


@dataclass(frozen=True, slots=True)
class LetterSent:
    """A letter a run recorded, with its PDF and the e-mail that carries it."""

    invoice_number: int
    customer_number: int | None
    customer_name: str
    kind: DocumentKind
    level: int
    #: An inkassovarsel with no reminder before it ("purring og inkassovarsel").
    combined: bool
    fee_ore: int
    deadline: dt.date
    principal_ore: int
    interest_ore: int
    amount_due_ore: int
    delivery: Delivery
    document_id: int
    invoice_id: int
    filename: str
    pdf_sha256: str | None
    message_id: int | None


def planned_fee(d: Decision) -> tuple[FeeDecision, dt.date]:
    if d.fee is None or d.deadline is None:
        raise StateError(Message.of(FollowupError.LETTER_WITHOUT_FEE))
    return d.fee, d.deadline


#: The charge a letter's fee is on its invoice.
FEE_CHARGE = {
    DocumentKind.REMINDER: ChargeKind.REMINDER_FEE,
    DocumentKind.NOTICE: ChargeKind.INKASSOVARSEL_FEE,
    DocumentKind.DEMAND: ChargeKind.BETALINGSOPPFORDRING_FEE,
}
_DOCUMENT_OF = {
    LetterKind.REMINDER: DocumentKind.REMINDER,
    LetterKind.NOTICE: DocumentKind.NOTICE,
    LetterKind.DEMAND: DocumentKind.DEMAND,
}
_FEE_DOCUMENT = {v: k for k, v in FEE_CHARGE.items()}


def open_fees_of(c: Claim) -> int:
    """The fees (and interest) charged on the claim so far that are still open (not
    paid, not waived)."""
    inv = c.invoice
    return (inv.charges_ore or 0) - (inv.charges_settled_ore or 0)


def planned(c: Claim, d: Decision, interest: InterestResult | None) -> PlannedLetter:
    fee, deadline = planned_fee(d)
    fees = open_fees_of(c) + fee.fee_ore
    return PlannedLetter(
        invoice_id=c.invoice.id, invoice_number=c.invoice.number,
        customer_number=c.customer.number, customer_name=c.customer.name, level=d.level,
        fee_ore=fee.fee_ore, fee_reason=fee.why, deadline=deadline,
        principal_ore=c.state.open_ore, interest_ore=interest.ore if interest else 0,
        amount_due_ore=c.state.open_ore + fees,
        delivery="email" if c.customer.email else "print",
    )  # fmt: skip


def sent(letter: LetterDocument, doc: FollowupDocument) -> LetterSent:
    """The letter as a run reports it (``doc`` read again after its PDF was made)."""
    return LetterSent(
        invoice_number=letter.invoice_number, customer_number=letter.buyer.number,
        customer_name=letter.buyer.name, kind=letter.kind, level=letter.level,
        combined=letter.combined, fee_ore=letter.fee_ore, deadline=letter.deadline,
        principal_ore=letter.principal_ore,
        interest_ore=letter.interest.ore if letter.interest else 0,
        amount_due_ore=letter.amount_due_ore,
        delivery="email" if letter.buyer.email else "print", document_id=doc.id,
        invoice_id=doc.invoice_id, filename=doc.filename, pdf_sha256=doc.pdf_sha256,
        message_id=doc.message_id,
    )  # fmt: skip


def interest_info(result: InterestResult | None) -> InterestInfo | None:
    if result is None or result.ore <= 0:
        return None
    return InterestInfo(
        result.ore,
        tuple(
            InterestPart(s.first_day, s.last_day, s.principal_ore, s.rate_bp, s.ore)
            for s in result.segments
        ),
    )


def record_letters(
    session: Session,
    company: Company,
    kind: LetterKind,
    sends: Sequence[Send],
    at: tuple[dt.date, dt.datetime],
    actor: str,
    progress: Progress | None = None,
) -> list[tuple[FollowupDocument, LetterDocument]]:
    """Record each letter (its document with the facts its PDF is made from), audited;
    when ``progress`` answers ``False`` (the run was asked to stop), no more: the letters
    recorded so far stay, and the rest are not made."""
    doc_kind = _DOCUMENT_OF[kind]
    out = []
    for c, decision, interest in sends:
        doc, letter = _record(session, company, doc_kind, c, decision, interest, at, actor)
        out.append((doc, letter))
        if progress is not None and progress(RunStage.RECORD, len(out), len(sends)) is False:
            break
    return out


def _record(
    session: Session, company: Company, doc_kind: DocumentKind, c: Claim, decision: Decision,
    interest: InterestResult | None, at: tuple[dt.date, dt.datetime], actor: str,
) -> tuple[FollowupDocument, LetterDocument]:  # fmt: skip
    """One letter: its document (today, in the company's time zone) and its facts."""
    inv, cust, (today, now) = c.invoice, c.customer, at
    number, invoice_date, due = issued(inv)
    fee, deadline = planned_fee(decision)
    info = interest_info(interest)
    doc = FollowupDocument(
        company_id=company.id, customer_id=cust.id, invoice_id=inv.id,
        kind=doc_kind.value, level=decision.level, sent_on=today,
        deadline=deadline, principal_ore=c.state.open_ore,
        fee_ore=fee.fee_ore, interest_ore=info.ore if info else 0,
        interest_to=today if info else None, language=cust.language, content="{}",
        filename=filename(doc_kind.value, number, today, cust.language),
        created_at=now, actor=actor,
    )  # fmt: skip
    session.add(doc)
    session.flush()
    # The fees the letter asks for: those charged before and still open (a paid or
    # waived fee is not asked for again), interest invoiced on it and still open, then
    # its own fee, charged on the invoice.
    fees = [
        FeeLine(
            _FEE_DOCUMENT.get(ChargeKind(x.kind), doc_kind)
            if ChargeKind(x.kind).is_fee else DocumentKind.INTEREST_NOTE,
            x.charged_on, x.amount_ore - x.settled_ore,
        )
        for x in locked_charges(session, inv)
        if x.amount_ore > x.settled_ore
    ]  # fmt: skip
    if fee.fee_ore:
        fees.append(FeeLine(doc_kind, today, fee.fee_ore))
        add_charge(
            session, inv, FEE_CHARGE[doc_kind], fee.fee_ore, day=today, now=now, actor=actor,
            document_id=doc.id,
        )  # fmt: skip
    letter = LetterDocument(
        kind=doc_kind, reference=doc.id, sent_on=today, deadline=deadline,
        seller=seller_of(company), buyer=buyer_of(cust), invoice_number=number,
        invoice_date=invoice_date, due_date=due,
        invoice_total_ore=inv.total_ore, settled_ore=inv.settled_ore,
        principal_ore=c.state.open_ore, kid=inv.kid, level=decision.level,
        combined=doc_kind is DocumentKind.NOTICE
        and not any(d.kind == "reminder" for d in c.letters),
        fees=tuple(fees), interest=info, language=cust.language,
        subject=_subject(inv) if doc_kind is DocumentKind.DEMAND else "",
        notice_deadline=max((d.deadline for d in c.letters if d.kind == "inkassovarsel"
                             and d.deadline), default=None),
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
    return doc, letter


def _subject(inv: Invoice) -> str:
    """What the claim concerns (inkassoloven § 10 b): the invoice's lines, shortly."""
    texts = list(dict.fromkeys(line.description for line in inv.lines if line.description))
    text = ", ".join(texts[:3]) + (" …" if len(texts) > 3 else "")
    return text[:200]


def compose_messages(
    session: Session,
    company_id: int,
    docs: Sequence[tuple[FollowupDocument, LetterDocument]],
    now: dt.datetime,
) -> list[MessageView]:
    """One e-mail per customer carrying each of its letters."""
    by_customer: dict[int, list[tuple[FollowupDocument, LetterDocument]]] = {}
    for doc, letter in docs:
        by_customer.setdefault(doc.customer_id, []).append((doc, letter))
    out = []
    for customer_id, items in by_customer.items():
        email = letters_email([(letter, b"", doc.filename) for doc, letter in items])
        msg = new_message(session, company_id, customer_id, email, now)
        for doc, _ in items:
            doc.message_id = msg.id
        out.append(MessageView.of(msg, [doc.id for doc, _ in items]))
    return out


__all__ = [
    "LetterSent",
    "PlannedLetter",
    "compose_messages",
    "interest_info",
    "planned",
    "record_letters",
    "sent",
]
