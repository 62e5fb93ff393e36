"""A payment's currency (it settles only invoices in the same currency) and a
company's own access point for EHF (:class:`reskontro.storage.models_delivery.CompanyAccessPoint`).

Revision ID: 0018_currency_access_point
Revises: 0017_payment_texts
Create Date: 2026-12-06 12:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_currency_access_point"
down_revision = "0017_payment_texts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "payment", sa.Column("currency", sa.String(3), nullable=False, server_default="NOK")
    )
    op.create_table(
        "company_access_point",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("folder", sa.String(length=1000), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_company_access_point_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["bank_channel.id"],
            name=op.f("fk_company_access_point_channel_id_bank_channel"),
        ),
        sa.PrimaryKeyConstraint("company_id", name=op.f("pk_company_access_point")),
    )


def downgrade() -> None:
    op.drop_table("company_access_point")
    op.drop_column("payment", "currency")
