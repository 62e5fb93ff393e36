"""``BulkSql.looked_up`` (issue 11): on PostgreSQL the statements inside are planned
without hash or merge joins and without JIT, the settings are put back after, and an
error inside comes out as itself (not as "current transaction is aborted" from
putting the settings back in an aborted transaction)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import psycopg
import pytest

from reskontro.storage.bulk import BulkSql, bulk_session

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

_NAMES = ("enable_hashjoin", "enable_mergejoin", "jit")


def _settings(sql: BulkSql) -> list[str]:
    return [str(sql.all(f"SHOW {name}", ())[0][0]) for name in _NAMES]


def test_settings_inside_and_put_back(engine: Engine) -> None:
    with bulk_session(engine) as session, session.begin():
        sql = BulkSql(session.connection())
        if sql.sqlite:
            with sql.looked_up():
                assert sql.all("SELECT 1", ()) == [(1,)]
            return
        before = _settings(sql)
        with sql.looked_up():
            assert _settings(sql) == ["off", "off", "off"]
        assert _settings(sql) == before


def test_an_error_inside_comes_out_as_itself(engine: Engine) -> None:
    with bulk_session(engine) as session:
        session.begin()
        sql = BulkSql(session.connection())
        if sql.sqlite:
            pytest.skip("SQLite changes no setting")
        with pytest.raises(psycopg.errors.DivisionByZero), sql.looked_up():
            sql.run("SELECT 1 / 0")
        session.rollback()
