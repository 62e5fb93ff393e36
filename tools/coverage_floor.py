"""Fail when branch coverage of a layer falls under its floor (reads coverage JSON)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

#: Floors in percent, per package under src/reskontro.
FLOORS = {"domain": 90.0, "formats": 90.0}


def layer_coverage(report: dict[str, object], layer: str) -> float | None:
    files = report["files"]
    assert isinstance(files, dict)
    covered = total = 0
    marker = f"reskontro/{layer}/"
    for name, data in files.items():
        if marker not in name.replace("\\", "/"):
            continue
        summary = data["summary"]
        covered += summary["covered_lines"] + summary.get("covered_branches", 0)
        total += summary["num_statements"] + summary.get("num_branches", 0)
    return None if total == 0 else 100.0 * covered / total


def main(path: str) -> int:
    report = json.loads(Path(path).read_text(encoding="utf-8"))
    failed = False
    for layer, floor in FLOORS.items():
        value = layer_coverage(report, layer)
        if value is None:
            print(f"coverage {layer}: no files measured")
            continue
        status = "ok" if value >= floor else "BELOW FLOOR"
        print(f"coverage {layer}: {value:.1f} % (floor {floor:.0f} %) {status}")
        failed |= value < floor
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
