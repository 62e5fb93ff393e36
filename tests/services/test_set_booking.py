"""Set-based booking (issue 11, Build 4) against its specification, on both engines.

:func:`reskontro.domain.matching.match_payment` stays the specification: generated OCR
files (several payments to one invoice in a file, part, over, exact and tolerance
boundaries, reversals of all, part and more than was paid, paid and credited invoices,
unknown KIDs) are imported — the plain payments go through the set-based SQL of
:mod:`reskontro.services.payments.booking_sql`, the rest through Python — and the
bookings must be those of ``match_payment`` applied payment by payment, in file order,
with :func:`settle`: outcome, detail, invoice, customer, amounts, reason code, the
invoices' amounts and status, the summary and the kept figures.

The invoice status the SQL writes (:func:`status_sql`) is the Python rule's.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from reskontro.domain import kid as kidlib
from reskontro.domain.invoice import LineDraft
from reskontro.domain.matching import Outcome, match_payment, reason_of
from reskontro.domain.settlement import Amounts, invoice_status, settle
from reskontro.domain.vat import VatCode
from reskontro.services.payments import PaymentImporter, set_policy
from reskontro.services.payments.booking_sql import status_sql
from reskontro.services.payments.views import reasons_of
from reskontro.storage import figures
from reskontro.storage.filestore import FileStore
from reskontro.storage.models import Invoice, Payment
from reskontro.testing.ocr import Pay, ocr_file

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.engine import Engine

    from reskontro.clock import FixedClock
    from reskontro.services.invoicing.books import Books

SLOW = settings(
    max_examples=25,
    deadline=None,
    # Each example books a file; shrinking one takes minutes, so the failing example
    # is reported as found.
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: What a generated payment does to the open amount of its invoice as first issued.
KINDS = (
    "exact", "part", "over", "short_tol", "short_tol_plus_1", "over_tol", "over_tol_plus_1",
    "reverse_all", "reverse_part", "reverse_more", "unknown",
)  # fmt: skip
#: What was done to an invoice before the file.
BEFORE = ("open", "part_paid", "paid", "credited")


@dataclass
class ModelInvoice:
    """An invoice as :func:`match_payment` and :func:`settle` see it."""

    invoice_id: int
    customer_id: int
    number: int
    total_ore: int
    settled_ore: int
    paid_ore: int
    credited_ore: int
    status: str
    currency: str = "NOK"
    charges_ore: int = 0
    charges_settled_ore: int = 0
    charges_paid_ore: int = 0


def _amount(kind: str, inv: ModelInvoice, tolerance: int) -> int:
    open_ore = inv.total_ore - inv.settled_ore
    paid = max(inv.paid_ore, 1)
    return {
        "exact": open_ore,
        "part": open_ore // 3,
        "over": open_ore + 1000,
        "short_tol": open_ore - tolerance,
        "short_tol_plus_1": open_ore - tolerance - 1,
        "over_tol": open_ore + tolerance,
        "over_tol_plus_1": open_ore + tolerance + 1,
        "reverse_all": -paid,
        "reverse_part": -max(paid // 2, 1),
        "reverse_more": -(paid + 1),
    }[kind] or 1


def test_set_based_booking_is_match_payment(
    books: Books, clock: FixedClock, tmp_path: Path
) -> None:
    cid = books.create_company(
        name="Mengde AS", org_number="123456785", account="12345678903",
        vat_registered=True, actor="t",
    ).id  # fmt: skip
    customer = books.create_customer(cid, name="A", actor="t")
    importer = PaymentImporter(books.sessions, clock, FileStore(tmp_path / "files"))
    serial = itertools.count(1)

    def file_of(pays: list[Pay], n: int) -> bytes:
        # A date and transmission of its own per file: nothing is a repeat of another.
        day = dt.date(2026, 1, 1) + dt.timedelta(days=n)
        return ocr_file(pays, date=day, transmission_number=f"{n:07d}")

    def read(invoice_ids: list[int]) -> dict[int, ModelInvoice]:
        with books.sessions() as session:
            rows = session.scalars(select(Invoice).where(Invoice.id.in_(invoice_ids))).all()
            return {
                i.id: ModelInvoice(
                    i.id,
                    i.customer_id,
                    int(i.number or 0),
                    i.total_ore,
                    i.settled_ore,
                    i.paid_ore,
                    i.credited_ore,
                    i.status,
                )
                for i in rows
            }

    @SLOW
    @given(
        tolerance=st.sampled_from([0, 1, 50]),
        prices=st.lists(st.integers(1, 40000), min_size=1, max_size=4),
        before=st.lists(st.sampled_from(BEFORE), min_size=4, max_size=4),
        plan=st.lists(
            st.tuples(st.integers(0, 3), st.sampled_from(KINDS)), min_size=1, max_size=10
        ),
    )
    def check(
        tolerance: int, prices: list[int], before: list[str], plan: list[tuple[int, str]]
    ) -> None:
        set_policy(books.sessions, clock, cid, tolerance_ore=tolerance, actor="t")
        issued = []
        for price in prices:
            draft = books.create_invoice(
                cid, customer_number=customer.number,
                lines=[LineDraft("x", 1000, price * 4, VatCode.STANDARD)], actor="t",
            )  # fmt: skip
            issued.append(books.issue_invoice(cid, draft.id, issue_date=clock.today(), actor="t"))
        kids = {inv.id: str(inv.kid) for inv in issued}
        first = []
        for inv, state in zip(issued, before, strict=False):
            if state == "part_paid":
                first.append(Pay(inv.total_ore // 2, inv.kid))
            elif state == "paid":
                first.append(Pay(inv.total_ore, inv.kid))
            elif state == "credited":
                books.credit_invoice(cid, inv.id, actor="t")
        if first:
            n = next(serial)
            assert importer.import_bytes(cid, file_of(first, n), f"f{n}", actor="t").status == (
                "imported"
            )
        model = read([inv.id for inv in issued])
        as_issued = {i: ModelInvoice(**vars(m)) for i, m in model.items()}
        by_kid = {kids[i]: m for i, m in model.items()}
        pays = []
        for index, kind in plan:
            if kind == "unknown":
                pays.append(
                    Pay(1000 + index, kidlib.generate(f"9{next(serial):09d}", kidlib.Modulus.MOD10))
                )
                continue
            target = as_issued[issued[index % len(issued)].id]
            pays.append(Pay(_amount(kind, target, tolerance), kids[target.invoice_id]))
        net = sum(p.amount_ore for p in pays)
        if net < 0:  # an OCR file's net total is never negative
            pays.append(
                Pay(1000 - net, kidlib.generate(f"9{next(serial):09d}", kidlib.Modulus.MOD10))
            )
        # The specification: match_payment, payment by payment, in file order.
        expected = []
        for pay in pays:
            named = by_kid.get(str(pay.kid))
            r = match_payment(pay.amount_ore, pay.kid, named, tolerance_ore=tolerance)
            if named is not None and (r.allocated_ore or r.written_off_ore):
                settle(named, paid_ore=r.allocated_ore, written_off_ore=r.written_off_ore)
            expected.append(
                (r.outcome.value, r.detail.value, r.invoice_id, r.customer_id, r.allocated_ore,
                 r.written_off_ore, reason_of(r).code)
            )  # fmt: skip
        n = next(serial)
        summary = importer.import_bytes(cid, file_of(pays, n), f"f{n}", actor="t")
        assert summary.status == "imported"
        with books.sessions() as session:
            booked = session.execute(
                select(Payment, Invoice.number)
                .outerjoin(Invoice, Invoice.id == Payment.invoice_id)
                .where(Payment.bank_file_id == summary.file_id)
                .order_by(Payment.id)
            ).all()
            got = [
                (p.outcome, p.detail, p.invoice_id, p.customer_id, p.allocated_ore,
                 p.written_off_ore, next(iter(reasons_of(p, number))).code)
                for p, number in booked
            ]  # fmt: skip
            assert [p.invoice_amount_ore for p, _ in booked] == [e[4] for e in expected]
            assert figures.kept(session, cid) == figures.recompute(session, cid)
        assert got == expected
        after = read(list(model))
        for invoice_id, m in model.items():
            a = after[invoice_id]
            assert (a.settled_ore, a.paid_ore, a.status) == (m.settled_ore, m.paid_ore, m.status)
        outcomes = [e[0] for e in expected]
        assert (summary.matched, summary.partial, summary.overpaid, summary.reversed) == (
            outcomes.count(Outcome.MATCHED), outcomes.count(Outcome.PARTIAL),
            outcomes.count(Outcome.OVERPAID), outcomes.count(Outcome.REVERSED),
        )  # fmt: skip
        assert summary.amount_ore == sum(p.amount_ore for p in pays)

    check()


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    total=st.integers(0, 10_000),
    settled=st.integers(0, 10_000),
    paid=st.integers(0, 10_000),
    credited=st.integers(0, 10_000),
)
def test_status_in_sql_is_the_status_rule(
    engine: Engine, total: int, settled: int, paid: int, credited: int
) -> None:
    amounts = Amounts(total_ore=total, settled_ore=settled, paid_ore=paid, credited_ore=credited)
    expected = invoice_status(amounts).value
    with engine.connect() as conn:
        got = conn.execute(
            text("SELECT " + status_sql(str(total), str(credited), str(settled), str(paid)))
        ).scalar_one()
    assert got == expected
