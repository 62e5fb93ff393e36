"""Pausing Python's cyclic garbage collector around bulk work.

Bulk work (reading a million OCR transactions, booking a million payments, a claims
file of 100 000 invoices, a chunk of a bulk run) makes millions of objects without
reference cycles, which reference counting frees. With the collector running, CPython
walks the survivors again and again as their number grows: more than half the time of
reading a 1 000 000-transaction file, 15-20 % of booking one, and a quarter of the
claims file's time (``bench/avtalegiro.py``), when measured. Objects that do form
cycles are not freed while paused, so code run inside must not make them in bulk.

Nested and concurrent jobs share one pause: the collector runs again when the last of
them ends, and only if it ran before the first began.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


class _Pause:
    """The jobs running with the collector paused, and whether to resume it after."""

    lock = threading.Lock()
    jobs = 0
    resume = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off; restore its previous state when
    the last paused block ends, also on errors."""
    with _Pause.lock:
        if _Pause.jobs == 0:
            _Pause.resume = gc.isenabled()
            gc.disable()
        _Pause.jobs += 1
    try:
        yield
    finally:
        with _Pause.lock:
            _Pause.jobs -= 1
            if _Pause.jobs == 0 and _Pause.resume:
                gc.enable()


__all__ = ["collector_paused"]
