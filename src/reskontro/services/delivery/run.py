"""The worker's part of delivery: send what is queued, and learn how it went.

Each round (:meth:`Deliverer.run`):

1. carries the e-mail outbox's outcome over to e-mail deliveries (``sent``/``failed``);
2. reads the access point's receipt files into EHF deliveries (``delivered``/``failed``);
3. claims each due ``queued`` e-mail or EHF delivery (``sending``; a row another worker
   claimed is skipped) and sends it: e-mail into the outbox with the PDF, EHF as a file
   into the access point's outbox (``sent``). A temporary failure (the access point's
   folder unreachable) goes back to ``queued`` with backoff, then ``failed``.

Follow-up letters (reminders, inkassovarsel, interest notes) join the same round
(:mod:`.letters`). Paper deliveries wait for the day's print run (:mod:`.print_queue`).
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.channels import ChannelError
from reskontro.channels.access_point import file_name, receipt_of
from reskontro.domain.delivery import DeliveryMethod, DeliveryState
from reskontro.errors import ReskontroError
from reskontro.messages import Message
from reskontro.services.delivery import email, records
from reskontro.services.delivery.records import DeliveryReason
from reskontro.storage.models import Company, Customer, Invoice
from reskontro.storage.models_delivery import Delivery

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.channels.access_point import AccessPointSettings, Receipt
    from reskontro.clock import Clock
    from reskontro.storage.filestore import FileStore

log = logging.getLogger(__name__)

#: Makes the EHF of a document: ``(session, company_id, invoice_id) -> bytes``.
EhfMaker = Callable[["Session", int, int], bytes]


def default_ehf(session: Session, company_id: int, invoice_id: int) -> bytes:
    """The EHF bytes from :mod:`reskontro.services.delivery.ehf` (the PDF embedded)."""
    from reskontro.services.delivery import ehf  # type: ignore[attr-defined,unused-ignore]

    data: bytes = ehf.ehf_bytes(session, company_id, invoice_id)
    return data


@dataclass(frozen=True, slots=True)
class RunReport:
    """What one round did."""

    synced: int = 0
    receipts: int = 0
    sent: int = 0
    retry: int = 0
    failed: int = 0
    #: Follow-up letter e-mails handed to the outbox, and sent (as the outbox reports).
    letters_queued: int = 0
    letters_sent: int = 0


class Deliverer:
    """Sends queued deliveries; safe to run in any number of workers at once."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        *,
        access_point: AccessPointSettings | None = None,
        store: FileStore | None = None,
        ehf: EhfMaker = default_ehf,
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.access_point = access_point
        self.store = store
        self.ehf = ehf

    def run(self, *, limit: int = 200) -> RunReport:
        with self.sessions.begin() as session:
            synced = email.sync(session, self.clock.now())
            records.release_stale(session, self.clock.now())
        receipts = self.read_receipts()
        counts = {"sent": 0, "retry": 0, "failed": 0}
        for delivery_id in self._due(limit):
            with self.sessions.begin() as session:
                if not records.claim(session, delivery_id, self.clock.now()):
                    continue
            outcome = self._send(delivery_id)
            counts[outcome] += 1
        return RunReport(synced, receipts, **counts)

    def sync(self) -> int:
        """Only step 1: the outbox's outcome (after the outbox has sent)."""
        with self.sessions.begin() as session:
            return email.sync(session, self.clock.now())

    def _due(self, limit: int) -> list[int]:
        methods = (DeliveryMethod.EMAIL.value, DeliveryMethod.EHF.value)
        with self.sessions() as session:
            return list(
                session.scalars(
                    select(Delivery.id)
                    .where(
                        Delivery.state == DeliveryState.QUEUED.value,
                        Delivery.method.in_(methods),
                        Delivery.next_attempt_at <= self.clock.now(),
                    )
                    .order_by(Delivery.next_attempt_at, Delivery.id)
                    .limit(limit)
                )
            )

    def _send(self, delivery_id: int) -> str:
        with self.sessions() as session:
            method = DeliveryMethod(session.get_one(Delivery, delivery_id).method)
        if method is DeliveryMethod.EMAIL:
            return self._send_email(delivery_id)
        return self._send_ehf(delivery_id)

    def _fail(self, delivery_id: int, reason: Message) -> str:
        with self.sessions.begin() as session:
            row = session.get_one(Delivery, delivery_id)
            records.move(session, row, DeliveryState.FAILED, self.clock.now(), reason=reason)
        return "failed"

    def _retry(self, delivery_id: int, reason: Message) -> str:
        with self.sessions.begin() as session:
            row = session.get_one(Delivery, delivery_id)
            again = records.retry_later(session, row, self.clock.now(), reason)
        return "retry" if again else "failed"

    def _send_email(self, delivery_id: int) -> str:
        with self.sessions() as session:
            row = session.get_one(Delivery, delivery_id)
            session.expunge(row)
        try:
            message = email.compose(self.sessions, self.clock, self.store, row)
        except ReskontroError as exc:
            return self._fail(delivery_id, Message.of(DeliveryReason.SMTP_FAILED, error=str(exc)))
        with self.sessions.begin() as session:
            row = session.get_one(Delivery, delivery_id)
            invoice = session.get_one(Invoice, row.invoice_id)
            language = session.get_one(Customer, invoice.customer_id).language
            email.to_outbox(session, row, message, language, self.clock.now())
        return "sent"

    def _send_ehf(self, delivery_id: int) -> str:
        if self.access_point is None:
            return self._retry(delivery_id, Message.of(DeliveryReason.NO_ACCESS_POINT))
        with self.sessions() as session:
            row = session.get_one(Delivery, delivery_id)
            invoice = session.get_one(Invoice, row.invoice_id)
            org = session.get_one(Company, row.company_id).org_number
            name = file_name(org, invoice.number or 0, row.id)
            try:
                data = self.ehf(session, row.company_id, row.invoice_id)
            except (ImportError, ReskontroError) as exc:
                reason = Message.of(DeliveryReason.EHF_UNAVAILABLE, error=str(exc)[:300])
                return self._fail(delivery_id, reason)
        try:
            with self.access_point.open() as outbox:
                outbox.upload(name, data)
        except ChannelError as exc:
            log.warning("EHF delivery %d not put in the access point's outbox: %s", row.id, exc)
            reason = Message.of(DeliveryReason.CHANNEL_ERROR, error=str(exc))
            return self._retry(delivery_id, reason)
        with self.sessions.begin() as session:
            row = session.get_one(Delivery, delivery_id)
            row.file_name = name
            records.move(session, row, DeliveryState.SENT, self.clock.now())
        return "sent"

    def read_receipts(self) -> int:
        """Read the access point's receipts into their deliveries, then delete them."""
        if self.access_point is None:
            return 0
        done = 0
        try:
            with self.access_point.open() as outbox, tempfile.TemporaryDirectory() as tmp:
                for found in outbox.files():
                    path = Path(tmp) / "receipt"
                    outbox.download(found.name, path)
                    receipt = receipt_of(found.name, path.read_bytes())
                    if receipt is not None and self._apply(receipt.delivery_id, receipt):
                        done += 1
                    outbox.delete(found.name)
        except ChannelError as exc:
            log.warning("cannot read the access point's receipts: %s", exc)
        return done

    def _apply(self, delivery_id: int, receipt: Receipt) -> bool:
        with self.sessions.begin() as session:
            row = session.get(Delivery, delivery_id)
            if row is None or row.file_name != receipt.file_name or row.state != "sent":
                log.warning("receipt %s matches no EHF waiting for one", receipt.file_name)
                return False
            now = self.clock.now()
            if receipt.delivered:
                records.move(session, row, DeliveryState.DELIVERED, now)
            else:
                reason = Message.of(
                    DeliveryReason.ACCESS_POINT_REJECTED, detail=receipt.detail or ""
                )
                records.move(session, row, DeliveryState.FAILED, now, reason=reason)
            return True
