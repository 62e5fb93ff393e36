"""A rejected upload says why in the reader's language and lists every problem (issue 11,
findings 6 and 7): an AvtaleGiro claims file, a camt.054 file with several problems."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.testing.camt import camt_file, kid_entry

if TYPE_CHECKING:
    from tests.web.conftest import Web

CLAIMS = (
    b"NY000010" + b"0" * 72 + b"\r\n"  # transmission start
    b"NY210020" + b"0" * 72 + b"\r\n"  # AvtaleGiro claims assignment start
)


def test_a_claims_file_is_refused_in_bokmal_and_english(web: Web) -> None:
    client, csrf = web.login("bank_and_payments")
    page = client.post(
        "/payments/upload", data={"csrf": csrf}, files={"file": ("trekk.txt", CLAIMS)}
    )
    assert page.status_code == 200
    assert "trekk.txt er en AvtaleGiro-trekkfil til Nets, ikke en betalingsfil" in page.text
    assert "not a payment file" not in page.text
    api = web.api("bank_and_payments").post(
        f"/api/v1/companies/{web.company}/payments/import",
        files={"file": ("trekk.txt", CLAIMS)},
    )
    error = api.json()["error"]
    assert "claims file to Nets, not a payment file" in error["message"]
    assert error["reason"]["code"] == "avtalegiro.claims_file"


def test_every_problem_of_a_camt_file_is_listed(web: Web) -> None:
    data = camt_file(
        kid_entry(500, None, number=1, entry_amount_ore=400),
        kid_entry(100, None, number=2),
        kid_entry(700, None, number=3, entry_amount_ore=600),
        kid_entry(800, None, number=4, entry_amount_ore=100),
    )
    client, csrf = web.login("bank_and_payments")
    page = client.post("/payments/upload", data={"csrf": csrf}, files={"file": ("c.xml", data)})
    listed = page.text.split('id="file-problems"')[1].split("</ul>")[0]
    assert listed.count("<li>") == 3
    for number in (1, 3, 4):
        assert f"Ntry[{number}]/Amt" in listed
    assert "linje" in listed
    api = web.api("bank_and_payments").post(
        f"/api/v1/companies/{web.company}/payments/import", files={"file": ("c2.xml", data)}
    )
    assert len(api.json()["error"]["problems"]) == 3


def test_the_inbox_shows_the_camt_texts(web: Web) -> None:
    data = camt_file(
        kid_entry(
            12500, None, number=1, references=("RF18539007547034",),
            remittance_info=("Faktura 1042 mars",), entry_info="Innbetaling fra utlandet",
        )
    )  # fmt: skip
    client, csrf = web.login("bank_and_payments")
    client.post("/payments/upload", data={"csrf": csrf}, files={"file": ("t.xml", data)})
    inbox = client.get("/inbox").text
    for text in ("RF18539007547034", "Faktura 1042 mars", "Innbetaling fra utlandet"):
        assert text in inbox
    api = web.api("read_only").get(f"/api/v1/companies/{web.company}/inbox").json()
    assert api[0]["creditor_reference"] == "RF18539007547034"
