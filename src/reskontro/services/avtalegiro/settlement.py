"""AvtaleGiro in the payment import: mandate lists applied, claims files refused, and
settled claims (OCR transaction type 15, spec §4.1) marked settled.

:mod:`reskontro.services.payments.importer` calls these three from its pipeline: a
Nets file is looked at once for AvtaleGiro assignments (:func:`avtalegiro_content`);
a mandate list is applied in the import's own transaction
(:func:`apply_in_import`), so ``payments import`` and ``fetch`` answer
``"mandates": {...}``; a claims file (ours, to Nets) is never booked as payments; and
after the payments are booked, the claims their type-15 payments paid are marked
settled (:func:`settle_claims`), one statement for the whole file.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import and_, exists, select, update

from reskontro.domain.avtalegiro import ClaimState, Code
from reskontro.errors import FileFormatError
from reskontro.formats import nets
from reskontro.formats.nets.outline import AVTALEGIRO
from reskontro.messages import Message
from reskontro.services.avtalegiro.mandates import apply_mandate_list
from reskontro.storage.models import Payment
from reskontro.storage.models_avtalegiro import Claim

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session

    from reskontro.formats.nets.outline import Outline

#: OCR transaction type of a settled AvtaleGiro claim (spec §2.8, §4.1).
SETTLED_TYPE = "15"


class Content(enum.StrEnum):
    MANDATES = "mandates"
    CLAIMS = "claims"


@dataclass(frozen=True, slots=True)
class MandateCounts:
    """What a mandate list in a payment file did (``payments import --json``)."""

    new: int
    changed: int
    deleted: int


def avtalegiro_content(found: Outline) -> Content | None:
    """What AvtaleGiro a Nets file holds, from its assignment start records (outlined
    once, with the rest of the file's assignments): claims or cancellations are a file
    to Nets, a mandate list one from Nets.

    >>> from reskontro.formats.nets.outline import outline
    >>> avtalegiro_content(outline(b"NY000010" + b"0" * 72 + b"\\nNY212420...")).value
    'mandates'
    """
    if found.has(AVTALEGIRO, "00", "36"):
        return Content.CLAIMS
    if found.has(AVTALEGIRO, "24"):
        return Content.MANDATES
    return None


def refuse_claims_file(filename: str) -> FileFormatError:
    return FileFormatError(Message.of(Code.CLAIMS_FILE, filename=filename), line=1)


def apply_in_import(
    session: Session, company_id: int, data: bytes, *, filename: str, now: dt.datetime, actor: str
) -> MandateCounts:
    """Apply the mandate list of a payment file inside the import's transaction."""
    result = apply_mandate_list(
        session, company_id, nets.parse(data), data=data, filename=filename, now=now,
        actor=actor,
    )  # fmt: skip
    return MandateCounts(result.new, result.changed, result.deleted)


def settle_claims(session: Session, company_id: int, bank_file_id: int, now: dt.datetime) -> int:
    """Mark settled the sent (or failed) claims whose KID a type-15 payment of the file paid."""
    paid = (
        select(Payment.id)
        .where(
            Payment.bank_file_id == bank_file_id,
            Payment.transaction_type == SETTLED_TYPE,
            Payment.kid == Claim.kid,
            Payment.company_id == company_id,
        )
        .limit(1)
        .scalar_subquery()
    )
    result = session.execute(
        update(Claim)
        .where(
            and_(
                Claim.company_id == company_id,
                # A draw reported late settles a claim flagged failed too.
                Claim.state.in_((ClaimState.SENT.value, ClaimState.FAILED.value)),
                exists(
                    select(Payment.id).where(
                        Payment.bank_file_id == bank_file_id,
                        Payment.transaction_type == SETTLED_TYPE,
                        Payment.kid == Claim.kid,
                    )
                ),
            )
        )
        .values(state=ClaimState.SETTLED.value, payment_id=paid, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


__all__ = [
    "Content",
    "MandateCounts",
    "apply_in_import",
    "avtalegiro_content",
    "refuse_claims_file",
    "settle_claims",
]
