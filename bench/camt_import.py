"""Import a camt.054 file of ~147 000 payments (~190 MB), and one of ~50 MB, end to end.

Seeds N issued invoices as :mod:`bench.payments_import` does, writes a camt.054.001.02
file of N payments to them (one ``Ntry`` with one ``TxDtls`` each, about 1.3 kB as
banks write them; :func:`reskontro.testing.camt.write_large_camt`), then runs
``PaymentImporter.import_path`` in a fresh process and reports its wall time and peak
memory (``VmHWM``). The camt reader streams the file (``iterparse``), so memory stays
flat in the file's size. Target: ≤ 300 MB peak for the 190 MB file (SQLite).

``RESKONTRO_BENCH_CAMT_N`` sets the large N (default 147 000); the small file is
50 MB's worth. ``RESKONTRO_BENCH_CAMT_SMALL=0`` skips the small one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.payments_import import payments_for, seed
from reskontro.testing.camt import write_large_camt

TARGET_MB = 300.0
BYTES_PER_PAYMENT = 1300


def measure(n: int, workdir: Path) -> dict[str, Any]:
    url = f"sqlite:///{workdir / 'bench.sqlite'}"
    t0 = time.perf_counter()
    invoices = seed(url, n)
    path = workdir / "camt054.xml"
    size = write_large_camt(path, payments_for(invoices))
    del invoices
    setup = time.perf_counter() - t0
    proc = subprocess.run(
        [sys.executable, "-m", "bench.payments_import", "--child", url, str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        return {"error": proc.stderr[-2000:], "setup_seconds": round(setup, 1)}
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["setup_seconds"] = round(setup, 1)
    result["file_mb"] = round(size / 1e6, 1)
    return result


def run() -> dict[str, Any]:
    n = int(os.environ.get("RESKONTRO_BENCH_CAMT_N", "147000"))
    out: dict[str, Any] = {"name": "camt_import", "target_peak_mb": TARGET_MB}
    sizes = {"large": n}
    if os.environ.get("RESKONTRO_BENCH_CAMT_SMALL", "1") != "0":
        sizes["50mb"] = 50_000_000 // BYTES_PER_PAYMENT
    for label, count in sizes.items():
        with tempfile.TemporaryDirectory(prefix="reskontro-bench-camt-") as tmp:
            out[label] = {"payments_in_file": count, **measure(count, Path(tmp))}
    large = out["large"]
    out["ok"] = (
        large.get("status") == "imported"
        and large.get("payments") == n
        and large.get("peak_mb", TARGET_MB + 1) <= TARGET_MB
    )
    return out


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
