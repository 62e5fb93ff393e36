"""The dashboard and the status page warn 30 days before a period without a
late-interest rate or inkassosats (issue 17, finding 5)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.web.conftest import Web


def test_dashboard_and_status_warn_ahead(web: Web) -> None:
    client, _ = web.login("admin")
    assert "ingen forsinkelsesrente er kjent" not in client.get("/").text  # 25 November
    web.clock.at = dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC)
    client, _ = web.login("admin")
    for page in ("/", "/status"):
        html = client.get(page).text
        assert "ingen forsinkelsesrente er kjent fra 01.01.2027 (om 22 dager)" in html, page
        assert "ingen inkassosats er kjent for 2027" in html, page
