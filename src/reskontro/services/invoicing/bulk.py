"""Bulk invoicing (*gruppefakturering*): the same lines to many customers at once.

One computation, :func:`.bulk_plan.plan_items`, says what each chosen customer would get (total,
how it will be delivered, or the rule that refuses it); the preview shows it and the
run stores it as the run's items. The run then issues its pending items in chunks, one
transaction per chunk: an item is claimed (``pending`` → ``issued`` with a guarded
UPDATE) in the same transaction that numbers its invoice and queues its delivery, so a
crash rolls the chunk back whole and a re-run with the same run id issues each invoice
once and leaves no gap in the numbers. Two processes running one run at once are safe
too: the claim changes one row for one of them only.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from reskontro.domain.bulk import BulkItemState, BulkRunState
from reskontro.domain.delivery import DeliveryMethod
from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.errors import NotFound
from reskontro.messages import Message
from reskontro.services.invoicing.bulk_issue import issue_many
from reskontro.services.invoicing.bulk_plan import (
    PlannedItem,
    Preview,
    Selection,
    chosen_customers,
    plan_items,
    plan_one,
    preview_of,
    total_of,
)
from reskontro.services.invoicing.codes import BulkError
from reskontro.services.invoicing.efaktura_choice import switch_where_possible
from reskontro.services.invoicing.issue import lock_numbers
from reskontro.storage.models import Company, Customer
from reskontro.storage.models_invoicing import BulkItem, BulkRun

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Mapping, Sequence

    from sqlalchemy.orm import Session

    from reskontro.services.invoicing.books import Books

#: Invoices issued per transaction.
CHUNK = 200


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a run has come (what the page polls while it runs)."""

    run_id: str
    state: BulkRunState
    total: int
    issued: int
    refused: int
    pending: int

    @property
    def done(self) -> int:
        return self.issued + self.refused


@dataclass(frozen=True, slots=True)
class Sent:
    email: int = 0
    ehf: int = 0
    efaktura: int = 0
    print: int = 0


@dataclass(frozen=True, slots=True)
class Refused:
    customer: int
    reason: Message


@dataclass(frozen=True, slots=True)
class RunResult:
    """A run as it stands: what it issued (all of it, also on a re-run)."""

    run_id: str
    state: BulkRunState
    issued: int
    invoices: tuple[int, ...]
    sent: Sent
    refused: tuple[Refused, ...]
    pending: int


def _plain(lines: Sequence[LineDraft]) -> list[list[object]]:
    return [[x.description, x.quantity_milli, x.unit_price_ore, x.vat_code.value] for x in lines]


def _drafts(rows: list[list[Any]]) -> list[LineDraft]:
    return [LineDraft(d, q, p, VatCode(v)) for d, q, p, v in rows]


def _lines_json(
    lines: Sequence[LineDraft], per_customer: Mapping[int, Sequence[LineDraft]] | None = None
) -> str:
    """The run's lines as stored: a list, or with lines per customer an object
    ``{"lines": [...], "per_customer": {"NUMBER": [...]}}``."""
    if not per_customer:
        return json.dumps(_plain(lines))
    return json.dumps({
        "lines": _plain(lines),
        "per_customer": {str(n): _plain(x) for n, x in per_customer.items()},
    })  # fmt: skip


def _lines_of(text: str) -> tuple[list[LineDraft], dict[int, list[LineDraft]]]:
    stored = json.loads(text)
    if isinstance(stored, list):
        return _drafts(stored), {}
    return _drafts(stored["lines"]), {int(n): _drafts(x) for n, x in stored["per_customer"].items()}


class Bulk:
    """Bulk runs over one database."""

    def __init__(self, books: Books) -> None:
        self.books = books
        self.sessions = books.sessions
        self.clock = books.clock

    def preview(
        self,
        company_id: int,
        selection: Selection,
        lines: list[LineDraft],
        per_customer: Mapping[int, Sequence[LineDraft]] | None = None,
    ) -> Preview:
        with self.sessions() as session:
            company = session.get_one(Company, company_id)
            return preview_of(
                plan_items(session, company, selection, lines, self.clock.today(), per_customer)
            )

    def start(
        self,
        company_id: int,
        selection: Selection,
        lines: list[LineDraft],
        *,
        run_id: str | None = None,
        invoice_date: dt.date | None = None,
        terms_days: int | None = None,
        efaktura_if_possible: bool = True,
        per_customer: Mapping[int, Sequence[LineDraft]] | None = None,
        actor: str,
    ) -> str:
        """Store a run and its items (a run id already stored is left as it is). With
        ``efaktura_if_possible`` the private customers are looked up first and switched
        to eFaktura where they can receive it (:mod:`.efaktura_choice`)."""
        key = run_id or uuid.uuid4().hex
        try:
            with self.sessions.begin() as session:
                if self._run(session, company_id, key) is not None:
                    return key
                company = session.get_one(Company, company_id)
                customers = chosen_customers(session, company_id, selection, per_customer)
                if efaktura_if_possible and company.send_on_issue:
                    self._switch(
                        session, company, customers, lines, per_customer or {},
                        invoice_date=invoice_date, terms_days=terms_days, actor=actor,
                    )  # fmt: skip
                items = plan_items(
                    session,
                    company,
                    selection,
                    lines,
                    self.clock.today(),
                    per_customer,
                    customers,
                )
                run = BulkRun(
                    company_id=company_id,
                    run_key=key,
                    state=BulkRunState.RUNNING.value,
                    lines=_lines_json(lines, per_customer),
                    invoice_date=invoice_date,
                    terms_days=terms_days,
                    efaktura_if_possible=efaktura_if_possible,
                    actor=actor,
                    created_at=self.clock.now(),
                )
                session.add(run)
                session.flush()
                for n, item in enumerate(items, start=1):
                    state = BulkItemState.PENDING if item.refused is None else BulkItemState.REFUSED
                    reason = item.refused.dumps() if item.refused is not None else None
                    session.add(
                        BulkItem(run_id=run.id, customer_id=item.customer_id, position=n,
                                 state=state.value, reason=reason)
                    )  # fmt: skip
        except IntegrityError:  # the same run id started at the same moment elsewhere
            pass
        return key

    def _switch(
        self, session: Session, company: Company, customers: Sequence[Customer],
        lines: Sequence[LineDraft], per_customer: Mapping[int, Sequence[LineDraft]], *,
        invoice_date: dt.date | None, terms_days: int | None, actor: str,
    ) -> None:  # fmt: skip
        """ "Send som eFaktura hvis mulig": the customers whose invoice has an amount
        eFaktura takes are looked up (the smallest such amount stands for the run)."""
        totals = {
            c.id: total_of(company, [*lines, *per_customer.get(c.number, ())]) for c in customers
        }
        positive = [c for c in customers if totals[c.id] > 0]
        if positive:
            switch_where_possible(
                session, company, positive, issue_date=invoice_date or self.clock.today(),
                terms_days=terms_days, amount_ore=min(totals[c.id] for c in positive),
                clock=self.clock, actor=actor,
            )  # fmt: skip

    def run(
        self,
        company_id: int,
        run_id: str,
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> RunResult:
        """Issue the run's pending items; safe to repeat and to run twice at once."""
        with self.sessions() as session:
            run = self._run(session, company_id, run_id)
            if run is None:
                raise NotFound(Message.of(BulkError.NO_RUN, run=run_id), field="run_id")
            pending = list(
                session.scalars(
                    select(BulkItem.id)
                    .where(BulkItem.run_id == run.id, BulkItem.state == BulkItemState.PENDING)
                    .order_by(BulkItem.position)
                )
            )
        done = 0
        for start in range(0, len(pending), CHUNK):
            self._issue_chunk(company_id, run_id, pending[start : start + CHUNK])
            done = min(start + CHUNK, len(pending))
            if progress is not None:
                progress(done, len(pending))
        with self.sessions.begin() as session:
            run = self._run(session, company_id, run_id)
            assert run is not None
            left = session.scalars(
                select(BulkItem.id)
                .where(BulkItem.run_id == run.id, BulkItem.state == BulkItemState.PENDING)
                .limit(1)
            ).first()
            if left is None and run.state != BulkRunState.DONE:
                run.state = BulkRunState.DONE.value
        return self.result(company_id, run_id)

    def _issue_chunk(self, company_id: int, run_id: str, item_ids: list[int]) -> None:
        with self.sessions.begin() as session:
            lock_numbers(session, company_id)
            company = session.get_one(Company, company_id)
            run = self._run(session, company_id, run_id)
            assert run is not None
            common, per_customer = _lines_of(run.lines)
            issue_date = run.invoice_date or self.clock.today()
            # The number lock is ours until commit: items still pending now are ours
            # to issue (another process that had them has committed or rolled back).
            # Claimed in one UPDATE, loaded with their customers in one SELECT.
            rows = session.execute(
                select(BulkItem, Customer)
                .join(Customer, Customer.id == BulkItem.customer_id)
                .where(BulkItem.id.in_(item_ids), BulkItem.state == BulkItemState.PENDING)
                .order_by(BulkItem.position)
            ).all()
            if not rows:
                return
            session.execute(
                update(BulkItem)
                .where(BulkItem.id.in_([i.id for i, _ in rows]),
                       BulkItem.state == BulkItemState.PENDING)
                .values(state=BulkItemState.ISSUED.value)
                .execution_options(synchronize_session=False)
            )  # fmt: skip
            batch: list[tuple[Customer, list[LineDraft]]] = []
            claimed: list[BulkItem] = []
            for item, customer in rows:
                lines = [*common, *per_customer.get(customer.number, ())]
                planned = plan_one(company, customer, lines, self.clock.today())
                if planned.refused is not None:
                    item.state = BulkItemState.REFUSED.value
                    item.reason = planned.refused.dumps()
                    continue
                batch.append((customer, lines))
                claimed.append(item)
            issued = issue_many(
                session, company, batch, issue_date=issue_date, terms_days=run.terms_days,
                send=company.send_on_issue, clock=self.clock, actor=run.actor,
            )  # fmt: skip
            for item, invoice in zip(claimed, issued, strict=True):
                item.invoice_id = invoice.invoice_id

    def result(self, company_id: int, run_id: str) -> RunResult:
        from reskontro.storage.models_delivery import Delivery

        with self.sessions() as session:
            run = self._run(session, company_id, run_id)
            if run is None:
                raise NotFound(Message.of(BulkError.NO_RUN, run=run_id), field="run_id")
            rows = session.execute(
                select(BulkItem.state, BulkItem.invoice_id, BulkItem.reason, Customer.number)
                .join(Customer, Customer.id == BulkItem.customer_id)
                .where(BulkItem.run_id == run.id)
                .order_by(BulkItem.position)
            ).all()
            invoices = tuple(r.invoice_id for r in rows if r.state == BulkItemState.ISSUED)
            counts = dict.fromkeys(DeliveryMethod, 0)
            for (method,) in session.execute(
                select(Delivery.method).where(
                    Delivery.invoice_id.in_(
                        select(BulkItem.invoice_id).where(BulkItem.run_id == run.id)
                    ),
                    Delivery.state != "refused",
                )
            ):
                counts[DeliveryMethod(method)] += 1
            return RunResult(
                run_id=run_id,
                state=BulkRunState(run.state),
                issued=len(invoices),
                invoices=invoices,
                sent=Sent(*(counts[m] for m in DeliveryMethod)),
                refused=tuple(
                    Refused(r.number, Message.loads(r.reason))
                    for r in rows
                    if r.state == BulkItemState.REFUSED and r.reason
                ),
                pending=sum(1 for r in rows if r.state == BulkItemState.PENDING),
            )

    def progress(self, company_id: int, run_id: str) -> Progress:
        """The run's items counted by state (one small query)."""
        with self.sessions() as session:
            run = self._run(session, company_id, run_id)
            if run is None:
                raise NotFound(Message.of(BulkError.NO_RUN, run=run_id), field="run_id")
            rows = session.execute(
                select(BulkItem.state, func.count())
                .where(BulkItem.run_id == run.id)
                .group_by(BulkItem.state)
            ).all()
            counts = {str(state): int(n) for state, n in rows}
            issued, refused, pending = (
                counts.get(s.value, 0)
                for s in (BulkItemState.ISSUED, BulkItemState.REFUSED, BulkItemState.PENDING)
            )
            return Progress(
                run_id, BulkRunState(run.state), issued + refused + pending, issued, refused,
                pending,
            )  # fmt: skip

    @staticmethod
    def _run(session: Session, company_id: int, key: str) -> BulkRun | None:
        return session.scalars(
            select(BulkRun).where(BulkRun.company_id == company_id, BulkRun.run_key == key)
        ).first()


__all__ = [
    "Bulk",
    "PlannedItem",
    "Preview",
    "Progress",
    "RunResult",
    "Selection",
    "Sent",
    "chosen_customers",
    "plan_items",
    "preview_of",
]
