"""Connection tests of bank channels from the web: for administrators only, a few a
minute per user, and answering only "connected" or "could not connect".

Why so little: a test that lists a folder, or tells a refused port from a silent one,
lets whoever may run it read the server's disks or map its network. The reason a test
failed is in the server's log and in the fetch runs, for the operator.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict, deque
from dataclasses import dataclass
from threading import Lock
from typing import TYPE_CHECKING, Final

from reskontro.messages import Message
from reskontro.services.automation import probe_channel
from reskontro.services.users import Throttled
from reskontro.web.codes import WebCode

if TYPE_CHECKING:
    from reskontro.clock import Clock
    from reskontro.services.automation import ChannelConfig
    from reskontro.services.users import Principal

#: Connection tests one user may run within :data:`WINDOW`.
MAX_TESTS: Final = 5
WINDOW: Final = dt.timedelta(minutes=1)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ConnectionTest:
    channel: str
    ok: bool
    message: Message


class ConnectionTests:
    """Runs connection tests, counting them per user (in this process)."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._runs: dict[int, deque[dt.datetime]] = defaultdict(deque)
        self._lock = Lock()

    def _count(self, user_id: int) -> None:
        now = self.clock.now()
        with self._lock:
            runs = self._runs[user_id]
            while runs and runs[0] <= now - WINDOW:
                runs.popleft()
            if len(runs) >= MAX_TESTS:
                raise Throttled(Message.of(WebCode.TOO_MANY_TESTS))
            runs.append(now)

    def run(self, principal: Principal, company_id: int, config: ChannelConfig) -> ConnectionTest:
        """Log in and look at the folder; nothing is fetched, listed or changed."""
        principal.require(company_id, "settings")  # administrators only
        self._count(principal.user_id)
        result = probe_channel(config)
        if not result.ok:
            log.info("connection test of %s failed: %s", config.name, result.error)
            return ConnectionTest(config.name, ok=False, message=Message.of(WebCode.NOT_CONNECTED))
        return ConnectionTest(config.name, ok=True, message=Message.of(WebCode.CONNECTED))
