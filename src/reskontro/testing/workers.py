"""What the worker processes of ``reskontro serve --workers N`` hold, read from Linux's
/proc, and when such a server is up: for the tests of :mod:`reskontro.web.workers` and
the load benchmark, which both need to know that every worker listens and how the
connections went."""

from __future__ import annotations

import contextlib
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess

LISTEN = "0A"
ESTABLISHED = "01"


def supported() -> bool:
    """Whether this machine has the /proc files read here."""
    return Path("/proc/self/task").exists() and Path("/proc/net/tcp").exists()


def tcp(port: int) -> list[tuple[str, int]]:
    """(state, inode) of every IPv4 TCP socket on local ``port``."""
    rows = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port:
            rows.append((fields[3], int(fields[9])))
    return rows


def listening(port: int) -> int:
    """How many sockets listen on ``port`` (one per worker once its app is built)."""
    return sum(1 for state, _ in tcp(port) if state == LISTEN)


def workers(pid: int) -> list[int]:
    """The worker processes under the supervisor ``pid`` (not multiprocessing's
    resource tracker)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    children = [int(p) for p in path.read_text().split()] if path.exists() else []
    return [child for child in children if b"resource_tracker" not in _cmdline(child)]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # gone meanwhile
        return b"resource_tracker"


def _socket_inodes(pid: int) -> set[int]:
    inodes = set()
    with contextlib.suppress(OSError):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                target = str(fd.readlink())
                if target.startswith("socket:["):
                    inodes.add(int(target[8:-1]))
    return inodes


def accepted(port: int, pid: int, rows: list[tuple[str, int]] | None = None) -> int:
    """How many connections to ``port`` the process has accepted and holds open
    (``rows``: :func:`tcp`'s, when already read)."""
    mine = _socket_inodes(pid)
    found = tcp(port) if rows is None else rows
    return sum(1 for state, inode in found if state == ESTABLISHED and inode in mine)


def connections_per_worker(port: int, supervisor: int) -> list[int]:
    """How many connections each worker under ``supervisor`` holds, most first."""
    rows = tcp(port)
    return sorted((accepted(port, pid, rows) for pid in workers(supervisor)), reverse=True)


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
            return bool(answer.status == 200)
    except (OSError, urllib.error.URLError):
        return False


def until_serving(
    server: subprocess.Popen[str] | subprocess.Popen[bytes],
    port: int,
    count: int,
    seconds: float = 180,
) -> bool:
    """Wait until the ``reskontro serve`` process ``server`` answers ``/healthz`` on
    ``port`` and, where /proc tells, ``count`` sockets listen there (each worker listens
    once its app is built: a client that connected before the second listens would be
    the first's). False when it exited or ``seconds`` ran out."""
    deadline = time.monotonic() + seconds
    while not _answers(port) or (supported() and listening(port) < count):
        if time.monotonic() > deadline or server.poll() is not None:
            return False
        time.sleep(0.2)
    return True
