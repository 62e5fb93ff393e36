"""Why an import rejects a file is a code with its parameters (issue 11, Build 4 item 4):
the English text the CLI prints, and bokmål on a page, from the one catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.i18n import render
from reskontro.messages import Message
from reskontro.services.payments import PaymentImporter
from reskontro.storage.filestore import FileStore
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from pathlib import Path

    from reskontro.clock import FixedClock
    from reskontro.services.invoicing.books import Books


def _reason(summary: object) -> Message:
    error = getattr(summary, "error", None)
    assert error is not None
    reason = error["reason"]
    assert reason is not None
    return Message.from_json(reason)


def test_rejections_are_codes(books: Books, clock: FixedClock, tmp_path: Path) -> None:
    cid = books.create_company(
        name="Kode AS", org_number="123456785", account="12345678903", actor="t"
    ).id
    importer = PaymentImporter(books.sessions, clock, FileStore(tmp_path / "files"))
    garbage = importer.import_bytes(cid, b"garbage", "x.txt", actor="t")
    assert garbage.status == "rejected"
    why = _reason(garbage)
    assert why.code == "payment.error.not_a_payment_file"
    assert render(why, "en").startswith("not a payment file")
    assert render(why, "nb").startswith("ikke en betalingsfil")
    first = importer.import_bytes(cid, ocr_file([Pay(1000, "123456")]), "a.txt", actor="t")
    assert first.status == "imported"
    again = importer.import_bytes(cid, ocr_file([Pay(2000, "123456")]), "b.txt", actor="t")
    assert again.status == "rejected"
    why = _reason(again)
    assert why.code == "payment.error.message_seen"
    assert dict(why.params)["filename"] == "a.txt"
    assert "was imported before from 'a.txt' with other content" in render(why, "en")
    assert "er lest inn før fra «a.txt»" in render(why, "nb")
