"""Invoices and credit notes: lines, totals, status, due dates and the credit rules.

An invoice is a *draft* until it is issued; issuing gives it the next number of the
company's gapless series and a KID, and freezes it: corrections are credit notes.
Status as users see it is derived, never stored as free text:

* ``draft``: not issued;
* ``open``: issued, nothing paid, something still open;
* ``partially_paid``: issued, something paid, something still open;
* ``paid``: nothing open, and not wholly credited;
* ``credited``: credit notes cover the whole amount (for a credit note: all of it has
  been set against invoices).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from reskontro.domain.money import check_ore
from reskontro.domain.vat import (
    Totals,
    VatCode,
    VatError,
    VatLine,
    VatRounding,
    line_net,
    vat_of,
)
from reskontro.errors import StateError, ValidationError
from reskontro.messages import Message

#: Payment terms used when neither a due date nor terms are given.
DEFAULT_TERMS_DAYS = 14


class InvoiceKind(enum.StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


class InvoiceError(enum.StrEnum):
    """What is wrong with an invoice or a credit (texts: :mod:`reskontro.i18n.invoicing`)."""

    LINE_NEEDS_TEXT = "invoice.line_needs_text"
    DUE_OR_TERMS = "invoice.due_or_terms"
    DUE_BEFORE_INVOICE_DATE = "invoice.due_before_invoice_date"
    TERMS_RANGE = "invoice.terms_range"
    WHOLLY_CREDITED = "invoice.wholly_credited"
    NO_SUCH_LINE = "invoice.no_such_line"
    CREDIT_QUANTITY = "invoice.credit_quantity_positive"
    CREDIT_TOO_MUCH = "invoice.credit_too_much"


class InvoiceStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    PARTIALLY_PAID = "partially_paid"
    PAID = "paid"
    CREDITED = "credited"


@dataclass(frozen=True, slots=True)
class LineDraft:
    """A line as a user writes it: unit prices are without VAT."""

    description: str
    quantity_milli: int
    unit_price_ore: int
    vat_code: VatCode

    def __post_init__(self) -> None:
        if not self.description.strip():
            raise ValidationError(Message.of(InvoiceError.LINE_NEEDS_TEXT), field="line")
        if self.quantity_milli == 0:
            raise ValidationError(Message.of(VatError.QUANTITY_ZERO), field="quantity")
        check_ore(self.unit_price_ore, field="unit_price")
        # The line's amount too (in whole numbers first: the product may be beyond
        # what the decimal arithmetic of line_net holds).
        check_ore(self.quantity_milli * self.unit_price_ore // 1000, field="quantity")

    @property
    def net_ore(self) -> int:
        return line_net(self.quantity_milli, self.unit_price_ore)


def due_date(
    issue_date: dt.date, *, due: dt.date | None = None, terms_days: int | None = None
) -> dt.date:
    """The due date from an explicit date or from payment terms in days."""
    if due is not None and terms_days is not None:
        raise ValidationError(Message.of(InvoiceError.DUE_OR_TERMS), field="due")
    if due is not None:
        if due < issue_date:
            raise ValidationError(
                Message.of(InvoiceError.DUE_BEFORE_INVOICE_DATE, due=due, invoice_date=issue_date),
                field="due",
            )
        return due
    days = DEFAULT_TERMS_DAYS if terms_days is None else terms_days
    if not 0 <= days <= 365:
        raise ValidationError(Message.of(InvoiceError.TERMS_RANGE, days=days), field="terms_days")
    return issue_date + dt.timedelta(days=days)


def status_of(
    *,
    issued: bool,
    kind: InvoiceKind,
    total_ore: int,
    paid_ore: int,
    credited_ore: int,
    open_ore: int,
) -> InvoiceStatus:
    """Derive the status shown to users from the stored amounts."""
    if not issued:
        return InvoiceStatus.DRAFT
    if kind is InvoiceKind.CREDIT_NOTE:
        # A credit note is "open" while some of it is still the customer's credit,
        # and "credited" once all of it has been set against invoices.
        return InvoiceStatus.OPEN if open_ore != 0 else InvoiceStatus.CREDITED
    if total_ore > 0 and credited_ore >= total_ore:
        return InvoiceStatus.CREDITED
    if open_ore == 0:
        return InvoiceStatus.PAID
    return InvoiceStatus.PARTIALLY_PAID if paid_ore > 0 else InvoiceStatus.OPEN


@dataclass(frozen=True, slots=True)
class CreditableLine:
    """A line of an issued invoice and how much of it credit notes already took back."""

    line_id: int
    position: int
    description: str
    quantity_milli: int
    unit_price_ore: int
    vat_code: VatCode
    credited_quantity_milli: int
    #: The line's net amount on the invoice, and how much of it credit notes took back
    #: (both positive).
    net_ore: int = 0
    credited_net_ore: int = 0

    @property
    def remaining_milli(self) -> int:
        return self.quantity_milli - self.credited_quantity_milli


def plan_credit(
    lines: tuple[CreditableLine, ...],
    requested: tuple[tuple[int, int], ...] | None,
) -> tuple[tuple[CreditableLine, int], ...]:
    """Which lines a credit note takes back, and how much of each (in thousandths).

    ``requested`` is ``None`` for "the rest of the whole invoice", else pairs of
    ``(line position, quantity_milli)``. Never more than is left on a line.
    """
    if requested is None:
        plan = tuple((line, line.remaining_milli) for line in lines if line.remaining_milli > 0)
        if not plan:
            raise StateError(Message.of(InvoiceError.WHOLLY_CREDITED))
        return plan
    by_position = {line.position: line for line in lines}
    wanted: dict[int, int] = {}
    for position, quantity in requested:
        if position not in by_position:
            raise ValidationError(
                Message.of(InvoiceError.NO_SUCH_LINE, line=position, lines=len(lines)),
                field="line",
            )
        if quantity <= 0:
            raise ValidationError(
                Message.of(InvoiceError.CREDIT_QUANTITY, line=position), field="line"
            )
        wanted[position] = wanted.get(position, 0) + quantity
    plan_list = []
    for position, quantity in sorted(wanted.items()):
        line = by_position[position]
        if quantity > line.remaining_milli:
            raise ValidationError(
                Message.of(
                    InvoiceError.CREDIT_TOO_MUCH,
                    line=position,
                    left=f"{line.remaining_milli / 1000:g}",
                    wanted=f"{quantity / 1000:g}",
                ),
                field="line",
            )
        plan_list.append((line, quantity))
    return tuple(plan_list)


def credit_amounts(
    lines: tuple[CreditableLine, ...],
    plan: tuple[tuple[CreditableLine, int], ...],
    invoice_vat: tuple[VatLine, ...],
    credited_vat: dict[VatCode, int],
    rounding: VatRounding = VatRounding.PER_RATE,
) -> tuple[tuple[int, ...], Totals]:
    """Net amount of each credited line and the credit note's totals (all negative).

    Credit notes round **cumulatively**: a line's credited net amount after this note
    is the rounded amount of all the quantity credited so far, and a rate's credited
    VAT is the rounded VAT of all the net credited so far at that rate (never more than
    the invoice's VAT at that rate). So no credit note is ever positive, and however an
    invoice is credited in parts, the parts add up to it exactly, to the øre.
    ``credited_vat`` is the VAT (positive) earlier credit notes took back per code.
    """
    del rounding  # cumulative rounding per code serves both invoice rounding rules
    nets = []
    for line, quantity in plan:
        remaining_net = line.net_ore - line.credited_net_ore
        if quantity == line.remaining_milli:
            nets.append(-remaining_net)
            continue
        after = line_net(line.credited_quantity_milli + quantity, line.unit_price_ore)
        nets.append(-min(max(after - line.credited_net_ore, 0), remaining_net))
    credited_net_before: dict[VatCode, int] = {}
    for line in lines:
        credited_net_before[line.vat_code] = (
            credited_net_before.get(line.vat_code, 0) + line.credited_net_ore
        )
    this_net: dict[VatCode, int] = {}
    for net, (line, _) in zip(nets, plan, strict=True):
        this_net[line.vat_code] = this_net.get(line.vat_code, 0) + net
    invoice_by_code = {v.code: v.vat_ore for v in invoice_vat}
    invoice_net_by_code = {v.code: v.net_ore for v in invoice_vat}
    summary = []
    for code in [c for c in VatCode if c in this_net]:
        before = credited_vat.get(code, 0)
        cumulative_net = credited_net_before.get(code, 0) - this_net[code]
        if cumulative_net == invoice_net_by_code.get(code, cumulative_net):
            vat_after = invoice_by_code.get(code, 0)
        else:
            vat_after = min(vat_of(cumulative_net, code), invoice_by_code.get(code, 0))
        summary.append(
            VatLine(code=code, net_ore=this_net[code], vat_ore=-max(vat_after - before, 0))
        )
    totals = Totals(
        by_code=tuple(summary),
        net_ore=sum(v.net_ore for v in summary),
        vat_ore=sum(v.vat_ore for v in summary),
    )
    return tuple(nets), totals
