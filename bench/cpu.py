"""Where a load run's CPU went, from ``/proc`` (Linux): the whole machine's busy share,
the server's process group (its workers included) and this process (the load client).

On a machine whose cores are shared by the client, the database and the server, a
throughput figure alone cannot say whether a second worker had a core to run on; these
figures can: when one worker already keeps the machine busy, a second adds nothing.
"""

from __future__ import annotations

import os
import resource
from dataclasses import dataclass
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True, slots=True)
class Snapshot:
    machine_busy: float  # seconds of CPU busy, all cores
    machine_total: float  # seconds of CPU, all cores
    group: float  # seconds used by the server's process group
    client: float  # seconds used by this process


def _machine() -> tuple[float, float]:
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields) - idle) / _TICK, sum(fields) / _TICK


def _group(pgid: int) -> float:
    used = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended meanwhile
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid:  # field 5 of stat: the process group
            used += int(fields[11]) + int(fields[12])  # utime + stime
    return used / _TICK


def snapshot(pgid: int) -> Snapshot:
    busy, total = _machine()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return Snapshot(busy, total, _group(pgid), usage.ru_utime + usage.ru_stime)


def between(before: Snapshot, after: Snapshot, requests: int) -> dict[str, float]:
    """The run's CPU figures: the machine's busy share (1.0 = every core busy the whole
    time), cores used by the server and by the client, server CPU per request."""
    total = after.machine_total - before.machine_total
    server = after.group - before.group
    wall = total / (os.cpu_count() or 1)
    return {
        "machine_busy_share": round((after.machine_busy - before.machine_busy) / total, 2)
        if total
        else 0.0,
        "server_cores": round(server / wall, 2) if wall else 0.0,
        "client_cores": round((after.client - before.client) / wall, 2) if wall else 0.0,
        "server_cpu_ms_per_request": round(server * 1000 / requests, 1) if requests else 0.0,
    }
