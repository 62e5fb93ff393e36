"""GET and HEAD requests read: their SQLite transactions begin DEFERRED.

Under WAL a deferred transaction reads from its snapshot beside a writer, so a page
answers while an import or an issuing run holds the write lock, and readers do not
queue behind one another (``BEGIN IMMEDIATE`` for every page made each page view take
the write lock). Writes begin ``IMMEDIATE`` as before. A GET that must write (none
should) wraps that part in :func:`reskontro.storage.db.writing`.

A pure ASGI middleware: the flag is a context variable set in the request's own task,
so the endpoint, and the thread a plain ``def`` endpoint runs in, see it.
"""

from __future__ import annotations

import re
from typing import Final

from starlette.types import ASGIApp, Receive, Scope, Send

from reskontro.storage.db import reading

READ_METHODS: Final = frozenset({"GET", "HEAD"})
#: POSTs that write no row: asking a follow-up run to stop writes a file beside its
#: job. It must answer while that run holds the write lock (that is when it is asked).
READ_POSTS: Final = re.compile(r"(/api/v1/companies/\d+)?/followup/runs/[\w-]+/cancel")


class ReadOnlyRequests:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _reads(scope):
            await self.app(scope, receive, send)
            return
        with reading():
            await self.app(scope, receive, send)


def _reads(scope: Scope) -> bool:
    method = scope.get("method")
    if method in READ_METHODS:
        return True
    return method == "POST" and READ_POSTS.fullmatch(str(scope.get("path", ""))) is not None
