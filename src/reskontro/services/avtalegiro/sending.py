"""Claims files go to Nets through the company's bank channel: its outbound folder.

The channel is the SFTP mailbox (or folder) the company fetches its bank files from;
the agreement names it and the folder on it where Nets collects files to it
(:func:`set_outbound`). :func:`send_pending` uploads every claims file not sent yet,
oldest first, each under its own name (written to a temporary name and renamed, so
Nets never picks up half a file), and marks it sent.
"""

from __future__ import annotations

import dataclasses
import datetime as dt  # noqa: TC003 - a dataclass field type
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain.avtalegiro import Code, FileDirection
from reskontro.errors import ReskontroError, StateError, ValidationError
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.automation.channels import ChannelConfig, open_mailbox
from reskontro.services.avtalegiro.agreement import agreement_of
from reskontro.storage.models_automation import BankChannel
from reskontro.storage.models_avtalegiro import AvtaleGiroFile

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock


@dataclass(frozen=True, slots=True)
class Outbound:
    channel: str
    folder: str


@dataclass(frozen=True, slots=True)
class SentFile:
    file_id: int
    filename: str
    transmission_number: str | None
    claims: int
    cancellations: int
    sent_to: str
    sent_at: dt.datetime


def set_outbound(
    sessions: sessionmaker[Session],
    clock: Clock,
    company_id: int,
    *,
    channel: str,
    folder: str,
    actor: str,
) -> Outbound:
    """Send claims files through the bank channel ``channel`` into ``folder``."""
    if not folder.strip():
        raise ValidationError(Message.of(Code.NO_CHANNEL, company=company_id), field="folder")
    with sessions.begin() as session:
        agreement = agreement_of(session, company_id)
        row = session.execute(
            select(BankChannel).where(
                BankChannel.company_id == company_id, BankChannel.name == channel
            )
        ).scalar_one_or_none()
        if row is None:
            raise ValidationError(Message.of(Code.NO_CHANNEL, company=company_id), field="channel")
        if folder.strip().rstrip("/") == row.folder.rstrip("/"):
            # Files fetched from there would be read back as bank files.
            raise ValidationError(
                Message.of(Code.OUTBOUND_IS_INBOUND, folder=folder.strip()), field="folder"
            )
        agreement.channel_id, agreement.outbound_folder = row.id, folder.strip()
        audit.record(
            session, at=clock.now(), actor=actor, action="avtalegiro.outbound",
            object_type="avtalegiro_agreement", object_id=agreement.id, company_id=company_id,
            after={"channel": channel, "folder": folder.strip()},
        )  # fmt: skip
        return Outbound(channel, folder.strip())


def has_outbound(session: Session, company_id: int) -> bool:
    """The company has an agreement in force with an outbound channel."""
    try:
        agreement = agreement_of(session, company_id)
    except ReskontroError:
        return False
    return agreement.channel_id is not None and agreement.outbound_folder is not None


def send_pending(
    sessions: sessionmaker[Session],
    clock: Clock,
    company_id: int,
    *,
    environ: Mapping[str, str] | None = None,
    actor: str,
) -> tuple[SentFile, ...]:
    """Upload every claims file not sent yet; each is marked sent once it is there."""
    with sessions() as session:
        agreement = agreement_of(session, company_id)
        channel = session.get(BankChannel, agreement.channel_id) if agreement.channel_id else None
        if channel is None or agreement.outbound_folder is None:
            raise StateError(Message.of(Code.NO_CHANNEL, company=company_id))
        config = dataclasses.replace(ChannelConfig.of(channel), folder=agreement.outbound_folder)
        pending = session.execute(
            select(AvtaleGiroFile.id, AvtaleGiroFile.filename, AvtaleGiroFile.content)
            .where(
                AvtaleGiroFile.company_id == company_id,
                AvtaleGiroFile.direction == FileDirection.CLAIMS.value,
                AvtaleGiroFile.sent_at.is_(None),
            )
            .order_by(AvtaleGiroFile.id)
        ).all()
    if not pending:
        return ()
    sent: list[SentFile] = []
    with open_mailbox(config, environ) as mailbox:
        for file_id, filename, content in pending:
            mailbox.upload(filename, content)
            sent.append(_mark_sent(sessions, clock, file_id, config, actor))
    return tuple(sent)


def _mark_sent(
    sessions: sessionmaker[Session], clock: Clock, file_id: int, config: ChannelConfig, actor: str
) -> SentFile:
    now = clock.now()
    with sessions.begin() as session:
        row = session.get_one(AvtaleGiroFile, file_id)
        row.sent_at, row.sent_to = now, f"{config.name}:{config.folder}"
        audit.record(
            session, at=now, actor=actor, action="avtalegiro.sent",
            object_type="avtalegiro_file", object_id=file_id, company_id=row.company_id,
            after={"sent_to": row.sent_to, "transmission_number": row.transmission_number},
        )  # fmt: skip
        return SentFile(
            file_id, row.filename, row.transmission_number, row.claims, row.cancellations,
            row.sent_to, now,
        )  # fmt: skip


__all__ = ["Outbound", "SentFile", "has_outbound", "send_pending", "set_outbound"]
