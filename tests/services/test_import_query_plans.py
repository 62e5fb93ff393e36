"""The bulk statements of a payment import read no big table whole (issue 11).

Every statement the booking sends through :class:`reskontro.storage.bulk.BulkSql` is
planned by SQLite with ``EXPLAIN QUERY PLAN`` before it runs. A plan that scans the
invoices or payments, or walks all of a company's invoices to find the ones a batch
names, makes a million-payment import quadratic: the deciding ``INSERT … SELECT``
once joined the staged payments inside a walk of the company's invoices (a KID look-up
per invoice instead of per payment) until its join order was fixed.
SQLite only: PostgreSQL plans from statistics, which the import refreshes itself.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

import pytest

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.services.payments import PaymentImporter
from reskontro.storage.bulk import BulkSql
from reskontro.storage.filestore import FileStore
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from pathlib import Path

    from reskontro.clock import FixedClock
    from reskontro.services.invoicing.books import Books

#: A plan step that reads a big table whole, or all of one company's rows of it (a
#: covering index scan reads an index only).
_WHOLE = re.compile(
    r"^(SCAN (invoice|payment|customer)\b(?!.*COVERING)"
    r"|SEARCH \w+ USING (COVERING )?INDEX \w+ \(company_id=\?\)$)"
)


def _plans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    found: list[str] = []

    def planned(name: str) -> Any:
        original = getattr(BulkSql, name)

        def run(self: BulkSql, sql: str, params: Any = ()) -> Any:
            if self.sqlite:
                plan = self.cursor.execute("EXPLAIN QUERY PLAN " + self.q(sql), tuple(params))
                found.extend(f"{row[3]}: {sql[:160]}" for row in plan if _WHOLE.match(row[3]))
            return original(self, sql, params)

        return run

    for name in ("run", "all"):
        monkeypatch.setattr(BulkSql, name, planned(name))
    return found


def test_an_import_reads_no_table_whole(
    books: Books, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if books.sessions.kw["bind"].dialect.name != "sqlite":
        pytest.skip("SQLite's plans")
    cid = books.create_company(
        name="Plan AS", org_number="123456785", account="12345678903",
        vat_registered=True, actor="t",
    ).id  # fmt: skip
    customer = books.create_customer(cid, name="A", actor="t")
    issued = []
    for price in (1000, 2000, 3000):
        draft = books.create_invoice(
            cid, customer_number=customer.number,
            lines=[LineDraft("x", 1000, price * 4, VatCode.STANDARD)], actor="t",
        )  # fmt: skip
        issued.append(books.issue_invoice(cid, draft.id, issue_date=clock.today(), actor="t"))
    a, b, c = issued
    importer = PaymentImporter(books.sessions, clock, FileStore(tmp_path / "files"))
    found = _plans(monkeypatch)
    day = dt.date(2026, 1, 5)
    first = ocr_file([Pay(a.total_ore, a.kid), Pay(100, "0000000000017")], date=day)
    assert importer.import_bytes(cid, first, "first", actor="t").status == "imported"
    # Several payments to one invoice (the window sums), and a payment that repeats one
    # of the first file under another transaction number on the same date.
    second = ocr_file(
        [Pay(b.total_ore // 2, b.kid), Pay(b.total_ore // 2, b.kid), Pay(c.total_ore, c.kid),
         Pay(a.total_ore, a.kid)],
        date=day, transmission_number="0000002",
    )  # fmt: skip
    assert importer.import_bytes(cid, second, "second", actor="t").status == "imported"
    assert found == []
