"""Follow-up pace in bank days: the bank days a payment needs to reach the bank's
file, and how old the last bank file may be for a run to send
(:mod:`reskontro.domain.followup_pace`).

Revision ID: 0016_followup_pace
Revises: 0015_invoice_figures
Create Date: 2026-12-06 12:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_followup_pace"
down_revision = "0015_invoice_figures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("followup_settings") as batch:
        batch.add_column(
            sa.Column("transit_bank_days", sa.Integer(), nullable=False, server_default="2")
        )
        batch.add_column(
            sa.Column("fresh_bank_days", sa.Integer(), nullable=False, server_default="1")
        )
        batch.create_check_constraint("transit", "transit_bank_days BETWEEN 0 AND 10")
        batch.create_check_constraint("fresh", "fresh_bank_days BETWEEN 0 AND 10")


def downgrade() -> None:
    with op.batch_alter_table("followup_settings") as batch:
        batch.drop_constraint(op.f("ck_followup_settings_fresh"), type_="check")
        batch.drop_constraint(op.f("ck_followup_settings_transit"), type_="check")
        batch.drop_column("fresh_bank_days")
        batch.drop_column("transit_bank_days")
