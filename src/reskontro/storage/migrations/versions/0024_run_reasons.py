"""Why a fetch, a fetched file or a job run failed is stored as codes with their
parameters (``fetch_run.reason``, ``fetched_file.reason``: a message as JSON;
``job_run.reasons``: a JSON list) instead of English text (the ``error`` columns); so
is why an e-mail of the outbox last failed (``email_outbox.last_reason`` for
``last_error``). Rows stored before keep their text, whole, as the parameter of a
generic code (``automation.fetch.as_written``, ``automation.job.as_written``,
``automation.notify.as_written``), shown as it was written. Issue 10.

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
MAIL_AS_WRITTEN = "automation.notify.as_written"
#: (table, old column, new column, generic code, a list of messages rather than one)
COLUMNS = (
    ("fetch_run", "error", "reason", FETCH_AS_WRITTEN, False),
    ("fetched_file", "error", "reason", FETCH_AS_WRITTEN, False),
    ("job_run", "error", "reasons", JOB_AS_WRITTEN, True),
    ("email_outbox", "last_error", "last_reason", MAIL_AS_WRITTEN, False),
)


def upgrade() -> None:
    conn = op.get_bind()
    for table, old, new, code, many in COLUMNS:
        op.add_column(table, sa.Column(new, sa.Text(), nullable=True))
        rows = conn.execute(sa.text(f"SELECT id, {old} FROM {table} WHERE {old} IS NOT NULL"))
        for row_id, text in rows.all():
            message = {"code": code, "params": {"text": text}}
            value = json.dumps([message] if many else message, ensure_ascii=False, sort_keys=True)
            conn.execute(
                sa.text(f"UPDATE {table} SET {new} = :v WHERE id = :id"),
                {"v": value, "id": row_id},
            )
        # SQLite 3.35 and PostgreSQL both drop a column in place (as 0022 does).
        op.execute(f"ALTER TABLE {table} DROP COLUMN {old}")


def downgrade() -> None:
    from reskontro.i18n import render
    from reskontro.messages import Messages

    conn = op.get_bind()
    for table, old, new, _code, _many in COLUMNS:
        op.add_column(table, sa.Column(old, sa.Text(), nullable=True))
        rows = conn.execute(sa.text(f"SELECT id, {new} FROM {table} WHERE {new} IS NOT NULL"))
        for row_id, stored in rows.all():
            text = "; ".join(render(m, "en") for m in Messages.loads(stored))
            conn.execute(
                sa.text(f"UPDATE {table} SET {old} = :e WHERE id = :id"),
                {"e": text, "id": row_id},
            )
        op.execute(f"ALTER TABLE {table} DROP COLUMN {new}")
