"""``reskontro serve --workers N`` (issue 18): N processes answer on one port, each
with the app built from the environment ``serve`` hands them, each accepting on a
socket of its own so that connections opened together are spread over them."""

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

from reskontro.testing import workers as procs

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tests.web.conftest import Web

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def _serve(
    web: Web, tmp_path: Path, port: int, workers: int = 2
) -> Iterator[subprocess.Popen[str]]:
    command = [str(Path(sys.executable).parent / "reskontro"), "serve", "--no-demo",
               "--workers", str(workers), "--port", str(port), "--db", web.url]  # fmt: skip
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
        yield server
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.communicate()
        with contextlib.suppress(ProcessLookupError):  # a worker left behind
            os.killpg(server.pid, signal.SIGKILL)


def _until_serving(server: subprocess.Popen[str], port: int, workers: int = 2) -> list[int]:
    """Wait until /healthz answers and ``workers`` processes listen; their pids."""
    if not procs.until_serving(server, port, workers):
        os.killpg(server.pid, signal.SIGKILL)
        pytest.fail(f"serve --workers did not start:\n{server.communicate()[0]}")
    pids = procs.workers(server.pid)
    assert len(pids) == workers
    return pids


def test_serve_with_two_workers(web: Web, tmp_path: Path) -> None:
    port = _free_port()
    with _serve(web, tmp_path, port) as server:
        _until_serving(server, port)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            for _ in range(10):
                assert client.get("/login").status_code == 200
            client.get("/login")
            csrf = client.cookies["reskontro_login_csrf"]
            login = client.post("/login", data={"username": "admin", "password": "hemmelig-passord",
                                                "csrf": csrf})  # fmt: skip
            assert login.status_code in {200, 303}


def test_connections_opened_together_go_to_both_workers(web: Web, tmp_path: Path) -> None:
    """With one shared socket, a worker woken by the first of 20 connections opened at
    once accepted all 20 and the other idled; each worker now has a socket of its own
    and the kernel spreads the connections over them."""
    port = _free_port()
    with _serve(web, tmp_path, port) as server:
        pids = _until_serving(server, port)
        burst = [socket.create_connection(("127.0.0.1", port)) for _ in range(20)]
        try:
            deadline = time.monotonic() + 30
            while sum(procs.accepted(port, pid) for pid in pids) < 20:
                assert time.monotonic() < deadline, [procs.accepted(port, pid) for pid in pids]
                time.sleep(0.1)
            counts = [procs.accepted(port, pid) for pid in pids]
            # A hash of each client port picks the socket: all 20 on one worker, or
            # 19 to 1, has a chance of 4 in 100 000.
            assert min(counts) >= 2, counts
            for sock in burst:  # and they are served
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                assert sock.recv(100).startswith(b"HTTP/1.1 200")
        finally:
            for sock in burst:
                sock.close()


def test_a_worker_that_dies_is_replaced_and_nothing_is_lost(web: Web, tmp_path: Path) -> None:
    port = _free_port()
    with _serve(web, tmp_path, port) as server:
        first, second = _until_serving(server, port)
        os.kill(first, signal.SIGKILL)
        # Meanwhile connections hashed to its socket wait there for the new worker.
        answers = [
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=60).status_code for _ in range(10)
        ]
        assert answers == [200] * 10
        deadline = time.monotonic() + 60
        while first in procs.workers(server.pid) or len(procs.workers(server.pid)) < 2:
            assert time.monotonic() < deadline, procs.workers(server.pid)
            time.sleep(0.2)
        assert second in procs.workers(server.pid)


def test_a_port_already_served_is_refused(web: Web, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with _serve(web, tmp_path, port) as server:
            output = server.communicate(timeout=120)[0]
            assert server.returncode == 1
            assert f"127.0.0.1:{port} is already in use" in output


def test_sighup_replaces_the_workers_without_refusing_a_request(web: Web, tmp_path: Path) -> None:
    port = _free_port()
    with _serve(web, tmp_path, port) as server:
        before = set(_until_serving(server, port))
        server.send_signal(signal.SIGHUP)
        answers: list[int] = []
        deadline = time.monotonic() + 120
        while before & set(procs.workers(server.pid)) or len(procs.workers(server.pid)) < 2:
            assert time.monotonic() < deadline, procs.workers(server.pid)
            answers.append(httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=60).status_code)
        assert answers
        assert set(answers) == {200}
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=60).status_code == 200
