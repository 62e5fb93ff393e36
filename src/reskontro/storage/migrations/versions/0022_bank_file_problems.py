"""A rejected bank file's problems are stored as codes with their parameters and places
(``bank_file.problems``, JSON) instead of English text (``bank_file.error_message``).
Rows stored before take their problems from the import summary where it holds them as
codes; otherwise each line of the old text is kept as it was written
(``payment.file.as_written``). Issue 10.

Revision ID: 0022_bank_file_problems
Revises: 0021_invoice_list_indexes
Create Date: 2026-12-06 18:50:00
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0022_bank_file_problems"
down_revision = "0021_invoice_list_indexes"
branch_labels = None
depends_on = None

AS_WRITTEN = "payment.file.as_written"


def _problems(message: str, line: int | None, summary: str | None) -> list[dict[str, Any]]:
    """The problems of one old row, as codes where its summary has them."""
    try:
        stored = json.loads(summary) if summary else {}
    except ValueError:
        stored = {}
    error = stored.get("error") if isinstance(stored, dict) else None
    items = error.get("problems") if isinstance(error, dict) else None
    if isinstance(items, list) and items:
        out = []
        for item in items:
            reason = item.get("reason")
            if isinstance(reason, dict) and "code" in reason:
                code, params = reason["code"], reason.get("params") or {}
            else:
                code, params = AS_WRITTEN, {"text": str(item.get("message") or "")}
            out.append({"code": code, "params": params, "field": None,
                        "line": item.get("line"), "path": item.get("path")})  # fmt: skip
        return out
    lines = [text for text in message.splitlines() if text.strip()] or [message]
    return [
        {"code": AS_WRITTEN, "params": {"text": text}, "field": None,
         "line": line if i == 0 and f"line {line}" not in text else None, "path": None}
        for i, text in enumerate(lines)
    ]  # fmt: skip


def upgrade() -> None:
    op.add_column("bank_file", sa.Column("problems", sa.Text(), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT id, error_message, error_line, summary FROM bank_file"
            " WHERE error_message IS NOT NULL"
        )
    ).all()
    for file_id, message, line, summary in rows:
        problems = json.dumps(_problems(message, line, summary), ensure_ascii=False)
        conn.execute(
            sa.text("UPDATE bank_file SET problems = :p WHERE id = :id"),
            {"p": problems, "id": file_id},
        )
    # SQLite 3.35 and PostgreSQL both drop a column in place (no copy of the table,
    # which payments refer to).
    op.execute("ALTER TABLE bank_file DROP COLUMN error_message")


def downgrade() -> None:
    from reskontro.i18n import render
    from reskontro.messages import Message

    op.add_column("bank_file", sa.Column("error_message", sa.Text(), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(
        sa.text("SELECT id, problems FROM bank_file WHERE problems IS NOT NULL")
    ).all()
    for file_id, problems in rows:
        lines = []
        for item in json.loads(problems):
            text = render(Message.from_json(item), "en")
            where = ", ".join(
                part
                for part in (item.get("path"), None if item.get("line") is None
                             else f"line {item['line']}")
                if part
            )  # fmt: skip
            lines.append(f"{where}: {text}" if where else text)
        conn.execute(
            sa.text("UPDATE bank_file SET error_message = :m WHERE id = :id"),
            {"m": "\n".join(lines), "id": file_id},
        )
    op.execute("ALTER TABLE bank_file DROP COLUMN problems")
