"""Migration 0020: every company's main account is listed (source ``both``), and the
payments booked before are keyed with their KID, as the import now books them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from alembic import command
from sqlalchemy import text

from reskontro.storage import migrate

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from reskontro.services.invoicing.books import Books


def _downgrade(engine: Engine, revision: str) -> None:
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_existing_companies_get_their_account_and_keys_their_kid(
    engine: Engine, books: Books
) -> None:
    cid = books.create_company(
        name="Gammel AS", org_number="123456785", account="12345678903", actor="t"
    ).id
    _downgrade(engine, "0019_invoice_charges")
    with engine.begin() as conn:
        for key, kid in (("ocr:a", "0000531"), ("ocr:b", None)):
            conn.execute(
                text(
                    "INSERT INTO payment (company_id, key, amount_ore, kid, date, outcome,"
                    " detail, state, invoice_amount_ore, written_off_ore, allocated_ore,"
                    " created_at) VALUES (:cid, :key, 100, :kid, '2026-11-02', 'unmatched',"
                    " 'no_kid', 'inbox', 0, 0, 0, '2026-11-02 08:00:00')"
                ),
                {"cid": cid, "key": key, "kid": kid},
            )
    migrate.upgrade(engine)
    with engine.connect() as conn:
        listed = conn.execute(text("SELECT company_id, account, source FROM company_account")).all()
        keys = conn.execute(text("SELECT key FROM payment ORDER BY key")).scalars().all()
    assert [tuple(r) for r in listed] == [(cid, "12345678903", "both")]
    assert keys == ["ocr:a|kid=0000531", "ocr:b"]
    _downgrade(engine, "0019_invoice_charges")
    with engine.connect() as conn:
        back = conn.execute(text("SELECT key FROM payment ORDER BY key")).scalars().all()
    assert back == ["ocr:a", "ocr:b"]
    migrate.upgrade(engine)
