"""Dialect-specific SQL for bulk work (a file of a million payments booked in one
transaction): the DBAPI cursor of the session's own connection, COPY and temporary
tables on PostgreSQL, ``executemany`` and PRAGMAs on SQLite.

Services say *what* to write (rows, columns, constants); this module says how each
engine takes it fastest. Nothing here knows what a payment is.
"""

from __future__ import annotations

import contextlib
import functools
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import DateTime, insert, inspect
from sqlalchemy.orm import Session

from reskontro.storage import figures

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterator, Sequence

    from sqlalchemy import Table
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Mapper


@contextlib.contextmanager
def bulk_session(engine: Engine) -> Iterator[Session]:
    """A session for booking a whole file.

    On SQLite its connection checks no foreign keys while it books: every id the
    booking writes was read in the same write-locked transaction (invoices and
    customers looked up by KID and number, the file row just inserted), so the
    references hold by construction, and the checks would double the time of a
    million-row import. CHECK and UNIQUE constraints stay on; every other path,
    and PostgreSQL always, checks foreign keys as declared.
    """
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        raw = conn.connection.dbapi_connection
        assert raw is not None
        if sqlite:
            raw.execute("PRAGMA foreign_keys = OFF")
            raw.execute("PRAGMA cache_size = -65536")
        try:
            with Session(bind=conn, expire_on_commit=False) as session:
                figures.track(session)
                yield session
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys = ON")
                raw.execute("PRAGMA cache_size = -2000")


class BulkSql:
    """Driver-level SQL for the hot path, with the driver's parameter style.

    It runs on the DBAPI cursor of the session's own connection (same transaction),
    skipping SQLAlchemy's result machinery, which costs more than the query itself
    for tens of thousands of small rows.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.sqlite = conn.dialect.name == "sqlite"
        self.ph = "?" if self.sqlite else "%s"
        self.cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        #: PostgreSQL: the temporary tables this transaction has made.
        self.temp_tables: set[str] = set()
        #: PostgreSQL: the tables :meth:`analyze_once` has analysed.
        self.analyzed: set[str] = set()

    def day(self, value: dt.date) -> Any:
        """A date as the driver takes it fastest (ISO text is what SQLAlchemy stores in
        SQLite; psycopg takes the date itself)."""
        return value.isoformat() if self.sqlite else value

    def days(self) -> Callable[[dt.date], Any]:
        """:meth:`day` remembering what it gave (a file names a few dates a million
        times)."""
        return functools.cache(self.day)

    def timestamp(self, value: dt.datetime) -> str:
        """A timestamp as an SQL literal, in the form SQLAlchemy itself stores."""
        processor = DateTime(timezone=True).bind_processor(self.conn.dialect)
        stored = processor(value) if processor is not None else value.isoformat()
        return "'" + str(stored).replace("'", "''") + "'"

    def marks(self, n: int) -> str:
        return ", ".join([self.ph] * n)

    def q(self, sql: str) -> str:
        return sql.replace("?", self.ph)

    def all(self, sql: str, params: Sequence[Any]) -> list[Any]:
        self.cursor.execute(self.q(sql), tuple(params))
        return list(self.cursor.fetchall())

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Execute a statement that returns no rows."""
        self.cursor.execute(self.q(sql), tuple(params))

    def many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            self.cursor.executemany(self.q(sql), rows)

    def one_of(self, column: str, values: list[str]) -> tuple[str, list[Any]]:
        """``column`` among ``values``: an IN list on SQLite, ``= ANY(array)`` with one
        parameter on PostgreSQL (measured about 30 % faster there for 5 000 values).

        The array goes as one text literal (``{"a","b"}``, each element quoted), not
        as a Python list: psycopg's list adaptation makes reference cycles, which
        leaked 0.7 MB a batch while the import keeps the cyclic collector paused.
        """
        if self.sqlite:
            return f"{column} IN ({self.marks(len(values))})", values
        quoted = (v.replace("\\", "\\\\").replace('"', '\\"') for v in values)
        return f"{column} = ANY({self.ph}::text[])", [
            "{" + ",".join(f'"{v}"' for v in quoted) + "}"
        ]

    def one_of_ints(self, expression: str, values: list[int]) -> tuple[str, list[Any]]:
        """Like :meth:`one_of`, for integers (``expression`` may be a computed value)."""
        if self.sqlite:
            return f"({expression}) IN ({self.marks(len(values))})", list(values)
        return f"({expression}) = ANY({self.ph}::bigint[])", [
            "{" + ",".join(str(int(v)) for v in values) + "}"
        ]

    def copy(self, target: str, rows: list[tuple[Any, ...]]) -> None:
        """PostgreSQL: ``rows`` into ``target`` (``table (columns)``) with COPY, one
        stream instead of a round trip per row (measured: 140 µs a row with
        ``executemany`` over a local socket)."""
        if rows:
            with self.cursor.copy(f"COPY {target} FROM STDIN") as stream:
                for row in rows:
                    stream.write_row(row)

    def insert(
        self,
        table: str,
        names: str,
        rows: list[tuple[Any, ...]],
        constants: dict[str, int | dt.datetime],
    ) -> None:
        """Insert ``rows`` (values for the columns ``names``), each with ``constants``
        (column → the same value for every row). SQLite: ``executemany`` with the
        constants written into the statement (fewer parameters to bind); PostgreSQL:
        COPY."""
        if not rows:
            return
        columns = f"{names}, {', '.join(constants)}"
        if self.sqlite:
            literals = ", ".join(
                str(v) if isinstance(v, int) else self.timestamp(v) for v in constants.values()
            )
            self.many(
                f"INSERT INTO {table} ({columns}) VALUES ({self.marks(len(rows[0]))}, {literals})",
                rows,
            )
        else:
            extra = tuple(constants.values())
            self.copy(f"{table} ({columns})", [r + extra for r in rows])

    def temp_table(self, name: str, columns: Sequence[tuple[str, str]]) -> None:
        """Make the temporary table ``name`` (columns: name, PostgreSQL type) for this
        transaction, once. PostgreSQL: dropped at commit. SQLite: a connection's temporary
        table outlives the transaction, so it is made if missing and emptied here."""
        if name in self.temp_tables:
            return
        self.temp_tables.add(name)
        if self.sqlite:
            defs = ", ".join(n for n, _ in columns)
            self.cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {name} ({defs})")
            self.cursor.execute(f"DELETE FROM {name}")
        else:
            defs = ", ".join(f"{n} {kind}" for n, kind in columns)
            self.cursor.execute(f"CREATE TEMPORARY TABLE {name} ({defs}) ON COMMIT DROP")

    def empty(self, table: str) -> None:
        """Empty a temporary table. PostgreSQL: TRUNCATE, not DELETE: a temporary table
        is never vacuumed, so the dead rows of every batch before would be scanned
        again by each statement of the next (quadratic in a file's size)."""
        self.cursor.execute(f"{'DELETE FROM' if self.sqlite else 'TRUNCATE'} {table}")

    def stage(self, table: str, names: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """Put ``rows`` (values of the columns ``names``) into a staging table:
        ``executemany`` on SQLite, COPY on PostgreSQL."""
        if not rows:
            return
        columns = ", ".join(names)
        if self.sqlite:
            self.many(f"INSERT INTO {table} ({columns}) VALUES ({self.marks(len(names))})", rows)
        else:
            self.copy(f"{table} ({columns})", rows)

    def update_by_id(
        self, table: str, columns: Sequence[tuple[str, str]], rows: list[tuple[Any, ...]]
    ) -> None:
        """Set ``columns`` (name, PostgreSQL type) of rows of ``table`` by id; each row is
        the new values and then the id. PostgreSQL: one UPDATE from a temporary table
        filled by COPY, instead of a round trip per row."""
        if not rows:
            return
        names = [name for name, _ in columns]
        if self.sqlite:
            sets = ", ".join(f"{name} = ?" for name in names)
            self.many(f"UPDATE {table} SET {sets} WHERE id = ?", rows)
            return
        # One temporary table per table and set of columns (the booking updates some
        # invoices' amounts and others' with their charges in one transaction).
        temp = f"bulk_{table}_update_{len(columns)}"
        if temp not in self.temp_tables:
            self.temp_tables.add(temp)
            defs = ", ".join(f"{name} {kind}" for name, kind in columns)
            self.cursor.execute(
                f"CREATE TEMPORARY TABLE {temp} ({defs}, id integer PRIMARY KEY) ON COMMIT DROP"
            )
        self.copy(f"{temp} ({', '.join(names)}, id)", rows)
        sets = ", ".join(f"{name} = t.{name}" for name in names)
        self.cursor.execute(f"UPDATE {table} SET {sets} FROM {temp} t WHERE {table}.id = t.id")
        self.cursor.execute(f"TRUNCATE {temp}")

    @contextlib.contextmanager
    def looked_up(self) -> Iterator[None]:
        """PostgreSQL: plan the statements inside as look-ups, a batch's few thousand
        staged rows outside and an index seek into the big table for each (nested
        loops: no hash or merge join; the other way round, a pass over the big table
        with the batch rescanned for each of its rows, costs far more and is not
        chosen). Sequential scans stay allowed: forbidding them made the planner walk
        a big table's whole primary-key index instead, with the batch inside.

        Its planner otherwise weighed one pass over all of a company's invoices against
        5 000 index seeks and chose the pass for tables of up to a few hundred thousand
        invoices — for every batch (at 200 000 payments, deciding and locking took 4.0 s;
        as look-ups 1.0–1.3 s). The settings are the transaction's own (``SET LOCAL``)
        and put back after. SQLite plans joins as look-ups already."""
        if self.sqlite:
            yield
            return
        # And no JIT: the penalty on what is switched off can make a plan look
        # expensive enough to compile, which costs more than the statement.
        names = ("enable_hashjoin", "enable_mergejoin", "jit")
        for name in names:
            self.cursor.execute(f"SET LOCAL {name} = off")
        # Put back only after success: after an error the transaction is aborted, takes
        # no command, and ends (with its SET LOCALs) in the rollback; a reset here would
        # hide the error behind "current transaction is aborted".
        yield
        for name in names:
            self.cursor.execute(f"SET LOCAL {name} TO DEFAULT")

    def analyze_once(self, table: str) -> None:
        """PostgreSQL: refresh ``table``'s statistics inside this transaction, the first
        time it is asked for (a table that was empty when last analysed is planned as
        empty: a sequential scan per look-up makes a big import quadratic; once it
        holds a batch, its statistics are good for the rest). SQLite plans without
        them."""
        if not self.sqlite and table not in self.analyzed:
            self.analyzed.add(table)
            self.cursor.execute(f"ANALYZE {table}")

    def lock(self, namespace: int, key: int) -> None:
        """Serialise writers on (namespace, key) until the transaction ends: an advisory
        lock on PostgreSQL; on SQLite the transaction already holds the write lock
        (BEGIN IMMEDIATE)."""
        if not self.sqlite:
            self.cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", (namespace, key))

    def reserve_ids(self, table: str, n: int) -> list[int]:
        """``n`` fresh primary keys for ``table``, so rows can be inserted in bulk and
        referred to at once. SQLite: this transaction holds the write lock (BEGIN
        IMMEDIATE), so max(id) is ours. PostgreSQL: from the table's own sequence."""
        if n == 0:
            return []
        if self.sqlite:
            top = int(self.all(f"SELECT coalesce(max(id), 0) FROM {table}", ())[0][0])
            return list(range(top + 1, top + 1 + n))
        rows = self.all(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))"
            f" FROM generate_series(1, {int(n)})",
            (),
        )
        return [int(r[0]) for r in rows]


def without_empty_columns(
    names: Sequence[str], rows: list[tuple[Any, ...]], always: frozenset[int]
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The columns (``names``, positions in each row) that some row has a value for or
    that are in ``always``, and the rows cut to them: a column NULL in every row is left
    out of the INSERT (it defaults to NULL), and binding fewer parameters is most of
    what makes a row cheap to insert. Column by column with ``zip`` and
    ``tuple.count`` (C loops: a generator per column and row cost a second per million
    payments)."""
    if not rows:
        return list(names), rows
    columns = list(zip(*rows, strict=True))
    n = len(rows)
    keep = [i for i, column in enumerate(columns) if i in always or column.count(None) != n]
    if len(keep) == len(names):
        return list(names), rows
    return [names[i] for i in keep], list(zip(*(columns[i] for i in keep), strict=True))


def insert_objects(session: Session, objects: Sequence[object]) -> None:
    """Insert new ORM objects of one model (not added to ``session``) in one
    ``executemany``, without reading their ids back (the ORM's flush asks for each
    id with its own INSERT on SQLite). Every column but the generated key is written:
    an unset one takes its column's scalar default, else NULL."""
    if not objects:
        return
    mapper: Mapper[Any] = inspect(type(objects[0]), raiseerr=True)
    table = cast("Table", mapper.local_table)
    columns = [
        (attr.key, attr.columns[0])
        for attr in mapper.column_attrs
        if attr.columns[0] is not table.autoincrement_column
    ]
    defaults = {
        col.key: col.default.arg if col.default is not None and col.default.is_scalar else None
        for _, col in columns
    }
    rows = []
    for obj in objects:
        values = {col.key: getattr(obj, key) for key, col in columns}
        rows.append({k: defaults[k] if v is None else v for k, v in values.items()})
    session.execute(insert(table), rows)


def insert_added(session: Session, model: type[object]) -> int:
    """Insert the ``model`` objects added to ``session`` and not yet flushed in one
    ``executemany`` instead of the flush's INSERT each (for rows nothing reads back in
    the transaction, such as audit entries); they leave the session. How many."""
    new = sorted(
        (o for o in session.new if isinstance(o, model)),
        key=lambda o: inspect(o, raiseerr=True).insert_order,
    )
    for obj in new:
        session.expunge(obj)
    insert_objects(session, new)
    return len(new)


__all__ = ["BulkSql", "bulk_session", "insert_added", "insert_objects", "without_empty_columns"]
