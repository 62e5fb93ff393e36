"""Kept invoice figures (:mod:`reskontro.storage.figures`): count, total and open
amount per company, kind, status, currency and due date, filled from the invoices.

Revision ID: 0015_invoice_figures
Revises: 0014_recurring
Create Date: 2026-12-06 12:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_invoice_figures"
down_revision = "0014_recurring"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "invoice_figure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("total_ore", sa.BigInteger(), nullable=False),
        sa.Column("open_ore", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_invoice_figure_company_id_company")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_figure")),
        sa.UniqueConstraint(
            "company_id",
            "kind",
            "status",
            "currency",
            "due_date",
            name=op.f("uq_invoice_figure_company_id_kind_status_currency_due_date"),
        ),
    )
    op.execute(
        "INSERT INTO invoice_figure"
        " (company_id, kind, status, currency, due_date, count, total_ore, open_ore)"
        " SELECT company_id, kind, status, currency, COALESCE(due_date, '1900-01-01'),"
        " count(*), sum(total_ore), sum(total_ore - settled_ore)"
        " FROM invoice GROUP BY company_id, kind, status, currency,"
        " COALESCE(due_date, '1900-01-01')"
    )


def downgrade() -> None:
    op.drop_table("invoice_figure")
