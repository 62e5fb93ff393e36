"""Three indexes the web pages missed (issue 18): the invoice list's newest drafts
(``ix_invoice_drafts``, partial: drafts only), an invoice's credit notes
(``ix_invoice_credits``) and what of a line is credited (``ix_invoice_line_credits``).
Without them each scanned every invoice (or line) per page view.

Revision ID: 0021_invoice_list_indexes
Revises: 0020_company_accounts
Create Date: 2026-12-06 18:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021_invoice_list_indexes"
down_revision = "0020_company_accounts"
branch_labels = None
depends_on = None

_DRAFT = "status = 'draft'"


def upgrade() -> None:
    op.create_index(
        "ix_invoice_drafts", "invoice", ["company_id", "id"],
        sqlite_where=sa.text(_DRAFT), postgresql_where=sa.text(_DRAFT),
    )  # fmt: skip
    op.create_index("ix_invoice_credits", "invoice", ["credits_invoice_id"])
    op.create_index("ix_invoice_line_credits", "invoice_line", ["credits_line_id"])


def downgrade() -> None:
    op.drop_index("ix_invoice_line_credits", table_name="invoice_line")
    op.drop_index("ix_invoice_credits", table_name="invoice")
    op.drop_index("ix_invoice_drafts", table_name="invoice")
