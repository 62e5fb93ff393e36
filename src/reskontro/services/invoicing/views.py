"""How a company, a customer and an invoice are shown (the dict forms the CLI prints)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reskontro.domain.invoice import (
    InvoiceKind,
    status_of,
)

if TYPE_CHECKING:
    from reskontro.domain.invoice import (
        InvoiceStatus,
    )
    from reskontro.storage.models import (
        Company,
        Customer,
        Invoice,
    )


def company_view(company: Company) -> dict[str, Any]:
    return {
        "id": company.id,
        "name": company.name,
        "org_number": company.org_number,
        "account": company.account,
        "vat_registered": company.vat_registered,
        "foretaksregisteret": company.foretaksregisteret,
        "kid_enabled": company.kid_enabled,
        "kid_template": company.kid_template,
        "kid_modulus": company.kid_modulus,
        "kid_dash": company.kid_dash,
        "avtalegiro_customer_position": (
            [company.avtalegiro_customer_first, company.avtalegiro_customer_last]
            if company.avtalegiro_customer_first is not None
            else None
        ),
        "unknown_kid_policy": company.unknown_kid_policy,
        "match_tolerance_ore": company.match_tolerance_ore,
        "payment_terms_days": company.payment_terms_days,
        "send_on_issue": company.send_on_issue,
        "street": company.street,
        "postcode": company.postcode,
        "city": company.city,
        "country": company.country,
    }


def customer_view(customer: Customer) -> dict[str, Any]:
    return {
        "id": customer.id,
        "company_id": customer.company_id,
        "number": customer.number,
        "name": customer.name,
        "email": customer.email,
        "org_number": customer.org_number,
        "placeholder": customer.is_placeholder,
    }


def open_of(invoice: Invoice) -> int:
    return invoice.total_ore - invoice.settled_ore


def derive_status(invoice: Invoice) -> InvoiceStatus:
    return status_of(
        issued=invoice.number is not None,
        kind=InvoiceKind(invoice.kind),
        total_ore=invoice.total_ore,
        paid_ore=invoice.paid_ore,
        credited_ore=invoice.credited_ore,
        open_ore=open_of(invoice),
    )


def refresh_status(invoice: Invoice) -> None:
    invoice.status = derive_status(invoice).value


def invoice_view(invoice: Invoice, customer: Customer, *, lines: bool = True) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": invoice.id,
        "kind": invoice.kind,
        "number": invoice.number,
        "kid": invoice.kid,
        "status": derive_status(invoice).value,
        "customer_number": customer.number,
        "customer_name": customer.name,
        "invoice_date": invoice.invoice_date.isoformat() if invoice.invoice_date else None,
        "due_date": invoice.due_date.isoformat() if invoice.due_date else None,
        "net_ore": invoice.net_ore,
        "vat_ore": invoice.vat_ore,
        "total_ore": invoice.total_ore,
        "paid_ore": invoice.paid_ore,
        "credited_ore": invoice.credited_ore,
        "open_ore": open_of(invoice),
        "credits_invoice_id": invoice.credits_invoice_id,
    }
    if lines:
        view["lines"] = [
            {
                "position": line.position,
                "description": line.description,
                "quantity": line.quantity_milli / 1000,
                "quantity_milli": line.quantity_milli,
                "unit_price_ore": line.unit_price_ore,
                "vat": line.vat_code,
                "net_ore": line.net_ore,
            }
            for line in invoice.lines
        ]
    return view
