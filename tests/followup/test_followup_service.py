"""Follow-up over the books, on SQLite and PostgreSQL: runs, letters, interest, hand-off."""

from __future__ import annotations

import datetime as dt
import io
import json
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from reskontro.domain.followup import FollowupPolicy
from reskontro.domain.interest import MissingRate, exact_interest, round_half_up
from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.errors import NotFound, StateError, ValidationError
from reskontro.jsonable import to_jsonable as js
from reskontro.services.followup import FollowUp
from reskontro.storage.db import session_factory
from reskontro.storage.filestore import FileStore
from reskontro.storage.models import AuditEntry, Invoice, Payment
from reskontro.storage.models_followup import FollowupClaim, FollowupDocument

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.engine import Engine

    from reskontro.clock import FixedClock
    from reskontro.services.invoicing.books import Books
    from reskontro.services.invoicing.views import InvoiceView

D = dt.date
TODAY = D(2026, 11, 25)  # the conftest clock


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "files")


@pytest.fixture
def fu(engine: Engine, clock: FixedClock, store: FileStore) -> FollowUp:
    return FollowUp(session_factory(engine), clock, store)


@pytest.fixture
def cid(books: Books) -> int:
    company = books.create_company(
        name="Fjordkraft Regnskap AS", org_number="123456785", account="12345678903",
        vat_registered=True, foretaksregisteret=True, address="Storgata 1, 0155 Oslo",
        actor="t",
    )  # fmt: skip
    return int(company.id)


def customer(books: Books, cid: int, name: str = "Ærlige Øl og Ål ANS", **kw: Any) -> int:
    kw.setdefault("email", "post@aol.example")
    return int(books.create_customer(cid, name=name, actor="t", **kw).number)


def issue(books: Books, cid: int, number: int, *, due: dt.date, price: int = 100000) -> InvoiceView:
    draft = books.create_invoice(
        cid, customer_number=number, due=due,
        lines=[LineDraft("Rådgivning, time", 1000, price, VatCode.EXEMPT)], actor="t",
    )  # fmt: skip
    return books.issue_invoice(cid, draft.id, issue_date=due - dt.timedelta(days=14), actor="t")


def pay(engine: Engine, invoice: InvoiceView, amount: int, day: dt.date) -> None:
    """Book a payment by KID the way the importer leaves it (written around the service)."""
    with session_factory(engine).begin() as s:
        inv = s.get_one(Invoice, invoice.id)
        s.add(Payment(
            company_id=inv.company_id, key=f"test-{inv.id}-{day}-{amount}", amount_ore=amount,
            kid=inv.kid, date=day, outcome="partial", detail="kid", state="posted",
            customer_id=inv.customer_id, invoice_id=inv.id, invoice_amount_ore=amount,
            written_off_ore=0, allocated_ore=amount, created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        ))  # fmt: skip
        inv.settled_ore += amount
        inv.paid_ore += amount
        inv.status = "paid" if inv.settled_ore == inv.total_ore else "partially_paid"


def at(clock: FixedClock, day: dt.date) -> None:
    clock.at = dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=dt.UTC)


def pdf_text(pdf: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", " ")


def test_reminder_run_sends_records_and_composes(
    fu: FollowUp, books: Books, cid: int, engine: Engine, store: FileStore
) -> None:
    number = customer(books, cid)
    late = issue(books, cid, number, due=D(2026, 11, 1))
    issue(books, cid, number, due=D(2026, 11, 20))  # 5 days: too early
    report = js(fu.remind(cid, actor="t"))
    assert len(report["letters"]) == 1
    letter = report["letters"][0]
    assert letter["invoice_number"] == late.number
    assert letter["fee_ore"] == 3800  # 2026: 750 / 20 rounded to whole kroner
    assert letter["deadline"] == "2026-12-09"
    assert letter["principal_ore"] == 100000
    assert letter["amount_due_ore"] == 103800
    assert letter["interest_ore"] == round_half_up(exact_interest(100000, 1225, 24))
    assert [s["code"] for s in report["skipped"]] == ["too_early"]
    # The PDF is in the store, and says what the letter says.
    pdf, name = fu.document_pdf(cid, letter["document_id"])
    assert name == f"purring-{late.number}-2026-11-25.pdf"
    assert store.path_for(letter["pdf_sha256"]).exists()
    text = pdf_text(pdf)
    assert str(late.kid) in text
    assert "1 038,00" in text
    assert "Ærlige Øl og Ål ANS" in text
    # One e-mail to the customer, carrying the letter.
    (message,) = report["messages"]
    assert message["status"] == "pending"
    assert message["documents"] == [letter["document_id"]]
    mail = fu.email(cid, message["id"])
    assert mail.to == "post@aol.example"
    assert mail.subject.startswith("Purring: faktura")
    assert mail.attachments[0].content == pdf
    # On the invoice's history.
    history = js(fu.history(cid, late.id))
    assert [d["kind"] for d in history["documents"]] == ["reminder"]
    assert "followup.reminder" in [e["action"] for e in history["events"]]
    # The same day again: nothing new.
    again = js(fu.remind(cid, actor="t"))
    assert again["letters"] == []
    assert "max_reminders" in [s["code"] for s in again["skipped"]]


def test_dry_run_writes_nothing(fu: FollowUp, books: Books, cid: int, engine: Engine) -> None:
    issue(books, cid, customer(books, cid), due=D(2026, 11, 1))
    report = js(fu.remind(cid, dry_run=True, actor="t"))
    assert len(report["letters"]) == 1
    assert report["letters"][0]["fee_ore"] == 3800
    with session_factory(engine)() as s:
        assert s.scalars(select(FollowupDocument)).all() == []
    assert len(js(fu.remind(cid, actor="t"))["letters"]) == 1


def test_customer_without_email_gets_a_letter_to_print(
    fu: FollowUp, books: Books, cid: int
) -> None:
    number = books.create_customer(cid, name="Kari Nordmann", actor="t").number
    issue(books, cid, number, due=D(2026, 11, 1))
    report = js(fu.remind(cid, actor="t"))
    assert report["letters"][0]["delivery"] == "print"
    assert report["messages"][0]["status"] == "print"


def test_holds_and_disputes_stop_letters(
    fu: FollowUp, books: Books, cid: int, clock: FixedClock
) -> None:
    number = customer(books, cid)
    first = issue(books, cid, number, due=D(2026, 11, 1))
    second = issue(books, cid, number, due=D(2026, 11, 2))
    fu.dispute(cid, first.id, reason="Varen kom aldri", actor="t")
    hold = js(fu.add_hold(cid, invoice_id=second.id, reason="Avtalt nedbetaling",
                       until=D(2026, 11, 30), actor="t"))  # fmt: skip
    report = js(fu.remind(cid, actor="t"))
    assert report["letters"] == []
    assert {s["code"] for s in report["skipped"]} == {"disputed", "on_hold"}
    assert js(fu.overdue(cid))["invoices"][0]["disputed"]
    # A customer hold covers every invoice of the customer.
    fu.release_hold(cid, hold["id"], actor="t")
    fu.add_hold(cid, customer_number=number, reason="Konkursbo", actor="t")
    assert js(fu.remind(cid, actor="t"))["letters"] == []
    with pytest.raises(ValidationError):
        js(fu.add_hold(cid, reason="x", actor="t"))
    with pytest.raises(StateError):
        fu.release_hold(cid, hold["id"], actor="t")
    # A hold that has run out no longer holds.
    (customer_hold,) = js(fu.holds(cid))
    fu.release_hold(cid, customer_hold["id"], actor="t")
    fu.add_hold(cid, invoice_id=second.id, reason="til 24.11", until=D(2026, 11, 24), actor="t")
    fu.dispute(cid, first.id, reason=None, resolve=True, actor="t")
    assert len(js(fu.remind(cid, actor="t"))["letters"]) == 2


def test_unmatched_customer_money_stops_reminders(
    fu: FollowUp, books: Books, cid: int, engine: Engine
) -> None:
    number = customer(books, cid)
    invoice = issue(books, cid, number, due=D(2026, 11, 1))
    with session_factory(engine).begin() as s:
        inv = s.get_one(Invoice, invoice.id)
        s.add(Payment(
            company_id=cid, key="unmatched", amount_ore=50000, date=D(2026, 11, 20),
            outcome="unmatched", detail="none", state="posted", customer_id=inv.customer_id,
            created_at=dt.datetime(2026, 11, 20, tzinfo=dt.UTC),
        ))  # fmt: skip
    report = js(fu.remind(cid, actor="t"))
    assert [s["code"] for s in report["skipped"]] == ["customer_credit"]
    assert js(fu.aging(cid))["customers"][0]["credit"] == -50000


def test_reminder_inkassovarsel_and_hand_off(
    fu: FollowUp, books: Books, cid: int, clock: FixedClock, tmp_path: Path
) -> None:
    number = customer(books, cid, org_number="987654325", address="Bryggen 3, 5003 Bergen")
    invoice = issue(books, cid, number, due=D(2026, 11, 1))
    assert js(fu.collect(cid, actor="t"))["letters"] == []  # no reminder yet
    fu.remind(cid, actor="t")  # 25.11, deadline 09.12
    at(clock, D(2026, 12, 12))  # deadline + 3 grace days: still running
    assert js(fu.collect(cid, actor="t"))["skipped"][0]["code"] == "deadline_running"
    at(clock, D(2026, 12, 13))
    notice = js(fu.collect(cid, actor="t"))["letters"][0]
    assert notice["kind"] == "inkassovarsel"
    assert notice["fee_ore"] == 3800  # the second fee: purring + inkassovarsel
    assert notice["amount_due_ore"] == 100000 + 2 * 3800
    assert notice["deadline"] == "2026-12-28"  # 27.12 is a Sunday
    pdf, _ = fu.document_pdf(cid, notice["document_id"])
    assert "vil kravet bli sendt til inkasso" in pdf_text(pdf)
    assert js(fu.remind(cid, actor="t"))["skipped"][0]["code"] == "notice_sent"
    at(clock, D(2026, 12, 31))
    assert js(fu.handoff(cid, actor="t"))["claims"] == []
    at(clock, D(2027, 1, 1))
    with pytest.raises(MissingRate, match="forsinkelsesrente"):  # no 2027 rate shipped
        fu.handoff(cid, dry_run=True, actor="t")
    assert js(fu.remind(cid, dry_run=True, actor="t"))["letters"] == []
    fu.add_rate("interest", D(2027, 1, 1), policy_rate_bp=400, source="test", actor="t")
    preview = js(fu.handoff(cid, dry_run=True, actor="t"))
    assert preview["handoff_id"] is None
    report = js(fu.handoff(cid, actor="t"))
    (claim,) = report["claims"]
    assert claim["invoice_number"] == invoice.number
    assert claim["kid"] == invoice.kid
    assert claim["principal_ore"] == 100000
    assert claim["fees_ore"] == 7600
    assert claim["customer_org_number"] == "987654325"
    assert claim["notice_date"] == "2026-12-13"
    assert claim["reminder_dates"] == ["2026-11-25"]
    assert claim["interest_from"] == "2026-11-02"
    expected = exact_interest(100000, 1225, 60) + exact_interest(100000, 1200, 1)
    assert claim["interest_ore"] == round_half_up(expected)
    lines = report["csv"].splitlines()
    assert lines[0].startswith("handoff_id;customer_number;customer_name")
    assert ";1000,00;" in lines[1]
    assert ";76,00;" in lines[1]
    assert report["json"]["totals"]["claims"] == 1
    assert report["json"]["claims"][0]["handoff_id"] == report["handoff_id"]
    # Handed over: no more letters, not handed over twice.
    assert js(fu.handoff(cid, actor="t"))["claims"] == []
    assert js(fu.remind(cid, actor="t"))["letters"] == []
    assert js(fu.overdue(cid))["invoices"][0]["handed_over"]
    assert js(fu.history(cid, invoice.id))["handed_over_on"] == "2027-01-01"


def test_hand_off_of_a_claim_without_notice_on_request(
    fu: FollowUp, books: Books, cid: int
) -> None:
    invoice = issue(books, cid, customer(books, cid), due=D(2026, 11, 1))
    assert js(fu.handoff(cid, actor="t"))["claims"] == []
    report = js(fu.handoff(cid, invoice_ids=[invoice.id], actor="t"))
    assert report["claims"][0]["notice_date"] is None
    with pytest.raises(ValidationError, match="not an overdue open invoice"):
        fu.handoff(cid, invoice_ids=[999], actor="t")


def test_fetch_hook_runs_before_a_real_run_only(
    engine: Engine, clock: FixedClock, store: FileStore, books: Books, cid: int
) -> None:
    invoice = issue(books, cid, customer(books, cid), due=D(2026, 11, 1))
    calls: list[int] = []

    def fetch(company_id: int) -> dict[str, Any]:
        calls.append(company_id)
        pay(engine, invoice, 100000, D(2026, 11, 24))  # the bank had it all along
        return {"files": 1}

    service = FollowUp(session_factory(engine), clock, store, fetch_payments=fetch)
    assert len(js(service.remind(cid, dry_run=True, actor="t"))["letters"]) == 1
    assert calls == []
    report = js(service.remind(cid, actor="t"))
    assert calls == [cid]
    assert report["fetched"] == {"files": 1}
    assert report["letters"] == []


def test_interest_is_invoiced_once_as_an_interest_note(
    fu: FollowUp, books: Books, cid: int, engine: Engine
) -> None:
    number = customer(books, cid)
    invoice = issue(books, cid, number, due=D(2026, 10, 1))
    pay(engine, invoice, 50000, D(2026, 10, 11))
    paid_late = issue(books, cid, number, due=D(2026, 9, 1), price=20000)
    pay(engine, paid_late, 20000, D(2026, 9, 21))
    expected_open = exact_interest(100000, 1225, 10) + exact_interest(50000, 1225, 45)
    expected_paid = exact_interest(20000, 1225, 20)
    listing = js(fu.interest(cid, actor="t"))
    (group,) = listing["customers"]
    by_number = {i["number"]: i for i in group["invoices"]}
    assert by_number[invoice.number]["interest_ore"] == round_half_up(expected_open)
    assert by_number[paid_late.number]["interest_ore"] == round_half_up(expected_paid)
    assert listing["notes"] == []
    report = js(fu.interest(cid, invoice=True, actor="t"))
    (note,) = report["notes"]
    view = books.invoice(cid, note["invoice_id"])
    assert view.total_ore == group["interest_ore"]
    assert view.vat_ore == 0
    assert {line.vat for line in view.lines or ()} == {"exempt"}
    assert view.kid
    pdf, _ = fu.document_pdf(cid, note["document_id"])
    text = pdf_text(pdf)
    assert "Forsinkelsesrente faktura" in text
    assert "ikke mva-pliktig" in text
    assert note["message"]["status"] == "pending"
    # Invoiced through today: nothing more today, and no interest on the interest note.
    again = js(fu.interest(cid, invoice=True, actor="t"))
    assert again["customers"] == []
    with session_factory(engine)() as s:
        claim = s.get_one(FollowupClaim, invoice.id)
        assert claim.interest_to == TODAY
        assert s.get_one(FollowupClaim, note["invoice_id"]).is_interest_note
    # A reminder shows only interest not yet invoiced.
    letter = js(fu.remind(cid, actor="t"))["letters"][0]
    assert letter["interest_ore"] == 0


def test_interest_minimum_and_no_future(fu: FollowUp, books: Books, cid: int) -> None:
    issue(books, cid, customer(books, cid), due=D(2026, 11, 24), price=100000)
    report = js(fu.interest(cid, invoice=True, min_ore=100, actor="t"))
    assert report["interest_ore"] == 34
    assert report["notes"] == []
    assert "below the minimum" in report["customers"][0]["not_invoiced"]
    with pytest.raises(ValidationError):
        js(fu.interest(cid, until=D(2026, 12, 1), actor="t"))


def test_aging_and_overdue_add_up(fu: FollowUp, books: Books, cid: int) -> None:
    a = customer(books, cid, "A AS")
    b = customer(books, cid, "B AS")
    for number, due in ((a, D(2026, 11, 25)), (a, D(2026, 11, 24)), (a, D(2026, 10, 26)),
                        (b, D(2026, 10, 25)), (b, D(2026, 8, 27)), (b, D(2026, 8, 26))):  # fmt: skip
        issue(books, cid, number, due=due)
    aging = js(fu.aging(cid))
    rows = {c["customer_number"]: c for c in aging["customers"]}
    assert (rows[a]["not_due"], rows[a]["0-30"], rows[a]["31-60"]) == (100000, 200000, 0)
    assert (rows[b]["31-60"], rows[b]["61-90"], rows[b]["90+"]) == (100000, 100000, 100000)
    assert aging["totals"]["balance_ore"] == 600000
    assert aging["totals"]["overdue_ore"] == 500000
    assert books.ledger(cid, b).balance_ore == rows[b]["balance_ore"]
    overdue = js(fu.overdue(cid))
    assert [i["days_overdue"] for i in overdue["invoices"]] == [91, 90, 31, 30, 1]
    assert overdue["open_ore"] == 500000
    assert overdue["customers"][0]["customer_number"] == b


def test_user_rates_and_the_regime_switch(fu: FollowUp, books: Books, cid: int) -> None:
    issue(books, cid, customer(books, cid), due=D(2026, 11, 1))
    fu.add_rate("inkassosats", D(2026, 1, 1), amount_ore=80000, source="test", actor="t")
    assert js(fu.remind(cid, dry_run=True, actor="t"))["letters"][0]["fee_ore"] == 4000
    origins = {(r["kind"], r["valid_from"]): r["origin"] for r in js(fu.rates())}
    assert origins[("inkassosats", "2026-01-01")] == "database"
    assert origins[("inkassosats", "2019-01-01")] == "shipped"
    with pytest.raises(ValidationError, match="half-year"):
        fu.add_rate("interest", D(2027, 2, 1), rate_bp=1200, actor="t")
    with pytest.raises(ValidationError):
        fu.add_rate("regime", D(2027, 1, 1), regime="nope", actor="t")
    fu.add_rate("regime", D(2026, 11, 1), regime="inkassolov-2026", verify=True, actor="t")
    assert js(fu.remind(cid, dry_run=True, actor="t"))["letters"][0]["fee_ore"] == 0
    skipped = js(fu.collect(cid, dry_run=True, combined=True, actor="t"))["skipped"]
    assert skipped[0]["code"] == "not_allowed"


def test_settings_are_the_companys_pace(fu: FollowUp, books: Books, cid: int) -> None:
    issue(books, cid, customer(books, cid), due=D(2026, 11, 20))
    assert js(fu.remind(cid, dry_run=True, actor="t"))["letters"] == []
    fu.set_policy(cid, first_reminder_days=3, actor="t")
    letter = js(fu.remind(cid, dry_run=True, actor="t"))["letters"][0]
    assert letter["fee_ore"] == 0  # 5 days past due: no fee yet
    with pytest.raises(ValidationError):
        fu.set_policy(cid, deadline_days=10, actor="t")
    assert fu.policy(cid) == FollowupPolicy(first_reminder_days=3)


def test_invoice_pdf_is_recorded_once_and_made_again_exactly(
    fu: FollowUp, books: Books, cid: int, store: FileStore
) -> None:
    invoice = issue(books, cid, customer(books, cid), due=D(2026, 12, 1))
    first = fu.invoice_pdf(cid, invoice.id, actor="t")
    second = fu.invoice_pdf(cid, invoice.id, queue_email=True, actor="t")
    assert first.document_id == second.document_id
    assert second.message is not None
    assert second.message.status == "pending"
    text = pdf_text(first.pdf)
    assert str(invoice.kid) in text
    assert "1234.56.78903" in text
    assert "1 000,00" in text
    store.path_for(first.sha256).unlink()
    again, name = fu.document_pdf(cid, first.document_id)
    assert again == first.pdf
    assert name == f"faktura-{invoice.number}.pdf"
    note = books.credit_invoice(cid, invoice.id, actor="t")
    credit = fu.invoice_pdf(cid, note.id, actor="t")
    assert "KREDITNOTA" in pdf_text(credit.pdf)
    assert credit.filename == f"kreditnota-{note.number}.pdf"
    with pytest.raises(NotFound):
        fu.document_pdf(cid, 9999)
    draft = books.create_invoice(cid, customer_number=invoice.customer_number,
                                 lines=[LineDraft("x", 1000, 100, VatCode.EXEMPT)], actor="t")  # fmt: skip
    with pytest.raises(StateError):
        fu.invoice_pdf(cid, draft.id, actor="t")


def test_messages_can_be_marked_by_the_mailer(fu: FollowUp, books: Books, cid: int) -> None:
    issue(books, cid, customer(books, cid), due=D(2026, 11, 1))
    (message,) = js(fu.remind(cid, actor="t"))["messages"]
    assert [m["id"] for m in js(fu.messages(cid, status="pending"))] == [message["id"]]
    fu.mark_message(cid, message["id"], status="sent")
    assert js(fu.messages(cid, status="pending")) == []
    with pytest.raises(ValidationError):
        fu.mark_message(cid, message["id"], status="lost")


def test_one_letter_per_invoice_kind_and_day_in_the_schema(
    fu: FollowUp, books: Books, cid: int, engine: Engine
) -> None:
    issue(books, cid, customer(books, cid), due=D(2026, 11, 1))
    fu.remind(cid, actor="t")
    with engine.connect() as conn:
        row = conn.execute(text("SELECT * FROM followup_document")).mappings().one()
    columns = ", ".join(k for k in row if k != "id")
    values = ", ".join(f":{k}" for k in row if k != "id")
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text(f"INSERT INTO followup_document ({columns}) VALUES ({values})"),
                     {k: v for k, v in row.items() if k != "id"})  # fmt: skip
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text("UPDATE followup_document SET deadline = NULL"))
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text("INSERT INTO followup_hold (company_id, reason, created_at, actor)"
                          " VALUES (:c, 'x', '2026-11-25 00:00:00', 't')"), {"c": cid})  # fmt: skip


def test_recorded_content_is_json_and_audited(
    fu: FollowUp, books: Books, cid: int, engine: Engine
) -> None:
    issue(books, cid, customer(books, cid), due=D(2026, 11, 1))
    fu.remind(cid, actor="t")
    with session_factory(engine)() as s:
        doc = s.scalars(select(FollowupDocument)).one()
        content = json.loads(doc.content)
        assert content["kind"] == "reminder"
        assert content["fees"] == [{"kind": "reminder", "sent_on": "2026-11-25", "fee_ore": 3800}]
        actions = set(s.scalars(select(AuditEntry.action)))
    assert {"followup.reminder", "followup.run.reminder"} <= actions


def test_interest_fraction_sanity() -> None:
    assert exact_interest(365, 10000, 1) == Fraction(1)
