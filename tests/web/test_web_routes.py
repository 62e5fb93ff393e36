"""Every route needs a login, except the login page, static files and the health check."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from fastapi.routing import APIRoute
from starlette.routing import Mount

if TYPE_CHECKING:
    from tests.web.conftest import Web

PUBLIC = {("GET", "/login"), ("POST", "/login"), ("GET", "/healthz")}


def _routes(routes: list[Any]) -> list[Any]:
    found: list[Any] = []
    for route in routes:
        original = getattr(route, "original_router", None)
        if original is not None:  # FastAPI's included router
            found.extend(_routes(original.routes))
        else:
            found.append(route)
    return found


def test_every_route_needs_authentication(web: Web) -> None:
    client = web.client()
    checked = 0
    for route in _routes(web.app.routes):
        if isinstance(route, Mount):
            assert route.path == "/static"
            continue
        assert isinstance(route, APIRoute), route
        path = re.sub(r"\{[^}]+\}", "1", route.path)
        for method in route.methods or ():
            if (method, route.path) in PUBLIC or method == "HEAD":
                continue
            response = client.request(method, path, follow_redirects=False)
            checked += 1
            assert response.status_code in {401, 303}, (method, route.path, response.status_code)
            if response.status_code == 303:
                assert response.headers["location"] == "/login"
    assert checked >= 40


def test_public_routes_answer(web: Web) -> None:
    client = web.client()
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/login").status_code == 200
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/nothing-here").status_code == 404
