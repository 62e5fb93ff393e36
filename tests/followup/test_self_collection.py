"""Betalingsoppfordring (inkassoloven § 10) for a company that collects its own claims,
and the statutory texts in one place with their sources."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader

from reskontro.domain.followup import ClaimState, FollowupPolicy, LetterKind, SentLetter, Skip
from reskontro.domain.invoice import LineDraft
from reskontro.domain.self_collection import decide_demand
from reskontro.domain.vat import VatCode
from reskontro.formats.pdf import statutory
from reskontro.formats.pdf.letters import render_letter
from reskontro.formats.pdf.model import letter_from_dict
from reskontro.jsonable import to_jsonable as js
from reskontro.services.followup import FollowUp
from reskontro.services.followup.rates import shipped_rates
from reskontro.storage.db import session_factory
from reskontro.storage.filestore import FileStore
from reskontro.storage.models_followup import FollowupDocument
from reskontro.testing.cli import run

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.engine import Engine

    from reskontro.clock import FixedClock
    from reskontro.services.invoicing.books import Books
    from reskontro.services.invoicing.views import InvoiceView

D = dt.date
SELF = FollowupPolicy(self_collect=True)


def _claim(*letters: SentLetter, open_ore: int = 100000) -> ClaimState:
    return ClaimState(due=D(2026, 10, 1), open_ore=open_ore, letters=letters)


REMINDER = SentLetter(LetterKind.REMINDER, D(2026, 10, 20), D(2026, 11, 3), 3800)
NOTICE = SentLetter(LetterKind.NOTICE, D(2026, 11, 10), D(2026, 11, 24), 3800)


def test_the_rules_of_the_betalingsoppfordring() -> None:
    table = shipped_rates()
    day = D(2026, 12, 1)
    assert decide_demand(_claim(REMINDER, NOTICE), day, FollowupPolicy(), table).skip is (
        Skip.NOT_SELF_COLLECTING
    )
    assert decide_demand(_claim(REMINDER), day, SELF, table).skip is Skip.NO_NOTICE
    # The notice's deadline (24.11) plus three grace days: missed from 28.11.
    assert decide_demand(_claim(REMINDER, NOTICE), D(2026, 11, 27), SELF, table).skip is (
        Skip.DEADLINE_RUNNING
    )
    sent = decide_demand(_claim(REMINDER, NOTICE), D(2026, 11, 28), SELF, table)
    assert sent.send
    assert sent.fee is not None
    assert sent.fee.fee_ore == 11300  # 750 × 3/20 = 112,50 → 113
    assert sent.deadline == D(2026, 12, 14)  # 12.12 is a Saturday, 13.12 a Sunday
    demand = SentLetter(LetterKind.DEMAND, D(2026, 11, 28), D(2026, 12, 14), 11300)
    assert decide_demand(_claim(REMINDER, NOTICE, demand), day, SELF, table).skip is (
        Skip.DEMAND_SENT
    )
    assert decide_demand(_claim(REMINDER, NOTICE, open_ore=0), day, SELF, table).skip is Skip.PAID


def test_every_statutory_text_names_its_source_and_the_notice_says_may() -> None:
    keys = [s.key for s in statutory.ALL]
    assert len(keys) == len(set(keys))
    for s in statutory.ALL:
        assert s.url.startswith("https://lovdata.no/")
        assert all((s.law, s.spec, s.nb, s.en))
    assert "kan føre til ytterligere kostnader" in statutory.NB["notice_warning"]
    assert "may cause further costs" in statutory.EN["notice_warning"]
    by_key = {s.key: s for s in statutory.ALL}
    assert "§ 9" in by_key["notice_warning"].law
    assert all("§ 10" in by_key[k].law for k in ("demand_intro", "demand_warning"))


def pdf_text(pdf: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", " ")


@pytest.fixture
def fu(engine: Engine, clock: FixedClock, tmp_path: Path) -> FollowUp:
    return FollowUp(session_factory(engine), clock, FileStore(tmp_path / "files"))


def at(clock: FixedClock, day: dt.date) -> None:
    clock.at = dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=dt.UTC)


def test_self_collecting_company_sends_the_betalingsoppfordring_before_the_hand_off(
    fu: FollowUp, books: Books, clock: FixedClock, engine: Engine
) -> None:
    cid = int(books.create_company(
        name="Egeninkasso AS", org_number="123456785", account="12345678903",
        address="Storgata 1, 0155 Oslo", actor="t",
    ).id)  # fmt: skip
    number = int(books.create_customer(cid, name="Kunde AS", email="k@x.example",
                                       address="Bryggen 3, 5003 Bergen", actor="t").number)  # fmt: skip
    draft = books.create_invoice(
        cid, customer_number=number, due=D(2026, 11, 1),
        lines=[LineDraft("Rådgivning oktober", 1000, 100000, VatCode.EXEMPT)], actor="t",
    )  # fmt: skip
    invoice: InvoiceView = books.issue_invoice(cid, draft.id, issue_date=D(2026, 10, 18), actor="t")
    fu.remind(cid, actor="t")  # 25.11
    at(clock, D(2026, 12, 13))
    fu.collect(cid, actor="t")  # deadline 28.12
    at(clock, D(2027, 1, 1))
    fu.add_rate("interest", D(2027, 1, 1), policy_rate_bp=400, source="test", actor="t")
    assert js(fu.demand(cid, actor="t"))["skipped"][0]["code"] == "not_self_collecting"
    fu.set_policy(cid, self_collect=True, actor="t")
    assert fu.policy(cid).self_collect
    # Self-collecting: no hand-off before the betalingsoppfordring.
    assert js(fu.handoff(cid, dry_run=True, actor="t"))["claims"] == []
    dry = js(fu.demand(cid, dry_run=True, actor="t"))
    assert [x["fee_ore"] for x in dry["letters"]] == [11300]
    report = js(fu.demand(cid, actor="t"))
    (letter,) = report["letters"]
    assert letter["kind"] == "betalingsoppfordring"
    assert letter["amount_due_ore"] == 100000 + 2 * 3800 + 11300
    assert letter["deadline"] == "2027-01-15"
    view = books.invoice(cid, invoice.id)
    assert [c.kind for c in view.charges] == [
        "reminder_fee", "inkassovarsel_fee", "betalingsoppfordring_fee",
    ]  # fmt: skip
    assert view.open_ore == letter["amount_due_ore"]
    pdf, name = fu.document_pdf(cid, letter["document_id"])
    assert name.startswith("betalingsoppfordring-")
    text = pdf_text(pdf)
    for words in ("BETALINGSOPPFORDRING", "Egeninkasso AS", "Rådgivning oktober",
                  "komme med innsigelser", "Forsinkelsesrenten er", "rettslig",
                  "tre tjuedeler", "1 189,00"):  # fmt: skip
        assert words in text, words
    assert js(fu.demand(cid, actor="t"))["skipped"][0]["code"] == "demand_sent"
    mail = fu.email(cid, report["messages"][0]["id"])
    assert mail.subject.startswith("Betalingsoppfordring: faktura")
    at(clock, D(2027, 1, 18))  # deadline 15.01 + 3 grace days
    assert js(fu.handoff(cid, dry_run=True, actor="t"))["claims"] == []
    at(clock, D(2027, 1, 19))
    (claim,) = js(fu.handoff(cid, dry_run=True, actor="t"))["claims"]
    assert claim["fees_ore"] == 2 * 3800 + 11300


def test_a_letter_keeps_the_wording_it_was_sent_with(
    fu: FollowUp, books: Books, clock: FixedClock, engine: Engine
) -> None:
    cid = int(books.create_company(
        name="Firma AS", org_number="123456785", account="12345678903", actor="t",
    ).id)  # fmt: skip
    number = int(books.create_customer(cid, name="Kunde AS", actor="t").number)
    draft = books.create_invoice(
        cid, customer_number=number, due=D(2026, 11, 1),
        lines=[LineDraft("Vare", 1000, 50000, VatCode.EXEMPT)], actor="t",
    )  # fmt: skip
    books.issue_invoice(cid, draft.id, issue_date=D(2026, 10, 18), actor="t")
    fu.collect(cid, combined=True, actor="t")
    with session_factory(engine)() as s:
        doc = s.query(FollowupDocument).filter_by(kind="inkassovarsel").one()
        content = json.loads(doc.content)
    assert content["wording"] == statutory.WORDING
    now = pdf_text(render_letter(letter_from_dict(content)))
    assert "Det kan føre til ytterligere kostnader" in now
    del content["wording"]  # as stored before wording was recorded
    before = pdf_text(render_letter(letter_from_dict(content)))
    assert "Det vil føre til ytterligere kostnader" in before


def test_demand_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    monkeypatch.setenv("RESKONTRO_FILE_STORE", str(tmp_path / "files"))
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    assert run(capsys, "demo", "--db", db).code == 0
    settings = run(capsys, "followup", "settings", "--self-collect", "--db", db, "--json")
    assert settings.json["self_collect"] is True
    dry = run(capsys, "demand", "--dry-run", "--db", db, "--json")
    assert dry.code == 0
    assert {"letters", "skipped", "dry_run"} <= set(dry.json)
    assert run(capsys, "demand", "--db", db).code == 0
