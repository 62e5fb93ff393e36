"""Customers: create, change and read the customer card.

Each function is one use case in one transaction and returns a :class:`CustomerView`.
The card's fields are checked by the pure functions of :mod:`reskontro.domain.delivery`
(Peppol id, postcode, e-mail, country).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import select

from reskontro.domain import kid as kidlib
from reskontro.domain.company import validate_org_number
from reskontro.domain.delivery import (
    CardError,
    CustomerKind,
    DeliveryMethod,
    PostalAddress,
    first_method,
    parse_peppol_id,
    peppol_id_of,
    validate_country,
    validate_email,
    validate_postcode,
)
from reskontro.errors import Conflict, NotFound, ValidationError
from reskontro.messages import Message
from reskontro.services import audit
from reskontro.services.delivery.peppol import participant_of
from reskontro.services.invoicing.base import Base
from reskontro.services.invoicing.codes import InvoicingError
from reskontro.services.invoicing.numbering import CUSTOMER_SERIES, take_number
from reskontro.storage.models import Company, Customer, NumberSeries
from reskontro.storage.repo import LookupCode, customer_by_number, template_of

if TYPE_CHECKING:
    import datetime as dt

    from sqlalchemy.orm import Session, sessionmaker

    from reskontro.clock import Clock


_E = TypeVar("_E", CustomerKind, DeliveryMethod)


@dataclass(frozen=True, slots=True)
class CustomerView:
    """A customer card as every interface shows it."""

    id: int
    company_id: int
    number: int
    name: str
    kind: CustomerKind
    email: str | None
    invoice_email: str | None
    org_number: str | None
    #: The old free-text address (shown when the structured one is empty).
    address: str | None
    street: str | None
    postcode: str | None
    city: str | None
    country: str
    language: str
    delivery_method: DeliveryMethod
    peppol_id: str | None
    buyer_reference: str | None
    peppol_can_receive: bool | None
    peppol_checked_at: dt.datetime | None
    placeholder: bool

    @property
    def postal_address(self) -> PostalAddress:
        return PostalAddress(self.street, self.postcode, self.city, self.country)

    @property
    def send_to_email(self) -> str | None:
        """Where invoices go by e-mail: the invoice address, else the contact one."""
        return self.invoice_email or self.email

    def as_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)


#: The fields of a view that the customer row holds under the same name, as they are.
_AS_STORED = tuple(
    f.name
    for f in dataclasses.fields(CustomerView)
    if f.name not in {"kind", "delivery_method", "placeholder"}
)


def view_of(customer: Customer) -> CustomerView:
    return CustomerView(
        **{name: getattr(customer, name) for name in _AS_STORED},
        kind=CustomerKind(customer.kind),
        delivery_method=DeliveryMethod(customer.delivery_method),
        placeholder=customer.is_placeholder,
    )


@dataclass(frozen=True, slots=True)
class CardChanges:
    """Fields of a card to set. ``None`` leaves a field as it is; ``""`` clears an
    optional one."""

    name: str | None = None
    kind: CustomerKind | str | None = None
    email: str | None = None
    invoice_email: str | None = None
    org_number: str | None = None
    address: str | None = None
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    country: str | None = None
    language: str | None = None
    delivery_method: DeliveryMethod | str | None = None
    peppol_id: str | None = None
    buyer_reference: str | None = None


def _enum(kind: type[_E], value: str, field: str) -> _E:
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(kind)
        message = Message.of(CardError.BAD_CHOICE, value=value, choices=choices)
        raise ValidationError(message, field=field) from None


def _optional(value: str | None, check: Any = None) -> str | None:
    text = value.strip() if value is not None else None
    if not text:
        return None
    return check(text) if check else text


def apply_changes(customer: Customer, changes: CardChanges) -> None:
    """Check ``changes`` and write them on ``customer`` (only the fields given)."""
    if changes.name is not None:
        if not changes.name.strip():
            raise ValidationError(Message.of(CardError.NAME_MISSING), field="name")
        customer.name = changes.name.strip()
    if changes.kind is not None:
        customer.kind = _enum(CustomerKind, changes.kind, "kind").value
    if changes.language is not None:
        if changes.language not in {"nb", "en"}:
            message = Message.of(CardError.BAD_LANGUAGE, value=changes.language)
            raise ValidationError(message, field="language")
        customer.language = changes.language
    if changes.delivery_method is not None:
        method = _enum(DeliveryMethod, changes.delivery_method, "delivery_method")
        customer.delivery_method = method.value
    if changes.country is not None:
        customer.country = validate_country(changes.country or "NO")
    optional = {
        "email": lambda t: validate_email(t, field="email"),
        "invoice_email": lambda t: validate_email(t, field="invoice_email"),
        "org_number": validate_org_number,
        "address": None,
        "street": None,
        "city": None,
        "postcode": lambda t: validate_postcode(customer.country, t),
        "buyer_reference": None,
    }
    for name, check in optional.items():
        value = getattr(changes, name)
        if value is not None:
            setattr(customer, name, _optional(value, check))
    if changes.peppol_id is not None:
        new_id = _optional(changes.peppol_id, parse_peppol_id)
        if new_id != customer.peppol_id:
            customer.peppol_can_receive = None
            customer.peppol_checked_at = None
        customer.peppol_id = new_id
    if (
        customer.delivery_method == DeliveryMethod.EHF
        and customer.peppol_id is None
        and customer.org_number
    ):
        customer.peppol_id = peppol_id_of(customer.org_number)


def create(
    sessions: sessionmaker[Session],
    clock: Clock,
    company_id: int,
    card: CardChanges,
    *,
    number: int | None = None,
    actor: str,
    placeholder: bool = False,
) -> CustomerView:
    """A new customer, numbered from the company's series unless ``number`` is given;
    without a delivery method on ``card``, the one :func:`_choose_method` chooses."""
    if not (card.name or "").strip():
        raise ValidationError(Message.of(CardError.NAME_MISSING), field="name")
    now = clock.now()
    customer = Customer(
        company_id=company_id,
        name="",
        language="nb",
        kind=CustomerKind.BUSINESS.value,
        country="NO",
        delivery_method=DeliveryMethod.EMAIL.value,
        is_placeholder=placeholder,
        created_at=now,
    )
    apply_changes(customer, card)
    if card.delivery_method is None:
        _choose_method(customer)
    with sessions.begin() as session:
        company = session.get(Company, company_id)
        if company is None:
            raise NotFound(Message.of(LookupCode.NO_COMPANY, id=company_id))
        customer.number = _number(session, company, number, placeholder=placeholder)
        session.add(customer)
        session.flush()
        view = view_of(customer)
        audit.record(
            session,
            at=now,
            actor=actor,
            action="customer.create",
            object_type="customer",
            object_id=customer.id,
            company_id=company_id,
            after=view.as_dict(),
        )
        return view


def _choose_method(customer: Customer) -> None:
    """Give a new card that names no delivery method :func:`first_method`'s (the CLI's
    ``customer create``, the web's new-customer form and the API all come here)."""
    participant = participant_of(customer)
    method = first_method(email=customer.invoice_email or customer.email, participant=participant)
    customer.delivery_method = method.value
    if method is DeliveryMethod.EHF:
        customer.peppol_id = participant


def _number(session: Session, company: Company, number: int | None, *, placeholder: bool) -> int:
    if number is None:
        number = take_number(session, company.id, CUSTOMER_SERIES)
    else:
        if number < 1:
            raise ValidationError(Message.of(CardError.NUMBER_POSITIVE), field="number")
        series = session.get(NumberSeries, (company.id, CUSTOMER_SERIES))
        if series is not None and number >= series.next_value:
            series.next_value = number + 1
    template = template_of(company)
    limit = template.max_number(kidlib.Part.CUSTOMER)
    if company.kid_enabled and limit is not None and number > limit and not placeholder:
        raise ValidationError(
            Message.of(
                InvoicingError.CUSTOMER_NUMBER_TOO_WIDE,
                number=number,
                digits=template.width_of(kidlib.Part.CUSTOMER),
            ),
            field="number",
        )
    taken = session.execute(
        select(Customer.id).where(Customer.company_id == company.id, Customer.number == number)
    ).scalar_one_or_none()
    if taken is not None:
        raise Conflict(
            Message.of(InvoicingError.CUSTOMER_NUMBER_TAKEN, number=number), field="number"
        )
    return number


def update(
    sessions: sessionmaker[Session],
    clock: Clock,
    company_id: int,
    number: int,
    changes: CardChanges,
    *,
    actor: str,
) -> CustomerView:
    """Change the card of customer ``number``; the audit log keeps before and after."""
    now = clock.now()
    with sessions.begin() as session:
        customer = customer_by_number(session, company_id, number)
        if customer.is_placeholder:
            raise ValidationError(Message.of(CardError.PLACEHOLDER, number=number))
        before = view_of(customer)
        apply_changes(customer, changes)
        session.flush()
        after = view_of(customer)
        if after != before:
            audit.record(
                session,
                at=now,
                actor=actor,
                action="customer.update",
                object_type="customer",
                object_id=customer.id,
                company_id=company_id,
                before=before.as_dict(),
                after=after.as_dict(),
            )
        return after


def get(sessions: sessionmaker[Session], company_id: int, number: int) -> CustomerView:
    with sessions() as session:
        return view_of(customer_by_number(session, company_id, number))


def get_by_id(session: Session, customer_id: int) -> CustomerView:
    return view_of(session.get_one(Customer, customer_id))


def listing(sessions: sessionmaker[Session], company_id: int) -> list[CustomerView]:
    with sessions() as session:
        rows = session.scalars(
            select(Customer).where(Customer.company_id == company_id).order_by(Customer.number)
        )
        return [view_of(c) for c in rows]


class CustomerCases(Base):
    """The customer use cases as the ledger object offers them."""

    def create_customer(
        self,
        company_id: int,
        *,
        name: str,
        number: int | None = None,
        email: str | None = None,
        org_number: str | None = None,
        address: str | None = None,
        language: str = "nb",
        actor: str,
        placeholder: bool = False,
        **card: Any,
    ) -> CustomerView:
        """Delegates to :func:`create`; ``card``
        takes the other fields of :class:`CardChanges`."""
        changes = CardChanges(
            name=name,
            email=email,
            org_number=org_number,
            address=address,
            language=language,
            **card,
        )
        return create(
            self.sessions,
            self.clock,
            company_id,
            changes,
            number=number,
            actor=actor,
            placeholder=placeholder,
        )

    def customers(self, company_id: int) -> list[CustomerView]:
        return listing(self.sessions, company_id)

    def customer(self, company_id: int, number: int) -> CustomerView:
        return get(self.sessions, company_id, number)
