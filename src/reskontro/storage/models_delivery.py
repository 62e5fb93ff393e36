"""Delivery of documents to customers: one row per document and method, its state
machine and its attempts; and the attachments of outgoing e-mails."""

from __future__ import annotations

import datetime as dt  # noqa: TC003 - SQLAlchemy reads the annotations at run time

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column  # noqa: TC002 - read at run time

from reskontro.domain.delivery import DeliveryMethod, DeliveryState, DocumentKind
from reskontro.storage import models_automation  # noqa: F401 - email_outbox, referred to
from reskontro.storage.models import Base, one_of


class Delivery(Base):
    """One send of one document by one method (with its retries).

    A worker *claims* a ``queued`` row by moving it to ``sending`` with
    ``UPDATE ... WHERE state = 'queued'`` and sends only when that changed one row, so
    no document goes twice even with several workers.
    """

    __tablename__ = "delivery"
    __table_args__ = (
        CheckConstraint(one_of("document_kind", DocumentKind), name="document_kind"),
        CheckConstraint(one_of("method", DeliveryMethod), name="method"),
        CheckConstraint(one_of("state", DeliveryState), name="state"),
        CheckConstraint("attempts >= 0", name="attempts"),
        CheckConstraint("state <> 'refused' OR reason_code IS NOT NULL", name="refused_has_reason"),
        Index("ix_delivery_due", "state", "next_attempt_at"),
        Index("ix_delivery_invoice", "invoice_id"),
        Index("ix_delivery_print", "company_id", "method", "send_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"))
    #: :class:`~reskontro.domain.delivery.DocumentKind`.
    document_kind: Mapped[str] = mapped_column(String(12))
    #: :class:`~reskontro.domain.delivery.DeliveryMethod`.
    method: Mapped[str] = mapped_column(String(10))
    #: The address it goes to: e-mail address, Peppol id, or the postal address.
    recipient: Mapped[str | None] = mapped_column(String(400))
    #: :class:`~reskontro.domain.delivery.DeliveryState`.
    state: Mapped[str] = mapped_column(String(10))
    #: Why it was refused or failed: a code and its parameters (JSON object).
    reason_code: Mapped[str | None] = mapped_column(String(60))
    reason_params: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    #: The day it was asked for (Europe/Oslo); the print queue is by this day.
    send_date: Mapped[dt.date] = mapped_column(Date)
    #: The e-mail in the outbox that carries it (method email).
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("email_outbox.id"))
    #: The file put in the access point's outbox (method ehf).
    file_name: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))


class EmailAttachment(Base):
    """A file attached to an e-mail in the outbox (an invoice's PDF)."""

    __tablename__ = "email_attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("email_outbox.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class CompanyAccessPoint(Base):
    """The access point a company sends its EHF through: one of its bank channels
    (SFTP or folder) and the folder on it the access point picks files from. A
    company without one uses the installation's ``RESKONTRO_AP_*`` setting."""

    __tablename__ = "company_access_point"

    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("bank_channel.id"))
    folder: Mapped[str] = mapped_column(String(1000))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))


__all__ = ["CompanyAccessPoint", "Delivery", "EmailAttachment"]
