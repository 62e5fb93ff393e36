"""Why a fetch, a fetched file or a job run failed is stored as codes with their
parameters (``fetch_run.reason``, ``fetched_file.reason``: a message as JSON;
``job_run.reasons``: a JSON list) instead of English text (the ``error`` columns).
Rows stored before keep their text, whole, as the parameter of a generic code
(``automation.fetch.as_written``, ``automation.job.as_written``), shown as it was
written. Issue 10.

Revision ID: 0024_run_reasons
Revises: 0023_payment_duplicate_fk
Create Date: 2026-12-06 21:40:00
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0024_run_reasons"
down_revision = "0023_payment_duplicate_fk"
branch_labels = None
depends_on = None

FETCH_AS_WRITTEN = "automation.fetch.as_written"
JOB_AS_WRITTEN = "automation.job.as_written"
#: (table, new column, generic code, a list of messages rather than one)
COLUMNS = (
    ("fetch_run", "reason", FETCH_AS_WRITTEN, False),
    ("fetched_file", "reason", FETCH_AS_WRITTEN, False),
    ("job_run", "reasons", JOB_AS_WRITTEN, True),
)


def upgrade() -> None:
    conn = op.get_bind()
    for table, column, code, many in COLUMNS:
        op.add_column(table, sa.Column(column, sa.Text(), nullable=True))
        rows = conn.execute(sa.text(f"SELECT id, error FROM {table} WHERE error IS NOT NULL")).all()
        for row_id, text in rows:
            message = {"code": code, "params": {"text": text}}
            value = json.dumps([message] if many else message, ensure_ascii=False, sort_keys=True)
            conn.execute(
                sa.text(f"UPDATE {table} SET {column} = :v WHERE id = :id"),
                {"v": value, "id": row_id},
            )
        # SQLite 3.35 and PostgreSQL both drop a column in place (as 0022 does).
        op.execute(f"ALTER TABLE {table} DROP COLUMN error")


def downgrade() -> None:
    from reskontro.i18n import render
    from reskontro.messages import Messages

    conn = op.get_bind()
    for table, column, _code, _many in COLUMNS:
        op.add_column(table, sa.Column("error", sa.Text(), nullable=True))
        rows = conn.execute(
            sa.text(f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL")
        ).all()
        for row_id, stored in rows:
            text = "; ".join(render(m, "en") for m in Messages.loads(stored))
            conn.execute(
                sa.text(f"UPDATE {table} SET error = :e WHERE id = :id"),
                {"e": text, "id": row_id},
            )
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
