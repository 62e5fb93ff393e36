"""Recurring agreements (*repeterende faktura*) and the daily run that invoices them.

The run finds what is due with one indexed query (``state``, ``next_invoice_date``),
then, a chunk of agreements per transaction, takes the invoice number lock, claims
each due period by inserting its ``recurring_invoice`` row (unique per agreement,
customer and period) and issues its invoice in the same transaction. A period already
claimed is skipped, so the run issues once per agreement and period however often it
runs; a crash rolls back claim and invoice together. A period caught up late is
invoiced on the run's date and names its period on every line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain.recurring import (
    AgreementState,
    Interval,
    Timing,
    check_invoice_day,
    invoice_date,
)
from reskontro.domain.vat import VatCode
from reskontro.errors import NotFound, ValidationError
from reskontro.jsonable import to_jsonable
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.invoicing.bulk_plan import total_of
from reskontro.services.invoicing.codes import RecurringError
from reskontro.services.invoicing.efaktura_choice import switch_where_possible
from reskontro.services.invoicing.issue import create_and_issue, issue_refusal, lock_numbers
from reskontro.services.invoicing.recurring_values import (
    AgreementInvoice,
    AgreementLine,
    AgreementView,
    RunSummary,
    advance,
    period_lines,
    schedule_of,
)
from reskontro.storage.models import Company, Customer
from reskontro.storage.models_invoicing import (
    CustomerGroupMember,
    RecurringAgreement,
    RecurringInvoice,
    RecurringLine,
)
from reskontro.storage.repo import customer_by_number

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session

    from reskontro.services.invoicing.books import Books

#: Agreements per transaction in a run.
CHUNK = 200


class Recurring:
    """Recurring agreements of one database."""

    def __init__(self, books: Books) -> None:
        self.books = books
        self.sessions = books.sessions
        self.clock = books.clock

    def create(
        self,
        company_id: int,
        *,
        lines: list[AgreementLine],
        interval: Interval,
        customer: int | None = None,
        group_id: int | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        timing: Timing = Timing.ADVANCE,
        invoice_day: int | None = None,
        terms_days: int | None = None,
        send: bool = True,
        efaktura_if_possible: bool = True,
        actor: str,
    ) -> AgreementView:
        if not lines:
            raise ValidationError(Message.of(RecurringError.NO_LINES), field="line")
        if (customer is None) == (group_id is None):
            raise ValidationError(Message.of(RecurringError.CUSTOMER_OR_GROUP), field="customer")
        if not check_invoice_day(invoice_day):
            raise ValidationError(
                Message.of(RecurringError.INVOICE_DAY, day=invoice_day), field="invoice_day"
            )
        begin = start or self.clock.today()
        if end is not None and end < begin:
            raise ValidationError(
                Message.of(RecurringError.END_BEFORE_START, start=begin, end=end), field="end"
            )
        with self.sessions.begin() as session:
            customer_id = None
            if customer is not None:
                customer_id = customer_by_number(session, company_id, customer).id
            agreement = RecurringAgreement(
                company_id=company_id,
                customer_id=customer_id,
                group_id=group_id,
                interval=interval.value,
                timing=timing.value,
                invoice_day=invoice_day,
                start_date=begin,
                end_date=end,
                terms_days=terms_days,
                send=send,
                efaktura_if_possible=efaktura_if_possible,
                state=AgreementState.ACTIVE.value,
                created_at=self.clock.now(),
            )
            advance(agreement)
            session.add(agreement)
            session.flush()
            for position, line in enumerate(lines, start=1):
                session.add(
                    RecurringLine(
                        agreement_id=agreement.id,
                        position=position,
                        description=line.description.strip(),
                        quantity_milli=line.quantity_milli,
                        unit_price_ore=line.unit_price_ore,
                        vat_code=line.vat_code.value,
                        product_id=line.product_id,
                    )
                )
            session.flush()
            view = self._view(session, agreement)
            audit.record(
                session, at=self.clock.now(), actor=actor, action="recurring.create",
                object_type="recurring_agreement", object_id=agreement.id,
                company_id=company_id, after=to_jsonable(view),
            )  # fmt: skip
            return view

    def agreement(self, company_id: int, agreement_id: int) -> AgreementView:
        with self.sessions() as session:
            return self._view(session, self._get(session, company_id, agreement_id))

    def agreements(self, company_id: int, *, customer: int | None = None) -> list[AgreementView]:
        with self.sessions() as session:
            query = select(RecurringAgreement).where(RecurringAgreement.company_id == company_id)
            if customer is not None:
                query = query.where(
                    RecurringAgreement.customer_id
                    == customer_by_number(session, company_id, customer).id
                )
            found = session.scalars(query.order_by(RecurringAgreement.id))
            return [self._view(session, a) for a in found]

    def set_state(
        self, company_id: int, agreement_id: int, state: AgreementState, *, end: dt.date | None
    ) -> AgreementView:
        """Pause, resume (periods that came due while paused are skipped) or end (no
        period begins after ``end``; what was issued stays)."""
        today = self.clock.today()
        with self.sessions.begin() as session:
            agreement = self._get(session, company_id, agreement_id)
            if agreement.state == AgreementState.ENDED and state is not AgreementState.ENDED:
                raise ValidationError(Message.of(RecurringError.ENDED, agreement=agreement_id))
            if state is AgreementState.ENDED:
                stop = end or today
                if stop < agreement.start_date:
                    raise ValidationError(
                        Message.of(
                            RecurringError.END_BEFORE_START, start=agreement.start_date, end=stop
                        ),
                        field="end",
                    )
                agreement.end_date = stop
                advance(agreement)
            elif state is AgreementState.PAUSED:
                agreement.state = state.value
            else:
                agreement.state = state.value
                skipped = schedule_of(agreement).due(
                    today - dt.timedelta(days=1), agreement.last_period_start
                )
                if skipped:
                    agreement.last_period_start = skipped[-1].start
                advance(agreement)
            session.flush()
            return self._view(session, agreement)

    # -- the run --------------------------------------------------------------------

    def run(
        self,
        company_id: int,
        *,
        today: dt.date | None = None,
        actor: str,
        progress: Callable[[int, int], None] | None = None,
    ) -> RunSummary:
        """Issue every period whose invoice date has come by ``today``."""
        day = today or self.clock.today()
        with self.sessions() as session:
            due = list(
                session.scalars(
                    select(RecurringAgreement.id)
                    .where(
                        RecurringAgreement.state == AgreementState.ACTIVE.value,
                        RecurringAgreement.next_invoice_date <= day,
                        RecurringAgreement.company_id == company_id,
                    )
                    .order_by(RecurringAgreement.id)
                )
            )
        total = RunSummary(0, 0, 0, ())
        for start in range(0, len(due), CHUNK):
            part = self._run_chunk(company_id, due[start : start + CHUNK], day, actor)
            total = replace(
                total,
                created=total.created + part.created,
                sent=total.sent + part.sent,
                refused=total.refused + part.refused,
                invoices=total.invoices + part.invoices,
                undelivered=total.undelivered + part.undelivered,
            )
            if progress is not None:
                progress(min(start + CHUNK, len(due)), len(due))
        return total

    def _run_chunk(self, company_id: int, ids: list[int], day: dt.date, actor: str) -> RunSummary:
        created: list[int] = []
        sent = refused = undelivered = 0
        with self.sessions.begin() as session:
            lock_numbers(session, company_id)
            company = session.get_one(Company, company_id)
            claimed = {
                (r.agreement_id, r.customer_id, r.period_start)
                for r in session.execute(
                    select(
                        RecurringInvoice.agreement_id,
                        RecurringInvoice.customer_id,
                        RecurringInvoice.period_start,
                    ).where(RecurringInvoice.agreement_id.in_(ids))
                )
            }
            agreements = session.scalars(
                select(RecurringAgreement)
                .where(RecurringAgreement.id.in_(ids))
                .order_by(RecurringAgreement.id)
            )
            for agreement in agreements:
                if agreement.state != AgreementState.ACTIVE or agreement.next_invoice_date is None:
                    continue
                schedule = schedule_of(agreement)
                periods = schedule.due(day, agreement.last_period_start)
                if not periods:
                    advance(agreement)
                    continue
                lines = list(
                    session.scalars(
                        select(RecurringLine)
                        .where(RecurringLine.agreement_id == agreement.id)
                        .order_by(RecurringLine.position)
                    )
                )
                customers = self._customers(session, agreement)
                if agreement.efaktura_if_possible and agreement.send:
                    first = period_lines(
                        session, lines, periods[0],
                        invoice_date(periods[0], schedule.timing, schedule.invoice_day),
                    )  # fmt: skip
                    switch_where_possible(
                        session, company, customers, issue_date=day,
                        terms_days=agreement.terms_days, amount_ore=total_of(company, first),
                        clock=self.clock, actor=actor,
                    )  # fmt: skip
                for customer in customers:
                    for period in periods:
                        if (agreement.id, customer.id, period.start) in claimed:
                            continue
                        claim = RecurringInvoice(
                            agreement_id=agreement.id,
                            customer_id=customer.id,
                            period_start=period.start,
                            period_end=period.end,
                            created_at=self.clock.now(),
                        )
                        session.add(claim)
                        session.flush()  # the claim first: a second one fails here
                        priced_on = invoice_date(period, schedule.timing, schedule.invoice_day)
                        drafts = period_lines(session, lines, period, priced_on)
                        if issue_refusal(company, customer, drafts) is not None:
                            refused += 1
                            continue
                        issued = create_and_issue(
                            session, company, customer, drafts, issue_date=day,
                            terms_days=agreement.terms_days, send=agreement.send,
                            clock=self.clock, actor=actor,
                        )  # fmt: skip
                        claim.invoice_id = issued.invoice_id
                        created.append(issued.invoice_id)
                        sent += issued.delivery is not None
                        undelivered += issued.delivery_refused
                agreement.last_period_start = periods[-1].start
                advance(agreement)
        return RunSummary(len(created), sent, refused, tuple(created), undelivered)

    @staticmethod
    def _customers(session: Session, agreement: RecurringAgreement) -> list[Customer]:
        if agreement.customer_id is not None:
            return [session.get_one(Customer, agreement.customer_id)]
        members = select(CustomerGroupMember.customer_id).where(
            CustomerGroupMember.group_id == agreement.group_id
        )
        return list(
            session.scalars(
                select(Customer).where(Customer.id.in_(members)).order_by(Customer.number)
            )
        )

    @staticmethod
    def _get(session: Session, company_id: int, agreement_id: int) -> RecurringAgreement:
        agreement = session.get(RecurringAgreement, agreement_id)
        if agreement is None or agreement.company_id != company_id:
            raise NotFound(Message.of(RecurringError.NO_AGREEMENT, agreement=agreement_id))
        return agreement

    @staticmethod
    def _view(session: Session, agreement: RecurringAgreement) -> AgreementView:
        lines = session.scalars(
            select(RecurringLine)
            .where(RecurringLine.agreement_id == agreement.id)
            .order_by(RecurringLine.position)
        )
        invoices = session.scalars(
            select(RecurringInvoice)
            .where(RecurringInvoice.agreement_id == agreement.id)
            .order_by(RecurringInvoice.period_start, RecurringInvoice.customer_id)
        )
        number = (
            session.get_one(Customer, agreement.customer_id).number
            if agreement.customer_id is not None
            else None
        )
        return AgreementView(
            id=agreement.id,
            customer=number,
            group_id=agreement.group_id,
            interval=Interval(agreement.interval),
            timing=Timing(agreement.timing),
            invoice_day=agreement.invoice_day,
            start=agreement.start_date,
            end=agreement.end_date,
            terms_days=agreement.terms_days,
            send=agreement.send,
            efaktura_if_possible=agreement.efaktura_if_possible,
            state=AgreementState(agreement.state),
            next_invoice_date=agreement.next_invoice_date,
            lines=tuple(
                AgreementLine(
                    x.description,
                    x.quantity_milli,
                    VatCode(x.vat_code),
                    x.unit_price_ore,
                    x.product_id,
                )
                for x in lines
            ),
            invoices=tuple(
                AgreementInvoice(r.period_start, r.period_end, r.invoice_id) for r in invoices
            ),
        )


__all__ = ["AgreementLine", "AgreementView", "Recurring", "RunSummary", "period_lines"]
