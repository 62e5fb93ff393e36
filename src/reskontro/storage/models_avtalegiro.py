"""Tables of AvtaleGiro: the agreement, payers' mandates and their history, the files
in and out, and one claim per invoice.

The schema holds the rules that matter most by itself: **one claim per invoice, ever**
(``UNIQUE (invoice_id)`` on ``avtalegiro_claim``), one mandate per KID, one agreement
per company, and every state is one of its enum's values (the CHECKs are built from
the enums in :mod:`reskontro.domain.avtalegiro`).
"""

from __future__ import annotations

import datetime as dt  # noqa: TC003 - SQLAlchemy reads the annotations at run time
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
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column  # noqa: TC002 - read at run time

from reskontro.domain.avtalegiro import (
    AgreementStatus,
    ClaimState,
    FileDirection,
    MandateChange,
    MandateState,
)
from reskontro.storage.models import Base

if TYPE_CHECKING:
    import enum


def one_of(column: str, values: type[enum.StrEnum]) -> str:
    """``column`` is one of the enum's values, as comparisons joined by OR.

    >>> one_of("state", MandateState)
    "state = 'active' OR state = 'waiting' OR state = 'ended'"
    """
    return " OR ".join(f"{column} = '{v.value}'" for v in values)


class AvtaleGiroAgreement(Base):
    """The company's AvtaleGiro agreement with Nets (one per company)."""

    __tablename__ = "avtalegiro_agreement"
    __table_args__ = (
        UniqueConstraint("company_id"),
        CheckConstraint("length(agreement_id) = 9", name="agreement_id_length"),
        CheckConstraint("length(account) = 11", name="account_length"),
        CheckConstraint("length(data_transmitter) = 8", name="data_transmitter_length"),
        CheckConstraint(one_of("status", AgreementStatus), name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    #: Nets' agreement ID (avtale-ID), 9 digits.
    agreement_id: Mapped[str] = mapped_column(String(9))
    #: The account claims are drawn to: the same account as OCR Giro, 11 digits.
    account: Mapped[str] = mapped_column(String(11))
    #: Our customer unit ID (kundeenhet-ID) as data transmitter, 8 digits.
    data_transmitter: Mapped[str] = mapped_column(String(8))
    #: True: the bank notifies payers who want a notice (type 21); False: we do (02).
    bank_notifies: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(10))
    #: The bank channel claims files go out through, and the folder on it for Nets.
    channel_id: Mapped[int | None] = mapped_column(ForeignKey("bank_channel.id"))
    outbound_folder: Mapped[str | None] = mapped_column(String(1000))
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))


class AvtaleGiroFile(Base):
    """A mandate list read, or a claims transmission written (kept byte for byte)."""

    __tablename__ = "avtalegiro_file"
    __table_args__ = (
        CheckConstraint(one_of("direction", FileDirection), name="direction"),
        CheckConstraint("claims >= 0 AND cancellations >= 0 AND amount_ore >= 0", name="counts"),
        UniqueConstraint("company_id", "claims_assignment"),
        UniqueConstraint("company_id", "cancellations_assignment"),
        Index("ix_avtalegiro_file_company_run", "company_id", "direction", "run_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    direction: Mapped[str] = mapped_column(String(10))
    filename: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    #: The transmission number: Nets' for a mandate list, ours for a claims file.
    transmission_number: Mapped[str | None] = mapped_column(String(7))
    #: Our assignment numbers (unique per agreement far longer than 12 months + 1 day).
    claims_assignment: Mapped[str | None] = mapped_column(String(7))
    cancellations_assignment: Mapped[str | None] = mapped_column(String(7))
    #: The Oslo date of the run that wrote a claims file.
    run_date: Mapped[dt.date | None] = mapped_column(Date)
    claims: Mapped[int] = mapped_column(Integer, default=0)
    cancellations: Mapped[int] = mapped_column(Integer, default=0)
    amount_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    #: Mandate list: what it did.
    new: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    deleted: Mapped[int] = mapped_column(Integer, default=0)
    #: Where and when a claims file was delivered to Nets (a channel's outbound folder).
    sent_to: Mapped[str | None] = mapped_column(String(500))
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))


class Mandate(Base):
    """A payer's mandate (FBO) by its KID; its customer found from the KID."""

    __tablename__ = "avtalegiro_mandate"
    __table_args__ = (
        UniqueConstraint("company_id", "kid"),
        CheckConstraint(one_of("state", MandateState), name="state"),
        CheckConstraint(
            "(state = 'waiting' AND customer_id IS NULL)"
            " OR (state = 'active' AND customer_id IS NOT NULL) OR state = 'ended'",
            name="customer",
        ),
        Index("ix_avtalegiro_mandate_customer", "customer_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    kid: Mapped[str] = mapped_column(String(25))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"))
    #: The payer wants a written notice (``J``).
    notify: Mapped[bool] = mapped_column(Boolean)
    state: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class MandateEvent(Base):
    """One change of a mandate: its history (per customer through ``customer_id``)."""

    __tablename__ = "avtalegiro_mandate_event"
    __table_args__ = (
        CheckConstraint(one_of("change", MandateChange), name="change"),
        CheckConstraint(one_of("state", MandateState), name="state"),
        CheckConstraint(
            "registration_type IS NULL OR registration_type BETWEEN 0 AND 2",
            name="registration_type",
        ),
        Index("ix_avtalegiro_mandate_event_mandate", "mandate_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    mandate_id: Mapped[int] = mapped_column(ForeignKey("avtalegiro_mandate.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"))
    file_id: Mapped[int | None] = mapped_column(ForeignKey("avtalegiro_file.id"))
    registration_type: Mapped[int | None] = mapped_column(Integer)
    change: Mapped[str] = mapped_column(String(10))
    #: The mandate's state and notify flag after the change.
    state: Mapped[str] = mapped_column(String(10))
    notify: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))


class Claim(Base):
    """An invoice's AvtaleGiro claim: one per invoice, ever."""

    __tablename__ = "avtalegiro_claim"
    __table_args__ = (
        UniqueConstraint("invoice_id"),
        CheckConstraint(one_of("state", ClaimState), name="state"),
        CheckConstraint("amount_ore > 0", name="amount"),
        CheckConstraint(
            "transaction_type IS NULL OR transaction_type = 2 OR transaction_type = 21",
            name="transaction_type",
        ),
        CheckConstraint(
            "state = 'too_late' OR (file_id IS NOT NULL AND transaction_type IS NOT NULL)",
            name="sent_in_file",
        ),
        CheckConstraint("state <> 'cancelled' OR cancel_file_id IS NOT NULL", name="cancelled"),
        Index("ix_avtalegiro_claim_company_state", "company_id", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"))
    mandate_id: Mapped[int] = mapped_column(ForeignKey("avtalegiro_mandate.id"))
    kid: Mapped[str] = mapped_column(String(25))
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    due_date: Mapped[dt.date] = mapped_column(Date)
    #: 2 (we notify) or 21 (the bank notifies); None when never sent.
    transaction_type: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(12))
    file_id: Mapped[int | None] = mapped_column(ForeignKey("avtalegiro_file.id"))
    transaction_number: Mapped[int | None] = mapped_column(Integer)
    cancel_file_id: Mapped[int | None] = mapped_column(ForeignKey("avtalegiro_file.id"))
    #: The payment (OCR type 15) that settled it.
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payment.id"))
    #: Why it is in its state when that needs saying (a stored Message).
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


__all__ = [
    "AvtaleGiroAgreement",
    "AvtaleGiroFile",
    "Claim",
    "Mandate",
    "MandateEvent",
    "one_of",
]
