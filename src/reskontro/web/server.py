"""How ``reskontro serve`` runs the app under uvicorn: which proxy, if any, is trusted.

uvicorn by itself believes ``X-Forwarded-For``/``X-Forwarded-Proto`` from 127.0.0.1
(or ``$FORWARDED_ALLOW_IPS``), so anything on the same machine, or a proxy that passes
the header through, could name any client address and walk past the per-address login
limit. Here nothing forwarded is believed unless the operator names the proxy
(``reskontro serve --forwarded-allow-ips`` or :data:`TRUSTED_PROXIES_ENV`); only then is
the client address, and ``https`` for HSTS and Secure cookies, taken from its headers.
uvicorn's ``Server`` header is left out.

With ``--workers N`` N processes are started, each listening on a socket of its own on
the same port (:mod:`reskontro.web.workers` says why); each builds its own app with
:func:`app_from_env` from what ``serve`` put in the environment (the database URL and
whether cookies are Secure), with its own connection pool.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Final

import uvicorn

from reskontro.web.workers import Supervisor, spreads_connections, worker_sockets

if TYPE_CHECKING:
    from collections.abc import Mapping

    from fastapi import FastAPI

TRUSTED_PROXIES_ENV: Final = "RESKONTRO_TRUSTED_PROXIES"
SECURE_COOKIES_ENV: Final = "RESKONTRO_SECURE_COOKIES"
#: What a worker process imports to build its app (``uvicorn --factory``).
APP_FACTORY: Final = "reskontro.web.server:app_from_env"


def trusted_proxies(option: str | None, env: Mapping[str, str] | None = None) -> str | None:
    """The proxies named by the option, else by the environment, else none.

    >>> trusted_proxies(None, {}) is None
    True
    >>> trusted_proxies(None, {"RESKONTRO_TRUSTED_PROXIES": " 10.0.0.5 "})
    '10.0.0.5'
    >>> trusted_proxies("127.0.0.1", {"RESKONTRO_TRUSTED_PROXIES": "10.0.0.5"})
    '127.0.0.1'
    """
    chosen = (
        option
        if option is not None
        else (env if env is not None else os.environ).get(TRUSTED_PROXIES_ENV)
    )
    chosen = (chosen or "").strip()
    return chosen or None


def server_options(
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    proxies: str | None = None,
    log_level: str = "info",
) -> dict[str, Any]:
    """uvicorn's settings for ``reskontro serve``, whatever the number of workers."""
    return {
        "host": host,
        "port": port,
        "log_level": log_level,
        "server_header": False,
        "proxy_headers": proxies is not None,
        "forwarded_allow_ips": proxies if proxies is not None else "",
    }


def run_workers(
    workers: int,
    *,
    database_url: str,
    secure_cookies: bool,
    host: str = "127.0.0.1",
    port: int = 8000,
    proxies: str | None = None,
) -> bool:
    """Serve with ``workers`` processes until stopped; one that dies is restarted.

    False when a worker could not start at all (its app or database is broken). Raises
    :class:`~reskontro.web.workers.PortTaken` when the port is served already.
    """
    os.environ["RESKONTRO_DATABASE_URL"] = database_url
    os.environ[SECURE_COOKIES_ENV] = "1" if secure_cookies else ""
    options = server_options(host=host, port=port, proxies=proxies)
    if not spreads_connections():
        uvicorn.run(APP_FACTORY, factory=True, workers=workers, **options)
        return True
    sockets = worker_sockets(host, port, workers)
    supervisor = Supervisor(
        uvicorn.Config(APP_FACTORY, factory=True, workers=workers, **options), sockets
    )
    supervisor.run()
    return not supervisor.failed


def app_from_env() -> FastAPI:
    """The app of one worker process: the database from ``RESKONTRO_DATABASE_URL``."""
    from reskontro.clock import SystemClock
    from reskontro.storage.db import make_engine, session_factory
    from reskontro.web.app import create_app

    sessions = session_factory(make_engine())
    secure = os.environ.get(SECURE_COOKIES_ENV, "") not in {"", "0"}
    return create_app(sessions, SystemClock(), secure_cookies=secure)


def uvicorn_config(
    app: FastAPI,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    proxies: str | None = None,
    log_level: str = "info",
) -> uvicorn.Config:
    """The server's settings: forwarded headers only from ``proxies`` (comma-separated
    addresses or networks; ``None``: from nobody), and no ``Server`` header."""
    return uvicorn.Config(
        app, **server_options(host=host, port=port, proxies=proxies, log_level=log_level)
    )
