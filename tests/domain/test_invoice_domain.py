from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reskontro.domain.invoice import (
    CreditableLine,
    InvoiceKind,
    InvoiceStatus,
    LineDraft,
    credit_amounts,
    due_date,
    plan_credit,
    status_of,
)
from reskontro.domain.vat import VatCode, VatLine, compute_totals, line_net
from reskontro.errors import StateError, ValidationError

D = dt.date(2026, 11, 25)


def test_due_date() -> None:
    assert due_date(D) == dt.date(2026, 12, 9)
    assert due_date(D, terms_days=30) == dt.date(2026, 12, 25)
    assert due_date(D, due=dt.date(2027, 1, 1)) == dt.date(2027, 1, 1)
    with pytest.raises(ValidationError, match="before"):
        due_date(D, due=dt.date(2026, 11, 1))
    with pytest.raises(ValidationError, match="either"):
        due_date(D, due=D, terms_days=1)
    with pytest.raises(ValidationError, match="0 to 365"):
        due_date(D, terms_days=-1)


def _status(**kw: object) -> InvoiceStatus:
    args: dict[str, object] = {
        "issued": True,
        "kind": InvoiceKind.INVOICE,
        "total_ore": 1000,
        "paid_ore": 0,
        "credited_ore": 0,
        "open_ore": 1000,
    }
    args.update(kw)
    return status_of(**args)  # type: ignore[arg-type]


def test_status() -> None:
    assert _status(issued=False) is InvoiceStatus.DRAFT
    assert _status() is InvoiceStatus.OPEN
    assert _status(paid_ore=400, open_ore=600) is InvoiceStatus.PARTIALLY_PAID
    assert _status(paid_ore=1000, open_ore=0) is InvoiceStatus.PAID
    assert _status(credited_ore=1000, open_ore=0) is InvoiceStatus.CREDITED
    assert _status(credited_ore=300, open_ore=700) is InvoiceStatus.OPEN
    assert _status(paid_ore=1000, credited_ore=1000, open_ore=0) is InvoiceStatus.CREDITED
    assert _status(kind=InvoiceKind.CREDIT_NOTE, total_ore=-5, open_ore=-5) is InvoiceStatus.OPEN
    assert _status(kind=InvoiceKind.CREDIT_NOTE, total_ore=-5, open_ore=0) is InvoiceStatus.CREDITED


def test_line_draft_checks() -> None:
    with pytest.raises(ValidationError, match="text"):
        LineDraft(" ", 1000, 100, VatCode.STANDARD)
    with pytest.raises(ValidationError, match="zero"):
        LineDraft("x", 0, 100, VatCode.STANDARD)
    assert LineDraft("x", 1500, 333, VatCode.STANDARD).net_ore == 500


def _line(
    i: int, qty: int, price: int, credited: int = 0, code: VatCode = VatCode.STANDARD
) -> CreditableLine:
    net = line_net(qty, price)
    return CreditableLine(
        i,
        i,
        f"line {i}",
        qty,
        price,
        code,
        credited,
        net,
        line_net(credited, price) if credited < qty else net,
    )


def test_plan_credit_whole_and_parts() -> None:
    lines = (_line(1, 2000, 100), _line(2, 1000, 50, credited=1000))
    assert [(ln.position, q) for ln, q in plan_credit(lines, None)] == [(1, 2000)]
    assert [(ln.position, q) for ln, q in plan_credit(lines, ((1, 500), (1, 500)))] == [(1, 1000)]
    with pytest.raises(ValidationError, match="never credit more"):
        plan_credit(lines, ((1, 2001),))
    with pytest.raises(ValidationError, match="never credit more"):
        plan_credit(lines, ((2, 1),))
    with pytest.raises(ValidationError, match="no line 3"):
        plan_credit(lines, ((3, 1),))
    with pytest.raises(ValidationError, match="positive"):
        plan_credit(lines, ((1, 0),))
    with pytest.raises(StateError, match="wholly credited"):
        plan_credit((_line(1, 1000, 1, credited=1000),), None)


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=20_000),
            st.integers(min_value=0, max_value=10**7),
            st.sampled_from(list(VatCode)),
        ),
        min_size=1,
        max_size=5,
    ),
    st.data(),
)
def test_crediting_in_parts_adds_up_to_the_invoice(
    raw: list[tuple[int, int, VatCode]], data: st.DataObject
) -> None:
    """However an invoice is credited in parts, the credit notes sum to it exactly."""
    nets = [line_net(q, p) for q, p, _ in raw]
    invoice_totals = compute_totals([(n, c) for n, (_, _, c) in zip(nets, raw, strict=True)])
    credited_qty = [0] * len(raw)
    credited_net = [0] * len(raw)
    credited_vat: dict[VatCode, int] = {}
    total_credited = 0
    for _ in range(10):
        lines = tuple(
            CreditableLine(i, i + 1, "x", q, p, c, credited_qty[i], nets[i], credited_net[i])
            for i, (q, p, c) in enumerate(raw)
        )
        remaining = [ln for ln in lines if ln.remaining_milli > 0]
        if not remaining:
            break
        requested = []
        for ln in remaining:
            if data.draw(st.booleans()):
                qty = data.draw(st.integers(min_value=1, max_value=ln.remaining_milli))
                requested.append((ln.position, qty))
        plan = plan_credit(lines, tuple(requested) if requested else None)
        line_nets, totals = credit_amounts(lines, plan, invoice_totals.by_code, dict(credited_vat))
        for (ln, qty), net in zip(plan, line_nets, strict=True):
            credited_qty[ln.line_id] += qty
            credited_net[ln.line_id] -= net
        for v in totals.by_code:
            credited_vat[v.code] = credited_vat.get(v.code, 0) - v.vat_ore
        total_credited -= totals.gross_ore
        assert totals.gross_ore <= 0
    lines = tuple(
        CreditableLine(i, i + 1, "x", q, p, c, credited_qty[i], nets[i], credited_net[i])
        for i, (q, p, c) in enumerate(raw)
    )
    if any(ln.remaining_milli > 0 for ln in lines):
        plan = plan_credit(lines, None)
        _, totals = credit_amounts(lines, plan, invoice_totals.by_code, dict(credited_vat))
        total_credited -= totals.gross_ore
    assert total_credited == invoice_totals.gross_ore


def test_credit_amounts_closes_rounding() -> None:
    # 3 × 3,33 kr at 25 %: invoice net 999, VAT 250 (249,75). Credit 1.5 then the rest.
    lines = (_line(0, 3000, 333),)
    invoice_vat = (VatLine(VatCode.STANDARD, 999, 250),)
    nets1, t1 = credit_amounts(lines, ((lines[0], 1500),), invoice_vat, {})
    assert nets1 == (-500,)
    assert (t1.net_ore, t1.vat_ore) == (-500, -125)
    after = (CreditableLine(0, 0, "x", 3000, 333, VatCode.STANDARD, 1500, 999, 500),)
    nets2, t2 = credit_amounts(after, ((after[0], 1500),), invoice_vat, {VatCode.STANDARD: 125})
    assert nets2 == (-499,)
    assert (t2.net_ore, t2.vat_ore) == (-499, -125)
    # a zero-quantity-left line cannot be credited twice; parts sum to the whole
    assert t1.gross_ore + t2.gross_ore == -(999 + 250)
