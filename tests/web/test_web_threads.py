"""The web app's thread pool is small (``web/threads.py``): 20 users on one process ran
faster with 8 threads than with anyio's 40 (``bench/web_load.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import anyio.to_thread
from fastapi.testclient import TestClient

from reskontro.web import threads

if TYPE_CHECKING:
    import pytest
    from tests.web.conftest import Web


def _tokens(web: Web) -> float:
    seen: list[float] = []

    async def read() -> None:
        seen.append(anyio.to_thread.current_default_thread_limiter().total_tokens)

    with TestClient(web.app) as client:
        client.portal.call(read)  # type: ignore[union-attr]
    return seen[0]


def test_the_pool_is_sized_at_start(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(threads.ENV, raising=False)
    assert _tokens(web) == threads.DEFAULT
    monkeypatch.setenv(threads.ENV, "6")
    assert _tokens(web) == 6
    monkeypatch.setenv(threads.ENV, "zero")
    assert threads.pool_size() == threads.DEFAULT
