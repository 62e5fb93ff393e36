"""A throwaway PostgreSQL cluster for tests and benchmarks.

Started with the server binaries found on PATH or under /usr/lib/postgresql (Debian's
``postgresql`` package), in a temporary directory, listening on a Unix socket only.
PostgreSQL refuses to run as root, so as root the cluster runs as the ``postgres``
system user (which Debian's package creates).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


def find_bindir() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl``, or None."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


@dataclass
class Cluster:
    bindir: Path
    datadir: Path
    sockdir: Path
    port: int
    user: str | None

    def run(self, *args: str) -> None:
        cmd = list(args)
        if self.user is not None:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, text=True)  # noqa: S603

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.sockdir}&port={self.port}"

    def psql_url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.sockdir}&port={self.port}"


@contextlib.contextmanager
def throwaway_cluster() -> Iterator[Cluster | None]:
    """Start a cluster for the duration of the block; yield None without binaries."""
    bindir = find_bindir()
    if bindir is None:
        yield None
        return
    user: str | None = None
    if os.geteuid() == 0:
        user = "postgres"
        try:
            pw = pwd.getpwnam(user)
        except KeyError:
            yield None
            return
    base = Path(tempfile.mkdtemp(prefix="reskontro-pg-"))
    datadir, sockdir = base / "data", base / "sock"
    sockdir.mkdir()
    if user is not None:
        for path in (base, sockdir):
            os.chown(path, pw.pw_uid, pw.pw_gid)
    port = 54000 + os.getpid() % 1000
    cluster = Cluster(bindir, datadir, sockdir, port, user)
    try:
        cluster.run(
            str(bindir / "initdb"), "-D", str(datadir), "-U", "postgres", "-A", "trust",
            "--no-sync", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        options = (
            f"-c listen_addresses='' -c unix_socket_directories={sockdir} -p {port}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            " -c max_connections=100"
        )
        cluster.run(
            str(bindir / "pg_ctl"), "-D", str(datadir), "-o", options, "-w",
            "-l", str(base / "log"), "start",
        )  # fmt: skip
        yield cluster
    finally:
        with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
            cluster.run(str(bindir / "pg_ctl"), "-D", str(datadir), "-m", "immediate", "stop")
        shutil.rmtree(base, ignore_errors=True)
