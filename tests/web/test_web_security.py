"""The web app's security headers, the offline API documentation, and who is believed
about the client's address (issue 16, security).

The server tests run the app under real uvicorn on loopback with the settings
``reskontro serve`` uses (:func:`reskontro.web.server.uvicorn_config`).
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import httpx2 as httpx
import pytest
import uvicorn

from reskontro.web.headers import CSP
from reskontro.web.server import trusted_proxies, uvicorn_config

if TYPE_CHECKING:
    from collections.abc import Iterator

    from fastapi import FastAPI
    from playwright.sync_api import Route
    from tests.web.conftest import Web

CHROMIUM = Path("/usr/bin/chromium")
PAGES = ("/", "/invoices", "/invoices/new", "/customers", "/payments", "/inbox",
         "/settings", "/settings/bank", "/status", "/audit", f"/invoices/{10**6}")  # fmt: skip


def test_strict_headers_on_pages_and_api(web: Web) -> None:
    client, _ = web.login()
    for path in PAGES:
        response = client.get(path)
        assert response.headers["Content-Security-Policy"] == CSP, path
        assert response.headers["Cache-Control"] == "no-store", path
        assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "camera=()" in response.headers["Permissions-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in response.headers
    api = web.api("admin").get(f"/api/v1/companies/{web.company}/invoices")
    assert api.status_code == 200
    assert api.headers["Cache-Control"] == "no-store"
    refused = web.client().get(f"/api/v1/companies/{web.company}/invoices")
    assert refused.status_code == 401
    assert refused.headers["Cache-Control"] == "no-store"
    assert web.client().get("/login").headers["Cache-Control"] == "no-store"
    static = web.client().get("/static/app.css")
    assert "Cache-Control" not in static.headers
    assert static.headers["Content-Security-Policy"] == CSP


def test_csp_forbids_inline_script_and_style(web: Web) -> None:
    assert "'unsafe-inline'" not in CSP
    assert "'unsafe-eval'" not in CSP
    assert "default-src 'self'" in CSP
    assert "frame-ancestors 'none'" in CSP
    client, _ = web.login()
    for path in PAGES:
        html = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\son[a-z]+=", html), path
        assert "javascript:" not in html, path
        assert not re.search(r"\sstyle=|<style", html), path


def test_hsts_only_over_tls(web: Web) -> None:
    from fastapi.testclient import TestClient

    tls = TestClient(web.app, base_url="https://testserver")
    assert "max-age=" in tls.get("/login").headers["Strict-Transport-Security"]
    assert "Strict-Transport-Security" not in web.client().get("/login").headers


def test_trusted_proxies_come_from_the_operator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RESKONTRO_TRUSTED_PROXIES", raising=False)
    assert trusted_proxies(None) is None
    monkeypatch.setenv("RESKONTRO_TRUSTED_PROXIES", "10.0.0.1")
    assert trusted_proxies(None) == "10.0.0.1"
    assert trusted_proxies("127.0.0.1") == "127.0.0.1"


@contextmanager
def served(app: FastAPI, proxies: str | None = None) -> Iterator[str]:
    """The app under uvicorn on a loopback socket, with ``reskontro serve``'s settings."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn_config(app, port=port, proxies=proxies, log_level="warning")
    config.lifespan = "off"
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def _failed_logins(url: str, count: int) -> list[int]:
    """``count`` failed logins, each naming another user and another forwarded address."""
    statuses = []
    with httpx.Client(base_url=url) as client:
        client.get("/login")
        csrf = client.cookies["reskontro_login_csrf"]
        for i in range(count):
            response = client.post(
                "/login",
                data={"username": f"guess{i}", "password": "wrong-password", "csrf": csrf},
                headers={"X-Forwarded-For": f"203.0.113.{i + 1}"},
            )
            statuses.append(response.status_code)
    return statuses


@pytest.mark.slow
def test_no_server_header_and_forwarded_for_ignored_by_default(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reskontro.services.users import MAX_IP_FAILURES

    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "*")  # uvicorn's own variable: not ours
    with served(web.app) as url:
        response = httpx.get(url + "/login", headers={"X-Forwarded-Proto": "https"})
        assert "server" not in response.headers
        assert "Strict-Transport-Security" not in response.headers
        statuses = _failed_logins(url, MAX_IP_FAILURES + 1)
    # Rotating X-Forwarded-For does not hide that every attempt came from one address.
    assert statuses[:MAX_IP_FAILURES] == [401] * MAX_IP_FAILURES
    assert statuses[-1] == 429


@pytest.mark.slow
def test_a_named_proxy_is_believed(web: Web) -> None:
    from reskontro.services.users import MAX_IP_FAILURES

    with served(web.app, proxies="127.0.0.1") as url:
        response = httpx.get(url + "/login", headers={"X-Forwarded-Proto": "https"})
        assert "max-age=" in response.headers["Strict-Transport-Security"]
        assert "secure" in response.headers["set-cookie"].lower()
        statuses = _failed_logins(url, MAX_IP_FAILURES + 1)
    # Behind the named proxy each forwarded address is its own client.
    assert statuses == [401] * (MAX_IP_FAILURES + 1)


@pytest.mark.slow
@pytest.mark.parametrize(("path", "ready"), [("/api/v1/docs", ".opblock"),
                                             ("/api/v1/redoc", "[role=menuitem], li")])  # fmt: skip
def test_api_docs_load_offline_under_the_csp(web: Web, path: str, ready: str) -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: CI must `apt-get install -y chromium`")
        pytest.skip("/usr/bin/chromium is not installed")
    from playwright.sync_api import sync_playwright

    with served(web.app) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        outside: list[str] = []
        errors: list[str] = []

        def block(route: Route) -> None:
            if route.request.url.startswith(url):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.route("**/*", block)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(url + "/login")
        page.fill("input[name=username]", "admin")
        page.fill("input[name=password]", "hemmelig-passord")
        page.click("button[type=submit]")
        page.wait_for_url(url + "/")
        page.goto(url + path)
        page.wait_for_selector(ready, timeout=20000)
        assert "/invoices" in page.content()
        browser.close()
    assert outside == []
    # ReDoc's "powered by" badge points at its CDN; the CSP blocks it (nothing else).
    blocked = [e for e in errors if "Content Security Policy" in e]
    assert [e for e in blocked if "cdn.redoc.ly/redoc/logo-mini.svg" not in e] == []
