"""Payments in: import a bank file, dedupe, match, book — all or nothing.

The flow (DESIGN.md, flow 2): the raw bytes are stored under their SHA-256; the same
bytes again are a ``duplicate`` and book nothing. The file's format is detected once
and the file is read (every error carries its line or XPath); a message-level key
seen before with other bytes is ``rejected``. Then every payment is deduplicated on
the bank's own key, matched and booked (:mod:`.booking`) — in **one database
transaction** for the whole file. A rejected file is recorded with its reason in a
transaction of its own after the booking one rolled back, so nothing is half-booked.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain.payment import BankFileStatus, FileFormat, ImportStatus, PaymentError
from reskontro.errors import FileFormatError, NotFound, ReskontroError
from reskontro.gcpause import collector_paused
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.automation import agreements
from reskontro.services.avtalegiro.settlement import (
    Content,
    apply_in_import,
    avtalegiro_content,
    refuse_claims_file,
    settle_claims,
)
from reskontro.services.bank_accounts import AccountGate
from reskontro.services.payments import file_problems
from reskontro.services.payments.booking import BATCH, Booker
from reskontro.services.payments.files import (
    iter_batches,
    open_camt_path,
    open_payment_file,
    recognise,
)
from reskontro.services.payments.summary import ImportSummary, Tally, duplicate_of, file_error
from reskontro.storage.bulk import BulkSql, bulk_session
from reskontro.storage.models import BankFile, BankMessage, Company
from reskontro.storage.repo import LookupCode

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable
    from pathlib import Path

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock
    from reskontro.services.avtalegiro.settlement import MandateCounts
    from reskontro.services.payments.files import PaymentFileContent
    from reskontro.storage.filestore import FileStore, StoredFile

#: First key of the PostgreSQL advisory lock that serialises imports per company
#: (the second is the company id); an arbitrary constant of ours ("RK" + 1).
IMPORT_LOCK = 0x524B0001


class _AlreadyImported(Exception):  # control flow only; never leaves this module
    """Another import of the same bytes committed while this one was parsing."""

    def __init__(self, summary: ImportSummary) -> None:
        super().__init__(summary.status)
        self.summary = summary


@dataclass(slots=True)
class _Job:
    """One file being imported: where it came from and what is known of it so far."""

    company_id: int
    stored: StoredFile
    filename: str
    actor: str
    source: str
    progress: Callable[[int, int], None] | None
    format: FileFormat | None = None
    notes: list[str] = field(default_factory=list)
    #: A Nets file with an AvtaleGiro mandate list: its bytes, applied with the booking.
    mandates: bytes | None = None


def _check_recipient(session: Session, company_id: int, content: PaymentFileContent) -> None:
    """A Nets file addressed to another Nets customer unit is not this company's.

    Checked when the company has an OCR agreement in force (its data recipient is
    registered with it); without one there is nothing to compare with.
    """
    if content.recipient is None:  # camt.054 names none
        return
    agreement = agreements.in_force(session, company_id)
    if agreement is None or agreement.data_recipient == content.recipient:
        return
    raise FileFormatError(
        Message.of(
            PaymentError.OTHER_DATA_RECIPIENT, recipient=content.recipient,
            agreement=agreement.agreement_id, agreed=agreement.data_recipient,
        ),
        line=1,
        field="data recipient",
    )  # fmt: skip


class PaymentImporter:
    """Imports payment files for one database (see the module docstring)."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock, store: FileStore) -> None:
        self.sessions = sessions
        self.clock = clock
        self.store = store

    def import_path(
        self,
        company_id: int,
        path: Path,
        *,
        actor: str,
        source: str = "upload",
        progress: Callable[[int, int], None] | None = None,
    ) -> ImportSummary:
        stored = self.store.put_path(path)
        return self._import(_Job(company_id, stored, path.name, actor, source, progress))

    def import_bytes(
        self,
        company_id: int,
        data: bytes,
        filename: str,
        *,
        actor: str,
        source: str = "upload",
        progress: Callable[[int, int], None] | None = None,
    ) -> ImportSummary:
        stored = self.store.put_bytes(data)
        return self._import(_Job(company_id, stored, filename, actor, source, progress))

    def import_stored(
        self,
        company_id: int,
        stored: StoredFile,
        filename: str,
        *,
        actor: str,
        source: str = "upload",
        progress: Callable[[int, int], None] | None = None,
    ) -> ImportSummary:
        """Import a file already put in the store (an upload streamed there)."""
        return self._import(_Job(company_id, stored, filename, actor, source, progress))

    # -- the pipeline ------------------------------------------------------------

    def _import(self, job: _Job) -> ImportSummary:
        with self.sessions() as session:
            if session.get(Company, job.company_id) is None:
                raise NotFound(Message.of(LookupCode.NO_COMPANY, id=job.company_id))
            seen = self._file(session, job)
            if seen is not None and seen.status == BankFileStatus.IMPORTED:
                return duplicate_of(seen, job.filename)
        with collector_paused():
            return self._open_and_book(job)

    def _book_content(self, job: _Job, content: Callable[[], PaymentFileContent]) -> ImportSummary:
        try:
            return self._book(job, content())
        except _AlreadyImported as done:
            return done.summary
        except FileFormatError as exc:
            return self._reject(job, exc)

    def _open_and_book(self, job: _Job) -> ImportSummary:
        """Open the stored file once: its format detected once, a Nets file's bytes read
        once and handed to its reader (let go of once the reader holds what it needs)."""
        try:
            found = recognise(job.stored.path)
        except FileFormatError as exc:
            return self._reject(job, exc)
        job.format = found.format
        if found.data is None:
            # Read as a stream from the stored file: memory stays flat in its size.
            return self._book_content(job, lambda: open_camt_path(job.stored.path))
        try:
            content = open_payment_file(found.data, found.format)
            job.format = content.format
            avtalegiro = avtalegiro_content(content.outline) if content.outline else None
            if avtalegiro is Content.CLAIMS:
                raise refuse_claims_file(job.filename)
            if avtalegiro is Content.MANDATES:
                job.mandates = found.data
            del found  # the stream holds what it needs; free the raw bytes
            return self._book(job, content)
        except _AlreadyImported as done:
            return done.summary
        except FileFormatError as exc:
            return self._reject(job, exc)

    @staticmethod
    def _file(session: Session, job: _Job) -> BankFile | None:
        return session.execute(
            select(BankFile).where(
                BankFile.company_id == job.company_id, BankFile.sha256 == job.stored.sha256
            )
        ).scalar_one_or_none()

    def _reject(self, job: _Job, exc: FileFormatError) -> ImportSummary:
        now = self.clock.now()
        error = file_error(exc)
        with self.sessions.begin() as session:
            row = self._file_row(session, job, now)
            row.status = BankFileStatus.REJECTED
            row.error_line = exc.line
            row.problems = file_problems.dumps(file_problems.problems_of(exc))
            row.payments = 0
            row.amount_ore = 0
            session.flush()
            rejected = ImportSummary(
                status=ImportStatus.REJECTED, filename=job.filename, file_id=row.id,
                format=job.format, sha256=job.stored.sha256, error=error,
                notes=tuple(job.notes),
            )  # fmt: skip
            stored = rejected.to_json()
            stored["file_id"] = None  # as it was stored before the row had an id
            row.summary = json.dumps(stored, ensure_ascii=False)
            audit.record(
                session, at=now, actor=job.actor, action="payments.reject",
                object_type="bank_file", object_id=row.id, company_id=job.company_id,
                after={"filename": job.filename, "sha256": job.stored.sha256,
                       "error": error["message"]},
            )  # fmt: skip
        return rejected

    def _file_row(self, session: Session, job: _Job, now: dt.datetime) -> BankFile:
        row = self._file(session, job)
        if row is None:
            row = BankFile(
                company_id=job.company_id, sha256=job.stored.sha256, filename=job.filename,
                stored_path=str(job.stored.path), size=job.stored.size,
                format=FileFormat.UNKNOWN, status=BankFileStatus.IMPORTING, received_at=now,
                actor=job.actor, source=job.source,
            )  # fmt: skip
            session.add(row)
        else:
            row.filename = job.filename
            row.received_at = now
            row.actor = job.actor
        return row

    def _book(self, job: _Job, content: PaymentFileContent) -> ImportSummary:
        now = self.clock.now()
        engine = self.sessions.kw["bind"]
        with bulk_session(engine) as session, session.begin():
            # One import at a time per company from here to the commit: on SQLite the
            # transaction holds the write lock (BEGIN IMMEDIATE); on PostgreSQL an
            # advisory lock does it. Then a second import of the same bytes that raced
            # this one past the duplicate check above finds the first one's file row.
            BulkSql(session.connection()).lock(IMPORT_LOCK, job.company_id)
            company = session.get_one(Company, job.company_id)
            row = self._file_row(session, job, now)
            if row.status == BankFileStatus.IMPORTED:
                raise _AlreadyImported(duplicate_of(row, job.filename))
            _check_recipient(session, job.company_id, content)
            row.format = content.format
            session.flush()
            # Every account the file books to must be the company's, and take files of
            # this format: checked before each batch (a camt stream names a
            # notification's account before its payments) and once more at the end.
            gate = AccountGate(session, job.company_id, content.format)
            gate.check(content.accounts)
            tally = Tally()
            booker = Booker(session, company, row.id, now, tally)
            done = 0
            for batch in iter_batches(content.payments, BATCH):
                gate.check(content.accounts)
                booker.book(batch)
                done += len(batch)
                if job.progress is not None:
                    job.progress(done, max(done, content.expected))
            booker.finish()
            gate.check(content.accounts)
            # A stream knows its message keys and notes once it has been read; a
            # re-delivery rejects the file here, and the booking rolls back with it.
            self._check_messages(session, job, content, row.id)
            job.notes.extend(content.notes)
            mandates = self._avtalegiro(session, job, row.id, now)
            summary = tally.summary(
                filename=job.filename, file_id=row.id, file_format=content.format,
                sha256=job.stored.sha256, notes=tuple(job.notes),
            )  # fmt: skip
            if mandates is not None:
                summary = dataclasses.replace(summary, mandates=mandates)
            row.status = BankFileStatus.IMPORTED
            row.imported_at = now
            row.error_line = None
            row.problems = None
            row.payments = summary.payments
            row.amount_ore = summary.amount_ore
            stored = summary.to_json()
            row.summary = json.dumps(stored, ensure_ascii=False)
            audit.record(
                session, at=now, actor=job.actor, action="payments.import",
                object_type="bank_file", object_id=row.id, company_id=job.company_id,
                after={k: v for k, v in stored.items() if k != "invoices"},
            )  # fmt: skip
        return summary

    @staticmethod
    def _avtalegiro(
        session: Session, job: _Job, file_id: int, now: dt.datetime
    ) -> MandateCounts | None:
        """AvtaleGiro in the file: its mandate list applied, settled claims marked."""
        settle_claims(session, job.company_id, file_id, now)
        if job.mandates is None:
            return None
        try:
            return apply_in_import(
                session, job.company_id, job.mandates, filename=job.filename, now=now,
                actor=job.actor,
            )  # fmt: skip
        except FileFormatError:
            raise
        except ReskontroError as exc:
            raise FileFormatError(exc.msg or exc.message) from None

    @staticmethod
    def _check_messages(
        session: Session, job: _Job, content: PaymentFileContent, file_id: int
    ) -> None:
        """A message-level key imported before with other bytes rejects the file."""
        for key in content.message_keys:
            earlier = session.execute(
                select(BankFile.filename, BankFile.imported_at)
                .join(BankMessage, BankMessage.bank_file_id == BankFile.id)
                .where(BankMessage.company_id == job.company_id, BankMessage.message_key == key)
            ).first()
            if earlier is not None:
                raise FileFormatError(
                    Message.of(PaymentError.MESSAGE_SEEN, key=key, filename=earlier[0])
                )
            session.add(
                BankMessage(company_id=job.company_id, message_key=key, bank_file_id=file_id)
            )
        session.flush()


__all__ = ["IMPORT_LOCK", "PaymentImporter"]
