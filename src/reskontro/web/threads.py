"""How many requests one server process works on at once.

The page handlers are plain ``def`` and run in anyio's thread pool (40 threads by
default). Measured with 20 users at 1 000 000 invoices on SQLite, 40 threads contending
for one interpreter spent 21 ms of CPU a page where one request at a time costs 12 ms:
the pages waited on each other for the GIL, not on the database. With 8 threads the
same load ran 68.5 pages/s (p95 450 ms) against 54.3 (p95 712 ms) with 40; 4 threads gave
74.7, but leave fewer for long requests (an export, a synchronous API import). A small
pool keeps the other requests queued on the event loop, which costs nothing, while a few
run (``bench/web_load.py``; docs/web.md). More throughput comes from more worker
processes (``serve --workers N``), not more threads.

``RESKONTRO_WEB_THREADS`` sets the pool's size (default :data:`DEFAULT`).
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING

import anyio.to_thread

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from fastapi import FastAPI

ENV = "RESKONTRO_WEB_THREADS"
DEFAULT = 8


def pool_size() -> int:
    """The thread pool's size: ``RESKONTRO_WEB_THREADS`` when a whole number ≥ 1."""
    text = os.environ.get(ENV, "").strip()
    return int(text) if text.isdigit() and int(text) >= 1 else DEFAULT


@contextlib.asynccontextmanager
async def request_threads(_app: FastAPI) -> AsyncIterator[None]:
    """The app's lifespan: size the thread pool the handlers run in."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = pool_size()
    yield
