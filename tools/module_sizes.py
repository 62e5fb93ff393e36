"""Module sizes and function lengths over ``src/reskontro`` (migrations left out).

Prints every module over 400 lines (STYLE: about 400 at most, or a comment saying
why), the five largest, the median module, and per package the number of functions
and their median length in lines (``def`` line to last line, docstring included).

Run ``python tools/module_sizes.py`` from the repository root.
"""

from __future__ import annotations

import ast
import statistics
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "src" / "reskontro"
LIMIT = 400


def main() -> None:
    sizes: list[tuple[int, str]] = []
    lengths: dict[str, list[int]] = defaultdict(list)
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if "migrations" in rel.parts:
            continue
        text = path.read_text(encoding="utf-8")
        sizes.append((len(text.splitlines()), rel.as_posix()))
        package = "/".join(rel.parts[:2]) if len(rel.parts) > 2 else rel.parts[0]
        if len(rel.parts) == 1:
            package = "(top)"
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lengths[package].append((node.end_lineno or node.lineno) - node.lineno + 1)
    sizes.sort(reverse=True)
    print(f"modules over {LIMIT} lines:")
    for lines, name in sizes:
        if lines > LIMIT:
            print(f"  {lines:5}  {name}")
    print("largest five:", ", ".join(f"{name} {lines}" for lines, name in sizes[:5]))
    print(f"median module: {statistics.median(n for n, _ in sizes)} lines ({len(sizes)} modules)")
    print("median function length per package:")
    for package in sorted(lengths):
        found = lengths[package]
        print(f"  {package:24} {len(found):4} functions, median {statistics.median(found)} lines")


if __name__ == "__main__":
    main()
