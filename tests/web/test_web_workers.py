"""``reskontro serve --workers N`` (issue 18): N processes answer on one port, each
with the app built from the environment ``serve`` hands them."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import httpx2 as httpx
import pytest

if TYPE_CHECKING:
    from tests.web.conftest import Web


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _workers(pid: int) -> list[int]:
    """The worker processes under uvicorn's supervisor (not multiprocessing's
    resource tracker)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    children = [int(p) for p in path.read_text().split()] if path.exists() else []
    return [child for child in children if b"resource_tracker" not in _cmdline(child)]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # gone meanwhile
        return b"resource_tracker"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_serve_with_two_workers(web: Web, tmp_path: Path) -> None:
    port = _free_port()
    command = [str(Path(sys.executable).parent / "reskontro"), "serve", "--no-demo",
               "--workers", "2", "--port", str(port), "--db", web.url]  # fmt: skip
    env = os.environ | {"RESKONTRO_FILE_STORE": str(tmp_path / "files")}
    server = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: the workers end with it
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                os.killpg(server.pid, signal.SIGKILL)
                pytest.fail(f"serve --workers 2 did not start:\n{server.communicate()[0]}")
            time.sleep(0.2)
        while len(_workers(server.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(_workers(server.pid)) == 2
        with httpx.Client(base_url=url) as client:
            for _ in range(10):
                assert client.get("/login").status_code == 200
            client.get("/login")
            csrf = client.cookies["reskontro_login_csrf"]
            login = client.post("/login", data={"username": "admin", "password": "hemmelig-passord",
                                                "csrf": csrf})  # fmt: skip
            assert login.status_code in {200, 303}
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.communicate()
        with contextlib.suppress(ProcessLookupError):  # a worker left behind
            os.killpg(server.pid, signal.SIGKILL)
