"""camt texts on the payment: ``entry_info`` (``Ntry/AddtlNtryInf``), ``remittance_info``
(``Strd/AddtlRmtInf``) and ``creditor_reference`` (structured references that are not
the KID), so that the voucher inbox shows what could place the payment (issue 11).

Revision ID: 0017_payment_texts
Revises: 0016_followup_pace
Create Date: 2026-12-06 12:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_payment_texts"
down_revision = "0016_followup_pace"
branch_labels = None
depends_on = None

_COLUMNS = ("entry_info", "remittance_info", "creditor_reference")


def upgrade() -> None:
    # A plain ADD COLUMN on both engines: the table (and its CHECK constraints) stays.
    for name in _COLUMNS:
        op.add_column("payment", sa.Column(name, sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payment") as batch:
        for name in reversed(_COLUMNS):
            batch.drop_column(name)
