"""Rates as dated data that warn ahead (issue 17, finding 5): 30 days before a period
with no late-interest rate or inkassosats, status, the dashboard's data and the overdue
digest say so; a run in such a period counts what it can and marks the rest "not yet
published"; the hand-off never fails for it; the inkassosats is never carried into a
new year silently."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.clock import OSLO
from reskontro.domain.rate_watch import RateWatch, rate_warnings
from reskontro.i18n import render
from reskontro.services.automation import Scheduler, automation_status
from reskontro.services.followup import FollowUp, shipped_rates
from reskontro.storage.filestore import FileStore
from reskontro.storage.models import Customer
from reskontro.storage.models_followup import FollowupClaim

if TYPE_CHECKING:
    from tests.automation.conftest import Setup, SmtpServer

D = dt.date


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=OSLO).astimezone(dt.UTC)


def with_emails(setup: Setup) -> FollowUp:
    with setup.books.sessions.begin() as session:
        for customer in session.scalars(select(Customer)):
            customer.email = f"kunde{customer.number}@example.no"
    return FollowUp(setup.books.sessions, setup.clock, FileStore(setup.store))


def codes(messages: object) -> list[str]:
    return [m.code for m in messages]  # type: ignore[attr-defined]


def test_warnings_start_thirty_days_ahead() -> None:
    table = shipped_rates()  # interest known to 31 December 2026, inkassosats for 2026
    assert rate_warnings(table, D(2026, 12, 1)) == ()
    ahead = rate_warnings(table, D(2026, 12, 2))
    assert codes(ahead) == [RateWatch.INTEREST_AHEAD, RateWatch.INKASSOSATS_AHEAD]
    assert render(ahead[0], "en") == (
        "no late-payment interest rate is known from 2027-01-01 (in 30 days):"
        " add it when it is published (reskontro rates)"
    )
    now = rate_warnings(table, D(2027, 1, 4))
    assert codes(now) == [RateWatch.INTEREST_MISSING, RateWatch.INKASSOSATS_CARRIED]
    assert "fees are 1/20 of the 2026 sats of NOK 750.00" in render(now[1], "en")
    assert "ingen inkassosats er kjent for 2027" in render(now[1], "nb")


def test_status_and_the_digest_warn(setup: Setup, smtp_server: SmtpServer) -> None:
    setup.clock.at = at(D(2026, 12, 10))
    auto = setup.automation(smtp_server)
    view = automation_status(Scheduler(auto), setup.company_id, None)
    assert codes(view.rate_warnings) == [RateWatch.INTEREST_AHEAD, RateWatch.INKASSOSATS_AHEAD]
    auto.notifier.queue_overdue_digest(setup.company_id, "2026-12-10")
    auto.notifier.deliver()
    [digest] = smtp_server.messages
    text = digest.part("plain")
    assert "Merk: ingen forsinkelsesrente er kjent fra 01.01.2027 (om 22 dager)" in text
    assert "Merk: ingen inkassosats er kjent for 2027" in text


def test_a_run_past_the_rate_table_counts_what_it_can(setup: Setup) -> None:
    followup = with_emails(setup)
    cid = setup.company_id
    setup.clock.at = at(D(2026, 12, 1))
    followup.remind(cid, with_interest=False, actor="t")
    setup.clock.at = at(D(2026, 12, 20))
    followup.collect(cid, with_interest=False, actor="t")

    # 25 January 2027: no rate for 2027 yet. The hand-off goes, with interest to
    # 31 December and the rest marked not yet published.
    setup.clock.at = at(D(2027, 1, 25))
    handoff = followup.handoff(cid, actor="t")
    assert len(handoff.claims) == 4
    first = handoff.claims[0]
    assert first.interest_to == D(2026, 12, 31)
    assert first.interest_not_published_from == D(2027, 1, 1)
    assert first.interest_ore > 0


def test_interest_notes_leave_the_unpublished_part_for_later(setup: Setup) -> None:
    followup = FollowUp(setup.books.sessions, setup.clock, FileStore(setup.store))
    cid = setup.company_id
    setup.clock.at = at(D(2027, 1, 20))
    report = followup.interest(cid, invoice=True, actor="t")
    assert report.not_published_from == D(2027, 1, 1)
    assert all(i.to == D(2026, 12, 31) for c in report.customers for i in c.invoices)
    with setup.books.sessions() as session:
        marks = {r.interest_to for r in session.scalars(select(FollowupClaim))
                 if not r.is_interest_note}  # fmt: skip
    assert marks == {D(2026, 12, 31)}
    # The rate is published: the next note charges January from its first day.
    followup.add_rate("interest", D(2027, 1, 1), rate_bp=1200, actor="t")
    setup.clock.at = at(D(2027, 2, 1))
    later = followup.interest(cid, actor="t")
    assert later.not_published_from is None
    assert {i.from_ for c in later.customers for i in c.invoices} == {D(2027, 1, 1)}


def test_reminders_in_a_new_year_say_the_inkassosats_was_carried(setup: Setup) -> None:
    followup = with_emails(setup)
    setup.clock.at = at(D(2027, 1, 5))
    run = followup.remind(setup.company_id, actor="t")
    assert len(run.letters) == 4
    assert {RateWatch.INKASSOSATS_CARRIED, RateWatch.INTEREST_NOT_PUBLISHED} <= set(
        codes(run.warnings)
    )
    assert {x.fee_ore for x in run.letters} == {3800}
