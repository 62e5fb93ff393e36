"""``payment.duplicate_of`` becomes a foreign key to ``payment`` with ``ON DELETE SET
NULL`` (issue 11): undoing the import of the payment a possible duplicate may repeat
leaves nothing dangling (the possible duplicate still waits in the inbox, its reason
as it was). A partial index (``ix_payment_duplicate_of``, the few non-NULL ones) lets a
deleted payment find the rows that name it without a scan.

Ids that already name no payment are set to NULL first. SQLite cannot add a constraint
to a table; a foreign key leaves the stored rows as they are, so the table definition
is rewritten in place as migration 0007 does (``writable_schema``, bump
``schema_version``, ``integrity_check``), then ``foreign_key_check``. PostgreSQL adds
the constraint.

Revision ID: 0023_payment_duplicate_fk
Revises: 0022_bank_file_problems
Create Date: 2026-12-06 19:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023_payment_duplicate_fk"
down_revision = "0022_bank_file_problems"
branch_labels = None
depends_on = None

NAME = "fk_payment_duplicate_of_payment"
CLAUSE = f"CONSTRAINT {NAME} FOREIGN KEY(duplicate_of) REFERENCES payment (id) ON DELETE SET NULL"
_NOT_NULL = "duplicate_of IS NOT NULL"


def _sqlite_rewrite(add: bool) -> None:
    conn = op.get_bind()
    sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'payment'"
    ).scalar_one()
    body = sql.rstrip()
    if add:
        if CLAUSE in sql or not body.endswith(")"):
            raise RuntimeError("payment table definition not as expected; not rewriting it")
        sql = body[:-1].rstrip() + f", \n\t{CLAUSE}\n)"
    else:
        if CLAUSE not in sql:
            raise RuntimeError("payment table definition has no duplicate_of key")
        sql = sql.replace(f", \n\t{CLAUSE}\n", "\n")
    version = conn.exec_driver_sql("PRAGMA schema_version").scalar_one()
    conn.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        conn.exec_driver_sql(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'payment'", (sql,)
        )
        conn.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        conn.exec_driver_sql("PRAGMA writable_schema = OFF")
    problems = conn.exec_driver_sql("PRAGMA integrity_check").scalars().all()
    if problems != ["ok"]:
        raise RuntimeError(f"integrity check after rewriting payment: {problems}")
    if conn.exec_driver_sql("PRAGMA foreign_key_check(payment)").first() is not None:
        raise RuntimeError("a payment names a payment that does not exist")


def upgrade() -> None:
    op.execute(
        "UPDATE payment SET duplicate_of = NULL WHERE duplicate_of IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM payment other WHERE other.id = payment.duplicate_of)"
    )
    op.create_index(
        "ix_payment_duplicate_of", "payment", ["duplicate_of"],
        sqlite_where=sa.text(_NOT_NULL), postgresql_where=sa.text(_NOT_NULL),
    )  # fmt: skip
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_rewrite(add=True)
    else:
        op.create_foreign_key(
            NAME, "payment", "payment", ["duplicate_of"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_rewrite(add=False)
    else:
        op.drop_constraint(NAME, "payment", type_="foreignkey")
    op.drop_index("ix_payment_duplicate_of", table_name="payment")
