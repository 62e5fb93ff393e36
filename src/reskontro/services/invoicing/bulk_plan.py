"""Planning a bulk run: which customers, and what each would get (total, how it will
be delivered, or the rule that refuses it). The preview shows it and the run stores
it as its items (:mod:`.bulk`): one computation for both."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain.delivery import DeliveryMethod
from reskontro.domain.vat import VatRounding, compute_totals, line_net
from reskontro.errors import NotFound, ValidationError
from reskontro.messages import Message
from reskontro.services.invoicing.codes import BulkError
from reskontro.services.invoicing.issue import issue_refusal, send_refusal
from reskontro.storage.models import Customer
from reskontro.storage.models_invoicing import CustomerGroup, CustomerGroupMember

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping, Sequence

    from sqlalchemy.orm import Session

    from reskontro.domain.invoice import LineDraft
    from reskontro.storage.models import Company


@dataclass(frozen=True, slots=True)
class Selection:
    """Which customers: all, a group (by name), or a list of customer numbers."""

    all: bool = False
    group: str | None = None
    numbers: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class PlannedItem:
    customer_id: int
    customer: int
    name: str
    total_ore: int
    #: How it will be delivered (None when the company does not send on issue).
    method: DeliveryMethod | None
    refused: Message | None


@dataclass(frozen=True, slots=True)
class Preview:
    invoices: int
    total_ore: int
    by_method: dict[str, int]
    refused: int
    items: tuple[PlannedItem, ...]


def _customers(session: Session, company_id: int, selection: Selection) -> list[Customer]:
    query = select(Customer).where(
        Customer.company_id == company_id, Customer.is_placeholder.is_(False)
    )
    if selection.group is not None:
        group = session.scalars(
            select(CustomerGroup).where(
                CustomerGroup.company_id == company_id, CustomerGroup.name == selection.group
            )
        ).first()
        if group is None:
            raise NotFound(Message.of(BulkError.NO_GROUP, group=selection.group), field="group")
        members = select(CustomerGroupMember.customer_id).where(
            CustomerGroupMember.group_id == group.id
        )
        query = query.where(Customer.id.in_(members))
    elif selection.numbers:
        query = select(Customer).where(
            Customer.company_id == company_id, Customer.number.in_(selection.numbers)
        )
    elif not selection.all:
        raise ValidationError(Message.of(BulkError.NO_SELECTION), field="customers")
    found = list(session.scalars(query.order_by(Customer.number)))
    missing = set(selection.numbers) - {c.number for c in found}
    if missing:
        raise NotFound(Message.of(BulkError.NO_CUSTOMER, customer=min(missing)), field="customers")
    return found


def total_of(company: Company, lines: Sequence[LineDraft]) -> int:
    pairs = [(line_net(x.quantity_milli, x.unit_price_ore), x.vat_code) for x in lines]
    return compute_totals(pairs, VatRounding(company.vat_rounding)).gross_ore


def plan_one(
    company: Company, customer: Customer, lines: list[LineDraft], today: dt.date
) -> PlannedItem:
    """What one customer of a run gets: the preview and the run both ask this."""
    method = DeliveryMethod(customer.delivery_method) if company.send_on_issue else None
    refused = issue_refusal(company, customer, lines)
    if refused is None and method is not None:
        refused = send_refusal(customer, method, today)
    return PlannedItem(
        customer.id, customer.number, customer.name, total_of(company, lines), method, refused
    )


def _chosen(selection: Selection) -> bool:
    return selection.all or selection.group is not None or bool(selection.numbers)


def chosen_customers(
    session: Session, company_id: int, selection: Selection,
    per_customer: Mapping[int, Sequence[LineDraft]] | None = None,
) -> list[Customer]:  # fmt: skip
    """The run's customers in number order: the selection's, and with lines per
    customer (a CSV file) the file's customers too (the file alone may choose them)."""
    extra = per_customer or {}
    customers = (
        _customers(session, company_id, selection) if _chosen(selection) or not extra else []
    )
    missing = tuple(sorted(set(extra) - {c.number for c in customers}))
    if missing:
        customers.extend(_customers(session, company_id, Selection(numbers=missing)))
        customers.sort(key=lambda c: c.number)
    return customers


def plan_items(
    session: Session, company: Company, selection: Selection, lines: list[LineDraft],
    today: dt.date, per_customer: Mapping[int, Sequence[LineDraft]] | None = None,
    customers: Sequence[Customer] | None = None,
) -> list[PlannedItem]:  # fmt: skip
    """Every chosen customer's item; with lines per customer (a CSV file), each gets
    the common lines and then its own."""
    extra = per_customer or {}
    if customers is None:
        customers = chosen_customers(session, company.id, selection, per_customer)
    return [plan_one(company, c, [*lines, *extra.get(c.number, ())], today) for c in customers]


def preview_of(items: Sequence[PlannedItem]) -> Preview:
    ok = [i for i in items if i.refused is None]
    by_method: dict[str, int] = {}
    for item in ok:
        key = item.method.value if item.method is not None else "none"
        by_method[key] = by_method.get(key, 0) + 1
    return Preview(
        invoices=len(ok),
        total_ore=sum(i.total_ore for i in ok),
        by_method=by_method,
        refused=len(items) - len(ok),
        items=tuple(items),
    )


__all__ = [
    "PlannedItem",
    "Preview",
    "Selection",
    "chosen_customers",
    "plan_items",
    "plan_one",
    "preview_of",
    "total_of",
]
