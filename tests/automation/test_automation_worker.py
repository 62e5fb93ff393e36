"""The scheduled jobs: times in Europe/Oslo, the lock in the database, retries — and
two real worker processes at once that book nothing twice."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
from collections import Counter
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select, update

from reskontro.channels.mailer import SmtpSettings
from reskontro.jsonable import to_jsonable
from reskontro.services.automation import (
    LEASE,
    RETRY_AFTER,
    Scheduler,
    automation_status,
    build_automation,
)
from reskontro.storage.db import make_engine, session_factory
from reskontro.storage.filestore import FileStore
from reskontro.storage.models import Invoice, Payment
from reskontro.storage.models_automation import FetchedFile, JobRun
from reskontro.testing.ocr import Pay, ocr_file
from reskontro.worker import run_worker

if TYPE_CHECKING:
    from pathlib import Path

    from tests.automation.conftest import Setup, SftpServer, SmtpServer

    from reskontro.services.automation import FetchReport

sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def oslo(hour: int, minute: int = 0) -> dt.datetime:
    """2026-11-25 at HH:MM in Oslo (CET, UTC+1), as UTC."""
    return dt.datetime(2026, 11, 25, hour - 1, minute, tzinfo=dt.UTC)


def folder_channel(setup: Setup, tmp_path: Path, files: int = 1) -> Path:
    folder = tmp_path / "bank"
    folder.mkdir()
    inv = setup.invoices
    for i in range(files):
        data = ocr_file(
            [Pay(inv[i].total_ore, inv[i].kid, archive_reference=f"{i + 1:09d}")],
            transmission_number=f"{4000001 + i}",
        )
        (folder / f"ocr{i}.txt").write_bytes(data)
    setup.automation().channels.add_folder(setup.company_id, "bank", path=str(folder), actor="t")
    return folder


def runs(setup: Setup) -> list[tuple[str, str, str, int]]:
    with setup.books.sessions() as session:
        return [
            (r.job, r.period, r.status, r.attempts)
            for r in session.scalars(select(JobRun).order_by(JobRun.job, JobRun.id))
        ]


def test_jobs_run_at_their_time_in_oslo_once_a_day(setup: Setup, tmp_path: Path) -> None:
    folder_channel(setup, tmp_path)
    auto = setup.automation()
    scheduler = Scheduler(auto)
    setup.clock.at = oslo(5, 59)
    assert scheduler.run_due() == []
    setup.clock.at = oslo(6, 30)
    [fetch] = scheduler.run_due()
    assert (fetch.job, fetch.period, fetch.status) == ("fetch", "2026-11-25", "ok")
    assert to_jsonable(fetch.detail)["channels"][0]["files"][0]["status"] == "imported"
    assert scheduler.run_due() == []  # done for the day: the row is the lock
    setup.clock.at = oslo(7, 0)
    [digest] = scheduler.run_due()
    assert (digest.job, digest.status) == ("overdue_digest", "ok")
    assert to_jsonable(digest.detail) == {
        "overdue": 3,
        "amount_ore": 62500 + 25000 + 10000,
        "queued": 1,
    }
    setup.clock.at = oslo(23, 59)
    assert scheduler.run_due() == []
    # 00:30 in Oslo is the 26th there (still the 25th in UTC): the new day's runs wait
    # for their time, then run as the 26th's.
    setup.clock.at = dt.datetime(2026, 11, 25, 23, 30, tzinfo=dt.UTC)
    assert scheduler.run_due() == []
    setup.clock.at = dt.datetime(2026, 11, 26, 6, 30, tzinfo=dt.UTC)
    assert [r.period for r in scheduler.run_due()] == ["2026-11-26", "2026-11-26"]


@sqlite_only
def test_a_company_sets_its_own_time_and_can_switch_a_job_off(setup: Setup, tmp_path: Path) -> None:
    folder_channel(setup, tmp_path)
    scheduler = Scheduler(setup.automation())
    scheduler.set_schedule(setup.company_id, "fetch", at="05:15", enabled=None, actor="t")
    scheduler.set_schedule(setup.company_id, "overdue_digest", at=None, enabled=False, actor="t")
    setup.clock.at = oslo(5, 20)
    assert [r.job for r in scheduler.run_due()] == ["fetch"]
    setup.clock.at = oslo(9)
    assert scheduler.run_due() == []
    with pytest.raises(ValueError, match="HH:MM"):
        scheduler.set_schedule(setup.company_id, "fetch", at="25:00", enabled=None, actor="t")
    with pytest.raises(Exception, match="no job named"):
        scheduler.set_schedule(setup.company_id, "nope", at="05:00", enabled=None, actor="t")


def test_run_daily_runs_now_once_and_again_only_when_forced(setup: Setup, tmp_path: Path) -> None:
    folder_channel(setup, tmp_path)
    scheduler = Scheduler(setup.automation())
    setup.clock.at = oslo(3)  # before the scheduled times: run-daily does not care
    first = scheduler.run_now()
    assert [(r.job, r.status) for r in first] == [("fetch", "ok"), ("overdue_digest", "ok")]
    second = scheduler.run_now()
    assert [r.status for r in second] == ["skipped", "skipped"]
    assert second[0].error is not None
    assert second[0].error.startswith("done for 2026-11-25")
    # The worker later that day finds today's runs done: no second digest.
    setup.clock.at = oslo(8)
    assert scheduler.run_due() == []
    forced = scheduler.run_now(jobs=["fetch"], force=True)
    assert [(r.job, r.status) for r in forced] == [("fetch", "ok")]
    assert forced[0].period.startswith("manual:")
    assert to_jsonable(forced[0].detail)["channels"][0]["new"] == 0  # nothing new to fetch


def test_a_failed_run_is_retried_with_backoff(
    setup: Setup, tmp_path: Path, smtp_server: SmtpServer
) -> None:
    folder = folder_channel(setup, tmp_path)
    hidden = folder.rename(tmp_path / "away")  # the share is not mounted
    auto = setup.automation(smtp_server)
    scheduler = Scheduler(auto)
    setup.clock.at = oslo(6, 5)
    [first] = [r for r in scheduler.run_due() if r.job == "fetch"]
    assert first.status == "failed"
    assert first.error == f"bank: the folder {folder} does not exist"
    # The owner is told (once that day), and the run waits for its next attempt.
    auto.notifier.deliver()
    [mail] = smtp_server.messages
    assert mail.subject == "Henting av bankfiler feilet: bank (Fjord Regnskap AS)"
    # In the owner's language (bokmål), as every reason of a run is (issue 10).
    assert f"mappen {folder} finnes ikke" in mail.part("plain")
    assert "does not exist" not in mail.part("plain")
    setup.clock.at += RETRY_AFTER[0] - dt.timedelta(minutes=1)
    assert scheduler.run_due() == []
    hidden.rename(folder)
    setup.clock.at += dt.timedelta(minutes=2)
    [retry] = scheduler.run_due()
    assert (retry.job, retry.status) == ("fetch", "ok")
    assert ("fetch", "2026-11-25", "ok", 2) in runs(setup)
    status = to_jsonable(automation_status(scheduler, setup.company_id, None))
    fetch_job = next(j for j in status["jobs"] if j["job"] == "fetch")
    assert fetch_job["last_run"]["attempts"] == 2
    assert fetch_job["next_run"].startswith("2026-11-26T06:00")


@sqlite_only
def test_a_run_left_running_by_a_dead_worker_is_taken_over(setup: Setup, tmp_path: Path) -> None:
    folder_channel(setup, tmp_path)
    scheduler = Scheduler(setup.automation())
    setup.clock.at = oslo(7, 30)
    assert len(scheduler.run_due()) == 2
    with setup.books.sessions.begin() as session:  # as if the worker died mid-run
        session.execute(update(JobRun).values(status="running", worker="dead:1"))
    setup.clock.at += LEASE - dt.timedelta(minutes=1)
    assert scheduler.run_due() == []
    setup.clock.at += dt.timedelta(minutes=2)
    assert [r.status for r in scheduler.run_due()] == ["ok", "ok"]


@sqlite_only
def test_the_worker_loop_runs_due_jobs_and_sends_mail(
    setup: Setup, tmp_path: Path, smtp_server: SmtpServer
) -> None:
    folder_channel(setup, tmp_path, files=2)
    auto = setup.automation(smtp_server)
    setup.clock.at = oslo(7, 30)
    assert run_worker(Scheduler(auto), auto.notifier, interval=0.01, max_ticks=2) == 2
    subjects = sorted(m.subject for m in smtp_server.messages)
    assert len(subjects) == 3
    assert subjects[0].startswith("Forfalte fakturaer for Fjord Regnskap AS: 2 fakturaer")
    assert all(s.startswith("Innbetalinger bokført") for s in subjects[1:])
    stop = threading.Event()
    stop.set()
    assert run_worker(Scheduler(auto), auto.notifier, stop=stop) == 0


# -- two real processes at once -------------------------------------------------------


def _setup_for_processes(setup: Setup, sftp_server: SftpServer) -> tuple[Setup, int]:
    """Invoices long overdue (processes use the real clock); three files waiting."""
    auto = setup.automation()
    remote, local = sftp_server.new_folder()
    auto.channels.add_sftp(
        setup.company_id, "nets", host="127.0.0.1", port=sftp_server.port,
        username="reskontro", fingerprint=sftp_server.fingerprint, password="env:SFTP_PASSWORD",
        folder=remote, actor="t",
    )  # fmt: skip
    inv = setup.invoices
    for i in range(3):
        data = ocr_file(
            [Pay(inv[i].total_ore, inv[i].kid, archive_reference=f"{i + 1:09d}")],
            transmission_number=f"{5000001 + i}",
        )
        (local / f"ocr{i}.txt").write_bytes(data)
    scheduler = Scheduler(auto)
    for job in ("fetch", "overdue_digest"):  # due whatever the time of day
        scheduler.set_schedule(setup.company_id, job, at="00:00", enabled=True, actor="t")
    return setup, 3


def _spawn(db_url: str, env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "reskontro.cli.main", *args, "--db", db_url],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _env(tmp_path: Path, smtp_server: SmtpServer) -> dict[str, str]:
    return {
        **os.environ,
        **smtp_server.env(),
        "SFTP_PASSWORD": "sftp-s3cret-Passord!",
        "RESKONTRO_FILE_STORE": str(tmp_path / "files"),
    }


def _finish(*procs: subprocess.Popen[str]) -> list[tuple[int, str, str]]:
    out = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=120)
        out.append((proc.returncode, stdout, stderr))
    return out


@pytest.mark.slow
def test_two_workers_at_once_book_nothing_twice(
    old_setup: Setup,
    db_url: str,
    tmp_path: Path,
    sftp_server: SftpServer,
    smtp_server: SmtpServer,
) -> None:
    setup, files = _setup_for_processes(old_setup, sftp_server)
    env = _env(tmp_path, smtp_server)
    worker = _spawn(db_url, env, "worker", "--once", "--interval", "1")
    daily = _spawn(db_url, env, "run-daily", "--json")
    (worker_rc, _, worker_err), (daily_rc, daily_out, daily_err) = _finish(worker, daily)
    assert worker_rc == 0, worker_err
    assert daily_rc == 0, daily_err
    assert "Traceback" not in worker_err + daily_err

    with setup.books.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Payment)) == files
        paid = session.scalars(select(Invoice.paid_ore).order_by(Invoice.id)).all()
        assert paid == [inv.total_ore for inv in setup.invoices[:files]] + [0]
        fetched = session.scalars(select(FetchedFile)).all()
        assert sorted(f.remote_name for f in fetched) == ["ocr0.txt", "ocr1.txt", "ocr2.txt"]
        assert {f.status for f in fetched} == {"imported"}
        job_runs = session.scalars(select(JobRun)).all()
    # One run per job for the day, whoever ran it.
    assert sorted((r.job, r.status, r.attempts) for r in job_runs) == [
        ("fetch", "ok", 1),
        ("overdue_digest", "ok", 1),
    ]
    ran = [r for r in json.loads(daily_out)["runs"] if r["status"] == "ok"]
    assert len({r.worker for r in job_runs}) >= 1
    assert len(ran) <= 2
    # One e-mail per imported file and one digest: nothing sent twice.
    subjects = Counter(m.subject for m in smtp_server.messages)
    assert sum(subjects.values()) == files + 1
    assert all(count == 1 for count in subjects.values()), subjects
    assert {m.to for m in smtp_server.messages} == {"eier@fjordregnskap.example"}


def test_two_fetches_at_once_take_each_file_once(
    old_setup: Setup, db_url: str, sftp_server: SftpServer, smtp_server: SmtpServer
) -> None:
    """Without the job lock (two manual fetches side by side, each with its own
    database connection), the per-file claim still gives every file to one of them."""
    setup, files = _setup_for_processes(old_setup, sftp_server)
    barrier = threading.Barrier(2)
    reports: dict[str, FetchReport] = {}
    errors: list[BaseException] = []

    def fetch(worker: str) -> None:
        engine = make_engine(db_url)
        try:
            automation = build_automation(
                session_factory(engine), setup.clock, store=FileStore(setup.store),
                smtp=SmtpSettings.from_env(smtp_server.env()),
                environ={"SFTP_PASSWORD": "sftp-s3cret-Passord!"}, worker_id=worker,
            )  # fmt: skip
            barrier.wait(timeout=30)
            reports[worker] = automation.fetcher.fetch(setup.company_id, actor=worker)
            automation.notifier.deliver()
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=fetch, args=(w,)) for w in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    taken = sorted(f.name for r in reports.values() for c in r.channels for f in c.files)
    assert taken == ["ocr0.txt", "ocr1.txt", "ocr2.txt"]
    with setup.books.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Payment)) == files
        assert session.scalar(select(func.count()).select_from(FetchedFile)) == files
    assert len(smtp_server.messages) == files
