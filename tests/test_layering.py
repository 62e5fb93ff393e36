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


def _runtime_imports(tree: ast.Module) -> list[str]:
    """The modules imported outside ``if TYPE_CHECKING:`` blocks."""
    names: list[str] = []

    def walk(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                walk(node.orelse)
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import):
                    names.extend(alias.name for alias in inner.names)
                elif isinstance(inner, ast.ImportFrom) and inner.module and inner.level == 0:
                    names.append(inner.module)

    walk(tree.body)
    return names


def test_the_web_runs_no_sql_of_its_own() -> None:
    """Web pages and the API call services only (issue 10): no module in ``web/``
    imports SQLAlchemy's statements, sessions or engines at run time. Annotations
    (``sessionmaker`` under ``TYPE_CHECKING``) and ``sqlalchemy.exc`` (an error the app
    maps to an HTTP status) are no SQL."""
    allowed = ("sqlalchemy.exc",)
    problems = [
        f"{path.relative_to(SRC)} imports {name}"
        for path in _modules("web")
        for name in _runtime_imports(ast.parse(path.read_text(encoding="utf-8")))
        if (name == "sqlalchemy" or name.startswith("sqlalchemy.")) and name not in allowed
    ]
    assert problems == []
