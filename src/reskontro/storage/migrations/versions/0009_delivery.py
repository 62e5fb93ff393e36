"""Delivery: the customer card's delivery fields, the company's structured address and
send-on-issue setting, an invoice's currency, the ``delivery`` table and e-mail
attachments.

The enum CHECKs on existing tables are written as column constraints of
``ALTER TABLE ... ADD COLUMN`` (SQLite cannot add a table constraint; both engines
accept a named column constraint), generated from the enums like the models do.

Revision ID: 0009_delivery
Revises: 0007_payment_bulk
Create Date: 2026-12-06 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from reskontro.domain.delivery import CustomerKind, DeliveryMethod, DeliveryState, DocumentKind
from reskontro.storage.models import one_of

revision = "0009_delivery"
down_revision = "0007_payment_bulk"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _add_checked(table: str, column: str, enum: type, default: str) -> None:
    op.execute(
        f"ALTER TABLE {table} ADD COLUMN {column} VARCHAR(10) DEFAULT '{default}' NOT NULL"
        f" CONSTRAINT ck_{table}_{column} CHECK ({one_of(column, enum)})"
    )


def _address(table: str) -> None:
    op.add_column(table, sa.Column("street", sa.String(200), nullable=True))
    op.add_column(table, sa.Column("postcode", sa.String(20), nullable=True))
    op.add_column(table, sa.Column("city", sa.String(100), nullable=True))
    op.add_column(table, sa.Column("country", sa.String(2), nullable=False, server_default="NO"))


def upgrade() -> None:
    _add_checked("customer", "kind", CustomerKind, "business")
    _address("customer")
    _add_checked("customer", "delivery_method", DeliveryMethod, "email")
    for name, length in (("peppol_id", 100), ("invoice_email", 200), ("buyer_reference", 200)):
        op.add_column("customer", sa.Column(name, sa.String(length), nullable=True))
    op.add_column("customer", sa.Column("peppol_can_receive", sa.Boolean(), nullable=True))
    op.add_column("customer", sa.Column("peppol_checked_at", TZ, nullable=True))

    _address("company")
    op.add_column(
        "company",
        sa.Column("send_on_issue", sa.Boolean(), nullable=False, server_default=sa.text("true")),
    )
    op.add_column(
        "invoice", sa.Column("currency", sa.String(3), nullable=False, server_default="NOK")
    )
    op.add_column("invoice", sa.Column("exchange_rate_micro", sa.BigInteger(), nullable=True))

    op.create_table(
        "delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("document_kind", sa.String(12), nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("recipient", sa.String(400), nullable=True),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("reason_code", sa.String(60), nullable=True),
        sa.Column("reason_params", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", TZ, nullable=True),
        sa.Column("send_date", sa.Date(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("file_name", sa.String(300), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("claimed_at", TZ, nullable=True),
        sa.Column("sent_at", TZ, nullable=True),
        sa.Column("finished_at", TZ, nullable=True),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.CheckConstraint(
            one_of("document_kind", DocumentKind), name=op.f("ck_delivery_document_kind")
        ),
        sa.CheckConstraint(one_of("method", DeliveryMethod), name=op.f("ck_delivery_method")),
        sa.CheckConstraint(one_of("state", DeliveryState), name=op.f("ck_delivery_state")),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_delivery_attempts")),
        sa.CheckConstraint(
            "state <> 'refused' OR reason_code IS NOT NULL",
            name=op.f("ck_delivery_refused_has_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_delivery_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_delivery_invoice_id_invoice")
        ),
        sa.ForeignKeyConstraint(
            ["outbox_id"], ["email_outbox.id"], name=op.f("fk_delivery_outbox_id_email_outbox")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery")),
    )
    op.create_index("ix_delivery_due", "delivery", ["state", "next_attempt_at"])
    op.create_index("ix_delivery_invoice", "delivery", ["invoice_id"])
    op.create_index("ix_delivery_print", "delivery", ["company_id", "method", "send_date"])

    op.create_table(
        "email_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["outbox_id"],
            ["email_outbox.id"],
            name=op.f("fk_email_attachment_outbox_id_email_outbox"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_attachment")),
    )
    op.create_index("ix_email_attachment_outbox_id", "email_attachment", ["outbox_id"])


def downgrade() -> None:
    op.drop_index("ix_email_attachment_outbox_id", table_name="email_attachment")
    op.drop_table("email_attachment")
    for index in ("ix_delivery_print", "ix_delivery_invoice", "ix_delivery_due"):
        op.drop_index(index, table_name="delivery")
    op.drop_table("delivery")
    for column in ("exchange_rate_micro", "currency"):
        op.drop_column("invoice", column)
    for column in ("send_on_issue", "country", "city", "postcode", "street"):
        op.drop_column("company", column)
    for column in (
        "peppol_checked_at", "peppol_can_receive", "buyer_reference", "invoice_email",
        "peppol_id", "delivery_method", "country", "city", "postcode", "street", "kind",
    ):  # fmt: skip
        op.drop_column("customer", column)
