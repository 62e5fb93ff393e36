"""A broken OCR file's page says what is wrong in the reader's language (issue 10): the
Nets reader's problems are codes, shown in bokmål or English, never English to a
bokmål reader."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.storage.models import BankFile
from reskontro.testing.ocr import Pay, ocr_file
from reskontro.web import i18n

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.web.conftest import Web


def _broken(line: int, change: Callable[[bytes], bytes]) -> bytes:
    """An OCR file of one payment with record ``line`` changed."""
    lines = ocr_file([Pay(12500, "1234567890")]).split(b"\r\n")
    lines[line - 1] = change(lines[line - 1])
    return b"\r\n".join(lines)


#: Amount item 1 (line 3) one character short.
SHORT = _broken(3, lambda record: record[:79])
#: Letters in amount item 1's amount (positions 33-49).
LETTERS = _broken(3, lambda record: record[:40] + b"12x45" + record[45:])


def _page(web: Web, name: str, data: bytes) -> tuple[str, str]:
    client, csrf = web.login("bank_and_payments")
    client.post("/payments/upload", data={"csrf": csrf}, files={"file": (name, data)})
    with web.sessions() as session:
        row = session.scalars(select(BankFile).where(BankFile.filename == name)).one()
        file_id = row.id
        stored = json.loads(row.summary or "{}")
    assert stored["error"]["reason"]["code"].startswith("nets.")
    client.cookies.set(i18n.COOKIE, "nb")
    bokmal = client.get(f"/payments/files/{file_id}").text
    client.cookies.set(i18n.COOKIE, "en")
    english = client.get(f"/payments/files/{file_id}").text
    return (
        bokmal.split('id="file-error">')[1].split("</td>")[0],
        english.split('id="file-error">')[1].split("</td>")[0],
    )


def test_a_record_one_character_short_reads_in_the_language(web: Web) -> None:
    bokmal, english = _page(web, "kort.txt", SHORT)
    assert "linje 3" in bokmal
    assert "posten er 79 tegn, ventet 80" in bokmal
    assert "characters" not in bokmal
    assert "line 3" in english
    assert "79 characters, expected 80" in english


def test_letters_in_a_number_field_read_in_the_language(web: Web) -> None:
    bokmal, english = _page(web, "bokstaver.txt", LETTERS)
    assert "er ikke et tall (17 sifre) (posisjon 33–49 i OCR beløpspost 1 (NY09tt30))" in bokmal
    assert "is not" not in bokmal
    assert "is not a number (17 digits) (pos 33-49 of OCR amount item 1 (NY09tt30))" in english
