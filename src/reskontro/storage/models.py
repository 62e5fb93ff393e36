"""The database schema.

The schema protects the books by itself too: CHECK constraints on amounts and states,
UNIQUE on invoice numbers, KIDs and bank payment keys per company. They hold even when
code bypasses the ORM; the storage tests write around it to show that.

Amounts are integer øre (``BigInteger``); dates are ``Date``; timestamps are UTC.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

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
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from reskontro.domain.delivery import CustomerKind, DeliveryMethod
from reskontro.domain.efaktura import Answer as EfakturaAnswer
from reskontro.domain.matching import Outcome
from reskontro.domain.payment import BankFileStatus, FileFormat, PaymentState

if TYPE_CHECKING:
    import enum

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def one_of(column: str, values: type[enum.StrEnum] | tuple[str, ...]) -> str:
    """``column`` is one of ``values`` (a ``StrEnum`` or a tuple), as comparisons
    joined by OR (cheaper than ``IN`` for SQLite: see migration 0007)."""
    names = tuple(str(v) for v in values)
    return " OR ".join(f"{column} = '{v}'" for v in names)


def in_list(column: str, values: type[enum.StrEnum]) -> str:
    """``column IN ('a', 'b')`` over an enum's values (tables where SQLite's cost of IN
    does not matter).

    >>> in_list("status", BankFileStatus)
    "status IN ('importing', 'imported', 'rejected')"
    """
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


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
        # An invoice's credit notes (the invoice page, crediting).
        Index("ix_invoice_credits", "credits_invoice_id"),
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


class BankFile(Base):
    """A payment file as received: its SHA-256, where the bytes are kept, what became
    of it. The same bytes again are a duplicate; a rejected file keeps its reason and
    can be imported again once fixed (or once reskontro is)."""

    __tablename__ = "bank_file"
    __table_args__ = (
        UniqueConstraint("company_id", "sha256"),
        CheckConstraint(in_list("status", BankFileStatus), name="status"),
        CheckConstraint(in_list("format", FileFormat), name="format"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(500))
    #: Where the raw bytes are kept (content-addressed by SHA-256 in the file store).
    stored_path: Mapped[str] = mapped_column(String(1000))
    size: Mapped[int] = mapped_column(BigInteger)
    format: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))
    #: The message-level key: OCR transmitter+recipient+transmission number; camt
    #: message id + notification id + account.
    message_key: Mapped[str | None] = mapped_column(String(300))
    error_line: Mapped[int | None] = mapped_column(Integer)
    error_message: Mapped[str | None] = mapped_column(Text)
    payments: Mapped[int] = mapped_column(Integer, default=0)
    amount_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    summary: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(50), default="upload")
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    imported_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))


class BankMessage(Base):
    """Message-level keys of imported files: the same key with other bytes is refused."""

    __tablename__ = "bank_message"
    __table_args__ = (UniqueConstraint("company_id", "message_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    message_key: Mapped[str] = mapped_column(String(300))
    bank_file_id: Mapped[int] = mapped_column(ForeignKey("bank_file.id"))


#: What the payment CHECKs allow, from the enums (migration 0007 names them).
PAYMENT_OUTCOMES: tuple[str, ...] = tuple(o.value for o in Outcome)
PAYMENT_STATES: tuple[str, ...] = tuple(s.value for s in PaymentState)


class Payment(Base):
    """One incoming payment. Its key (the bank's own) is unique per company, so no
    payment is ever booked twice."""

    __tablename__ = "payment"
    __table_args__ = (
        UniqueConstraint("company_id", "key"),
        # Written as comparisons, not IN lists: SQLite builds a temporary b-tree for a
        # constant IN list every time a CHECK is evaluated, which cost 40 % of a bulk
        # insert of payments (migration 0007).
        CheckConstraint(one_of("outcome", PAYMENT_OUTCOMES), name="outcome"),
        CheckConstraint(
            "(amount_ore >= 0 AND allocated_ore BETWEEN 0 AND amount_ore)"
            " OR (amount_ore < 0 AND allocated_ore BETWEEN amount_ore AND 0)",
            name="allocated_within_amount",
        ),
        CheckConstraint(one_of("state", PAYMENT_STATES), name="state"),
        CheckConstraint("state <> 'inbox' OR customer_id IS NULL", name="inbox_unposted"),
        CheckConstraint(
            "invoice_id IS NOT NULL OR (invoice_amount_ore = 0 AND written_off_ore = 0)",
            name="invoice_amount",
        ),
        CheckConstraint("written_off_ore >= 0", name="writeoff"),
        # A customer's payments are asked for only while not wholly allocated (the
        # customer's credit): only those are indexed by customer.
        Index(
            "ix_payment_open",
            "company_id",
            "customer_id",
            sqlite_where=text("amount_ore <> allocated_ore"),
            postgresql_where=text("amount_ore <> allocated_ore"),
        ),
        # Only the few payments waiting for a person are indexed by state.
        Index(
            "ix_payment_waiting",
            "company_id",
            "state",
            sqlite_where=text("state <> 'posted'"),
            postgresql_where=text("state <> 'posted'"),
        ),
        Index(
            "ix_payment_payer_account",
            "company_id",
            "payer_account",
            sqlite_where=text("payer_account IS NOT NULL"),
            postgresql_where=text("payer_account IS NOT NULL"),
        ),
        # The same payment from another file (another format, no bank reference, a new
        # transaction number) is looked for among payments of the same amount and date.
        Index("ix_payment_amount_date", "company_id", "amount_ore", "date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    bank_file_id: Mapped[int | None] = mapped_column(ForeignKey("bank_file.id"), index=True)
    key: Mapped[str] = mapped_column(String(300))
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    kid: Mapped[str | None] = mapped_column(String(25))
    date: Mapped[dt.date] = mapped_column(Date)
    value_date: Mapped[dt.date | None] = mapped_column(Date)
    message: Mapped[str | None] = mapped_column(Text)
    payer_name: Mapped[str | None] = mapped_column(String(200))
    payer_account: Mapped[str | None] = mapped_column(String(40))
    account: Mapped[str | None] = mapped_column(String(40))
    line: Mapped[int | None] = mapped_column(Integer)
    bank_reference: Mapped[str | None] = mapped_column(String(100))
    transaction_type: Mapped[str | None] = mapped_column(String(20))
    #: ISO 4217 code of the amount: it settles only invoices in the same currency.
    currency: Mapped[str] = mapped_column(String(3), default="NOK", server_default="NOK")
    #: camt texts that help a person place the payment (NULL for OCR): the entry's
    #: ``AddtlNtryInf``, the ``Strd/AddtlRmtInf`` lines, the structured references
    #: that are not the KID (RF, QR), lines joined with a newline.
    entry_info: Mapped[str | None] = mapped_column(Text)
    remittance_info: Mapped[str | None] = mapped_column(Text)
    creditor_reference: Mapped[str | None] = mapped_column(Text)
    #: How matching ended when the payment arrived, and the detail of why
    #: (:class:`reskontro.domain.matching.Detail`).
    outcome: Mapped[str] = mapped_column(String(10))
    detail: Mapped[str] = mapped_column(String(20))
    #: Where it is now: posted (to a customer), waiting in the inbox, or ignored.
    state: Mapped[str] = mapped_column(String(10))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"))
    #: The invoice the payment's KID named and paid (the automatic allocation, kept
    #: on the payment row itself so that a million-payment file books in seconds);
    #: allocations made by hand are rows of :class:`PaymentAllocation`.
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id"), index=True)
    #: The amount of the automatic allocation (negative for a reversal).
    invoice_amount_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    #: A difference within the company's tolerance, written off to close the invoice.
    written_off_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    #: How much of the amount is allocated to invoices in all (automatic + by hand);
    #: the rest is the customer's credit.
    allocated_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    #: Why the payment went where it went, when it is more than its outcome says
    #: (policy inferences, actions by hand): codes with parameters, a JSON list
    #: (:class:`reskontro.messages.Messages`), rendered in the reader's language. The
    #: plain KID cases are described from outcome, KID and invoice when shown
    #: (:func:`reskontro.domain.matching.reason_of`).
    reasons: Mapped[str | None] = mapped_column(Text)
    #: The payment booked before that this one may repeat (it waits in the inbox, shown
    #: beside that one). A plain id, not a foreign key: undoing that payment's import
    #: leaves this one waiting for a person as it was.
    duplicate_of: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class PaymentAllocation(Base):
    """A payment (or part of one) settling an invoice by hand (the automatic
    allocation by KID is on the payment row)."""

    __tablename__ = "payment_allocation"
    __table_args__ = (CheckConstraint("amount_ore > 0", name="positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"), index=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), index=True)
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
]
