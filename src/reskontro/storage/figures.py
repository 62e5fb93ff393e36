"""Kept figures: the invoices' count, total and open amount per company, kind, status,
currency and due date, moved in the same transaction as the invoices themselves. The
open amount is what the invoices' KIDs ask for: principal and the fees and interest
charged on them (:mod:`reskontro.storage.models_charges`).

The dashboard and the aging totals read these few thousand rows instead of scanning a
million invoices per page view (issue 18). They are kept by *deltas*:

- every ORM flush of a session made by :func:`reskontro.storage.db.session_factory`
  (or handed to :func:`track`) adds what its new, changed and deleted invoices take
  out of and put into each figure (from SQLAlchemy's attribute history);
- the payment import, which writes invoice amounts with driver-level SQL, hands its
  before/after pairs to :func:`apply` itself (:mod:`reskontro.services.payments.booking`).

A database trigger would also catch raw SQL, but on SQLite it costs ~9 µs per changed
row, which the million-payment import cannot afford; deltas summed per batch cost a
few statements. :func:`recompute` gives the same figures from the invoices, for the
tests and for ``reskontro figures --check``/``--rebuild``.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections import defaultdict
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    delete,
    event,
    func,
    inspect,
    select,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column  # noqa: TC002 - read at run time
from sqlalchemy.orm.base import NO_VALUE

from reskontro.storage.models import Base, Invoice

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy import Table
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import sessionmaker

#: Stands for "no due date" (drafts) in the key, which must not be NULL to be unique.
NO_DUE: dt.date = dt.date(1900, 1, 1)


class InvoiceFigure(Base):
    """Count, total and open amount of a company's invoices with one kind, status,
    currency and due date."""

    __tablename__ = "invoice_figure"
    __table_args__ = (UniqueConstraint("company_id", "kind", "status", "currency", "due_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    kind: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(16))
    currency: Mapped[str] = mapped_column(String(3))
    due_date: Mapped[dt.date] = mapped_column(Date)
    count: Mapped[int] = mapped_column(BigInteger, default=0)
    total_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    open_ore: Mapped[int] = mapped_column(BigInteger, default=0)


class Key(NamedTuple):
    company_id: int
    kind: str
    status: str
    currency: str
    due_date: dt.date


class Amounts(NamedTuple):
    invoices: int
    total_ore: int
    open_ore: int


class Deltas:
    """What a batch of changes adds to each figure (negative: takes away)."""

    def __init__(self) -> None:
        self.by_key: defaultdict[Key, list[int]] = defaultdict(lambda: [0, 0, 0])

    def add(
        self, key: Key, total_ore: int, settled_ore: int, sign: int = 1, charges_open: int = 0,
        *, invoices: int = 1,
    ) -> None:  # fmt: skip
        """One invoice in (``sign`` 1) or out (-1) of a figure; what is open of it is its
        principal's open amount and its open fees and interest (``charges_open``).
        ``invoices``: so many, the amounts their sums."""
        entry = self.by_key[key]
        entry[0] += sign * invoices
        entry[1] += sign * total_ore
        entry[2] += sign * (total_ore - settled_ore + charges_open)

    def move(
        self, before: Key, after: Key, total_ore: int, settled_before: int, settled_after: int,
        charges_open_before: int = 0, charges_open_after: int = 0,
    ) -> None:  # fmt: skip
        """An invoice of ``total_ore`` went from ``before`` (settled so much) to ``after``."""
        self.add(before, total_ore, settled_before, -1, charges_open_before)
        self.add(after, total_ore, settled_after, 1, charges_open_after)

    def nonzero(self) -> list[tuple[Key, Amounts]]:
        return [(k, Amounts(*v)) for k, v in self.by_key.items() if any(v)]


def key_of(
    company_id: int, kind: str, status: str, currency: str | None, due: dt.date | None
) -> Key:
    return Key(company_id, kind, status, currency or "NOK", due or NO_DUE)


def apply(conn: Connection | Session, deltas: Deltas) -> None:
    """Add ``deltas`` to the kept figures (an upsert per figure touched)."""
    changes = deltas.nonzero()
    if not changes:
        return
    table = cast("Table", InvoiceFigure.__table__)
    dialect = conn.get_bind().dialect.name if isinstance(conn, Session) else conn.dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    for key, amounts in sorted(changes):  # one order: no deadlock between two writers
        stmt = insert(table).values(
            **key._asdict(), count=amounts.invoices, total_ore=amounts.total_ore,
            open_ore=amounts.open_ore,
        )  # fmt: skip
        stmt = stmt.on_conflict_do_update(
            index_elements=list(Key._fields),
            set_={
                "count": table.c.count + stmt.excluded.count,
                "total_ore": table.c.total_ore + stmt.excluded.total_ore,
                "open_ore": table.c.open_ore + stmt.excluded.open_ore,
            },
        )
        (conn.connection() if isinstance(conn, Session) else conn).execute(stmt)


def _old(state: Any, name: str) -> Any:
    """The value ``name`` had when last loaded or flushed (``committed_state`` holds it
    once changed; attribute history leaves out a ``None`` it replaced)."""
    committed = state.committed_state
    if name in committed:
        value = committed[name]
        return None if value is NO_VALUE else value
    return getattr(state.object, name)


_FIELDS = (
    "company_id", "kind", "status", "currency", "due_date", "total_ore", "settled_ore",
    "charges_ore", "charges_settled_ore",
)  # fmt: skip


def _charges_open(obj: Invoice) -> int:
    return (obj.charges_ore or 0) - (obj.charges_settled_ore or 0)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    deltas = Deltas()
    for obj in session.new:
        if isinstance(obj, Invoice):
            deltas.add(_key(obj), obj.total_ore or 0, obj.settled_ore or 0, 1, _charges_open(obj))
    for obj in session.dirty:
        if not isinstance(obj, Invoice):
            continue
        state = inspect(obj)
        if not any(state.attrs[f].history.has_changes() for f in _FIELDS):
            continue
        old = [_old(state, f) for f in _FIELDS]
        deltas.add(key_of(*old[:5]), old[5] or 0, old[6] or 0, -1, (old[7] or 0) - (old[8] or 0))
        deltas.add(_key(obj), obj.total_ore or 0, obj.settled_ore or 0, 1, _charges_open(obj))
    for obj in session.deleted:
        if isinstance(obj, Invoice):
            state = inspect(obj)
            old = [_old(state, f) for f in _FIELDS]
            deltas.add(
                key_of(*old[:5]), old[5] or 0, old[6] or 0, -1, (old[7] or 0) - (old[8] or 0)
            )
    apply(session, deltas)


def _key(obj: Invoice) -> Key:
    kind, status = obj.kind or "invoice", obj.status or "draft"
    return key_of(obj.company_id, kind, status, obj.currency, obj.due_date)


#: The sessions and factories :func:`track` has hooked. Not ``event.contains``: it
#: keys its registry by ``id(target)`` and keeps a factory's key after the factory is
#: gone, so a new factory at the freed address was taken for tracked and its flushes
#: moved no figure (a test failed now and then under xdist for it).
_tracked: weakref.WeakSet[Session | sessionmaker[Session]] = weakref.WeakSet()


def track(target: Session | sessionmaker[Session]) -> None:
    """Keep the figures on every flush of ``target`` (a session or a factory), once."""
    if target not in _tracked:
        _tracked.add(target)
        event.listen(target, "before_flush", _before_flush)


def recompute(session: Session, company_id: int) -> dict[Key, Amounts]:
    """The figures computed from the invoices themselves (zero figures left out)."""
    rows = session.execute(
        select(
            Invoice.kind, Invoice.status, Invoice.currency, Invoice.due_date,
            func.count(), func.sum(Invoice.total_ore),
            func.sum(
                Invoice.total_ore - Invoice.settled_ore
                + Invoice.charges_ore - Invoice.charges_settled_ore
            ),
        )
        .where(Invoice.company_id == company_id)
        .group_by(Invoice.kind, Invoice.status, Invoice.currency, Invoice.due_date)
    ).all()  # fmt: skip
    return {
        key_of(company_id, kind, status, currency, due): Amounts(int(n), int(t), int(o))
        for kind, status, currency, due, n, t, o in rows
    }


def kept(session: Session, company_id: int) -> dict[Key, Amounts]:
    """The kept figures of a company (zero figures left out)."""
    rows = session.scalars(select(InvoiceFigure).where(InvoiceFigure.company_id == company_id))
    return {
        Key(company_id, f.kind, f.status, f.currency, f.due_date): Amounts(
            f.count, f.total_ore, f.open_ore
        )
        for f in rows
        if f.count or f.total_ore or f.open_ore
    }


def rebuild(session: Session, company_ids: Iterable[int]) -> None:
    """Replace the kept figures of these companies by :func:`recompute`'s."""
    for company_id in company_ids:
        session.execute(delete(InvoiceFigure).where(InvoiceFigure.company_id == company_id))
        deltas = Deltas()
        for key, amounts in recompute(session, company_id).items():
            deltas.by_key[key] = list(amounts)
        apply(session, deltas)
