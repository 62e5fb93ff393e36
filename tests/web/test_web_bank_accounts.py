"""The company's accounts on the bank settings page and in the API; a possible
duplicate in the voucher inbox, beside the payment it may repeat (issue 11)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reskontro.testing.camt import camt_file, kid_entry
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from tests.web.conftest import Web


def test_api_lists_adds_and_removes_accounts(web: Web) -> None:
    api = web.api("bank_and_payments")
    url = f"/api/v1/companies/{web.company}/accounts"
    assert api.get(url).json() == {
        "accounts": [{"account": "12345678903", "source": "both", "main": True}]
    }
    added = api.post(url, json={"account": "8601.11.17947", "source": "ocr"})
    assert added.status_code == 201, added.text
    assert added.json()["accounts"][1] == {"account": "86011117947", "source": "ocr", "main": False}
    bad = api.post(url, json={"account": "86011117947", "source": "fax"})
    assert bad.status_code == 422
    assert web.api("invoicing").post(url, json={"account": "86011117947"}).status_code == 403
    assert web.api("outsider").get(url).status_code in {403, 404}
    gone = api.delete(f"{url}/86011117947")
    assert [a["account"] for a in gone.json()["accounts"]] == ["12345678903"]


def test_a_file_for_an_account_added_on_the_bank_page_is_taken(web: Web) -> None:
    client, csrf = web.login("bank_and_payments")
    data = ocr_file([Pay(4200, "12345678902")], account="86011117947")
    refused = client.post("/payments/upload", data={"csrf": csrf}, files={"file": ("o.txt", data)})
    assert "86011117947" in refused.text
    saved = client.post(
        "/settings/bank/accounts", data={"csrf": csrf, "account": "86011117947", "source": "ocr"}
    )
    assert saved.status_code == 200
    assert "account-86011117947" in saved.text
    assert "Bare OCR fra Nets" in saved.text
    client.post("/payments/upload", data={"csrf": csrf}, files={"file": ("o2.txt", data)})
    inbox = web.api("admin").get(f"/api/v1/companies/{web.company}/inbox").json()
    assert [p["amount_ore"] for p in inbox] == [4200]


def test_the_inbox_shows_a_possible_duplicate_beside_the_other(web: Web) -> None:
    client, csrf = web.login("bank_and_payments")
    ocr = ocr_file([Pay(4200, "123456")])
    entry = kid_entry(4200, "123456", booked="2026-11-20")
    entry = re.sub(r"\s*<Refs>.*?</Refs>", "", entry, flags=re.DOTALL)
    entry = re.sub(r"\s*<AcctSvcrRef>NTRY-\d+</AcctSvcrRef>", "", entry)
    client.post("/payments/upload", data={"csrf": csrf}, files={"file": ("o.txt", ocr)})
    summary = client.post(
        "/payments/upload", data={"csrf": csrf}, files={"file": ("c.xml", camt_file(entry))}
    )
    assert '<td id="summary-possible-duplicates">1</td>' in summary.text
    items = web.api("admin").get(f"/api/v1/companies/{web.company}/inbox").json()
    first, second = sorted(items, key=lambda p: p["id"])
    assert second["possible_duplicate_of"] == first["id"]
    page = client.get("/inbox").text
    assert f'id="duplicate-{second["id"]}"' in page
    assert f"Mulig duplikat av betaling {first['id']}" in page
