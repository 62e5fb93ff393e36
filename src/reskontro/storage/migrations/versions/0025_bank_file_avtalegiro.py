"""``bank_file.format`` may be ``avtalegiro``: a Nets file with an AvtaleGiro mandate
list and no OCR payments (or a claims file, refused) says what it is, where it said
``ocr`` before (issue 10). Files stored before keep ``ocr``.

SQLite cannot change a table's CHECK constraint; the constraint only narrows what may
be written, so the table definition is rewritten in place as migrations 0007 and 0023
do (``writable_schema``, bump ``schema_version``, ``integrity_check``). PostgreSQL
drops the constraint and adds the new one.

Revision ID: 0025_bank_file_avtalegiro
Revises: 0024_run_reasons
Create Date: 2026-12-06 21:45:00
"""

from __future__ import annotations

from alembic import op

revision = "0025_bank_file_avtalegiro"
down_revision = "0024_run_reasons"
branch_labels = None
depends_on = None

NAME = "ck_bank_file_format"
OLD = "format IN ('ocr', 'camt054', 'unknown')"
NEW = "format IN ('ocr', 'camt054', 'avtalegiro', 'unknown')"


def _sqlite_rewrite(old: str, new: str) -> None:
    conn = op.get_bind()
    sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'bank_file'"
    ).scalar_one()
    clause = f"CONSTRAINT {NAME} CHECK ({old})"
    if sql.count(clause) != 1:
        raise RuntimeError("bank_file table definition not as expected; not rewriting it")
    sql = sql.replace(clause, f"CONSTRAINT {NAME} CHECK ({new})")
    version = conn.exec_driver_sql("PRAGMA schema_version").scalar_one()
    conn.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        conn.exec_driver_sql(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'bank_file'", (sql,)
        )
        conn.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        conn.exec_driver_sql("PRAGMA writable_schema = OFF")
    problems = conn.exec_driver_sql("PRAGMA integrity_check").scalars().all()
    if problems != ["ok"]:
        raise RuntimeError(f"integrity check after rewriting bank_file: {problems}")


def _replace(old: str, new: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_rewrite(old, new)
    else:
        op.drop_constraint(op.f(NAME), "bank_file", type_="check")
        op.execute(f"ALTER TABLE bank_file ADD CONSTRAINT {NAME} CHECK ({new})")


def upgrade() -> None:
    _replace(OLD, NEW)


def downgrade() -> None:
    op.execute("UPDATE bank_file SET format = 'ocr' WHERE format = 'avtalegiro'")
    _replace(NEW, OLD)
