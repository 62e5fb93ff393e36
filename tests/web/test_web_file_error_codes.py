"""A rejected file's page says why in the reader's language (issue 10): the stored
summary keeps each problem as a code with its parameters; a summary stored before
(English text only) is shown as it was written."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.storage.models import BankFile
from reskontro.web import i18n

if TYPE_CHECKING:
    from tests.web.conftest import Web

CLAIMS = (
    b"NY000010" + b"0" * 72 + b"\r\n"  # transmission start
    b"NY210020" + b"0" * 72 + b"\r\n"  # AvtaleGiro claims assignment start
)


def test_a_rejected_files_page_reads_in_the_language(web: Web) -> None:
    client, csrf = web.login("bank_and_payments")
    client.post("/payments/upload", data={"csrf": csrf}, files={"file": ("trekk.txt", CLAIMS)})
    with web.sessions() as session:
        row = session.scalars(select(BankFile).where(BankFile.filename == "trekk.txt")).one()
        file_id = row.id
        stored = json.loads(row.summary or "{}")
    problem = stored["error"]["problems"][0]
    assert problem["reason"]["code"] == "avtalegiro.claims_file"
    page = client.get(f"/payments/files/{file_id}").text
    shown = page.split('id="file-error">')[1].split("</td>")[0]
    assert "trekk.txt er en AvtaleGiro-trekkfil til Nets, ikke en betalingsfil" in shown
    assert "not a payment file" not in page
    client.cookies.set(i18n.COOKIE, "en")
    english = client.get(f"/payments/files/{file_id}").text
    assert "trekk.txt is an AvtaleGiro claims file to Nets, not a payment file" in english
    # A summary stored before the codes: its English text, as it was.
    del problem["reason"]
    del stored["error"]["reason"]
    with web.sessions.begin() as session:
        session.get_one(BankFile, file_id).summary = json.dumps(stored)
    client.cookies.set(i18n.COOKIE, "nb")
    old = client.get(f"/payments/files/{file_id}").text
    assert "not a payment file" in old.split('id="file-error">')[1].split("</td>")[0]
