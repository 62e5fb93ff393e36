"""Demo data for a first start: a company, customers, issued invoices, a credit note."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from reskontro.cli.common import console, nok, table
from reskontro.domain.invoice import LineDraft
from reskontro.domain.vat import VatCode

if TYPE_CHECKING:
    from reskontro.cli.common import Context
    from reskontro.services.invoicing.views import InvoiceView

DEMO_ACTOR = "demo"


def seed(ctx: Context, today: dt.date) -> int:
    """Create the demo company and its books; return the company id."""
    books = ctx.books
    company = books.create_company(
        name="Fjordkraft Regnskap Demo AS",
        org_number="123456785",
        account="12345678903",
        vat_registered=True,
        foretaksregisteret=True,
        address="Storgata 1, 0155 Oslo",
        actor=DEMO_ACTOR,
    )
    cid = company.id
    customers = [
        books.create_customer(cid, name=name, email=email, actor=DEMO_ACTOR, org_number=org)
        for name, email, org in (
            ("Bakeriet på Hjørnet AS", "post@bakeriet.example", "987654325"),
            ("Ærlige Øl og Ål ANS", "faktura@aol.example", None),
            ("Kari Nordmann", "kari@example.com", None),
            ("Solsiden Barnehage SA", "regnskap@solsiden.example", None),
        )
    ]
    catalogue = [
        LineDraft("Regnskapsføring, måned", 1000, 450000, VatCode.STANDARD),
        LineDraft("Lønnskjøring", 3000, 35000, VatCode.STANDARD),
        LineDraft("Årsoppgjør", 1000, 1250000, VatCode.STANDARD),
        LineDraft("Kurs: Fakturering med KID", 2000, 99000, VatCode.EXEMPT),
        LineDraft("Rådgivning, time", 2500, 125000, VatCode.STANDARD),
    ]
    issued = []
    for i in range(12):
        customer = customers[i % len(customers)]
        lines = [catalogue[i % len(catalogue)], catalogue[(i + 2) % len(catalogue)]]
        day = today - dt.timedelta(days=75 - 6 * i)
        draft = books.create_invoice(
            cid, customer_number=customer.number, lines=lines, actor=DEMO_ACTOR
        )
        issued.append(books.issue_invoice(cid, draft.id, issue_date=day, actor=DEMO_ACTOR))
    books.credit_invoice(
        cid,
        issued[2].id,
        lines=((1, 1000),),
        issue_date=today,
        reason="Feilfakturert",
        actor=DEMO_ACTOR,
    )
    books.create_invoice(
        cid,
        customer_number=customers[0].number,
        lines=[catalogue[4]],
        actor=DEMO_ACTOR,
    )
    import_demo_payments(ctx, cid, issued, today)
    return int(cid)


def import_demo_payments(
    ctx: Context, company_id: int, issued: list[InvoiceView], today: dt.date
) -> None:
    """Book a Nets OCR file that pays some demo invoices in full, some in part, one too
    much, and carries one payment whose KID names no invoice (it waits in the inbox)."""
    from reskontro.clock import SystemClock
    from reskontro.services.payments import PaymentImporter
    from reskontro.storage.filestore import FileStore
    from reskontro.testing.ocr import Pay, ocr_file

    def total(i: int) -> int:
        return issued[i].total_ore

    def kid(i: int) -> str:
        return str(issued[i].kid)

    data = ocr_file(
        [
            Pay(total(0), kid(0), payer_account="12345678903"),
            Pay(total(1), kid(1)),
            Pay(total(3) // 2, kid(3)),
            Pay(total(4) + 10000, kid(4)),
            Pay(total(5), kid(5)),
            Pay(123400, "12345678902", payer_account="98765432103"),
        ],
        date=today - dt.timedelta(days=1),
        transmission_number="0000001",
    )
    PaymentImporter(ctx.sessions, SystemClock(), FileStore.of(ctx.sessions)).import_bytes(
        company_id, data, "demo-ocr.txt", actor=DEMO_ACTOR
    )


def run_demo(ctx: Context, *, fresh: bool = False) -> None:
    from reskontro.clock import SystemClock

    if fresh:
        from reskontro.storage.models import Base

        Base.metadata.drop_all(ctx.engine)
        with ctx.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        del ctx.__dict__["engine"]
    companies = ctx.books.companies()
    if not companies:
        console.print("First start: creating demo data ...")
        seed(ctx, SystemClock().today())
        companies = ctx.books.companies()
    company_id = companies[0].id
    views = ctx.books.invoices(company_id, limit=50)
    table(
        f"Invoices of {companies[0].name}",
        ["Number", "Customer", "Date", "Due", "KID", "Status", "Total", "Open"],
        (
            (
                v.number or "draft",
                v.customer_name,
                v.invoice_date,
                v.due_date,
                v.kid,
                v.status,
                nok(v.total_ore),
                nok(v.open_ore),
            )
            for v in views
        ),
    )
    console.print(f"Database: {ctx.engine.url!r}. Try `reskontro --help`.")
