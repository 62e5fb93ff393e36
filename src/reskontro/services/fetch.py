"""Moved to :mod:`reskontro.services.automation` (this path stays for this session)."""

from __future__ import annotations

from reskontro.services.automation.channels import (
    BankChannels,
    ChannelConfig,
    open_mailbox,
    probe_channel,
)
from reskontro.services.automation.fetch import ChannelResult, Fetcher, FetchReport, FileResult
from reskontro.services.automation.status import channel_status

__all__ = [
    "BankChannels",
    "ChannelConfig",
    "ChannelResult",
    "FetchReport",
    "Fetcher",
    "FileResult",
    "channel_status",
    "open_mailbox",
    "probe_channel",
]
