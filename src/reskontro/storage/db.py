"""Engines and sessions: SQLite by default (WAL, foreign keys on), PostgreSQL by URL."""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event
from sqlalchemy.orm import sessionmaker

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

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


# Whether the code running now only reads. A SQLite transaction begun while this is
# set is DEFERRED: under WAL it reads beside a writer instead of queueing for the write
# lock. Everything else begins IMMEDIATE, which is what serialises writers (invoice
# numbering) across processes and keeps a read-then-write transaction from failing
# with SQLITE_BUSY when another writer committed in between.
_READ_ONLY: ContextVar[bool] = ContextVar("reskontro_read_only", default=False)


@contextmanager
def reading() -> Iterator[None]:
    """Transactions begun inside only read (a GET request, a report).

    A write inside still works, but in WAL it may fail with "database is locked" when
    another writer committed after this transaction's first read: wrap such code in
    :func:`writing`.
    """
    token = _READ_ONLY.set(True)
    try:
        yield
    finally:
        _READ_ONLY.reset(token)


@contextmanager
def writing() -> Iterator[None]:
    """Transactions begun inside write, even within :func:`reading`."""
    token = _READ_ONLY.set(False)
    try:
        yield
    finally:
        _READ_ONLY.reset(token)


def read_only() -> bool:
    """Whether transactions begun now are read-only (see :func:`reading`).

    >>> read_only()
    False
    >>> with reading():
    ...     read_only()
    True
    """
    return _READ_ONLY.get()


def _sqlite_before_execute(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
    # A write inside a read-only context is allowed (it upgrades the transaction) but
    # may fail under load; log it so the tests and the operator see where it happens.
    if _READ_ONLY.get() and statement.lstrip()[:6].upper() in _WRITES:
        log.warning("write inside a read-only transaction: %s", statement.split("\n", 1)[0])


_WRITES = frozenset({"INSERT", "UPDATE", "DELETE", "REPLAC"})


def _sqlite_on_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN" if _READ_ONLY.get() else "BEGIN IMMEDIATE")


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
        event.listen(engine, "before_cursor_execute", _sqlite_before_execute)
        return engine
    # Connections are kept and reused: a web process answers from a thread pool of up
    # to 40 threads, so the pool is sized for its busy moments instead of opening a new
    # backend per request beyond the default five.
    options: dict[str, Any] = {"pool_size": 10, "max_overflow": 30, "pool_pre_ping": True}
    options.update(kwargs)
    return create_engine(resolved, **options)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions over ``engine`` that keep the invoice figures (:mod:`.figures`)."""
    from reskontro.storage import figures

    factory = sessionmaker(bind=engine, expire_on_commit=False)
    figures.track(factory)
    return factory
