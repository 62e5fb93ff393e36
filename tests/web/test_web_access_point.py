"""The settings page sets the company's own access point for EHF (administrator)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.services.automation.channels import BankChannels
from reskontro.services.delivery import send

if TYPE_CHECKING:
    from pathlib import Path

    from tests.web.conftest import Web


def test_the_settings_page_sets_the_access_point(web: Web, tmp_path: Path) -> None:
    (tmp_path / "bank").mkdir()
    BankChannels(web.sessions, web.clock).add_folder(
        web.company, "peppol", path=str(tmp_path / "bank"), actor="t"
    )
    client, csrf = web.login("admin")
    page = client.get("/settings").text
    assert 'id="access-point-form"' in page
    assert "installasjonens aksesspunkt" in page
    saved = client.post("/settings/access-point", follow_redirects=False, data={
        "csrf": csrf, "channel": "peppol", "folder": str(tmp_path / "ut"),
    })  # fmt: skip
    assert saved.status_code == 303, saved.text
    own = send.settings(web.sessions, web.company).access_point
    assert own is not None
    assert (own.channel, own.folder) == ("peppol", str(tmp_path / "ut"))
    assert "EHF går gjennom kanalen peppol" in client.get("/settings").text
    client.cookies.set("reskontro_lang", "en")
    assert "EHF goes through channel peppol" in client.get("/settings").text
    reader, reader_csrf = web.login("invoicing")
    refused = reader.post("/settings/access-point", data={"csrf": reader_csrf, "channel": ""})
    assert refused.status_code == 403
    client.post("/settings/access-point", data={"csrf": csrf, "channel": ""})
    assert send.settings(web.sessions, web.company).access_point is None
