"""A 50 MB upload and the server's other requests (issue 11 Build 6): ``GET /healthz``
in a closed loop while an OCR file of ``SIZE_MB`` is uploaded through the page and
imported in the background, against the real ``reskontro serve`` on loopback.

Reported: how long the upload's answer took (the page answers at once), how long the
import took (followed through the job's state), and ``/healthz`` p50/p95/p99 over the
whole import (target: p95 < 50 ms) beside the same probe on the idle server.

Environment: ``RESKONTRO_BENCH_UPLOAD_MB`` (50), ``RESKONTRO_BENCH_UPLOAD_N`` (invoices
seeded, 200 000).
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx

from bench.web_load import NOW, Server, _login, _percentiles, seed
from reskontro.testing.ocr import Pay, ocr_file

HEALTHZ_P95_MS = 50.0
#: Bytes an OCR payment takes (two 80-character records with CRLF).
PAYMENT_BYTES = 164


def _file(open_kids: list[tuple[str, int]], size_mb: int) -> bytes:
    """An OCR file of about ``size_mb``: the open invoices paid, then paid again (the
    later ones book as overpayments: every payment still goes through the import)."""
    # Under the upload limit (50 MiB) with the file's start and end records.
    count = (size_mb * 1024 * 1024 - 4 * 82) // PAYMENT_BYTES
    pays = [Pay(open_kids[i % len(open_kids)][1], open_kids[i % len(open_kids)][0])
            for i in range(count)]  # fmt: skip
    return ocr_file(pays, date=NOW.date())


def _probe(base: str, stop: threading.Event, times: list[float]) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        while not stop.is_set():
            started = time.perf_counter()
            client.get("/healthz")
            times.append((time.perf_counter() - started) * 1000)
            time.sleep(0.01)  # a monitor polls; it does not hammer


def run() -> dict[str, Any]:
    size_mb = int(os.environ.get("RESKONTRO_BENCH_UPLOAD_MB", "50"))
    n = int(os.environ.get("RESKONTRO_BENCH_UPLOAD_N", "200000"))
    out: dict[str, Any] = {"name": "upload_healthz", "size_mb": size_mb, "invoices": n}
    with tempfile.TemporaryDirectory(prefix="reskontro-bench-") as tmp:
        work = Path(tmp)
        url = f"sqlite:///{work / 'upload.sqlite'}"
        seeded = seed(url, n)
        data = _file(seeded.open_kids, size_mb)
        out["file_bytes"] = len(data)
        server = Server(url, 1, work)
        try:
            idle: list[float] = []
            stop = threading.Event()
            probe = threading.Thread(target=_probe, args=(server.base, stop, idle))
            probe.start()
            time.sleep(3)
            stop.set()
            probe.join()
            out["healthz_idle"] = _percentiles(idle)
            client = httpx.Client(base_url=server.base, timeout=600)
            csrf = _login(client)
            busy: list[float] = []
            stop = threading.Event()
            probe = threading.Thread(target=_probe, args=(server.base, stop, busy))
            probe.start()
            started = time.perf_counter()
            answer = client.post("/payments/upload", data={"csrf": csrf},
                                 files={"file": ("stor.ocr", data, "text/plain")},
                                 follow_redirects=False)  # fmt: skip
            out["upload_answer_seconds"] = round(time.perf_counter() - started, 2)
            out["upload_status"] = answer.status_code
            where = answer.headers.get("location", "")
            state: dict[str, Any] = {}
            if where.startswith("/payments/uploads/"):
                while (state := client.get(f"{where}/state").json())["state"] in {
                    "queued",
                    "running",
                }:
                    time.sleep(0.2)
            out["import_seconds"] = round(time.perf_counter() - started, 2)
            stop.set()
            probe.join()
            out["job"] = {k: state.get(k) for k in ("state", "status", "done", "file_id")}
            if where.startswith("/payments/files/"):  # imported before the answer
                out["job"] = {"state": "done", "status": "imported", "answered_with": where}
            out["healthz_during_import"] = {**_percentiles(busy), "requests": len(busy)}
            client.close()
        finally:
            server.close()
    during = out["healthz_during_import"]
    out["ok"] = bool(
        out.get("job", {}).get("status") == "imported" and during["p95_ms"] < HEALTHZ_P95_MS
    )
    return out


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
