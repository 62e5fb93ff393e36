"""The database schema.

The schema protects the books by itself too: CHECK constraints on amounts and states,
UNIQUE on invoice numbers, KIDs and bank payment keys per company. They hold even when
code bypasses the ORM; the storage tests write around it to show that.

Amounts are integer øre (``BigInteger``); dates are ``Date``; timestamps are UTC.

This module holds the companies, customers and invoices and the audit log; the payment
tables are :mod:`reskontro.storage.models_payments` and the base class
:mod:`reskontro.storage.base`, both re-exported here (many modules import them from
here); the other flows have their ``models_*.py``.
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
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import (  # noqa: TC002 - read at run time
    Mapped,
    mapped_column,
    relationship,
)

from reskontro.domain.delivery import CustomerKind, DeliveryMethod
from reskontro.domain.efaktura import Answer as EfakturaAnswer
from reskontro.storage.base import NAMING, Base, in_list, one_of
from reskontro.storage.models_payments import BankFile, BankMessage, Payment, PaymentAllocation


class Company(Base):
    __tablename__ = "company"
    __table_args__ = (
        CheckConstraint("kid_modulus IN (10, 11)", name="kid_modulus"),
        CheckConstraint(
            "unknown_kid_policy IN ('inbox', 'post', 'ignore')", name="unknown_kid_policy"
        ),
        CheckConstraint("match_tolerance_ore >= 0", name="tolerance"),
        CheckConstraint("payment_terms_days BETWEEN 0 AND 365", name="terms"),
        CheckConstraint("kid_dash IN ('allow', 'refuse')", name="kid_dash"),
        CheckConstraint("vat_rounding IN ('per_rate', 'per_line')", name="vat_rounding"),
        CheckConstraint(
            "payment_order IN ('fees_interest_principal', 'interest_fees_principal',"
            " 'principal_fees_interest')",
            name="payment_order",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    org_number: Mapped[str] = mapped_column(String(9), unique=True)
    account: Mapped[str] = mapped_column(String(11))
    vat_registered: Mapped[bool] = mapped_column(Boolean, default=False)
    foretaksregisteret: Mapped[bool] = mapped_column(Boolean, default=False)
    address: Mapped[str | None] = mapped_column(String(400))
    email: Mapped[str | None] = mapped_column(String(200))
    kid_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    kid_template: Mapped[str] = mapped_column(String(100))
    kid_modulus: Mapped[int] = mapped_column(Integer, default=10)
    kid_dash: Mapped[str] = mapped_column(String(10), default="allow")
    #: AvtaleGiro rule "customer number at positions A-B" (1-based, inclusive).
    avtalegiro_customer_first: Mapped[int | None] = mapped_column(Integer)
    avtalegiro_customer_last: Mapped[int | None] = mapped_column(Integer)
    unknown_kid_policy: Mapped[str] = mapped_column(String(10), default="inbox")
    match_tolerance_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    #: In which order a payment settles fees, interest and principal
    #: (:class:`reskontro.domain.settlement.PaymentOrder`).
    payment_order: Mapped[str] = mapped_column(
        String(24), default="fees_interest_principal", server_default="fees_interest_principal"
    )
    payment_terms_days: Mapped[int] = mapped_column(Integer, default=14)
    vat_rounding: Mapped[str] = mapped_column(String(10), default="per_rate")
    #: Structured address (the free-text ``address`` is shown when this is empty).
    street: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2), default="NO", server_default="NO")
    #: Issuing an invoice queues its delivery by the customer's method (else held).
    send_on_issue: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class CompanyAccount(Base):
    """A bank account of the company's, and the source of its incoming payments
    (:class:`reskontro.domain.bank_account.AccountSource`). A payment file for an
    account not listed here is rejected whole; the main account is listed by default."""

    __tablename__ = "company_account"
    __table_args__ = (
        UniqueConstraint("company_id", "account"),
        CheckConstraint("source IN ('ocr', 'camt', 'both')", name="source"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    #: 11-digit Norwegian BBAN.
    account: Mapped[str] = mapped_column(String(11))
    source: Mapped[str] = mapped_column(String(4))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class NumberSeries(Base):
    """A gapless counter per company and kind, taken under a row lock when issuing."""

    __tablename__ = "number_series"
    __table_args__ = (CheckConstraint("next_value >= 1", name="positive"),)

    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    next_value: Mapped[int] = mapped_column(BigInteger, default=1)


class Customer(Base):
    __tablename__ = "customer"
    __table_args__ = (
        UniqueConstraint("company_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("language IN ('nb', 'en')", name="language"),
        CheckConstraint(one_of("kind", CustomerKind), name="kind"),
        CheckConstraint(one_of("delivery_method", DeliveryMethod), name="delivery_method"),
        CheckConstraint(
            "efaktura_answer IS NULL OR " + one_of("efaktura_answer", EfakturaAnswer),
            name="efaktura_answer",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    number: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    org_number: Mapped[str | None] = mapped_column(String(9))
    address: Mapped[str | None] = mapped_column(String(400))
    language: Mapped[str] = mapped_column(String(2), default="nb")
    #: The placeholder customer "Betaling med ukjent KID".
    is_placeholder: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    #: :class:`~reskontro.domain.delivery.CustomerKind`.
    kind: Mapped[str] = mapped_column(String(10), default="business", server_default="business")
    street: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(100))
    #: ISO 3166-1 alpha-2.
    country: Mapped[str] = mapped_column(String(2), default="NO", server_default="NO")
    #: :class:`~reskontro.domain.delivery.DeliveryMethod`.
    delivery_method: Mapped[str] = mapped_column(
        String(10), default="email", server_default="email"
    )
    #: Peppol participant id, ``0192:987654325`` (scheme:identifier).
    peppol_id: Mapped[str | None] = mapped_column(String(100))
    #: Where invoices go by e-mail when other than ``email``.
    invoice_email: Mapped[str | None] = mapped_column(String(200))
    #: EHF BT-10 (else the invoice's ``your_reference``, then our reference).
    buyer_reference: Mapped[str | None] = mapped_column(String(200))
    #: The last Peppol look-up's answer and when it was made.
    peppol_can_receive: Mapped[bool | None] = mapped_column(Boolean)
    peppol_checked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    #: eFaktura look-up data of a private customer: the national identity number,
    #: encrypted (``services/delivery/efaktura_card.py``; never stored in clear), and
    #: the mobile number (the e-mail is ``email``).
    national_id_enc: Mapped[str | None] = mapped_column(Text)
    mobile: Mapped[str | None] = mapped_column(String(20))
    #: The person's eFaktura address and the last look-up: when and its answer
    #: (:class:`~reskontro.domain.efaktura.Answer`); whether they have blocked us.
    efaktura_address: Mapped[str | None] = mapped_column(String(100))
    efaktura_answer: Mapped[str | None] = mapped_column(String(12))
    efaktura_checked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    efaktura_blocked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Invoice(Base):
    """An invoice or a credit note. Issued rows are never edited except for
    ``settled_ore`` / ``paid_ore``, which payments and credit notes move."""

    __tablename__ = "invoice"
    __table_args__ = (
        UniqueConstraint("company_id", "number"),
        UniqueConstraint("company_id", "kid"),
        CheckConstraint("kind IN ('invoice', 'credit_note')", name="kind"),
        CheckConstraint(
            "(number IS NULL AND issued_at IS NULL)"
            " OR (number IS NOT NULL AND issued_at IS NOT NULL)",
            name="issued_has_number",
        ),
        CheckConstraint("number IS NULL OR number >= 1", name="number_positive"),
        CheckConstraint(
            "(kind = 'invoice' AND total_ore >= 0) OR (kind = 'credit_note' AND total_ore <= 0)",
            name="total_sign",
        ),
        CheckConstraint("net_ore + vat_ore = total_ore", name="total_sum"),
        CheckConstraint(
            "(total_ore >= 0 AND settled_ore BETWEEN 0 AND total_ore)"
            " OR (total_ore < 0 AND settled_ore BETWEEN total_ore AND 0)",
            name="settled_within_total",
        ),
        CheckConstraint(
            "kind = 'credit_note' OR (paid_ore BETWEEN 0 AND settled_ore"
            " AND credited_ore BETWEEN 0 AND total_ore)",
            name="settled_parts",
        ),
        CheckConstraint(
            "charges_settled_ore BETWEEN 0 AND charges_ore"
            " AND charges_paid_ore BETWEEN 0 AND charges_settled_ore",
            name="charges",
        ),
        CheckConstraint(
            "kind = 'invoice' AND credits_invoice_id IS NULL"
            " OR kind = 'credit_note' AND credits_invoice_id IS NOT NULL",
            name="credit_reference",
        ),
        CheckConstraint("kid IS NULL OR length(kid) BETWEEN 2 AND 25", name="kid_length"),
        Index("ix_invoice_company_status", "company_id", "status", "due_date"),
        Index("ix_invoice_company_date", "company_id", "invoice_date"),
        # Status is left out so that booking payments (which moves status) does not
        # rewrite this index; a customer's invoices are few.
        Index("ix_invoice_customer", "customer_id"),
        # The list's "newest drafts" walks this small index instead of every invoice.
        Index(
            "ix_invoice_drafts",
            "company_id",
            "id",
            sqlite_where=text("status = 'draft'"),
            postgresql_where=text("status = 'draft'"),
        ),
        # An invoice's credit notes (the invoice page, crediting): only credit notes are
        # indexed, so that booking a payment on PostgreSQL adds no entry here.
        Index(
            "ix_invoice_credits",
            "credits_invoice_id",
            sqlite_where=text("credits_invoice_id IS NOT NULL"),
            postgresql_where=text("credits_invoice_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The columns the kept figures are keyed and summed by load their old value when
    # set while expired (``active_history``), so a flush always knows what it moves
    # (:mod:`reskontro.storage.figures`).
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), active_history=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    kind: Mapped[str] = mapped_column(String(12), default="invoice", active_history=True)
    #: Derived status kept for fast listing; recomputed by the service on every change.
    status: Mapped[str] = mapped_column(String(16), default="draft", active_history=True)
    number: Mapped[int | None] = mapped_column(BigInteger)
    kid: Mapped[str | None] = mapped_column(String(25))
    #: The KID template (and modulus) that made ``kid``, so it always decodes back.
    kid_template: Mapped[str | None] = mapped_column(String(100))
    kid_modulus: Mapped[int | None] = mapped_column(Integer)
    invoice_date: Mapped[dt.date | None] = mapped_column(Date)
    due_date: Mapped[dt.date | None] = mapped_column(Date, active_history=True)
    #: Terms in days when the due date is computed at issue.
    terms_days: Mapped[int | None] = mapped_column(Integer)
    net_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    vat_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    total_ore: Mapped[int] = mapped_column(BigInteger, default=0, active_history=True)
    #: How much of ``total_ore`` is closed against payments or credit notes (same sign).
    settled_ore: Mapped[int] = mapped_column(BigInteger, default=0, active_history=True)
    paid_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    credited_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    #: Fees and invoiced interest charged on the invoice (:class:`InvoiceCharge` rows,
    #: summed), and how much of them is settled (paid or waived) and paid.
    charges_ore: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    charges_settled_ore: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    charges_paid_ore: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    credits_invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id"))
    our_reference: Mapped[str | None] = mapped_column(String(200))
    your_reference: Mapped[str | None] = mapped_column(String(200))
    delivery_date: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    #: ISO 4217; NOK unless the user chose another.
    currency: Mapped[str] = mapped_column(
        String(3), default="NOK", server_default="NOK", active_history=True
    )
    #: NOK per unit of ``currency`` × 1 000 000 (needed when a foreign invoice has VAT).
    exchange_rate_micro: Mapped[int | None] = mapped_column(BigInteger)
    issued_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    lines: Mapped[list[InvoiceLine]] = relationship(
        back_populates="invoice", order_by="InvoiceLine.position"
    )


class InvoiceLine(Base):
    __tablename__ = "invoice_line"
    __table_args__ = (
        UniqueConstraint("invoice_id", "position"),
        CheckConstraint("vat_code IN ('25', '15', '12', '0', 'exempt')", name="vat_code"),
        CheckConstraint("quantity_milli <> 0", name="quantity"),
        # What of a line is credited already (the invoice page, crediting).
        Index("ix_invoice_line_credits", "credits_line_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(500))
    quantity_milli: Mapped[int] = mapped_column(BigInteger)
    unit_price_ore: Mapped[int] = mapped_column(BigInteger)
    vat_code: Mapped[str] = mapped_column(String(8))
    net_ore: Mapped[int] = mapped_column(BigInteger)
    #: On a credit note: the line of the original invoice this line takes back.
    credits_line_id: Mapped[int | None] = mapped_column(ForeignKey("invoice_line.id"))

    invoice: Mapped[Invoice] = relationship(back_populates="lines")


class InvoiceVat(Base):
    """The VAT summary of an issued invoice per code, as printed on it."""

    __tablename__ = "invoice_vat"
    __table_args__ = (
        CheckConstraint("vat_code IN ('25', '15', '12', '0', 'exempt')", name="vat_code"),
    )

    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), primary_key=True)
    vat_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    net_ore: Mapped[int] = mapped_column(BigInteger)
    vat_ore: Mapped[int] = mapped_column(BigInteger)


class CreditAllocation(Base):
    """A credit note closing (part of) an invoice's open amount."""

    __tablename__ = "credit_allocation"
    __table_args__ = (
        CheckConstraint("amount_ore > 0", name="positive"),
        CheckConstraint("invoice_id <> credit_note_id", name="distinct"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), index=True)
    credit_note_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), index=True)
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))


class AuditEntry(Base):
    """Who did what, when, with the state before and after (JSON text)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    object_type: Mapped[str] = mapped_column(String(50))
    object_id: Mapped[int | None] = mapped_column(BigInteger)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)


__all__ = [
    "NAMING",
    "AuditEntry",
    "BankFile",
    "BankMessage",
    "Base",
    "Company",
    "CreditAllocation",
    "Customer",
    "Invoice",
    "InvoiceLine",
    "InvoiceVat",
    "LargeBinary",
    "NumberSeries",
    "Payment",
    "PaymentAllocation",
    "in_list",
    "one_of",
]
