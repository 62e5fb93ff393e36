"""The company's bank accounts with the source of their payments (``company_account``,
filled with each company's main account, source ``both``); payments are booked under
the bank's key and the KID (existing keys get their KID); a payment may be a possible
duplicate of one booked before (``payment.duplicate_of``), looked for by amount and
date (``ix_payment_amount_date``). Issue 11.

Revision ID: 0020_company_accounts
Revises: 0019_invoice_charges
Create Date: 2026-12-06 15:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020_company_accounts"
down_revision = "0019_invoice_charges"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "company_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=11), nullable=False),
        sa.Column("source", sa.String(length=4), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "source IN ('ocr', 'camt', 'both')", name=op.f("ck_company_account_source")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_company_account_company_id_company")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_account")),
        sa.UniqueConstraint(
            "company_id", "account", name=op.f("uq_company_account_company_id_account")
        ),
    )
    op.execute(
        "INSERT INTO company_account (company_id, account, source, created_at)"
        " SELECT id, account, 'both', created_at FROM company"
    )
    # A payment is booked under the bank's key and its KID (two payments that differ
    # only in KID are two payments): the keys booked before get theirs.
    op.execute("UPDATE payment SET key = key || '|kid=' || kid WHERE kid IS NOT NULL")
    op.add_column("payment", sa.Column("duplicate_of", sa.Integer(), nullable=True))
    op.create_index(
        "ix_payment_amount_date", "payment", ["company_id", "amount_ore", "date"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_payment_amount_date", table_name="payment")
    op.execute(
        "UPDATE payment SET key = substr(key, 1, length(key) - length(kid) - 5)"
        " WHERE kid IS NOT NULL AND key LIKE '%|kid=' || kid"
    )
    with op.batch_alter_table("payment") as batch:
        batch.drop_column("duplicate_of")
    op.drop_table("company_account")
