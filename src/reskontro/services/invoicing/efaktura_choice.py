""" "Send som eFaktura hvis mulig" for bulk and recurring invoicing.

Before a run issues, the private customers it invoices who do not have eFaktura on
their card are looked up in the eFaktura 2.0 register
(:func:`reskontro.services.delivery.efaktura.efaktura_if_possible_many`: answers
younger than a day are used as they are, the rest asked in batches, so nobody is
asked twice in a run); those who can receive eFaktura get it on the card, and their
invoice is then sent as eFaktura by the delivery queued on issue. Nothing is switched
when the run's invoices would break one of MPS' rules (a due date less than three
days away, say): they go by the customer's own method. The register being down
switches nobody and stops nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from reskontro.domain.delivery import CustomerKind, DeliveryMethod
from reskontro.domain.efaktura import CURRENCY, InvoiceFacts, Rule, broken_rule
from reskontro.errors import ValidationError
from reskontro.services.delivery.efaktura import efaktura_if_possible_many

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from reskontro.clock import Clock
    from reskontro.storage.models import Company, Customer, Invoice

#: Customers per look-up call.
BATCH = 500


def run_may_use_efaktura(
    company: Company, *, issue_date: dt.date, terms_days: int | None, amount_ore: int,
    today: dt.date,
) -> bool:  # fmt: skip
    """Whether invoices of this run would pass MPS' rules (their number is given on
    issue; the KID too, when the company uses one)."""
    terms = company.payment_terms_days if terms_days is None else terms_days
    facts = InvoiceFacts(
        send_date=today,
        due_date=issue_date + dt.timedelta(days=terms),
        currency=CURRENCY,
        amount_ore=amount_ore,
        kid=None,
        invoice_number="1",
        billing_account=company.account,
    )
    return broken_rule(facts) is None


def switch_where_possible(
    session: Session,
    company: Company,
    customers: Sequence[Customer],
    *,
    issue_date: dt.date,
    terms_days: int | None,
    amount_ore: int,
    clock: Clock,
    actor: str,
) -> int:
    """Look up the run's private customers and switch those who can receive eFaktura
    (in the caller's transaction); the number looked at."""
    if not run_may_use_efaktura(
        company, issue_date=issue_date, terms_days=terms_days, amount_ore=amount_ore,
        today=clock.today(),
    ):  # fmt: skip
        return 0
    ids = [
        c.id
        for c in customers
        if c.kind == CustomerKind.PERSON and c.delivery_method != DeliveryMethod.EFAKTURA
    ]
    for at in range(0, len(ids), BATCH):
        efaktura_if_possible_many(
            session, company.id, ids[at : at + BATCH], now=clock.now(), actor=actor
        )
    return len(ids)


#: The invoice form's field a broken rule is about.
RULE_FIELDS = {Rule.DUE_TOO_SOON: "due_date", Rule.DUE_TOO_LATE: "due_date",
               Rule.NOT_NOK: "currency"}  # fmt: skip


def check_chosen(company: Company, invoice: Invoice, today: dt.date) -> None:
    """Issuing one invoice with "Send som eFaktura" chosen (the new-invoice form, a
    draft's page, the API): an invoice that breaks one of MPS' rules is not issued, and
    the rule names itself (:class:`ValidationError`, the caller's transaction rolls
    back)."""
    from reskontro.services.delivery.efaktura_send import invoice_facts

    problem = broken_rule(invoice_facts(company, invoice, today))
    if problem is not None:
        raise ValidationError(problem, field=RULE_FIELDS.get(Rule(problem.code)))


__all__ = ["check_chosen", "run_may_use_efaktura", "switch_where_possible"]
