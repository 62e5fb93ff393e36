"""The reminder run (purring) and the inkassovarsel (inkassoloven § 9): for each overdue
claim the rules decide today, letters are recorded with their fees and deadlines, one
e-mail per customer is composed, and the PDFs are made after the transaction commits.

A run can first fetch payments (``fetch_payments``), so that nobody is reminded of what
the bank already paid.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Required, TypedDict, Unpack

from sqlalchemy import func, select

from reskontro.domain.currency import NOK
from reskontro.domain.followup import (
    Decision,
    LetterKind,
    Skip,
    decide_notice,
    decide_reminder,
)
from reskontro.domain.followup_codes import Why
from reskontro.domain.interest import MissingRate
from reskontro.domain.rate_watch import RateWatch, carried_inkassosats
from reskontro.domain.self_collection import decide_demand
from reskontro.i18n import render
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.followup.base import RunStage, company_of
from reskontro.services.followup.claims import (
    claims,
    reductions,
    skipped,
)
from reskontro.services.followup.documents import Documents
from reskontro.services.followup.letters import (
    compose_messages,
    planned,
    record_letters,
    sent,
)
from reskontro.services.followup.pace import gate
from reskontro.services.followup.published import accrued_published
from reskontro.services.followup.rates import rate_table
from reskontro.services.followup.reach import no_address, reachable
from reskontro.services.followup.settings import company_policy
from reskontro.storage.models import Payment
from reskontro.storage.models_followup import FollowupDocument

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from sqlalchemy.orm import Session

    from reskontro.domain.followup import FollowupPolicy, RateTable
    from reskontro.domain.interest import InterestResult
    from reskontro.services.followup.base import Progress
    from reskontro.services.followup.claims import (
        Claim,
        SkippedClaim,
    )
    from reskontro.services.followup.emails import MessageView
    from reskontro.services.followup.letters import (
        LetterSent,
        PlannedLetter,
        Send,
    )

    #: The payments reducing each claim, by invoice id (see :func:`claims.reductions`).
    Paid = dict[int, list[tuple[dt.date, int]]]


class RunOptions(TypedDict, total=False):
    """What every letter run (remind, collect, demand) takes besides the company."""

    #: Show what would be sent; write and send nothing.
    dry_run: bool
    #: The rules of this run; the company's settings when left out.
    policy: FollowupPolicy | None
    #: Late-payment interest on the letters (default yes).
    with_interest: bool
    #: Send even though today's bank files are missing.
    anyway: bool
    actor: Required[str]
    #: Hears how far the run has come.
    progress: Progress | None


@dataclass(frozen=True, slots=True)
class LetterRun:
    """What a reminder or inkassovarsel run did (or, dry, would do)."""

    kind: LetterKind
    date: dt.date
    dry_run: bool
    #: What fetching payments first brought (``None`` when it did not fetch).
    fetched: object
    letters: tuple[PlannedLetter, ...] | tuple[LetterSent, ...]
    skipped: tuple[SkippedClaim, ...]
    messages: tuple[MessageView, ...]
    warnings: tuple[Message, ...]
    policy: FollowupPolicy
    #: Payments waiting in the voucher inbox: some may pay these invoices.
    inbox_waiting: int


@dataclass
class _Plan:
    sends: list[Send] = field(default_factory=list)
    skipped: list[SkippedClaim] = field(default_factory=list)
    warnings: set[Message] = field(default_factory=set)


def _plan(
    found: list[Claim], decide: Callable[[Claim], Decision], paid: Paid, today: dt.date,
    table: RateTable, with_interest: bool,
) -> _Plan:  # fmt: skip
    plan = _Plan()
    for c in found:
        if c.invoice.currency != NOK:
            why = Message.of(Why.NOT_NOK, currency=c.invoice.currency)
            plan.skipped.append(skipped(c, Decision(False, why, Skip.NOT_NOK)))
            continue
        decision = decide(c)
        if decision.send and not reachable(c.customer):
            decision, warning = no_address(c.customer)
            plan.warnings.add(warning)
        if not decision.send:
            plan.skipped.append(skipped(c, decision))
            continue
        interest: InterestResult | None = None
        if with_interest and not (c.row and c.row.is_interest_note):
            try:
                interest, unpublished = accrued_published(
                    c.invoice, paid[c.invoice.id], c.row.interest_to if c.row else None, today,
                    table,
                )  # fmt: skip
                if unpublished is not None:
                    plan.warnings.add(Message.of(RateWatch.INTEREST_NOT_PUBLISHED, day=unpublished))
            except MissingRate as exc:
                # Interest on a letter is information; the letter still goes.
                day = exc.msg.get("day") if exc.msg else None
                plan.warnings.add(Message.of(Why.LETTERS_WITHOUT_INTEREST, day=day))
        plan.sends.append((c, decision, interest))
    return plan


def _inbox_waiting(session: Session, company_id: int) -> int:
    return session.execute(
        select(func.count())
        .select_from(Payment)
        .where(Payment.company_id == company_id, Payment.state == "inbox")
    ).scalar_one()


class Reminders(Documents):
    def remind(self, company_id: int, **run: Unpack[RunOptions]) -> LetterRun:
        """The reminder run: a reminder for each overdue invoice the rules allow today.
        It refuses to send without today's bank files unless ``anyway``
        (:mod:`reskontro.domain.followup_pace`). ``progress`` hears how far a run has
        come (the web's background runs, :mod:`.run_jobs`)."""
        return self._letter_run(company_id, LetterKind.REMINDER, run)

    def collect(
        self, company_id: int, *, combined: bool = False, **run: Unpack[RunOptions]
    ) -> LetterRun:
        """Send the inkassovarsel (inkassoloven § 9) where the rules allow it today.

        By default only to claims that had a reminder whose deadline was missed;
        ``combined`` also sends it to overdue claims with no reminder yet ("purring og
        inkassovarsel", one 1/20 fee at most).
        """
        return self._letter_run(company_id, LetterKind.NOTICE, run, combined=combined)

    def demand(self, company_id: int, **run: Unpack[RunOptions]) -> LetterRun:
        """Send the betalingsoppfordring (inkassoloven § 10) where the company collects
        its own claims and an inkassovarsel's deadline was missed: the last letter
        before the hand-off, with the 3/20 fee."""
        return self._letter_run(company_id, LetterKind.DEMAND, run)

    def _letter_run(
        self, company_id: int, kind: LetterKind, options: RunOptions, *, combined: bool = False
    ) -> LetterRun:
        dry_run, policy = options.get("dry_run", False), options.get("policy")
        with_interest = options.get("with_interest", True)
        anyway, actor, progress = (
            options.get("anyway", False),
            options["actor"],
            options.get("progress"),
        )
        fetched = None
        if self.fetch_payments is not None and not dry_run:
            fetched = self.fetch_payments(company_id)
        today, now = self.clock.today(), self.clock.now()
        with self.sessions() as session, session.begin():
            company = company_of(session, company_id, lock=not dry_run)
            table = rate_table(session)
            chosen = policy or company_policy(session, company_id)

            def decide(c: Claim) -> Decision:
                if kind is LetterKind.REMINDER:
                    return decide_reminder(c.state, today, chosen, table)
                if kind is LetterKind.DEMAND:
                    return decide_demand(c.state, today, chosen, table)
                return decide_notice(c.state, today, chosen, table, require_reminder=not combined)

            facts, bank_warnings = gate(
                session, company_id, today, chosen, sending=not dry_run, anyway=anyway
            )
            found = claims(session, company_id, today, payments_through=facts.payments_through)
            paid = reductions(session, [c.invoice.id for c in found])
            plan = _plan(found, decide, paid, today, table, with_interest)
            carried = carried_inkassosats(table, today) if chosen.charge_fees else None
            if carried is not None and plan.sends:
                plan.warnings.add(carried)  # never carried into a new year silently
            warnings = bank_warnings + tuple(sorted(plan.warnings, key=lambda m: render(m, "en")))
            run = LetterRun(
                kind, today, dry_run, fetched, (), tuple(plan.skipped), (), warnings, chosen,
                _inbox_waiting(session, company_id),
            )  # fmt: skip
            if dry_run:  # nothing was written
                return replace(run, letters=tuple(planned(*s) for s in plan.sends))
            if progress is not None:
                progress(RunStage.RECORD, 0, len(plan.sends))
            docs = record_letters(session, company, kind, plan.sends, (today, now), actor, progress)
            messages = compose_messages(session, company_id, docs, now)
            audit.record(
                session, at=now, actor=actor, action=f"followup.run.{kind.value}",
                object_type="company", object_id=company_id, company_id=company_id,
                after={"letters": len(docs), "skipped": len(plan.skipped),
                       "date": today.isoformat()},
            )  # fmt: skip
        ids = [d.id for d, _ in docs]
        self.render_pending(company_id, ids, progress)
        with self.sessions() as read:
            stored = {
                d.id: d
                for d in read.scalars(select(FollowupDocument).where(FollowupDocument.id.in_(ids)))
            }
        letters = tuple(sent(letter, stored[doc.id]) for doc, letter in docs)
        return replace(run, letters=letters, messages=tuple(messages))


__all__ = ["LetterRun", "Reminders"]
