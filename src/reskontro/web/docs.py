"""The API documentation: the OpenAPI schema, Swagger UI and ReDoc, for logged-in users.

The pages work on a machine without internet: Swagger UI's and ReDoc's JavaScript and
CSS come from the ``fastapi-offline`` package (pinned in ``pyproject.toml``; it ships
``swagger-ui-bundle.js``/``swagger-ui.css`` (Apache-2.0) and ``redoc.standalone.js``
(MIT) and nothing we run besides), served under :data:`~reskontro.web.headers.DOCS_ASSETS`.
FastAPI's own page helpers start the libraries with an inline ``<script>``, which the
Content-Security-Policy forbids, so the two pages are written here and started by
``/static/docs.js``.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from reskontro.errors import NotFound
from reskontro.messages import Message
from reskontro.web.codes import WebCode
from reskontro.web.deps import PagePrincipal
from reskontro.web.headers import DOCS_ASSETS

ASSETS = Path(fastapi_offline.__file__).parent / "static"
OPENAPI_URL = "/api/v1/openapi.json"
FILES = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "text/javascript",
    "favicon.png": "image/png",
}


def _page(title: str, head: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<link rel="icon" href="{DOCS_ASSETS}/favicon.png">{head}</head>'
        f'<body>{body}<script src="/static/docs.js"></script></body></html>'
    )


def add_docs(app: FastAPI) -> None:
    """``/api/v1/openapi.json``, ``/api/v1/docs`` (Swagger UI), ``/api/v1/redoc``."""

    @app.get(DOCS_ASSETS + "/{name}", include_in_schema=False)
    def asset(principal: PagePrincipal, name: str) -> FileResponse:
        """The libraries' files, to logged-in users like the pages that use them."""
        del principal
        if name not in FILES:
            raise NotFound(Message.of(WebCode.NO_PAGE))
        return FileResponse(
            ASSETS / name,
            media_type=FILES[name],
            headers={"Cache-Control": "private, max-age=86400"},
        )

    @app.get(OPENAPI_URL, include_in_schema=False)
    def openapi(principal: PagePrincipal) -> JSONResponse:
        del principal
        if app.openapi_schema is None:
            app.openapi_schema = get_openapi(
                title=app.title, version=app.version, summary=app.summary, routes=app.routes
            )
        return JSONResponse(app.openapi_schema)

    @app.get("/api/v1/docs", include_in_schema=False)
    def docs(principal: PagePrincipal) -> HTMLResponse:
        del principal
        return _page(
            "reskontro API",
            f'<link rel="stylesheet" href="{DOCS_ASSETS}/swagger-ui.css">'
            f'<script src="{DOCS_ASSETS}/swagger-ui-bundle.js"></script>',
            f'<div id="swagger-ui" data-openapi="{OPENAPI_URL}"></div>',
        )

    @app.get("/api/v1/redoc", include_in_schema=False)
    def redoc(principal: PagePrincipal) -> HTMLResponse:
        del principal
        return _page(
            "reskontro API – ReDoc",
            f'<script src="{DOCS_ASSETS}/redoc.standalone.js"></script>',
            f'<div id="redoc" data-openapi="{OPENAPI_URL}"></div>',
        )
