"""The worker's part of eFaktura: hand queued eFaktura deliveries to MPS in
consignments, and poll the consignments until MPS has processed them.

- :func:`submit_due` claims the due ``queued`` eFaktura deliveries (the same guard as
  e-mail and EHF: a row another worker claimed is skipped), builds each invoice's EHF
  (its PDF embedded) and hands them to the route, one consignment per company and
  round; each delivery keeps the consignment's id (``file_name``) and is ``sent``. The
  route not answering puts them back to ``queued`` with backoff; once the waits are
  used up the delivery has failed and the invoice goes by the customer's next method.
- :func:`poll` asks for the status of every consignment with ``sent`` deliveries:
  an accepted invoice is ``delivered``; a rejected one ``failed`` with MPS' error, and
  the invoice goes by the customer's next method (e-mail, else print) — the invoice
  page shows both deliveries.

Both run in every delivery round of the worker (:mod:`.run`), and the daily
``efaktura_status`` job polls too (:mod:`.efaktura_job`).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.channels.efaktura import (
    Consignment,
    EfakturaInvoice,
    EfakturaUnavailable,
)
from reskontro.domain.delivery import DeliveryMethod, DeliveryState
from reskontro.domain.efaktura import ConsignmentState
from reskontro.errors import ReskontroError
from reskontro.messages import Message
from reskontro.services.delivery import records
from reskontro.services.delivery.efaktura_send import fallback
from reskontro.services.delivery.records import DeliveryReason
from reskontro.storage.models import Company, Customer, Invoice
from reskontro.storage.models_delivery import Delivery

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.channels.efaktura import ConsignmentStatus, EfakturaRoute, InvoiceOutcome
    from reskontro.clock import Clock

log = logging.getLogger(__name__)

#: Makes the EHF of a document: ``(session, company_id, invoice_id) -> bytes``.
EhfMaker = Callable[["Session", int, int], bytes]
#: Invoices per consignment.
CONSIGNMENT_SIZE = 500


@dataclass(frozen=True, slots=True)
class EfakturaReport:
    """What one round did with eFaktura."""

    submitted: int = 0
    retry: int = 0
    failed: int = 0
    delivered: int = 0
    rejected: int = 0


def efaktura_ehf(session: Session, company_id: int, invoice_id: int) -> bytes:
    """The invoice's EHF for MPS (the PDF embedded): :func:`.ehf.ehf_bytes` with the
    buyer's endpoint from :func:`reskontro.channels.efaktura.mapping.person_endpoint`
    for a private person (who has no Peppol id)."""
    from reskontro.services.delivery.ehf import ehf_bytes

    return ehf_bytes(session, company_id, invoice_id, for_efaktura=True)


def _due(session: Session, now: dt.datetime, limit: int) -> list[int]:
    return list(
        session.scalars(
            select(Delivery.id)
            .where(
                Delivery.state == DeliveryState.QUEUED.value,
                Delivery.method == DeliveryMethod.EFAKTURA.value,
                Delivery.next_attempt_at <= now,
            )
            .order_by(Delivery.company_id, Delivery.id)
            .limit(limit)
        )
    )


def submit_due(
    sessions: sessionmaker[Session],
    clock: Clock,
    route: EfakturaRoute | None,
    *,
    ehf: EhfMaker = efaktura_ehf,
    limit: int = 5000,
) -> EfakturaReport:
    """Hand the due eFaktura deliveries to MPS (see the module)."""
    with sessions.begin() as session:
        due = _due(session, clock.now(), limit)
        claimed = [i for i in due if records.claim(session, i, clock.now())]
    if not claimed:
        return EfakturaReport()
    if route is None:
        return _retry(sessions, clock, claimed, Message.of(DeliveryReason.EFAKTURA_REGISTER_DOWN))
    totals = EfakturaReport()
    for batch in _batches(sessions, claimed):
        totals = _add(totals, _submit(sessions, clock, route, batch, ehf))
    return totals


def _batches(sessions: sessionmaker[Session], ids: list[int]) -> list[list[int]]:
    with sessions() as session:
        rows = session.execute(
            select(Delivery.id, Delivery.company_id).where(Delivery.id.in_(ids))
        ).all()
    by_company: dict[int, list[int]] = {}
    for delivery_id, company_id in rows:
        by_company.setdefault(company_id, []).append(delivery_id)
    out: list[list[int]] = []
    for group in by_company.values():
        group.sort()
        out.extend(group[i : i + CONSIGNMENT_SIZE] for i in range(0, len(group), CONSIGNMENT_SIZE))
    return out


def _add(a: EfakturaReport, b: EfakturaReport) -> EfakturaReport:
    return EfakturaReport(
        a.submitted + b.submitted, a.retry + b.retry, a.failed + b.failed,
        a.delivered + b.delivered, a.rejected + b.rejected,
    )  # fmt: skip


def _submit(
    sessions: sessionmaker[Session],
    clock: Clock,
    route: EfakturaRoute,
    ids: list[int],
    ehf: EhfMaker,
) -> EfakturaReport:
    consignment_id = uuid.uuid4().hex[:20]
    invoices: list[EfakturaInvoice] = []
    broken: list[tuple[int, Message]] = []
    with sessions() as session:
        issuer = ""
        for delivery_id in ids:
            row = session.get_one(Delivery, delivery_id)
            invoice = session.get_one(Invoice, row.invoice_id)
            company = session.get_one(Company, row.company_id)
            issuer = company.org_number
            try:
                document = ehf(session, row.company_id, row.invoice_id)
            except (ImportError, ReskontroError) as exc:
                reason = Message.of(DeliveryReason.EHF_UNAVAILABLE, error=records.reason_param(exc))
                broken.append((delivery_id, reason))
                continue
            invoices.append(
                EfakturaInvoice(
                    invoice_number=str(invoice.number), identifier=row.recipient or "",
                    amount_ore=invoice.total_ore, issue_date=invoice.invoice_date or row.send_date,
                    due_date=invoice.due_date or row.send_date, kid=invoice.kid,
                    billing_account=company.account,
                    name=session.get_one(Customer, invoice.customer_id).name, ehf=document,
                )
            )  # fmt: skip
    for delivery_id, reason in broken:
        _fail_and_fall_back(sessions, clock, delivery_id, reason)
    failed = len(broken)
    if not invoices:
        return EfakturaReport(failed=failed)
    try:
        status = route.submit(Consignment(consignment_id, issuer, tuple(invoices)))
    except EfakturaUnavailable as exc:
        log.warning("eFaktura consignment not handed to MPS: %s", exc)
        report = _retry(sessions, clock, ids, Message.of(DeliveryReason.EFAKTURA_REGISTER_DOWN))
        return _add(report, EfakturaReport(failed=failed))
    with sessions.begin() as session:
        for delivery_id in ids:
            row = session.get_one(Delivery, delivery_id)
            if row.state == DeliveryState.SENDING.value:
                row.file_name = consignment_id
                records.move(session, row, DeliveryState.SENT, clock.now())
    applied = apply_status(sessions, clock, status)
    return _add(applied, EfakturaReport(submitted=len(invoices), failed=failed))


def _retry(
    sessions: sessionmaker[Session], clock: Clock, ids: list[int], reason: Message
) -> EfakturaReport:
    retry = failed = 0
    for delivery_id in ids:
        with sessions.begin() as session:
            row = session.get_one(Delivery, delivery_id)
            if row.state != DeliveryState.SENDING.value:
                continue
            if records.retry_later(session, row, clock.now(), reason):
                retry += 1
                continue
            failed += 1
            _fall_back(session, row, clock, reason)
    return EfakturaReport(retry=retry, failed=failed)


def _fail_and_fall_back(
    sessions: sessionmaker[Session], clock: Clock, delivery_id: int, reason: Message
) -> None:
    with sessions.begin() as session:
        row = session.get_one(Delivery, delivery_id)
        records.move(session, row, DeliveryState.FAILED, clock.now(), reason=reason)
        why = Message.of(DeliveryReason.EFAKTURA_FALLBACK, delivery=row.id)
        _fall_back(session, row, clock, why)


def _fall_back(session: Session, row: Delivery, clock: Clock, reason: Message) -> None:
    invoice = session.get_one(Invoice, row.invoice_id)
    customer = session.get_one(Customer, invoice.customer_id)
    fallback(
        session, invoice, customer, reason, today=clock.today(), now=clock.now(), actor="worker"
    )


def poll(
    sessions: sessionmaker[Session],
    clock: Clock,
    route: EfakturaRoute | None,
    *,
    company_id: int | None = None,
) -> EfakturaReport:
    """Ask for the status of every consignment with deliveries still ``sent``."""
    if route is None:
        return EfakturaReport()
    query = select(Delivery.file_name).where(
        Delivery.method == DeliveryMethod.EFAKTURA.value,
        Delivery.state == DeliveryState.SENT.value,
        Delivery.file_name.is_not(None),
    )
    if company_id is not None:
        query = query.where(Delivery.company_id == company_id)
    with sessions() as session:
        consignments = sorted({c for c in session.scalars(query.distinct()) if c})
    totals = EfakturaReport()
    for consignment_id in consignments:
        try:
            status = route.status(consignment_id)
        except EfakturaUnavailable as exc:
            log.warning("eFaktura consignment %s: no status: %s", consignment_id, exc)
            continue
        totals = _add(totals, apply_status(sessions, clock, status))
    return totals


def apply_status(
    sessions: sessionmaker[Session], clock: Clock, status: ConsignmentStatus
) -> EfakturaReport:
    """Carry MPS' answer over to the consignment's ``sent`` deliveries: each invoice
    MPS names as accepted or rejected, and, once the consignment is final, the rest
    as the consignment went."""
    outcomes = {o.invoice_number: o for o in status.invoices}
    delivered = rejected = 0
    with sessions.begin() as session:
        rows = session.execute(
            select(Delivery, Invoice.number)
            .join(Invoice, Invoice.id == Delivery.invoice_id)
            .where(
                Delivery.method == DeliveryMethod.EFAKTURA.value,
                Delivery.state == DeliveryState.SENT.value,
                Delivery.file_name == status.consignment_id,
            )
            .order_by(Delivery.id)
        ).all()
        for row, number in rows:
            outcome: InvoiceOutcome | None = outcomes.get(str(number))
            if outcome is not None:
                ok = outcome.accepted
            elif status.state.final:
                ok = status.state is ConsignmentState.PROCESSED
            else:
                continue
            if ok:
                records.move(session, row, DeliveryState.DELIVERED, clock.now())
                delivered += 1
                continue
            reason = Message.of(
                DeliveryReason.EFAKTURA_REJECTED,
                error_code=(outcome.error_code if outcome else None) or "",
                detail=((outcome.error_text if outcome else None) or "")[:300],
            )
            records.move(session, row, DeliveryState.FAILED, clock.now(), reason=reason)
            _fall_back(
                session, row, clock, Message.of(DeliveryReason.EFAKTURA_FALLBACK, delivery=row.id)
            )
            rejected += 1
    return EfakturaReport(delivered=delivered, rejected=rejected)


@dataclass(frozen=True, slots=True)
class EfakturaWaiting:
    """The company's eFaktura deliveries under way (the status page)."""

    queued: int
    sent: int


def waiting(sessions: sessionmaker[Session], company_id: int) -> EfakturaWaiting:
    from sqlalchemy import func

    with sessions() as session:
        found = session.execute(
            select(Delivery.state, func.count())
            .where(
                Delivery.company_id == company_id,
                Delivery.method == DeliveryMethod.EFAKTURA.value,
                Delivery.state.in_((DeliveryState.QUEUED.value, DeliveryState.SENT.value)),
            )
            .group_by(Delivery.state)
        ).all()
    rows = {str(row[0]): int(row[1]) for row in found}
    return EfakturaWaiting(rows.get("queued", 0), rows.get("sent", 0))


__all__ = [
    "EfakturaReport",
    "EfakturaWaiting",
    "apply_status",
    "efaktura_ehf",
    "poll",
    "submit_due",
    "waiting",
]
