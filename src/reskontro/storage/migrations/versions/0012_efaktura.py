"""eFaktura 2.0: a private customer's look-up data (the national identity number
encrypted, the mobile number) and the last look-up on the card (eFaktura address,
answer, when, blocked).

Revision ID: 0012_efaktura
Revises: 0011_avtalegiro
Create Date: 2026-12-06 11:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from reskontro.domain.efaktura import Answer
from reskontro.storage.models import one_of

revision = "0012_efaktura"
down_revision = "0011_avtalegiro"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("customer", sa.Column("national_id_enc", sa.Text(), nullable=True))
    op.add_column("customer", sa.Column("mobile", sa.String(20), nullable=True))
    op.add_column("customer", sa.Column("efaktura_address", sa.String(100), nullable=True))
    op.execute(
        "ALTER TABLE customer ADD COLUMN efaktura_answer VARCHAR(12)"
        " CONSTRAINT ck_customer_efaktura_answer"
        f" CHECK (efaktura_answer IS NULL OR {one_of('efaktura_answer', Answer)})"
    )
    op.add_column(
        "customer", sa.Column("efaktura_checked_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "customer",
        sa.Column("efaktura_blocked", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    for column in (
        "efaktura_blocked",
        "efaktura_checked_at",
        "efaktura_answer",
        "efaktura_address",
        "mobile",
        "national_id_enc",
    ):
        op.drop_column("customer", column)
