"""Whether a letter can reach a customer: by e-mail, or on paper at a postal address.
A letter that cannot be delivered is not produced, and a claim of a customer with
neither is not handed to a debt-collection agency."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.domain.delivery import PostalAddress
from reskontro.domain.followup import Decision, Skip
from reskontro.domain.followup_pace import PaceCode
from reskontro.messages import Message

if TYPE_CHECKING:
    from reskontro.storage.models import Customer


def postal_address(customer: Customer) -> str | None:
    """The customer's postal address on one line (the structured one, else the free
    text one), or None when it has none."""
    lines = PostalAddress(
        customer.street, customer.postcode, customer.city, customer.country
    ).lines()
    if lines:
        return ", ".join(lines)
    text = (customer.address or "").strip()
    return text or None


def reachable(customer: Customer) -> bool:
    return bool((customer.email or "").strip()) or postal_address(customer) is not None


def no_address(customer: Customer) -> tuple[Decision, Message]:
    """The skip of a letter that could not be delivered, and the run's warning."""
    decision = Decision(send=False, why=Message.of(PaceCode.NO_ADDRESS), skip=Skip.NO_ADDRESS)
    warning = Message.of(PaceCode.NO_ADDRESS_SKIPPED, customer=customer.number, name=customer.name)
    return decision, warning


def no_postal_address() -> Decision:
    return Decision(send=False, why=Message.of(PaceCode.HANDOFF_NO_ADDRESS), skip=Skip.NO_ADDRESS)


__all__ = ["no_address", "no_postal_address", "postal_address", "reachable"]
