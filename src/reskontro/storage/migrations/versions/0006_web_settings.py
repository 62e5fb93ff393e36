"""Login attempts remember the client's IP address, for throttling per address.

Revision ID: 0006_web_settings
Revises: 0004_web
Create Date: 2026-11-25 18:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_web_settings"
down_revision = "0004_web"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("web_login_attempt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ip", sa.String(length=45), nullable=True))
        batch_op.create_index("ix_web_login_attempt_ip_at", ["ip", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("web_login_attempt", schema=None) as batch_op:
        batch_op.drop_index("ix_web_login_attempt_ip_at")
        batch_op.drop_column("ip")
