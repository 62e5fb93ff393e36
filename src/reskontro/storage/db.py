"""Engines and sessions: SQLite by default (WAL, foreign keys on), PostgreSQL by URL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event
from sqlalchemy.orm import sessionmaker

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session

ENV_URL = "RESKONTRO_DATABASE_URL"
DEFAULT_PATH = Path("var") / "reskontro.sqlite"


def resolve_url(url: str | None = None) -> str:
    """``url``, else ``$RESKONTRO_DATABASE_URL``, else SQLite under ``./var/``.

    ``postgresql://`` URLs are mapped to the psycopg 3 driver.
    """
    chosen = url or os.environ.get(ENV_URL) or f"sqlite:///{DEFAULT_PATH}"
    if chosen.startswith("postgres://"):
        chosen = "postgresql://" + chosen.removeprefix("postgres://")
    if chosen.startswith("postgresql://"):
        chosen = "postgresql+psycopg://" + chosen.removeprefix("postgresql://")
    return chosen


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy/pysqlite not issue its own BEGIN so that we can say BEGIN
    # IMMEDIATE ourselves: a writer then takes the lock at the start of its
    # transaction, which is what serialises invoice numbering across processes.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.close()


def _sqlite_on_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """Create an engine for ``url`` (see :func:`resolve_url`)."""
    resolved = resolve_url(url)
    if resolved.startswith("sqlite"):
        path = resolved.split(":///", 1)[1] if ":///" in resolved else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(resolved, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(resolved, pool_pre_ping=True, **kwargs)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)
