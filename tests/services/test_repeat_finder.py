"""The same payment in another file is looked for only on dates another file booked
on (issue 11): :class:`RepeatFinder` asks once per booking date, then looks amounts up
only where the answer was yes — and still finds every repeat there."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.formats.nets.payments import read_payments
from reskontro.services.payments import PaymentImporter
from reskontro.services.payments.duplicates import Repeat, RepeatFinder
from reskontro.storage.bulk import BulkSql
from reskontro.storage.filestore import FileStore
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from reskontro.clock import FixedClock
    from reskontro.services.invoicing.books import Books


def test_only_dates_another_file_booked_on_are_looked_up(
    books: Books, clock: FixedClock, tmp_path: Path
) -> None:
    cid = books.create_company(
        name="Gjentak AS", org_number="123456785", account="12345678903",
        vat_registered=True, actor="t",
    ).id  # fmt: skip
    customer = books.create_customer(cid, name="A", actor="t")
    draft = books.create_invoice(
        cid, customer_number=customer.number,
        lines=[LineDraft("x", 1000, 40000, VatCode.STANDARD)], actor="t",
    )  # fmt: skip
    invoice = books.issue_invoice(cid, draft.id, issue_date=clock.today(), actor="t")
    booked_on, other_day = dt.date(2026, 3, 2), dt.date(2026, 3, 3)
    pays = [Pay(invoice.total_ore // 2, invoice.kid), Pay(12300, invoice.kid)]
    importer = PaymentImporter(books.sessions, clock, FileStore(tmp_path / "files"))
    first = importer.import_bytes(cid, ocr_file(pays, date=booked_on), "a", actor="t")
    assert first.status == "imported"

    again = read_payments(ocr_file(pays, date=booked_on, transmission_number="0000002"))
    elsewhere = read_payments(ocr_file(pays, date=other_day, transmission_number="0000003"))
    with books.sessions() as session:
        sql = BulkSql(session.connection())
        asked: list[str] = []
        original = sql.all

        def counted(sql_: str, params: Sequence[Any]) -> list[Any]:
            asked.append(sql_)
            return original(sql_, params)

        sql.all = counted  # type: ignore[method-assign,assignment]
        assert first.file_id is not None
        finder = RepeatFinder(sql, cid, first.file_id + 1000)
        found = finder.find(list(again.payments))
        assert sorted(found) == [0, 1]
        assert {kind for kind, _ in found.values()} == {Repeat.POSSIBLE}  # same format
        assert len(asked) == 2  # the date asked about, then its amounts
        assert finder.find(list(elsewhere.payments)) == {}
        assert finder.find(list(elsewhere.payments)) == {}
        assert len(asked) == 3  # the other date asked about once, and nothing more
        assert finder.dates == {sql.day(booked_on): True, sql.day(other_day): False}
        # A date answered yes is looked up every time it comes again.
        assert sorted(finder.find(list(again.payments))) == [0, 1]
        assert len(asked) == 4
