"""Migration 0022: a rejected file's English error text becomes its problems as codes
(from the stored summary where it has them; else the text as it was written), and back."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from alembic import command
from sqlalchemy import text

from reskontro.i18n import render_problem
from reskontro.services.payments import bank_files
from reskontro.storage import migrate

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from reskontro.services.invoicing.books import Books

CODED = {
    "error": {
        "problems": [
            {"line": 2, "path": None, "message": "account 1 is not the company's",
             "reason": {"code": "bank_account.not_companys", "params": {"account": "1"}}},
        ]
    }
}  # fmt: skip


def _downgrade(engine: Engine, revision: str) -> None:
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_old_error_texts_become_problems_and_back(engine: Engine, books: Books) -> None:
    cid = books.create_company(
        name="Gammel AS", org_number="123456785", account="12345678903", actor="t"
    ).id
    _downgrade(engine, "0021_invoice_list_indexes")
    old = {
        "coded.txt": ("line 2: account 1 is not the company's", json.dumps(CODED)),
        "plain.txt": ("line 1, field record type: no start of transmission", None),
    }
    with engine.begin() as conn:
        for n, (name, (message, summary)) in enumerate(old.items()):
            conn.execute(
                text(
                    "INSERT INTO bank_file (company_id, sha256, filename, stored_path, size,"
                    " format, status, error_line, error_message, payments, amount_ore,"
                    " summary, source, received_at, actor) VALUES (:cid, :sha, :name, 'x', 1,"
                    " 'ocr', 'rejected', 1, :message, 0, 0, :summary, 'upload',"
                    " '2026-11-02 08:00:00', 't')"
                ),
                {"cid": cid, "sha": f"{n:064d}", "name": name, "message": message,
                 "summary": summary},
            )  # fmt: skip
    migrate.upgrade(engine)
    files = {f.filename: f for f in bank_files(books.sessions, cid)}
    coded = files["coded.txt"].problems
    assert [p.message.code for p in coded] == ["bank_account.not_companys"]
    assert render_problem(coded[0], "nb").startswith("linje 2: ")
    assert "line" not in render_problem(coded[0], "nb")
    plain = files["plain.txt"]
    assert [p.message.code for p in plain.problems] == ["payment.file.as_written"]
    assert plain.error == "line 1, field record type: no start of transmission"
    _downgrade(engine, "0021_invoice_list_indexes")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT filename, error_message FROM bank_file")).all()
    back: dict[str, str] = {str(name): str(message) for name, message in rows}
    assert back["plain.txt"] == "line 1, field record type: no start of transmission"
    assert back["coded.txt"].startswith("line 2: ")
    migrate.upgrade(engine)
