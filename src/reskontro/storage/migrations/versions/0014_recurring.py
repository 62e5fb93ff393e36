"""Bulk and recurring invoicing: customer groups, products and prices, recurring
agreements with lines and claimed periods, bulk runs and items
(:mod:`reskontro.storage.models_invoicing`).

Revision ID: 0014_recurring
Revises: 0013_avtalegiro_outbound
Create Date: 2026-12-06 10:28:50.567216
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_recurring"
down_revision = "0013_avtalegiro_outbound"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bulk_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("run_key", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("lines", sa.Text(), nullable=False),
        sa.Column("invoice_date", sa.Date(), nullable=True),
        sa.Column("terms_days", sa.Integer(), nullable=True),
        sa.Column("efaktura_if_possible", sa.Boolean(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("state = 'running' OR state = 'done'", name=op.f("ck_bulk_run_state")),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_bulk_run_company_id_company")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulk_run")),
        sa.UniqueConstraint("company_id", "run_key", name=op.f("uq_bulk_run_company_id_run_key")),
    )
    op.create_table(
        "customer_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_customer_group_company_id_company")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_group")),
        sa.UniqueConstraint("company_id", "name", name=op.f("uq_customer_group_company_id_name")),
    )
    op.create_table(
        "product",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("vat_code", sa.String(length=8), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=True),
        sa.CheckConstraint(
            "vat_code = '25' OR vat_code = '15' OR vat_code = '12' OR vat_code = '0' OR vat_code = 'exempt'",
            name=op.f("ck_product_vat_code"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_product_company_id_company")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product")),
        sa.UniqueConstraint("company_id", "code", name=op.f("uq_product_company_id_code")),
    )
    op.create_table(
        "customer_group_member",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name=op.f("fk_customer_group_member_customer_id_customer"),
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["customer_group.id"],
            name=op.f("fk_customer_group_member_group_id_customer_group"),
        ),
        sa.PrimaryKeyConstraint("group_id", "customer_id", name=op.f("pk_customer_group_member")),
    )
    with op.batch_alter_table("customer_group_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_customer_group_member_customer_id"), ["customer_id"], unique=False
        )

    op.create_table(
        "product_price",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("unit_price_ore", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("unit_price_ore >= 0", name=op.f("ck_product_price_unit_price")),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_product_price_product_id_product")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_price")),
        sa.UniqueConstraint(
            "product_id", "valid_from", name=op.f("uq_product_price_product_id_valid_from")
        ),
    )
    op.create_table(
        "recurring_agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("interval", sa.String(length=10), nullable=False),
        sa.Column("timing", sa.String(length=10), nullable=False),
        sa.Column("invoice_day", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("terms_days", sa.Integer(), nullable=True),
        sa.Column("send", sa.Boolean(), nullable=False),
        sa.Column("efaktura_if_possible", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("last_period_start", sa.Date(), nullable=True),
        sa.Column("next_invoice_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "interval = 'month' OR interval = 'quarter' OR interval = 'half-year' OR interval = 'year'",
            name=op.f("ck_recurring_agreement_interval"),
        ),
        sa.CheckConstraint(
            "state = 'active' OR state = 'paused' OR state = 'ended'",
            name=op.f("ck_recurring_agreement_state"),
        ),
        sa.CheckConstraint(
            "timing = 'advance' OR timing = 'arrears'", name=op.f("ck_recurring_agreement_timing")
        ),
        sa.CheckConstraint(
            "(customer_id IS NULL) <> (group_id IS NULL)",
            name=op.f("ck_recurring_agreement_customer_or_group"),
        ),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date",
            name=op.f("ck_recurring_agreement_end_after_start"),
        ),
        sa.CheckConstraint(
            "invoice_day IS NULL OR invoice_day BETWEEN 1 AND 31",
            name=op.f("ck_recurring_agreement_invoice_day"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_recurring_agreement_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name=op.f("fk_recurring_agreement_customer_id_customer"),
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["customer_group.id"],
            name=op.f("fk_recurring_agreement_group_id_customer_group"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recurring_agreement")),
    )
    with op.batch_alter_table("recurring_agreement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recurring_agreement_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(
            "ix_recurring_agreement_due", ["state", "next_invoice_date"], unique=False
        )

    op.create_table(
        "bulk_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "state = 'pending' OR state = 'issued' OR state = 'refused'",
            name=op.f("ck_bulk_item_state"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_bulk_item_customer_id_customer")
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_bulk_item_invoice_id_invoice")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["bulk_run.id"], name=op.f("fk_bulk_item_run_id_bulk_run")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulk_item")),
        sa.UniqueConstraint("run_id", "customer_id", name=op.f("uq_bulk_item_run_id_customer_id")),
    )
    with op.batch_alter_table("bulk_item", schema=None) as batch_op:
        batch_op.create_index("ix_bulk_item_run_state", ["run_id", "state"], unique=False)

    op.create_table(
        "recurring_invoice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["recurring_agreement.id"],
            name=op.f("fk_recurring_invoice_agreement_id_recurring_agreement"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_recurring_invoice_customer_id_customer")
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_recurring_invoice_invoice_id_invoice")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recurring_invoice")),
        sa.UniqueConstraint(
            "agreement_id",
            "customer_id",
            "period_start",
            name=op.f("uq_recurring_invoice_agreement_id_customer_id_period_start"),
        ),
    )
    op.create_table(
        "recurring_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("quantity_milli", sa.BigInteger(), nullable=False),
        sa.Column("unit_price_ore", sa.BigInteger(), nullable=True),
        sa.Column("vat_code", sa.String(length=8), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "vat_code = '25' OR vat_code = '15' OR vat_code = '12' OR vat_code = '0' OR vat_code = 'exempt'",
            name=op.f("ck_recurring_line_vat_code"),
        ),
        sa.CheckConstraint("quantity_milli > 0", name=op.f("ck_recurring_line_quantity")),
        sa.CheckConstraint(
            "unit_price_ore IS NOT NULL OR product_id IS NOT NULL",
            name=op.f("ck_recurring_line_price_source"),
        ),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["recurring_agreement.id"],
            name=op.f("fk_recurring_line_agreement_id_recurring_agreement"),
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_recurring_line_product_id_product")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recurring_line")),
        sa.UniqueConstraint(
            "agreement_id", "position", name=op.f("uq_recurring_line_agreement_id_position")
        ),
    )


def downgrade() -> None:
    op.drop_table("recurring_line")
    op.drop_table("recurring_invoice")
    with op.batch_alter_table("bulk_item", schema=None) as batch_op:
        batch_op.drop_index("ix_bulk_item_run_state")

    op.drop_table("bulk_item")
    with op.batch_alter_table("recurring_agreement", schema=None) as batch_op:
        batch_op.drop_index("ix_recurring_agreement_due")
        batch_op.drop_index(batch_op.f("ix_recurring_agreement_customer_id"))

    op.drop_table("recurring_agreement")
    op.drop_table("product_price")
    with op.batch_alter_table("customer_group_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_group_member_customer_id"))

    op.drop_table("customer_group_member")
    op.drop_table("product")
    op.drop_table("customer_group")
    op.drop_table("bulk_run")
