"""The security headers every response carries, in one place.

- A strict Content-Security-Policy: scripts, styles, images and connections from this
  origin only, nothing inline (the pages' behaviour lives in ``/static/app.js`` and is
  declared with ``data-`` attributes), no plug-ins, no framing, forms post here only.
  The API documentation pages (Swagger UI and ReDoc, served from the package) are the
  one exception: both libraries set styles inline and ReDoc runs its search in a
  ``blob:`` worker, so those two pages allow inline *styles* and blob workers; still no
  inline script.
- ``Cache-Control: no-store`` on every answer but the static assets: pages carry the
  user's books and a CSRF token, API answers carry data, and neither belongs in a
  shared or back-button cache.
- ``Strict-Transport-Security`` only when the request came over TLS, which is also
  what uvicorn reports when a *named* proxy says ``X-Forwarded-Proto: https``
  (:mod:`reskontro.web.server`); a plain-HTTP answer must not pin HTTPS.
- ``Permissions-Policy`` (no camera, microphone, location, payment ...),
  ``Cross-Origin-Opener-Policy: same-origin``, ``X-Content-Type-Options``,
  ``X-Frame-Options``, ``Referrer-Policy``.
"""

from __future__ import annotations

from typing import Final

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Where the API documentation's own assets are served from (see ``docs.add_docs``).
DOCS_ASSETS: Final = "/api/v1/docs-assets"
DOCS_PAGES: Final = frozenset({"/api/v1/docs", "/api/v1/redoc"})

_BASE: Final = (
    "default-src 'self'",
    "script-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
CSP: Final = "; ".join((*_BASE, "style-src 'self'"))
DOCS_CSP: Final = "; ".join((*_BASE, "style-src 'self' 'unsafe-inline'", "worker-src blob:"))

PERMISSIONS_POLICY: Final = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
HSTS: Final = "max-age=31536000; includeSubDomains"


def _cacheable(path: str) -> bool:
    """Static assets (CSS, JS, the documentation's bundles) may be cached."""
    return path.startswith(("/static/", DOCS_ASSETS + "/"))


def headers_for(path: str, *, https: bool) -> dict[str, str]:
    """The security headers of an answer to ``path``.

    >>> h = headers_for("/invoices", https=False)
    >>> h["Cache-Control"], "Strict-Transport-Security" in h
    ('no-store', False)
    >>> "unsafe-inline" in h["Content-Security-Policy"]
    False
    >>> "Cache-Control" in headers_for("/static/app.css", https=True)
    False
    """
    found = {
        "Content-Security-Policy": DOCS_CSP if path in DOCS_PAGES else CSP,
        "Permissions-Policy": PERMISSIONS_POLICY,
        "Cross-Origin-Opener-Policy": "same-origin",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
    }
    if not _cacheable(path):
        found["Cache-Control"] = "no-store"
    if https:
        found["Strict-Transport-Security"] = HSTS
    return found


class SecurityHeaders:
    """Pure ASGI middleware (it also covers answers from exception handlers and mounts,
    which ``@app.middleware("http")`` sees too, but without buffering the body)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = headers_for(scope["path"], https=scope.get("scheme") == "https")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in extra.items():
                    if name == "Cache-Control" or name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
