"""What many issued invoices' PDFs state, read in a few queries.

The same facts as :func:`reskontro.services.followup.documents.printed_invoice` gives
one by one (the same :func:`~reskontro.services.followup.documents.document_of` builds
each), read for a whole batch: the invoices with their customers, companies and lines
in one query and one for the lines, then the VAT rows, the follow-up claims, the
credited originals and what AvtaleGiro knows, one query each. Only an invoice that
AvtaleGiro may draw is asked about on its own (a company with an agreement).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from reskontro.domain.avtalegiro import AgreementStatus
from reskontro.errors import ReskontroError
from reskontro.services.avtalegiro.status import invoice_status
from reskontro.services.followup.base import invoice_of
from reskontro.services.followup.documents import document_of, note_of
from reskontro.storage.models import Company, Customer, Invoice, InvoiceVat
from reskontro.storage.models_avtalegiro import AvtaleGiroAgreement, Claim
from reskontro.storage.models_followup import FollowupClaim

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from reskontro.formats.pdf import InvoiceDocument


@dataclasses.dataclass(frozen=True, slots=True)
class Printed:
    """One invoice of a batch: what its PDF states, with the rows it came from."""

    invoice: Invoice
    customer: Customer
    company: Company
    doc: InvoiceDocument


def printed_invoices(
    session: Session, wanted: Sequence[tuple[int, int]], now: dt.datetime
) -> dict[int, Printed | ReskontroError]:
    """For each ``(company_id, invoice_id)``: what its PDF states, or the error
    ``printed_invoice`` would raise (not the company's, a draft), by invoice id."""
    ids = [invoice_id for _, invoice_id in wanted]
    rows = session.execute(
        select(Invoice, Customer, Company)
        .join(Customer, Customer.id == Invoice.customer_id)
        .join(Company, Company.id == Invoice.company_id)
        .where(Invoice.id.in_(ids))
        .options(selectinload(Invoice.lines))
    ).all()
    found = {invoice.id: (invoice, customer, company) for invoice, customer, company in rows}
    vat: defaultdict[int, list[InvoiceVat]] = defaultdict(list)
    for row in session.scalars(select(InvoiceVat).where(InvoiceVat.invoice_id.in_(ids))):
        vat[row.invoice_id].append(row)
    claims = {
        c.invoice_id: c
        for c in session.scalars(select(FollowupClaim).where(FollowupClaim.invoice_id.in_(ids)))
    }
    credited = {inv.credits_invoice_id for inv, _, _ in rows if inv.credits_invoice_id}
    originals = (
        {o.id: o for o in session.scalars(select(Invoice).where(Invoice.id.in_(credited)))}
        if credited
        else {}
    )
    drawn_maybe = _avtalegiro(session, [inv for inv, _, _ in rows])
    out: dict[int, Printed | ReskontroError] = {}
    for company_id, invoice_id in wanted:
        try:
            invoice = invoice_of(session, company_id, invoice_id)  # in the session already
            _, customer, company = found[invoice_id]
            original = originals.get(invoice.credits_invoice_id or 0)
            note = note_of(claims.get(invoice_id), customer)
            doc = document_of(company, invoice, customer, note, vat[invoice_id], original)
            if invoice_id in drawn_maybe:
                status = invoice_status(session, invoice, now)
                if status is not None and status.drawn:
                    doc = dataclasses.replace(doc, avtalegiro=True)
            out[invoice_id] = Printed(invoice, customer, company, doc)
        except ReskontroError as exc:
            out[invoice_id] = exc
    return out


def _avtalegiro(session: Session, invoices: Sequence[Invoice]) -> set[int]:
    """The invoices AvtaleGiro may draw: those with a claim, and those of a company
    with an active agreement (:func:`invoice_status` answers None for the rest)."""
    if not invoices:
        return set()
    ids = [inv.id for inv in invoices]
    companies = {inv.company_id for inv in invoices}
    active = set(
        session.scalars(
            select(AvtaleGiroAgreement.company_id).where(
                AvtaleGiroAgreement.company_id.in_(companies),
                AvtaleGiroAgreement.status == AgreementStatus.ACTIVE.value,
            )
        )
    )
    claimed = set(session.scalars(select(Claim.invoice_id).where(Claim.invoice_id.in_(ids))))
    return {inv.id for inv in invoices if inv.id in claimed or inv.company_id in active}


__all__ = ["Printed", "printed_invoices"]
