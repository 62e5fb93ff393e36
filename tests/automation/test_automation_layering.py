"""The automation keeps to its layers, its migration holds only its tables, and the
docstring examples run."""

from __future__ import annotations

import ast
import doctest
import importlib
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from alembic import command
from sqlalchemy import inspect, text

from reskontro.storage import migrate
from reskontro.storage import models_automation as tables
from reskontro.storage.db import make_engine

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

SRC = Path(__file__).resolve().parents[2] / "src" / "reskontro"
AUTOMATION_TABLES = {str(getattr(tables, name).__tablename__) for name in tables.__all__}


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize(
    ("modules", "forbidden"),
    [
        # Channels are adapters: no database, no services, no interfaces.
        (
            sorted((SRC / "channels").glob("*.py")),
            ("sqlalchemy", "alembic", "reskontro.storage", "reskontro.services",
             "reskontro.cli", "reskontro.worker", "typer", "rich"),
        ),
        # Services never reach up into the interfaces.
        (
            sorted((SRC / "services" / "automation").glob("*.py")),
            ("reskontro.cli", "reskontro.worker", "typer", "rich", "asyncssh", "smtplib"),
        ),
        ([SRC / "worker.py"], ("reskontro.cli", "typer")),
    ],
)  # fmt: skip
def test_imports_point_down(modules: list[Path], forbidden: tuple[str, ...]) -> None:
    assert modules
    problems = [
        f"{path.relative_to(SRC)} imports {name}"
        for path in modules
        for name in _imports(path)
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    ]
    assert problems == []


@pytest.mark.parametrize(
    "module",
    ["reskontro.channels", "reskontro.channels.sftp", "reskontro.services.automation.terms"],
)
def test_doctests(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_the_migration_holds_only_the_automation_tables(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    migrate.upgrade(engine, "0001")
    before = set(inspect(engine).get_table_names())
    migrate.upgrade(engine, "0002_automation")
    added = set(inspect(engine).get_table_names()) - before
    assert added == AUTOMATION_TABLES
    # ...and goes back down cleanly, trigger and all, and up again.
    config = migrate.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0001")
    assert set(inspect(engine).get_table_names()) == before
    with engine.connect() as conn:
        assert (
            conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).all() == []
        )
    migrate.upgrade(engine)
    engine.dispose()


def test_the_kid_trigger_is_in_place_after_upgrading_to_heads(engine: Engine) -> None:
    """Another branch that rebuilt ``company`` (SQLite batch mode) would drop it."""
    query = (
        "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        if engine.dialect.name == "sqlite"
        else "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    )
    with engine.connect() as conn:
        names = {row[0] for row in conn.execute(text(query))}
    assert "trg_company_kid_needs_agreement" in names
