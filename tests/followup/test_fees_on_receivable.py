"""Fees (and interest) are claims on the receivable: open items of their invoice, paid
by the same KID, shown on the ledger and in the aging, waivable; on both engines."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode
from reskontro.errors import ValidationError
from reskontro.jsonable import to_jsonable as js
from reskontro.services.followup import FollowUp
from reskontro.services.payments import PaymentImporter
from reskontro.services.payments.charges import set_payment_order, waive_fees
from reskontro.storage import figures
from reskontro.storage.db import session_factory
from reskontro.storage.filestore import FileStore
from reskontro.storage.models import AuditEntry
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.engine import Engine

    from reskontro.clock import FixedClock
    from reskontro.services.invoicing.books import Books
    from reskontro.services.invoicing.views import InvoiceView

D = dt.date


@pytest.fixture
def fu(engine: Engine, clock: FixedClock, tmp_path: Path) -> FollowUp:
    return FollowUp(session_factory(engine), clock, FileStore(tmp_path / "files"))


@pytest.fixture
def cid(books: Books) -> int:
    company = books.create_company(
        name="Fjordkraft Regnskap AS", org_number="123456785", account="12345678903",
        vat_registered=True, address="Storgata 1, 0155 Oslo", actor="t",
    )  # fmt: skip
    return int(company.id)


def issue(books: Books, cid: int, number: int, price: int, due: dt.date) -> InvoiceView:
    draft = books.create_invoice(
        cid, customer_number=number, due=due,
        lines=[LineDraft("Rådgivning", 1000, price, VatCode.EXEMPT)], actor="t",
    )  # fmt: skip
    return books.issue_invoice(cid, draft.id, issue_date=due - dt.timedelta(days=14), actor="t")


def at(clock: FixedClock, day: dt.date) -> None:
    clock.at = dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=dt.UTC)


def test_principal_and_fee_paid_by_ocr_settle_both_and_follow_up_goes_on(
    fu: FollowUp, books: Books, cid: int, clock: FixedClock, tmp_path: Path
) -> None:
    number = int(books.create_customer(cid, name="Kunde AS", email="k@x.example", actor="t").number)
    paid = issue(books, cid, number, 431423, D(2026, 11, 1))
    other = issue(books, cid, number, 100000, D(2026, 11, 2))
    letters = js(fu.remind(cid, actor="t"))["letters"]  # 25.11: a fee on each
    assert [(x["fee_ore"], x["amount_due_ore"]) for x in letters] == [
        (3800, 435223), (3800, 103800),
    ]  # fmt: skip
    # The fee is an open item of its invoice: on the invoice, the ledger and the aging.
    view = books.invoice(cid, paid.id)
    assert (view.status, view.open_ore, view.charges_open_ore) == ("open", 435223, 3800)
    assert [(c.kind, c.open_ore) for c in view.charges] == [("reminder_fee", 3800)]
    ledger = books.ledger(cid, number)
    assert ledger.balance_ore == 431423 + 100000 + 2 * 3800
    assert [i.type for i in ledger.items] == [
        "invoice", "reminder_fee", "invoice", "reminder_fee",
    ]  # fmt: skip
    aging = js(fu.aging(cid))["customers"][0]
    assert (aging["balance_ore"], aging["charges_ore"]) == (ledger.balance_ore, 7600)

    # 4 352,23 with the invoice's KID: the invoice and its fee are paid, no credit.
    importer = PaymentImporter(books.sessions, clock, FileStore(tmp_path / "in"))
    summary = importer.import_bytes(cid, ocr_file([Pay(435223, paid.kid)]), "o.txt", actor="t")
    assert (summary.matched, summary.overpaid, summary.partial) == (1, 0, 0)
    view = books.invoice(cid, paid.id)
    assert (view.status, view.open_ore, view.paid_ore) == ("paid", 0, 435223)
    assert view.charges[0].paid_ore == 3800
    ledger = books.ledger(cid, number)
    assert ledger.balance_ore == 103800  # the other invoice and its fee; no credit
    assert all(i.type != "payment" for i in ledger.items)

    # The other overdue invoice is still followed up: no "customer credit" skip.
    at(clock, D(2026, 12, 13))
    # Today's bank file (a payment with an unknown KID, for the inbox): payments are in.
    today = ocr_file([Pay(100, "12345678902")], transmission_number="1000003", date=D(2026, 12, 13))
    assert importer.import_bytes(cid, today, "q.txt", actor="t").status == "imported"
    notice = js(fu.collect(cid, actor="t"))
    assert [x["invoice_id"] for x in notice["letters"]] == [other.id]
    assert notice["letters"][0]["amount_due_ore"] == 100000 + 2 * 3800
    assert "customer_credit" not in [s["code"] for s in notice["skipped"]]

    # Paying the rest by the KID (principal + both fees) leaves nothing.
    summary = importer.import_bytes(
        cid,
        ocr_file([Pay(107600, other.kid)], transmission_number="1000002", date=D(2026, 11, 21)),
        "p.txt",
        actor="t",
    )
    assert summary.matched == 1
    assert books.ledger(cid, number).balance_ore == 0
    assert books.invoice(cid, other.id).status == "paid"
    # The kept figures (dashboard) moved with the fees, by the ORM and by the import.
    with books.sessions() as s:
        assert figures.kept(s, cid) == figures.recompute(s, cid)


def test_part_payment_goes_to_fees_first_unless_the_company_says_otherwise(
    fu: FollowUp, books: Books, cid: int, clock: FixedClock, tmp_path: Path
) -> None:
    number = int(books.create_customer(cid, name="Kunde AS", actor="t").number)
    first = issue(books, cid, number, 100000, D(2026, 11, 1))
    second = issue(books, cid, number, 100000, D(2026, 11, 1))
    fu.remind(cid, actor="t")
    importer = PaymentImporter(books.sessions, clock, FileStore(tmp_path / "in"))
    importer.import_bytes(cid, ocr_file([Pay(5000, first.kid)]), "a.txt", actor="t")
    view = books.invoice(cid, first.id)
    assert (view.principal_open_ore, view.charges_open_ore) == (100000 - 1200, 0)
    assert view.status == "partially_paid"
    order = set_payment_order(books.sessions, clock, cid, "principal_fees_interest", actor="t")
    assert order == "principal_fees_interest"
    importer.import_bytes(
        cid,
        ocr_file([Pay(5000, second.kid)], transmission_number="1000002", date=D(2026, 11, 21)),
        "b.txt",
        actor="t",
    )
    view = books.invoice(cid, second.id)
    assert (view.principal_open_ore, view.charges_open_ore) == (95000, 3800)
    with pytest.raises(ValidationError) as bad:
        set_payment_order(books.sessions, clock, cid, "whatever", actor="t")
    assert bad.value.field == "order"


def test_a_fee_can_be_waived_and_it_is_audited(
    fu: FollowUp, books: Books, cid: int, clock: FixedClock, engine: Engine
) -> None:
    number = int(books.create_customer(cid, name="Kunde AS", actor="t").number)
    invoice = issue(books, cid, number, 100000, D(2026, 11, 1))
    fu.remind(cid, actor="t")
    with pytest.raises(ValidationError):
        waive_fees(books.sessions, clock, cid, invoice.id, reason=" ", actor="t")
    done = waive_fees(books.sessions, clock, cid, invoice.id, reason="goodwill", actor="kari")
    assert (done.amount_ore, done.owed_ore, done.status) == (3800, 100000, "open")
    (charge,) = books.invoice(cid, invoice.id).charges
    assert (charge.open_ore, charge.waived_by, charge.waive_reason) == (
        0, "kari", "goodwill",
    )  # fmt: skip
    assert books.ledger(cid, number).balance_ore == 100000
    with books.sessions() as s:
        assert figures.kept(s, cid) == figures.recompute(s, cid)
    with pytest.raises(ValidationError):  # nothing left to waive
        waive_fees(books.sessions, clock, cid, invoice.id, reason="again", actor="t")
    with session_factory(engine)() as s:
        actions = [a.action for a in s.query(AuditEntry).filter_by(object_id=invoice.id)]
    assert "invoice.waive_fee" in actions
    # The next letter asks for the principal only (the waived fee is not asked again).
    at(clock, D(2026, 12, 13))
    notice = js(fu.collect(cid, actor="t"))["letters"][0]
    assert notice["amount_due_ore"] == 100000 + 3800
