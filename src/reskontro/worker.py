"""``reskontro worker``: the long-running process that runs the scheduled jobs.

Every tick (30 seconds by default) it runs the jobs that are due and that it can
claim (the lock is in the database, see :mod:`reskontro.services.automation.scheduler`, so
any number of workers may run against one database), then sends what waits in the
e-mail outbox. SIGTERM or Ctrl-C lets the job at hand finish, then stops.
"""

from __future__ import annotations

import logging
import signal
import threading
from typing import TYPE_CHECKING

from reskontro.jsonable import to_jsonable
from reskontro.services.automation.outbox import DeliveryWaiting

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.channels.efaktura import EfakturaRoute
    from reskontro.clock import Clock
    from reskontro.services.automation import Notifier, Scheduler
    from reskontro.services.delivery.run import RunReport

log = logging.getLogger("reskontro.worker")


def deliver_documents(
    sessions: sessionmaker[Session],
    clock: Clock,
    notifier: Notifier | None = None,
    environ: Mapping[str, str] | None = None,
) -> RunReport:
    """One round of delivery: queued invoice e-mail and the follow-up letters waiting
    into the outbox, EHF to the access point (``RESKONTRO_AP_*``), eFaktura to MPS
    (``RESKONTRO_EFAKTURA*``), the outbox sent (``RESKONTRO_SMTP_*``), and what the
    outbox, the access point and MPS report carried back. The worker's tick,
    ``run-daily`` (cron) and ``delivery run`` all call it."""
    import dataclasses

    from reskontro.channels.access_point import AccessPointSettings
    from reskontro.channels.mailer import SmtpSettings
    from reskontro.services.automation import Notifier
    from reskontro.services.delivery import letters
    from reskontro.services.delivery.run import Deliverer
    from reskontro.storage.filestore import FileStore

    store = FileStore.of(sessions)
    deliverer = Deliverer(
        sessions, clock, access_point=AccessPointSettings.from_env(environ), store=store,
        efaktura=efaktura_route(environ),
    )  # fmt: skip
    report = deliverer.run()
    handed = letters.queue_letters(sessions, clock, store)
    mailer = notifier or Notifier(sessions, clock, SmtpSettings.from_env(environ))
    mailer.deliver()
    sent, _failed = letters.sync(sessions, clock)
    return dataclasses.replace(
        report, synced=report.synced + deliverer.sync(), letters_queued=handed.queued,
        letters_sent=handed.sent + sent,
    )  # fmt: skip


def check_settings(environ: Mapping[str, str] | None = None) -> None:
    """Read the settings the environment gives the worker and the web app — SMTP
    (``RESKONTRO_SMTP_*``), the access point (``RESKONTRO_AP_*``, its secrets resolved)
    and the eFaktura route (``RESKONTRO_EFAKTURA*``) — and raise the first one that is
    wrong, as a code naming the variable and what it may be. ``serve`` and ``worker``
    call it before they start, so a typo stops them at once instead of being logged on
    every tick. Nothing is connected to."""
    from reskontro.channels.access_point import AccessPointSettings
    from reskontro.channels.efaktura.settings import route_from_env
    from reskontro.channels.mailer import SmtpSettings

    SmtpSettings.from_env(environ)
    AccessPointSettings.from_env(environ)
    route_from_env(environ)


def efaktura_route(environ: Mapping[str, str] | None = None) -> EfakturaRoute | None:
    """The eFaktura route ``RESKONTRO_EFAKTURA*`` sets up (None when none is, or when
    the settings are wrong: that is logged, and the rest of delivery goes on)."""
    from reskontro.channels.efaktura.settings import current_route
    from reskontro.errors import ReskontroError

    try:
        return current_route(environ)
    except ReskontroError as exc:
        log.warning("eFaktura is not set up right: %s", exc)
        return None


def clean_jobs(
    sessions: sessionmaker[Session], clock: Clock, environ: Mapping[str, str] | None = None
) -> int:
    """Remove the files of background jobs (uploads' imports, follow-up runs) finished
    longer ago than ``RESKONTRO_JOB_RETENTION_DAYS`` (7 by default); a running job is
    never removed. The worker does it once a day, ``run-daily`` each time it runs.
    Returns how many jobs went."""
    from reskontro.services.progress import jobs_folder, remove_finished, retention
    from reskontro.storage.filestore import FileStore

    folder = jobs_folder(FileStore.of(sessions).root)
    return remove_finished(folder, clock.now(), retention(environ))


def _daily_clean(notifier: Notifier, last: dt.date | None) -> dt.date | None:
    """:func:`clean_jobs` once a day; a failure is logged, never fatal."""
    today = notifier.clock.today()
    if last == today:
        return last
    try:
        removed = clean_jobs(notifier.sessions, notifier.clock)
        if removed:
            log.info("removed %d finished background job(s)", removed)
    except Exception:
        log.exception("removing finished background jobs failed; trying again tomorrow")
    return today


def tick(scheduler: Scheduler, notifier: Notifier) -> None:
    """Run what is due, then deliver e-mail; a failure is logged, never fatal."""
    try:
        for result in scheduler.run_due():
            level = logging.INFO if result.status == "ok" else logging.WARNING
            log.log(
                level,
                "%s for company %d (%s): %s%s",
                result.job,
                result.company_id,
                result.period,
                result.status,
                f": {result.error}" if result.error else "",
            )
    except Exception:
        log.exception("running the due jobs failed; trying again next tick")
    try:
        documents = deliver_documents(notifier.sessions, notifier.clock, notifier)
        if any(to_jsonable(documents).values()):
            log.info("delivery: %s", to_jsonable(documents))
    except Exception:
        log.exception("delivering invoices failed; trying again next tick")
    try:
        report = notifier.deliver()
        if report.sent or report.retry or report.failed:
            log.info("e-mail: %s", to_jsonable(report))
        if isinstance(report, DeliveryWaiting) and report.waiting:
            log.warning(
                "%d e-mail(s) wait in the outbox: SMTP is not configured"
                " (set RESKONTRO_SMTP_HOST and RESKONTRO_SMTP_FROM)",
                report.waiting,
            )
    except Exception:
        log.exception("delivering e-mail failed; trying again next tick")


def run_worker(
    scheduler: Scheduler,
    notifier: Notifier,
    *,
    interval: float = 30.0,
    stop: threading.Event | None = None,
    max_ticks: int | None = None,
) -> int:
    """Tick until ``stop`` is set (or ``max_ticks`` ticks); returns the ticks done."""
    stop = stop or threading.Event()
    done = 0
    log.info("worker %s started (every %gs)", scheduler.auto.worker_id, interval)
    cleaned: dt.date | None = None
    while not stop.is_set():
        tick(scheduler, notifier)
        cleaned = _daily_clean(notifier, cleaned)
        done += 1
        if max_ticks is not None and done >= max_ticks:
            break
        stop.wait(interval)
    log.info("worker %s stopped", scheduler.auto.worker_id)
    return done


def stop_on_signals(stop: threading.Event) -> None:
    """SIGTERM and SIGINT ask the worker to stop after the job at hand."""

    def handler(signum: int, _frame: object) -> None:
        log.info("signal %d: stopping after the job at hand", signum)
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


__all__ = ["clean_jobs", "deliver_documents", "run_worker", "stop_on_signals", "tick"]
