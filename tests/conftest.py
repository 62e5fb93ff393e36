"""Shared fixtures: databases on both engines, a fixed clock, the books service."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import text

from reskontro.clock import FixedClock
from reskontro.services.invoicing.books import Books
from reskontro.storage import migrate
from reskontro.storage.db import make_engine, session_factory
from reskontro.testing.pg import throwaway_cluster

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.engine import Engine

    from reskontro.testing.pg import Cluster

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = SHARED / "samples"

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)

# Property tests check what is generated, never how fast: on a loaded machine (two
# cores, xdist workers, other jobs) Hypothesis' timing health check and per-example
# deadline would fail correct code at random.
settings.register_profile("reskontro", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("reskontro")
_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster | None]:
    with throwaway_cluster() as cluster:
        if cluster is not None:
            engine = make_engine(cluster.url())
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("CREATE DATABASE template_reskontro"))
            template = make_engine(cluster.url("template_reskontro"))
            migrate.upgrade(template)
            template.dispose()
            engine.dispose()
        yield cluster


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()  # the last connection to close folds the WAL into the file
    assert not path.with_name(path.name + "-wal").exists()
    return path


def new_database_url(
    kind: str, tmp_path: Path, sqlite_template: Path, pg_cluster: Cluster | None
) -> str:
    """A fresh, migrated database of ``kind`` ("sqlite" or "postgresql")."""
    if kind == "sqlite":
        path = tmp_path / f"db{next(_counter)}.sqlite"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    if pg_cluster is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries are missing: CI must install postgresql")
        pytest.skip("PostgreSQL binaries not installed")
    name = f"test_{os.getpid()}_{next(_counter)}"
    admin = make_engine(pg_cluster.url())
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template_reskontro'))
    admin.dispose()
    return pg_cluster.url(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    pg_cluster: Cluster | None,
) -> str:
    return new_database_url(str(request.param), tmp_path, sqlite_template, pg_cluster)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def books(engine: Engine, clock: FixedClock) -> Books:
    return Books(session_factory(engine), clock)


@pytest.fixture(autouse=True)
def _folder_root(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Folder channels live under $RESKONTRO_FOLDER_ROOT; the tests' folders are all under
    pytest's temporary directory (tests of the variable itself unset or change it)."""
    monkeypatch.setenv("RESKONTRO_FOLDER_ROOT", str(tmp_path_factory.getbasetemp()))
