"""A month of follow-up left running (issue 17, "Done means"): every day ``run-daily``
(the scheduler's runs, then the delivery round) over the loopback SFTP and SMTP
servers. Invoices fall due, the bank puts a file in the mailbox on most bank days but
not all, Christmas falls in the month; every letter and balance is checked.

The calendar (invoices issued 1 November, due 15 November, 14 days' deadlines):

- 1 Dec (Tue): reminders for all four invoices, 38 kr fee, deadline 15 Dec.
- 3 Dec: Nordlys pays invoice 1 with its reminder fee, one payment by the KID (in the
  file of 4 Dec): invoice and fee settled, no credit left over.
- 16 Dec: Havbris pays invoice 3 with its fee, within the deadline (in the file of
  17 Dec).
- 18 Dec (Fri): no bank file. 19-20 Dec: the follow-up job refuses (the last file is
  too old, and it covers 16 Dec only while a payment made on 15 Dec may arrive by the
  17th); the fetch and the digest still run.
- 21 Dec (Mon): the file (with Friday's payments) comes; the inkassovarsel goes for
  the two claims still open, deadline 4 Jan 2027.
- 24 Dec (Thu), Christmas Eve: the banks settle nothing, so no file; 25-27 Dec
  holidays and a weekend: no files either, and none missed (28 Dec's run finds the
  23rd's file one bank day old). 31 Dec, New Year's Eve: no file, none missed.
- 31 Dec: each customer owes the open invoice with its reminder fee and its
  inkassovarsel fee, the sum of the ledger's open items.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.clock import OSLO
from reskontro.domain.calendar import is_bank_day
from reskontro.services.automation import Scheduler
from reskontro.storage.models import Customer, Invoice
from reskontro.storage.models_followup import FollowupDocument
from reskontro.testing.ocr import Pay, ocr_file
from reskontro.worker import deliver_documents

if TYPE_CHECKING:
    from pathlib import Path

    import pytest
    from tests.automation.conftest import Setup, SftpServer, SmtpServer

D = dt.date
NO_FILE = {D(2026, 12, 18)}


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(6, 15), tzinfo=OSLO).astimezone(dt.UTC)


def drop(folder: Path, day: dt.date, payments: list[Pay]) -> None:
    path = folder / f"OCR.{day:%Y%m%d}.txt"
    number = f"{day:%m%d}{len(payments):03d}"
    path.write_bytes(
        ocr_file(payments, date=day - dt.timedelta(days=1), transmission_number=number)
    )
    stamp = int(at(day).timestamp()) - 3600
    os.utime(path, (stamp, stamp))


def balance(setup: Setup, number: int) -> int:
    """The customer's balance as the ledger shows it: the principal, fees and interest
    open on its invoices, less its credit; always the sum of its open items."""
    ledger = setup.books.ledger(setup.company_id, number)
    assert ledger.balance_ore == sum(i.open_ore for i in ledger.items)
    return ledger.balance_ore


def test_a_month_of_run_daily(
    setup: Setup,
    sftp_server: SftpServer,
    smtp_server: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RESKONTRO_FILE_STORE", str(setup.store))
    cid, inv = setup.company_id, setup.invoices
    with setup.books.sessions.begin() as session:
        for customer in session.scalars(select(Customer)):
            customer.email = f"kunde{customer.number}@example.no"
    auto = setup.automation(smtp_server)
    remote, local = sftp_server.new_folder()
    auto.channels.add_sftp(
        cid, "nets", actor="t", host="127.0.0.1", port=sftp_server.port, username="reskontro",
        fingerprint=sftp_server.fingerprint, password="env:SFTP_PASSWORD", folder=remote,
        pattern="OCR.*.txt",
    )  # fmt: skip
    scheduler = Scheduler(auto)
    scheduler.set_schedule(cid, "followup", at=None, enabled=True, actor="t")

    fee = 3800
    # Each pays the invoice and its reminder fee with one payment by the KID.
    paid_on = {
        D(2026, 12, 3): [Pay(inv[0].total_ore + fee, inv[0].kid, archive_reference="100000001")],
        D(2026, 12, 16): [Pay(inv[2].total_ore + fee, inv[2].kid, archive_reference="100000002")],
    }  # fmt: skip
    runs: dict[dt.date, dict[str, str]] = {}
    mail_by_day: dict[dt.date, list[tuple[str, str]]] = {}
    day, pending = D(2026, 12, 1), list[Pay]()
    while day <= D(2026, 12, 31):
        pending += paid_on.get(day - dt.timedelta(days=1), [])
        if is_bank_day(day) and day not in NO_FILE:
            drop(local, day, pending)
            pending = []
        setup.clock.at = at(day)
        before = len(smtp_server.messages)
        results = scheduler.run_now(cid)  # ``reskontro run-daily``
        deliver_documents(auto.sessions, auto.clock, auto.notifier)
        runs[day] = {r.job: r.status for r in results}
        mail_by_day[day] = [(m.to, m.subject) for m in smtp_server.messages[before:]]
        day += dt.timedelta(days=1)

    # The fetch ran every day; follow-up only where the bank's files were in.
    assert {d for d, r in runs.items() if r["fetch"] != "ok"} == set()
    failed = {d for d, r in runs.items() if r["followup"] != "ok"}
    assert failed == {D(2026, 12, 19), D(2026, 12, 20)}

    with setup.books.sessions() as session:
        letters = [
            (d.sent_on, d.kind, d.invoice_id, d.fee_ore, d.deadline)
            for d in session.scalars(select(FollowupDocument).order_by(FollowupDocument.id))
            if d.kind in ("reminder", "inkassovarsel")
        ]
    reminders = [(inv[i].id, fee, D(2026, 12, 15)) for i in range(4)]
    notices = [(inv[i].id, fee, D(2027, 1, 4)) for i in (1, 3)]
    assert letters == [
        *((D(2026, 12, 1), "reminder", *r) for r in reminders),
        *((D(2026, 12, 21), "inkassovarsel", *n) for n in notices),
    ]

    # Each letter reached its customer the day it was made, once; nothing else went
    # to customers.
    to_customers = {
        d: sorted(m for m in mails if m[0].startswith("kunde")) for d, mails in mail_by_day.items()
    }
    assert {d for d, m in to_customers.items() if m} == {D(2026, 12, 1), D(2026, 12, 21)}
    assert [to for to, _ in to_customers[D(2026, 12, 1)]] == [
        "kunde10000@example.no", "kunde10001@example.no",
    ]  # fmt: skip
    assert all(s.startswith("Purring") for _, s in to_customers[D(2026, 12, 1)])
    assert [to for to, _ in to_customers[D(2026, 12, 21)]] == [
        "kunde10000@example.no", "kunde10001@example.no",
    ]  # fmt: skip
    assert all("nkassovarsel" in s for _, s in to_customers[D(2026, 12, 21)])
    # The owner had the digest every day something was overdue, and was told nothing
    # failed to fetch.
    owner = [d for d, mails in mail_by_day.items() if any("eier@" in to for to, _ in mails)]
    assert len(owner) == 31

    # The invoices paid with their fees are settled, fee and all, and leave no credit;
    # each customer owes its other invoice with its reminder and inkassovarsel fees.
    with setup.books.sessions() as session:
        settled = {
            i.id: (i.status, i.charges_ore, i.charges_paid_ore)
            for i in session.scalars(select(Invoice).where(Invoice.id.in_([inv[0].id, inv[2].id])))
        }  # fmt: skip
    assert settled == {inv[0].id: ("paid", fee, fee), inv[2].id: ("paid", fee, fee)}
    assert balance(setup, 10000) == inv[1].total_ore + 2 * fee
    assert balance(setup, 10001) == inv[3].total_ore + 2 * fee
