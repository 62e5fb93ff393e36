"""Payment tables: bank files as received, their messages, payments and allocations.

A bank file is kept by SHA-256 with what became of it; each payment carries the bank's
key (UNIQUE per company, the dedupe of ``shared/specs/bank-file-delivery-and-dedupe.md``),
how it was matched and why (a code with parameters). Amounts are integer øre.
"""

from __future__ import annotations

import datetime as dt  # noqa: TC003 - SQLAlchemy reads the annotations at run time

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import (  # noqa: TC002 - read at run time
    Mapped,
    mapped_column,
)

from reskontro.domain.matching import Outcome
from reskontro.domain.payment import BankFileStatus, FileFormat, PaymentState
from reskontro.storage.base import Base, in_list, one_of

__all__ = ["BankFile", "BankMessage", "Payment", "PaymentAllocation"]


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
    #: A rejected file's problems: JSON, each a code, its params and its place
    #: (:mod:`reskontro.services.payments.file_problems`).
    problems: Mapped[str | None] = mapped_column(Text)
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
        # transaction number) is looked for among payments of the same date and amount;
        # the date first, so that an import asks once per date whether another file
        # booked anything on it (:mod:`reskontro.services.payments.duplicates`).
        Index("ix_payment_date_amount", "company_id", "date", "amount_ore"),
        # A deleted payment finds the possible duplicates that name it (ON DELETE SET NULL).
        Index(
            "ix_payment_duplicate_of",
            "duplicate_of",
            sqlite_where=text("duplicate_of IS NOT NULL"),
            postgresql_where=text("duplicate_of IS NOT NULL"),
        ),
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
    #: beside that one). Undoing that payment's import sets it to NULL (migration 0023);
    #: this one waits for a person as it was, its reason unchanged.
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("payment.id", ondelete="SET NULL"))
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
