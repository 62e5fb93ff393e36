"""Hand-off to debt collection: the claims whose inkassovarsel deadline was missed (or
named ones without a notice) exported as CSV and JSON for the agency, kept in the file
store and marked handed over."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reskontro.domain.followup import Skip, decide_handoff
from reskontro.domain.followup_codes import FollowupError
from reskontro.domain.money import decimal_from_ore
from reskontro.errors import ValidationError
from reskontro.jsonable import to_jsonable
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.followup.base import Service, claim_row, company_of
from reskontro.services.followup.claims import (
    accrued,
    claims,
    reductions,
    skipped,
)
from reskontro.services.followup.pace import gate
from reskontro.services.followup.rates import rate_table
from reskontro.services.followup.settings import company_policy
from reskontro.storage.models_followup import FollowupHandoff

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from reskontro.domain.followup import FollowupPolicy, RateTable
    from reskontro.services.followup.claims import (
        Claim,
        SkippedClaim,
    )
    from reskontro.storage.models import Company


@dataclass(frozen=True, slots=True)
class HandoffClaim:
    """One claim as the agency receives it."""

    handoff_id: int | None
    customer_number: int
    customer_name: str
    customer_org_number: str | None
    customer_address: str | None
    customer_email: str | None
    invoice_id: int
    invoice_number: int | None
    kid: str | None
    invoice_date: dt.date | None
    due_date: dt.date | None
    invoice_total_ore: int
    principal_ore: int
    fees_ore: int
    interest_ore: int
    interest_from: dt.date | None
    interest_to: dt.date | None
    interest_rates: tuple[int, ...]
    reminder_dates: tuple[dt.date, ...]
    notice_date: dt.date | None
    notice_deadline: dt.date | None
    currency: str = "NOK"


@dataclass(frozen=True, slots=True)
class Creditor:
    name: str
    org_number: str
    account: str | None
    address: str | None


@dataclass(frozen=True, slots=True)
class HandoffTotals:
    claims: int
    principal_ore: int
    fees_ore: int
    interest_ore: int


@dataclass(frozen=True, slots=True)
class HandoffDocument:
    """The hand-off as JSON: amounts in øre, dates ISO."""

    handoff_id: int | None
    date: dt.date
    creditor: Creditor
    claims: tuple[HandoffClaim, ...]
    totals: HandoffTotals


@dataclass(frozen=True, slots=True)
class Handoff:
    date: dt.date
    dry_run: bool
    claims: tuple[HandoffClaim, ...]
    skipped: tuple[SkippedClaim, ...]
    #: ``None`` for a dry run or when there was nothing to hand over.
    handoff_id: int | None
    csv: str
    json: HandoffDocument


HANDOFF_COLUMNS = (
    "handoff_id", "customer_number", "customer_name", "customer_org_number",
    "customer_address", "customer_email", "invoice_number", "kid", "invoice_date", "due_date",
    "invoice_total", "principal", "fees", "interest", "interest_from", "interest_to",
    "reminder_dates", "notice_date", "notice_deadline", "currency",
)  # fmt: skip


def _nok(ore: int) -> str:
    return str(decimal_from_ore(ore)).replace(".", ",")


def _text(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def handoff_csv(rows: Sequence[HandoffClaim]) -> str:
    """The hand-off as CSV the Norwegian way: ``;`` between fields, ``,`` in amounts,
    ISO dates, UTF-8; one row per claim."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HANDOFF_COLUMNS)
    for r in rows:
        writer.writerow([
            _text(r.handoff_id), r.customer_number, r.customer_name,
            _text(r.customer_org_number), (r.customer_address or "").replace("\n", ", "),
            _text(r.customer_email), r.invoice_number, _text(r.kid), _text(r.invoice_date),
            _text(r.due_date), _nok(r.invoice_total_ore), _nok(r.principal_ore),
            _nok(r.fees_ore), _nok(r.interest_ore), _text(r.interest_from),
            _text(r.interest_to), " ".join(d.isoformat() for d in r.reminder_dates),
            _text(r.notice_date), _text(r.notice_deadline), r.currency,
        ])  # fmt: skip
    return out.getvalue()


def handoff_json(
    company: Company, rows: Sequence[HandoffClaim], handoff_id: int | None, day: dt.date
) -> HandoffDocument:
    """The hand-off as JSON (:func:`~reskontro.jsonable.to_jsonable` of this)."""
    return HandoffDocument(
        handoff_id, day, Creditor(company.name, company.org_number, company.account,
                                  company.address),
        tuple(rows),
        HandoffTotals(len(rows), sum(r.principal_ore for r in rows),
                      sum(r.fees_ore for r in rows), sum(r.interest_ore for r in rows)),
    )  # fmt: skip


def _claim(c: Claim, paid: Sequence[tuple[dt.date, int]], today: dt.date, table: RateTable
           ) -> HandoffClaim:  # fmt: skip
    inv, cust = c.invoice, c.customer
    interest = accrued(inv, paid, c.row.interest_to if c.row else None, today, table)
    reminders = [d for d in c.letters if d.kind == "reminder"]
    notices = [d for d in c.letters if d.kind == "inkassovarsel"]
    return HandoffClaim(
        handoff_id=None, customer_number=cust.number, customer_name=cust.name,
        customer_org_number=cust.org_number, customer_address=cust.address,
        customer_email=cust.email, invoice_id=inv.id, invoice_number=inv.number, kid=inv.kid,
        invoice_date=inv.invoice_date, due_date=inv.due_date,
        invoice_total_ore=inv.total_ore, principal_ore=c.state.open_ore,
        fees_ore=sum(d.fee_ore for d in c.letters), interest_ore=interest.ore,
        interest_from=interest.first_day, interest_to=interest.last_day,
        interest_rates=tuple(s.rate_bp for s in interest.segments),
        reminder_dates=tuple(d.sent_on for d in reminders),
        notice_date=notices[-1].sent_on if notices else None,
        notice_deadline=notices[-1].deadline if notices else None,
    )  # fmt: skip


def _choose(
    found: Sequence[Claim], forced: set[int], today: dt.date, policy: FollowupPolicy
) -> tuple[list[Claim], list[SkippedClaim]]:
    """The claims that go, and those worth saying why they do not."""
    missing = forced - {c.invoice.id for c in found}
    if missing:
        invoices = ", ".join(str(i) for i in sorted(missing))
        raise ValidationError(Message.of(FollowupError.NOT_OVERDUE_INVOICES, invoices=invoices))
    chosen, left = [], []
    for c in found:
        decision = decide_handoff(c.state, today, policy)
        if decision.send or (c.invoice.id in forced and decision.skip is Skip.NO_NOTICE):
            chosen.append(c)
        elif c.invoice.id in forced or decision.skip not in (Skip.NO_NOTICE, Skip.HANDED_OVER):
            left.append(skipped(c, decision))
    return chosen, left


class Handoffs(Service):
    def handoff(
        self,
        company_id: int,
        *,
        dry_run: bool = False,
        invoice_ids: Sequence[int] = (),
        policy: FollowupPolicy | None = None,
        anyway: bool = False,
        actor: str,
    ) -> Handoff:
        """Export the claims that go to debt collection (CSV and JSON) and mark them.

        A claim goes when its inkassovarsel's deadline was missed; ``invoice_ids`` adds
        overdue claims without an inkassovarsel (the agency then sends its own).
        """
        today = self.clock.today()
        with self.sessions.begin() as session:
            company = company_of(session, company_id, lock=not dry_run)
            table = rate_table(session)
            chosen_policy = policy or company_policy(session, company_id)
            facts, _ = gate(
                session, company_id, today, chosen_policy, sending=not dry_run, anyway=anyway
            )
            found = claims(session, company_id, today, payments_through=facts.payments_through)
            chosen, left = _choose(found, set(invoice_ids), today, chosen_policy)
            paid = reductions(session, [c.invoice.id for c in found])
            rows = tuple(_claim(c, paid[c.invoice.id], today, table) for c in chosen)
            if dry_run or not rows:  # nothing was written: leaving commits nothing
                doc = handoff_json(company, rows, None, today)
                return Handoff(today, dry_run, rows, tuple(left), None, handoff_csv(rows), doc)
            return self._hand_over(session, company, chosen, rows, tuple(left), actor)

    def _hand_over(
        self, session: Session, company: Company, chosen: Sequence[Claim],
        rows: Sequence[HandoffClaim], left: tuple[SkippedClaim, ...], actor: str,
    ) -> Handoff:  # fmt: skip
        today, now = self.clock.today(), self.clock.now()
        handoff = FollowupHandoff(
            company_id=company.id, handed_over_on=today, claims=len(rows),
            principal_ore=sum(r.principal_ore for r in rows),
            fees_ore=sum(r.fees_ore for r in rows),
            interest_ore=sum(r.interest_ore for r in rows), created_at=now, actor=actor,
        )  # fmt: skip
        session.add(handoff)
        session.flush()
        rows = tuple(replace(r, handoff_id=handoff.id) for r in rows)
        csv_text = handoff_csv(rows)
        doc = handoff_json(company, rows, handoff.id, today)
        handoff.csv_sha256 = self.store.put_bytes(csv_text.encode("utf-8")).sha256
        handoff.json_sha256 = self.store.put_bytes(
            json.dumps(to_jsonable(doc), ensure_ascii=False, indent=2).encode("utf-8")
        ).sha256
        for c in chosen:
            row = c.row or claim_row(session, c.invoice)
            row.handoff_id = handoff.id
            row.handed_over_on = today
            audit.record(
                session, at=now, actor=actor, action="followup.handoff",
                object_type="invoice", object_id=c.invoice.id, company_id=company.id,
                after={"handoff_id": handoff.id, "principal_ore": c.state.open_ore},
            )  # fmt: skip
        return Handoff(today, False, rows, left, handoff.id, csv_text, doc)


__all__ = [
    "HANDOFF_COLUMNS",
    "Creditor",
    "Handoff",
    "HandoffClaim",
    "HandoffDocument",
    "HandoffTotals",
    "Handoffs",
    "handoff_csv",
    "handoff_json",
]
