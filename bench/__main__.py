"""Run every benchmark and print one JSON document (``make bench``).

Select some with ``python -m bench NAME ...``; set sizes with environment variables
documented in each module. ``--strict`` makes a missed target fail the run.
"""

from __future__ import annotations

import importlib
import json
import sys
import time

BENCHMARKS = [
    "web_load",
    "upload_healthz",
    "avtalegiro",
    "nets_parse",
    "payments_import",
    "camt_import",
    "pdf_render",
    "web_list",
    "ehf_build",
    "invoicing",
    "efaktura",
    "email_delivery",
]


def main(argv: list[str]) -> int:
    """Exit 0 after printing the figures, targets met or not ("ok" says which); with
    ``--strict`` exit 1 when a target is missed."""
    strict = "--strict" in argv
    argv = [a for a in argv if a != "--strict"]
    names = argv or BENCHMARKS
    results = []
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        started = time.perf_counter()
        result = module.run()
        result.setdefault("name", name)
        result["wall_seconds"] = round(time.perf_counter() - started, 3)
        results.append(result)
        print(json.dumps(result), file=sys.stderr)
    ok = all(r.get("ok", True) for r in results)
    print(json.dumps({"ok": ok, "results": results}, indent=2))
    return 0 if ok or not strict else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
