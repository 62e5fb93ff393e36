"""How a company, a customer and an invoice are shown: the typed results the CLI's
``--json`` (through :func:`~reskontro.jsonable.to_jsonable`), the API and the templates
read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, TypeVar

from reskontro.domain.currency import in_nok, rate_text
from reskontro.domain.invoice import InvoiceKind, status_of

if TYPE_CHECKING:
    import datetime as dt

    from reskontro.domain.invoice import InvoiceStatus
    from reskontro.services.payments.charges import ChargeView
    from reskontro.storage.models import (
        Company,
        Customer,
        Invoice,
    )


#: A field left out of the JSON form when it is ``None``.
_OMIT_NONE: Final = {"omit_none": True}


@dataclass(frozen=True, slots=True)
class CompanyView:
    """A company (the seller) as every interface shows it."""

    id: int
    name: str
    org_number: str
    account: str
    vat_registered: bool
    foretaksregisteret: bool
    kid_enabled: bool
    kid_template: str
    kid_modulus: int
    kid_dash: str
    #: The KID digits (first, last; 1-based) that hold the AvtaleGiro customer number.
    avtalegiro_customer_position: tuple[int, int] | None
    unknown_kid_policy: str
    match_tolerance_ore: int
    #: The order a payment settles an invoice's parts in (fees, interest, principal).
    payment_order: str
    payment_terms_days: int
    send_on_issue: bool
    street: str | None
    postcode: str | None
    city: str | None
    country: str


@dataclass(frozen=True, slots=True)
class CompanyCard(CompanyView):
    """A company with the next numbers of its series."""

    next_invoice_number: int
    next_customer_number: int


@dataclass(frozen=True, slots=True)
class CompanyDetails(CompanyCard):
    """A company card with the free-text address and the owner's e-mail."""

    address: str | None
    email: str | None


#: A view of a company: :class:`CompanyView` or one that extends it.
C = TypeVar("C", bound=CompanyView)


def company_as(cls: type[C], company: Company, **more: Any) -> C:
    """``company`` as :class:`CompanyView` or a view that extends it (``cls``), with
    that view's own fields in ``more``."""
    first, last = company.avtalegiro_customer_first, company.avtalegiro_customer_last
    return cls(
        id=company.id,
        name=company.name,
        org_number=company.org_number,
        account=company.account,
        vat_registered=company.vat_registered,
        foretaksregisteret=company.foretaksregisteret,
        kid_enabled=company.kid_enabled,
        kid_template=company.kid_template,
        kid_modulus=company.kid_modulus,
        kid_dash=company.kid_dash,
        avtalegiro_customer_position=(
            (first, last) if first is not None and last is not None else None
        ),
        unknown_kid_policy=company.unknown_kid_policy,
        match_tolerance_ore=company.match_tolerance_ore,
        payment_order=company.payment_order,
        payment_terms_days=company.payment_terms_days,
        send_on_issue=company.send_on_issue,
        street=company.street,
        postcode=company.postcode,
        city=company.city,
        country=company.country,
        **more,
    )


def company_view(company: Company) -> CompanyView:
    return company_as(CompanyView, company)


def company_card(company: Company, *, next_invoice: int, next_customer: int) -> CompanyCard:
    return company_as(
        CompanyCard, company, next_invoice_number=next_invoice, next_customer_number=next_customer
    )


def company_details(company: Company, *, next_invoice: int, next_customer: int) -> CompanyDetails:
    return company_as(
        CompanyDetails,
        company,
        next_invoice_number=next_invoice,
        next_customer_number=next_customer,
        address=company.address,
        email=company.email,
    )


@dataclass(frozen=True, slots=True)
class CustomerRef:
    """A customer as an invoice or a ledger names it."""

    id: int
    company_id: int
    number: int
    name: str
    email: str | None
    org_number: str | None
    placeholder: bool


def customer_view(customer: Customer) -> CustomerRef:
    return CustomerRef(
        id=customer.id,
        company_id=customer.company_id,
        number=customer.number,
        name=customer.name,
        email=customer.email,
        org_number=customer.org_number,
        placeholder=customer.is_placeholder,
    )


def open_of(invoice: Invoice) -> int:
    """What is open of the invoice's principal."""
    return invoice.total_ore - invoice.settled_ore


def charges_open_of(invoice: Invoice) -> int:
    """What is open of the fees and interest charged on the invoice."""
    return (invoice.charges_ore or 0) - (invoice.charges_settled_ore or 0)


def owed_of(invoice: Invoice) -> int:
    """What the invoice's KID asks for: its principal, fees and interest still open."""
    return open_of(invoice) + charges_open_of(invoice)


def derive_status(invoice: Invoice) -> InvoiceStatus:
    """The status by the amounts: paid once the principal and the charges are settled
    (as :func:`reskontro.domain.settlement.invoice_status`)."""
    return status_of(
        issued=invoice.number is not None,
        kind=InvoiceKind(invoice.kind),
        total_ore=invoice.total_ore,
        paid_ore=invoice.paid_ore + (invoice.charges_paid_ore or 0),
        credited_ore=invoice.credited_ore,
        open_ore=owed_of(invoice),
    )


def refresh_status(invoice: Invoice) -> None:
    invoice.status = derive_status(invoice).value


@dataclass(frozen=True, slots=True)
class InvoiceLineView:
    position: int
    description: str
    #: The quantity as a number (``quantity_milli / 1000``).
    quantity: float
    quantity_milli: int
    unit_price_ore: int
    vat: str
    net_ore: int


@dataclass(frozen=True, slots=True)
class InvoiceView:
    """An invoice or a credit note as every interface shows it."""

    id: int
    kind: InvoiceKind
    number: int | None
    kid: str | None
    status: InvoiceStatus
    customer_number: int
    customer_name: str
    invoice_date: dt.date | None
    due_date: dt.date | None
    net_ore: int
    vat_ore: int
    total_ore: int
    #: ISO 4217; amounts are in its minor unit (øre for NOK).
    currency: str
    #: NOK per unit × 1 000 000 for a foreign-currency invoice, else ``None``.
    exchange_rate_micro: int | None
    exchange_rate: str | None
    #: The VAT in NOK at the invoice's rate (§ 5-1-1); ``None`` for a NOK invoice.
    vat_nok_ore: int | None
    #: Paid and open count the fees and interest charged on the invoice
    #: (docs/ledger.md): ``open_ore`` is what its KID asks for, 0 once it is paid.
    paid_ore: int
    credited_ore: int
    open_ore: int
    principal_open_ore: int
    charges_ore: int
    charges_open_ore: int
    credits_invoice_id: int | None
    #: The lines; ``None`` (and no ``lines`` key in JSON) where a list leaves them out.
    lines: tuple[InvoiceLineView, ...] | None = field(default=None, metadata=_OMIT_NONE)


#: A view of an invoice: :class:`InvoiceView` or one that extends it.
V = TypeVar("V", bound=InvoiceView)


@dataclass(frozen=True, slots=True)
class CreditNoteRef:
    id: int
    number: int | None
    total_ore: int


@dataclass(frozen=True, slots=True)
class DecodedKid:
    customer_number: int | None
    invoice_number: int | None


@dataclass(frozen=True, slots=True)
class InvoiceDetail(InvoiceView):
    """One invoice: its credit notes, and its KID read back by the template that made it."""

    credit_notes: tuple[CreditNoteRef, ...] = ()
    #: The fees and interest charged on it.
    charges: tuple[ChargeView, ...] = ()
    kid_template: str | None = field(default=None, metadata=_OMIT_NONE)
    kid_decoded: DecodedKid | None = field(default=None, metadata=_OMIT_NONE)


@dataclass(frozen=True, slots=True)
class InvoiceRow(InvoiceView):
    """An invoice in the web's and the API's list: overdue on the day it was listed."""

    overdue: bool = False


def line_views(invoice: Invoice) -> tuple[InvoiceLineView, ...]:
    return tuple(
        InvoiceLineView(
            position=line.position,
            description=line.description,
            quantity=line.quantity_milli / 1000,
            quantity_milli=line.quantity_milli,
            unit_price_ore=line.unit_price_ore,
            vat=line.vat_code,
            net_ore=line.net_ore,
        )
        for line in invoice.lines
    )


def invoice_as(
    cls: type[V], invoice: Invoice, customer: Customer, *, lines: bool, **more: Any
) -> V:
    """``invoice`` as :class:`InvoiceView` or a view that extends it (``cls``), with
    that view's own fields in ``more``."""
    return cls(
        id=invoice.id,
        kind=InvoiceKind(invoice.kind),
        number=invoice.number,
        kid=invoice.kid,
        status=derive_status(invoice),
        customer_number=customer.number,
        customer_name=customer.name,
        invoice_date=invoice.invoice_date,
        due_date=invoice.due_date,
        net_ore=invoice.net_ore,
        vat_ore=invoice.vat_ore,
        total_ore=invoice.total_ore,
        currency=invoice.currency,
        exchange_rate_micro=invoice.exchange_rate_micro,
        exchange_rate=rate_text(invoice.exchange_rate_micro) or None,
        # The VAT in NOK at the invoice's rate (§ 5-1-1); None for a NOK invoice.
        vat_nok_ore=(
            in_nok(invoice.vat_ore, invoice.exchange_rate_micro)
            if invoice.exchange_rate_micro is not None
            else None
        ),
        # paid_ore and open_ore count the fees and interest charged on the invoice
        # (docs/ledger.md): open_ore is what its KID asks for, 0 once it is paid.
        paid_ore=invoice.paid_ore + (invoice.charges_paid_ore or 0),
        credited_ore=invoice.credited_ore,
        open_ore=owed_of(invoice),
        principal_open_ore=open_of(invoice),
        charges_ore=invoice.charges_ore or 0,
        charges_open_ore=charges_open_of(invoice),
        credits_invoice_id=invoice.credits_invoice_id,
        lines=line_views(invoice) if lines else None,
        **more,
    )


def invoice_view(invoice: Invoice, customer: Customer, *, lines: bool = True) -> InvoiceView:
    return invoice_as(InvoiceView, invoice, customer, lines=lines)
