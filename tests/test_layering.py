"""``domain`` and ``formats`` stay pure: no database, web, CLI or clock (DESIGN.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "reskontro"

FORBIDDEN_EVERYWHERE = (
    "sqlalchemy",
    "alembic",
    "psycopg",
    "fastapi",
    "starlette",
    "uvicorn",
    "typer",
    "click",
    "rich",
    "jinja2",
    "smtplib",
    "asyncssh",
    "paramiko",
    "time",
    "reskontro.storage",
    "reskontro.services",
    "reskontro.cli",
    "reskontro.web",
    "reskontro.channels",
    "reskontro.worker",
    "reskontro.clock",
)
#: The domain does not parse XML either.
FORBIDDEN_IN_DOMAIN = (*FORBIDDEN_EVERYWHERE, "lxml", "reskontro.formats")
#: Reading the clock: ``date.today()``, ``datetime.now()``, ``datetime.utcnow()``.
CLOCK_CALLS = {"today", "now", "utcnow"}


def _modules(layer: str) -> list[Path]:
    return sorted((SRC / layer).rglob("*.py"))


def _imports(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _violations(path: Path, forbidden: tuple[str, ...]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [
        f"{path.relative_to(SRC)} imports {name}"
        for name in _imports(tree)
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    ]
    found.extend(
        f"{path.relative_to(SRC)}:{node.lineno} reads the clock ({node.func.attr}())"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in CLOCK_CALLS
    )
    return found


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [("domain", FORBIDDEN_IN_DOMAIN), ("formats", FORBIDDEN_EVERYWHERE)],
)
def test_layer_is_pure(layer: str, forbidden: tuple[str, ...]) -> None:
    modules = _modules(layer)
    assert modules, f"no modules found in {layer}"
    problems = [v for path in modules for v in _violations(path, forbidden)]
    assert problems == []


def test_the_check_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import sqlalchemy\nfrom reskontro.clock import SystemClock\n"
        "import datetime\nx = datetime.date.today()\n",
        encoding="utf-8",
    )
    original = SRC
    try:
        globals()["SRC"] = tmp_path
        problems = _violations(bad, FORBIDDEN_IN_DOMAIN)
    finally:
        globals()["SRC"] = original
    assert len(problems) == 3
