"""Bulk and recurring invoicing: customer groups, a price list, recurring agreements
with their lines and the periods they invoiced, and bulk runs with their items.

The guards against doubles are in the schema: one ``recurring_invoice`` row per
agreement, customer and period (inserted in the same transaction as the invoice it
names, before the invoice is issued), and one ``bulk_item`` per run and customer.
"""

from __future__ import annotations

import datetime as dt  # noqa: TC003 - SQLAlchemy reads the annotations at run time

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column  # noqa: TC002 - read at run time

from reskontro.domain.bulk import BulkItemState, BulkRunState
from reskontro.domain.recurring import AgreementState, Interval, Timing
from reskontro.domain.vat import VatCode
from reskontro.storage.models import Base, one_of


class CustomerGroup(Base):
    """A named set of customers (a customer may be in several)."""

    __tablename__ = "customer_group"
    __table_args__ = (UniqueConstraint("company_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    name: Mapped[str] = mapped_column(String(200))


class CustomerGroupMember(Base):
    __tablename__ = "customer_group_member"

    group_id: Mapped[int] = mapped_column(ForeignKey("customer_group.id"), primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customer.id"), primary_key=True, index=True
    )


class Product(Base):
    """A simple item of the price list: text, VAT code, unit; its prices by date."""

    __tablename__ = "product"
    __table_args__ = (
        UniqueConstraint("company_id", "code"),
        CheckConstraint(one_of("vat_code", VatCode), name="vat_code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    code: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(String(500))
    vat_code: Mapped[str] = mapped_column(String(8))
    unit: Mapped[str | None] = mapped_column(String(20))


class ProductPrice(Base):
    """A product's unit price (without VAT) from a date on, until the next one."""

    __tablename__ = "product_price"
    __table_args__ = (
        UniqueConstraint("product_id", "valid_from"),
        CheckConstraint("unit_price_ore >= 0", name="unit_price"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    unit_price_ore: Mapped[int] = mapped_column(BigInteger)


class RecurringAgreement(Base):
    """Invoice a customer (or each customer of a group) every period.

    ``last_period_start`` and ``next_invoice_date`` let the daily run find what is due
    with one indexed query; the ``recurring_invoice`` rows are what guards.
    """

    __tablename__ = "recurring_agreement"
    __table_args__ = (
        CheckConstraint(one_of("interval", Interval), name="interval"),
        CheckConstraint(one_of("timing", Timing), name="timing"),
        CheckConstraint(one_of("state", AgreementState), name="state"),
        CheckConstraint("(customer_id IS NULL) <> (group_id IS NULL)", name="customer_or_group"),
        CheckConstraint("invoice_day IS NULL OR invoice_day BETWEEN 1 AND 31", name="invoice_day"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
        Index("ix_recurring_agreement_due", "state", "next_invoice_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("customer_group.id"))
    #: :class:`~reskontro.domain.recurring.Interval`.
    interval: Mapped[str] = mapped_column(String(10))
    #: :class:`~reskontro.domain.recurring.Timing`.
    timing: Mapped[str] = mapped_column(String(10))
    invoice_day: Mapped[int | None] = mapped_column(Integer)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    terms_days: Mapped[int | None] = mapped_column(Integer)
    #: Queue each invoice for delivery by the customer's method when issued.
    send: Mapped[bool] = mapped_column(Boolean)
    #: "Send som eFaktura hvis mulig": the eFaktura look-up decides.
    efaktura_if_possible: Mapped[bool] = mapped_column(Boolean)
    #: :class:`~reskontro.domain.recurring.AgreementState`.
    state: Mapped[str] = mapped_column(String(10))
    last_period_start: Mapped[dt.date | None] = mapped_column(Date)
    next_invoice_date: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class RecurringLine(Base):
    """A line of an agreement: its own price, or a product's price at the invoice date."""

    __tablename__ = "recurring_line"
    __table_args__ = (
        UniqueConstraint("agreement_id", "position"),
        CheckConstraint(one_of("vat_code", VatCode), name="vat_code"),
        CheckConstraint("quantity_milli > 0", name="quantity"),
        CheckConstraint(
            "unit_price_ore IS NOT NULL OR product_id IS NOT NULL", name="price_source"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("recurring_agreement.id"))
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(500))
    quantity_milli: Mapped[int] = mapped_column(BigInteger)
    unit_price_ore: Mapped[int | None] = mapped_column(BigInteger)
    vat_code: Mapped[str] = mapped_column(String(8))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("product.id"))


class RecurringInvoice(Base):
    """The claim of one agreement's period for one customer, and the invoice issued."""

    __tablename__ = "recurring_invoice"
    __table_args__ = (UniqueConstraint("agreement_id", "customer_id", "period_start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("recurring_agreement.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class BulkRun(Base):
    """One bulk run: the lines given once, for every customer of its items."""

    __tablename__ = "bulk_run"
    __table_args__ = (
        UniqueConstraint("company_id", "run_key"),
        CheckConstraint(one_of("state", BulkRunState), name="state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    #: The run id a caller gives (or one made up) so that a re-run resumes it.
    run_key: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(10))
    #: The lines as JSON (description, quantity_milli, unit_price_ore, vat_code).
    lines: Mapped[str] = mapped_column(Text)
    invoice_date: Mapped[dt.date | None] = mapped_column(Date)
    terms_days: Mapped[int | None] = mapped_column(Integer)
    efaktura_if_possible: Mapped[bool] = mapped_column(Boolean)
    actor: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class BulkItem(Base):
    __tablename__ = "bulk_item"
    __table_args__ = (
        UniqueConstraint("run_id", "customer_id"),
        CheckConstraint(one_of("state", BulkItemState), name="state"),
        Index("ix_bulk_item_run_state", "run_id", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("bulk_run.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    position: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(10))
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id"))
    #: Why it was refused: a code and its parameters (:class:`reskontro.messages.Message`).
    reason: Mapped[str | None] = mapped_column(Text)
