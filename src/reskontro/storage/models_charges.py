"""Charges on an invoice: the fees follow-up letters charge and invoiced interest.

Each is an open item of the invoice it belongs to (the same KID pays it), settled by
:func:`reskontro.domain.settlement.settle` with the invoice's principal; the invoice
keeps their sums (``charges_ore``, ``charges_settled_ore``, ``charges_paid_ore``) so
that matching and listing read one row. A charge is never deleted; a waived fee is
settled without being paid, with who waived it, when and why.
"""

from __future__ import annotations

import datetime as dt  # noqa: TC003 - SQLAlchemy reads the annotations at run time

from sqlalchemy import BigInteger, CheckConstraint, Date, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column  # noqa: TC002 - read at run time

from reskontro.storage.models import Base

#: The kinds of charge (:class:`reskontro.domain.settlement.ChargeKind`).
CHARGE_KINDS = ("reminder_fee", "inkassovarsel_fee", "betalingsoppfordring_fee", "interest")


class InvoiceCharge(Base):
    """A fee or invoiced interest on an invoice."""

    __tablename__ = "invoice_charge"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('reminder_fee', 'inkassovarsel_fee', 'betalingsoppfordring_fee', 'interest')",
            name="kind",
        ),
        CheckConstraint(
            "amount_ore > 0 AND settled_ore BETWEEN 0 AND amount_ore"
            " AND paid_ore BETWEEN 0 AND settled_ore",
            name="amounts",
        ),
        CheckConstraint("(waived_at IS NULL) = (waived_by IS NULL)", name="waived"),
        Index("ix_invoice_charge_invoice", "invoice_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoice.id"))
    kind: Mapped[str] = mapped_column(String(24))
    #: The letter (or interest note) that charged it.
    document_id: Mapped[int | None] = mapped_column(ForeignKey("followup_document.id"))
    charged_on: Mapped[dt.date] = mapped_column(Date)
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    settled_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    paid_ore: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    waived_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    waived_by: Mapped[str | None] = mapped_column(String(200))
    waive_reason: Mapped[str | None] = mapped_column(String(500))


__all__ = ["CHARGE_KINDS", "InvoiceCharge"]
