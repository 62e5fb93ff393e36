"""Delivery records: one row per send of a document, its state and why.

Every change of state goes through :func:`move` (audited) or :func:`claim` (the guard
that keeps a document from going twice).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import and_, or_, select, update

from reskontro.domain.delivery import DeliveryMethod, DeliveryState, DocumentKind
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.storage.models_delivery import Delivery

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from reskontro.domain.delivery import RefusedBecause


class DeliveryReason(enum.StrEnum):
    """Why a delivery failed or waits (the rules' refusals are
    :class:`~reskontro.domain.delivery.Refusal`)."""

    SMTP_FAILED = "delivery.smtp_failed"
    NO_ACCESS_POINT = "delivery.no_access_point"
    CHANNEL_ERROR = "delivery.channel_error"
    ACCESS_POINT_REJECTED = "delivery.access_point_rejected"
    EHF_UNAVAILABLE = "delivery.ehf_unavailable"
    #: eFaktura: the register or MPS did not answer (a fallback says it went by
    #: another method because of this).
    EFAKTURA_REGISTER_DOWN = "delivery.efaktura_register_down"
    #: MPS rejected the eFaktura (its error code and text).
    EFAKTURA_REJECTED = "delivery.efaktura_rejected"
    #: Sent by the customer's next method because the eFaktura was rejected.
    EFAKTURA_FALLBACK = "delivery.efaktura_fallback"
    #: Sent by the customer's next method: the register no longer knows them.
    EFAKTURA_NO_LONGER = "delivery.efaktura_no_longer"
    #: Sent by the customer's next method: eFaktura carries no credit notes (MPS takes
    #: only amounts above zero).
    EFAKTURA_CREDIT_NOTE = "delivery.efaktura_credit_note"


#: Waits between tries of a temporary failure (seconds); then it has failed.
BACKOFF = (60, 300, 1800, 7200, 21600)


@dataclass(frozen=True, slots=True)
class DeliveryView:
    """One delivery as the invoice page, the API and the CLI show it."""

    id: int
    invoice_id: int
    document_kind: DocumentKind
    method: DeliveryMethod
    recipient: str | None
    state: DeliveryState
    reason: Message | None
    attempts: int
    send_date: dt.date
    created_at: dt.datetime
    sent_at: dt.datetime | None
    finished_at: dt.datetime | None
    next_attempt_at: dt.datetime | None
    file_name: str | None
    actor: str


@dataclass(frozen=True, slots=True)
class SendResult:
    """What ``invoice send`` answers: ``status`` is the delivery's state."""

    id: int
    method: DeliveryMethod
    status: DeliveryState
    reason: Message | None


def reason_of(row: Delivery) -> Message | None:
    if row.reason_code is None:
        return None
    params = json.loads(row.reason_params) if row.reason_params else {}
    return Message.of(row.reason_code, **params)


def view_of(row: Delivery) -> DeliveryView:
    return DeliveryView(
        id=row.id,
        invoice_id=row.invoice_id,
        document_kind=DocumentKind(row.document_kind),
        method=DeliveryMethod(row.method),
        recipient=row.recipient,
        state=DeliveryState(row.state),
        reason=reason_of(row),
        attempts=row.attempts,
        send_date=row.send_date,
        created_at=row.created_at,
        sent_at=row.sent_at,
        finished_at=row.finished_at,
        next_attempt_at=row.next_attempt_at,
        file_name=row.file_name,
        actor=row.actor,
    )


def result_of(row: Delivery) -> SendResult:
    return SendResult(row.id, DeliveryMethod(row.method), DeliveryState(row.state), reason_of(row))


def _set_reason(row: Delivery, reason: Message | None) -> None:
    row.reason_code = None if reason is None else reason.code
    params = reason.to_json()["params"] if reason is not None and reason.params else None
    row.reason_params = None if params is None else json.dumps(params, ensure_ascii=False)


def refusal_message(refused: RefusedBecause) -> Message:
    return Message.of(refused.code, **dict(refused.params))


def _audit(session: Session, row: Delivery, now: dt.datetime, actor: str, action: str) -> None:
    audit.record(
        session,
        at=now,
        actor=actor,
        action=f"delivery.{action}",
        object_type="invoice",
        object_id=row.invoice_id,
        company_id=row.company_id,
        after={
            "delivery": row.id,
            "method": row.method,
            "state": row.state,
            "recipient": row.recipient,
            "reason": row.reason_code,
            "attempts": row.attempts,
        },
    )


def new_row(
    *,
    company_id: int,
    invoice_id: int,
    kind: DocumentKind,
    method: DeliveryMethod,
    recipient: str | None,
    refused: RefusedBecause | None,
    today: dt.date,
    now: dt.datetime,
    actor: str,
    reason: Message | None = None,
) -> Delivery:
    """A new delivery row, not yet in a session (:func:`add`; a bulk run adds a
    chunk's rows at once)."""
    row = Delivery(
        company_id=company_id,
        invoice_id=invoice_id,
        document_kind=kind.value,
        method=method.value,
        recipient=recipient,
        state=(DeliveryState.REFUSED if refused else DeliveryState.QUEUED).value,
        attempts=0,
        next_attempt_at=None if refused else now,
        send_date=today,
        created_at=now,
        finished_at=now if refused else None,
        actor=actor,
    )
    _set_reason(row, refusal_message(refused) if refused else reason)
    return row


def add(
    session: Session,
    *,
    company_id: int,
    invoice_id: int,
    kind: DocumentKind,
    method: DeliveryMethod,
    recipient: str | None,
    refused: RefusedBecause | None,
    today: dt.date,
    now: dt.datetime,
    actor: str,
    audited: bool = True,
    reason: Message | None = None,
) -> Delivery:
    """A new delivery: ``queued``, or ``refused`` naming the rule that forbids it.
    ``audited=False`` when the use case that asked for it is audited itself (issue);
    ``reason`` says why a queued one goes by this method (an eFaktura fallback)."""
    row = new_row(
        company_id=company_id, invoice_id=invoice_id, kind=kind, method=method,
        recipient=recipient, refused=refused, today=today, now=now, actor=actor, reason=reason,
    )  # fmt: skip
    session.add(row)
    session.flush()
    if audited:
        _audit(session, row, now, actor, "refused" if refused else "queued")
    return row


def claim(session: Session, delivery_id: int, now: dt.datetime) -> bool:
    """Take a queued delivery for sending; False when another worker has it (or it is
    no longer queued). The caller commits before it sends."""
    result = session.execute(
        update(Delivery)
        .execution_options(synchronize_session=False)
        .where(Delivery.id == delivery_id, Delivery.state == DeliveryState.QUEUED.value)
        .values(state=DeliveryState.SENDING.value, claimed_at=now, attempts=Delivery.attempts + 1)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


#: A claim older than this, with nothing handed over, was a worker that died.
LEASE = dt.timedelta(minutes=15)


def release_stale(session: Session, now: dt.datetime) -> int:
    """Put back to ``queued`` the sends claimed by a worker that stopped before it
    handed anything over: EHF and eFaktura, and e-mail not yet in the outbox (the
    message and the delivery's ``outbox_id`` are written in one transaction; an e-mail
    in the outbox is the outbox's to finish)."""
    result = session.execute(
        update(Delivery)
        .execution_options(synchronize_session=False)
        .where(
            Delivery.state == DeliveryState.SENDING.value,
            or_(
                Delivery.method.in_((DeliveryMethod.EHF.value, DeliveryMethod.EFAKTURA.value)),
                and_(Delivery.method == DeliveryMethod.EMAIL.value, Delivery.outbox_id.is_(None)),
            ),
            Delivery.claimed_at < now - LEASE,
        )
        .values(state=DeliveryState.QUEUED.value, next_attempt_at=now)
    )
    return int(getattr(result, "rowcount", 0))


def move(
    session: Session,
    row: Delivery,
    state: DeliveryState,
    now: dt.datetime,
    *,
    reason: Message | None = None,
    actor: str = "worker",
    flush: bool = True,
) -> None:
    """Move ``row`` to ``state`` (with its reason), stamping the time, audited
    (``flush=False``: the caller flushes a batch of moves at once)."""
    row.state = state.value
    _set_reason(row, reason)
    if state is DeliveryState.SENT:
        row.sent_at = now
    if state.final:
        row.finished_at = now
        row.next_attempt_at = None
    if flush:
        session.flush()
    _audit(session, row, now, actor, state.value)


def retry_later(
    session: Session, row: Delivery, now: dt.datetime, reason: Message, *, actor: str = "worker"
) -> bool:
    """A temporary failure: back to ``queued`` after a wait, or ``failed`` once the
    waits are used up. True when it will be tried again."""
    if row.attempts > len(BACKOFF):
        move(session, row, DeliveryState.FAILED, now, reason=reason, actor=actor)
        return False
    row.state = DeliveryState.QUEUED.value
    row.next_attempt_at = now + dt.timedelta(seconds=BACKOFF[row.attempts - 1])
    _set_reason(row, reason)
    session.flush()
    _audit(session, row, now, actor, "retry")
    return True


def history(session: Session, company_id: int, invoice_id: int) -> list[DeliveryView]:
    """The deliveries of one document, newest first."""
    rows = session.scalars(
        select(Delivery)
        .where(Delivery.company_id == company_id, Delivery.invoice_id == invoice_id)
        .order_by(Delivery.id.desc())
    )
    return [view_of(r) for r in rows]


def reason_param(exc: BaseException) -> str:
    """Why ``exc`` stopped a delivery, as a reason's parameter: its coded message stored
    (rendered in the reader's language by ``{error:msg}``), or its text when it has none
    (a library's own words, cut to 300 characters)."""
    coded = getattr(exc, "msg", None)
    return coded.dumps() if isinstance(coded, Message) else str(exc)[:300]


__all__ = [
    "BACKOFF",
    "DeliveryReason",
    "DeliveryView",
    "SendResult",
    "add",
    "claim",
    "history",
    "move",
    "new_row",
    "result_of",
    "retry_later",
]
