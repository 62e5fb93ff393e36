"""The cyclic garbage collector paused while a bulk job builds many objects.

A claims file of 100 000 invoices or a chunk of a bulk run creates a few hundred
thousand small objects that live until the job ends; each allocation burst makes the
collector walk every object the process holds, again and again (a quarter of the
claims file's time, measured by ``bench/avtalegiro.py``). None of them form cycles, so
the collector waits until the job is done (reference counting still frees everything
as usual). Nested and concurrent jobs share one pause: the collector runs again when
the last of them ends.
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
    """Run the block with the cyclic collector off (unless it was off already)."""
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
