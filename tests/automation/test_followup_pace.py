"""Fresh payments first, or stop; deadlines in bank days (issue 17, findings 3 and 4).

A follow-up run that sends refuses to go when today's fetch failed or the last bank
file is too old, unless told to go anyway; a fetch that fails tells the owner, whoever
fetched. The next step for a claim waits until the bank files cover a payment made on
the deadline, counted in bank days (Easter included)."""

from __future__ import annotations

import datetime as dt
import socket
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from reskontro.clock import OSLO, FixedClock
from reskontro.domain.followup import (
    ClaimState,
    FollowupPolicy,
    LetterKind,
    SentLetter,
    Skip,
    decide_handoff,
    decide_notice,
    decide_reminder,
)
from reskontro.domain.followup_pace import PaceCode, covered_through
from reskontro.errors import StateError
from reskontro.services.followup import FollowUp, shipped_rates
from reskontro.services.payments import PaymentImporter
from reskontro.storage.filestore import FileStore
from reskontro.storage.models_automation import EmailOutbox
from reskontro.storage.models_followup import FollowupDocument
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from tests.automation.conftest import Setup, SftpServer, SmtpServer

D = dt.date


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=OSLO).astimezone(dt.UTC)


def closed_port() -> int:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    sock.close()
    return port


def letters(setup: Setup) -> int:
    with setup.books.sessions() as session:
        return len(list(session.scalars(select(FollowupDocument.id))))


def test_a_run_stops_when_the_sftp_channel_is_down_and_tells_the_owner(
    setup: Setup, sftp_server: SftpServer, smtp_server: SmtpServer
) -> None:
    setup.clock.at = at(D(2026, 12, 1))  # Tuesday; the invoices fell due 15 November
    auto = setup.automation(smtp_server)
    auto.channels.add_sftp(
        setup.company_id, "nets", actor="t", host="127.0.0.1", port=closed_port(),
        username="reskontro", fingerprint=sftp_server.fingerprint,
        password="env:SFTP_PASSWORD", folder="/outbound", pattern="*.txt",
    )  # fmt: skip
    store = FileStore(setup.store)

    def fetch(company_id: int) -> object:
        return auto.fetcher.fetch(company_id, actor="t")

    followup = FollowUp(setup.books.sessions, setup.clock, store, fetch_payments=fetch)
    with pytest.raises(StateError) as caught:
        followup.remind(setup.company_id, with_interest=False, actor="t")
    assert caught.value.msg is not None
    assert caught.value.msg.code == PaceCode.FETCH_FAILED
    assert caught.value.field == "anyway"
    assert letters(setup) == 0  # nobody reminded of what may have been paid yesterday
    # The fetch by a follow-up run (not the worker) told the owner.
    with setup.books.sessions() as session:
        kinds = list(session.scalars(select(EmailOutbox.kind)))
    assert kinds == ["fetch_failed"]
    auto.notifier.deliver()
    assert [m.to for m in smtp_server.messages] == ["eier@fjordregnskap.example"]

    # A dry run shows what would go, with the warning.
    dry = followup.remind(setup.company_id, dry_run=True, with_interest=False, actor="t")
    assert [w.code for w in dry.warnings] == [PaceCode.FETCH_FAILED]
    assert len(dry.letters) == 4
    # Anyway: the user decided; the run says so.
    run = followup.remind(setup.company_id, anyway=True, with_interest=False, actor="t")
    assert len(run.letters) == 4
    assert [w.code for w in run.warnings][:2] == [PaceCode.FETCH_FAILED, PaceCode.SENT_ANYWAY]


def test_a_manual_fetch_that_fails_notifies(setup: Setup, sftp_server: SftpServer) -> None:
    auto = setup.automation()
    auto.channels.add_sftp(
        setup.company_id, "nets", actor="t", host="127.0.0.1", port=closed_port(),
        username="reskontro", fingerprint=sftp_server.fingerprint,
        password="env:SFTP_PASSWORD", folder="/outbound", pattern="*.txt",
    )  # fmt: skip
    report = auto.fetcher.fetch(setup.company_id, actor="someone")
    assert not report.ok
    assert auto.fetcher.fetch(setup.company_id, actor="someone").ok is False
    with setup.books.sessions() as session:
        rows = list(session.scalars(select(EmailOutbox.kind)))
    assert rows == ["fetch_failed"]  # once a day per channel


def import_file(setup: Setup, day: dt.date, number: str) -> None:
    setup.clock.at = at(day, 7)
    importer = PaymentImporter(setup.books.sessions, setup.clock, FileStore(setup.store))
    data = ocr_file([Pay(1000, "12345678903")], transmission_number=number)
    summary = importer.import_bytes(setup.company_id, data, f"OCR.{number}.txt", actor="t")
    assert summary.status == "imported", summary


def test_a_run_stops_when_the_last_bank_file_is_too_old(setup: Setup) -> None:
    import_file(setup, D(2026, 11, 27), "1000001")  # Friday
    followup = FollowUp(setup.books.sessions, setup.clock, FileStore(setup.store))
    setup.clock.at = at(D(2026, 11, 30))  # Monday: Friday's file is one bank day old
    assert followup.remind(setup.company_id, dry_run=True, actor="t").warnings == ()
    setup.clock.at = at(D(2026, 12, 1))  # Tuesday: no file on Monday
    with pytest.raises(StateError) as caught:
        followup.remind(setup.company_id, actor="t")
    assert caught.value.msg is not None
    assert caught.value.msg.code == PaceCode.BANK_FILE_OLD
    assert dict(caught.value.msg.params)["day"] == D(2026, 11, 27)
    with pytest.raises(StateError):
        followup.collect(setup.company_id, actor="t")
    with pytest.raises(StateError):
        followup.handoff(setup.company_id, actor="t")
    assert followup.handoff(setup.company_id, dry_run=True, actor="t").claims == ()
    # The company allows two bank days: it goes.
    followup.set_policy(setup.company_id, fresh_bank_days=2, actor="t")
    run = followup.remind(setup.company_id, with_interest=False, actor="t")
    assert len(run.letters) == 4


def test_a_company_without_bank_files_is_not_held_back(setup: Setup) -> None:
    followup = FollowUp(setup.books.sessions, setup.clock, FileStore(setup.store))
    setup.clock.at = at(D(2026, 12, 1))
    run = followup.remind(setup.company_id, with_interest=False, actor="t")
    assert (len(run.letters), run.warnings) == (4, ())


# -- deadlines in bank days ---------------------------------------------------------------

#: A reminder whose deadline is the Wednesday before Easter 2026.
EASTER_REMINDER = SentLetter(LetterKind.REMINDER, D(2026, 3, 18), D(2026, 4, 1), 3800)


def claim(through: dt.date | None, *letters: SentLetter) -> ClaimState:
    return ClaimState(
        due=D(2026, 3, 1), open_ore=100000, letters=letters or (EASTER_REMINDER,),
        payments_through=through,
    )  # fmt: skip


def test_the_next_step_waits_for_the_files_that_cover_the_deadline_over_easter() -> None:
    table, policy = shipped_rates(), FollowupPolicy()
    # Tuesday after Easter: three calendar days of grace are long past, but the
    # payment made on 1 April reaches the bank by 8 April (two bank days: Maundy
    # Thursday to Easter Monday are holidays), and today's file covers 1 April only.
    tuesday = D(2026, 4, 7)
    waiting = decide_notice(claim(covered_through(tuesday)), tuesday, policy, table)
    assert waiting.skip is Skip.PAYMENTS_NOT_IN
    assert dict(waiting.why.params) == {
        "deadline": D(2026, 4, 1), "arrives": D(2026, 4, 8), "through": D(2026, 4, 1),
    }  # fmt: skip
    # Wednesday's file covers Tuesday: still waiting; Thursday's covers the 8th: go.
    wednesday, thursday = D(2026, 4, 8), D(2026, 4, 9)
    assert decide_notice(claim(covered_through(wednesday)), wednesday, policy, table).skip is (
        Skip.PAYMENTS_NOT_IN
    )
    assert decide_notice(claim(covered_through(thursday)), thursday, policy, table).send
    # Thursday, but the last file came on Tuesday: still waiting.
    assert not decide_notice(claim(covered_through(tuesday)), thursday, policy, table).send
    # A company that takes no bank files: the calendar grace alone.
    assert decide_notice(claim(None), tuesday, policy, table).send
    # The company says payments take one bank day: Wednesday's file is enough.
    fast = FollowupPolicy(transit_bank_days=1)
    assert decide_notice(claim(covered_through(wednesday)), wednesday, fast, table).send


def test_a_second_reminder_and_the_hand_off_wait_the_same_way() -> None:
    table = shipped_rates()
    policy = FollowupPolicy(max_reminders=2)
    tuesday, thursday = D(2026, 4, 7), D(2026, 4, 9)
    assert (
        decide_reminder(claim(covered_through(tuesday)), tuesday, policy, table).skip
        is Skip.PAYMENTS_NOT_IN
    )
    assert decide_reminder(claim(covered_through(thursday)), thursday, policy, table).send
    notice = SentLetter(LetterKind.NOTICE, D(2026, 3, 18), D(2026, 4, 1), 3800)
    assert (
        decide_handoff(claim(covered_through(tuesday), notice), tuesday, policy).skip
        is Skip.PAYMENTS_NOT_IN
    )
    assert decide_handoff(claim(covered_through(thursday), notice), thursday, policy).send


def test_bank_days_come_from_the_company_settings(setup: Setup) -> None:
    followup = FollowUp(setup.books.sessions, FixedClock(at(D(2026, 12, 1))), None)
    assert (followup.policy(setup.company_id).transit_bank_days,
            followup.policy(setup.company_id).fresh_bank_days) == (2, 1)  # fmt: skip
    changed = followup.set_policy(setup.company_id, transit_bank_days=3, actor="t")
    assert changed.transit_bank_days == 3
    assert followup.policy(setup.company_id).transit_bank_days == 3
