"""Fees and interest as charges on the invoice (``invoice_charge``, the invoice's
``charges_*`` sums), the company's payment order, the follow-up setting
``self_collect`` and the betalingsoppfordring letter kind.

Revision ID: 0019_invoice_charges
Revises: 0018_currency_access_point
Create Date: 2026-12-06 12:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019_invoice_charges"
down_revision = "0018_currency_access_point"
branch_labels = None
depends_on = None

_CHARGES_CHECK = (
    "charges_settled_ore BETWEEN 0 AND charges_ore"
    " AND charges_paid_ore BETWEEN 0 AND charges_settled_ore"
)
_ORDER_CHECK = (
    "payment_order IN ('fees_interest_principal', 'interest_fees_principal',"
    " 'principal_fees_interest')"
)
_LETTER = "kind IN ('reminder', 'inkassovarsel', 'betalingsoppfordring')"
_OLD_LETTER = "kind IN ('reminder', 'inkassovarsel')"


def _document_table(letter: str, kind_length: int, kinds: str) -> sa.Table:
    """followup_document as it is with the given letter kinds (SQLite rebuilds it)."""
    meta = sa.MetaData()
    return sa.Table(
        "followup_document",
        meta,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=kind_length), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("principal_ore", sa.BigInteger(), nullable=False),
        sa.Column("fee_ore", sa.BigInteger(), nullable=False),
        sa.Column("interest_ore", sa.BigInteger(), nullable=False),
        sa.Column("interest_to", sa.Date(), nullable=True),
        sa.Column("note_invoice_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("pdf_size", sa.Integer(), nullable=True),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.CheckConstraint(f"kind IN ({kinds})", name="ck_followup_document_kind"),
        sa.CheckConstraint(
            f"{letter} AND deadline IS NOT NULL OR NOT {letter} AND fee_ore = 0",
            name="ck_followup_document_letter_fields",
        ),
        sa.CheckConstraint(
            "deadline IS NULL OR deadline >= sent_on", name="ck_followup_document_deadline_after"
        ),
        sa.CheckConstraint(
            "fee_ore >= 0 AND principal_ore >= 0 AND interest_ore >= 0",
            name="ck_followup_document_amounts",
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name="fk_followup_document_company_id_company"
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name="fk_followup_document_customer_id_customer"
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name="fk_followup_document_invoice_id_invoice"
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["followup_message.id"],
            name="fk_followup_document_message_id_followup_message",
        ),
        sa.ForeignKeyConstraint(
            ["note_invoice_id"], ["invoice.id"], name="fk_followup_document_note_invoice_id_invoice"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_followup_document"),
        sa.Index("ix_followup_document_company", "company_id", "sent_on"),
        sa.Index("ix_followup_document_invoice", "invoice_id", "kind"),
        sa.Index(
            "ix_followup_document_letter",
            "invoice_id",
            "kind",
            "sent_on",
            unique=True,
            sqlite_where=sa.text(letter),
            postgresql_where=sa.text(letter),
        ),
    )


_OLD_KINDS = "'invoice', 'credit_note', 'reminder', 'inkassovarsel', 'interest_note'"
_NEW_KINDS = (
    "'invoice', 'credit_note', 'reminder', 'inkassovarsel', 'betalingsoppfordring', 'interest_note'"
)


def _add_checked(table: str, column: str, ddl: str, name: str, check: str) -> None:
    """A column with a CHECK over the table; SQLite takes the CHECK on the column."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} {ddl} CONSTRAINT {name} CHECK ({check})"
        )
    else:
        op.execute(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}")
        op.create_check_constraint(op.f(name), table, check)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.add_column(
        "invoice", sa.Column("charges_ore", sa.BigInteger(), nullable=False, server_default="0")
    )
    op.add_column(
        "invoice",
        sa.Column("charges_paid_ore", sa.BigInteger(), nullable=False, server_default="0"),
    )
    _add_checked(
        "invoice", "charges_settled_ore", "BIGINT DEFAULT '0' NOT NULL", "ck_invoice_charges",
        _CHARGES_CHECK,
    )  # fmt: skip
    _add_checked(
        "company", "payment_order",
        "VARCHAR(24) DEFAULT 'fees_interest_principal' NOT NULL", "ck_company_payment_order",
        _ORDER_CHECK,
    )  # fmt: skip
    op.add_column(
        "followup_settings",
        sa.Column("self_collect", sa.Boolean(), nullable=False, server_default=sa.text("false")),
    )
    if sqlite:
        with op.batch_alter_table(
            "followup_document",
            copy_from=_document_table(_LETTER, 24, _NEW_KINDS),
            recreate="always",
        ):
            pass
    else:
        op.alter_column("followup_document", "kind", type_=sa.String(length=24))
        op.drop_constraint(op.f("ck_followup_document_kind"), "followup_document", type_="check")
        op.create_check_constraint(
            op.f("ck_followup_document_kind"), "followup_document", f"kind IN ({_NEW_KINDS})"
        )
        op.drop_constraint(op.f("ck_followup_document_letter_fields"), "followup_document", "check")
        op.create_check_constraint(
            op.f("ck_followup_document_letter_fields"),
            "followup_document",
            f"{_LETTER} AND deadline IS NOT NULL OR NOT {_LETTER} AND fee_ore = 0",
        )
        op.drop_index("ix_followup_document_letter", "followup_document")
        op.create_index(
            "ix_followup_document_letter",
            "followup_document",
            ["invoice_id", "kind", "sent_on"],
            unique=True,
            postgresql_where=sa.text(_LETTER),
        )
    op.create_table(
        "invoice_charge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("charged_on", sa.Date(), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("settled_ore", sa.BigInteger(), nullable=False),
        sa.Column("paid_ore", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("waived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("waived_by", sa.String(length=200), nullable=True),
        sa.Column("waive_reason", sa.String(length=500), nullable=True),
        sa.CheckConstraint(
            "kind IN ('reminder_fee', 'inkassovarsel_fee', 'betalingsoppfordring_fee', 'interest')",
            name=op.f("ck_invoice_charge_kind"),
        ),
        sa.CheckConstraint(
            "amount_ore > 0 AND settled_ore BETWEEN 0 AND amount_ore"
            " AND paid_ore BETWEEN 0 AND settled_ore",
            name=op.f("ck_invoice_charge_amounts"),
        ),
        sa.CheckConstraint(
            "(waived_at IS NULL) = (waived_by IS NULL)", name=op.f("ck_invoice_charge_waived")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["company.id"], name=op.f("fk_invoice_charge_company_id_company")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["followup_document.id"],
            name=op.f("fk_invoice_charge_document_id_followup_document"),
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoice.id"], name=op.f("fk_invoice_charge_invoice_id_invoice")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_charge")),
    )
    op.create_index("ix_invoice_charge_invoice", "invoice_charge", ["invoice_id"])


def downgrade() -> None:
    op.drop_index("ix_invoice_charge_invoice", "invoice_charge")
    op.drop_table("invoice_charge")
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(
            "followup_document",
            copy_from=_document_table(_OLD_LETTER, 16, _OLD_KINDS),
            recreate="always",
        ):
            pass
    else:
        op.drop_index("ix_followup_document_letter", "followup_document")
        op.create_index(
            "ix_followup_document_letter",
            "followup_document",
            ["invoice_id", "kind", "sent_on"],
            unique=True,
            postgresql_where=sa.text(_OLD_LETTER),
        )
        op.drop_constraint(op.f("ck_followup_document_letter_fields"), "followup_document", "check")
        op.create_check_constraint(
            op.f("ck_followup_document_letter_fields"),
            "followup_document",
            f"{_OLD_LETTER} AND deadline IS NOT NULL OR NOT {_OLD_LETTER} AND fee_ore = 0",
        )
        op.drop_constraint(op.f("ck_followup_document_kind"), "followup_document", type_="check")
        op.create_check_constraint(
            op.f("ck_followup_document_kind"), "followup_document", f"kind IN ({_OLD_KINDS})"
        )
        op.alter_column("followup_document", "kind", type_=sa.String(length=16))
    op.drop_column("followup_settings", "self_collect")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite drops a column with the CHECK it carries (a table rebuild would trip
        # over the rows that refer to company and invoice).
        for table, column in (
            ("company", "payment_order"),
            ("invoice", "charges_settled_ore"),
            ("invoice", "charges_paid_ore"),
            ("invoice", "charges_ore"),
        ):
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    else:
        op.drop_constraint(op.f("ck_company_payment_order"), "company", type_="check")
        op.drop_column("company", "payment_order")
        op.drop_constraint(op.f("ck_invoice_charges"), "invoice", type_="check")
        for column in ("charges_settled_ore", "charges_paid_ore", "charges_ore"):
            op.drop_column("invoice", column)
