"""The automation flow's refusals and agreement problems read in bokmål on the web,
from the catalogue (no English service text on a bokmål page, no CLI flag)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from tests.web.conftest import Web


def test_agreement_problems_and_channel_refusals_in_bokmal(web: Web, tmp_path: Path) -> None:
    client, csrf = web.login("bank_and_payments")
    registered = client.post(
        "/settings/bank/agreement",
        data={"csrf": csrf, "agreement_id": "000012345", "data_recipient": "00105625",
              "kid_lengths": "13", "modulus": "11"},
        follow_redirects=False,
    )  # fmt: skip
    assert registered.status_code == 303, registered.text
    page = html.unescape(client.get("/settings/bank").text)
    assert "KID-malen bruker MOD10-kontrollsiffer, men avtalen registrerer MOD11" in page
    assert "avtalen registrerer lengde 13 hos Nets" in page
    assert "reskontro company kid" not in page
    assert "--" not in page.split('id="agreement-problems"')[1].split("</ul>")[0]

    folder = {"csrf": csrf, "kind": "folder", "name": "inn", "path": str(tmp_path), "pattern": "*"}
    assert client.post("/settings/bank/channels", data=folder).status_code in {200, 303}
    again = html.unescape(client.post("/settings/bank/channels", data=folder).text)
    assert "firmaet har allerede en kanal som heter inn" in again
    sftp = html.unescape(
        client.post(
            "/settings/bank/channels",
            data={"csrf": csrf, "kind": "sftp", "name": "nets", "host": "", "username": "",
                  "fingerprint": "nope", "port": "22"},
        ).text
    )  # fmt: skip
    assert "SFTP-kanalen må ha en nøkkel eller et passord" in sftp
    assert "--key" not in sftp
    verify = html.unescape(client.post("/settings/bank/agreement/verify", data={"csrf": csrf}).text)
    assert "KID-malen bruker MOD10-kontrollsiffer" in verify
