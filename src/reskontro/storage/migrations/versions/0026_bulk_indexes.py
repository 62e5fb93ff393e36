"""Two indexes made for a million-payment import (issue 11).

``ix_payment_date_amount (company_id, date, amount_ore)`` replaces
``ix_payment_amount_date (company_id, amount_ore, date)``. Both serve the look-up of a
batch's amounts on its dates (the same payment in another file); with the date first,
an import also asks once per booking date whether any other file booked a payment on
it (one index seek) and skips the look-up for the dates where none did: a daily file
of new payments no longer walks the index a second time for every payment.

``ix_invoice_credits`` holds only credit notes (``credits_invoice_id IS NOT NULL``):
an invoice's credit notes are all it is asked for, and on PostgreSQL an update that
moves an invoice's amounts and status (every payment booked) no longer adds an entry
to it for every invoice.

Revision ID: 0026_bulk_indexes
Revises: 0025_bank_file_avtalegiro
Create Date: 2026-12-07 01:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0026_bulk_indexes"
down_revision = "0025_bank_file_avtalegiro"
branch_labels = None
depends_on = None

_CREDITS = sa.text("credits_invoice_id IS NOT NULL")


def upgrade() -> None:
    op.drop_index("ix_payment_amount_date", table_name="payment")
    op.create_index(
        "ix_payment_date_amount", "payment", ["company_id", "date", "amount_ore"], unique=False
    )
    op.drop_index("ix_invoice_credits", table_name="invoice")
    op.create_index(
        "ix_invoice_credits", "invoice", ["credits_invoice_id"], unique=False,
        sqlite_where=_CREDITS, postgresql_where=_CREDITS,
    )  # fmt: skip


def downgrade() -> None:
    op.drop_index("ix_invoice_credits", table_name="invoice")
    op.create_index("ix_invoice_credits", "invoice", ["credits_invoice_id"], unique=False)
    op.drop_index("ix_payment_date_amount", table_name="payment")
    op.create_index(
        "ix_payment_amount_date", "payment", ["company_id", "amount_ore", "date"], unique=False
    )
