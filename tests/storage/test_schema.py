"""The schema guards the books by itself, on both engines."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import DataError, IntegrityError

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.storage import migrate
from reskontro.storage.schema import Base

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from reskontro.services.invoicing.books import Books
    from reskontro.services.invoicing.views import InvoiceView


def test_migrations_and_models_agree(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    assert migrate.current(engine) == migrate.head()


def test_upgrade_is_safe_to_repeat(engine: Engine) -> None:
    migrate.upgrade(engine)
    migrate.ensure_current(engine)
    assert set(inspect(engine).get_table_names()) >= {"company", "invoice", "customer"}


def test_sqlite_runs_in_wal_with_foreign_keys(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.fixture
def issued(books: Books) -> InvoiceView:
    company = books.create_company(
        name="Test AS", org_number="123456785", account="12345678903", vat_registered=True,
        actor="t",
    )  # fmt: skip
    customer = books.create_customer(company.id, name="Kunde", actor="t")
    draft = books.create_invoice(
        company.id,
        customer_number=customer.number,
        lines=[LineDraft("Vare", 1000, 10000, VatCode.STANDARD)],
        actor="t",
    )
    return books.issue_invoice(company.id, draft.id, issue_date=dt.date(2026, 11, 1), actor="t")


def _fails(engine: Engine, sql: str, **params: Any) -> None:
    # PostgreSQL refuses an over-long value as DataError before the CHECK runs.
    with pytest.raises((IntegrityError, DataError)), engine.begin() as conn:
        conn.execute(text(sql), params)


def _ok(conn: Connection, sql: str, **params: Any) -> None:
    conn.execute(text(sql), params)


INSERT_INVOICE = (
    "INSERT INTO invoice (company_id, customer_id, kind, status, number, kid, invoice_date,"
    " net_ore, vat_ore, total_ore, settled_ore, paid_ore, credited_ore, created_at, issued_at,"
    " credits_invoice_id)"
    " VALUES (1, 1, :kind, 'open', :number, :kid, '2026-11-01', :net, :vat, :total, :settled,"
    " :paid, 0, '2026-11-01 00:00:00', '2026-11-01 00:00:00', :credits)"
)


def _invoice(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": "invoice",
        "number": 99,
        "kid": None,
        "net": 100,
        "vat": 25,
        "total": 125,
        "settled": 0,
        "paid": 0,
        "credits": None,
    }
    values.update(overrides)
    return values


def test_a_valid_row_written_around_the_orm_is_accepted(
    engine: Engine, issued: InvoiceView
) -> None:
    del issued
    with engine.begin() as conn:
        _ok(conn, INSERT_INVOICE, **_invoice())


@pytest.mark.parametrize(
    ("name", "overrides"),
    [
        ("duplicate invoice number", {"number": 1}),
        ("duplicate KID", {"kid": "KIDPLACEHOLDER"}),
        ("negative invoice total", {"net": -100, "vat": -25, "total": -125}),
        ("positive credit note", {"kind": "credit_note", "credits": 1}),
        ("total not net + VAT", {"total": 126}),
        ("settled more than total", {"settled": 126, "paid": 126}),
        ("paid more than settled", {"settled": 10, "paid": 11}),
        (
            "credit note without reference",
            {"kind": "credit_note", "net": -100, "vat": -25, "total": -125},
        ),
        ("invoice with a credit reference", {"credits": 1}),
        ("unknown kind", {"kind": "gift"}),
        ("KID too long", {"kid": "1" * 26}),
        ("number without issue", {"number": 0}),
    ],
)
def test_constraints_hold_around_the_orm(
    engine: Engine, issued: InvoiceView, name: str, overrides: dict[str, Any]
) -> None:
    if overrides.get("kid") == "KIDPLACEHOLDER":
        overrides["kid"] = issued.kid
    _fails(engine, INSERT_INVOICE, **_invoice(**overrides))


def test_invoice_settled_cannot_exceed_total_on_update(engine: Engine, issued: InvoiceView) -> None:
    _fails(
        engine,
        "UPDATE invoice SET settled_ore = total_ore + 1, paid_ore = total_ore + 1 WHERE id = :id",
        id=issued.id,
    )


def test_customer_number_unique_and_positive(engine: Engine, issued: InvoiceView) -> None:
    del issued
    sql = (
        "INSERT INTO customer (company_id, number, name, language, is_placeholder, created_at)"
        " VALUES (1, :n, 'X', 'nb', false, '2026-11-01 00:00:00')"
    )
    _fails(engine, sql, n=10000)
    _fails(engine, sql, n=0)


def test_foreign_keys_are_enforced(engine: Engine, issued: InvoiceView) -> None:
    del issued
    _fails(
        engine,
        "INSERT INTO invoice_line (invoice_id, position, description, quantity_milli,"
        " unit_price_ore, vat_code, net_ore) VALUES (424242, 1, 'x', 1000, 1, '25', 1)",
    )


def test_line_vat_code_and_quantity_checked(engine: Engine, issued: InvoiceView) -> None:
    sql = (
        "INSERT INTO invoice_line (invoice_id, position, description, quantity_milli,"
        " unit_price_ore, vat_code, net_ore) VALUES (:id, :pos, 'x', :q, 1, :code, 1)"
    )
    _fails(engine, sql, id=issued.id, pos=7, q=1000, code="24")
    _fails(engine, sql, id=issued.id, pos=8, q=0, code="25")
    _fails(engine, sql, id=issued.id, pos=1, q=1000, code="25")  # position taken


INSERT_PAYMENT = (
    "INSERT INTO payment (company_id, key, amount_ore, date, outcome, detail, state,"
    " customer_id, invoice_id, invoice_amount_ore, written_off_ore, allocated_ore, created_at)"
    " VALUES (1, :key, 100, '2026-11-01', :outcome, 'full', :state, NULL, NULL, 0, 0, 0,"
    " '2026-11-01 00:00:00')"
)


@pytest.mark.parametrize("outcome", ["matched", "partial", "overpaid", "reversed", "unmatched"])
@pytest.mark.parametrize("state", ["posted", "inbox", "ignored"])
def test_payment_outcome_and_state_accept_each_value(
    engine: Engine, issued: InvoiceView, outcome: str, state: str
) -> None:
    del issued
    with engine.begin() as conn:
        _ok(conn, INSERT_PAYMENT, key=f"{outcome}-{state}", outcome=outcome, state=state)


@pytest.mark.parametrize(
    ("outcome", "state"),
    [("bogus", "posted"), ("matched", "bogus"), ("Matched", "posted"), ("matched", "")],
)
def test_payment_outcome_and_state_refuse_others(
    engine: Engine, issued: InvoiceView, outcome: str, state: str
) -> None:
    """The enum CHECKs (comparisons since migration 0007) still refuse anything else."""
    del issued
    _fails(engine, INSERT_PAYMENT, key="k", outcome=outcome, state=state)


def test_payment_migration_down_and_up_keeps_rows(engine: Engine, issued: InvoiceView) -> None:
    """0007 rewrites the payment table's CHECKs in place (SQLite) or drops and adds them
    (PostgreSQL): down and up again keeps the rows and the rules."""
    del issued
    with engine.begin() as conn:
        _ok(conn, INSERT_PAYMENT, key="kept", outcome="matched", state="posted")
    migrate_to = migrate.alembic_config()
    from alembic import command

    with engine.begin() as conn:
        migrate_to.attributes["connection"] = conn
        command.downgrade(migrate_to, "0006_web_settings")
    _fails(engine, INSERT_PAYMENT, key="k2", outcome="bogus", state="posted")
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM payment WHERE key = 'kept'")).scalar() == 1
    _fails(engine, INSERT_PAYMENT, key="k3", outcome="matched", state="bogus")
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            ddl = conn.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'payment'")
            ).scalar()
        assert "outcome = 'matched' OR outcome = 'partial'" in str(ddl)
        assert "outcome IN" not in str(ddl)
