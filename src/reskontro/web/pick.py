"""Choosing a customer in a form: by number, name or organisation number.

The pages offer the customers in a ``<datalist>`` (``"10001 Kari Nordmann"``, the
organisation number as its label) so the browser searches them as the user types;
what comes back is read here. There is no default: an empty choice is an error
beside the field, never the first customer of the list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reskontro.errors import ValidationError
from reskontro.messages import Message
from reskontro.services.invoicing import customers as customer_cards
from reskontro.web.codes import WebCode

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reskontro.services.invoicing.customers import CustomerView
    from reskontro.web.deps import Services


def real_customers(svc: Services, company_id: int) -> list[CustomerView]:
    """The company's customers but the placeholder ("Betaling med ukjent KID")."""
    return [c for c in customer_cards.listing(svc.sessions, company_id) if not c.placeholder]


def choose(text: str, customers: Sequence[CustomerView], field: str = "customer") -> int:
    """The number of the one customer ``text`` names, else a :class:`ValidationError`
    on ``field``: a number (``10001``, or the list's ``10001 Kari Nordmann``), an
    organisation number, or part of a name that only one customer has.

    >>> from types import SimpleNamespace as C
    >>> people = [C(number=10001, name="Kari Nordmann", org_number=None),
    ...           C(number=10002, name="Ola Nordmann", org_number="123456785")]
    >>> choose("10001 Kari Nordmann", people), choose("kari", people)
    (10001, 10001)
    >>> choose("123456785", people)
    10002
    >>> choose("nordmann", people)
    Traceback (most recent call last):
    ...
    reskontro.errors.ValidationError: 2 customers match "nordmann"; choose one from the list
    """
    text = " ".join(text.split())
    if not text:
        raise ValidationError(Message.of(WebCode.CHOOSE_CUSTOMER), field=field)
    head = text.split(" ", 1)[0]
    if head.isdigit():
        by_number = [c for c in customers if str(c.number) == head]
        by_org = [c for c in customers if c.org_number == head]
        found = by_number or by_org
    else:
        needle = text.casefold()
        found = [c for c in customers if needle in c.name.casefold()]
        exact = [c for c in found if c.name.casefold() == needle]
        found = exact or found
    if len(found) == 1:
        return found[0].number
    if not found:
        raise ValidationError(Message.of(WebCode.NO_CUSTOMER_MATCH, text=text), field=field)
    raise ValidationError(
        Message.of(WebCode.MANY_CUSTOMERS_MATCH, n=len(found), text=text), field=field
    )


def chosen(
    form: dict[str, object], customers: Sequence[CustomerView], name: str = "customer"
) -> int:
    """The customer chosen in the list ``name``, else the one its search box
    (``name_q``) names; neither is an error beside ``name``."""
    picked = str(form.get(name) or "").strip()
    text = picked or str(form.get(f"{name}_q") or "")
    return choose(text, customers, field=name)
