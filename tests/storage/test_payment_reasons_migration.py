"""Migration 0010: the English reasons stored before become codes, and back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from alembic import command
from sqlalchemy import text

from reskontro.i18n import render
from reskontro.messages import Messages
from reskontro.storage import migrate

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from reskontro.services.invoicing.books import Books

#: Sentences as the services wrote them before reasons were codes, and bokmål as the
#: web app's patterns read them.
STORED = {
    "KID 12345678902 belongs to no invoice; waits in the voucher inbox": (
        "KID 12345678902 hører ikke til noen faktura; venter i bilagsmottaket"
    ),
    "no KID in the payment; not posted (the company ignores unknown KIDs)": (
        "betalingen har ingen KID; ikke bokført (firmaet ignorerer ukjente KID-er)"
    ),
    "no KID in the payment; posted to the customer by free text names invoice number 12": (
        "betalingen har ingen KID; bokført på kunden fordi fritekst nevner fakturanummer 12"
    ),
    "KID 0030010000123458 belongs to no invoice; posted to the customer by free text names"
    " KID 0030010000123458": (
        "KID 0030010000123458 hører ikke til noen faktura; bokført på kunden fordi fritekst"
        " nevner KID 0030010000123458"
    ),
    "no KID in the payment; no clue to the customer: posted to 'Betaling med ukjent KID';"
    " moved by hand to customer 10001": (
        "betalingen har ingen KID; ingen spor av kunden: bokført på «Betaling med ukjent KID»;"
        " flyttet manuelt til kunde 10001"
    ),
    "negative amount of 500 øre with KID 10000000017 of invoice 3, which has less than that"
    " paid: needs a person; waits in the voucher inbox; posted by hand to invoice 3 (12500 øre)": (
        "negativt beløp på 5,00\u00a0kr med KID 10000000017 for faktura 3, som har mindre enn det"
        " betalt: må ses på av en person; venter i bilagsmottaket; bokført manuelt på faktura 3"
        " (125,00\u00a0kr)"
    ),
    "KID 10000000017: pays invoice 42; 45 øre short, within the company's tolerance, written off": (
        "KID 10000000017: betaler faktura 42; 0,45\u00a0kr for lite, innenfor firmaets toleranse,"
        " avskrevet"
    ),
    "zero amount with KID 7; posted to the customer by the only open invoice with this amount;"
    " posted by hand to customer 10002": (
        "nullbeløp med KID 7; bokført på kunden med den eneste åpne fakturaen på dette beløpet;"
        " bokført manuelt på kunde 10002"
    ),
    "something no pattern knew": "something no pattern knew",
}


def _downgrade(engine: Engine, revision: str) -> None:
    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_stored_sentences_become_codes_and_back(engine: Engine, books: Books) -> None:
    company = books.create_company(
        name="Test AS", org_number="123456785", account="12345678903", actor="t"
    )
    _downgrade(engine, "0009_delivery")
    with engine.begin() as conn:
        for n, sentence in enumerate(STORED):
            conn.execute(
                text(
                    "INSERT INTO payment (company_id, key, amount_ore, date, outcome, detail,"
                    " state, invoice_amount_ore, written_off_ore, allocated_ore, reason,"
                    " created_at) VALUES (:cid, :key, 100, '2026-11-02', 'unmatched', 'no_kid',"
                    " 'inbox', 0, 0, 0, :reason, '2026-11-02 08:00:00')"
                ),
                {"cid": company.id, "key": f"k{n}", "reason": sentence},
            )
    migrate.upgrade(engine)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT reasons FROM payment ORDER BY key")).scalars().all()
    for (sentence, bokmal), value in zip(STORED.items(), stored, strict=True):
        reasons = Messages.loads(value)
        assert "; ".join(render(m, "en") for m in reasons) == sentence
        assert "; ".join(render(m, "nb") for m in reasons) == bokmal
        legacy = [m for m in reasons if m.code == "payment.legacy"]
        assert bool(legacy) == (sentence == "something no pattern knew")
    _downgrade(engine, "0009_delivery")
    with engine.connect() as conn:
        back = conn.execute(text("SELECT reason FROM payment ORDER BY key")).scalars().all()
    assert back == list(STORED)
    migrate.upgrade(engine)
