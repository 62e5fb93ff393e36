"""Request bodies are capped before they are read in full (issue 11): a declared
``Content-Length`` over the cap is answered 413 before a byte of the body is read, and a
body without one (chunked) is counted as it streams in and cut off at the cap."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Final

from reskontro.i18n import render
from reskontro.messages import Message
from reskontro.services.payments.jobs import UploadCode

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Receive, Scope, Send
    from starlette.types import Message as AsgiMessage

#: The largest bank file taken by upload.
MAX_UPLOAD: Final = 50 * 1024 * 1024
#: The largest request body: an upload of :data:`MAX_UPLOAD` with its form around it.
MAX_BODY: Final = MAX_UPLOAD + 1024 * 1024


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Pure ASGI middleware (no buffering of its own) capping request bodies."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, send)
            return
        received = 0
        started = False

        async def counted() -> AsgiMessage:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge
            return message

        async def watched(message: AsgiMessage) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started:
                await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        api = str(scope.get("path", "")).startswith("/api")
        text = render(Message.of(UploadCode.TOO_LARGE, limit_mb=self.limit >> 20),
                      "en" if api else "nb")  # fmt: skip
        if api:
            body = json.dumps({"error": "PayloadTooLarge", "message": text}).encode()
            kind = b"application/json"
        else:
            body, kind = text.encode(), b"text/plain; charset=utf-8"
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", kind),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})  # fmt: skip
        await send({"type": "http.response.body", "body": body})
