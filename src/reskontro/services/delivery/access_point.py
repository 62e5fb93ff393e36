"""A company's own access point for EHF: one of its bank channels (SFTP or folder) and
the folder on it that the access point picks files from and leaves receipts in.

A company that sets none uses the installation's access point (``RESKONTRO_AP_*``,
:class:`reskontro.channels.access_point.AccessPointSettings`). The channel's secrets
stay references, resolved when the outbox is opened (:func:`outbox_of`).
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.channels.access_point import RECEIPT_PATTERN
from reskontro.errors import NotFound, ValidationError
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.automation.channels import ChannelConfig, channel_row, open_mailbox
from reskontro.storage.models import Company
from reskontro.storage.models_automation import BankChannel
from reskontro.storage.models_delivery import CompanyAccessPoint
from reskontro.storage.repo import LookupCode

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.channels.access_point import Outbox
    from reskontro.clock import Clock


class AccessPointError(enum.StrEnum):
    """Why a company's access point could not be set."""

    NO_FOLDER = "delivery.access_point.no_folder"
    FOLDER_IS_INBOUND = "delivery.access_point.folder_is_inbound"


@dataclass(frozen=True, slots=True)
class AccessPoint:
    """Where a company's EHF files go: ``channel`` and ``folder`` on it, or both None
    for the installation's access point (the environment)."""

    channel: str | None
    folder: str | None
    #: As shown to a person (``sftp://user@host:22/outbox``), None for the default.
    where: str | None


DEFAULT = AccessPoint(None, None, None)


def _config(session: Session, company_id: int) -> ChannelConfig | None:
    row = session.get(CompanyAccessPoint, company_id)
    if row is None:
        return None
    channel = session.get_one(BankChannel, row.channel_id)
    config = ChannelConfig.of(channel)
    return dataclasses.replace(config, folder=row.folder, pattern=RECEIPT_PATTERN, where="")


def access_point_of(session: Session, company_id: int) -> AccessPoint:
    """The company's access point (:data:`DEFAULT` when it uses the installation's)."""
    config = _config(session, company_id)
    if config is None:
        return DEFAULT
    return AccessPoint(config.name, config.folder, config.where)


def set_access_point(
    sessions: sessionmaker[Session],
    clock: Clock,
    company_id: int,
    *,
    channel: str | None,
    folder: str | None = None,
    actor: str,
) -> AccessPoint:
    """Send the company's EHF through bank channel ``channel`` into ``folder`` on it;
    ``channel=None`` goes back to the installation's access point."""
    with sessions.begin() as session:
        if session.get(Company, company_id) is None:
            raise NotFound(Message.of(LookupCode.NO_COMPANY, id=company_id))
        before = access_point_of(session, company_id)
        row = session.get(CompanyAccessPoint, company_id)
        if channel is None or not channel.strip():
            if row is not None:
                session.delete(row)
        else:
            target = (folder or "").strip()
            if not target:
                raise ValidationError(Message.of(AccessPointError.NO_FOLDER), field="folder")
            found = channel_row(session, company_id, channel.strip())
            if target.rstrip("/") == found.folder.rstrip("/"):
                # Receipts and EHF files there would be fetched as bank files.
                raise ValidationError(
                    Message.of(AccessPointError.FOLDER_IS_INBOUND, folder=target), field="folder"
                )
            if row is None:
                row = CompanyAccessPoint(company_id=company_id)
                session.add(row)
            row.channel_id, row.folder = found.id, target
            row.updated_at, row.actor = clock.now(), actor
        session.flush()
        after = access_point_of(session, company_id)
        if after != before:
            audit.record(
                session, at=clock.now(), actor=actor, action="company.access_point",
                object_type="company", object_id=company_id, company_id=company_id,
                before=dataclasses.asdict(before), after=dataclasses.asdict(after),
            )  # fmt: skip
        return after


def companies_with_access_point(session: Session) -> list[int]:
    """The companies that have an access point of their own."""
    return list(session.scalars(select(CompanyAccessPoint.company_id)))


def outbox_of(
    session: Session, company_id: int, environ: Mapping[str, str] | None = None
) -> Outbox | None:
    """The company's own access point's outbox (not yet opened), or None when it uses
    the installation's."""
    config = _config(session, company_id)
    if config is None:
        return None
    outbox: Outbox = open_mailbox(config, environ)
    return outbox


__all__ = [
    "DEFAULT",
    "AccessPoint",
    "AccessPointError",
    "access_point_of",
    "companies_with_access_point",
    "outbox_of",
    "set_access_point",
]
