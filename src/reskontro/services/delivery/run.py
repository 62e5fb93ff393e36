"""The worker's part of delivery: send what is queued, and learn how it went.

Each round (:meth:`Deliverer.run`):

1. carries the e-mail outbox's outcome over to e-mail deliveries (``sent``/``failed``);
2. reads the access point's receipt files into EHF deliveries (``delivered``/``failed``);
3. claims the due ``queued`` e-mail deliveries in batches of :data:`BATCH` (one
   statement each; ``sending``, a row another worker claimed is skipped) and writes
   each batch into the outbox with the PDFs in one transaction (:mod:`.email`); then
   claims each due EHF delivery and puts it as a file into the access point's outbox
   (``sent``). A temporary failure (the access point's folder unreachable) goes back
   to ``queued`` with backoff, then ``failed``;
4. hands the due eFaktura deliveries to MPS and polls the consignments sent
   (:mod:`.efaktura_run`), when an eFaktura route is set up.

Follow-up letters (reminders, inkassovarsel, interest notes) join the same round
(:mod:`.letters`). Paper deliveries wait for the day's print run (:mod:`.print_queue`).
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.channels import ChannelError
from reskontro.channels.access_point import file_name, receipt_of
from reskontro.domain.delivery import DeliveryMethod, DeliveryState
from reskontro.errors import ReskontroError
from reskontro.messages import Message
from reskontro.services.delivery import email, records
from reskontro.services.delivery.access_point import companies_with_access_point, outbox_of
from reskontro.services.delivery.efaktura_run import EfakturaReport, poll, submit_due
from reskontro.services.delivery.records import DeliveryReason
from reskontro.storage.filestore import FileStore
from reskontro.storage.models import Company, Invoice
from reskontro.storage.models_delivery import Delivery

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.channels.access_point import AccessPointSettings, Outbox, Receipt
    from reskontro.channels.efaktura import EfakturaRoute
    from reskontro.clock import Clock

log = logging.getLogger(__name__)

#: E-mail deliveries claimed, composed and written to the outbox together.
BATCH = 100

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
    efaktura: EfakturaReport = field(default_factory=EfakturaReport)
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
        efaktura: EfakturaRoute | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.access_point = access_point
        self.store = store
        self.ehf = ehf
        self.efaktura = efaktura
        self.environ = environ

    def run(self, *, limit: int = 200) -> RunReport:
        with self.sessions.begin() as session:
            synced = email.sync(session, self.clock.now())
            records.release_stale(session, self.clock.now())
        receipts = self.read_receipts()
        counts = {"sent": 0, "retry": 0, "failed": 0}
        left, pending = limit, None
        while left > 0:
            size = min(BATCH, left)
            with self.sessions.begin() as session:
                claimed = email.claim_due(session, self.clock.now(), size)
            # This batch's PDFs render in the pool while the one before is written.
            batch = email.read_batch(self.sessions, self.clock.now(), claimed) if claimed else None
            self._write(pending, counts)
            pending = batch
            if len(claimed) < size:
                break  # nothing more is due
            left -= len(claimed)
        self._write(pending, counts)
        for delivery_id in self._due(left):
            with self.sessions.begin() as session:
                if not records.claim(session, delivery_id, self.clock.now()):
                    continue
            outcome = self._send_ehf(delivery_id)
            counts[outcome] += 1
        efaktura = self.run_efaktura()
        return RunReport(synced, receipts, **counts, efaktura=efaktura)

    def _write(self, batch: email.Batch | None, counts: dict[str, int]) -> None:
        if batch is not None:
            composed = email.write_batch(self.sessions, self.clock, self._store(), batch)
            counts["sent"] += composed.sent
            counts["failed"] += composed.failed

    def _store(self) -> FileStore:
        if self.store is None:
            self.store = FileStore.of(self.sessions)
        return self.store

    def run_efaktura(self) -> EfakturaReport:
        """Step 4: queued eFaktura to MPS, then the consignments' status."""
        if self.efaktura is None:
            return EfakturaReport()
        submitted = submit_due(self.sessions, self.clock, self.efaktura)
        polled = poll(self.sessions, self.clock, self.efaktura)
        return EfakturaReport(
            submitted.submitted, submitted.retry, submitted.failed,
            submitted.delivered + polled.delivered, submitted.rejected + polled.rejected,
        )  # fmt: skip

    def sync(self) -> int:
        """Only step 1: the outbox's outcome (after the outbox has sent)."""
        with self.sessions.begin() as session:
            return email.sync(session, self.clock.now())

    def _due(self, limit: int) -> list[int]:
        """The due EHF deliveries (e-mail goes in batches: :func:`email.claim_due`)."""
        if limit <= 0:
            return []
        with self.sessions() as session:
            return list(
                session.scalars(
                    select(Delivery.id)
                    .where(
                        Delivery.state == DeliveryState.QUEUED.value,
                        Delivery.method == DeliveryMethod.EHF.value,
                        Delivery.next_attempt_at <= self.clock.now(),
                    )
                    .order_by(Delivery.next_attempt_at, Delivery.id)
                    .limit(limit)
                )
            )

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

    def _outbox(self, company_id: int) -> Outbox | None:
        """The company's own access point, else the installation's (None: neither)."""
        with self.sessions() as session:
            own = outbox_of(session, company_id, self.environ)
        if own is not None:
            return own
        return None if self.access_point is None else self.access_point.open()

    def _send_ehf(self, delivery_id: int) -> str:
        with self.sessions() as session:
            company_id = session.get_one(Delivery, delivery_id).company_id
        try:
            outbox = self._outbox(company_id)
        except ChannelError as exc:
            return self._retry(
                delivery_id,
                Message.of(DeliveryReason.CHANNEL_ERROR, error=records.reason_param(exc)),
            )
        if outbox is None:
            return self._retry(delivery_id, Message.of(DeliveryReason.NO_ACCESS_POINT))
        refused: Message | None = None
        with self.sessions() as session:
            row = session.get_one(Delivery, delivery_id)
            invoice = session.get_one(Invoice, row.invoice_id)
            org = session.get_one(Company, row.company_id).org_number
            name = file_name(org, invoice.number or 0, row.id)
            try:
                data = self.ehf(session, row.company_id, row.invoice_id)
            except (ImportError, ReskontroError) as exc:
                refused = Message.of(
                    DeliveryReason.EHF_UNAVAILABLE, error=records.reason_param(exc)
                )
        if refused is not None:
            # Failed once this session has let go: on SQLite it holds the write lock.
            return self._fail(delivery_id, refused)
        try:
            with outbox:
                outbox.upload(name, data)
        except ChannelError as exc:
            log.warning("EHF delivery %d not put in the access point's outbox: %s", row.id, exc)
            reason = Message.of(DeliveryReason.CHANNEL_ERROR, error=records.reason_param(exc))
            return self._retry(delivery_id, reason)
        with self.sessions.begin() as session:
            row = session.get_one(Delivery, delivery_id)
            row.file_name = name
            records.move(session, row, DeliveryState.SENT, self.clock.now())
        return "sent"

    def read_receipts(self) -> int:
        """Read the access points' receipts into their deliveries, then delete them:
        the installation's, and each company's own."""
        done = 0
        if self.access_point is not None:
            done += self._read(self.access_point.open)
        with self.sessions() as session:
            companies = companies_with_access_point(session)
        for company_id in companies:
            done += self._read(partial(self._own, company_id))
        return done

    def _own(self, company_id: int) -> Outbox | None:
        with self.sessions() as session:
            return outbox_of(session, company_id, self.environ)

    def _read(self, opener: Callable[[], Outbox | None]) -> int:
        done = 0
        try:
            outbox = opener()
            if outbox is None:
                return 0
            with outbox, tempfile.TemporaryDirectory() as tmp:
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
