"""Follow-up tables: dated rates, settings, holds, disputes, letters and e-mails, hand-offs.

Letters (reminders, inkassovarsel, interest notes) and document PDFs are kept for good
(bokføringsloven § 13): a row is never deleted, and its PDF is stored by SHA-256 in the
file store. The facts a letter states are kept with it as JSON, so its PDF can be made
again byte for byte.
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
    text,
)
from sqlalchemy.orm import Mapped, mapped_column  # noqa: TC002 - read at run time

from reskontro.storage.models import Base

#: Document kinds: sales documents and the follow-up letters.
DOCUMENT_KINDS = ("invoice", "credit_note", "reminder", "inkassovarsel", "interest_note")
LETTER_KINDS = ("reminder", "inkassovarsel")


class FollowupRate(Base):
    """A dated rate a user added (or corrected); it joins the rates shipped in
    ``reskontro/data/rates.toml``, replacing a shipped row of the same kind and date."""

    __tablename__ = "followup_rate"
    __table_args__ = (
        UniqueConstraint("kind", "valid_from"),
        CheckConstraint("kind IN ('inkassosats', 'interest', 'regime')", name="kind"),
        CheckConstraint(
            "(kind = 'inkassosats' AND amount_ore > 0 AND fee_rounding IN ('ore', 'krone'))"
            " OR (kind = 'interest' AND rate_bp BETWEEN 0 AND 10000)"
            " OR (kind = 'regime' AND regime IS NOT NULL)",
            name="value",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    #: Inkassosats in øre.
    amount_ore: Mapped[int | None] = mapped_column(BigInteger)
    fee_rounding: Mapped[str | None] = mapped_column(String(5))
    #: Forsinkelsesrente per annum in hundredths of a percent (1225 = 12.25 %).
    rate_bp: Mapped[int | None] = mapped_column(Integer)
    policy_rate_bp: Mapped[int | None] = mapped_column(Integer)
    regime: Mapped[str | None] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(Text, default="")
    verify: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))


class FollowupSettings(Base):
    """A company's pace of follow-up; the law's limits are checked in the domain."""

    __tablename__ = "followup_settings"
    __table_args__ = (
        CheckConstraint("deadline_days >= 14", name="deadline"),
        CheckConstraint("first_reminder_days >= 1", name="first_reminder"),
        CheckConstraint("max_reminders BETWEEN 0 AND 2", name="max_reminders"),
        CheckConstraint("grace_days BETWEEN 0 AND 30", name="grace"),
        CheckConstraint("min_open_ore >= 0", name="min_open"),
        CheckConstraint("transit_bank_days BETWEEN 0 AND 10", name="transit"),
        CheckConstraint("fresh_bank_days BETWEEN 0 AND 10", name="fresh"),
    )

    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), primary_key=True)
    first_reminder_days: Mapped[int] = mapped_column(Integer)
    deadline_days: Mapped[int] = mapped_column(Integer)
    max_reminders: Mapped[int] = mapped_column(Integer)
    grace_days: Mapped[int] = mapped_column(Integer)
    charge_fees: Mapped[bool] = mapped_column(Boolean)
    min_open_ore: Mapped[int] = mapped_column(BigInteger)
    #: Bank days a payment needs to reach the bank's file.
    transit_bank_days: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    #: How old (bank days) the last bank file may be for a run to send.
    fresh_bank_days: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class FollowupHold(Base):
    """No letters for a customer or an invoice, until a date or until released."""

    __tablename__ = "followup_hold"
    __table_args__ = (
        CheckConstraint("(customer_id IS NULL) <> (invoice_id IS NULL)", name="one_target"),
        Index("ix_followup_hold_company", "company_id", "released_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"))
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id"))
    reason: Mapped[str] = mapped_column(String(500))
    #: Last day of the hold; none: until released.
    until: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    released_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    released_by: Mapped[str | None] = mapped_column(String(200))


class FollowupClaim(Base):
    """Follow-up state of one invoice: disputed, handed over, interest invoiced so far."""

    __tablename__ = "followup_claim"
    __table_args__ = (
        CheckConstraint("(handoff_id IS NULL) = (handed_over_on IS NULL)", name="handoff_date"),
    )

    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"), primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    disputed: Mapped[bool] = mapped_column(Boolean, default=False)
    dispute_reason: Mapped[str | None] = mapped_column(String(500))
    handoff_id: Mapped[int | None] = mapped_column(ForeignKey("followup_handoff.id"))
    handed_over_on: Mapped[dt.date | None] = mapped_column(Date)
    #: Interest on this invoice has been invoiced through this day.
    interest_to: Mapped[dt.date | None] = mapped_column(Date)
    #: The invoice is itself an interest note (no interest on interest).
    is_interest_note: Mapped[bool] = mapped_column(Boolean, default=False)


class FollowupHandoff(Base):
    """One export of claims to a debt-collection agency."""

    __tablename__ = "followup_handoff"
    __table_args__ = (
        CheckConstraint("claims >= 1", name="claims"),
        CheckConstraint("principal_ore >= 0 AND fees_ore >= 0 AND interest_ore >= 0",
                        name="amounts"),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    handed_over_on: Mapped[dt.date] = mapped_column(Date)
    claims: Mapped[int] = mapped_column(Integer)
    principal_ore: Mapped[int] = mapped_column(BigInteger)
    fees_ore: Mapped[int] = mapped_column(BigInteger)
    interest_ore: Mapped[int] = mapped_column(BigInteger)
    csv_sha256: Mapped[str | None] = mapped_column(String(64))
    json_sha256: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))


class FollowupMessage(Base):
    """An e-mail as composed (subject, plain and HTML body); its attachments are the
    documents pointing at it. ``pending`` waits for the mailer; ``print`` has no
    address and goes by post."""

    __tablename__ = "followup_message"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending', 'sending', 'print', 'sent', 'failed')", name="status"
        ),
        Index("ix_followup_message_status", "company_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    to_address: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(Text)


class FollowupDocument(Base):
    """A document made for a customer: an invoice or credit note PDF, a reminder, an
    inkassovarsel, an interest note. Letters are unique per invoice, kind and day."""

    __tablename__ = "followup_document"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('invoice', 'credit_note', 'reminder', 'inkassovarsel', 'interest_note')",
            name="kind",
        ),
        CheckConstraint(
            "fee_ore >= 0 AND principal_ore >= 0 AND interest_ore >= 0", name="amounts"
        ),
        CheckConstraint(
            "kind IN ('reminder', 'inkassovarsel') AND deadline IS NOT NULL"
            " OR kind NOT IN ('reminder', 'inkassovarsel') AND fee_ore = 0",
            name="letter_fields",
        ),
        CheckConstraint("deadline IS NULL OR deadline >= sent_on", name="deadline_after"),
        Index(
            "ix_followup_document_letter",
            "invoice_id",
            "kind",
            "sent_on",
            unique=True,
            sqlite_where=text("kind IN ('reminder', 'inkassovarsel')"),
            postgresql_where=text("kind IN ('reminder', 'inkassovarsel')"),
        ),
        Index("ix_followup_document_invoice", "invoice_id", "kind"),
        Index("ix_followup_document_company", "company_id", "sent_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    #: The invoice the document is (invoice, credit note) or is about (letters).
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"))
    kind: Mapped[str] = mapped_column(String(16))
    #: Reminder number (1, 2); 0 otherwise.
    level: Mapped[int] = mapped_column(Integer, default=0)
    sent_on: Mapped[dt.date] = mapped_column(Date)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    principal_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    fee_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    interest_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    #: Interest counted through this day (letters, interest notes).
    interest_to: Mapped[dt.date | None] = mapped_column(Date)
    #: An interest note's invoice (the one that charges the interest).
    note_invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id"))
    language: Mapped[str] = mapped_column(String(2), default="nb")
    #: The facts the document states (JSON), to make its PDF again.
    content: Mapped[str] = mapped_column(Text)
    filename: Mapped[str] = mapped_column(String(200))
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    pdf_size: Mapped[int | None] = mapped_column(Integer)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("followup_message.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))


__all__ = [
    "DOCUMENT_KINDS",
    "LETTER_KINDS",
    "FollowupClaim",
    "FollowupDocument",
    "FollowupHandoff",
    "FollowupHold",
    "FollowupMessage",
    "FollowupRate",
    "FollowupSettings",
]
