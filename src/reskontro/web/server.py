"""How ``reskontro serve`` runs the app under uvicorn: which proxy, if any, is trusted.

uvicorn by itself believes ``X-Forwarded-For``/``X-Forwarded-Proto`` from 127.0.0.1
(or ``$FORWARDED_ALLOW_IPS``), so anything on the same machine, or a proxy that passes
the header through, could name any client address and walk past the per-address login
limit. Here nothing forwarded is believed unless the operator names the proxy
(``reskontro serve --forwarded-allow-ips`` or :data:`TRUSTED_PROXIES_ENV`); only then is
the client address, and ``https`` for HSTS and Secure cookies, taken from its headers.
uvicorn's ``Server`` header is left out.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Final

import uvicorn

if TYPE_CHECKING:
    from collections.abc import Mapping

    from fastapi import FastAPI

TRUSTED_PROXIES_ENV: Final = "RESKONTRO_TRUSTED_PROXIES"


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
        app,
        host=host,
        port=port,
        log_level=log_level,
        server_header=False,
        proxy_headers=proxies is not None,
        forwarded_allow_ips=proxies if proxies is not None else "",
    )
