"""Bulk runs started from the web: a run of more than one chunk goes on in a background
thread of the server while its page shows how far it has come (``app.js`` polls
``/invoicing/bulk/{run_id}/progress``), then the result.

A run is resumable and safe to run twice at once (:mod:`reskontro.services.invoicing.bulk`),
so the page of a run left pending (the server restarted in the middle) starts it again,
and two server processes working on one run issue each invoice once.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reskontro.services.invoicing.bulk import Bulk

log = logging.getLogger(__name__)
_running: dict[tuple[int, str], threading.Thread] = {}
_lock = threading.Lock()


def _run(bulk: Bulk, company_id: int, run_id: str) -> None:
    try:
        bulk.run(company_id, run_id)
    except Exception:  # the run stays pending: its page starts it again
        log.exception("bulk run %s of company %s stopped", run_id, company_id)
    finally:
        with _lock:
            _running.pop((company_id, run_id), None)


def run_in_background(bulk: Bulk, company_id: int, run_id: str) -> None:
    """Issue the run's pending items in a thread (unless this process runs it already)."""
    with _lock:
        running = _running.get((company_id, run_id))
        if running is not None and running.is_alive():
            return
        thread = threading.Thread(
            target=_run, args=(bulk, company_id, run_id), name=f"bulk-{run_id}", daemon=True
        )
        _running[(company_id, run_id)] = thread
        thread.start()


def wait(company_id: int, run_id: str, timeout: float | None = None) -> None:
    """Wait for this process's thread of a run (for tests and a clean shutdown)."""
    with _lock:
        running = _running.get((company_id, run_id))
    if running is not None:
        running.join(timeout)


__all__ = ["run_in_background", "wait"]
