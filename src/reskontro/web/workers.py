"""``reskontro serve --workers N``: N processes, each accepting on a socket of its own.

uvicorn's own supervisor hands every worker the one listening socket. A worker's event
loop accepts, at each wake-up, every connection then waiting (up to the backlog, 2 048),
so connections opened together all go to whichever worker woke first and the other one
idles: a reverse proxy's keep-alive connections after a restart, or the load
benchmark's API users, who connect at once (`python -m bench web_load`: 2 workers
answered 1.17x the requests of one on PostgreSQL, with a third of the machine idle).

Here each worker listens on a socket of its own, all bound to the same address with
``SO_REUSEPORT``, and Linux spreads new connections over them by a hash of the client's
address and port (what nginx's ``reuseport`` does for its own workers). uvicorn has no
option for it, hence this supervisor; it uses uvicorn's :class:`Process` (the spawned
child and its health-check pipe) and does what uvicorn's does otherwise: restart a
worker that dies or stops answering, stop all on SIGINT/SIGTERM, and give up when a
worker cannot start at all, and on SIGHUP replace the workers one by one (each new one
serving before the old one stops: a deploy without a refused request). A connection
that arrives while its worker restarts waits in that worker's socket, which the
supervisor keeps open, and is served by the new one.

Where ``SO_REUSEPORT`` does not spread connections (not Linux), uvicorn's supervisor
with its one shared socket is used as before.
"""

from __future__ import annotations

import errno
import logging
import signal
import socket
import sys
import threading
from typing import TYPE_CHECKING

from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors.multiprocess import Process

if TYPE_CHECKING:
    from types import FrameType

    import uvicorn

logger = logging.getLogger("uvicorn.error")


class PortTaken(Exception):
    """The address is already served by another process."""

    def __init__(self, host: str, port: int) -> None:
        super().__init__(f"{host}:{port} is already in use")
        self.host = host
        self.port = port


def spreads_connections() -> bool:
    """Whether the kernel spreads connections over sockets sharing a port (Linux)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def worker_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """``count`` sockets bound to ``host:port`` with ``SO_REUSEPORT``, not yet listening.

    Port 0 picks a free port for the first and binds the others to the same one. A
    port that another process already listens on is refused, even one that also uses
    ``SO_REUSEPORT`` (which would otherwise let a second ``serve`` on the same port
    quietly take half the connections): a socket without the option is bound first
    and must succeed.
    """
    probe = socket.socket(_family(host), socket.SOCK_STREAM)
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        probe.bind((host, port))
        port = int(probe.getsockname()[1])
    except OSError as exc:
        probe.close()
        if exc.errno == errno.EADDRINUSE:
            raise PortTaken(host, port) from exc
        raise
    probe.close()
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.socket(_family(host), socket.SOCK_STREAM)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind((host, port))
            sock.set_inheritable(True)
    except OSError as exc:
        for sock in sockets:
            sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise PortTaken(host, port) from exc
        raise
    return sockets


class Supervisor:
    """Runs one uvicorn worker per socket until asked to stop."""

    def __init__(self, config: uvicorn.Config, sockets: list[socket.socket]) -> None:
        self.config = config
        self.sockets = sockets
        self.processes: list[Process] = []
        self.should_exit = threading.Event()
        self.should_restart = threading.Event()
        #: A worker failed before it served: the app or its database is broken.
        self.failed = False

    def _start(self, index: int) -> Process:
        process = Process(self.config, [self.sockets[index]])
        process.start()
        return process

    def _stop_on(self, _signum: int, _frame: FrameType | None) -> None:
        self.should_exit.set()

    def _restart_on(self, _signum: int, _frame: FrameType | None) -> None:
        self.should_restart.set()

    def run(self) -> None:
        """Start the workers, keep them alive, and stop them all on SIGINT/SIGTERM."""
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self._stop_on)
        signal.signal(signal.SIGHUP, self._restart_on)
        host, port = self.sockets[0].getsockname()[:2]
        logger.info(
            "Uvicorn running on http://%s:%d with %d workers, a socket each (Press CTRL+C"
            " to quit)", host, port, len(self.sockets),
        )  # fmt: skip
        self.processes = [self._start(index) for index in range(len(self.sockets))]
        try:
            while not self.should_exit.wait(0.5):
                if self.should_restart.is_set():
                    self.should_restart.clear()
                    self.restart_all()
                self.keep_alive()
        finally:
            for process in self.processes:
                process.terminate()
            for process in self.processes:
                process.join()
            for sock in self.sockets:
                sock.close()

    def keep_alive(self) -> None:
        """Replace a worker that died or stopped answering its health check."""
        for index, process in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()
            process.join()
            if process.exitcode == STARTUP_FAILURE:
                # It failed before serving (the app or the database is broken): every
                # restart would fail the same way.
                logger.error("Worker [%s] failed to start; stopping.", process.pid)
                self.failed = True
                self.should_exit.set()
                return
            logger.info("Worker [%s] died; starting another", process.pid)
            self.processes[index] = self._start(index)

    def restart_all(self) -> None:
        """Replace each worker by a new one, the new one serving before the old stops.

        Both listen on the same socket meanwhile, so no connection is refused; a new
        one that is not ready in time is stopped and the old one kept.
        """
        logger.info("Received SIGHUP, replacing the workers one by one")
        for index, old in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            new = self._start(index)
            if not new.wait_until_ready(self.config.timeout_worker_healthcheck * 12,
                                        self.should_exit):  # fmt: skip
                new.kill()
                new.join()
                logger.error("A new worker was not ready in time; keeping [%s]", old.pid)
                return
            old.terminate()
            old.join()
            self.processes[index] = new
