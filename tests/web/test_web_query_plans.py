"""The pages of the load mix read no table whole (issue 18): every SELECT they send to
SQLite is planned with an index, checked with ``EXPLAIN QUERY PLAN``. The invoice list's
newest drafts and an invoice's credit notes each scanned every invoice until they got
their own index (migration 0021)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import event

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode

if TYPE_CHECKING:
    from tests.web.conftest import Web

#: A plan step that reads a big table whole (a covering index scan reads an index only).
_WHOLE = re.compile(r"^SCAN (invoice|payment|customer|invoice_line|allocation)\b(?!.*COVERING)")


def _scans(web: Web, paths: list[str]) -> dict[str, list[str]]:
    client, _ = web.login("admin")
    engine = web.sessions.kw["bind"]
    found: dict[str, list[str]] = {}
    current = [""]

    def plan(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
             executemany: bool) -> None:  # fmt: skip
        if executemany or not statement.lstrip().upper().startswith("SELECT"):
            return
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
        for row in rows:
            if _WHOLE.match(row[3]):
                found.setdefault(current[0], []).append(f"{row[3]}: {statement[:200]}")

    event.listen(engine, "before_cursor_execute", plan)
    try:
        for path in paths:
            current[0] = path
            assert client.get(path).status_code == 200, path
    finally:
        event.remove(engine, "before_cursor_execute", plan)
    return found


def test_the_load_mix_pages_use_indexes(web: Web) -> None:
    draft = web.books.create_invoice(
        web.company, customer_number=web.customer,
        lines=[LineDraft("Konsulent", 2000, 100000, VatCode.STANDARD)], actor="test",
    )  # fmt: skip
    invoice = web.books.issue_invoice(web.company, draft.id, actor="test")
    web.books.create_invoice(
        web.company, customer_number=web.customer,
        lines=[LineDraft("Utkast", 1000, 5000, VatCode.STANDARD)], actor="test",
    )  # fmt: skip
    paths = [
        "/", "/invoices", "/invoices?status=open", "/invoices?overdue=true",
        f"/invoices?customer={web.customer}", f"/invoices?q={invoice.kid}",
        f"/invoices/{invoice.id}",
    ]  # fmt: skip
    assert _scans(web, paths) == {}
