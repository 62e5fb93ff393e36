"""The invoice ledger's use cases, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select

from reskontro.domain.invoice import LineDraft
from reskontro.domain.kid import Mod11Dash
from reskontro.domain.vat import VatCode
from reskontro.errors import (
    Conflict,
    InvalidKid,
    InvalidKidTemplate,
    InvalidNumber,
    NotFound,
    StateError,
    ValidationError,
)
from reskontro.i18n import render
from reskontro.jsonable import to_jsonable
from reskontro.services.invoicing.kid_settings import KidSettings
from reskontro.storage.models import AuditEntry

if TYPE_CHECKING:
    from reskontro.services.invoicing.books import Books
    from reskontro.services.invoicing.customers import CustomerView
    from reskontro.services.invoicing.views import CompanyView, InvoiceView

DAY = dt.date(2026, 11, 2)


def line(
    text: str = "Vare", qty: int = 1000, price: int = 10000, vat: VatCode = VatCode.STANDARD
) -> LineDraft:
    return LineDraft(text, qty, price, vat)


@pytest.fixture
def company(books: Books) -> CompanyView:
    return books.create_company(
        name="Test AS",
        org_number="123456785",
        account="12345678903",
        vat_registered=True,
        foretaksregisteret=True,
        actor="test",
    )


@pytest.fixture
def customer(books: Books, company: CompanyView) -> CustomerView:
    return books.create_customer(company.id, name="Kunde AS", email="k@example.com", actor="test")


def issue(
    books: Books, company: CompanyView, customer: CustomerView, *lines: LineDraft, **kw: Any
) -> InvoiceView:
    draft = books.create_invoice(
        company.id,
        customer_number=customer.number,
        lines=list(lines or [line()]),
        **kw,
        actor="t",
    )
    return books.issue_invoice(company.id, draft.id, issue_date=DAY, actor="t")


def test_company_validation(books: Books) -> None:
    with pytest.raises(InvalidNumber, match="organisation number"):
        books.create_company(name="X", org_number="123456789", account="12345678903", actor="t")
    with pytest.raises(InvalidNumber, match="bank account"):
        books.create_company(name="X", org_number="123456785", account="12345678901", actor="t")
    with pytest.raises(ValidationError, match="name"):
        books.create_company(name=" ", org_number="123456785", account="12345678903", actor="t")
    with pytest.raises(InvalidKidTemplate):
        books.create_company(
            name="X",
            org_number="123456785",
            account="12345678903",
            kid_template="{Foo:1}",
            actor="t",
        )


def test_company_org_number_unique(books: Books, company: CompanyView) -> None:
    with pytest.raises(Conflict, match="exists"):
        books.create_company(name="Y", org_number="123456785", account="12345678903", actor="t")
    assert books.resolve_company(None) == company.id
    books.create_company(name="Z", org_number="987654325", account="12345678903", actor="t")
    with pytest.raises(ValidationError, match="several companies"):
        books.resolve_company(None)
    with pytest.raises(NotFound):
        books.resolve_company(999)


def test_no_company_yet(books: Books) -> None:
    with pytest.raises(NotFound, match="company create"):
        books.resolve_company(None)


def test_customer_numbers_from_the_series(books: Books, company: CompanyView) -> None:
    a = books.create_customer(company.id, name="A", actor="t")
    b = books.create_customer(company.id, name="B", actor="t")
    assert (a.number, b.number) == (10000, 10001)
    c = books.create_customer(company.id, name="C", number=20000, actor="t")
    d = books.create_customer(company.id, name="D", actor="t")
    assert (c.number, d.number) == (20000, 20001)
    with pytest.raises(Conflict, match="taken"):
        books.create_customer(company.id, name="E", number=20000, actor="t")
    with pytest.raises(ValidationError, match="does not fit"):
        books.create_customer(company.id, name="F", number=100000, actor="t")
    with pytest.raises(InvalidNumber):
        books.create_customer(company.id, name="G", org_number="111", actor="t")
    assert [c.number for c in books.customers(company.id)] == [10000, 10001, 20000, 20001]


def test_issue_gives_number_kid_due_date_and_freezes(
    books: Books, company: CompanyView, customer: CustomerView
) -> None:
    draft = books.create_invoice(
        company.id,
        customer_number=customer.number,
        lines=[line("Konsulent", 2000, 125050), line("Bok", 1000, 10000, VatCode.EXEMPT)],
        terms_days=10,
        actor="t",
    )
    assert draft.status == "draft"
    assert draft.number is None
    assert (draft.net_ore, draft.vat_ore, draft.total_ore) == (260100, 62525, 322625)
    issued = books.issue_invoice(company.id, draft.id, issue_date=DAY, actor="t")
    assert issued.number == 1
    assert issued.kid == "10000000017"
    assert str(issued.due_date) == "2026-11-12"
    assert issued.status == "open"
    with pytest.raises(StateError, match="already issued"):
        books.issue_invoice(company.id, draft.id, actor="t")
    with pytest.raises(StateError, match="never be deleted"):
        books.delete_draft(company.id, draft.id, actor="t")
    shown = books.invoice(company.id, draft.id)
    assert to_jsonable(shown.kid_decoded) == {"customer_number": 10000, "invoice_number": 1}


def test_default_terms_and_explicit_due(
    books: Books, company: CompanyView, customer: CustomerView
) -> None:
    assert str(issue(books, company, customer).due_date) == "2026-11-16"
    assert str(issue(books, company, customer, due=dt.date(2026, 12, 24)).due_date) == "2026-12-24"
    draft = books.create_invoice(
        company.id,
        customer_number=customer.number,
        lines=[line()],
        due=dt.date(2026, 11, 1),
        actor="t",
    )
    with pytest.raises(ValidationError, match="before the issue date"):
        books.issue_invoice(company.id, draft.id, issue_date=DAY, actor="t")


def test_drafts_can_be_deleted_and_leave_no_gap(
    books: Books, company: CompanyView, customer: CustomerView
) -> None:
    draft = books.create_invoice(
        company.id, customer_number=customer.number, lines=[line()], actor="t"
    )
    books.delete_draft(company.id, draft.id, actor="t")
    with pytest.raises(NotFound):
        books.invoice(company.id, draft.id)
    assert issue(books, company, customer).number == 1


def test_invoice_input_rules(books: Books, company: CompanyView, customer: CustomerView) -> None:
    cid = company.id
    with pytest.raises(ValidationError, match="at least one line"):
        books.create_invoice(cid, customer_number=customer.number, lines=[], actor="t")
    with pytest.raises(NotFound, match="customer"):
        books.create_invoice(cid, customer_number=5, lines=[line()], actor="t")
    with pytest.raises(ValidationError, match="credit note"):
        books.create_invoice(
            cid, customer_number=customer.number, lines=[line(price=-1)], actor="t"
        )
    with pytest.raises(ValidationError, match="either"):
        books.create_invoice(
            cid,
            customer_number=customer.number,
            lines=[line()],
            due=DAY,
            terms_days=3,
            actor="t",
        )


def test_not_vat_registered_cannot_charge_vat(books: Books) -> None:
    company = books.create_company(
        name="Liten", org_number="987654325", account="12345678903", actor="t"
    )
    customer = books.create_customer(company.id, name="K", actor="t")
    with pytest.raises(ValidationError, match="not VAT registered"):
        books.create_invoice(company.id, customer_number=customer.number, lines=[line()], actor="t")
    books.create_invoice(
        company.id,
        customer_number=customer.number,
        lines=[line(vat=VatCode.EXEMPT)],
        actor="t",
    )


def test_credit_whole_invoice(books: Books, company: CompanyView, customer: CustomerView) -> None:
    inv = issue(books, company, customer, line("A", 3000, 333), line("B", 1000, 999, VatCode.FOOD))
    note = books.credit_invoice(company.id, inv.id, issue_date=DAY, actor="t")
    assert note.kind == "credit_note"
    assert note.number == 2
    assert note.kid is None
    assert note.total_ore == -inv.total_ore
    assert note.credits_invoice_id == inv.id
    after = books.invoice(company.id, inv.id)
    assert after.status == "credited"
    assert after.open_ore == 0
    assert to_jsonable(after.credit_notes) == [
        {"id": note.id, "number": 2, "total_ore": note.total_ore}
    ]
    with pytest.raises(StateError, match="wholly credited"):
        books.credit_invoice(company.id, inv.id, actor="t")
    with pytest.raises(StateError, match="credit note cannot"):
        books.credit_invoice(company.id, note.id, actor="t")


def test_credit_in_parts_adds_up_exactly(
    books: Books, company: CompanyView, customer: CustomerView
) -> None:
    inv = issue(
        books,
        company,
        customer,
        line("A", 3000, 333),
        line("B", 1000, 125050),
        line("C", 3000, 333, VatCode.FOOD),
    )
    n1 = books.credit_invoice(company.id, inv.id, lines=((1, 1500), (3, 1000)), actor="t")
    n2 = books.credit_invoice(company.id, inv.id, lines=((1, 1500),), actor="t")
    mid = books.invoice(company.id, inv.id)
    assert mid.status == "open"
    assert mid.open_ore == inv.total_ore + n1.total_ore + n2.total_ore
    n3 = books.credit_invoice(company.id, inv.id, actor="t")
    assert n1.total_ore + n2.total_ore + n3.total_ore == -inv.total_ore
    assert books.invoice(company.id, inv.id).status == "credited"
    with pytest.raises(ValidationError, match="never credit more"):
        books.credit_invoice(company.id, inv.id, lines=((1, 1),), actor="t")


def test_credit_more_than_a_line_is_refused(
    books: Books, company: CompanyView, customer: CustomerView
) -> None:
    inv = issue(books, company, customer, line("A", 2000, 100))
    with pytest.raises(ValidationError, match="never credit more"):
        books.credit_invoice(company.id, inv.id, lines=((1, 2001),), actor="t")
    with pytest.raises(ValidationError, match="no line 2"):
        books.credit_invoice(company.id, inv.id, lines=((2, 1),), actor="t")


def test_a_draft_is_not_credited(
    books: Books, company: CompanyView, customer: CustomerView
) -> None:
    draft = books.create_invoice(
        company.id, customer_number=customer.number, lines=[line()], actor="t"
    )
    with pytest.raises(StateError, match="draft"):
        books.credit_invoice(company.id, draft.id, actor="t")


def test_ledger_shows_open_items(
    books: Books, company: CompanyView, customer: CustomerView
) -> None:
    a = issue(books, company, customer, line("A", 1000, 10000))
    b = issue(books, company, customer, line("B", 1000, 20000))
    books.credit_invoice(company.id, a.id, actor="t")
    ledger = books.ledger(company.id, customer.number)
    assert [i.number for i in ledger.items] == [b.number]
    assert ledger.balance_ore == b.total_ore


def test_list_and_filter(books: Books, company: CompanyView, customer: CustomerView) -> None:
    a = issue(books, company, customer)
    issue(books, company, customer)
    books.credit_invoice(company.id, a.id, actor="t")
    statuses = [v.status for v in books.invoices(company.id)]
    assert statuses == ["credited", "open", "credited"]
    assert [v.number for v in books.invoices(company.id, status="credited")] == [3, 1]
    assert len(books.invoices(company.id, customer_number=customer.number, limit=2)) == 2
    with pytest.raises(ValidationError, match="status must be one of") as refused:
        books.invoices(company.id, status="lost")
    assert refused.value.field == "status"  # the CLI names it as --status; the text never


def test_kid_template_change_applies_to_new_invoices_only(
    books: Books, company: CompanyView, customer: CustomerView
) -> None:
    first = issue(books, company, customer)
    books.set_kid_settings(
        company.id,
        KidSettings(True, "{CustomerNo:8}{InvoiceNo:7}", 11, Mod11Dash.ALLOW),
        actor="t",
    )
    second = issue(books, company, customer)
    assert len(first.kid or "") == 11
    assert len(second.kid or "") == 16
    assert books.invoice(company.id, first.id).kid == first.kid
    assert to_jsonable(books.invoice(company.id, first.id))["kid_decoded"]["invoice_number"] == 1
    assert to_jsonable(books.invoice(company.id, second.id))["kid_decoded"]["invoice_number"] == 2
    books.set_kid_settings(
        company.id, KidSettings(False, "{CustomerNo:8}{InvoiceNo:7}", 10), actor="t"
    )
    assert issue(books, company, customer).kid is None


def test_kid_template_checked_against_series_in_use(
    books: Books, company: CompanyView, customer: CustomerView
) -> None:
    del customer
    with pytest.raises(ValidationError, match="CustomerNo 10001"):
        books.set_kid_settings(
            company.id, KidSettings(True, "{CustomerNo:4}{InvoiceNo:5}", 10), actor="t"
        )
    problems = books.check_kid_settings(
        company.id,
        KidSettings(True, "{CustomerNo:8}{InvoiceNo:7}", 10, avtalegiro_customer_position=(9, 15)),
    )
    assert any("positions 9-15" in render(p, "en") for p in problems)
    assert (
        books.check_kid_settings(
            company.id,
            KidSettings(
                True, "{CustomerNo:8}{InvoiceNo:7}", 10, avtalegiro_customer_position=(3, 8)
            ),
        )
        == []
    )
    assert books.check_kid_settings(company.id, KidSettings(True, "{Bad}", 10))
    tight = books.check_kid_settings(
        company.id,
        KidSettings(True, "{CustomerNo:8}{InvoiceNo:7}", 10, avtalegiro_customer_position=(6, 8)),
    )
    assert any("does not fit in positions 6-8" in render(p, "en") for p in tight)


def test_kid_overflow_at_issue_is_an_error_and_leaves_no_gap(books: Books) -> None:
    company = books.create_company(
        name="X", org_number="123456785", account="12345678903", vat_registered=True,
        kid_template="{CustomerNo:5}{InvoiceNo:1}", first_invoice_number=9, actor="t",
    )  # fmt: skip
    customer = books.create_customer(company.id, name="K", actor="t")
    assert issue(books, company, customer).number == 9
    draft = books.create_invoice(
        company.id, customer_number=customer.number, lines=[line()], actor="t"
    )
    with pytest.raises(InvalidKid, match="InvoiceNo 10 has 2 digits"):
        books.issue_invoice(company.id, draft.id, actor="t")
    assert books.company(company.id).next_invoice_number == 10
    assert books.invoice(company.id, draft.id).status == "draft"


def test_every_change_is_audited(
    books: Books, company: CompanyView, customer: CustomerView
) -> None:
    inv = issue(books, company, customer)
    books.credit_invoice(company.id, inv.id, actor="kari")
    with books.sessions() as session:
        actions = [a.action for a in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert actions == [
        "company.create",
        "customer.create",
        "invoice.create",
        "invoice.issue",
        "invoice.credit",
    ]
    assert last is not None
    assert last.actor == "kari"


def test_a_drafts_own_date_is_kept_at_issue(
    books: Books, company: CompanyView, customer: CustomerView
) -> None:
    """``invoice create --date`` ("else the issue date"): the draft's date is the
    invoice's; a date given at issue wins; a draft without one gets the issue date."""
    dated = books.create_invoice(
        company.id, customer_number=customer.number, lines=[line("Konsulent", 1000, 10000)],
        invoice_date=dt.date(2026, 10, 28), actor="t",
    )  # fmt: skip
    assert books.issue_invoice(company.id, dated.id, actor="t").invoice_date == dt.date(
        2026, 10, 28
    )
    plain = books.create_invoice(
        company.id, customer_number=customer.number, lines=[line("Bok", 1000, 5000)], actor="t"
    )
    issued = books.issue_invoice(company.id, plain.id, issue_date=DAY, actor="t")
    assert issued.invoice_date == DAY
