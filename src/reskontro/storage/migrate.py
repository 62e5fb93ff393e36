"""Create or migrate the database with Alembic; safe to repeat."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Bring the schema to ``revision`` (default: the newest)."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_heads(engine: Engine) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def current(engine: Engine) -> str | None:
    """The schema's revision(s), as one string."""
    heads = sorted(current_heads(engine))
    return "+".join(heads) if heads else None


def heads() -> set[str]:
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def head() -> str:
    """The newest revision(s), as one string (compare with :func:`current`)."""
    return "+".join(sorted(heads()))


def ensure_current(engine: Engine) -> None:
    """Upgrade the schema when it is behind; a no-op (one query) when it is current."""
    if current_heads(engine) != heads():
        upgrade(engine)
