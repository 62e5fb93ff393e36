"""Tables of the daily automation: OCR agreement, bank channels, fetched files, job
runs, notification recipients and the e-mail outbox.

The same habits as :mod:`reskontro.storage.models`: the schema guards itself
(``CHECK`` on states, ``UNIQUE`` where two processes could race), timestamps are UTC.
Two of the constraints do real work under concurrency:

* ``job_run`` is unique on ``(job, scope, period)``: a worker claims a run by
  inserting its row, so two workers never run the same job for the same day.
* ``fetched_file`` is unique on ``(channel_id, remote_name, size, mtime)``: a file
  is claimed by inserting its row before it is downloaded, so two fetches never
  import the same remote file.

Secrets are never stored: a channel keeps *references* (``env:NAME`` or
``file:/path``) that a ``CHECK`` constraint insists on.
"""

from __future__ import annotations

import datetime as dt  # noqa: TC003 - SQLAlchemy reads the annotations at run time

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
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

from reskontro.domain.automation import (
    AfterFetch,
    AgreementStatus,
    ChannelKind,
    FileStatus,
    MailStatus,
    RemoteAction,
    RunStatus,
    RunTrigger,
    in_check,
)
from reskontro.storage.models import Base

#: A secret reference: ``env:NAME`` or ``file:/path`` (never the secret itself).
_SECRET_REF = "{col} IS NULL OR {col} LIKE 'env:%' OR {col} LIKE 'file:%'"  # noqa: S105


class OcrAgreement(Base):
    """The company's OCR Giro agreement with Nets (OCR-avtale).

    ``verified`` means it was checked against the company's KID template and account
    with nothing that does not fit; only then may KID on invoices be switched on (a
    trigger on ``company`` holds that rule in the database too, see migration 0002).
    """

    __tablename__ = "ocr_agreement"
    __table_args__ = (
        UniqueConstraint("company_id", "agreement_id"),
        CheckConstraint("length(agreement_id) = 9", name="agreement_id_length"),
        CheckConstraint("length(account) = 11", name="account_length"),
        CheckConstraint("length(data_recipient) = 8", name="data_recipient_length"),
        CheckConstraint("kid_modulus IN (10, 11)", name="kid_modulus"),
        CheckConstraint(in_check("status", AgreementStatus), name="status"),
        CheckConstraint("status <> 'verified' OR verified_at IS NOT NULL", name="verified_at"),
        CheckConstraint("status <> 'ended' OR ended_at IS NOT NULL", name="ended_at"),
        # One agreement in force per company at a time.
        Index(
            "uq_ocr_agreement_in_force",
            "company_id",
            unique=True,
            sqlite_where=text("status <> 'ended'"),
            postgresql_where=text("status <> 'ended'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    #: Nets' agreement ID (avtale-ID), 9 digits.
    agreement_id: Mapped[str] = mapped_column(String(9))
    #: The account the agreement covers, 11 digits.
    account: Mapped[str] = mapped_column(String(11))
    #: The data recipient (kundeenhet-ID) the OCR files are sent to, 8 digits.
    data_recipient: Mapped[str] = mapped_column(String(8))
    #: KID lengths registered with Nets, comma separated ("11" or "11,13").
    kid_lengths: Mapped[str] = mapped_column(String(100))
    kid_modulus: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))
    #: What did not fit at the last check (JSON list of sentences), if anything.
    problems: Mapped[str | None] = mapped_column(Text)
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    verified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))


class BankChannel(Base):
    """Where a company's bank files are fetched from: an SFTP mailbox or a folder."""

    __tablename__ = "bank_channel"
    __table_args__ = (
        UniqueConstraint("company_id", "name"),
        CheckConstraint(in_check("kind", ChannelKind), name="kind"),
        CheckConstraint(in_check("after_fetch", AfterFetch), name="after_fetch"),
        CheckConstraint("after_fetch <> 'move' OR move_to IS NOT NULL", name="move_to"),
        CheckConstraint("port IS NULL OR port BETWEEN 1 AND 65535", name="port"),
        CheckConstraint(
            "kind <> 'sftp' OR (host IS NOT NULL AND port IS NOT NULL AND username IS NOT NULL"
            " AND host_key_fingerprint IS NOT NULL)",
            name="sftp_complete",
        ),
        CheckConstraint(_SECRET_REF.format(col="password_ref"), name="password_ref"),
        CheckConstraint(_SECRET_REF.format(col="key_ref"), name="key_ref"),
        CheckConstraint(_SECRET_REF.format(col="key_passphrase_ref"), name="key_passphrase_ref"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    name: Mapped[str] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(10))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    host: Mapped[str | None] = mapped_column(String(255))
    port: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str | None] = mapped_column(String(100))
    #: ``env:NAME`` or ``file:/path``; never the password itself.
    password_ref: Mapped[str | None] = mapped_column(String(500))
    #: The client's private key: ``file:/path`` or ``env:NAME`` (PEM/OpenSSH text).
    key_ref: Mapped[str | None] = mapped_column(String(500))
    key_passphrase_ref: Mapped[str | None] = mapped_column(String(500))
    #: The server's host key fingerprint, pinned (``SHA256:...`` or ``MD5:..``).
    host_key_fingerprint: Mapped[str | None] = mapped_column(String(200))
    #: The remote folder (SFTP) or the local path (folder channel).
    folder: Mapped[str] = mapped_column(String(1000))
    #: File-name patterns (globs separated by ``|``), matched case-insensitively.
    pattern: Mapped[str] = mapped_column(String(200), default="*")
    after_fetch: Mapped[str] = mapped_column(String(10), default="keep")
    move_to: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))


#: The code of an e-mail error kept as it was written (stored before codes).
MAIL_AS_WRITTEN = "automation.notify.as_written"


def english(stored: str | None) -> str | None:
    """A stored message (or list of them) in English, joined by "; "; None if none."""
    from reskontro.i18n import render
    from reskontro.messages import Messages

    found = Messages.loads(stored)
    return "; ".join(render(m, "en") for m in found) if found else None


class FetchRun(Base):
    """One visit to a channel: what was there, what was fetched, what went wrong."""

    __tablename__ = "fetch_run"
    __table_args__ = (
        CheckConstraint(in_check("status", RunStatus), name="status"),
        Index("ix_fetch_run_channel", "channel_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    channel_id: Mapped[int] = mapped_column(ForeignKey("bank_channel.id"))
    job_run_id: Mapped[int | None] = mapped_column(ForeignKey("job_run.id"))
    status: Mapped[str] = mapped_column(String(10))
    files_seen: Mapped[int] = mapped_column(Integer, default=0)
    files_new: Mapped[int] = mapped_column(Integer, default=0)
    files_imported: Mapped[int] = mapped_column(Integer, default=0)
    files_rejected: Mapped[int] = mapped_column(Integer, default=0)
    files_failed: Mapped[int] = mapped_column(Integer, default=0)
    #: Why the channel failed: a message as JSON (:meth:`~reskontro.messages.Message.dumps`).
    reason: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))

    @property
    def error(self) -> str | None:
        """The reason in English (the CLI's)."""
        return english(self.reason)


class FetchedFile(Base):
    """A remote file seen in a channel, claimed (inserted) before it is downloaded.

    ``failed`` (download or store failed) is tried again on the next fetch;
    ``rejected`` (the file could not be read) is kept and reported, and tried again
    only when asked.
    """

    __tablename__ = "fetched_file"
    __table_args__ = (
        UniqueConstraint("channel_id", "remote_name", "size", "mtime"),
        CheckConstraint(in_check("status", FileStatus), name="status"),
        CheckConstraint(in_check("remote_action", RemoteAction), name="remote_action"),
        CheckConstraint("attempts >= 1", name="attempts"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    channel_id: Mapped[int] = mapped_column(ForeignKey("bank_channel.id"))
    fetch_run_id: Mapped[int | None] = mapped_column(ForeignKey("fetch_run.id"))
    remote_name: Mapped[str] = mapped_column(String(500))
    size: Mapped[int] = mapped_column(BigInteger)
    #: Modification time on the server, whole seconds since the epoch.
    mtime: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    sha256: Mapped[str | None] = mapped_column(String(64))
    bank_file_id: Mapped[int | None] = mapped_column(ForeignKey("bank_file.id"))
    #: Why the file failed or was rejected: a message as JSON.
    reason: Mapped[str | None] = mapped_column(Text)
    remote_action: Mapped[str] = mapped_column(String(10), default="kept")
    claimed_by: Mapped[str] = mapped_column(String(200))
    claimed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def error(self) -> str | None:
        """The reason in English (the CLI's)."""
        return english(self.reason)


class JobSchedule(Base):
    """When a scheduled job runs for a company (local time in Europe/Oslo)."""

    __tablename__ = "job_schedule"
    __table_args__ = (CheckConstraint("length(time_of_day) = 5", name="time_of_day"),)

    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), primary_key=True)
    job: Mapped[str] = mapped_column(String(50), primary_key=True)
    #: ``HH:MM`` in Europe/Oslo.
    time_of_day: Mapped[str] = mapped_column(String(5))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class JobRun(Base):
    """One run of a job for one scope and period; inserting the row is the lock."""

    __tablename__ = "job_run"
    __table_args__ = (
        UniqueConstraint("job", "scope", "period"),
        CheckConstraint(in_check("status", RunStatus), name="status"),
        CheckConstraint(in_check("trigger", RunTrigger), name="trigger"),
        CheckConstraint("attempts >= 1", name="attempts"),
        Index("ix_job_run_scope", "scope", "job", "started_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job: Mapped[str] = mapped_column(String(50))
    #: ``company:<id>`` or ``*`` for a job that is not per company.
    scope: Mapped[str] = mapped_column(String(50))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"))
    #: The period the run is for: the Oslo date of a daily job, or a one-off key.
    period: Mapped[str] = mapped_column(String(50))
    scheduled_for: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    trigger: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    worker: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    #: A failed run is tried again from this time on (while attempts are left).
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    #: What the run did (JSON).
    detail: Mapped[str | None] = mapped_column(Text)
    #: Why the run failed: messages as a JSON list (:meth:`~reskontro.messages.Messages.dumps`).
    reasons: Mapped[str | None] = mapped_column(Text)

    @property
    def error(self) -> str | None:
        """The reasons in English (the CLI's), joined by "; "."""
        return english(self.reasons)


class NotificationRecipient(Base):
    """Someone who asked for the company's e-mails, in the language they chose."""

    __tablename__ = "notification_recipient"
    __table_args__ = (
        UniqueConstraint("company_id", "email"),
        CheckConstraint("language IN ('nb', 'en')", name="language"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"))
    email: Mapped[str] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(2), default="nb")
    import_summary: Mapped[bool] = mapped_column(Boolean, default=True)
    overdue_digest: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class EmailOutbox(Base):
    """An e-mail to send, kept with its full content until it is sent (and after).

    Failures are retried with backoff; one that cannot be delivered ends ``failed``
    with its last error, never deleted.
    """

    __tablename__ = "email_outbox"
    __table_args__ = (
        UniqueConstraint("dedupe_key"),
        CheckConstraint(in_check("status", MailStatus), name="status"),
        CheckConstraint("language IN ('nb', 'en')", name="language"),
        CheckConstraint("attempts >= 0", name="attempts"),
        Index("ix_email_outbox_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    #: Makes queueing idempotent: one import summary per file and address, one digest
    #: per day and address.
    dedupe_key: Mapped[str] = mapped_column(String(300))
    to_address: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(2))
    subject: Mapped[str] = mapped_column(String(500))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    #: Why the last try failed: a message as JSON (:meth:`~reskontro.messages.Message.dumps`).
    last_reason: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(300))
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def last_error(self) -> str | None:
        """The last reason in English (the CLI's)."""
        return english(self.last_reason)

    @last_error.setter
    def last_error(self, text: str | None) -> None:
        """An error given as text (not ours: kept as it is written)."""
        from reskontro.messages import Message

        self.last_reason = None if text is None else Message.of(MAIL_AS_WRITTEN, text=text).dumps()


class EmailAttempt(Base):
    """One try at handing an e-mail to the SMTP server, and how it went."""

    __tablename__ = "email_attempt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("email_outbox.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ok: Mapped[bool] = mapped_column(Boolean)
    smtp_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)


__all__ = [
    "BankChannel",
    "EmailAttempt",
    "EmailOutbox",
    "FetchRun",
    "FetchedFile",
    "JobRun",
    "JobSchedule",
    "NotificationRecipient",
    "OcrAgreement",
]
