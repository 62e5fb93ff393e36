"""The dashboard's line about operations (issue 18): channels with a failed last fetch,
e-mails waiting and given up on, read from a few counts (``operations_brief``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from reskontro.services.automation.status import operations_brief
from reskontro.storage.models_automation import EmailOutbox, FetchRun

if TYPE_CHECKING:
    from pathlib import Path

    from tests.web.conftest import Web


def _mail(web: Web, status: str, n: int) -> list[EmailOutbox]:
    now = web.clock.now()
    return [
        EmailOutbox(company_id=web.company, kind="invoice", dedupe_key=f"{status}:{i}",
                    to_address="k@x.example", language="nb", subject="s", body_text="t", body_html="<p>t</p>",
                    status=status, attempts=0, next_attempt_at=now, created_at=now)
        for i in range(n)
    ]  # fmt: skip


def test_the_dashboard_counts_failed_channels_and_waiting_mail(web: Web, tmp_path: Path) -> None:
    channels = web.app.state.services.channels
    ok = channels.add_folder(web.company, "ok", path=str(tmp_path), actor="t")
    bad = channels.add_folder(web.company, "feil", path=str(tmp_path), actor="t")
    now = web.clock.now()
    with web.sessions.begin() as s:
        for channel, statuses in ((ok, ("failed", "ok")), (bad, ("ok", "failed"))):
            for i, status in enumerate(statuses):
                s.add(FetchRun(company_id=web.company, channel_id=channel.id, status=status,
                               started_at=now + dt.timedelta(minutes=i), actor="t"))  # fmt: skip
        s.add_all(_mail(web, "pending", 3) + _mail(web, "failed", 2) + _mail(web, "sent", 4))
    with web.sessions() as s:
        brief = operations_brief(s, web.company)
    assert (brief.channels, brief.channel_errors) == (2, 1)  # only "feil" failed last
    assert (brief.email_pending, brief.email_failed) == (3, 2)
    client, _ = web.login("admin")
    page = client.get("/").text
    assert "2 bankkanaler" in page
    assert "1 med feil ved siste henting" in page
    assert "E-post som venter: 3" in page
    assert "E-post som feilet: 2" in page
    # Another company's rows do not count.
    with web.sessions() as s:
        other = operations_brief(s, web.other_company)
    assert (other.channels, other.email_pending, other.email_failed) == (0, 0, 0)
