"""Errors and previews a user meets in the web read in the user's language (issue 10):
a KID layout's live preview, a bank file or an import job that is not there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.testing.ocr import Pay, ocr_file
from reskontro.web import i18n

if TYPE_CHECKING:
    from tests.web.conftest import Web


def test_the_kid_preview_reads_in_the_users_language(web: Web) -> None:
    client, _ = web.login("admin")
    template = {"template": "{CustomerNo:4}{InvoiceNo:5}"}
    nb = " ".join(client.get("/settings/kid-preview", params=template).json()["problems"])
    assert "er allerede i bruk og får ikke plass i 4 siffer" in nb
    assert "already in use" not in nb
    client.cookies.set(i18n.COOKIE, "en")
    en = " ".join(client.get("/settings/kid-preview", params=template).json()["problems"])
    assert "is already in use and does not fit in 4 digits" in en


def test_a_missing_bank_file_and_import_job_read_in_bokmal(web: Web) -> None:
    client, _ = web.login("admin")
    missing = client.get("/payments/files/987654")
    assert missing.status_code == 404
    assert "fant ingen bankfil med id 987654" in missing.text
    assert "no bank file" not in missing.text
    job = client.get("/payments/uploads/nosuchjob")
    assert job.status_code == 404
    assert "fant ingen innlesing med id nosuchjob" in job.text
    assert "no import job" not in job.text


def test_the_file_list_shows_a_rejection_in_the_users_language(web: Web) -> None:
    client, csrf = web.login("admin")
    data = ocr_file([Pay(10000, "12345678902")], account="86011117947")
    client.post("/payments/upload", data={"csrf": csrf}, files={"file": ("fremmed.txt", data)})
    listed = client.get("/payments").text
    assert "filen fører betalinger til konto 86011117947" in listed
    assert "which is not one of the company" not in listed
    client.cookies.set(i18n.COOKIE, "en")
    english = client.get("/payments").text
    assert "to account 86011117947, which is not one of the company" in english
