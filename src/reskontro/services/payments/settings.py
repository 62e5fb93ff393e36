"""The company's payment settings: the unknown-KID policy and the small-difference
tolerance, and the placeholder customer "Betaling med ukjent KID"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from reskontro.domain.matching import UnknownKidPolicy
from reskontro.domain.payment import PaymentError
from reskontro.errors import NotFound, ValidationError
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.storage.models import Company, Customer
from reskontro.storage.repo import LookupCode

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock

#: The placeholder customer's number: outside any series, never invoiced.
PLACEHOLDER_NUMBER = 999_999_999
PLACEHOLDER_CUSTOMER_NAME = "Betaling med ukjent KID"


@dataclass(frozen=True, slots=True)
class PaymentPolicy:
    """What to do with a payment whose KID names no invoice, and the tolerance."""

    policy: UnknownKidPolicy
    tolerance_ore: int


def set_policy(
    sessions: sessionmaker[Session],
    clock: Clock,
    company_id: int,
    *,
    policy: str | None = None,
    tolerance_ore: int | None = None,
    actor: str,
) -> PaymentPolicy:
    """Change the unknown-KID policy and the small-difference tolerance."""
    now = clock.now()
    with sessions.begin() as session:
        company = session.get(Company, company_id)
        if company is None:
            raise NotFound(Message.of(LookupCode.NO_COMPANY, id=company_id))
        before = {
            "policy": company.unknown_kid_policy,
            "tolerance_ore": company.match_tolerance_ore,
        }
        if policy is not None:
            try:
                company.unknown_kid_policy = UnknownKidPolicy(policy).value
            except ValueError:
                allowed = ", ".join(p.value for p in UnknownKidPolicy)
                raise ValidationError(
                    Message.of(PaymentError.POLICY_VALUES, allowed=allowed), field="unknown_kid"
                ) from None
        if tolerance_ore is not None:
            if tolerance_ore < 0:
                raise ValidationError(
                    Message.of(PaymentError.NEGATIVE_TOLERANCE), field="tolerance"
                )
            company.match_tolerance_ore = tolerance_ore
        after = PaymentPolicy(
            UnknownKidPolicy(company.unknown_kid_policy), company.match_tolerance_ore
        )
        audit.record(
            session, at=now, actor=actor, action="company.payment_policy", object_type="company",
            object_id=company_id, company_id=company_id, before=before,
            after={"policy": after.policy.value, "tolerance_ore": after.tolerance_ore},
        )  # fmt: skip
        return after


def ensure_placeholder(session: Session, company_id: int, now: dt.datetime) -> int:
    """The company's placeholder customer "Betaling med ukjent KID", made on first use."""
    found = session.execute(
        select(Customer.id).where(Customer.company_id == company_id, Customer.is_placeholder)
    ).scalar_one_or_none()
    if found is not None:
        return int(found)
    customer = Customer(
        company_id=company_id,
        number=PLACEHOLDER_NUMBER,
        name=PLACEHOLDER_CUSTOMER_NAME,
        language="nb",
        is_placeholder=True,
        created_at=now,
    )
    session.add(customer)
    session.flush()
    return customer.id


__all__ = ["PLACEHOLDER_NUMBER", "PaymentPolicy", "ensure_placeholder", "set_policy"]
